"""Put a narration track beside a rendered picture without re-encoding the picture.

The video packets are copied as they are; the audio is encoded once — AAC in MP4, Opus in
WebM, 16-bit PCM in MOV (what editors take beside ProRes) — at 48 kHz stereo, cut or padded
to the picture's exact length, and interleaved with the video by time. MP4 and MOV get their
index first (``movflags=+faststart``, as :func:`mnemo_anim.render.encode.faststart_remux`
writes them), checked with :func:`~mnemo_anim.render.encode.moov_before_mdat`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from mnemo_anim.audio import pcm
from mnemo_anim.errors import RenderError
from mnemo_anim.render.encode import moov_before_mdat

# container → (audio encoder, its sample format, bit rate)
AUDIO_CODECS: dict[str, tuple[str, str, int]] = {
    "mp4": ("aac", "fltp", 160_000),
    "webm": ("libopus", "flt", 128_000),
    "mov": ("pcm_s16le", "s16", 0),
}
FASTSTART = {"movflags": "+faststart"}


@dataclass(frozen=True)
class Muxed:
    """A finished file with picture and sound, and both lengths as a decoder reports them."""

    path: Path
    video_duration: float
    audio_duration: float


def container_of(path: Path) -> str:
    """``mp4``, ``webm`` or ``mov`` from a file name; raises ``ValueError`` for others."""
    kind = Path(path).suffix.lower().lstrip(".")
    if kind not in AUDIO_CODECS:
        raise ValueError(f"cannot add sound to a .{kind} file; give mp4, webm or mov")
    return kind


def stereo(track: np.ndarray) -> np.ndarray:
    """A mono track (n or 1 × n) as two identical channels (2 × n); 2 × n as it is."""
    data = np.asarray(track, dtype=np.float32)
    data = data[None, :] if data.ndim == 1 else data
    return np.repeat(data, 2, axis=0) if data.shape[0] == 1 else data


def fit(track: np.ndarray, seconds: float, rate: int = pcm.RATE) -> np.ndarray:
    """``track`` (channels × n) cut or padded with silence to ``seconds`` exactly."""
    want = round(seconds * rate)
    out = np.zeros((track.shape[0], want), np.float32)
    out[:, : min(want, track.shape[1])] = track[:, :want]
    return out


def add_audio_stream(container: Any, kind: str) -> Any:
    """A 48 kHz stereo audio stream of the codec that goes with ``kind``."""
    codec, _, bit_rate = AUDIO_CODECS[kind]
    stream = container.add_stream(codec, rate=pcm.RATE, layout="stereo")
    if bit_rate:
        stream.bit_rate = bit_rate
    return stream


def encode_audio(stream: Any, track: np.ndarray, kind: str) -> list[av.Packet]:
    """Encode ``track`` (2 × n float32, 48 kHz) into packets of ``stream``."""
    _, sample_format, _ = AUDIO_CODECS[kind]
    size = stream.codec_context.frame_size or 1024  # PCM has no frame size of its own
    resampler = av.AudioResampler(format=sample_format, layout="stereo", rate=pcm.RATE)
    packets: list[av.Packet] = []
    for at in range(0, track.shape[1], size):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(track[:, at : at + size]), format="fltp", layout="stereo"
        )
        frame.sample_rate = pcm.RATE
        frame.pts = at
        frame.time_base = Fraction(1, pcm.RATE)
        for converted in resampler.resample(frame):
            converted.pts = at
            packets.extend(stream.encode(converted))
    packets.extend(stream.encode(None))
    return packets


def _seconds(packet: av.Packet) -> float:
    stamp = packet.dts if packet.dts is not None else packet.pts
    return float(stamp * packet.time_base) if stamp is not None else 0.0


def interleave(container: Any, video: Iterable[av.Packet], audio: Sequence[av.Packet]) -> None:
    """Mux ``video`` (already on their output stream) and ``audio`` in time order, so a player
    streaming the file finds sound and picture for the same moment close together."""
    pending: Iterator[av.Packet] = iter(audio)
    nxt = next(pending, None)
    for packet in video:
        here = _seconds(packet)
        while nxt is not None and _seconds(nxt) <= here:
            container.mux(nxt)
            nxt = next(pending, None)
        container.mux(packet)
    while nxt is not None:
        container.mux(nxt)
        nxt = next(pending, None)


def video_duration(path: Path) -> float:
    """The picture's length in seconds: from the first frame's start to the last one's end,
    read from packet times (nothing is decoded)."""
    with av.open(str(path)) as source:
        stream = source.streams.video[0]
        first, last = None, None
        for packet in source.demux(stream):
            if packet.pts is None:
                continue
            first = packet.pts if first is None else min(first, packet.pts)
            end = packet.pts + (packet.duration or 0)
            last = end if last is None else max(last, end)
        if first is None or last is None or stream.time_base is None:
            raise RenderError(f"{Path(path).name} has no video packets to add sound to")
        return float((last - first) * stream.time_base)


def stream_duration(path: Path, kind: str) -> float:
    """Length of the first ``kind`` (``audio``/``video``) stream as the container reports it."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0] if kind == "audio" else container.streams.video[0]
        if stream.duration is None or stream.time_base is None:
            return float(container.duration or 0) / av.time_base
        return float(stream.duration * stream.time_base)


def mux_audio(video: Path, track: np.ndarray, target: Path) -> Muxed:
    """Write ``target``: the picture of ``video`` (packets copied) with ``track`` as its sound.

    Parameters
    ----------
    video
        A finished mp4, webm or mov (any audio it has is replaced).
    track
        Mono (n) or stereo (2 × n) float32 at 48 kHz, normally from
        :func:`~mnemo_anim.audio.loudness.normalize`; cut or padded to the picture's length.
    target
        Where to write (same container as ``video``); written in place, so pass a staging
        path and move it.
    """
    video, target = Path(video), Path(target)
    kind = container_of(target)
    length = video_duration(video)
    sound = fit(stereo(track), length)
    options = FASTSTART if kind in ("mp4", "mov") else {}
    with (
        av.open(str(video)) as source,
        av.open(str(target), "w", format=kind, options=options) as out,
    ):
        stream_in = source.streams.video[0]
        stream_out = out.add_stream_from_template(stream_in)
        audio = add_audio_stream(out, kind)
        packets = encode_audio(audio, sound, kind)

        def copied() -> Iterator[av.Packet]:
            for packet in source.demux(stream_in):
                if packet.dts is None:
                    continue
                packet.stream = stream_out
                yield packet

        interleave(out, copied(), packets)
    if kind in ("mp4", "mov") and not moov_before_mdat(target):
        raise RenderError(f"{target.name}: the index was not moved to the front")
    return Muxed(Path(target), length, stream_duration(target, "audio"))

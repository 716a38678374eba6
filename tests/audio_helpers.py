"""Sound and video made inside the tests with PyAV: tones, recordings, tiny videos."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

RATE = 48_000


def tone(seconds: float, freq: float = 440.0, amp: float = 0.3, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def babble(seconds: float, bursts: list[tuple[float, float]], rate: int = RATE) -> np.ndarray:
    """Silence with speech-like bursts (a tone modulated at syllable rate) in ``bursts``."""
    out = np.zeros(round(seconds * rate), np.float32)
    for start, end in bursts:
        piece = tone(end - start, 220, 0.4, rate) * (
            0.6 + 0.4 * np.sin(2 * np.pi * 4 * np.arange(round((end - start) * rate)) / rate)
        )
        at = round(start * rate)
        out[at : at + len(piece)] = piece[: len(out) - at]
    return out


def write_audio(path: Path, samples: np.ndarray, codec: str, rate: int = RATE) -> Path:
    """Encode mono ``samples`` into ``path`` with a real encoder (wav/flac/mp3/m4a)."""
    fmt = {"aac": "ipod"}.get(codec)
    with av.open(str(path), "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        sample_format = stream.codec_context.codec.audio_formats[0].name
        resampler = av.AudioResampler(format=sample_format, layout="mono", rate=rate)
        size = stream.codec_context.frame_size or 1024
        for at in range(0, len(samples), size):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples[None, at : at + size]), format="flt", layout="mono"
            )
            frame.sample_rate = rate
            frame.pts = at
            for out in resampler.resample(frame):
                out.pts = at
                for packet in stream.encode(out):
                    container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def write_video(
    path: Path, seconds: float, fps: int = 24, size: tuple[int, int] = (64, 48), shade: int = 0
) -> Path:
    """A tiny H.264 (or VP9/ProRes by suffix) video whose frames brighten one step a frame."""
    codec, pix_fmt = {
        ".mp4": ("libx264", "yuv420p"),
        ".webm": ("libvpx-vp9", "yuv420p"),
        ".mov": ("prores_ks", "yuv422p10le"),
    }[path.suffix]
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = pix_fmt
        for index in range(round(seconds * fps)):
            image = np.full((size[1], size[0], 3), (shade + 3 * index) % 256, np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format=pix_fmt)
            frame.pts, frame.time_base = index, Fraction(1, fps)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def audio_info(path: Path) -> tuple[str, int, int, float]:
    """Codec, sample rate, channels and decoded duration of a file's first audio stream."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return (
            stream.codec_context.name,
            stream.sample_rate,
            stream.codec_context.channels,
            samples / stream.sample_rate,
        )

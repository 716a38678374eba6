"""Join rendered parts into one lecture video: chapters, one sound track, one caption file.

The picture is copied packet by packet, each part's timestamps shifted to follow the one
before, when every part was encoded with the same settings (codec, size, pixel format, frame
rate, time base, codec headers). Otherwise the picture is decoded and encoded again (and
:attr:`Joined.reencoded` says why) rather than writing a file that players choke on.

The sound is decoded and encoded once for the whole lecture: copying AAC packets across a
join would repeat each part's encoder priming (a click and a 21-ms slip per join). Each
part's sound is cut or padded to its picture's length, so it stays in sync across joins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from mnemo_anim.audio import mux, pcm
from mnemo_anim.audio.cues import Cue, parse, shift, to_srt, to_vtt
from mnemo_anim.audio.loudness import read_channels
from mnemo_anim.errors import RenderError
from mnemo_anim.render.captions import to_chapters

# Raised-cosine fade over each join, so a part whose sound does not end in silence cannot click.
JOIN_FADE = 0.003
# Encoder for a lecture whose parts differ: x264 near-transparent, at a moderate speed.
REENCODE = ("libx264", "yuv420p", {"crf": "18", "preset": "veryfast"})
CHAPTER_TIME_BASE = Fraction(1, 1000)


@dataclass(frozen=True)
class Part:
    """One rendered part of a lecture: its video, chapter title and caption sidecar, if any."""

    path: Path
    title: str
    captions: Path | None = None


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Joined:
    """The joined lecture: where it is, its chapters and captions, and how it was made."""

    path: Path
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...] = ()
    reencoded: bool = False
    reason: str = ""
    duration: float = 0.0

    @property
    def youtube_chapters(self) -> str:
        """``00:00 Title`` lines for a video description."""
        return to_chapters([(c.title, c.start, c.end) for c in self.chapters])

    @property
    def srt(self) -> str:
        return to_srt(self.cues)

    @property
    def vtt(self) -> str:
        return to_vtt(self.cues)


def _signature(stream: Any) -> dict[str, Any]:
    ctx = stream.codec_context
    return {
        "codec": ctx.name,
        "size": (ctx.width, ctx.height),
        "pixel format": ctx.pix_fmt,
        "profile": ctx.profile,
        "frame rate": stream.average_rate,
        "time base": stream.time_base,
        "codec headers": bytes(ctx.extradata or b""),
    }


def mismatch(paths: Sequence[Path]) -> str:
    """Why the parts' pictures cannot be joined by copying (``""`` when they can)."""
    signatures = []
    for path in paths:
        with av.open(str(path)) as container:
            signatures.append(_signature(container.streams.video[0]))
    first = signatures[0]
    for path, other in zip(paths[1:], signatures[1:], strict=True):
        for key, value in first.items():
            if other[key] != value:
                shown = "differ" if key == "codec headers" else f"{value} vs {other[key]}"
                return f"{Path(path).name} differs from {Path(paths[0]).name} in {key} ({shown})"
    return ""


def _span(path: Path) -> tuple[int, int]:
    """First pts and end (pts + duration of the last frame) of a part's picture, in its
    stream's time base."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stamps = [
            (p.pts, p.pts + (p.duration or 0))
            for p in container.demux(stream)
            if p.pts is not None and p.dts is not None
        ]
    if not stamps:
        raise RenderError(f"{Path(path).name} has no video to join")
    return min(s for s, _ in stamps), max(e for _, e in stamps)


def _copied(paths: Sequence[Path], spans: Sequence[tuple[int, int]], out: Any) -> Iterator[Any]:
    """Every part's video packets on ``out``, shifted to follow each other."""
    offset = 0
    for path, (first, end) in zip(paths, spans, strict=True):
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            for packet in container.demux(stream):
                if packet.dts is None:
                    continue
                packet.pts = None if packet.pts is None else packet.pts + offset - first
                packet.dts = packet.dts + offset - first
                packet.stream = out
                yield packet
        offset += end - first


def _reencoded(paths: Sequence[Path], offsets: Sequence[float], out: Any) -> Iterator[Any]:
    """Every part's frames, scaled to the first part's size and encoded again on ``out``."""
    tb = out.codec_context.time_base or Fraction(1, 1000)
    last = -1
    for path, offset in zip(paths, offsets, strict=True):
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            start = None
            for frame in container.decode(stream):
                start = frame.time if start is None else start
                image = frame.reformat(width=out.width, height=out.height, format=out.pix_fmt)
                # Timestamps must rise strictly; frame rates that differ could collide.
                image.pts = last = max(last + 1, round((offset + frame.time - start) / tb))
                image.time_base = tb
                yield from out.encode(image)
    yield from out.encode(None)


def _sound(paths: Sequence[Path], lengths: Sequence[float]) -> np.ndarray:
    """All parts' sound, each cut or padded to its picture's length, faded over the joins."""
    pieces = []
    fade = round(JOIN_FADE * pcm.RATE)
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, fade))).astype(np.float32)
    for path, length in zip(paths, lengths, strict=True):
        with av.open(str(path)) as container:
            has_audio = bool(container.streams.audio)
        sound = read_channels(path) if has_audio else np.zeros((2, 1), np.float32)
        piece = mux.fit(mux.stereo(sound), length)
        if piece.shape[1] > 2 * fade:
            piece[:, :fade] *= ramp
            piece[:, -fade:] *= ramp[::-1]
        pieces.append(piece)
    return np.concatenate(pieces, axis=1)


def _chapters(
    parts: Sequence[Part], offsets: Sequence[float], lengths: Sequence[float]
) -> tuple[Chapter, ...]:
    """One chapter per part; a part with no title continues the chapter before it (a title
    card and the scene it introduces are one chapter)."""
    chapters: list[Chapter] = []
    for part, start, length in zip(parts, offsets, lengths, strict=True):
        if not part.title and chapters:
            chapters[-1] = Chapter(chapters[-1].title, chapters[-1].start, start + length)
        else:
            chapters.append(Chapter(part.title, start, start + length))
    return tuple(chapters)


def join(parts: Sequence[Part], target: Path, warn: Callable[[str], None] | None = None) -> Joined:
    """Join ``parts`` (mp4 files, in order) into ``target`` with chapters, one audio track and
    merged captions.

    ``target`` is written in place (pass a staging path and move it); the captions are
    returned as text (:attr:`Joined.srt`, :attr:`Joined.vtt`) for the caller to write.
    ``warn`` hears why the picture had to be encoded again, if it had to.
    """
    if not parts:
        raise RenderError("a lecture needs at least one part")
    paths = [Path(p.path) for p in parts]
    target = Path(target)
    reason = mismatch(paths)
    lengths = [mux.video_duration(p) for p in paths]
    offsets = [float(sum(lengths[:i])) for i in range(len(paths))]
    chapters = _chapters(parts, offsets, lengths)
    sound = _sound(paths, lengths)
    with (
        av.open(str(paths[0])) as first,
        av.open(str(target), "w", format="mp4", options=mux.FASTSTART) as out,
    ):
        template = first.streams.video[0]
        video: Any
        if reason:
            if warn is not None:
                warn(f"the lecture's parts were encoded differently ({reason}): re-encoding")
            codec, pix_fmt, options = REENCODE
            video = out.add_stream(codec, rate=template.average_rate, options=dict(options))
            video.width, video.height, video.pix_fmt = template.width, template.height, pix_fmt
        else:
            video = out.add_stream_from_template(template)
        audio = mux.add_audio_stream(out, "mp4")
        # Chapters go in before the first packet: the muxer writes them with the header.
        out.set_chapters(
            [
                {
                    "id": index + 1,
                    "start": round(c.start / CHAPTER_TIME_BASE),
                    "end": round(c.end / CHAPTER_TIME_BASE),
                    "time_base": CHAPTER_TIME_BASE,
                    "metadata": {"title": c.title},
                }
                for index, c in enumerate(chapters)
            ]
        )
        packets = mux.encode_audio(audio, sound, "mp4")
        pictures = (
            _reencoded(paths, offsets, video)
            if reason
            else _copied(paths, [_span(p) for p in paths], video)
        )
        mux.interleave(out, pictures, packets)
    cues: list[Cue] = []
    for part, start in zip(parts, offsets, strict=True):
        if part.captions is not None and Path(part.captions).is_file():
            cues.extend(shift(parse(Path(part.captions).read_text(encoding="utf-8")), start))
    return Joined(target, chapters, tuple(cues), bool(reason), reason, offsets[-1] + lengths[-1])

"""Finish and check encoded files with PyAV: faststart remux and a decoder's-eye probe."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import av

from mnemo_anim.errors import RenderError


@dataclass(frozen=True)
class Probe:
    """What a real decoder sees in a video file."""

    codec: str
    profile: str | None
    pix_fmt: str
    width: int
    height: int
    fps: float
    frames: int
    duration: float
    alpha: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def faststart_remux(
    source: Path, target: Path, *, container: str = "mp4", codec_tag: str | None = None
) -> None:
    """Copy the video stream into an MP4/MOV whose moov atom comes before mdat (web playback).

    ``codec_tag`` fixes the sample description, e.g. ``ap4h`` so editors see ProRes 4444 (the
    muxer writes ``apch``, 422 HQ, for every ProRes stream it is handed). ``target`` is
    written in place: pass a staging path (``files.atomic_path``).
    """
    with av.open(str(source)) as src:
        stream_in = src.streams.video[0]
        with av.open(str(target), "w", format=container, options={"movflags": "+faststart"}) as dst:
            stream_out = dst.add_stream_from_template(stream_in)
            if codec_tag is not None:
                stream_out.codec_context.codec_tag = codec_tag
            # Tag BT.709 so players do not guess the colour space of HD video.
            stream_out.codec_context.color_primaries = 1
            stream_out.codec_context.color_trc = 1
            stream_out.codec_context.colorspace = 1
            for packet in src.demux(stream_in):
                if packet.dts is None:
                    continue
                packet.stream = stream_out
                dst.mux(packet)


def probe(path: Path, *, decode: bool = True) -> Probe:
    """Decode ``path`` fully and report its stream; raise ``RenderError`` if it has no frames.

    With ``decode=False`` the packets are read and counted but not decoded: for a stream whose
    encoder gave back one packet a frame as it was written (``writer.StreamEncoder``).
    """
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            if decode:
                frames = sum(1 for _ in container.decode(stream))
            else:
                frames = sum(1 for packet in container.demux(stream) if packet.size)
            ctx = stream.codec_context
            # VP9 keeps alpha in a side channel that the stream's pixel format does not show;
            # Matroska flags it with the ALPHA_MODE tag.
            alpha = (ctx.pix_fmt or "").startswith(("yuva", "gbrap")) or (
                stream.metadata.get("alpha_mode", stream.metadata.get("ALPHA_MODE")) == "1"
            )
            rate = stream.guessed_rate or stream.base_rate or stream.average_rate or 0
            duration = (
                float(stream.duration * stream.time_base)
                if stream.duration is not None and stream.time_base is not None
                else (float(container.duration) / av.time_base if container.duration else 0.0)
            )
            result = Probe(
                codec=ctx.name,
                profile=ctx.profile,
                pix_fmt=ctx.pix_fmt or "",
                width=ctx.width,
                height=ctx.height,
                fps=float(rate),
                frames=frames,
                duration=duration,
                alpha=alpha,
            )
    except (av.FFmpegError, IndexError) as error:
        raise RenderError(f"the rendered file {path.name} does not decode: {error}") from error
    if frames == 0:
        raise RenderError(f"the rendered file {path.name} has no frames")
    return result


def moov_before_mdat(path: Path) -> bool:
    """True when the MP4's index (moov) precedes its media data (mdat): faststart."""
    order: list[bytes] = []
    with path.open("rb") as handle:
        while True:
            header = handle.read(8)
            if len(header) < 8:
                break
            size = int.from_bytes(header[:4], "big")
            kind = header[4:8]
            if size == 1:
                size = int.from_bytes(handle.read(8), "big")
                handle.seek(size - 16, 1)
            elif size == 0:
                order.append(kind)
                break
            else:
                handle.seek(size - 8, 1)
            order.append(kind)
    return b"moov" in order and b"mdat" in order and order.index(b"moov") < order.index(b"mdat")


def probe_image(path: Path) -> Probe:
    """Check a PNG still: it opens and has a size; ``alpha`` when it has an alpha channel."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()
            width, height, mode = image.width, image.height, image.mode
    except OSError as error:
        raise RenderError(f"the rendered image {path.name} does not open: {error}") from error
    return Probe("png", None, mode.lower(), width, height, 0.0, 1, 0.0, "A" in mode)


def last_frame_png(video: Path) -> bytes:
    """The last frame of ``video`` as PNG bytes (a thumbnail)."""
    frame = None
    with av.open(str(video)) as container:
        for decoded in container.decode(video=0):
            frame = decoded
    return _png(frame, video)


def first_frame_png(video: Path) -> bytes:
    """The first frame of ``video`` as PNG bytes (a poster: what shows before it plays)."""
    with av.open(str(video)) as container:
        frame = next(container.decode(video=0), None)
    return _png(frame, video)


def _png(frame: av.VideoFrame | None, video: Path) -> bytes:
    import io

    if frame is None:
        raise RenderError(f"{video.name} has no frames to take a picture from")
    buffer = io.BytesIO()
    frame.to_image().save(buffer, format="PNG")
    return buffer.getvalue()

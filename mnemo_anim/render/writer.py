"""A faster hand-off from Manim's camera to the video encoder, through Manim's extension points.

Manim 0.22 encodes every ``play``/``wait`` into its own segment file and joins them at the end.
On the way it copies each frame twice (``pixel_array.copy()``, then ``VideoFrame.from_ndarray``)
and converts RGBA→YUV once per *repeat* of a frame, so a one-second ``wait`` at 60 fps converts
the same picture 60 times, and all of that conversion runs on one thread. Here:

* :class:`StreamRenderer` lets the camera draw into a small ring of RGBA buffers
  (:class:`FramePool`) and hands each finished buffer to the writer **without copying**; the
  camera moves on to the next free buffer;
* :class:`StreamEncoder` converts each distinct frame **once** on a converter thread
  (``VideoFrame.from_numpy_buffer``: no copy), returns the buffer to the ring, and passes the
  YUV frame to an encoder thread, which sends it to the codec as often as it repeats. Drawing,
  conversion and encoding thus overlap on three threads;
* there is **one encoder for the whole scene** (no segment files, no join), and MP4/MOV files
  get their index (moov) first, so the runner only has to move them;
* a frame that repeats the picture before it is not sent to x264 at all: it is written as an
  H.264 picture whose every macroblock is skipped, which decodes to the same pixels
  (:mod:`mnemo_anim.render.held`). x264 spends as long on a repeated 1080p frame as on a new
  one, and a lesson holds its picture still for a third of its length and more;
* every frame sent must come back from the encoder as **one packet** (x264 in libavcodec, no
  B-frames), and the runner reads every packet of the finished file again: a lost or truncated
  frame fails the render. The packets are not decoded again: that cost a tenth of the render's
  CPU to re-check what x264, in this process, had just made;
* frames are converted with the **BT.709** matrix in limited range, which is what the file is
  tagged as. PyAV's implicit conversion uses BT.601, so with Manim's writer and a BT.709 tag a
  drawn (230, 40, 40) decodes as (244, 56, 36).

:class:`StreamRenderer` also draws nothing for plays it skips (Manim draws one frame per
skipped play and throws it away), and keeps the still objects drawn after a moving one in the
play's cached background when no pixel changes (:mod:`mnemo_anim.render.still`).

GIF output and per-section clips keep Manim's own writer (they need its segment files).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from av.video.frame import PictureType
from av.video.reformatter import ColorRange, Colorspace, Interpolation, VideoReformatter
from manim import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.utils.iterables import list_update

from mnemo_anim.render.held import HeldPictures
from mnemo_anim.render.still import MIN_FRAMES as STILL_MIN_FRAMES
from mnemo_anim.render.still import StillLayer

# RGBA buffers the camera draws into in turn (8 MB each at 1080p): one being drawn, one being
# converted, one waiting. A fourth held 8 MB more and did not shorten a render (layers and
# shapes at 1080p, peak PSS 283–287 → 278 MB on layers).
POOL_FRAMES = 3
# Converted YUV 4:2:0 frames waiting for the encoder (3 MB each at 1080p). When the encoder is
# the slower side a longer queue only holds memory: the RGBA ring already absorbs a burst.
QUEUE_FRAMES = 2
# x264's default key-frame interval, kept in frames of the video: held pictures are not key
# frames, and x264 counts only the frames it is given.
KEY_INTERVAL = 250
# How often a blocked thread looks whether the other side has failed.
POLL = 0.5

# swscale's colour matrix and range for every output (players are told BT.709 in the file).
COLORSPACE = Colorspace.ITU709
COLOR_RANGE = ColorRange.MPEG
# How swscale subsamples chroma. POINT would save ~1.5 ms a 1080p frame (1.3 s of CPU on the
# composition scene), but picks one pixel's colour instead of averaging four.
INTERPOLATION = Interpolation.BILINEAR
# AVCOL_* codes for BT.709 and for limited ("tv") range, set on the stream so the encoder
# writes them into the bitstream and the container.
BT709 = 1
LIMITED_RANGE = 1

Release = Callable[[], None]
_STOP = None  # end-of-stream marker in both queues


class FramePool:
    """A ring of RGBA buffers: the camera draws into one while the others are converted."""

    def __init__(self, shape: tuple[int, ...], dtype: Any, size: int = POOL_FRAMES) -> None:
        self._free: queue.Queue[np.ndarray] = queue.Queue()
        for _ in range(size):
            self._free.put(np.zeros(shape, dtype=dtype))

    def acquire(self, check: Callable[[], None]) -> np.ndarray:
        """A free buffer; waits for one, calling ``check`` (which may raise) while it waits."""
        while True:
            try:
                return self._free.get(timeout=POLL)
            except queue.Empty:
                check()

    def release(self, buffer: np.ndarray) -> None:
        self._free.put(buffer)


class RowPatcher:
    """Find the rows in which two RGBA pictures differ, and convert only those.

    In a lesson most of the picture stays still from one frame to the next (a label is written,
    an arrow grows), so the new frame is the last converted YUV frame with a band of rows
    converted again: the changed rows and ``REACH`` rows either side, whose chroma they share.
    swscale's chroma filter also reads a few rows past the ones it writes, so the
    band is converted with ``MARGIN`` rows of context on either side and only its own rows are
    copied: the result is the frame converting the whole picture gives, byte for byte
    (``tests/test_writer.py``). A band taller than ``WHOLE`` of the picture is not worth the
    copy: the caller converts the whole picture.
    """

    MARGIN = 16  # rows of context around a band (a multiple of 8: swscale's row groups)
    ALIGN = 8  # bands start and end on multiples of this
    REACH = 8  # rows around a changed row whose YUV may change with it (swscale's reach is 2)
    WHOLE = 0.7  # share of the height above which the whole picture is converted

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height

    def changed(self, before: np.ndarray, after: np.ndarray) -> tuple[int, int] | None:
        """The aligned band ``(start, stop)`` of rows that differ (``start == stop`` when none
        does), or ``None`` when the band is so tall that converting it all is cheaper."""
        words_before = before.reshape(self.height, -1).view(np.uint64)
        words_after = after.reshape(self.height, -1).view(np.uint64)
        rows = np.flatnonzero((words_before != words_after).any(axis=1))
        if len(rows) == 0:
            return (0, 0)
        # A changed row also changes the chroma of the rows next to it (the filter is taller
        # than the two rows a chroma row stands for): widen by REACH before aligning.
        start = max(0, int(rows[0]) - self.REACH) // self.ALIGN * self.ALIGN
        stop = min(self.height, -(-(int(rows[-1]) + 1 + self.REACH) // self.ALIGN) * self.ALIGN)
        if stop - start > self.WHOLE * self.height:
            return None
        return start, stop

    def margins(self, start: int, stop: int) -> tuple[int, int]:
        """The rows to convert for the band ``start:stop``: the band and its context."""
        return max(0, start - self.MARGIN), min(self.height, stop + self.MARGIN)

    def patch(
        self, last: av.VideoFrame, band: av.VideoFrame, start: int, stop: int, lo: int
    ) -> av.VideoFrame:
        """A new frame: ``last`` with rows ``start:stop`` taken from ``band`` (converted from
        rows ``lo:…`` of the picture)."""
        frame = av.VideoFrame(self.width, self.height, "yuv420p")
        frame.colorspace, frame.color_range = last.colorspace, last.color_range
        for index, (old, new, out) in enumerate(
            zip(last.planes, band.planes, frame.planes, strict=True)
        ):
            shift = 0 if index == 0 else 1  # chroma planes have half the rows
            a, b, offset = start >> shift, stop >> shift, lo >> shift
            target, source, fresh = _rows(out), _rows(old), _rows(new)
            target[:a] = source[:a]
            target[a:b] = fresh[a - offset : b - offset]
            target[b:] = source[b:]
        return frame


def _rows(plane: Any) -> np.ndarray:
    """A plane's rows as a writable (rows, width) array over its own memory."""
    lines = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
    return lines[:, : plane.width]


class StreamEncoder:
    """Convert RGBA frames and encode them into one file, on two background threads.

    Parameters
    ----------
    target
        The file to write (its container from ``container_format``).
    codec, pix_fmt, options
        The encoder, its pixel format and its private options (``preset``, ``crf``, …).
    width, height, rate
        Picture size and frame rate.
    container_format
        ``mp4``, ``mov`` or ``webm``; MP4 and MOV get their index first (faststart).
    held_pictures
        Write repeated frames as held pictures where the stream allows (see
        :mod:`mnemo_anim.render.held`); ``False`` sends every frame to the encoder.
    """

    def __init__(
        self,
        target: Path,
        *,
        codec: str,
        pix_fmt: str,
        options: dict[str, str],
        width: int,
        height: int,
        rate: Fraction,
        container_format: str,
        held_pictures: bool = True,
    ) -> None:
        self.target = Path(target)
        self._held_pictures = held_pictures
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.pix_fmt = pix_fmt
        self.time_base = Fraction(rate.denominator, rate.numerator)
        self.frames = 0  # frames sent to the encoder
        self.packets = 0  # packets the encoder gave back (one a frame)
        movflags = {"movflags": "+faststart"} if container_format in ("mp4", "mov") else {}
        self._container = av.open(str(self.target), "w", format=container_format, options=movflags)
        try:
            stream: Any = self._container.add_stream(codec, rate=rate, options=dict(options))
            stream.pix_fmt = pix_fmt
            stream.width, stream.height = width, height
            self._yuv = not av.VideoFormat(pix_fmt).is_rgb
            if self._yuv:
                ctx = stream.codec_context
                ctx.color_primaries = ctx.color_trc = ctx.colorspace = BT709
                ctx.color_range = LIMITED_RANGE
        except BaseException:
            self._container.close()
            self.target.unlink(missing_ok=True)
            raise
        self._stream = stream
        self._reformatter = VideoReformatter()
        # Converting only the rows that changed needs YUV 4:2:0 and an RGBA row of whole
        # 8-byte words; anything else is converted whole.
        self._patcher = (
            RowPatcher(width, height) if pix_fmt == "yuv420p" and width % 2 == 0 else None
        )
        self._last: tuple[np.ndarray, av.VideoFrame, Release | None] | None = None
        # Held pictures (encoder thread): written in place of frames that repeat the last.
        self._held: HeldPictures | None = None
        self._shown: av.VideoFrame | None = None  # the picture the last frame showed
        self._run = 0  # frames in a row that showed it
        self._sent = 0  # frames given to the encoder
        self._coded: deque[int] = deque()  # their places in the video, until written
        self._holds: deque[int] = deque()  # held frames' places, until written
        self._key_pts = 0  # the last key frame's place (the first frame is one)
        self._frame_num = 0  # the last written picture's frame_num
        self._pps_id = 0
        self._raw: queue.Queue[tuple[np.ndarray, int, Release | None] | None] = queue.Queue()
        self._converted: queue.Queue[tuple[av.VideoFrame, int] | None] = queue.Queue(QUEUE_FRAMES)
        self._error: BaseException | None = None
        self._discard = False  # set by abort(): drop whatever is still queued
        self._closed = False
        self._threads = [
            threading.Thread(target=self._convert_loop, name="mnemo-convert", daemon=True),
            threading.Thread(target=self._encode_loop, name="mnemo-encode", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # -- render thread -------------------------------------------------------------------------

    def submit(self, pixels: np.ndarray, repeat: int = 1, release: Release | None = None) -> None:
        """Queue an RGBA frame shown ``repeat`` times. ``pixels`` belongs to the encoder until
        ``release`` is called (after its conversion); without ``release`` it must not be reused."""
        self.check()
        if self._closed:
            raise RuntimeError(f"the encoder for {self.target.name} is closed")
        self._raw.put((pixels, repeat, release))

    def check(self) -> None:
        """Raise if a background thread has failed."""
        if self._error is not None:
            raise RuntimeError(f"encoding {self.target.name} failed: {self._error}") from (
                self._error
            )

    @property
    def frames_encoded(self) -> int:
        """Frames given to the encoder so far (the rest of the video's frames were held)."""
        return self._sent

    def finish(self) -> int:
        """Flush the encoder and close the file; return the number of frames written.

        Raises if the encoder did not give back one packet a frame.
        """
        self._stop()
        self._container.close()
        self.check()
        if self.packets != self.frames:
            raise RuntimeError(
                f"{self.target.name}: {self.frames} frames encoded into {self.packets} packets"
            )
        return self.frames

    def abort(self) -> None:
        """Stop and delete the unfinished file."""
        self._discard = True
        self._stop()
        with contextlib.suppress(Exception):
            self._container.close()
        self.target.unlink(missing_ok=True)

    def _stop(self) -> None:
        if not self._closed:
            self._closed = True
            self._raw.put(_STOP)
        for thread in self._threads:
            thread.join()

    # -- converter thread ----------------------------------------------------------------------

    def _convert(self, pixels: np.ndarray) -> av.VideoFrame:
        rgba = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
        return self._reformatter.reformat(
            rgba,
            format=self.pix_fmt,
            # RGB targets (lossless test encodes) take no YUV matrix.
            dst_colorspace=COLORSPACE if self._yuv else None,
            dst_color_range=COLOR_RANGE if self._yuv else None,
            interpolation=INTERPOLATION,
            threads=1,  # drawing and encoding keep the other core busy
        )

    def _convert_changed(self, pixels: np.ndarray) -> av.VideoFrame:
        """``pixels`` converted, only the rows that differ from the last frame's converted again
        (see :class:`RowPatcher`)."""
        last = self._last
        if last is None or self._patcher is None:
            return self._convert(pixels)
        band = self._patcher.changed(last[0], pixels)
        if band is None:
            return self._convert(pixels)
        start, stop = band
        if start == stop:
            return last[1]  # the same picture again: the encoder takes it as often as it comes
        lo, hi = self._patcher.margins(start, stop)
        return self._patcher.patch(last[1], self._convert(pixels[lo:hi]), start, stop, lo)

    def _convert_loop(self) -> None:
        while True:
            item = self._raw.get()
            if item is _STOP:
                break
            pixels, repeat, release = item
            kept = False
            try:
                if self._error is None and not self._discard:
                    frame = self._convert_changed(pixels)
                    self._put_converted((frame, repeat))
                    # Kept until the next frame is converted: the rows that change are found by
                    # comparing the two pictures.
                    self._keep((pixels, frame, release))
                    kept = True
            except BaseException as error:
                self._error = self._error or error
            finally:
                if release is not None and not kept:
                    release()  # the camera may draw into this buffer again
        self._keep(None)
        self._put_converted(_STOP, always=True)

    def _keep(self, last: tuple[np.ndarray, av.VideoFrame, Release | None] | None) -> None:
        """Hold ``last`` as the picture the next one is compared with, giving the one held
        before back to the camera."""
        held, self._last = self._last, last
        if held is not None and held[2] is not None:
            held[2]()

    def _put_converted(self, item: tuple[av.VideoFrame, int] | None, always: bool = False) -> None:
        while True:
            try:
                self._converted.put(item, timeout=POLL)
                return
            except queue.Full:
                # The encoder stopped taking frames (it failed): drop this one, unless it is the
                # end marker, which must get through.
                if self._error is not None and not always:
                    return

    # -- encoder thread ------------------------------------------------------------------------

    def _encode_loop(self) -> None:
        failed = False
        while True:
            item = self._converted.get()
            if item is _STOP:
                break
            if failed or self._discard:
                continue  # keep draining so the converter never blocks
            try:
                self._encode(*item)
            except BaseException as error:
                self._error = self._error or error
                failed = True
        if not (failed or self._discard):
            self._flush()

    def _encode(self, frame: av.VideoFrame, repeat: int) -> None:
        frame.time_base = self.time_base
        if frame is not self._shown:
            self._shown, self._run = frame, 0
        for _ in range(repeat):
            pts = self.frames
            self.frames += 1
            self._run += 1
            # A frame that repeats the picture before it is a held picture, unless a key frame
            # is due (see mnemo_anim.render.held); the encoder sees only the others.
            if self._held is not None and self._run > 1 and pts - self._key_pts < KEY_INTERVAL:
                self._holds.append(pts)
                self._write_holds()
                continue
            if self._held is not None and pts - self._key_pts >= KEY_INTERVAL:
                frame.pict_type = PictureType.I  # a key frame where x264 would place one
                self._key_pts = pts
            # The codec takes its own reference (x264 copies the picture), so one converted
            # frame serves every repeat; only its timestamp changes. It numbers the frames it
            # is given in order; ``_coded`` maps them back to the frames of the video.
            frame.pts = self._sent
            self._sent += 1
            self._coded.append(pts)
            packets = self._stream.encode(frame)
            frame.pict_type = PictureType.NONE
            if self._sent == 1:
                self._start_holds(packets)
            for packet in packets:
                self._write_coded(packet)

    def _start_holds(self, packets: list[av.Packet]) -> None:
        """Set up held pictures once the encoder has written its headers (H.264 streams in
        4:2:0 only; anything else is encoded frame by frame)."""
        if not self._held_pictures:
            return
        if self._stream.codec_context.name != "libx264" or self.pix_fmt != "yuv420p":
            return
        headers = self._stream.codec_context.extradata
        if not headers and packets:
            headers = bytes(packets[0])
        self._held = HeldPictures.from_headers(headers)

    def _flush(self) -> None:
        """Drain the encoder at the end of the stream."""
        try:
            for packet in self._stream.encode():
                self._write_coded(packet)
            self._write_holds()
        except BaseException as error:
            self._error = self._error or error

    def _write_coded(self, packet: av.Packet) -> None:
        """Write a packet of the encoder's, at its frame's place in the video and, after held
        pictures, under the frame number the decoder expects."""
        pts = self._coded.popleft()
        held = self._held
        if held is None:  # every frame was encoded: the encoder's timestamps are the video's
            self._write(packet)
            return
        # Held pictures need a stream without B-frames (HeldPictures.from_headers): packets
        # come out in the order the frames went in.
        number = held.frame_num(bytes(packet))
        if number is not None:
            pps_id, frame_num = number
            self._pps_id = pps_id
            if packet.is_keyframe:
                # (x264 may give a packet back a frame late: a key frame forced since stands)
                self._frame_num, self._key_pts = 0, max(self._key_pts, pts)
            else:
                self._frame_num = (self._frame_num + 1) % held.max_frame_num(pps_id)
            if frame_num != self._frame_num:
                packet = self._packet(
                    held.renumber(bytes(packet), self._frame_num), packet.is_keyframe
                )
        packet.pts = packet.dts = pts
        self._write(packet)
        self._write_holds()

    def _write_holds(self) -> None:
        """Write the held pictures that come before every frame still inside the encoder."""
        held = self._held
        while self._holds and (not self._coded or self._holds[0] < self._coded[0]):
            assert held is not None
            pts = self._holds.popleft()
            self._frame_num = (self._frame_num + 1) % held.max_frame_num(self._pps_id)
            packet = self._packet(held.picture(self._pps_id, self._frame_num), False)
            packet.pts = packet.dts = pts
            self._write(packet)

    def _packet(self, data: bytes, key: bool) -> av.Packet:
        packet = av.Packet(data)
        packet.stream = self._stream
        packet.time_base = self.time_base
        packet.duration = 1
        packet.is_keyframe = key
        return packet

    def _write(self, packet: av.Packet) -> None:
        self.packets += 1
        self._container.mux(packet)


class StreamWriter(SceneFileWriter):
    """Manim's file writer with one encoder for the whole scene (see the module docstring).

    Used for video formats without per-section clips (:meth:`handles`).
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.encoder: StreamEncoder | None = None
        self.frames_written = 0
        self.target: Path = Path(self.movie_file_path)

    @classmethod
    def handles(cls, output_spec: Any) -> bool:
        """Whether this writer can produce ``output_spec`` (else use Manim's writer)."""
        return bool(
            output_spec.is_video and not output_spec.is_gif and not output_spec.save_sections
        )

    # Manim's segment bookkeeping is not needed: there is one stream and no segment cache.
    def add_partial_movie_file(self, hash_animation: str | None) -> None:
        return None

    def is_already_cached(self, hash_invocation: str) -> bool:
        return False

    def begin_animation(
        self, allow_write: bool = False, *, animation_index: int, file_path: Any = None
    ) -> None:
        if allow_write and self.encoder is None:
            spec = self.video_encoder
            assert spec is not None
            self.encoder = StreamEncoder(
                self.target,
                codec=spec.codec,
                pix_fmt=spec.pixel_format,
                options=dict(spec.options),
                width=spec.width,
                height=spec.height,
                rate=spec.frame_rate,
                container_format=spec.container_format,
            )

    def end_animation(self, allow_write: bool = False) -> None:
        return None

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        # Manim's contract: the caller hands ``pixels`` over and never touches it again.
        self.write_buffer(pixels, repeat=repeat, release=None)

    def write_buffer(self, pixels: np.ndarray, *, repeat: int, release: Release | None) -> None:
        """Queue ``pixels``; ``release`` is called once it is converted (or dropped)."""
        if self.encoder is None:
            if release is not None:
                release()
            return
        try:
            self.encoder.submit(pixels, repeat, release)
        except BaseException:
            if release is not None:
                release()
            raise

    def check(self) -> None:
        """Raise if the encoder has failed."""
        if self.encoder is not None:
            self.encoder.check()

    def finish(self) -> None:
        if self.encoder is not None:
            self.frames_written = self.encoder.finish()
            self.encoder = None
            self.print_file_ready_message(self.target)
        if self.subcaptions:
            self.write_subcaption_file()

    def abort_encode_jobs(self, reraise_encoder_failures: bool = False) -> None:
        if self.encoder is not None:
            self.encoder.abort()
            self.encoder = None

    def join_all_encode_jobs(self) -> None:
        return None


class StreamRenderer(CairoRenderer):
    """Manim's Cairo renderer with a copy-free frame hand-off and cheap skipped plays.

    Parameters
    ----------
    fast_writer
        Use :class:`StreamWriter` when it handles the output, else Manim's writer.
    still
        Keep a play's still objects in its cached background where that changes no pixel
        (:mod:`mnemo_anim.render.still`), else draw every frame as Manim does.
    """

    def __init__(self, *, fast_writer: bool = True, still: bool = True, **kwargs: Any) -> None:
        self._fast_writer = fast_writer
        self._keep_still = still
        self._playing = False
        self._pool: FramePool | None = None
        self._handed = False  # the camera's buffer is queued for conversion
        self._still: StillLayer | None = None  # this play's background with its still objects
        self._static: list[Any] | None = None  # Manim's static objects, when _still replaced them
        self._static_image: Any = None
        self.still_frames = 0  # frames drawn on such a background (for the tests and the bench)
        # Progress: frames handed to the writer, and who to tell (one call a frame; the
        # receiver throttles, see mnemo_anim.render.ticks).
        self.frames_drawn = 0
        self.frame_hook: Callable[[int], None] | None = None
        if "camera_class" not in kwargs:
            from mnemo_anim.render.camera import PathCamera

            kwargs["camera_class"] = PathCamera
        super().__init__(**kwargs)

    def init_scene(self, scene: Any, session_spec: Any, file_writer_settings: Any) -> None:
        output = file_writer_settings.plan.output
        if self._fast_writer and StreamWriter.handles(output):
            self._file_writer_class = StreamWriter
        super().init_scene(scene, session_spec, file_writer_settings)
        if isinstance(self.file_writer, StreamWriter):
            pixels = self.camera.pixel_array
            self._pool = FramePool(pixels.shape, pixels.dtype)
            self.camera.pixel_array = self._pool.acquire(self.file_writer.check)

    # -- skipping ------------------------------------------------------------------------------

    def play(self, scene: Any, *args: Any, **kwargs: Any) -> None:
        self._playing = True
        try:
            super().play(scene, *args, **kwargs)
        finally:
            self._playing = False
            if self._still is not None:
                self.still_frames += self._still.served
                self._still = None

    def save_static_frame_data(self, scene: Any, static_mobjects: Iterable[Any]) -> Any:
        self._still = self._static = None
        if self.skip_animations:
            self.static_image = None
            return None
        super().save_static_frame_data(scene, static_mobjects)
        frames = round(scene.duration * self.camera.frame_rate)
        if (
            self._keep_still
            and frames >= STILL_MIN_FRAMES
            and scene.moving_mobjects
            and not scene.is_current_animation_frozen_frame()
        ):
            # Manim's background, then the still objects it can hold (mnemo_anim.render.still).
            self._draw_on_fresh_buffer()
            self._background()
            # The kept background takes the place (and the memory) of Manim's, which is drawn
            # again only for a frame that needs it.
            manims = self._static_image
            self._still = StillLayer.build(self.camera, scene, scene.moving_mobjects, manims)
            if self._still is not None:
                self.static_image = None
                self._static = list(static_mobjects)
        return self._static_image

    def _background(self) -> None:
        """Put Manim's background for this play on the camera, as Manim's update_frame does."""
        if self._static is not None:
            self.camera.reset()
            self.camera.capture_mobjects(self._static)
        elif self._static_image is not None:
            self.camera.set_frame_to_background(self._static_image)
        else:
            self.camera.reset()

    @property
    def static_image(self) -> Any:
        """Manim's cached background of the play (drawn again if the kept one replaced it)."""
        if self._static is not None:
            self._draw_on_fresh_buffer()
            self._background()
            self._static_image, self._static = self.get_frame(), None
        return self._static_image

    @static_image.setter
    def static_image(self, image: Any) -> None:
        self._static_image, self._static = image, None

    # -- frames --------------------------------------------------------------------------------

    def update_frame(
        self,
        scene: Any,
        mobjects: Iterable[Any] | None = None,
        include_submobjects: bool = True,
        ignore_skipping: bool = True,
        **kwargs: Any,
    ) -> None:
        # Within a skipped play nothing drawn is ever written: don't draw.
        if self._playing and self.skip_animations:
            return
        self._draw_on_fresh_buffer()
        still = self._still
        if still is not None and mobjects is scene.moving_mobjects and include_submobjects:
            rest = still.rest(mobjects)
            if rest is not None:
                self.camera.set_frame_to_background(still.image)
                self.camera.capture_mobjects(rest, include_submobjects=False)
                return
        if self._static is not None:
            # Manim's background was let go for the kept one: draw it again underneath.
            if self.skip_animations and not ignore_skipping:
                return
            self._background()
            if not mobjects:
                mobjects = list_update(scene.mobjects, scene.foreground_mobjects)
            self.camera.capture_mobjects(
                mobjects, include_submobjects=include_submobjects, **kwargs
            )
            return
        super().update_frame(scene, mobjects, include_submobjects, ignore_skipping, **kwargs)

    def _draw_on_fresh_buffer(self) -> None:
        if self._pool is not None and self._handed:
            # The last picture is still being converted: draw the next one elsewhere.
            self.camera.pixel_array = self._pool.acquire(self.file_writer.check)
            self._handed = False

    def render(self, scene: Any, time: float, moving_mobjects: Iterable[Any] | None = None) -> None:
        if self.skip_animations:
            return
        self.update_frame(scene, moving_mobjects)
        self.add_frame(self._frame())

    def freeze_current_frame(self, duration: float) -> None:
        dt = 1 / self.camera.frame_rate
        self.add_frame(self._frame(), num_frames=int(duration / dt))

    def _frame(self) -> np.ndarray:
        # With the pool the camera's own buffer is handed over; Manim's writer needs a copy.
        return self.camera.pixel_array if self._pool is not None else self.get_frame()

    def add_frame(self, frame: np.ndarray, num_frames: int = 1) -> None:
        if not self.skip_animations:
            self.frames_drawn += num_frames
            if self.frame_hook is not None:
                self.frame_hook(self.frames_drawn)
        pool = self._pool
        if pool is None or frame is not self.camera.pixel_array or self.skip_animations:
            super().add_frame(frame, num_frames)
            return
        dt = 1 / self.camera.frame_rate  # the same arithmetic as Manim's add_frame
        self.time += num_frames * dt
        self._handed = True
        self.file_writer.write_buffer(
            frame, repeat=num_frames, release=lambda buffer=frame: pool.release(buffer)
        )

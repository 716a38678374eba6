"""Render one video in two processes: the plays before a cut here, the rest in a forked child.

Off unless ``MNEMO_ANIM_SPLIT=on``: measured on 2 cores it made every lesson scene 5–10 %
slower (bench/README.md), because one render already keeps ~1.6 cores busy (drawing, RGBA→YUV
conversion and x264 each have a thread, see :mod:`mnemo_anim.render.writer`) and the split adds
work: a planning run and, in each process, the other half's plays replayed without drawing. It
is for machines with cores a single render leaves idle.

The cut falls between two ``play`` calls, chosen from a run that draws nothing
(:func:`plan_plays`) so both halves cost about the same. Each half has its own encoder with
identical settings, so each begins on a keyframe, and :func:`join_parts` appends the second
half's packets to the first's (a stream copy: no re-encode). Every frame is drawn exactly as in
a one-process render, and scene times (captions, chapters) are the same.

The child is forked after Manim is imported and before any encoder thread exists, dies with its
parent (``PR_SET_PDEATHSIG``), writes only inside the parent's temporary media folder, and never
returns into the parent's code: it leaves with ``os._exit``. Linux only, and never inside a
batch worker (the batch already runs one job per core).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mnemo_anim.config.models import AnyJob
from mnemo_anim.errors import RenderError

# Below this many frames a second process costs more (fork, dry run, the skipped first half)
# than it saves.
MIN_FRAMES = 240
# What a frame of a wait costs relative to an animated frame: the picture is drawn and converted
# once and only encoded again (x264 codes an unchanged frame cheaply).
WAIT_WEIGHT = 0.15
ENV = "MNEMO_ANIM_SPLIT"  # "on" allows the split (it is off unless asked for: see below)


@dataclass(frozen=True)
class Play:
    """One ``play``/``wait`` of a scene as the renderer will draw it."""

    index: int
    frames: int
    frozen: bool  # a wait: one picture held

    @property
    def cost(self) -> float:
        return self.frames * (WAIT_WEIGHT if self.frozen else 1.0)


def split_allowed() -> bool:
    """Whether this process may fork a second renderer: asked for (``MNEMO_ANIM_SPLIT=on``),
    Linux, ≥ 2 CPUs, not a pool worker.

    Off by default: on 2 cores one render already keeps ~1.6 cores busy (drawing, converting
    and encoding run on three threads), so the split's extra work (the planning run, each half
    replaying the other without drawing) made every lesson scene 5–10 % slower (bench/README.md).
    It is for machines with cores to spare.
    """
    if os.environ.get(ENV, "").lower() not in {"1", "on", "yes", "true"}:
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    # A process-pool or Dask worker: the batch already keeps every core busy with other jobs.
    return cpus >= 2 and multiprocessing.parent_process() is None


def plan_plays(job: AnyJob, scene_cls: Any) -> list[Play]:
    """Run ``job``'s scene without drawing and list its plays with their frame counts.

    Must run inside the render's ``tempconfig`` (the frame rate decides the counts).
    """
    from mnemo_anim.render.writer import StreamRenderer

    class _Planner(StreamRenderer):
        def __init__(self) -> None:
            super().__init__(skip_animations=True)
            self.plays: list[Play] = []

        def play(self, scene: Any, *args: Any, **kwargs: Any) -> None:
            super().play(scene, *args, **kwargs)
            fps = self.camera.frame_rate
            frozen = scene.is_current_animation_frozen_frame()
            duration = scene.duration
            # The same counts the renderer produces: a held frame int(d·fps) times, an
            # animation one frame per 1/fps step of arange(0, d).
            frames = int(duration / (1 / fps)) if frozen else _arange_len(duration, 1 / fps)
            self.plays.append(Play(len(self.plays), frames, frozen))

    planner = _Planner()
    scene = scene_cls(job, renderer=planner)
    scene.render()
    return planner.plays


def _arange_len(stop: float, step: float) -> int:
    import numpy as np

    return len(np.arange(0, stop, step))


def choose_cut(plays: Sequence[Play]) -> int | None:
    """The index of the first play of the second half, so the halves cost about the same;
    ``None`` when the video is too short to be worth two processes."""
    if sum(p.frames for p in plays) < MIN_FRAMES or len(plays) < 2:
        return None
    total = sum(p.cost for p in plays)
    best, best_gap, before = None, float("inf"), 0.0
    for play in plays[:-1]:
        before += play.cost
        gap = abs(total - 2 * before)
        if gap < best_gap:
            best, best_gap = play.index + 1, gap
    return best


@contextlib.contextmanager
def forked(run: Any) -> Iterator[Any]:
    """Run ``run()`` in a forked child while the body runs here; yield a handle whose
    ``wait()`` returns the child's result (anything picklable) or raises its error.

    Leaving the body early (an exception, Ctrl-C) ends the child.
    """
    import pickle

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return from here
        code = 1
        try:
            os.close(read_fd)
            _die_with_parent()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                payload = ("ok", run())
                code = 0
            except BaseException as error:  # report, never unwind into the parent's frames
                payload = ("error", _describe(error))
            with os.fdopen(write_fd, "wb") as pipe:
                pickle.dump(payload, pipe)
        finally:
            os._exit(code)
    os.close(write_fd)
    child = _Child(pid, read_fd)
    try:
        yield child
    finally:
        child.stop()


class _Child:
    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd, self.done = pid, fd, False

    def wait(self) -> Any:
        import pickle

        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        if not data:
            signum = -os.waitstatus_to_exitcode(status)
            raise RenderError(f"the second render process died (signal {signum})")
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        if self.done:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.done = True


def _describe(error: BaseException) -> BaseException:
    """The child's error as something that pickles and reads well in the parent."""
    if isinstance(error, RenderError):
        return RenderError(error.message)
    if isinstance(error, KeyboardInterrupt):
        return KeyboardInterrupt()
    detail = "".join(traceback.format_exception_only(type(error), error)).strip()
    return RenderError(f"the second render process failed: {detail}")


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux ``prctl``)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def join_parts(parts: Sequence[Path], target: Path) -> int:
    """Append the video packets of ``parts`` (same codec and settings, each starting on a
    keyframe) into one MP4/MOV with its index first; return the number of frames."""
    import av

    container = "mov" if target.suffix == ".mov" else "mp4"
    frames = 0
    with av.open(str(parts[0])) as first:
        template = first.streams.video[0]
        with av.open(str(target), "w", format=container, options={"movflags": "+faststart"}) as out:
            stream = out.add_stream_from_template(template)
            offset = 0  # in the stream's time base: where the current part starts
            for part in parts:
                with av.open(str(part)) as source:
                    video = source.streams.video[0]
                    if video.time_base != template.time_base:
                        raise RenderError("the two halves of the video have different timing")
                    end = offset
                    for packet in source.demux(video):
                        if packet.dts is None:
                            continue
                        assert packet.pts is not None
                        end = max(end, offset + packet.pts + (packet.duration or 0))
                        packet.pts += offset
                        packet.dts += offset
                        packet.stream = stream
                        out.mux(packet)
                        frames += 1
                    offset = end
    return frames

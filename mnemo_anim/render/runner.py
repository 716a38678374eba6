"""Render one job: Manim into a private temporary media folder, then an atomic move to output/.

Nothing in ``output/`` is ever half-written: the finished file is remuxed next to its target
under a hidden ``.partial`` name, decoded once to prove it is whole, and ``os.replace``-d into
place. A failed or interrupted render leaves an earlier file of the same name untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mnemo_anim.config.models import AnyJob
from mnemo_anim.errors import RenderError
from mnemo_anim.render.encode import Probe

PARTIAL_PREFIX = ".mnemo-"
PARTIAL_SUFFIX = ".partial"
# The owning process id inside a leftover's name: `.mnemo-<stem>-<pid>-<ns>.partial.mp4` or
# `job-<pid>-<random>`.
_OWNER = re.compile(r"(?:^job-(\d+)-|-(\d+)-[A-Za-z0-9_]+\.partial)")


@dataclass(frozen=True)
class RenderResult:
    """A finished render: where it landed, what a decoder sees, how long it took."""

    path: Path
    probe: Probe
    seconds: float
    steps: tuple[tuple[str, float, float], ...] = field(default=())


def cache_root() -> Path:
    """Manim's media cache and the shared LaTeX cache live here, never in ``output/``."""
    env = os.environ.get("MNEMO_ANIM_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mnemo-anim"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_dir(target_dir: Path) -> Path:
    """Where a file is finished before its one rename into ``target_dir``.

    The cache's staging folder when it is on the same file system (so nothing unfinished is
    ever visible in ``output/``, even after a SIGKILL); otherwise ``target_dir`` itself, with
    hidden ``.mnemo-*.partial`` names, since a rename is only atomic within one file system.
    """
    staging = cache_root() / "staging"
    try:
        staging.mkdir(parents=True, exist_ok=True)
        if staging.stat().st_dev == Path(target_dir).stat().st_dev:
            return staging
    except OSError:
        pass
    return Path(target_dir)


def sweep_stale(output_dir: Path, work_dir: Path) -> None:
    """Remove leftovers of renders whose process died (killed, power cut)."""
    partial = f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}*"
    for folder, pattern in (
        (output_dir, partial),
        (cache_root() / "staging", partial),
        (work_dir, "job-*"),
    ):
        if not folder.is_dir():
            continue
        for leftover in folder.glob(pattern):
            matches = list(_OWNER.finditer(leftover.name))
            match = matches[-1] if matches else None
            if match and not _pid_alive(int(match[1] or match[2])):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def partial_file(target: Path) -> Iterator[Path]:
    """A temporary path that can be renamed onto ``target``; removed unless it was."""
    tmp = staging_dir(target.parent) / (
        f"{PARTIAL_PREFIX}{target.stem}-{os.getpid()}-{time.monotonic_ns()}"
        f"{PARTIAL_SUFFIX}{target.suffix}"
    )
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def check_latex() -> None:
    """Fail early, and say what to install, when the LaTeX tools Manim calls are missing."""
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        raise RenderError(
            f"LaTeX tools not found: {', '.join(missing)}. Install them with: apt-get install "
            "texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm "
            "(or run `make setup`)"
        )


def _say(message: str) -> None:
    import click

    click.echo(f"warning: {message}", err=True)


def preflight_warnings(job: AnyJob) -> list[str]:
    """What to tell the user before rendering: unreadable colours, a video too long for its
    platform (measured by running the scene's logic without drawing)."""
    from mnemo_anim.visuals.theme import contrast_warnings, resolve_theme

    messages = contrast_warnings(resolve_theme(job.style)) if job.style.palette else []
    platform = job.render.platform
    if platform is not None:
        from mnemo_anim.config.platforms import PLATFORMS

        limit = PLATFORMS[platform].max_seconds
        seconds = estimate_duration(job)
        if seconds > limit:
            messages.append(
                f"{job.output_name}: the video runs {seconds:.0f} s but {platform} takes at most "
                f"{limit:.0f} s; raise timing.speed or lower timing.pause"
            )
    return messages


def estimate_duration(job: AnyJob) -> float:
    """Seconds of video the job will produce, from a dry run of the scene (no frames drawn)."""
    from manim import tempconfig

    from mnemo_anim.render.settings import dry_run_config
    from mnemo_anim.render.texlock import install_tex_lock
    from scenes import scene_class

    install_tex_lock()  # other processes may be typesetting into the same cache
    for shared in ("tex", "texts"):
        (cache_root() / shared).mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="dry-") as media,
        tempconfig(dry_run_config(job.render, media_dir=Path(media))),
    ):
        scene = scene_class(job.scene)(job, skip_animations=True)
        scene.render()
        return float(scene.renderer.time)


def render_job(
    job: AnyJob, output_dir: Path, *, warn: Callable[[str], None] | None = _say
) -> RenderResult:
    """Render ``job`` into ``output_dir`` and return what was written.

    Writes ``<name>.<format>``, plus ``<name>.srt``/``.vtt`` when the job has captions,
    ``<name>.png`` for ``render.thumbnail``, and ``<name>_sections/`` with ``<name>.chapters.txt``
    for ``render.sections``. Every file appears atomically.
    """
    # Manim is imported here, not at module import, so the CLI's --help and validate stay fast.
    from manim import tempconfig

    from mnemo_anim.render.settings import manim_config
    from mnemo_anim.render.texlock import install_tex_lock
    from scenes import scene_class

    check_latex()
    install_tex_lock()  # other renders, on this machine or in this batch, share the LaTeX cache
    if warn is not None:
        for message in preflight_warnings(job):
            warn(message)
    started = time.perf_counter()
    output_dir = Path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(
            f"cannot create the output folder {output_dir}: {error.strerror}"
        ) from error
    if not os.access(output_dir, os.W_OK):
        raise RenderError(f"the output folder {output_dir} is not writable")
    root = cache_root()
    work_dir = root / "work"
    tex_dir = root / "tex"
    try:
        for folder in (work_dir, tex_dir):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"cannot create the cache folder {root}: {error.strerror}") from error
    sweep_stale(output_dir, work_dir)

    name = job.output_name
    scene_cls = scene_class(job.scene)
    media = Path(tempfile.mkdtemp(prefix=f"job-{os.getpid()}-", dir=work_dir))
    try:
        with tempconfig(
            manim_config(job.render, media_dir=media, tex_dir=tex_dir, output_file=name)
        ):
            try:
                scene, verified = _render_scene(job, scene_cls, media)
            except (KeyboardInterrupt, RenderError):
                raise
            except Exception as error:
                raise _explain(job, error) from error
            writer = scene.renderer.file_writer
            produced = Path(
                writer.image_file_path if job.render.format == "png" else writer.movie_file_path
            )
            sections_dir = Path(writer.sections_output_dir) if job.render.sections else None
            steps = tuple(scene.steps)
        if not produced.is_file():
            raise RenderError(f"Manim finished but wrote no file for {name}")
        try:
            info = _finish(job, produced, output_dir, steps, sections_dir, verified)
        except OSError as error:
            raise RenderError(
                f"cannot write into {output_dir}: {error.strerror or error}"
            ) from error
    finally:
        shutil.rmtree(media, ignore_errors=True)
    target = output_dir / f"{name}.{job.render.format}"
    return RenderResult(target, info, time.perf_counter() - started, steps)


def _render_scene(job: AnyJob, scene_cls: Any, media: Path) -> tuple[Any, int | None]:
    """Render ``job`` inside its ``tempconfig``; return the scene and how many frames of the
    video were already decoded while it was written (``None``: decode the file afterwards).

    Video goes through our stream writer (:mod:`mnemo_anim.render.writer`) when it handles
    the format. With ``MNEMO_ANIM_SPLIT=on`` a long enough video renders in two processes
    (:mod:`mnemo_anim.render.parallel`).
    """
    from manim import tempconfig

    from mnemo_anim.render import parallel
    from mnemo_anim.render.settings import part_config
    from mnemo_anim.render.writer import StreamRenderer, StreamWriter

    scene = scene_cls(job, renderer=StreamRenderer())
    writer = scene.renderer.file_writer
    streamed = isinstance(writer, StreamWriter)
    cut = None
    if streamed and parallel.split_allowed():
        plays = parallel.plan_plays(job, scene_cls)
        cut = parallel.choose_cut(plays)
    if cut is None:
        _render(scene)
        return scene, _verified(scene)

    final = Path(writer.movie_file_path)
    first, second = (final.with_name(f"{final.stem}.part{i}{final.suffix}") for i in (1, 2))
    count = len(plays)

    def render_second() -> int | None:
        with tempconfig(part_config(media, 2)):
            other = scene_cls(job, renderer=StreamRenderer(plays=range(cut, count), target=second))
            _render(other)
            return _verified(other)

    with parallel.forked(render_second) as child:
        # A fresh scene: the planning run above already played this one to the end.
        scene = scene_cls(job, renderer=StreamRenderer(plays=range(cut), target=first))
        _render(scene)
        theirs = child.wait()
    frames = parallel.join_parts([first, second], final)
    ours = _verified(scene)
    whole = ours is not None and theirs is not None and frames == ours + theirs
    return scene, frames if whole else None


def _verified(scene: Any) -> int | None:
    """The frames our stream writer wrote, every one decoded again on the way (its ``finish``
    raises otherwise); ``None`` for Manim's writer."""
    from mnemo_anim.render.writer import StreamWriter

    writer = scene.renderer.file_writer
    if isinstance(writer, StreamWriter) and writer.frames_written > 0:
        return int(writer.frames_written)
    return None


def _render(scene: Any) -> None:
    """``scene.render()``, closing its encoder if anything fails (Manim only does so for errors
    inside ``construct``; a long-lived batch worker must not keep a stray encoder thread)."""
    try:
        scene.render()
    except BaseException:
        scene.renderer.file_writer.abort_encode_jobs()
        raise


def _explain(job: AnyJob, error: Exception) -> RenderError:
    text = str(error)
    first_line = text.splitlines()[0] if text else type(error).__name__
    if "latex" in text.lower() or "LaTeX" in type(error).__name__:
        return RenderError(
            f"{job.scene}: LaTeX failed ({first_line}). "
            "Install the LaTeX packages with: apt-get install texlive-latex-base "
            "texlive-latex-extra texlive-fonts-recommended dvisvgm"
        )
    return RenderError(f"{job.scene} failed to render: {type(error).__name__}: {text}")


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so readers see the old file or the new one, never half."""
    with partial_file(target) as tmp:
        tmp.write_bytes(data)
        os.replace(tmp, target)


def _finish(
    job: AnyJob,
    produced: Path,
    output_dir: Path,
    steps: tuple[tuple[str, float, float], ...],
    sections_dir: Path | None,
    verified: int | None = None,
) -> Probe:
    """Check what Manim wrote and move it, and its companions, into ``output_dir``.

    ``verified`` is the number of frames already decoded while the video was written: an MP4
    is then checked packet by packet instead of decoded a second time.
    """
    from mnemo_anim.render import encode
    from mnemo_anim.render.captions import to_chapters, to_srt, to_vtt

    name, fmt = job.output_name, job.render.format
    target = output_dir / f"{name}.{fmt}"
    with partial_file(target) as tmp:
        if fmt == "mp4":
            encode.faststart_remux(produced, tmp)
        elif fmt == "mov":
            tag = "ap4h" if job.render.transparent else None
            encode.faststart_remux(produced, tmp, container="mov", codec_tag=tag)
        else:
            shutil.copyfile(produced, tmp)
        if fmt == "png":
            info = encode.probe_image(tmp)
        elif fmt == "mp4" and verified is not None:
            info = _probe_packets(tmp, verified)
        else:
            info = encode.probe(tmp)
        os.replace(tmp, target)
    texts = job.caption_texts()
    if texts:
        write_atomic(output_dir / f"{name}.srt", to_srt(steps, texts).encode())
        write_atomic(output_dir / f"{name}.vtt", to_vtt(steps, texts).encode())
    if job.render.thumbnail and fmt != "png":
        write_atomic(output_dir / f"{name}.png", encode.last_frame_png(target))
    if job.render.sections and sections_dir is not None:
        _place_sections(name, fmt, sections_dir, output_dir, steps)
        write_atomic(output_dir / f"{name}.chapters.txt", to_chapters(steps).encode())
    return info


def _probe_packets(path: Path, frames: int) -> Probe:
    """What a decoder sees in ``path``, a stream whose every packet was decoded while it was
    written: every packet is read (the remux lost none), nothing is decoded again."""
    from mnemo_anim.render import encode

    info = encode.probe(path, decode=False)
    if info.frames != frames:
        raise RenderError(f"the rendered file {path.name} has {info.frames} of {frames} frames")
    return info


def _place_sections(
    name: str,
    fmt: str,
    sections_dir: Path,
    output_dir: Path,
    steps: tuple[tuple[str, float, float], ...],
) -> None:
    """Move Manim's per-section clips to ``<name>_sections/NN-<step>.<fmt>`` atomically."""
    clips = sorted(p for p in sections_dir.glob(f"*.{fmt}") if p.is_file())
    folder = output_dir / f"{name}_sections"
    staging = Path(
        tempfile.mkdtemp(
            prefix=f"{PARTIAL_PREFIX}{name}-{os.getpid()}-",
            suffix=PARTIAL_SUFFIX,
            dir=staging_dir(output_dir),
        )
    )
    try:
        for index, (clip, (step, _, _)) in enumerate(zip(clips, steps, strict=False)):
            slug = re.sub(r"[^A-Za-z0-9]+", "-", step).strip("-").lower()
            shutil.copyfile(clip, staging / f"{index:02d}-{slug}.{fmt}")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mnemo_anim.config.models import AnyJob
from mnemo_anim.errors import RenderError
from mnemo_anim.render.encode import Probe

PARTIAL_PREFIX = ".mnemo-"
PARTIAL_SUFFIX = ".partial"
# The owning process id inside a leftover's name: `.mnemo-<stem>-<pid>-<ns>.partial.mp4` or
# `job-<pid>-<random>`.
_OWNER = re.compile(r"(?:^job-(\d+)-|-(\d+)-\d+\.partial)")


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


def sweep_stale(output_dir: Path, work_dir: Path) -> None:
    """Remove leftovers of renders whose process died (killed, power cut)."""
    for folder, pattern in (
        (output_dir, f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}*"),
        (work_dir, "job-*"),
    ):
        if not folder.is_dir():
            continue
        for leftover in folder.glob(pattern):
            match = _OWNER.search(leftover.name)
            if match and not _pid_alive(int(match[1] or match[2])):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def partial_file(target: Path) -> Iterator[Path]:
    """A hidden temporary path beside ``target``; removed unless it was moved into place."""
    tmp = target.with_name(
        f"{PARTIAL_PREFIX}{target.stem}-{os.getpid()}-{time.monotonic_ns()}{PARTIAL_SUFFIX}{target.suffix}"
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


def render_job(job: AnyJob, output_dir: Path) -> RenderResult:
    """Render ``job`` to ``output_dir/<name>.mp4`` and return what was written."""
    # Manim is imported here, not at module import, so the CLI's --help and validate stay fast.
    from manim import tempconfig

    from mnemo_anim.render.encode import faststart_remux, probe
    from mnemo_anim.render.settings import manim_config
    from scenes import scene_class

    check_latex()
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
    for folder in (work_dir, tex_dir):
        folder.mkdir(parents=True, exist_ok=True)
    sweep_stale(output_dir, work_dir)

    name = job.output_name
    target = output_dir / f"{name}.{job.render.format}"
    scene_cls = scene_class(job.scene)
    media = Path(tempfile.mkdtemp(prefix=f"job-{os.getpid()}-", dir=work_dir))
    try:
        with tempconfig(
            manim_config(job.render, media_dir=media, tex_dir=tex_dir, output_file=name)
        ):
            scene = scene_cls(job)
            try:
                scene.render()
            except (KeyboardInterrupt, RenderError):
                raise
            except Exception as error:
                raise RenderError(
                    f"{job.scene} failed to render: {type(error).__name__}: {error}"
                ) from error
            movie = Path(scene.renderer.file_writer.movie_file_path)
            steps = tuple(scene.steps)
        if not movie.is_file():
            raise RenderError(f"Manim finished but wrote no video for {name}")
        with partial_file(target) as tmp:
            try:
                faststart_remux(movie, tmp)
                info = probe(tmp)
                os.replace(tmp, target)
            except OSError as error:
                raise RenderError(f"cannot write {target}: {error.strerror or error}") from error
    finally:
        shutil.rmtree(media, ignore_errors=True)
    return RenderResult(target, info, time.perf_counter() - started, steps)

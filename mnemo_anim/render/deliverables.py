"""The formats that are not one video: a slides deck and a storyboard, made from a job.

- ``slides``: the job is rendered as an MP4 with one section a step into a private work folder,
  and its section clips become ``<name>_slides/`` (:func:`mnemo_anim.deliver.slides.write_slides`)
  with the captions, or the automatic narration, as speaker notes and the theme's colours.
- ``storyboard``: only the frame at each step's end is drawn, no video is encoded
  (:func:`mnemo_anim.deliver.storyboard.job_storyboard`).

A lecture rendered with ``--format slides`` is one deck of its parts' decks
(:func:`mnemo_anim.render.lecture.join_lecture_deck`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mnemo_anim import files
from mnemo_anim.config.models import AnyJob
from mnemo_anim.deliver import Palette
from mnemo_anim.errors import RenderError

if TYPE_CHECKING:
    from mnemo_anim.render.runner import RenderResult
    from mnemo_anim.render.ticks import Ticker

Warn = Callable[[str], None] | None


def render_any(
    job: AnyJob, output_dir: Path, *, warn: Warn = None, ticker: Ticker | None = None
) -> RenderResult:
    """Render ``job`` into ``output_dir``, whatever its format: a video or still through
    :func:`mnemo_anim.render.runner.render_job`, a deck or a storyboard here."""
    from mnemo_anim.config.render import DELIVERABLES
    from mnemo_anim.render.runner import render_job

    if job.render.format in DELIVERABLES:
        return render_deliverable(job, output_dir, warn=warn, ticker=ticker)
    if warn is None:
        return render_job(job, output_dir, ticker=ticker)
    return render_job(job, output_dir, warn=warn, ticker=ticker)


def render_deliverable(
    job: AnyJob, output_dir: Path, *, warn: Warn, ticker: Ticker | None = None
) -> RenderResult:
    """Make ``job``'s slides deck or storyboard in ``output_dir`` (``render.format`` says which).

    Raises
    ------
    RenderError
        The render failed, or the output folder cannot be written.
    """
    if job.render.format == "slides":
        return render_slides(job, output_dir, warn=warn, ticker=ticker)
    return render_storyboard(job, output_dir, warn=warn, ticker=ticker)


def palette_of(job: AnyJob) -> Palette:
    """The page's or board's colours: the video's theme."""
    from mnemo_anim.visuals.theme import resolve_theme

    return Palette.from_theme(resolve_theme(job.style))


def speaker_notes(job: AnyJob) -> dict[str, str]:
    """What a presenter reads at each step: the captions, or the automatic narration."""
    return job.caption_texts() or job.auto_narration()


def as_video(job: AnyJob, fmt: str = "mp4") -> AnyJob:
    """``job`` rendered as a video of ``fmt`` with one section (clip) a step."""
    render = job.render.model_copy(update={"format": fmt, "sections": True})
    return job.model_copy(update={"render": render})


def render_slides(
    job: AnyJob, output_dir: Path, *, warn: Warn, ticker: Ticker | None = None
) -> RenderResult:
    """Render ``job`` with a section a step and write ``<name>_slides/`` from the clips.

    Returns
    -------
    RenderResult
        ``path`` is the deck's ``index.html``; ``probe`` describes the whole lesson's video
        (length, picture), which the deck plays step by step.
    """
    from mnemo_anim.deliver.slides import section_slides, write_slides
    from mnemo_anim.render.runner import RenderResult, render_job

    started = time.perf_counter()
    name = job.output_name
    output_dir = files.ensure_writable(Path(output_dir))
    with files.work_dir("slides-") as work:
        video = render_job(as_video(job), work, warn=warn, ticker=ticker)
        slides = section_slides(
            work / f"{name}_sections", [step for step, _, _ in video.steps], speaker_notes(job)
        )
        index = _write(
            lambda: write_slides(
                output_dir,
                name,
                slides,
                title=job.title or name,
                palette=palette_of(job),
                sound=job.narrated,  # a narrated deck speaks (muted where a browser insists)
                move=True,
            ),
            output_dir,
        )
    return RenderResult(index, video.probe, time.perf_counter() - started, video.steps)


def render_storyboard(
    job: AnyJob, output_dir: Path, *, warn: Warn, ticker: Ticker | None = None
) -> RenderResult:
    """Write ``<name>.storyboard.png``: only the step ends are drawn, no video encoded."""
    from mnemo_anim.deliver.storyboard import job_storyboard
    from mnemo_anim.render.encode import probe_image
    from mnemo_anim.render.runner import RenderResult, preflight_warnings
    from mnemo_anim.render.svglock import install_svg_lock

    install_svg_lock()
    if warn is not None:
        for message in preflight_warnings(job):
            warn(message)
    started = time.perf_counter()
    output_dir = files.ensure_writable(Path(output_dir))
    hooks = [ticker.step] if ticker is not None else []
    try:
        board = _write(lambda: job_storyboard(job, output_dir, hooks), output_dir)
    except (KeyboardInterrupt, RenderError):
        raise
    except Exception as error:
        message = f"{job.scene}: the storyboard failed: {type(error).__name__}: {error}"
        raise RenderError(message) from error
    return RenderResult(board, probe_image(board), time.perf_counter() - started)


def _write(make: Callable[[], Path], output_dir: Path) -> Path:
    try:
        return make()
    except OSError as error:
        raise RenderError(f"cannot write into {output_dir}: {error.strerror or error}") from error

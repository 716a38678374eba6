"""Plan and run a set of jobs: what ``render`` and ``batch`` do once their flags are parsed.

The CLI turns its flags into one frozen :class:`RenderOptions`; this module loads the jobs those
options describe (:func:`plan_configs`, :func:`plan_batch`), then renders them with the executor
they name, shows progress, prints the results and raises when a job failed (:func:`run_plan`).
Neither imports Manim: a dry run or a fully cached batch never does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from mnemo_anim.config.batch import PlannedJob, load_batch, load_inputs
from mnemo_anim.config.lecture import Lecture, lecture_files, load_lecture
from mnemo_anim.errors import ConfigError, Problem, RenderError
from mnemo_anim.render.batch import JobReport, run_batch, up_to_date
from mnemo_anim.render.executors import default_jobs, make_executor
from mnemo_anim.render.options import RenderOptions
from mnemo_anim.render.progress import make_reporter, print_plan, print_results

__all__ = ["Plan", "RenderOptions", "expand_paths", "plan_batch", "plan_configs", "run_plan"]


@dataclass(frozen=True)
class Plan:
    """Validated jobs with unique names, and how to show their results.

    ``single`` is one plain config given to ``render``: it renders in this process and only its
    path is printed (with "up to date" on stderr when the cache says so). Like a batch job it
    is cached and recorded in the manifest, but no review page is written for it. ``lecture``
    is a lecture file's: ``jobs`` are its parts, rendered into their own folder and joined into
    one video.
    """

    jobs: tuple[PlannedJob, ...]
    single: bool = False
    lecture: Lecture | None = None


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Expand quoted globs (``'configs/**/*.yaml'``); plain names are kept for the loader."""
    paths: list[Path] = []
    problems = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                problems.append(Problem(pattern, None, None, "", "no file matches this pattern"))
            paths += [Path(m) for m in matches if Path(m).is_file()]
        else:
            paths.append(Path(pattern))
    if problems:
        raise ConfigError(problems)
    seen: set[Path] = set()
    unique = []
    for path in paths:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def plan_configs(paths: Sequence[Path], options: RenderOptions) -> Plan:
    """Load configs and batch files with the options' overrides; every job is checked.

    A lecture file is rendered on its own: its parts are checked, ``--name`` names the lecture.
    """
    lecture = _lecture_among(paths)
    if lecture is not None:
        return plan_lecture(lecture, options)
    planned = load_inputs(paths, options.overrides())
    single = len(planned) == 1 and planned[0].origin == str(paths[0])
    return Plan(tuple(planned), single)


def _lecture_among(paths: Sequence[Path]) -> Path | None:
    """The lecture file among ``paths`` (which must then be the only path), if any."""
    found = lecture_files(paths)
    if found and len(paths) > 1:
        raise ConfigError(
            [Problem(str(found[0]), None, None, "", "a lecture file is rendered on its own")]
        )
    return found[0] if found else None


def plan_lecture(path: Path, options: RenderOptions) -> Plan:
    """Load a lecture file; the flags apply to every part, ``--name`` names the lecture."""
    if options.format not in (None, "mp4", "slides"):
        message = "a lecture is one mp4, or with --format slides one deck; drop --format"
        raise ConfigError([Problem("--format", None, None, "", message)])
    named = dataclasses.replace(options, name=None)
    lecture = load_lecture(path, named.overrides())
    if options.name:
        lecture = dataclasses.replace(lecture, name=options.name)
    return Plan(lecture.jobs, lecture=lecture)


def plan_batch(file: Path, options: RenderOptions) -> Plan:
    """Expand a batch file with the options' overrides; every job is checked."""
    return Plan(tuple(load_batch(file, options.overrides())))


def run_plan(plan: Plan, options: RenderOptions) -> list[JobReport]:
    """Render ``plan`` as ``options`` say; progress on stderr, results on stdout.

    Returns
    -------
    list of JobReport
        One per job (empty for a dry run).

    Raises
    ------
    RenderError
        A job failed (exit 1).
    Interrupted
        Ctrl-C (exit 130), after the workers stopped and cleaned up.
    """
    output_dir = options.output_dir
    if plan.lecture is not None:
        from mnemo_anim.render.lecture import parts_dir

        output_dir = parts_dir(plan.lecture, options.output_dir)
    if options.dry_run:
        print_plan(plan.jobs, output_dir, force=options.force)
        return []
    reports = run_batch(
        plan.jobs,
        output_dir,
        make_executor(options.executor, options.jobs or default_jobs(), options.scheduler),
        force=options.force,
        fail_fast=options.fail_fast,
        reporter=None if plan.single and _all_cached(plan, options) else make_reporter(plan.jobs),
    )
    if plan.single:
        for report in reports:
            if report.status == "cached":
                click.echo(f"{report.name} is up to date (--force renders it again)", err=True)
            if report.file is not None:
                click.echo(str(report.file))
        _stamp_single(plan.jobs[0], reports, options)
    else:
        print_results(reports, stream=sys.stderr if plan.lecture else None)
        write_review(output_dir)
    _raise_for_failures(reports)
    if plan.lecture is not None:
        from mnemo_anim.render.lecture import join_lecture, join_lecture_deck

        if options.format == "slides":
            joined = join_lecture_deck(plan.lecture, reports, options.output_dir)
        else:
            joined = join_lecture(plan.lecture, reports, options.output_dir, _warn)
        click.echo(str(joined.file))
        reports = [*reports, joined]
    return reports


def _stamp_single(job: PlannedJob, reports: Sequence[JobReport], options: RenderOptions) -> None:
    """Record the stamp of a single render that stands, so the next unchanged ``render CONFIG``
    is answered before the config is even loaded (:mod:`mnemo_anim.render.stamp`)."""
    if not reports or reports[0].status not in ("rendered", "cached"):
        return
    from mnemo_anim.render.manifest import update_manifest
    from mnemo_anim.render.narration import audio_inputs
    from mnemo_anim.render.stamp import stamp

    files, packages = audio_inputs(job.job)
    record = stamp(Path(job.origin), files, packages, options)
    with contextlib.suppress(OSError):  # without it the next render only takes the full path
        update_manifest(options.output_dir, {job.name: {"stamp": record}}, patch=True)


def _all_cached(plan: Plan, options: RenderOptions) -> bool:
    """Whether every job is up to date (then a single render says so and nothing else)."""
    if options.force:
        return False
    return len(up_to_date(plan.jobs, options.output_dir)) == len(plan.jobs)


def write_review(output_dir: Path) -> Path:
    """Write ``output_dir/index.html``, the review page, from the manifest.

    Raises
    ------
    RenderError
        The page cannot be written.
    """
    from mnemo_anim.deliver.review import write_review_page

    try:
        return write_review_page(output_dir)
    except OSError as error:
        raise RenderError(
            f"cannot write the review page {output_dir / 'index.html'}: {error.strerror or error}"
        ) from error


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _raise_for_failures(reports: Sequence[JobReport]) -> None:
    failed = [r.name for r in reports if r.status == "failed"]
    if len(reports) == 1 and failed:
        raise RenderError(reports[0].error or "the render failed")
    if failed:
        shown = ", ".join(failed[:5]) + (", …" if len(failed) > 5 else "")
        raise RenderError(f"{len(failed)} of {len(reports)} job(s) failed: {shown}")

"""Run many planned jobs: skip the up-to-date ones, execute the rest, record each in the manifest.

The cache check reads only the manifest and file sizes, so a fully cached batch never imports
Manim. Each finished job is recorded in ``manifest.json`` as soon as it finishes, so an
interrupted batch keeps the entries of everything it completed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mnemo_anim import files
from mnemo_anim.config.batch import PlannedJob
from mnemo_anim.errors import MnemoError, RenderError
from mnemo_anim.render.cache import is_fresh, job_hash, output_path
from mnemo_anim.render.executors import Executor, Outcome, Task
from mnemo_anim.render.manifest import read_manifest, update_manifest

STATUSES = ("rendered", "cached", "failed", "cancelled")


class Interrupted(MnemoError):
    """Ctrl-C: work stopped; finished files and their manifest entries were kept."""

    exit_code = 130


@dataclass(frozen=True)
class JobReport:
    """The fate of one planned job in this run.

    Attributes
    ----------
    name
        The job's output name.
    status
        ``rendered``, ``cached`` (up to date, skipped), ``failed`` or ``cancelled`` (not started
        because of ``--fail-fast``).
    file
        The output file, for ``rendered`` and ``cached``.
    seconds
        Render time in this run (0 for cached and cancelled jobs).
    error
        Why it failed.
    origin
        Where the job was defined.
    """

    name: str
    status: str
    file: Path | None
    seconds: float
    error: str | None
    origin: str


class Reporter(Protocol):
    """Progress for a person: told when the batch starts, each job starts and ends."""

    def begin(self, total: int, cached: int) -> None:
        """``total`` jobs, of which ``cached`` are already up to date."""

    def started(self, name: str) -> None:
        """A job was handed to a worker."""

    def finished(self, report: JobReport) -> None:
        """A job finished (rendered or failed)."""

    def note(self, message: str) -> None:
        """Something worth knowing."""

    def progress(self, name: str, kind: str, args: tuple[Any, ...]) -> None:
        """An event from inside job ``name``'s render (see :mod:`mnemo_anim.render.ticks`)."""

    def end(self) -> None:
        """The batch is over (or interrupted)."""


class _Silent:
    wants_total = False

    def begin(self, total: int, cached: int) -> None:
        pass

    def started(self, name: str) -> None:
        pass

    def progress(self, name: str, kind: str, args: tuple[Any, ...]) -> None:
        pass

    def finished(self, report: JobReport) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def end(self) -> None:
        pass


def run_batch(
    planned: Sequence[PlannedJob],
    output_dir: Path,
    executor: Executor,
    *,
    force: bool = False,
    fail_fast: bool = False,
    manifest: bool = True,
    reporter: Reporter | None = None,
) -> list[JobReport]:
    """Render every planned job that is not up to date and return one report per job.

    Parameters
    ----------
    planned
        Validated jobs with unique names (see ``mnemo_anim.config.batch``).
    output_dir
        Where the files and ``manifest.json`` go.
    executor
        Runs the jobs that must render.
    force
        Render even the jobs the cache says are up to date.
    fail_fast
        Start no new job after the first failure; those not started are ``cancelled``.
    manifest
        Use the cache and record the results in ``output_dir/manifest.json``.
    reporter
        Told about progress (default: nothing).

    Returns
    -------
    list of JobReport
        In the order of ``planned``.

    Raises
    ------
    RenderError
        The output folder cannot be created or written.
    Interrupted
        On Ctrl-C, after the workers stopped and cleaned up.
    """
    reporter = reporter or _Silent()
    output_dir = Path(output_dir)
    by_name = {p.name: p for p in planned}
    hashes = {p.name: job_hash(p.job) for p in planned}
    reports = _cached(planned, output_dir, hashes, force=force) if manifest else {}
    todo = [Task(p.name, p.job) for p in planned if p.name not in reports]
    reporter.begin(len(planned), len(reports))
    try:
        if todo:
            outcomes = executor.run(todo, output_dir, fail_fast=fail_fast, events=reporter)
            with contextlib.closing(outcomes):
                for outcome in outcomes:
                    job = by_name[outcome.name]
                    reports[outcome.name] = _report(outcome, job, output_dir)
                    if manifest:
                        _record(
                            output_dir, {outcome.name: _entry(outcome, job, hashes, output_dir)}
                        )
                    for message in outcome.warnings:
                        reporter.note(message)
                    reporter.finished(reports[outcome.name])
    except KeyboardInterrupt:
        reporter.end()
        done = sum(r.status == "rendered" for r in reports.values())
        raise Interrupted(
            f"interrupted: {done} finished file(s) kept, {len(todo) - done} job(s) not finished "
            "(no partial files left); run again to continue"
        ) from None
    for p in planned:
        reports.setdefault(p.name, JobReport(p.name, "cancelled", None, 0.0, None, p.origin))
    reporter.end()
    return [reports[p.name] for p in planned]


def _cached(
    planned: Sequence[PlannedJob], output_dir: Path, hashes: dict[str, str], *, force: bool
) -> dict[str, JobReport]:
    """Reports for the jobs that are up to date, each marked ``cached`` in the manifest."""
    files.ensure_writable(output_dir)
    fresh = set() if force else up_to_date(planned, output_dir, hashes)
    reports = {
        p.name: JobReport(p.name, "cached", output_path(output_dir, p.job), 0.0, None, p.origin)
        for p in planned
        if p.name in fresh
    }
    if reports:
        _record(output_dir, {n: {"status": "cached"} for n in reports}, patch=True)
    return reports


def up_to_date(
    planned: Sequence[PlannedJob], output_dir: Path, hashes: dict[str, str] | None = None
) -> set[str]:
    """Names of the jobs whose file in ``output_dir`` the manifest vouches for (no Manim import)."""
    hashes = hashes or {p.name: job_hash(p.job) for p in planned}
    recorded = read_manifest(Path(output_dir))
    return {
        p.name
        for p in planned
        if is_fresh(recorded.get(p.name), hashes[p.name], output_path(output_dir, p.job))
    }


def _record(output_dir: Path, entries: dict[str, dict[str, Any]], *, patch: bool = False) -> None:
    try:
        update_manifest(output_dir, entries, patch=patch)
    except OSError as error:
        raise RenderError(
            f"cannot update {output_dir / 'manifest.json'}: {error.strerror or error}"
        ) from error


def _report(outcome: Outcome, job: PlannedJob, output_dir: Path) -> JobReport:
    if outcome.ok:
        return JobReport(
            outcome.name,
            "rendered",
            output_dir / str(outcome.file),
            outcome.seconds,
            None,
            job.origin,
        )
    return JobReport(outcome.name, "failed", None, outcome.seconds, outcome.error, job.origin)


def _entry(
    outcome: Outcome, job: PlannedJob, hashes: dict[str, str], output_dir: Path
) -> dict[str, Any]:
    render = job.job.render
    entry: dict[str, Any] = {
        "hash": hashes[outcome.name],
        "file": outcome.file or render.output_file(job.name),
        "seconds": round(outcome.seconds, 3),
        "origin": job.origin,
        # For the review page, which shows and sorts by them.
        "scene": job.job.scene,
        "aspect": render.aspect,
        "platform": render.platform,
        "format": render.format,
    }
    if not outcome.ok:
        return {**entry, "status": "failed", "error": outcome.error}
    probe = outcome.probe or {}
    try:
        size = (output_dir / str(outcome.file)).stat().st_size
    except OSError:
        size = None
    return {
        **entry,
        "warnings": _warnings(outcome, render.aspect, render.platform),
        "status": "rendered",
        "size": size,
        "duration": round(float(probe.get("duration", 0.0)), 3),
        "resolution": f"{probe.get('width')}x{probe.get('height')}",
        "width": probe.get("width"),
        "height": probe.get("height"),
        "fps": probe.get("fps"),
        "frames": probe.get("frames"),
        "codec": probe.get("codec"),
    }


def _warnings(outcome: Outcome, aspect: str, platform: str | None) -> list[str]:
    """What the renderer warned about (low contrast, too long for the job's platform by the
    dry run's count), then the platforms the finished video is too long for: the job's own, or
    every platform of its aspect when it names none."""
    from mnemo_anim.deliver.review import duration_warnings

    duration = float((outcome.probe or {}).get("duration") or 0.0)
    found = list(outcome.warnings)
    return found + [w for w in duration_warnings(duration, aspect, platform) if w not in found]

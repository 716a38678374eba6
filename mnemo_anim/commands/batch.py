"""``mnemo-anim batch FILE``: render every job of a batch file, in parallel, cached.

Also home of :func:`run_planned`, which ``render`` uses for several configs: the same executors,
cache, manifest, progress display and results table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from mnemo_anim.commands.options import execution_options, overrides_from, render_options
from mnemo_anim.commands.progress import make_reporter, print_results
from mnemo_anim.config.batch import PlannedJob, load_batch
from mnemo_anim.errors import RenderError
from mnemo_anim.render.batch import JobReport, run_batch, up_to_date
from mnemo_anim.render.cache import output_path
from mnemo_anim.render.executors import default_jobs, make_executor


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@render_options
@execution_options
@click.option(
    "--dry-run",
    is_flag=True,
    default=False,
    help="Check every job and list what would render, without rendering.",
)
@click.pass_context
def batch(
    ctx: click.Context,
    file: Path,
    quality: str | None,
    fps: int | None,
    aspect: str | None,
    format_: str | None,
    transparent: bool,
    platform: str | None,
    output_dir: Path,
    sets: tuple[str, ...],
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    force: bool,
    fail_fast: bool,
    dry_run: bool,
) -> None:
    """Render every job of a batch file (defaults, jobs, matrix).

    Every job is checked before the first render starts. Jobs whose file is up to date are
    skipped (see output/manifest.json); the flags override the batch file. Progress goes to
    stderr, a results table to stdout; exit 1 if any job failed.
    """
    overrides = overrides_from(
        sets,
        quality=quality,
        fps=fps,
        aspect=aspect,
        format_=format_,
        transparent=transparent,
        platform=platform,
    )
    planned = load_batch(file, overrides)
    run_planned(
        ctx,
        planned,
        output_dir,
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        force=force,
        fail_fast=fail_fast,
        dry_run=dry_run,
    )


def run_planned(
    ctx: click.Context,
    planned: Sequence[PlannedJob],
    output_dir: Path,
    *,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    force: bool,
    fail_fast: bool,
    dry_run: bool = False,
    manifest: bool = True,
    table: bool = True,
) -> list[JobReport]:
    """Render ``planned`` with the executor the options name; print progress and results.

    ``manifest`` turns on the cache and ``manifest.json``; ``table`` prints the results table
    on stdout, otherwise only the paths of the rendered files. Raises ``RenderError`` (exit 1)
    when any job failed, ``Interrupted`` (exit 130) on Ctrl-C.
    """
    if scheduler is not None and executor != "dask":
        source = ctx.get_parameter_source("executor")
        if source is not click.core.ParameterSource.DEFAULT:
            raise click.UsageError("--scheduler needs --executor dask")
        executor = "dask"  # a scheduler address can only mean Dask
    if dry_run:
        _print_plan(planned, output_dir, force=force or not manifest)
        return []
    reports = run_batch(
        planned,
        output_dir,
        make_executor(executor, jobs or default_jobs(), scheduler),
        force=force,
        fail_fast=fail_fast,
        manifest=manifest,
        reporter=make_reporter(planned),
    )
    if table:
        print_results(reports)
    else:
        for report in reports:
            if report.file is not None:
                click.echo(str(report.file))
    failed = [r.name for r in reports if r.status == "failed"]
    if len(reports) == 1 and failed:
        raise RenderError(reports[0].error or "the render failed")
    if failed:
        shown = ", ".join(failed[:5]) + (", …" if len(failed) > 5 else "")
        raise RenderError(f"{len(failed)} of {len(reports)} job(s) failed: {shown}")
    return reports


def _print_plan(planned: Sequence[PlannedJob], output_dir: Path, *, force: bool) -> None:
    fresh = set() if force else up_to_date(planned, output_dir)
    rows = [
        (
            p.name,
            "up to date" if p.name in fresh else "to render",
            str(output_path(output_dir, p.job)),
            p.origin,
        )
        for p in planned
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        click.echo("  ".join([*cells, row[3]]))
    todo = sum(p.name not in fresh for p in planned)
    click.echo(f"{len(planned)} job(s): {len(planned) - todo} up to date, {todo} to render")

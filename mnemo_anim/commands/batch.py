"""``mnemo-anim batch FILE``: render every job of a batch file, in parallel, cached."""

from __future__ import annotations

from pathlib import Path

import click

from mnemo_anim.commands.options import execution_options, pass_options, render_options
from mnemo_anim.render.options import RenderOptions


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
@pass_options
def batch(file: Path, options: RenderOptions) -> None:
    """Render every job of a batch file (defaults, jobs, matrix).

    Every job is checked before the first render starts. Jobs whose file is up to date are
    skipped (see output/manifest.json); the flags override the batch file. Progress goes to
    stderr, a results table to stdout; exit 1 if any job failed.
    """
    from mnemo_anim.render import service

    service.run_plan(service.plan_batch(file, options), options)

"""``mnemo-anim render``: validate every config first, then render each to a video.

One config renders in this process, always, and prints the video's path. Several configs (or
a batch file among them) run like ``mnemo-anim batch``: in parallel, cached, with a manifest
and a results table.
"""

from __future__ import annotations

from pathlib import Path

import click

from mnemo_anim.commands.batch import run_planned
from mnemo_anim.commands.options import (
    execution_options,
    expand_paths,
    overrides_from,
    render_options,
)
from mnemo_anim.config.batch import load_inputs


@click.command()
@click.argument("configs", nargs=-1, required=True, metavar="CONFIG...")
@render_options
@click.option("--name", "-n", default=None, help="Output base name (one config only).")
@execution_options
@click.pass_context
def render(
    ctx: click.Context,
    configs: tuple[str, ...],
    quality: str | None,
    fps: int | None,
    aspect: str | None,
    format_: str | None,
    transparent: bool,
    platform: str | None,
    output_dir: Path,
    sets: tuple[str, ...],
    name: str | None,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    force: bool,
    fail_fast: bool,
) -> None:
    """Render configs to videos in the output folder.

    Every config is checked before the first render starts. With one config, the path of the
    finished video is printed on stdout. With several (quoted globs such as 'configs/*.yaml'
    are expanded; batch files are expanded into their jobs) they render in parallel, up-to-date
    videos are skipped, output/manifest.json records each, and a results table is printed.
    """
    paths = expand_paths(configs)
    if name and len(paths) > 1:
        raise click.UsageError("--name names one video; give a single CONFIG or drop --name")
    overrides = overrides_from(
        sets,
        quality=quality,
        fps=fps,
        aspect=aspect,
        name=name,
        format_=format_,
        transparent=transparent,
        platform=platform,
    )
    planned = load_inputs(paths, overrides)
    # One plain config: render it, always, and print its path (as before batches existed).
    single = len(planned) == 1 and planned[0].origin == str(paths[0])
    run_planned(
        ctx,
        planned,
        output_dir,
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        force=force,
        fail_fast=fail_fast,
        manifest=not single,
        table=not single,
    )

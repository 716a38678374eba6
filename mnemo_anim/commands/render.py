"""``mnemo-anim render``: validate every config first, then render each to a video."""

from __future__ import annotations

from pathlib import Path

import click

from mnemo_anim.commands.options import expand_paths, overrides_from, render_options
from mnemo_anim.config.loader import load_all


@click.command()
@click.argument("configs", nargs=-1, required=True, metavar="CONFIG...")
@render_options
@click.option("--name", "-n", default=None, help="Output base name (one config only).")
def render(
    configs: tuple[str, ...],
    quality: str | None,
    fps: int | None,
    aspect: str | None,
    output_dir: Path,
    sets: tuple[str, ...],
    name: str | None,
) -> None:
    """Render configs to videos in the output folder.

    Every config is checked before the first render starts; the path of each finished video is
    printed on stdout.
    """
    paths = expand_paths(configs)
    if name and len(paths) > 1:
        raise click.UsageError("--name names one video; give a single CONFIG or drop --name")
    overrides = overrides_from(sets, quality=quality, fps=fps, aspect=aspect, name=name)
    jobs = load_all(paths, overrides)

    from mnemo_anim.render.runner import render_job  # imports Manim: only once there is work

    for path, job in jobs:
        geo = job.render.geometry()
        click.echo(
            f"rendering {path} ({job.scene}, {geo.pixel_width}x{geo.pixel_height}@{geo.fps})",
            err=True,
        )
        result = render_job(job, output_dir)
        click.echo(
            f"  done in {result.seconds:.1f}s: {result.probe.duration:.1f}s of video", err=True
        )
        click.echo(str(result.path))

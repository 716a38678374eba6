"""``mnemo-anim validate``: check configs without rendering (never imports Manim)."""

from __future__ import annotations

import click

from mnemo_anim.commands.options import expand_paths


@click.command()
@click.argument("configs", nargs=-1, required=True, metavar="CONFIG...")
@click.option(
    "--set",
    "-s",
    "sets",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a field before checking.",
)
def validate(configs: tuple[str, ...], sets: tuple[str, ...]) -> None:
    """Check configs and report every problem at once."""
    from mnemo_anim.config.loader import load_all

    for path, job in load_all(expand_paths(configs), sets):
        geo = job.render.geometry()
        click.echo(
            f"ok {path}: {job.scene}, {geo.pixel_width}x{geo.pixel_height}@{geo.fps} "
            f"→ {job.output_name}.{job.render.format}"
        )

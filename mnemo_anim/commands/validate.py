"""``mnemo-anim validate``: check configs and batch files without rendering (no Manim import)."""

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
    """Check configs and batch files and report every problem at once."""
    from mnemo_anim.config.batch import load_inputs

    for planned in load_inputs(expand_paths(configs), sets):
        job = planned.job
        geo = job.render.geometry()
        click.echo(
            f"ok {planned.origin}: {job.scene}, {geo.pixel_width}x{geo.pixel_height}@{geo.fps} "
            f"→ {planned.name}.{job.render.format}"
        )

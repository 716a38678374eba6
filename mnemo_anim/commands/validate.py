"""``mnemo-anim validate``: check configs and batch files without rendering (no Manim import)."""

from __future__ import annotations

import click

from mnemo_anim.commands.options import set_option
from mnemo_anim.config.loader import Override


@click.command()
@click.argument("configs", nargs=-1, required=True, metavar="CONFIG...")
@set_option("Override a field before checking.")
def validate(configs: tuple[str, ...], sets: tuple[Override, ...]) -> None:
    """Check configs and batch files and report every problem at once."""
    from mnemo_anim.config.batch import load_inputs
    from mnemo_anim.render.service import expand_paths

    for planned in load_inputs(expand_paths(configs), sets):
        job = planned.job
        geo = job.render.geometry()
        click.echo(
            f"ok {planned.origin}: {job.scene}, {geo.pixel_width}x{geo.pixel_height}@{geo.fps} "
            f"→ {job.render.output_file(planned.name)}"
        )

"""``mnemo-anim validate``: check configs and batch files without rendering (no Manim import)."""

from __future__ import annotations

import click

from mnemo_anim.commands.options import set_option
from mnemo_anim.config.overrides import Override


@click.command()
@click.argument("configs", nargs=-1, required=True, metavar="CONFIG...")
@set_option("Override a field before checking.")
def validate(configs: tuple[str, ...], sets: tuple[Override, ...]) -> None:
    """Check configs, batch files and lecture files and report every problem at once."""
    from mnemo_anim.config.batch import PlannedJob, load_inputs
    from mnemo_anim.config.lecture import lecture_files, load_lecture
    from mnemo_anim.errors import ConfigError, Problem
    from mnemo_anim.render.service import expand_paths

    paths = expand_paths(configs)
    lectures = lecture_files(paths)
    found: list[PlannedJob] = []
    problems: list[Problem] = []
    for path in lectures:
        try:
            found += load_lecture(path, sets).jobs
        except ConfigError as error:
            problems += error.problems
    others = [path for path in paths if path not in lectures]
    try:
        found += load_inputs(others, sets) if others else []
    except ConfigError as error:
        problems += error.problems
    if problems:
        raise ConfigError(problems)
    for planned in found:
        job = planned.job
        geo = job.render.geometry()
        click.echo(
            f"ok {planned.origin}: {job.scene}, {geo.pixel_width}x{geo.pixel_height}@{geo.fps} "
            f"→ {job.render.output_file(planned.name)}"
        )

"""``mnemo-anim scenes``: list the scene kinds a config can name, or one kind's steps."""

from __future__ import annotations

import click

from mnemo_anim.config.choices import SCENE_KINDS


@click.command()
@click.option(
    "--steps",
    "steps_of",
    type=click.Choice(SCENE_KINDS),
    default=None,
    metavar="KIND",
    help="List the named steps of KIND (for captions and chapters) instead.",
)
def scenes(steps_of: str | None) -> None:
    """List the scene kinds, one line each."""
    from mnemo_anim.config.models import JOB_MODELS, SCENE_SUMMARIES

    if steps_of is None:
        width = max(map(len, SCENE_SUMMARIES))
        for kind, summary in SCENE_SUMMARIES.items():
            click.echo(f"{kind.ljust(width)}  {summary}")
        return
    job = JOB_MODELS[steps_of].model_validate({})
    narration = job.auto_narration()
    click.echo(f"# steps of {steps_of} with its default numbers, and their automatic captions;")
    click.echo("# steps that depend on the matrix (one per row, say) follow your config's size.")
    for name in job.steps():
        click.echo(f"{name}\t{narration.get(name, '')}")

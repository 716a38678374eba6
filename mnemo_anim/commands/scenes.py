"""``mnemo-anim scenes``: list the scene kinds a config can name."""

from __future__ import annotations

import click

from mnemo_anim.config.models import SCENE_SUMMARIES


@click.command()
def scenes() -> None:
    """List the scene kinds, one line each."""
    width = max(map(len, SCENE_SUMMARIES))
    for kind, summary in SCENE_SUMMARIES.items():
        click.echo(f"{kind.ljust(width)}  {summary}")

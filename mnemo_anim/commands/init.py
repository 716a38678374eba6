"""``mnemo-anim init KIND``: print a commented starter config for a scene kind."""

from __future__ import annotations

import click

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.starter import starter_yaml


@click.command()
@click.argument("kind", type=click.Choice(list(JOB_MODELS)))
def init(kind: str) -> None:
    """Print a commented starter config for KIND."""
    click.echo(starter_yaml(kind), nl=False)

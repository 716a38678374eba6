"""``mnemo-anim init KIND``: print a commented starter config for a scene kind."""

from __future__ import annotations

import click

from mnemo_anim.config.choices import SCENE_KINDS


@click.command()
@click.argument("kind", type=click.Choice(SCENE_KINDS))
def init(kind: str) -> None:
    """Print a commented starter config for KIND."""
    from mnemo_anim.config.starter import starter_yaml

    click.echo(starter_yaml(kind), nl=False)

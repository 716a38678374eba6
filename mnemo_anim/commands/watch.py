"""``mnemo-anim watch CONFIG``: render a preview, and again each time the config is saved."""

from __future__ import annotations

from pathlib import Path

import click

from mnemo_anim.commands.options import pass_options, render_options
from mnemo_anim.render.options import RenderOptions


@click.command()
@click.argument("config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@render_options
@click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Render the first round even if the file is up to date.",
)
@pass_options
def watch(config: Path, options: RenderOptions) -> None:
    """Render CONFIG as a preview, then again each time it or a file it names is saved.

    Quality is preview unless --quality says otherwise; --format storyboard draws only the
    step ends. A save that does not validate prints the located error and the watch goes on.
    Ctrl-C stops (exit 0); nothing half-written is left in the output folder.
    """
    from mnemo_anim.render.watch import watch as watch_config

    watch_config(config, options)

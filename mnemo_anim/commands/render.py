"""``mnemo-anim render``: validate every config first, then render each to a video.

One config renders in this process (unless it is up to date) and prints the video's path.
Several configs (or a batch file among them) run like ``mnemo-anim batch``: in parallel, cached,
with a manifest, a results table and a review page.
"""

from __future__ import annotations

from pathlib import Path

import click

from mnemo_anim.commands.options import execution_options, pass_options, render_options
from mnemo_anim.render.options import RenderOptions


@click.command()
@click.argument("configs", nargs=-1, required=True, metavar="CONFIG...")
@render_options
@click.option("--name", "-n", default=None, help="Output base name (one config only).")
@execution_options
@pass_options
def render(configs: tuple[str, ...], options: RenderOptions) -> None:
    """Render configs to videos in the output folder.

    Every config is checked before the first render starts. With one config, the path of the
    finished video is printed on stdout; an unchanged config is not rendered again ("up to
    date" on stderr; --force renders anyway). --format slides writes a deck, --format
    storyboard a PNG of every step. With several (quoted globs such as 'configs/*.yaml'
    are expanded; batch files are expanded into their jobs) they render in parallel, up-to-date
    videos are skipped, output/manifest.json records each, and a results table is printed.
    """
    if len(configs) == 1 and Path(configs[0]).is_file():
        from mnemo_anim.render.stamp import up_to_date

        found = up_to_date(Path(configs[0]), options)
        if found is not None:  # unchanged since its last render: nothing loaded, nothing drawn
            click.echo(f"{found[0]} is up to date (--force renders it again)", err=True)
            click.echo(str(found[1]))
            return
    from mnemo_anim.render import service

    paths = service.expand_paths(configs)
    if options.name and len(paths) > 1:
        raise click.UsageError("--name names one video; give a single CONFIG or drop --name")
    service.run_plan(service.plan_configs(paths, options), options)

"""``mnemo-anim schema``: the JSON Schema of a config, for editors and CI checks."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mnemo_anim import files


@click.command()
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of stdout.",
)
def schema(output: Path | None) -> None:
    """Write the JSON Schema of a config."""
    from mnemo_anim.config.models import job_schema

    text = json.dumps(job_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomic(output, text)
    click.echo(str(output))

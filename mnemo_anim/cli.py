"""The ``mnemo-anim`` command group: wires the commands, each defined in its own module.

Exit codes: 0 success, 1 a render failed, 2 bad input (config or usage).
"""

from __future__ import annotations

import gc
import signal

import click

from mnemo_anim import __version__
from mnemo_anim.commands.batch import batch
from mnemo_anim.commands.init import init
from mnemo_anim.commands.render import render
from mnemo_anim.commands.scenes import scenes
from mnemo_anim.commands.schema import schema
from mnemo_anim.commands.validate import validate
from mnemo_anim.commands.watch import watch


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="mnemo-anim")
def cli() -> None:
    """Turn YAML configs into Manim videos that teach matrix-vector multiplication."""


for command in (render, batch, watch, validate, scenes, init, schema):
    cli.add_command(command)


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM (a scheduler, `kill`, a container stop) unwinds like Ctrl-C, so every `finally`
    # runs: temporary media is removed and no unfinished file is left behind.
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the ``mnemo-anim`` script and ``python -m mnemo_anim``."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli(prog_name="mnemo-anim")
    finally:
        # Every file is written and closed by now. A render leaves Manim's hundred thousand
        # objects behind, and the interpreter's closing garbage collections over them took
        # about 0.2 s, a twentieth of a short render: frozen, they are left to the process's end.
        gc.freeze()

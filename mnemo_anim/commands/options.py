"""Options shared by commands, parsed where they enter and gathered into one ``RenderOptions``.

``--set KEY.PATH=VALUE`` is parsed by its parameter type into a structured ``Override`` (the
value read as YAML); the other flags keep their plain values and become overrides located at
the flag (``--name: render.name: …``). No flag is ever turned into YAML text.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mnemo_anim.config.choices import FORMATS, PLATFORM_NAMES, QUALITIES
from mnemo_anim.config.overrides import Override, parse_override
from mnemo_anim.render.options import RenderOptions

F = TypeVar("F", bound=Callable[..., Any])

_FIELDS = frozenset(field.name for field in dataclasses.fields(RenderOptions))


class OverrideType(click.ParamType):
    """``KEY.PATH=VALUE`` → ``Override``; the value is read as YAML (``--set render.fps=30``).

    A malformed item is a located ``ConfigError`` (``--set fps30: write overrides as …``, exit 2),
    the same message the loader gives for overrides written in Python.
    """

    name = "KEY.PATH=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Override):
            return value
        return parse_override(str(value))


def set_option(help_text: str) -> Callable[[F], F]:
    """``--set`` / ``-s``, repeatable, each item parsed into an ``Override``."""
    return click.option(
        "--set",
        "-s",
        "sets",
        type=OverrideType(),
        multiple=True,
        metavar="KEY.PATH=VALUE",
        help=help_text,
    )


def _apply(func: F, decorators: list[Callable[[F], F]]) -> F:
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def render_options(func: F) -> F:
    """``--quality``, ``--fps``, ``--aspect``, ``--format``, ``--transparent``, ``--platform``,
    ``--output`` and ``--set``, shared by ``render`` and ``batch``."""
    return _apply(
        func,
        [
            click.option(
                "--quality",
                "-q",
                type=click.Choice(list(QUALITIES)),
                default=None,
                help="Quality preset (overrides render.quality).",
            ),
            click.option(
                "--fps",
                type=click.IntRange(1, 120),
                default=None,
                help="Frame rate (overrides render.fps).",
            ),
            click.option(
                "--aspect",
                default=None,
                metavar="W:H",
                help="Aspect ratio, e.g. 16:9 or 9:16 (overrides render.aspect).",
            ),
            click.option(
                "--format",
                "-f",
                "format",
                type=click.Choice(list(FORMATS)),
                default=None,
                help="Container, or slides / storyboard (overrides render.format).",
            ),
            click.option(
                "--transparent",
                is_flag=True,
                default=False,
                help="Transparent background (sets render.transparent).",
            ),
            click.option(
                "--platform",
                type=click.Choice(PLATFORM_NAMES),
                default=None,
                help="Target platform (overrides render.platform).",
            ),
            click.option(
                "--output",
                "-o",
                "output_dir",
                type=click.Path(file_okay=False, path_type=Path),
                default=Path("output"),
                show_default=True,
                help="Folder the videos are written to.",
            ),
            set_option("Override any config field, e.g. --set timing.speed=1.5 (repeatable)."),
        ],
    )


def execution_options(func: F) -> F:
    """``--jobs``, ``--executor``, ``--scheduler``, ``--force`` and ``--fail-fast``."""
    return _apply(
        func,
        [
            click.option(
                "--jobs",
                "-j",
                type=click.IntRange(1, 1024),
                default=None,
                help="Jobs rendered at once: local worker processes, or Dask LocalCluster "
                "workers [default: CPU count].",
            ),
            click.option(
                "--executor",
                type=click.Choice(["local", "dask"]),
                default="local",
                show_default=True,
                help="Where jobs run: a local process pool, or a Dask cluster.",
            ),
            click.option(
                "--scheduler",
                default=None,
                metavar="ADDR",
                help="Dask scheduler, e.g. tcp://host:8786 (default with --executor dask: start "
                "a local cluster).",
            ),
            click.option(
                "--force",
                is_flag=True,
                default=False,
                help="Render every job, even those the cache says are up to date.",
            ),
            click.option(
                "--fail-fast",
                is_flag=True,
                default=False,
                help="Start no new job after the first failure.",
            ),
        ],
    )


def pass_options(func: F) -> F:
    """Hand the command one frozen ``RenderOptions`` (as ``options``) instead of its flags.

    Apply it below the option decorators; parameters that are not options (arguments, the
    context) pass through unchanged.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {key: kwargs.pop(key) for key in list(kwargs) if key in _FIELDS}
        options = RenderOptions(**given)
        _check_scheduler(options)
        if options.scheduler is not None:
            options = dataclasses.replace(options, executor="dask")
        return func(*args, options=options, **kwargs)

    return wrapper  # type: ignore[return-value]


def _check_scheduler(options: RenderOptions) -> None:
    """A scheduler address can only mean Dask; ``--executor local`` with one is a mistake."""
    if options.scheduler is None or options.executor == "dask":
        return
    source = click.get_current_context().get_parameter_source("executor")
    if source is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--scheduler needs --executor dask")

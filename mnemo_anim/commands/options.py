"""Options shared by commands, and turning them into config overrides."""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from mnemo_anim.config.render import QUALITIES
from mnemo_anim.errors import ConfigError, Problem

F = TypeVar("F", bound=Callable[..., Any])


def render_options(func: F) -> F:
    """``--quality``, ``--fps``, ``--aspect``, ``--format``, ``--transparent``, ``--platform``,
    ``--output`` and ``--set``, shared by ``render`` and ``batch``."""
    decorators = [
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
            "format_",
            type=click.Choice(["mp4", "webm", "mov", "gif", "png"]),
            default=None,
            help="Container (overrides render.format).",
        ),
        click.option(
            "--transparent",
            is_flag=True,
            default=False,
            help="Transparent background (sets render.transparent).",
        ),
        click.option(
            "--platform",
            type=click.Choice(["youtube", "shorts", "reels", "tiktok", "square"]),
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
        click.option(
            "--set",
            "-s",
            "sets",
            multiple=True,
            metavar="KEY.PATH=VALUE",
            help="Override any config field, e.g. --set timing.speed=1.5 (repeatable).",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def execution_options(func: F) -> F:
    """``--jobs``, ``--executor``, ``--scheduler``, ``--force`` and ``--fail-fast``."""
    decorators = [
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 1024),
            default=None,
            help="Jobs rendered at once: local worker processes, or Dask LocalCluster workers "
            "[default: CPU count].",
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
            help="Dask scheduler, e.g. tcp://host:8786 (default with --executor dask: start a "
            "local cluster).",
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
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def overrides_from(
    sets: Iterable[str],
    *,
    quality: str | None = None,
    fps: int | None = None,
    aspect: str | None = None,
    name: str | None = None,
    format_: str | None = None,
    transparent: bool = False,
    platform: str | None = None,
) -> list[str]:
    """Flags first, then ``--set`` items, so an explicit ``--set`` wins over a flag."""
    out = []
    if quality:
        out.append(f"render.quality={quality}")
    if fps:
        out.append(f"render.fps={fps}")
    if aspect:
        out.append(f'render.aspect="{aspect}"')
    if format_:
        out.append(f"render.format={format_}")
    if transparent:
        out.append("render.transparent=true")
    if platform:
        out.append(f"render.platform={platform}")
    if name:
        out.append(f'render.name="{name}"')
    return [*out, *sets]


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Expand quoted globs (``'configs/**/*.yaml'``); plain names are kept for the loader."""
    paths: list[Path] = []
    problems = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                problems.append(Problem(pattern, None, None, "", "no file matches this pattern"))
            paths += [Path(m) for m in matches if Path(m).is_file()]
        else:
            paths.append(Path(pattern))
    if problems:
        raise ConfigError(problems)
    seen: set[Path] = set()
    unique = []
    for path in paths:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique

"""``mnemo-anim watch``: render a config, then render it again each time one of its files is saved.

The files watched are the config itself, the configs a batch file names with ``config:``, and
any recording a job names (a model lists its input files with ``input_files()``; fields whose
name mentions a recording are found as well). Their folders are watched, not the files, so an
editor that saves by writing a new file and renaming it over the old one is seen too.

Each round goes through the same planning, cache and runner as ``render``: a save that changes
nothing prints "up to date" at once; a config that does not validate prints its located error
and the watch goes on; Ctrl-C stops between or inside renders, and the runner's atomic writes
leave nothing half-written.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from mnemo_anim.errors import MnemoError
from mnemo_anim.render.service import RenderOptions, plan_configs, run_plan

DEBOUNCE_MS = 200  # editors write a file in several calls; one render per save
# How often the wait also compares the files' times and sizes with those the last round saw:
# a save made between the end of a render and the start of the OS watch is caught too.
RECHECK_MS = 500
Stamps = dict[Path, tuple[int, int] | None]
Wait = Callable[[Stamps], bool]


def watch(
    config: Path,
    options: RenderOptions,
    *,
    wait: Wait | None = None,
    rounds: int | None = None,
) -> None:
    """Render ``config`` as ``options`` say, then again after each save, until Ctrl-C.

    Parameters
    ----------
    config
        A config or batch file.
    options
        Render options; quality defaults to ``preview``.
    wait
        Blocks until one of the files changes from the given times and sizes; returns
        ``False`` to stop (default: :func:`wait_for_change`, file events from the OS).
    rounds
        Stop after this many renders (for tests; ``None``: until interrupted).
    """
    options = dataclasses.replace(options, quality=options.quality or "preview")
    wait = wait or wait_for_change
    watched = {config.resolve()}
    done = 0
    try:
        while rounds is None or done < rounds:
            before = _stamps(watched)
            watched = render_round(config, options) | watched_files(config)
            options = dataclasses.replace(options, force=False)  # --force: the first round only
            done += 1
            if rounds is not None and done >= rounds:
                break
            seen = _stamps(watched)
            if seen != before:
                continue  # saved again while rendering: render the newest version now
            click.echo(f"watching {_names(watched)}; Ctrl-C to stop", err=True)
            if not wait(seen):
                break
    except KeyboardInterrupt:
        pass
    click.echo("stopped watching", err=True)


def render_round(config: Path, options: RenderOptions) -> set[Path]:
    """Render once; a bad config or a failed render is printed, not raised.

    Returns the files this round's jobs read (recordings), to be watched as well.

    Raises
    ------
    KeyboardInterrupt
        Ctrl-C, also when it stopped a render (whose temporary files are gone by then).
    """
    try:
        plan = plan_configs([config], options)
        inputs = {path for planned in plan.jobs for path in job_inputs(planned.job, config)}
        run_plan(plan, options)
    except MnemoError as error:
        if error.exit_code == 130:  # an interrupted render
            raise KeyboardInterrupt from error
        click.echo(f"error: {error.format_message()}", err=True)
        return set()
    return inputs


def watched_files(config: Path) -> set[Path]:
    """``config`` and the configs it names with ``config:`` when it is a batch file."""
    found = {config.resolve()}
    try:
        import yaml

        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except Exception:  # unreadable or half-saved: watch the file alone until it parses
        return found
    jobs = data.get("jobs") if isinstance(data, dict) else None
    for entry in jobs if isinstance(jobs, list) else []:
        name = entry.get("config") if isinstance(entry, dict) else entry
        if isinstance(name, str):
            found.add((config.parent / name).resolve())
    return found


def job_inputs(job: Any, config: Path) -> set[Path]:
    """The files ``job`` reads besides its config: its model's ``input_files()`` when it has
    that method, and string values of fields whose name mentions a recording. Relative paths
    are taken from the config's folder."""
    listed = getattr(job, "input_files", None)
    paths = [Path(p) for p in listed()] if callable(listed) else []
    paths += [Path(value) for value in _recording_values(job.model_dump(mode="json"))]
    return {(p if p.is_absolute() else config.parent / p).resolve() for p in paths}


def _recording_values(data: Any, inside: bool = False) -> Iterator[str]:
    """Strings under a key that mentions a recording (``recording:``, ``recordings: {…}``)."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _recording_values(value, inside or "recording" in str(name).lower())
    elif isinstance(data, list):
        for value in data:
            yield from _recording_values(value, inside)
    elif isinstance(data, str) and inside:
        yield data


def wait_for_change(seen: Stamps) -> bool:
    """Block until one of the files is written, created, replaced or removed.

    ``seen`` maps each file to its (mtime, size) when the last round ended (``None``: missing).
    Returns ``True`` (``KeyboardInterrupt`` on Ctrl-C).
    """
    paths = set(seen)
    import logging

    from watchfiles import watch as watch_folders

    # watchfiles logs "1 change detected" at INFO, through whatever handler Manim installed.
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    folders = sorted({p.parent for p in paths if p.parent.is_dir()})
    wanted = {os.fspath(p) for p in paths}

    def relevant(change: Any, path: str) -> bool:
        return os.fspath(Path(path).resolve()) in wanted

    for changes in watch_folders(
        *folders,
        watch_filter=relevant,
        debounce=DEBOUNCE_MS,
        rust_timeout=RECHECK_MS,
        yield_on_timeout=True,
        recursive=False,
        raise_interrupt=True,
    ):
        if changes or _stamps(paths) != seen:
            return True
    return False


def _stamps(paths: Iterable[Path]) -> Stamps:
    stamps: Stamps = {}
    for path in paths:
        try:
            stat = path.stat()
            stamps[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamps[path] = None
    return stamps


def _names(paths: Iterable[Path]) -> str:
    cwd = Path.cwd()
    shown = []
    for path in sorted(paths):
        try:
            shown.append(str(path.relative_to(cwd)))
        except ValueError:
            shown.append(str(path))
    return ", ".join(shown)

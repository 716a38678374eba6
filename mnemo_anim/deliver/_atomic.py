"""Atomic writes for the delivery pages: a reader sees the old file (or folder) or the new one.

A stand-in for the project's file-system module: temporary names follow the runner's
``.mnemo-<stem>-<pid>-<ns>.partial`` pattern, so a leftover of a killed process is swept with
the runner's own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path


def _partial_name(target: Path) -> Path:
    return target.with_name(
        f".mnemo-{target.stem}-{os.getpid()}-{time.monotonic_ns()}.partial{target.suffix}"
    )


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename."""
    tmp = _partial_name(target)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    write_bytes_atomic(target, text.encode("utf-8"))


@contextlib.contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` to fill; it replaces ``target`` when the block succeeds.

    The old folder is renamed aside before the new one is renamed in, so ``target`` is missing
    only between two renames, never half filled; on failure nothing changes.
    """
    staging = _partial_name(target)
    staging.mkdir(parents=True)
    old = _partial_name(target.with_name(target.name + "-old"))
    try:
        yield staging
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)

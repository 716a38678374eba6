"""Every rule about touching the disk: cache folders, staging, atomic writes, locks, sweeping.

Nothing else in mnemo-anim renames into place, fsyncs or locks a file; it calls this module.

- **Cache.** Manim's media, the shared LaTeX cache, work and staging folders live in the per-user
  cache folder (``platformdirs``, e.g. ``~/.cache/mnemo-anim``), or in ``$MNEMO_ANIM_CACHE``.
  Never in ``output/``.
- **Atomic writes.** A new file is written under a hidden ``.mnemo-<stem>-<pid>-<n>.partial``
  name in a staging folder on the output's file system, flushed to disk (``fsync``), renamed onto
  its target in one ``os.replace``, and the rename itself is flushed (``fsync`` of the folder).
  A reader sees the old file or the whole new one, also after a crash or power cut.
- **Folder swaps.** A folder (``<name>_sections/``) is assembled in staging and swapped in.
- **Locks.** ``filelock`` locks on a file beside what they guard (manifest, LaTeX cache).
- **Stale sweep.** Leftovers carry the pid of the process that made them; those of dead
  processes are removed by the next render.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mnemo_anim.errors import RenderError

if TYPE_CHECKING:
    from filelock import FileLock

CACHE_ENV = "MNEMO_ANIM_CACHE"
APP_NAME = "mnemo-anim"
PARTIAL_PREFIX = ".mnemo-"
PARTIAL_SUFFIX = ".partial"
WORK_PREFIX = "job-"
# The owning process id inside a leftover's name: `.mnemo-<stem>-<pid>-<n>.partial.mp4` or
# `job-<pid>-<random>`.
_OWNER = re.compile(r"(?:^job-(\d+)-|-(\d+)-[A-Za-z0-9_]+\.partial)")
_counter = itertools.count()


# --- folders -----------------------------------------------------------------------------------


def cache_root() -> Path:
    """The per-user cache folder (``$MNEMO_ANIM_CACHE`` when set)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def cache_folder(name: str) -> Path:
    """The cache's folder ``name`` (``work``, ``texts``, ``outlines``, ``staging``), created.

    Raises
    ------
    RenderError
        The folder cannot be created.
    """
    folder = cache_root() / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(
            f"cannot create the cache folder {cache_root()}: {error.strerror}"
        ) from error
    return folder


def ensure_writable(folder: Path) -> Path:
    """Create ``folder`` if needed and check that files can be written into it.

    Raises
    ------
    RenderError
        It cannot be created, or is not writable.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"cannot create the output folder {folder}: {error.strerror}") from error
    if not os.access(folder, os.W_OK):
        raise RenderError(f"the output folder {folder} is not writable")
    return folder


@contextlib.contextmanager
def work_dir(tag: str = "") -> Iterator[Path]:
    """A private folder in the cache for one job's temporary files, removed afterwards.

    Named ``job-<pid>-…`` so that the folder of a killed process is swept later.
    """
    parent = cache_folder("work")
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-{tag}", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def staging_dir(target_dir: Path) -> Path:
    """Where a file is finished before its one rename into ``target_dir``.

    The cache's staging folder when it is on the same file system (so nothing unfinished is
    ever visible in ``output/``, even after a SIGKILL); otherwise ``target_dir`` itself, with
    hidden ``.mnemo-*.partial`` names, since a rename is only atomic within one file system.
    """
    staging = cache_root() / "staging"
    try:
        staging.mkdir(parents=True, exist_ok=True)
        if staging.stat().st_dev == Path(target_dir).stat().st_dev:
            return staging
    except OSError:
        pass
    return Path(target_dir)


def partial_name(stem: str, suffix: str = "") -> str:
    """A hidden temporary name that says which process owns it (see :func:`sweep_stale`)."""
    return f"{PARTIAL_PREFIX}{stem}-{os.getpid()}-{next(_counter)}{PARTIAL_SUFFIX}{suffix}"


# --- atomic writes -----------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_path(target: Path, *, durable: bool = True) -> Iterator[Path]:
    """A temporary path to write ``target``'s new content to; it replaces ``target`` when the
    ``with`` block ends normally, and is removed if the block raises. ``durable=False`` skips
    the two syncs to disk (for a cache entry, which a crash may lose but never half-write).

    Examples
    --------
    >>> with atomic_path(out / "clip.mp4") as tmp:  # doctest: +SKIP
    ...     remux(source, tmp)
    """
    target = Path(target)
    tmp = staging_dir(target.parent) / partial_name(target.stem, target.suffix)
    try:
        yield tmp
        if durable:
            _fsync(tmp)
        os.replace(tmp, target)
        if durable:
            _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(target: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` (text is UTF-8) to ``target``: readers see the old file or the new one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target, durable=durable) as tmp:
        tmp.write_bytes(payload)


def copy_atomic(source: Path, target: Path) -> None:
    """Copy ``source`` onto ``target`` atomically."""
    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """A staging folder to fill; it replaces the folder ``target`` as a whole when the ``with``
    block ends normally, and is removed if the block raises.

    The old folder is first renamed aside (into staging, under a partial name), so ``target``
    never holds a mix of old and new files; a crash between the two renames leaves the old
    folder to the stale sweep.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)  # staging is chosen by its file system
    staging = staging_dir(target.parent)
    folder = Path(
        tempfile.mkdtemp(
            prefix=f"{PARTIAL_PREFIX}{target.name}-{os.getpid()}-",
            suffix=PARTIAL_SUFFIX,
            dir=staging,
        )
    )
    aside = staging / partial_name(f"{target.name}-old")
    # mkdtemp makes a private (0700) folder; the finished one (a slides deck, a web server's
    # document) is readable like any other output.
    folder.chmod(0o755)
    try:
        yield folder
        for path in sorted(folder.rglob("*")):
            _fsync(path)
        if target.exists():
            os.replace(target, aside)
        os.replace(folder, target)
        _fsync(target.parent)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(aside, ignore_errors=True)


def _fsync(path: Path) -> None:
    """Flush ``path`` (a file's data, or a folder's entries) to disk."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # pragma: no cover - e.g. folders cannot be opened on Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


# --- locks -------------------------------------------------------------------------------------


def lock(path: Path) -> FileLock:
    """An exclusive lock on the file ``path`` between processes, re-entrant within a thread.

    Use as ``with lock(folder / ".name.lock"):``. The lock file stays (removing it would let
    two processes lock two different files of one name).
    """
    from filelock import FileLock  # imported when needed: `--help` and `validate` stay fast

    return FileLock(path, is_singleton=True, poll_interval=0.01)


# --- stale sweep -------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(output_dir: Path, work: Path | None = None) -> None:
    """Remove leftovers of renders whose process died (killed, power cut).

    Looks at partial files and folders in ``output_dir`` and in staging, and at work folders in
    ``work`` (default: the cache's work folder).
    """
    partial = f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}*"
    for folder, pattern in (
        (Path(output_dir), partial),
        (cache_root() / "staging", partial),
        (Path(work) if work is not None else cache_root() / "work", f"{WORK_PREFIX}*"),
    ):
        if not folder.is_dir():
            continue
        for leftover in folder.glob(pattern):
            matches = list(_OWNER.finditer(leftover.name))
            if matches and not _pid_alive(int(matches[-1][1] or matches[-1][2])):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)

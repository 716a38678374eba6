"""Make Manim's shared LaTeX cache safe for several rendering processes at once.

Manim writes into the cache folder in place, in two spots that break when processes share it:

- ``tex_to_svg_file`` compiles a formula there and then deletes every file that is not
  ``.svg`` or ``.tex``, including another process's half-finished ``.aux`` and ``.dvi``;
- ``SVGMobject.generate_mobject`` writes ``<name>_.svg`` beside the SVG it reads, parses it and
  deletes it, so two processes reading one formula delete each other's copy.

Parallel workers share one cache (each formula is compiled once, not once per worker), so both
run under one exclusive ``flock`` on a file beside the cache folder. A formula that is already
compiled costs an ``exists`` check and a parse under the lock: milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no parallel workers share a cache there
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".tex.lock"
F = TypeVar("F", bound=Callable[..., Any])

_local = threading.local()  # depth per thread, so a nested call does not lock twice


@contextlib.contextmanager
def tex_cache_lock() -> Iterator[None]:
    """Hold the LaTeX cache's lock (re-entrant within a thread)."""
    depth = getattr(_local, "depth", 0)
    if depth or fcntl is None:
        _local.depth = depth + 1
        try:
            yield
        finally:
            _local.depth = depth
        return
    from manim import config

    tex_dir = Path(config.get_dir("tex_dir"))
    tex_dir.mkdir(parents=True, exist_ok=True)
    # Beside the folder, not in it: Manim's clean-up deletes unknown files inside.
    with open(tex_dir.parent / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        _local.depth = 1
        try:
            yield
        finally:
            _local.depth = 0
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _locked(original: F) -> F:
    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with tex_cache_lock():
            return original(*args, **kwargs)

    wrapper._mnemo_locked = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def install_tex_lock() -> None:
    """Run Manim's LaTeX compilation and SVG parsing under the cache lock (idempotent).

    Imports Manim; call it in a process that is about to render.
    """
    import manim.mobject.text.tex_mobject as tex_mobject
    import manim.utils.tex_file_writing as writing
    from manim.mobject.svg.svg_mobject import SVGMobject

    if getattr(writing.tex_to_svg_file, "_mnemo_locked", False):
        return
    locked = _locked(writing.tex_to_svg_file)
    writing.tex_to_svg_file = locked
    tex_mobject.tex_to_svg_file = locked  # imported by name there
    SVGMobject.generate_mobject = _locked(SVGMobject.generate_mobject)  # type: ignore[method-assign]

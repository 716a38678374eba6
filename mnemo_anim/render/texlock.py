"""Make Manim's shared LaTeX cache safe for several rendering processes at once.

Manim writes into the cache folder in place, in two spots that break when processes share it:

- ``tex_to_svg_file`` compiles a formula there and then deletes every file that is not
  ``.svg`` or ``.tex``, including another process's half-finished ``.aux`` and ``.dvi``;
- ``SVGMobject.generate_mobject`` writes ``<name>_.svg`` beside the SVG it reads, parses it and
  deletes it, so two processes reading one formula delete each other's copy.

Parallel workers share one cache (each formula is compiled once, not once per worker), so both
run under one exclusive lock (:func:`mnemo_anim.files.lock`, re-entrant within a thread) on a
file beside the cache folder. A formula that is already compiled costs an ``exists`` check and
a parse under the lock: milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from mnemo_anim import files

LOCK_NAME = ".tex.lock"
F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def tex_cache_lock() -> Iterator[None]:
    """Hold the lock of the LaTeX cache Manim is configured with (re-entrant within a thread)."""
    from manim import config

    tex_dir = Path(config.get_dir("tex_dir"))
    tex_dir.mkdir(parents=True, exist_ok=True)
    # Beside the folder, not in it: Manim's clean-up deletes unknown files inside.
    with files.lock(tex_dir.parent / LOCK_NAME):
        yield


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

"""Make Manim's shared text cache safe for several rendering processes at once.

``SVGMobject.generate_mobject`` (behind every ``Text``) writes ``<name>_.svg`` beside the SVG it
reads in the cache, parses it and deletes it, so two processes setting the same new text delete
each other's copy. Parallel workers share one cache (each text is set once, not once per
worker), so that step runs under one exclusive lock (:func:`mnemo_anim.files.lock`, re-entrant
within a thread) on a file beside the cache folder: milliseconds per text. Formulas need no
lock: Typst compiles them in process, in memory.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from mnemo_anim import files

LOCK_NAME = ".texts.lock"
F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def text_cache_lock() -> Iterator[None]:
    """Hold the lock of the text cache Manim is configured with (re-entrant within a thread)."""
    from manim import config

    text_dir = Path(config.get_dir("text_dir"))
    text_dir.mkdir(parents=True, exist_ok=True)
    with files.lock(text_dir.parent / LOCK_NAME):
        yield


def _locked(original: F) -> F:
    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with text_cache_lock():
            return original(*args, **kwargs)

    wrapper._mnemo_locked = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def install_svg_lock() -> None:
    """Run Manim's SVG parsing under the text cache lock (idempotent).

    Imports Manim; call it in a process that is about to render.
    """
    from manim.mobject.svg.svg_mobject import SVGMobject

    if getattr(SVGMobject.generate_mobject, "_mnemo_locked", False):
        return
    SVGMobject.generate_mobject = _locked(SVGMobject.generate_mobject)  # type: ignore[method-assign]

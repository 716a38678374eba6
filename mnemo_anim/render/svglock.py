"""Make Manim's shared text cache safe for several rendering processes at once.

``Text._text2svg`` writes a text's SVG into the cache unless it exists, so another process may
read it half written; and ``SVGMobject.generate_mobject`` (behind every ``Text``) writes
``<name>_.svg`` beside the SVG it reads, parses it and deletes it, so two processes setting the
same new text delete each other's copy. Renders and dry runs set their text in private folders;
where a cache is shared anyway, both steps run under one exclusive lock
(:func:`mnemo_anim.files.lock`, re-entrant within a thread) on a file beside the cache folder.
Formulas need no lock: Typst compiles them in process, in memory.
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
    """Run Manim's text setting and SVG parsing under the text cache lock (idempotent).

    Imports Manim; call it in a process that is about to render.
    """
    from manim import MarkupText, Text
    from manim.mobject.svg.svg_mobject import SVGMobject

    if getattr(SVGMobject.generate_mobject, "_mnemo_locked", False):
        return
    SVGMobject.generate_mobject = _locked(SVGMobject.generate_mobject)  # type: ignore[method-assign]
    Text._text2svg = _locked(Text._text2svg)  # type: ignore[method-assign]
    MarkupText._text2svg = _locked(MarkupText._text2svg)  # type: ignore[method-assign]

"""How narration is worded to fit the screen: the caption line limits and picking the longest
text that fits them. Pure text: no Manim, no visuals, no NumPy, so the config models, the pure
lesson maths and the scenes all share one rule."""

from __future__ import annotations

import textwrap

CAPTION_LINE = 42  # characters a line, the common subtitle guideline
CAPTION_LINES = 2


def lines(text: str) -> list[str]:
    """``text`` broken into caption lines."""
    return textwrap.wrap(text, CAPTION_LINE)


def fits(*candidates: str) -> str:
    """The first text that fits the caption lines (the last one always): give the long form
    with every number first, then shorter forms."""
    for text in candidates:
        if len(lines(text)) <= CAPTION_LINES:
            return text
    return candidates[-1]

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


# -- widths of text on screen ------------------------------------------------------------------

# Advance widths in em of the default text font (DejaVu Sans), measured; a character not listed
# counts as 0.7 em (wider than most, so an estimate errs towards an extra line).
_WIDTH_GROUPS = {
    0.27: "ijl'",
    0.28: "IJ",
    0.31: " ,.:;|/\\",
    0.33: "f",
    0.35: "-",
    0.38: "rt()[]!",
    0.44: '"',
    0.48: "*_`",
    0.51: "sz?",
    0.53: "c",
    0.54: "L",
    0.56: "kFT",
    0.57: "vxy",
    0.59: "aoeYP",
    0.61: "bdghnpqu0123456789SE$",
    0.63: "K{}",
    0.66: "BVXZ",
    0.68: "CRA",
    0.71: "U",
    0.73: "HN",
    0.75: "DG",
    0.76: "OQ&",
    0.79: "w",
    0.81: "#+<=>^~",
    0.83: "M",
    0.92: "%",
    0.94: "m",
    0.96: "W@",
}
_WIDTHS = {c: w for w, chars in _WIDTH_GROUPS.items() for c in chars}
OTHER_WIDTH = 0.7


def text_em(text: str) -> float:
    """The width of ``text`` on one line, in em of the text font."""
    return sum(_WIDTHS.get(c, OTHER_WIDTH) for c in text)


def wrap_em(text: str, width: float) -> list[str]:
    """``text`` broken at spaces into lines at most ``width`` em wide (a word wider than a
    line stands alone on its line)."""
    out: list[str] = []
    for word in text.split():
        if out and text_em(out[-1] + " " + word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def fitting_chars(text: str, width: float, lines: int) -> int:
    """How many characters of ``text`` fit on ``lines`` lines of ``width`` em."""
    count = 0
    for end in range(1, len(text) + 1):
        if len(wrap_em(text[:end], width)) > lines:
            break
        count = end
    return count

"""Which characters of a config's text some installed font can draw, and asking for the drawable
form of an emoji.

Text is drawn by Pango, which takes each character the theme's font lacks from another
installed font (Debian's Noto fonts, installed by the bootstrap, cover most scripts). Two cases
draw nothing: no installed font has the character at all (Pango draws a box of its code), or only
a colour bitmap font has it (Noto Color Emoji), whose pictures the vector output leaves out. The
first is caught here when the config is validated; for the second, an emoji that an outline font
also has (DejaVu Sans draws the faces ☺ and 😀) is asked for in its text form (U+FE0E), which
Pango takes from the outline font.

Nothing here imports Manim: the config models check titles and captions with it.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

TEXT_STYLE = "\ufe0e"  # variation selector 15: draw the character as text, not as a picture
EMOJI_STYLE = "\ufe0f"
# Where the characters with an emoji (picture) presentation live.
_EMOJI_RANGES = ((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF))
_EMOJI_PLANE = (0x1F000, 0x1FAFF)


def is_emoji(char: str) -> bool:
    """Whether ``char`` is one that Pango may draw as a (colour) picture."""
    code = ord(char)
    low, high = _EMOJI_PLANE
    return low <= code <= high or any(a <= code <= b for a, b in _EMOJI_RANGES)


def text_presentation(text: str) -> str:
    """``text`` with every emoji asked for in its outline (text) form."""
    out = []
    for char in text:
        if char == EMOJI_STYLE:
            continue  # a request for the picture form: the picture would not be drawn
        out.append(char)
        if is_emoji(char):
            out.append(TEXT_STYLE)
    return "".join(out).replace(TEXT_STYLE + TEXT_STYLE, TEXT_STYLE)


def _plain(char: str) -> bool:
    """Characters every text font draws (no font look-up needed)."""
    return char.isascii() or char in "\u00a0·×÷±°²³¹½¼¾µ" or 0xC0 <= ord(char) <= 0x17F


@lru_cache(maxsize=1024)
def drawable(char: str) -> bool:
    """Whether an installed outline font (not only a colour bitmap font) has ``char``.

    Asks fontconfig (``fc-list``); where fontconfig is missing, nothing can be known and every
    character counts as drawable (Pango would then be missing too).
    """
    if _plain(char) or char in (TEXT_STYLE, EMOJI_STYLE) or char.isspace():
        return True
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    pattern = f":charset={ord(char):x}:outline=true:color=false"
    try:
        found = subprocess.run(
            [fc_list, pattern, "family"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.stdout.strip())


def undrawable(text: str) -> list[str]:
    """The distinct characters of ``text`` that no installed outline font can draw, in order."""
    seen: list[str] = []
    for char in text:
        if char not in seen and not drawable(char):
            seen.append(char)
    return seen


def describe(char: str) -> str:
    """``'🚀' (U+1F680)``: a character as an error message names it."""
    return f"{char!r} (U+{ord(char):04X})"

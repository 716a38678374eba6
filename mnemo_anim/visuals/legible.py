"""How tall text is on screen, read from the glyphs' boxes: the measure behind the legibility
floor (``layout.LEGIBLE_PX``).

The size of text is the height of a digit at its type size. A digit's own glyph is measured
where there is one; any other letter counts as the digit it stands beside would be (an ``x``
is shorter than a ``1`` of the same type, so its height is scaled by the ratio of the two, read
once from the typesetter). Brackets, operators and rules say nothing about the type size and
are left out; so are sub- and superscripts, which Typst sets at its script size (70 % of the
text they belong to).

Two kinds of text reach the screen: Typst formulas (``typeset.Glyph``, whose ``outline`` names
the character at its size) and Pango ``Text`` (titles, notes, captions, axis numbers), whose
glyphs follow the characters of ``text.text`` one for one.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from functools import lru_cache

from manim import Mobject, Text

from mnemo_anim.labels import GREEK
from mnemo_anim.visuals.typeset import Glyph, math

DIGITS = "0123456789"
# Pango text: digits and capitals stand as tall as each other in the sans-serif faces we use
# (DejaVu Sans: both 0.729 em); ascending lower-case letters a little taller (0.760 em).
_TEXT_DIGIT_LIKE = set(DIGITS + "ABCDEFGHIKLMNOPRSTUVWXYZ")
_TEXT_ASCENDERS = {c: 0.729 / 0.760 for c in "bdhkl"}


@lru_cache(maxsize=1)
def _typst_ratios() -> dict[str, float]:
    """For each outline Typst draws at text size: a digit's height over this glyph's height."""
    digits = [g for g in math(" ".join(DIGITS)).family_members_with_points()]
    reference = statistics.median(g.height for g in digits)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    sources = [
        " ".join(letters),
        '"' + letters + '"',  # upright text inside formulas ("first", "then")
        " ".join(GREEK),
        " ".join(f"hat({c})" for c in "ijkx"),
    ]
    ratios: dict[str, float] = {}
    for source in sources:
        for glyph in math(source).family_members_with_points():
            if isinstance(glyph, Glyph) and glyph.height > 0.05 * reference:
                ratios.setdefault(glyph.outline, reference / glyph.height)
    for glyph in digits:
        if isinstance(glyph, Glyph):
            ratios[glyph.outline] = reference / glyph.height
    return ratios


# The ligatures Pango draws in our text faces (DejaVu Sans): one glyph for two or three letters,
# longest first.
LIGATURES = ("ffi", "ffl", "ff", "fi", "fl")


def glyph_characters(text: Text) -> list[str] | None:
    """What each glyph of Pango ``text`` draws: a character, or the letters of a ligature
    (``fi``); ``None`` when the glyphs cannot be paired with the characters."""
    chars = [c for c in text.text if not c.isspace() and c not in "\ufe0e\ufe0f"]
    count = len(text.submobjects)
    if len(chars) == count:
        return chars
    joined, tokens, k = "".join(chars), [], 0
    while k < len(joined):
        step = next((len(lig) for lig in LIGATURES if joined.startswith(lig, k)), 1)
        tokens.append(joined[k : k + step])
        k += step
    return tokens if len(tokens) == count else None


def _text_glyphs(text: Text) -> Iterator[tuple[Mobject, float]]:
    """(glyph, digit height over glyph height) for the measurable characters of Pango text."""
    chars = glyph_characters(text)
    if chars is None:  # a character drew no glyph, or several: no safe pairing
        return
    glyphs = list(text.submobjects)
    found = False
    for char, glyph in zip(chars, glyphs, strict=True):
        if char in _TEXT_DIGIT_LIKE:
            found = True
            yield glyph, 1.0
    if not found:
        for char, glyph in zip(chars, glyphs, strict=True):
            if char in _TEXT_ASCENDERS:
                yield glyph, _TEXT_ASCENDERS[char]


def digit_heights(mob: Mobject) -> list[float]:
    """The digit height (Manim units) each measurable glyph of ``mob`` shows at its type size,
    for every visible glyph of ``mob`` and its family (Typst formulas and Pango text)."""
    ratios = _typst_ratios()
    out: list[float] = []
    for part in mob.get_family():
        if isinstance(part, Text):
            out += [g.height * r for g, r in _text_glyphs(part) if _shown(g)]
        elif isinstance(part, Glyph) and part.outline in ratios and _shown(part):
            out.append(part.height * ratios[part.outline])
    return out


def type_height(mob: Mobject) -> float | None:
    """The smallest digit height in ``mob`` (Manim units), or ``None`` if it shows no text."""
    heights = digit_heights(mob)
    return min(heights) if heights else None


def _shown(glyph: Mobject) -> bool:
    """Whether a glyph is drawn at all (faded-out text says nothing)."""
    if len(glyph.points) == 0:
        return False
    fill = glyph.get_fill_opacity() if hasattr(glyph, "get_fill_opacity") else 0.0
    return bool(fill > 0.01)


def match_type(mob: Mobject, height: float) -> Mobject:
    """Scale ``mob`` so that its smallest digit is ``height`` tall (Manim units): the words
    set beside numbers read at the numbers' size (unchanged when ``mob`` shows no text)."""
    own = type_height(mob)
    if own:
        mob.scale(height / own)
    return mob

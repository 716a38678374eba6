"""Narration text: sentences, and chunks that fit a caption of two lines of 42 characters."""

from __future__ import annotations

import re
import textwrap

from mnemo_anim.config.models import CAPTION_LINE, CAPTION_LINES

# The caption limits ``captions:`` uses on screen (two lines of 42 characters).
LINE = CAPTION_LINE
LINES = CAPTION_LINES

# A sentence ends at . ! ? or … followed by space and a capital, digit or quote; "1.5" and
# "e.g. the" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[A-Z0-9\"'(\[])")
# Clause boundaries a caption may break at: after , ; : or a dash.
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—-]\s)")


def clean(text: str) -> str:
    """Collapse whitespace (YAML block scalars keep newlines that speech engines read aloud)."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order, whitespace collapsed; none for blank text."""
    flat = clean(text)
    return [part.strip() for part in _SENTENCE_END.split(flat) if part.strip()] if flat else []


def fits(text: str, width: int = LINE, lines: int = LINES) -> bool:
    """Whether ``text`` wraps into at most ``lines`` lines of ``width`` characters."""
    return len(textwrap.wrap(text, width)) <= lines


def wrap(text: str, width: int = LINE) -> str:
    """``text`` as caption lines joined by newlines."""
    return "\n".join(textwrap.wrap(text, width))


def _pack(pieces: list[str], width: int, lines: int) -> list[str]:
    """Join consecutive pieces greedily while the result still fits."""
    chunks: list[str] = []
    for piece in pieces:
        if chunks and fits(f"{chunks[-1]} {piece}", width, lines):
            chunks[-1] = f"{chunks[-1]} {piece}"
        else:
            chunks.append(piece)
    return chunks


def chunks(sentence: str, width: int = LINE, lines: int = LINES) -> list[str]:
    """Split one sentence into caption chunks of at most ``lines`` × ``width`` characters.

    Breaks at clause boundaries first (a caption that ends at a comma reads better), and
    inside a clause too long for one caption, between words.
    """
    if fits(sentence, width, lines):
        return [sentence]
    pieces: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        if fits(clause, width, lines):
            pieces.append(clause)
        else:
            pieces.extend(_pack(clause.split(), width, lines))
    return _pack(pieces, width, lines)

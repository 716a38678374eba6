"""Matrix and vector displays with column colours shared by every scene.

Column j of a matrix, entry j of the vector it multiplies, and the plane arrow of column j all
take ``theme.column(j)``, so a viewer can follow one column through the whole video.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
from manim import DOWN, Mobject, VGroup

from mnemo_anim.maths import tex
from mnemo_anim.visuals.theme import Theme
from mnemo_anim.visuals.typeset import Formula, MatrixDisplay, math, matrix, sym


def matrix_display(
    values: Sequence[Sequence[float]] | np.ndarray,
    theme: Theme,
    *,
    decimals: int = 2,
    colored: bool = True,
) -> MatrixDisplay:
    """Show ``values``; with ``colored`` each column takes its column colour."""
    m = matrix([[tex(v, decimals) for v in row] for row in values], color=theme.text)
    for j, column in enumerate(m.get_columns()):
        column.set_color(theme.column(j) if colored else theme.text)
    return m


def vector_display(
    values: Sequence[float] | np.ndarray,
    theme: Theme,
    *,
    decimals: int = 2,
    colors: Sequence[str] | None = None,
) -> MatrixDisplay:
    """A column vector; entry j takes ``colors[j]`` (by default the column colours)."""
    m = matrix([[tex(v, decimals)] for v in values], color=theme.text)
    for j, entry in enumerate(m.get_entries()):
        entry.set_color(colors[j] if colors is not None else theme.column(j))
    return m


def label_below(target: Mobject, label: str, color: str, *, buff: float = 0.25) -> Formula:
    """A config label (``A``, ``x``, ``W_1``) typeset and centred under ``target``."""
    mob = math(sym(label), color=color)
    mob.next_to(target, DOWN, buff=buff)
    return mob


def row_of(matrix: MatrixDisplay, i: int) -> VGroup:
    """The entries of row ``i`` of a displayed matrix."""
    return cast(VGroup, matrix.get_rows()[i])

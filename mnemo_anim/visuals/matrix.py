"""Matrix and vector displays with column colours shared by every scene.

Column j of a matrix, entry j of the vector it multiplies, and the plane arrow of column j all
take ``theme.column(j)``, so a viewer can follow one column through the whole video.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
from manim import DOWN, MathTex, Matrix, Mobject, VGroup

from mnemo_anim.maths import tex
from mnemo_anim.visuals.theme import Theme

ENTRY_GAP = 0.55  # space between the widest entries of neighbouring columns


def _matrix(cells: Sequence[Sequence[str]]) -> Matrix:
    """A bracketed matrix of LaTeX cells, columns spaced for the widest entry."""
    probe = Matrix(cells, left_bracket="[", right_bracket="]")
    widest = max(entry.width for entry in probe.get_entries())
    h_buff = max(1.0, widest + ENTRY_GAP)
    if abs(h_buff - 1.3) < 0.05:  # Manim's default spacing already fits
        return probe
    return Matrix(cells, left_bracket="[", right_bracket="]", h_buff=h_buff)


def matrix_display(
    values: Sequence[Sequence[float]] | np.ndarray,
    theme: Theme,
    *,
    decimals: int = 2,
    colored: bool = True,
) -> Matrix:
    """Show ``values``; with ``colored`` each column takes its column colour."""
    m = _matrix([[tex(v, decimals) for v in row] for row in values])
    m.get_brackets().set_color(theme.text)
    for j, column in enumerate(m.get_columns()):
        column.set_color(theme.column(j) if colored else theme.text)
    return m


def vector_display(
    values: Sequence[float] | np.ndarray,
    theme: Theme,
    *,
    decimals: int = 2,
    colors: Sequence[str] | None = None,
) -> Matrix:
    """A column vector; entry j takes ``colors[j]`` (by default the column colours)."""
    m = _matrix([[tex(v, decimals)] for v in values])
    m.get_brackets().set_color(theme.text)
    for j, entry in enumerate(m.get_entries()):
        entry.set_color(colors[j] if colors is not None else theme.column(j))
    return m


def label_below(target: Mobject, label: str, color: str, *, buff: float = 0.25) -> MathTex:
    """A math label (``A``, ``x``, ``y``) centred under ``target``."""
    mob = MathTex(label, color=color)
    mob.next_to(target, DOWN, buff=buff)
    return mob


def row_of(matrix: Matrix, i: int) -> VGroup:
    """The entries of row ``i`` of a displayed matrix."""
    return cast(VGroup, matrix.get_rows()[i])

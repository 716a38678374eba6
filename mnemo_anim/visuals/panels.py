"""Equation lines for the plane scenes, built from the shared matrix and vector displays.

A line is a row of pieces (matrices, vectors, operators) with optional symbolic captions above
them (``A x`` over the numbers of A and x), so a viewer reads the rule and the instance at once.
Column j keeps ``theme.column(j)`` everywhere, the same colour as its arrow on the plane.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, Line, Mobject, VGroup, VMobject

from mnemo_anim.maths import tex
from mnemo_anim.visuals.layout import Box
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.theme import Theme
from mnemo_anim.visuals.typeset import Formula, MatrixDisplay, math, sym

PIECE_GAP = 0.22
CAPTION_GAP = 0.22
CAPTION_SCALE = 0.8


def op(symbol: str, theme: Theme, *, color: str | None = None) -> Formula:
    """An operator or short formula (Typst math) in the text colour (``=``, ``+``, ``B A``)."""
    return math(symbol, color=color or theme.text)


def column_symbol(matrix_label: str) -> str:
    """The name (a config label) of a column of the matrix ``matrix_label``: A → a, W_1 → w,
    \\Phi → a."""
    base = matrix_label.split("_")[0].rstrip("'")
    return base.lower() if len(base) == 1 and base.isalpha() else "a"


def column(
    values: Sequence[float] | np.ndarray, color: str, theme: Theme, *, decimals: int
) -> MatrixDisplay:
    """A column vector drawn entirely in one colour (a column of a matrix, an output)."""
    entries = [float(v) for v in values]
    return vector_display(entries, theme, decimals=decimals, colors=[color] * len(entries))


def spacer(width: float = 0.6) -> VMobject:
    """Invisible room between two groups on one line (``A = …`` and ``B = …``)."""
    return Line(ORIGIN, width * RIGHT, stroke_opacity=0.0, stroke_width=0.0)


def caption(source: str, color: str) -> Formula:
    """A small symbolic caption in Typst math (``A``, ``x_0 thin a_0``) to write above a piece
    of a line; a config label goes through ``typeset.sym`` first."""
    return math(source, color=color).scale(CAPTION_SCALE)


Row = Sequence[VMobject]


def _arrange(
    rows: Sequence[Row],
    captions: dict[int, VMobject],
    align: Sequence[Mobject | None],
    gap: float,
    row_gap: float,
) -> VGroup:
    """Lay pieces out in rows, captions above their pieces, ``align`` pieces on one x."""
    blocks = []
    for row in rows:
        line = VGroup(*row).arrange(RIGHT, buff=gap)
        top = line.get_top()[1]
        caps = [captions[id(piece)] for piece in row if id(piece) in captions]
        for piece in row:
            cap = captions.get(id(piece))
            if cap is not None:
                cap.move_to(piece.get_center())
                cap.set_y(top + CAPTION_GAP + max(c.height for c in caps) / 2)
        blocks.append(VGroup(line, *caps))
    group = VGroup(*blocks).arrange(DOWN, buff=row_gap, aligned_edge=LEFT)
    anchors = [a for a in align if a is not None]
    if anchors:
        x = anchors[0].get_center()[0]
        for block, anchor in zip(blocks, align, strict=True):
            if anchor is not None:
                block.shift((x - anchor.get_center()[0]) * RIGHT)
    return group


def layout_equation(
    box: Box,
    candidates: Sequence[tuple[Sequence[Row], Sequence[Mobject | None]]],
    captions: dict[int, VMobject] | None = None,
    *,
    gap: float = PIECE_GAP,
    row_gap: float = 0.45,
    max_scale: float = 1.2,
) -> VGroup:
    """Arrange the same pieces the way that lets them be largest in ``box``, and fit them.

    Each candidate is ``(rows, align)``: rows of pieces, and per row the piece (an ``=``) that
    lines up with the other rows' (or ``None``). A wide short box takes one long line, a tall
    one a stack. ``captions`` maps ``id(piece)`` to the caption written above that piece.
    """
    caps = captions or {}
    best, best_scale = 0, -1.0
    for index, (rows, align) in enumerate(candidates):
        group = _arrange(rows, caps, align, gap, row_gap)
        scale = min(box.width / group.width, box.height / group.height, max_scale)
        if scale > best_scale + 1e-6:
            best, best_scale = index, scale
    rows, align = candidates[best]
    group = _arrange(rows, caps, align, gap, row_gap)
    box.fit(group, max_scale=max_scale)
    return group


def weighted_sum(
    matrix: np.ndarray, weights: Sequence[float], theme: Theme, *, decimals: int
) -> tuple[list[Formula], list[MatrixDisplay], list[Formula]]:
    """``x_0 [a_0] + x_1 [a_1] + …`` as pieces: weights, column vectors and the plus signs.

    Weight j and column j are both in column j's colour.
    """
    weights_m, columns_m, pluses = [], [], []
    for j, w in enumerate(weights):
        color = theme.column(j)
        weights_m.append(math(tex(w, decimals, parens=j > 0 and w < 0), color=color))
        columns_m.append(column(matrix[:, j], color, theme, decimals=decimals))
        if j:
            pluses.append(op("+", theme))
    return weights_m, columns_m, pluses


def named(
    name: str,
    values: Sequence[Sequence[float]],
    theme: Theme,
    *,
    decimals: int,
    colored: bool = True,
) -> tuple[Formula, Formula, MatrixDisplay]:
    """``name = [values]`` as three pieces (``name`` a config label; the matrix in column
    colours by default)."""
    return (
        math(sym(name), color=theme.text),
        op("=", theme),
        matrix_display(values, theme, decimals=decimals, colored=colored),
    )

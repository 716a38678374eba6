"""Equation lines for the plane scenes, built from the shared matrix and vector displays.

A line is a row of pieces (matrices, vectors, operators) with optional symbolic captions above
them (``A x`` over the numbers of A and x), so a viewer reads the rule and the instance at once.
Column j keeps ``theme.column(j)`` everywhere, the same colour as its arrow on the plane.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, Line, Mobject, VGroup, VMobject

from mnemo_anim.layout import Box
from mnemo_anim.maths import tex
from mnemo_anim.visuals.legible import type_height
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.theme import Theme
from mnemo_anim.visuals.typeset import Formula, MatrixDisplay, math, sym

PIECE_GAP = 0.22
CAPTION_GAP = 0.15
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


Candidate = tuple[Sequence[Row], Sequence[Mobject | None]]


class Equation(VGroup):
    """An equation laid out in a box: its lines, and whether they take turns (each line fills
    the box, and a scene shows one at a time, see ``LessonScene.make_room``)."""

    def __init__(self, *lines: VMobject, box: Box, turns: bool = False) -> None:
        super().__init__(*lines)
        self.box, self.turns = box, turns


BREAKS = ("=", "+")  # where a line may break: before an equals sign or a plus


def _is_op(piece: Mobject, symbols: Sequence[str]) -> bool:
    return isinstance(piece, Formula) and piece.source in symbols


def broken(candidate: Candidate, symbols: Sequence[str] = ("=",)) -> Candidate | None:
    """``candidate`` with every row broken before each of ``symbols`` (not at a row's start):
    an equation written in more lines, each new line starting with its ``=`` (which lines up
    with the ``=`` above it). ``None`` if no row breaks."""
    rows: list[Row] = []
    align: list[Mobject | None] = []
    for row, anchor in zip(*candidate, strict=True):
        cuts = [k for k, piece in enumerate(row) if k and _is_op(piece, symbols)]
        if not cuts:
            rows.append(row)
            align.append(anchor)
            continue
        bounds = [0, *cuts, len(row)]
        for start, end in pairwise(bounds):
            part = list(row[start:end])
            rows.append(part)
            equals = [p for p in part if _is_op(p, ("=",))]
            align.append(anchor if start == 0 else (equals[0] if equals else None))
    return (rows, align) if len(rows) > len(candidate[0]) else None


def _with_breaks(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates, then each one broken at ``=``, then at ``=`` and ``+`` (what a layout
    falls back on when the text would otherwise drop under the legibility floor)."""
    out = list(candidates)
    for symbols in (("=",), BREAKS):
        out += [b for c in candidates if (b := broken(c, symbols)) is not None]
    return out


def layout_equation(
    box: Box,
    candidates: Sequence[Candidate],
    captions: dict[int, VMobject] | None = None,
    *,
    gap: float = PIECE_GAP,
    row_gap: float = 0.45,
    max_scale: float = 1.2,
    turns: bool = True,
) -> Equation:
    """Arrange the same pieces the way that lets them be largest in ``box``, and fit them.

    Each candidate is ``(rows, align)``: rows of pieces, and per row the piece (an ``=``) that
    lines up with the other rows' (or ``None``). A wide short box takes one long line, a tall
    one a stack. ``captions`` maps ``id(piece)`` to the caption written above that piece.

    When no candidate fits at the box's legibility floor (``box.min_type``), captions grow to
    the size of what they name (they are set smaller), the lines break before their ``=``
    signs, then before their ``+`` signs too, and the arrangement that fits at the floor with
    the fewest lines is kept. When none does, the lines are laid out in turns, each filling
    the box (see :func:`legible_in`, which tells a scene to show them so), unless not
    ``turns``. Never a smaller type: what still does not fit overflows the box, and the layout
    tests say so.
    """
    caps = captions or {}
    group, legible = _place(box, candidates, caps, gap, row_gap, max_scale)
    if not legible and _grow_captions(candidates, caps):
        group, legible = _place(box, candidates, caps, gap, row_gap, max_scale)
    if not legible and turns:
        lines = _in_turns(box, candidates, caps, gap, max_scale)
        if lines is not None:
            return Equation(*lines, box=box, turns=True)
    return Equation(group, box=box)


def _in_turns(
    box: Box,
    candidates: Sequence[Candidate],
    caps: dict[int, VMobject],
    gap: float,
    max_scale: float,
) -> list[VGroup] | None:
    """The lines of the arrangement with the fewest lines that each fit ``box`` at the floor,
    each fitted into the whole box: the panel then shows them in turns (the scene makes room
    for a line with ``LessonScene.make_room``). ``None`` if some line never fits."""
    options = sorted(_with_breaks(candidates), key=lambda option: len(option[0]))
    for rows, _ in options:
        lines = [_arrange([row], caps, [None], gap, 0.0) for row in rows]
        if all(_scale(box, line, max_scale) >= box.floor_scale(line) - 1e-6 for line in lines):
            for line in lines:
                box.fit(line, max_scale=max_scale)
            return lines
    return None


def legible_in(
    box: Box,
    candidates: Sequence[Candidate],
    captions: dict[int, VMobject] | None = None,
    *,
    gap: float = PIECE_GAP,
    row_gap: float = 0.45,
) -> bool:
    """Whether some arrangement of ``candidates`` (with line breaks, see
    :func:`layout_equation`) fits ``box`` with its text at the legibility floor. A scene asks
    before it decides to show a panel whole or in turns."""
    caps = captions or {}
    for attempt in range(2):
        for rows, align in _with_breaks(candidates):
            group = _arrange(rows, caps, align, gap, row_gap)
            if _scale(box, group, 1e9) >= box.floor_scale(group) - 1e-6:
                return True
        if attempt or not _grow_captions(candidates, caps):
            break
    return False


def least_height(
    width: float,
    floor: float,
    candidates: Sequence[Candidate],
    *,
    gap: float = PIECE_GAP,
    row_gap: float = 0.45,
    max_scale: float = 1.2,
    captions: dict[int, VMobject] | None = None,
) -> float:
    """The least height of a box ``width`` wide in which some arrangement of ``candidates``
    (with the line breaks of :func:`layout_equation`) has its text at ``floor`` (a digit
    height): what a layout asks of a panel before it splits the frame. Infinite when every
    arrangement is wider than ``width`` at the floor. The pieces are moved (arranged), not
    scaled; ``captions`` (written above their pieces) grow to the pieces' type size first, as
    a layout at the floor grows them."""
    caps = captions or {}
    _grow_captions(candidates, caps)
    best = float("inf")
    for rows, align in _with_breaks(candidates):
        group = _arrange(rows, caps, align, gap, row_gap)
        digit = type_height(group)
        if not digit:
            continue
        scale = floor / digit  # the size at which the smallest digit is on the floor
        if scale <= max_scale + 1e-9 and group.width * scale <= width + 1e-9:
            best = min(best, group.height * scale)
    return best


def _grow_captions(candidates: Sequence[Candidate], caps: dict[int, VMobject]) -> bool:
    """Bring captions (set smaller than the numbers they name) up to the numbers' type size;
    whether any grew. A layout does this when the smaller captions would fall under the
    floor: the numbers then need not be made larger than the floor to carry them."""
    # the candidates share their pieces (the same line, broken or not): each counts once
    pieces = {id(p): p for rows, _ in candidates for row in rows for p in row}
    main = type_height(VGroup(*pieces.values()))
    grew = False
    for cap in caps.values():
        height = type_height(cap)
        if main and height and height < main * 0.999:
            cap.scale(main / height)
            grew = True
    return grew


def _scale(box: Box, group: VGroup, max_scale: float) -> float:
    return min(box.width / group.width, box.height / group.height, max_scale)


def _place(
    box: Box,
    candidates: Sequence[Candidate],
    caps: dict[int, VMobject],
    gap: float,
    row_gap: float,
    max_scale: float,
) -> tuple[VGroup, bool]:
    """Choose among the candidates (and their broken forms), arrange and fit the chosen one;
    whether it is legible without overflowing."""
    options = _with_breaks(candidates) if box.min_type > 0 else list(candidates)
    scored = []
    for index, (rows, align) in enumerate(options):
        group = _arrange(rows, caps, align, gap, row_gap)
        scale = _scale(box, group, max_scale)
        legible = scale >= box.floor_scale(group) - 1e-6
        scored.append((index, scale, legible, len(rows)))
    best = _choose(scored, len(candidates))
    rows, align = options[best]
    group = _arrange(rows, caps, align, gap, row_gap)
    box.fit(group, max_scale=max_scale)
    return group, scored[best][2]


def _choose(scored: Sequence[tuple[int, float, bool, int]], given: int) -> int:
    """The option to keep, from ``(index, scale, legible, lines)``: the given candidate with
    the most room among the legible ones; else the legible broken one with the fewest lines;
    else the largest (it overflows at the floor, and the layout tests say so)."""
    own = [item for item in scored[:given] if item[2]]
    if own:
        return max(own, key=lambda item: item[1])[0]
    more = [item for item in scored[given:] if item[2]]
    if more:
        return min(more, key=lambda item: (item[3], -item[1]))[0]
    return max(scored, key=lambda item: item[1])[0]


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

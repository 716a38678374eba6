"""Drawing shared by the linearity and layers scenes: equation lines from numbers and symbols,
a cloud of points coloured by angle, and a grid that any point map (linear or not) can bend.

Formulas go through the shared helpers (``op``, ``column``, ``matrix_display``) and are Typst
math (:class:`Sym`), config labels in them written with ``typeset.sym``.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from manim import Dot, Line, Mobject, VGroup, VMobject, interpolate_color
from manim import ManimColor as MColor

from mnemo_anim.layout import Box, Layout
from mnemo_anim.visuals.matrix import matrix_display
from mnemo_anim.visuals.panels import (
    PIECE_GAP,
    Equation,
    _arrange,
    column,
    layout_equation,
    least_height,
    op,
    spacer,
)
from mnemo_anim.visuals.plane import Z_DOT, Z_MOVING_GRID, Plane, Redraw
from mnemo_anim.visuals.theme import Theme

# Digit heights (at the legibility floor) of room a panel keeps round its lines, over what the
# lines themselves need: the panel heights given to ``rebalance`` add it.
ROOM = 0.5


def rebalance(
    layout: Layout,
    panel_share: float,
    *,
    panel_heights: Sequence[float] = (0.0,),
    stage_digits: float = 0.0,
) -> Layout:
    """Split the panel-over-plane column of a portrait or square frame anew.

    The panel takes ``panel_share`` of the column and at least ``panel_heights[0]`` (what its
    lines need, shown together, at the legibility floor: see :meth:`Lines.least_height`).
    Where that leaves the plane under ``stage_digits`` digit heights at the floor (too short
    for its labels to find room beside their arrows), the panel takes just the first of the
    other ``panel_heights`` that leaves the plane that much, or the last: a panel that holds
    one line at a time, its lines taking turns (see :meth:`Lines.fit`). The panel never takes
    more than 70 % of the column. Landscape layouts (panel beside the plane) are returned
    unchanged."""
    if layout.stage is None or layout.orientation == "landscape":
        return layout
    panel, stage = layout.panel, layout.stage
    body = Box.from_edges(panel.left, panel.right, stage.bottom, panel.top, min_type=panel.min_type)
    gap = max(panel.bottom - stage.top, 0.0)
    usable = body.height - gap
    panel_h = min(max(panel_share * usable, panel_heights[0]), 0.7 * usable)
    for height in panel_heights[1:]:
        if usable - panel_h >= stage_digits * panel.min_type:
            break
        panel_h = min(height, 0.7 * usable)
    new_panel, new_stage = body.rows(panel_h, usable - panel_h, gap=gap)
    return replace(layout, panel=new_panel, stage=new_stage)


# -- equation lines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A column of numbers in one colour, inside an equation line."""

    values: Sequence[float] | np.ndarray
    color: str
    key: str | None = None  # the name tests and scenes find it by


@dataclass(frozen=True)
class Mat:
    """A matrix in its column colours (or plain), inside an equation line."""

    values: Sequence[Sequence[float]] | np.ndarray
    key: str | None = None
    colored: bool = True


@dataclass(frozen=True)
class Sym:
    """A formula or operator in one colour: Typst math (``A(u + v)``, ``=``), through ``op``."""

    source: str
    color: str | None = None


@dataclass(frozen=True)
class Gap:
    """Room between two statements on one line (``u = …`` and ``v = …``)."""

    width: float = 0.6


Part = str | Sym | Col | Mat | Gap | VMobject
Form = Sequence[Part]  # one way of writing an equation line


class Lines:
    """Rows of pieces built from parts, with the numbered pieces kept by key.

    ``shown[key]`` is the mobject that displays the numbers called ``key`` (tests read its
    entries; scenes highlight it).
    """

    def __init__(self, theme: Theme, decimals: int) -> None:
        self.theme, self.decimals = theme, decimals
        self.shown: dict[str, Mobject] = {}

    def piece(self, part: Part) -> VMobject:
        th, d = self.theme, self.decimals
        if isinstance(part, VMobject):  # already built
            return part
        if isinstance(part, Gap):
            return spacer(part.width)
        if isinstance(part, str):
            return op(part, th)
        if isinstance(part, Sym):
            return op(part.source, th, color=part.color)
        if isinstance(part, Col):
            mob: VMobject = column(np.asarray(part.values, dtype=float), part.color, th, decimals=d)
        else:
            mob = matrix_display(
                np.asarray(part.values, dtype=float), th, decimals=d, colored=part.colored
            )
        mob.shown_key = part.key  # type: ignore[attr-defined]  # filed once laid out (``fit``)
        return mob

    def row(self, *parts: Part) -> list[VMobject]:
        return [self.piece(p) for p in parts]

    def least_height(self, width: float, floor: float, *rows: Sequence[Part]) -> float:
        """The least height of a panel ``width`` wide in which :meth:`fit` lays ``rows``
        (parts, as :meth:`row` takes them) out whole with their text at ``floor``: measured on
        pieces built for the purpose, before a scene splits its frame."""
        pieces = [self.row(*r) for r in rows]
        options = [
            _option(arranged, aligned=aligned)
            for arranged in (pieces, _split(pieces))
            for aligned in (True, False)
        ]
        return min(
            least_height(width, floor, [option], gap=gap, max_scale=1.0)
            for option in options
            for gap in (PIECE_GAP, TIGHT_GAP)
        )

    def fit(self, box: Box, *candidates: Sequence[Sequence[VMobject]]) -> Equation:
        """Lay the rows out in the candidate arrangement that is largest in ``box``. Each
        candidate is a list of rows; rows line up on their first ``=``. When that leaves no
        arrangement legible whole, the pieces close up, then the rows give up lining up,
        before the lines break (see ``layout_equation``).

        When the rows are legible only one at a time (a panel one line tall), they take
        turns: only the last row is laid out, and ``turns`` is set. A scene writes the rows
        before it with earlier calls, each in its turn, so every row is read once; the rows of
        one call are the panel's whole content where there is room for them. What fits no
        way overflows at the floor (the layout tests say so).
        """
        group = self._whole(box, candidates)
        if group is None:
            last = [rows[-1:] for rows in candidates]
            group = self._whole(box, last) or self._fit(box, last, PIECE_GAP, aligned=True)
            group.turns = max(len(rows) for rows in candidates) > 1
        return self._file(group)

    def write(self, box: Box, *lines: Sequence[Form]) -> Equation:
        """Lay out ``lines``, each given as its forms, most complete first (``A(u + v) =
        A (u + v) = …``, then ``A(u + v) = …``, which leaves out a matrix already read): all
        together, in the most complete forms that fit ``box`` at the floor; else the last line
        alone, its lines taking turns (see :meth:`fit`), in its most complete form that fits.
        What fits no way overflows at the floor."""
        for depth in range(max(len(forms) for forms in lines)):
            rows = [self.row(*forms[min(depth, len(forms) - 1)]) for forms in lines]
            group = self._whole(box, [rows])
            if group is not None:
                return self._file(group)
        for form in lines[-1]:
            found = self._whole(box, [[self.row(*form)]])
            if found is not None:
                break
        else:
            found = self._fit(box, [[self.row(*lines[-1][-1])]], PIECE_GAP, aligned=True)
        found.turns = len(lines) > 1
        return self._file(found)

    def _file(self, group: Equation) -> Equation:
        """File the numbered pieces of ``group`` (what goes on screen) by key."""
        for part in group.get_family():
            key = getattr(part, "shown_key", None)
            if key is not None:
                self.shown[key] = part
        return group

    def _whole(
        self, box: Box, candidates: Sequence[Sequence[Sequence[VMobject]]]
    ) -> Equation | None:
        """The rows laid out whole inside ``box`` with their text at the floor (the pieces
        closing up, then the rows giving up lining up, where they must), or ``None``. Each
        try lays out copies: a layout scales the pieces it is given."""
        for gap, aligned in ((PIECE_GAP, True), (TIGHT_GAP, True), (TIGHT_GAP, False)):
            trial = [[[piece.copy() for piece in row] for row in rows] for rows in candidates]
            group = self._fit(box, trial, gap, aligned=aligned)
            if group.width <= box.width + 1e-6 and group.height <= box.height + 1e-6:
                return group
        return None

    @staticmethod
    def _fit(
        box: Box, candidates: Sequence[Sequence[Sequence[VMobject]]], gap: float, *, aligned: bool
    ) -> Equation:
        """The arrangement of ``candidates`` largest in ``box``, never in turns (at the floor
        it may overflow)."""
        plain = [_option(rows, aligned=aligned) for rows in candidates]
        best = max(_scale(box, option, gap) for option in plain)
        # Breaking rows before their = reads less well: only when it makes the type much
        # larger, or when no row is legible unbroken.
        whole = any(_legible(box, option, gap) for option in plain)
        split = [_option(_split(rows), aligned=aligned) for rows in candidates]
        options = plain + [o for o in split if not whole or _scale(box, o, gap) > SPLIT_GAIN * best]
        return layout_equation(box, options, gap=gap, max_scale=1.0, turns=False)


SPLIT_GAIN = 1.15
TIGHT_GAP = 0.12  # between the pieces of a line that is legible whole only closed up
ROW_GAP = 0.45  # layout_equation's default gap between rows


Option = tuple[Sequence[Sequence[VMobject]], list[VMobject | None]]


def _option(rows: Sequence[Sequence[VMobject]], *, aligned: bool = True) -> Option:
    """Rows, and in each the piece (its first ``=``) that lines up with the others' (none
    when not ``aligned``: the rows then start at one left edge)."""
    return rows, [next((p for p in r if _is_equals(p)), None) if aligned else None for r in rows]


def _scale(box: Box, option: Option, gap: float = PIECE_GAP) -> float:
    """How large ``option`` could be drawn in ``box`` (1 = natural size, at most 1); the
    same arrangement ``layout_equation`` makes, and like it nothing is scaled yet."""
    group = _arrange(option[0], {}, option[1], gap, ROW_GAP)
    return min(box.width / group.width, box.height / group.height, 1.0)


def _legible(box: Box, option: Option, gap: float = PIECE_GAP) -> bool:
    """Whether ``option`` fits ``box`` with its text at the floor (nothing is scaled)."""
    group = _arrange(option[0], {}, option[1], gap, ROW_GAP)
    scale = min(box.width / group.width, box.height / group.height, 1.0)
    return scale >= box.floor_scale(group) - 1e-6


def _split(rows: Sequence[Sequence[VMobject]]) -> list[Sequence[VMobject]]:
    """Each row broken before its first ``=``: the left side on a line of its own and the
    rest under it, as on a board (a tall, narrow box takes this)."""
    out: list[Sequence[VMobject]] = []
    for row in rows:
        at = next((i for i, p in enumerate(row) if _is_equals(p)), 0)
        # two statements side by side (u = …, v = …, held apart by a spacer): keep them whole
        several = any(isinstance(p, Line) for p in row)
        out += [row[:at], row[at:]] if at > 0 and len(row) > at + 1 and not several else [row]
    return out


def _is_equals(mob: VMobject) -> bool:
    return getattr(mob, "source", None) == "="


# -- a point cloud coloured by angle -------------------------------------------------------------


def angle_colors(points: np.ndarray, theme: Theme) -> list[str]:
    """One colour per point from its angle about the origin (a colour wheel), so a viewer can
    follow each point through every map; bright on dark themes, deep on light ones."""
    background = MColor(theme.background).to_rgb()
    dark = float(np.mean(background)) < 0.5
    sat, val = (0.6, 1.0) if dark else (0.9, 0.62)
    out = []
    for x, y in np.asarray(points, dtype=float):
        hue = (math.atan2(y, x) / (2 * math.pi)) % 1.0 if abs(x) + abs(y) > 1e-12 else 0.0
        r, g, b = colorsys.hsv_to_rgb(hue, sat, val)
        out.append(f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}")
    return out


class PointCloud(VGroup):
    """Dots at plane coordinates ``positions`` (N×2), each keeping its colour as it moves."""

    def __init__(
        self, plane: Plane, points: np.ndarray, colors: Sequence[str], theme: Theme, *, radius=0.09
    ) -> None:
        super().__init__()
        self.plane = plane
        self.positions = np.array(points, dtype=float).reshape(-1, 2)
        for color in colors:
            self.add(
                Dot(
                    radius=radius,
                    color=color,
                    stroke_color=theme.background,
                    stroke_width=1.5,
                )
            )
        self.set_z_index(Z_DOT)
        self.set_positions(self.positions)

    def set_positions(self, points: np.ndarray) -> None:
        self.positions = np.array(points, dtype=float).reshape(-1, 2)
        for dot, p in zip(self.submobjects, self.positions, strict=True):
            dot.move_to(self.plane.c2p(p))

    def drawn(self) -> np.ndarray:
        """Where the dots are drawn, in plane coordinates (for tests)."""
        return np.array([self.plane.p2c(dot.get_center()) for dot in self.submobjects])


# -- a grid any point map can move ---------------------------------------------------------------


def _clip_segments(
    a: np.ndarray, b: np.ndarray, rect: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The parts inside ``rect`` of the segments a[i]→b[i] (Liang–Barsky, one NumPy pass)."""
    d = b - a
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    keep = np.ones(len(a), dtype=bool)
    for axis, (low, high) in enumerate(((rect[0], rect[1]), (rect[2], rect[3]))):
        flat = np.abs(d[:, axis]) < 1e-12
        keep &= ~flat | ((low <= a[:, axis]) & (a[:, axis] <= high))
        safe = np.where(flat, 1.0, d[:, axis])
        lo, hi = (low - a[:, axis]) / safe, (high - a[:, axis]) / safe
        t0 = np.where(flat, t0, np.maximum(t0, np.minimum(lo, hi)))
        t1 = np.where(flat, t1, np.minimum(t1, np.maximum(lo, hi)))
    keep &= t1 - t0 > 1e-9
    return (a + t0[:, None] * d)[keep], (a + t1[:, None] * d)[keep]


class BentGrid(VGroup):
    """Grid lines sampled densely and drawn at ``positions`` (lines × samples × 2 per family),
    clipped to the window: a linear map keeps them straight, ReLU folds them, GELU bends them.

    ``home`` is the grid of the input plane; the scene sets ``positions`` to the image of
    ``home`` under the network so far, so the grid always shows where the input plane went.
    """

    def __init__(
        self,
        plane: Plane,
        families: Sequence[np.ndarray],
        axes: Sequence[np.ndarray],
        theme: Theme,
    ) -> None:
        super().__init__()
        self.plane = plane
        color = interpolate_color(MColor(theme.grid), MColor(theme.text), 0.35).to_hex()
        self.home = [np.array(f, dtype=float) for f in (*families, *axes)]
        self.count = len(families)
        self.paths = [
            VMobject(stroke_color=color, stroke_width=1.6, stroke_opacity=0.9) for _ in families
        ] + [VMobject(stroke_color=theme.axis, stroke_width=3.0, stroke_opacity=0.9) for _ in axes]
        self.add(*self.paths)
        self.set_z_index(Z_MOVING_GRID)
        self.positions = [h.copy() for h in self.home]
        self.set_positions(self.positions)

    def set_positions(self, positions: Sequence[np.ndarray]) -> None:
        self.positions = [np.array(p, dtype=float) for p in positions]
        plane = self.plane
        for path, lines in zip(self.paths, self.positions, strict=True):
            a = lines[:, :-1].reshape(-1, 2)
            b = lines[:, 1:].reshape(-1, 2)
            a, b = _clip_segments(a, b, plane.rect)
            if not len(a):
                path.set_points(np.zeros((0, 3)))
                continue
            pa = plane.origin + plane.unit * np.pad(a, ((0, 0), (0, 1)))
            pb = plane.origin + plane.unit * np.pad(b, ((0, 0), (0, 1)))
            curves = np.stack([pa, pa + (pb - pa) / 3, pa + 2 * (pb - pa) / 3, pb], axis=1)
            path.set_points(curves.reshape(-1, 3))

    def mapped(self, f: Callable[[np.ndarray], np.ndarray]) -> list[np.ndarray]:
        """``f`` (N×2 → N×2) applied to every sample of the current positions."""
        return [f(p.reshape(-1, 2)).reshape(p.shape) for p in self.positions]

    def corners(self) -> np.ndarray:
        """Where the four corners of the home grid are now (for tests)."""
        first, last = self.positions[0], self.positions[self.count - 1]
        return np.array([first[0, 0], first[0, -1], last[-1, 0], last[-1, -1]])


def move_points(items: Sequence[tuple[PointCloud | BentGrid, Any]], **kwargs: Any) -> Redraw:
    """Slide each cloud or grid in straight lines, point by point, to new positions (an N×2
    array for a cloud, a list of arrays for a grid). Between a linear map's start and end this
    is exactly the interpolated map (1 − t)·I + t·W, the picture ``MapDriver`` draws."""
    starts: list[Any] = []

    def update(alpha: float) -> None:
        if not starts:  # read when the animation begins, so moves can be built ahead of time
            starts.extend(
                [p.copy() for p in item.positions]
                if isinstance(item, BentGrid)
                else item.positions.copy()
                for item, _ in items
            )
        for (item, end), start in zip(items, starts, strict=True):
            if isinstance(item, BentGrid):
                item.set_positions(
                    [(1 - alpha) * s + alpha * e for s, e in zip(start, end, strict=True)]
                )
            else:
                item.set_positions((1 - alpha) * start + alpha * np.asarray(end))

    group = VGroup(*(item for item, _ in items))
    return Redraw(group, update, **kwargs)

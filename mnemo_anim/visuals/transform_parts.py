"""Drawing for the scenes where a matrix moves the whole plane (``transformation``, ``gallery``).

* :class:`MappedShape` — a polygon or polyline given in plane coordinates (the unit square, the
  î→ĵ turning arc) that a :class:`~mnemo_anim.visuals.mapping.MapDriver` carries like a grid:
  the square becomes the parallelogram of A's columns, the arc shows whether the orientation
  survives (it turns clockwise after a map with det < 0).
* :func:`backed_text` — plain words on a patch of background, readable over grid lines.
* The few formulas these scenes write (``A hat(dotless.i) = (1, thick 1)``, ``det A = …``) are
  built here, in Typst math, config labels through :func:`~mnemo_anim.visuals.typeset.sym`.
"""

from __future__ import annotations

import math

import numpy as np
from manim import SurroundingRectangle, Text, VGroup, VMobject

from mnemo_anim.maths import tex
from mnemo_anim.visuals.geometry import IDENTITY, Vec, apply_map, magnitude
from mnemo_anim.visuals.plane import LABEL_BACKING, Z_SPAN, OnPlane, Plane, coords_tex
from mnemo_anim.visuals.theme import Theme
from mnemo_anim.visuals.typeset import sym

# î and ĵ, spelled as the basis arrows are labelled (see ``mapping.basis_arrows``); Typst drops
# the dots of i and j under an accent either way.
HAT = ("hat(dotless.i)", "hat(dotless.j)")
ZERO = "bold(0)"
ARC_RADIUS = 0.38  # plane units: inside the unit square, clear of î's and ĵ's heads
ARC_HEAD = 0.16  # Manim units


class MappedShape(OnPlane, VGroup):
    """Corners given in plane coordinates, drawn at ``fmap`` of them (closed with a fill, or an
    open line ending in a small arrow head)."""

    def __init__(
        self,
        plane: Plane,
        corners: np.ndarray,
        color: str,
        *,
        closed: bool = True,
        fill_opacity: float = 0.0,
        width: float = 3.0,
        head: bool = False,
    ) -> None:
        super().__init__()
        self.plane, self.closed = plane, closed
        self.home = np.asarray(corners, dtype=float)[:, :2].copy()
        self.fmap = IDENTITY.copy()
        self.body = VMobject(
            stroke_color=color, stroke_width=width, fill_color=color, fill_opacity=fill_opacity
        )
        self.head = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0.0) if head else None
        self.add(self.body, *([self.head] if self.head is not None else []))
        self.set_z_index(Z_SPAN)
        self.redraw()

    def corners(self) -> np.ndarray:
        """The corners shown now, in plane coordinates (N×2)."""
        return np.array([apply_map(self.fmap, p) for p in self.home])

    def set_fmap(self, fmap: np.ndarray) -> None:
        self.fmap = np.array(fmap, dtype=float)
        self.redraw()

    def redraw(self) -> None:
        points = [self.plane.c2p(p) for p in self.corners()]
        self.body.set_points_as_corners([*points, points[0]] if self.closed else points)
        if self.head is not None:
            self._draw_head(points[-2], points[-1])

    def _draw_head(self, before: np.ndarray, end: np.ndarray) -> None:
        v = end - before
        length = magnitude(v)
        if length < 1e-9:  # the arc collapsed with the plane: no direction left to show
            self.head.set_points_as_corners([end, end, end, end])  # type: ignore[union-attr]
            return
        u = v / length
        n = np.array([-u[1], u[0], 0.0])
        base = end - u * ARC_HEAD
        corners = [end, base + n * ARC_HEAD * 0.45, base - n * ARC_HEAD * 0.45, end]
        self.head.set_points_as_corners(corners)  # type: ignore[union-attr]


def unit_square(plane: Plane, color: str, *, opacity: float = 0.28) -> MappedShape:
    """The unit square 0, î, î + ĵ, ĵ (counter-clockwise): under A, the parallelogram of A's
    columns, whose signed area is det A."""
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    return MappedShape(plane, corners, color, fill_opacity=opacity, width=2.5)


def turning_arc(plane: Plane, color: str, *, samples: int = 16) -> MappedShape:
    """A short arc from î's direction to ĵ's, counter-clockwise, with a head at ĵ's end."""
    angles = np.linspace(0.18, math.pi / 2 - 0.18, samples)
    corners = ARC_RADIUS * np.column_stack([np.cos(angles), np.sin(angles)])
    return MappedShape(plane, corners, color, closed=False, width=3.5, head=True)


def backed_text(content: str, color: str, theme: Theme, *, size: float) -> VGroup:
    """Plain text on a soft patch of the background colour (for words on the plane)."""
    words = Text(content, font=theme.font, font_size=size, color=color)
    backing = SurroundingRectangle(
        words,
        buff=0.08,
        corner_radius=0.06,
        stroke_width=0,
        fill_color=theme.background,
        fill_opacity=LABEL_BACKING,
    )
    return VGroup(backing, words)


# -- the formulas, in one place -------------------------------------------------------------


def image_of_basis(matrix_label: str, j: int) -> str:
    """``A hat(dotless.i)`` (j = 0) or ``A hat(dotless.j)`` (j = 1); ``matrix_label`` is a config
    label."""
    return f"{sym(matrix_label)} {HAT[j]}"


def basis_landing(matrix_label: str, j: int, column: Vec, decimals: int) -> str:
    """``A hat(dotless.i) = (1, thick 1)``: where î (or ĵ) lands, with the column's numbers."""
    return f"{image_of_basis(matrix_label, j)} = {coords_tex(column, decimals)}"


def maps_to_zero(matrix_label: str, vector_label: str, *, everything: bool = False) -> str:
    """``A x = bold(0)`` — said of the null space (``everything``: of the whole plane, ``A x =
    bold(0) " for every " x``)."""
    said = f"{sym(matrix_label, vector_label)} = {ZERO}"
    return f'{said} " for every " {sym(vector_label)}' if everything else said


def fixed_origin(matrix_label: str) -> str:
    """``A thin bold(0) = bold(0)``."""
    return f"{sym(matrix_label)} thin {ZERO} = {ZERO}"


def det_line(matrix_label: str, matrix: np.ndarray, det: float, decimals: int) -> str:
    """``det A = 1 dot.op 1 - (-1) dot.op 1 = 2``."""
    a, b, c, d = (tex(v, decimals, parens=True) for v in matrix.ravel())
    return f"det {sym(matrix_label)} = {a} dot.op {d} - {b} dot.op {c} = {tex(det, decimals)}"


def product(matrix_label: str, vector_label: str) -> str:
    """``A x``: the matrix applied to the vector."""
    return sym(matrix_label, vector_label)


def vector_result(matrix_label: str, vector_label: str, y: Vec, decimals: int) -> str:
    """``A x = (-1, thick 3)``."""
    return f"{product(matrix_label, vector_label)} = {coords_tex(y, decimals)}"

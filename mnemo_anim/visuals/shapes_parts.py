"""Drawing for the shapes scene: a turning 3-D view, a number line, colour-tagged text, cell
blocks for matrix shapes, and braces that count rows or columns.

The 3-D view is drawn by hand as an orthographic projection onto the 2-D frame, not with
Manim's ``ThreeDScene``: the lesson scenes are 2-D ``Scene``s sharing one layout, and the Cairo
renderer draws a handful of projected lines per frame in well under a millisecond, where a
``ThreeDScene`` re-sorts and shades every surface and would also need its own camera for the
flat panel around it. The camera "turns" by sweeping the projection's azimuth slowly back and
forth (see :func:`~mnemo_anim.lessons.shapes.camera_angles`), which is enough for the motion to
show depth without the view ever going edge-on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Brace,
    Dot,
    Line,
    Mobject,
    Rectangle,
    Text,
    VGroup,
    VMobject,
)

from mnemo_anim.layout import Box
from mnemo_anim.lessons.shapes import (
    PERIOD,
    axis_ranges,
    block_rows,
    camera_angles,
    projection,
    view_bounds,
    view_points,
)
from mnemo_anim.maths import compact
from mnemo_anim.visuals.geometry import label_every, magnitude, nice_step
from mnemo_anim.visuals.legible import match_type
from mnemo_anim.visuals.plane import (
    ARROW_WIDTH,
    HEAD_LENGTH,
    HEAD_WIDTH,
    PlaneLabel,
    Redraw,
)
from mnemo_anim.visuals.theme import Theme

NAME_GAP = 0.08  # between an axis's end and its name


def tagged_text(
    pieces: Sequence[tuple[str, str]],
    colours: dict[str, str],
    *,
    font: str,
    font_size: float,
) -> Text:
    """One line of plain text whose pieces take the colour of their tag (``colours[tag]``).

    Text draws one glyph per character that is not white space, so the glyphs of piece k are
    counted out of the joined string.
    """
    whole = "".join(text for text, _ in pieces)
    mob = Text(whole, font=font, font_size=font_size, color=colours[""])
    glyphs = iter(mob.submobjects)
    for text, tag in pieces:
        for char in text:
            if char.isspace():
                continue
            glyph = next(glyphs)
            glyph.set_color(colours.get(tag, colours[""]))
    return mob


def glyphs_of(pieces: Sequence[tuple[str, str]], mob: Text, index: int) -> VGroup:
    """The glyphs of piece ``index`` of a :func:`tagged_text`."""
    start = sum(len("".join(t.split())) for t, _ in pieces[:index])
    size = len("".join(pieces[index][0].split()))
    return VGroup(*mob.submobjects[start : start + size])


def _arrow_points(start: np.ndarray, end: np.ndarray, shaft: VMobject, head: VMobject) -> None:
    """Draw an arrow from ``start`` to ``end`` (screen points) into ``shaft`` and ``head``."""
    vector = end - start
    length = magnitude(vector)
    if length < 1e-6:
        shaft.set_points_as_corners([start, start])
        head.set_points_as_corners([start, start, start, start])
        return
    u = vector / length
    n = np.array([-u[1], u[0], 0.0])
    size = min(HEAD_LENGTH, 0.45 * length)
    half = HEAD_WIDTH / 2 * size / HEAD_LENGTH
    base = end - u * size
    shaft.set_points_as_corners([start, end - u * size * 0.7])
    shaft.set_stroke(width=ARROW_WIDTH * min(1.0, length / 0.5))
    head.set_points_as_corners([end, base + n * half, base - n * half, end])


def _segments(mob: VMobject, pairs: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
    """Make ``mob`` the straight segments ``pairs`` (one path, a subpath each)."""
    if not pairs:
        mob.set_points_as_corners([np.zeros(3), np.zeros(3)])
        return
    a = np.array([p for p, _ in pairs])
    b = np.array([q for _, q in pairs])
    curves = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1)
    mob.set_points(curves.reshape(-1, 3))


def _place_name(name: Mobject, end: np.ndarray, direction: np.ndarray) -> None:
    """Centre an axis name ``NAME_GAP`` beyond the axis' ``end``, along its unit
    ``direction``: Manim's ``width``, ``height`` and ``move_to`` (the same numbers), from one
    pass over the name's points instead of three."""
    points = name.get_points_defining_boundary()
    if len(points) == 0:
        return
    low, high = points.min(axis=0), points.max(axis=0)
    width, height = high[0] - low[0], high[1] - low[1]
    reach = abs(direction[0]) * width / 2 + abs(direction[1]) * height / 2
    name.shift(end + direction * (NAME_GAP + reach) - (low + high) / 2)


def label_free(box: Box, label: Mobject, gap: float = 0.1) -> Box:
    """What is left of ``box`` under ``label`` set at its top (a space's name and point)."""
    return Box.from_edges(
        box.left, box.right, box.bottom, box.top - label.height - gap, min_type=box.min_type
    )


class Space3D(VGroup):
    """Three axes, a floor grid and one vector, projected onto ``box`` by a turning camera.

    ``project`` maps input coordinates to screen points for the camera's current angles; the
    view is scaled so the box of the axes stays inside ``box`` at every angle of the sweep, and
    the origin stays put while the camera turns.
    """

    def __init__(
        self,
        box: Box,
        point: Sequence[float] | np.ndarray,
        theme: Theme,
        *,
        color: str,
        label: str,
        axis_names: Sequence[str],
        text_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.box, self.theme = box, theme
        self.point = np.asarray(point, dtype=float)
        self.ranges = axis_ranges(self.point.reshape(1, 3))
        sweep = [camera_angles(t) for t in np.linspace(0.0, PERIOD, 61)]
        bounds = view_bounds(view_points(self.ranges, self.point), sweep)
        self.label = PlaneLabel(label, color, theme, scale=0.8 * text_scale)
        self.label.scale(max(1.0, box.floor_scale(self.label)))  # never under the floor
        # The label names the point from a fixed place at the top: beside a turning tip it
        # would run over the axis names.
        self.label.move_to(box.center).align_to(np.array([0, box.top, 0]), UP)
        self.names = VGroup(
            *(
                Text(name, font=theme.font, font_size=24 * text_scale, color=theme.muted)
                for name in axis_names
            )
        )
        self.names.scale(max(1.0, box.floor_scale(self.names)))
        # The axes end where their names begin: the view is centred in what is left of the box
        # under the label once a name's size (and its gap) is kept free on every side.
        below = label_free(box, self.label)
        name_w = max(n.width for n in self.names) + NAME_GAP
        name_h = max(n.height for n in self.names) + NAME_GAP
        inner = below.shrink(name_w, name_h)
        span = bounds[:, 1] - bounds[:, 0]
        self.unit = float(min(inner.width / span[0], inner.height / span[1]))
        middle = bounds.mean(axis=1)
        self.origin = inner.center - self.unit * np.array([middle[0], middle[1], 0.0])
        self.clock = 0.0
        self.grown = 0.0
        self.shown: float | None = None  # the ``grown`` the vector's opacities were last set for
        self.floor = VMobject(stroke_color=theme.grid, stroke_width=1.5, stroke_opacity=0.9)
        self.axes = VMobject(stroke_color=theme.axis, stroke_width=2.5)
        self.drops = VMobject(stroke_color=color, stroke_width=2.0, stroke_opacity=0.55)
        self.shaft = VMobject(stroke_color=color, stroke_width=ARROW_WIDTH)
        self.head = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0.0)
        self.dot = Dot(radius=0.07, color=color)
        self.frame_parts = VGroup(self.floor, self.axes, self.names)
        self.vector_parts = VGroup(self.drops, self.shaft, self.head, self.dot, self.label)
        self.add(self.frame_parts, self.vector_parts)
        self.step = nice_step(float(np.max(self.ranges[:, 1] - self.ranges[:, 0])) / 6)
        self.redraw()

    # -- coordinates -------------------------------------------------------------------------

    @property
    def angles(self) -> tuple[float, float]:
        """(azimuth, elevation) of the camera now."""
        return camera_angles(self.clock)

    def project(
        self, p: Sequence[float] | np.ndarray, view: np.ndarray | None = None
    ) -> np.ndarray:
        """The screen point of input coordinates ``p`` seen from the camera now (``view``:
        the camera's projection, when the caller has it already)."""
        view = projection(*self.angles) if view is None else view
        flat = view @ np.asarray(p, dtype=float)
        return self.origin + self.unit * np.array([flat[0], flat[1], 0.0])

    @property
    def tip(self) -> np.ndarray:
        """The input coordinates the arrow points at now (grows from 0 to ``point``)."""
        return self.grown * self.point

    # -- drawing -----------------------------------------------------------------------------

    def _floor_lines(self, view: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        (x0, x1), (y0, y1) = self.ranges[0], self.ranges[1]
        out = []
        project, step = self.project, self.step
        for k in range(int(np.ceil(x0 / step)), int(np.floor(x1 / step)) + 1):
            out.append((project((k * step, y0, 0), view), project((k * step, y1, 0), view)))
        for k in range(int(np.ceil(y0 / step)), int(np.floor(y1 / step)) + 1):
            out.append((project((x0, k * step, 0), view), project((x1, k * step, 0), view)))
        return out

    def redraw(self) -> None:
        """Project everything for the camera's current angles."""
        view = projection(*self.angles)  # once a frame, not once a point
        _segments(self.floor, self._floor_lines(view))
        ends = []
        origin = self.project(np.zeros(3), view)
        for axis in range(3):
            low, high = np.zeros(3), np.zeros(3)
            low[axis], high[axis] = self.ranges[axis]
            ends.append((self.project(low, view), self.project(high, view)))
            direction = ends[-1][1] - origin
            direction /= max(magnitude(direction), 1e-9)
            _place_name(self.names[axis], ends[-1][1], direction)
        _segments(self.axes, ends)
        p = self.tip
        foot = np.array([p[0], p[1], 0.0])
        tip, below = self.project(p, view), self.project(foot, view)
        _segments(
            self.drops,
            [
                (tip, below),
                (below, self.project((p[0], 0, 0), view)),
                (below, self.project((0, p[1], 0), view)),
            ],
        )
        _arrow_points(origin, tip, self.shaft, self.head)
        self.dot.move_to(tip)
        if self.grown == self.shown:
            return  # the vector's opacities are those of the last frame
        self.shown = self.grown
        visible = 1.0 if self.grown > 0 else 0.0
        self.shaft.set_stroke(opacity=visible)
        self.head.set_fill(opacity=visible)
        self.dot.set_opacity(visible)
        self.drops.set_stroke(opacity=0.55 * self.grown)
        self.label.set_alpha(self.grown)

    # -- motion ------------------------------------------------------------------------------

    def turn(self, mob: Mobject, dt: float) -> None:
        """Updater: advance the camera by ``dt`` seconds."""
        self.clock += dt
        self.redraw()

    def start_turning(self) -> None:
        self.add_updater(self.turn)

    def stop_turning(self) -> None:
        self.remove_updater(self.turn)

    def grow(self, **kwargs: Any) -> Redraw:
        """Draw the vector out of the origin while the camera keeps turning."""

        def update(alpha: float) -> None:
            self.grown = alpha
            self.redraw()

        return Redraw(self, update, suspend_mobject_updating=False, **kwargs)


class NumberLine1D(VGroup):
    """A number line across ``box`` holding 0 and ``value``, with an arrow from 0 to it."""

    def __init__(
        self,
        box: Box,
        value: float,
        theme: Theme,
        *,
        color: str,
        label: str,
        text_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.box, self.value, self.grown = box, float(value), 0.0
        reach = max(abs(self.value), 1.0)
        low, high = min(0.0, self.value) - 0.25 * reach, max(0.0, self.value) + 0.25 * reach
        low, high = min(low, -0.3 * reach), max(high, 0.3 * reach)
        width = box.width - 0.3
        self.unit = width / (high - low)
        self.low = low
        self.y = box.y - 0.15 * box.height
        self.line = Line(self.c2p(low), self.c2p(high), color=theme.axis, stroke_width=2.5)
        step = nice_step((high - low) / 8)
        ticks, numbers = VGroup(), VGroup()
        ks = range(int(np.ceil(low / step)), int(np.floor(high / step)) + 1)
        texts = {}
        for k in ks:
            words = compact(k * step).replace("-", "\u2212")
            number = Text(words, font=theme.font, font_size=20 * text_scale, color=theme.muted)
            texts[k] = number.scale(max(1.0, box.floor_scale(number)))
        # Every k-th number, k from the widest number, so that neighbours never touch.
        widest = max((t.width for t in texts.values()), default=0.0)
        every = label_every(step, self.unit, min_gap=max(0.8 * text_scale, widest + 0.3))
        for k in ks:
            at = self.c2p(k * step)
            ticks.add(Line(at + 0.08 * DOWN, at + 0.08 * UP, color=theme.axis, stroke_width=2))
            if k % every == 0:
                numbers.add(texts[k].next_to(at, DOWN, buff=0.12))
        self.ticks, self.numbers = ticks, numbers
        self.shaft = VMobject(stroke_color=color, stroke_width=ARROW_WIDTH)
        self.head = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0.0)
        self.label = PlaneLabel(label, color, theme, scale=0.8 * text_scale)
        self.label.scale(max(1.0, box.floor_scale(self.label)))  # never under the floor
        self.frame_parts = VGroup(self.line, self.ticks, self.numbers)
        self.vector_parts = VGroup(self.shaft, self.head, self.label)
        self.add(self.frame_parts, self.vector_parts)
        self.redraw()

    def c2p(self, v: float) -> np.ndarray:
        """The screen point of the number ``v``."""
        return np.array([self.box.left + 0.15 + (v - self.low) * self.unit, self.y, 0.0])

    @property
    def tip(self) -> float:
        return self.grown * self.value

    def redraw(self) -> None:
        lift = 0.22 * UP  # the arrow runs just above the line, so the ticks stay readable
        _arrow_points(self.c2p(0) + lift, self.c2p(self.tip) + lift, self.shaft, self.head)
        visible = 1.0 if self.grown > 0 else 0.0
        self.shaft.set_stroke(opacity=visible)
        self.head.set_fill(opacity=visible)
        self.label.set_alpha(self.grown)
        self.label.next_to(self.c2p(self.tip) + lift, UP, buff=0.15)
        dx = max(0.0, self.box.left - self.label.get_left()[0]) - max(
            0.0, self.label.get_right()[0] - self.box.right
        )
        self.label.shift(dx * RIGHT)

    def grow(self, **kwargs: Any) -> Redraw:
        def update(alpha: float) -> None:
            self.grown = alpha
            self.redraw()

        return Redraw(self, update, **kwargs)


class CellBlock(VGroup):
    """A matrix shape as a block of cells: ``rows``×``cols`` cells of side ``cell``.

    Very tall blocks (a batch of 32) draw :data:`~mnemo_anim.lessons.shapes.BLOCK_ROWS` rows
    and a gap row with ⋮ for the rest, so the block stays on screen and still reads as "many".
    """

    def __init__(
        self, rows: int, cols: int, cell: float, theme: Theme, *, color: str, font_size: float
    ) -> None:
        super().__init__()
        self.rows, self.cols = rows, cols
        self.shown_rows, self.gap = block_rows(rows)
        width, height = cols * cell, self.shown_rows * cell
        self.outline = Rectangle(
            width=width,
            height=height,
            stroke_color=color,
            stroke_width=3,
            fill_color=color,
            fill_opacity=0.18,
        )
        left, top = -width / 2, height / 2
        lines = []
        for j in range(1, cols):
            x = left + j * cell
            lines.append((np.array([x, top, 0]), np.array([x, -top, 0])))
        for i in range(1, self.shown_rows):
            y = top - i * cell
            lines.append((np.array([left, y, 0]), np.array([-left, y, 0])))
        self.cells = VMobject(stroke_color=color, stroke_width=1.2, stroke_opacity=0.7)
        _segments(self.cells, lines)
        self.add(self.outline, self.cells)
        if self.gap:
            # The second-to-last row stands for the rows not drawn.
            y = top - (self.shown_rows - 1.5) * cell
            self.dots = Text("⋮", font=theme.font, font_size=font_size, color=theme.text)
            self.dots.scale_to_fit_height(0.8 * cell).move_to(np.array([0.0, y, 0.0]))
            self.add(self.dots)

    @property
    def cell(self) -> float:
        return self.outline.width / self.cols


def count_brace(
    target: Mobject,
    direction: np.ndarray,
    words: str,
    color: str,
    *,
    font: str,
    font_size: float,
    digit: float | None = None,
) -> VGroup:
    """A brace along one side of ``target`` with a count under it (``3 columns``), its digits
    ``digit`` tall when given (the size of the numbers it counts)."""
    brace = Brace(target, direction=direction, buff=0.08, color=color)
    label = Text(words, font=font, font_size=font_size, color=color)
    if digit is not None:
        match_type(label, digit)
    label.next_to(brace, direction, buff=0.1)
    return VGroup(brace, label)

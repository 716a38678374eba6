"""The coordinate plane every geometric scene draws on, and the things that live on it.

* :class:`Plane` — a window on the plane fitted to the points a scene will show
  (:func:`fitted_plane`), with its grid, axes and numbers, filling a layout box. It owns the
  conversion between plane coordinates and screen points (``c2p``/``p2c``).
* :class:`PlaneArrow` — a vector drawn from a tail to a tip (tip to tail placement is just a
  tail that is not the origin), with an optional label that follows it.
* :class:`PlaneDot`, :class:`GridLines`, :class:`SpanHighlight` — a marked point, a grid that
  can be shown under any affine map, and the column space (plane, line or origin).

Every object here stores a *home* geometry and an affine map ``fmap`` (2×3, see
``geometry.py``) and draws ``fmap(home)``; ``mapping.MapDriver`` animates the maps. Grids and
lines are clipped to the window, so a transformed grid never spills over the rest of the frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
from manim import (
    DOWN,
    LEFT,
    Animation,
    Circle,
    Dot,
    ManimColor,
    Mobject,
    Rectangle,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
    VMobject,
    interpolate_color,
)

from mnemo_anim.layout import Box
from mnemo_anim.maths import Span, column_span, compact, fmt
from mnemo_anim.visuals.geometry import (
    IDENTITY,
    Mat,
    PlaneSpec,
    Vec,
    apply_linear,
    apply_map,
    clip_line,
    clip_parallel_lines,
    fit_plane,
    grid_indices,
    label_every,
    magnitude,
    overlap_fraction,
    segment_hits_rect,
    segments_cross,
)
from mnemo_anim.visuals.theme import Theme
from mnemo_anim.visuals.typeset import Formula, math

# Drawing order (Manim sorts by z_index): grid under highlights under arrows under labels.
Z_GRID, Z_AXES, Z_SPAN, Z_MOVING_GRID, Z_ARROW, Z_DOT, Z_LABEL = -10, -9, -8, -7, 0, 1, 2
# Below all of them: what lies wholly outside the stage (title, panel, notes, captions); see
# ``LessonScene.add``.
Z_OFF_STAGE = -20

ARROW_WIDTH = 6.0  # stroke width of an arrow's shaft
HEAD_LENGTH = 0.26  # Manim units; shorter arrows get a proportionally shorter head
HEAD_WIDTH = 0.22
LABEL_BUFF = 0.12  # gap between an arrow and its label
POINT_RADIUS = 0.1  # the room a marked point takes (the largest dot the scenes draw is 0.09)
CLAMP_PAD = 0.05  # Manim units kept clear between a clamped object and the plane's box edge
NUMBER_GAP = 0.3  # Manim units of clear space between neighbouring axis numbers
GRID_POOL = 40  # lines kept per grid family; more would be denser than the eye can follow

LabelAt = Literal["tip", "middle", "corner", "compass", "far"]
# Where a label may go, in order of preference: beyond the tip, beside the middle (either side),
# beyond the tip and off to one side (where the straight way on is taken).
LABEL_RULES: tuple[tuple[LabelAt, float], ...] = (
    ("tip", 1.0),
    ("middle", 1.0),
    ("middle", -1.0),
    ("corner", 1.0),
    ("corner", -1.0),
)
# Where a label goes when each of those covers something: beside the tip in one of eight
# screen directions (``side`` is the angle in degrees), whichever way the arrow points. Near a
# crowded tip (tip to tail chains, arrows ending at one point) one of them is usually free.
COMPASS_RULES: tuple[tuple[LabelAt, float], ...] = tuple(
    ("compass", float(angle)) for angle in (180, 0, 90, 270, 135, 45, 225, 315)
)
# Where a label goes when the room beside its tip is all taken (a crowded phone plane): set
# off from the tip by ``FAR_GAP`` in one of sixteen directions, a thin leader line from the
# label to the tip saying whose it is.
FAR_RULES: tuple[tuple[LabelAt, float], ...] = tuple(
    ("far", float(angle)) for angle in (*range(0, 360, 45), *range(22, 360, 45))
)
FAR_GAP = 0.55  # Manim units between the tip and a label set off from it (two label heights)
LEADER_WIDTH = 2.0
LEADER_GAP = 0.08  # the leader stops short of the tip and of the label
LEADER_COST = 0.15  # a label set off is worse the longer its leader (per Manim unit)


LABEL_BACKING = 0.75  # opacity of the patch of background behind a label, over grid lines


def coords_tex(values: Vec, decimals: int = 2) -> str:
    """``(1, thick 5)``: a point's coordinates as Typst math, a space after each comma (Typst
    sets a bare comma tight against the next number)."""
    return "(" + ", thick ".join(fmt(v, decimals) for v in values) + ")"


def _xyz(x: float, y: float) -> np.ndarray:
    return np.array([x, y, 0.0])


class Redraw(Animation):
    """Call ``update(alpha)`` every frame; the mobject redraws itself, so nothing is copied
    (Manim's ``UpdateFromAlphaFunc`` deep-copies its mobject when it begins)."""

    def __init__(self, mobject: Mobject, update: Callable[[float], None], **kwargs: Any) -> None:
        self.update_alpha = update
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Any:  # nothing to copy: the mobject redraws itself
        return self.mobject

    def interpolate_mobject(self, alpha: float) -> None:
        self.update_alpha(self.rate_func(alpha))


class _Shared:
    """A reference that copies of a mobject share instead of copying (Manim deep-copies a
    mobject at the start of most animations; the plane an arrow lives on must not be)."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __deepcopy__(self, memo: dict) -> _Shared:
        return self


class OnPlane:
    """Mixin: the plane this object is drawn on, shared by all copies."""

    _plane_ref: _Shared

    @property
    def plane(self) -> Plane:
        return self._plane_ref.value  # type: ignore[return-value]

    @plane.setter
    def plane(self, value: Plane) -> None:
        self._plane_ref = _Shared(value)


def _bounds(mob: Mobject) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of ``mob``: Manim's ``get_left()[0]`` and so on, from one
    pass over its points."""
    points = mob.get_points_defining_boundary()
    if len(points) == 0:
        return (mob.get_left()[0], mob.get_right()[0], mob.get_bottom()[1], mob.get_top()[1])
    low, high = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return (float(low[0]), float(high[0]), float(low[1]), float(high[1]))


def _touch(fraction: float) -> float:
    """What covering ``fraction`` of a label or a mark costs: as much as crossing an arrow
    for touching it at all (more than any order of preference between placements), and
    more the more is covered."""
    return 1.0 + 2.0 * fraction if fraction > 0 else 0.0


def leader_ends(
    rect: tuple[float, float, float, float], tip: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """A leader from the edge of a label's box ``rect`` to ``tip`` (screen points), stopping
    ``LEADER_GAP`` short of both; ``None`` when the box is that close to the tip."""
    near = np.array([min(max(tip[0], rect[0]), rect[1]), min(max(tip[1], rect[2]), rect[3]), 0.0])
    gap = np.asarray(tip, dtype=float)[:3] - near
    length = magnitude(gap)
    if length < 3 * LEADER_GAP:
        return None
    u = gap / length
    return near + u * LEADER_GAP, near + u * (length - LEADER_GAP)


def _label_alpha(label: Mobject) -> float:
    """How opaque a label is drawn (a label fades in with its arrow)."""
    formula = label.formula if isinstance(label, PlaneLabel) else label
    fills = [p.get_fill_opacity() for p in formula.get_family() if len(p.points)]
    return max(fills, default=1.0)


def _shown(mob: Mobject) -> bool:
    """Whether any part of ``mob`` is drawn (not faded out)."""
    return any(
        len(p.points) and max(p.get_fill_opacity(), p.get_stroke_opacity()) > 0.01
        for p in mob.get_family()
    )


def _hide(mob: VMobject, at: np.ndarray) -> None:
    """Collapse a line to a point and make it invisible (a zero-length butt-capped stroke)."""
    mob.set_points_as_corners([at, at])
    mob.set_stroke(opacity=0.0)


class Plane(VGroup):
    """A window on the plane drawn into ``box``: background grid, axes and axis numbers.

    Parameters
    ----------
    spec
        The window and grid step (see :func:`~mnemo_anim.visuals.geometry.fit_plane`).
    box
        The layout region the window fills; one plane unit is ``unit`` Manim units on both axes.
    theme
        Colours for the grid, the axes and the numbers.
    text_scale
        The layout's relative type size.
    numbers
        Whether to write numbers along the axes.
    """

    def __init__(
        self,
        spec: PlaneSpec,
        box: Box,
        theme: Theme,
        *,
        text_scale: float = 1.0,
        numbers: bool = True,
    ) -> None:
        super().__init__()
        self.spec, self.box, self.theme, self.text_scale = spec, box, theme, text_scale
        self.unit = min(box.width / spec.width, box.height / spec.height)
        x0, x1, y0, y1 = spec.rect
        self.origin = box.center - self.unit * _xyz((x0 + x1) / 2, (y0 + y1) / 2)
        self.x_range, self.y_range = spec.x_range, spec.y_range
        self.background = GridLines(self, color=theme.grid, width=1.5, opacity=0.9)
        self.background.set_z_index(Z_GRID)
        self.axes = VGroup(*self._axes()).set_z_index(Z_AXES)
        self.numbers = self._numbers() if numbers else VGroup()
        self.numbers.set_z_index(Z_AXES)
        self._yielded: set[int] = set()  # numbers hidden under a label (see yield_numbers)
        self.add(self.background, self.axes, self.numbers)

    # -- coordinates -------------------------------------------------------------------------

    @property
    def rect(self) -> tuple[float, float, float, float]:
        return self.spec.rect

    def coords_to_point(self, *coords: float | Vec) -> np.ndarray:
        """The screen point of plane coordinates, as ``c2p(x, y)`` or ``c2p((x, y))``."""
        if len(coords) == 1:
            x, y = np.asarray(coords[0], dtype=float)[:2]
        else:
            x, y = float(coords[0]), float(coords[1])  # type: ignore[arg-type]
        return self.origin + self.unit * _xyz(x, y)

    def point_to_coords(self, point: Vec) -> np.ndarray:
        """The plane coordinates ``(x, y)`` of a screen point."""
        p = np.asarray(point, dtype=float)
        return (p[:2] - self.origin[:2]) / self.unit

    c2p = coords_to_point
    p2c = point_to_coords

    def clamp(self, mob: Mobject, pad: float = CLAMP_PAD) -> Mobject:
        """Shift ``mob`` so it lies inside the plane's box (labels near an edge stay visible)."""
        mob.shift(self.clamp_shift(_bounds(mob), pad))
        return mob

    def clamp_shift(
        self, rect: tuple[float, float, float, float], pad: float = CLAMP_PAD
    ) -> np.ndarray:
        """The shift :meth:`clamp` gives an object whose bounds are ``rect`` (left, right,
        bottom, top)."""
        box = self.box
        left, right, bottom, top = rect
        dx = max(0.0, box.left + pad - left) - max(0.0, right - box.right + pad)
        dy = max(0.0, box.bottom + pad - bottom) - max(0.0, top - box.top + pad)
        return _xyz(dx, dy)

    def label_rect(self, label: Mobject, centre: np.ndarray) -> tuple[float, float, float, float]:
        """The box ``label`` would take with its centre at ``centre``, after :meth:`clamp`."""
        box, w, h = self.box, label.width, label.height
        pad = CLAMP_PAD
        cx = min(max(centre[0], box.left + w / 2 + pad), box.right - w / 2 - pad)
        cy = min(max(centre[1], box.bottom + h / 2 + pad), box.top - h / 2 - pad)
        return (cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)

    def cover(
        self,
        rect: tuple[float, float, float, float],
        avoid: Sequence[Mobject],
        skip: object = None,
        *,
        numbers: bool = True,
    ) -> float:
        """How much a label in ``rect`` would hide: arrows it crosses, labels and other
        mobjects it overlaps, and (a little, unless not ``numbers``) the axis numbers."""
        score = 0.0
        for other in avoid:
            if other is skip:
                continue
            if isinstance(other, PlaneArrow):
                if segment_hits_rect(other.tail_point()[:2], other.tip_point()[:2], rect):
                    score += 1.0
                if other.label is not None:
                    score += _touch(overlap_fraction(rect, _bounds(other.label)))
            else:
                score += _touch(overlap_fraction(rect, _bounds(other)))
        for number in self.numbers if numbers else ():
            score += 0.3 * overlap_fraction(rect, _bounds(number))
        return score

    def covered(self, mob: Mobject, avoid: Sequence[Mobject]) -> bool:
        """Whether an arrow of ``avoid`` crosses ``mob``, or a label or mobject of it overlaps."""
        return self.cover(_bounds(mob), avoid, skip=mob, numbers=False) > 0

    def crossed(
        self, ends: tuple[np.ndarray, np.ndarray], avoid: Sequence[Mobject], skip: object = None
    ) -> float:
        """How much a line from ``ends[0]`` to ``ends[1]`` (a label's leader, ``ends[1]`` at
        the tip) crosses: the arrows of ``avoid`` (a little), their labels and its other
        mobjects (a label, a marked point)."""
        start, end = ends[0][:2], ends[1][:2]
        score = 0.0
        for other in avoid:
            if other is skip:
                continue
            if isinstance(other, PlaneArrow):
                shaft = (other.tail_point()[:2], other.tip_point()[:2])
                score += 0.5 * segments_cross(start, end, *shaft)
            shown = other.label if isinstance(other, PlaneArrow) else other
            if shown is None:
                continue
            box = _bounds(shown)
            # a mark round the tip (a ring) the leader must enter to reach it: no crossing
            at_tip = box[0] <= end[0] <= box[1] and box[2] <= end[1] <= box[3]
            score += float(segment_hits_rect(start, end, box) and not at_tip)
        return score

    def least_covered(
        self, label: Mobject, centres: Sequence[np.ndarray], avoid: Sequence[Mobject]
    ) -> Mobject:
        """Move ``label`` to the candidate centre where it hides least (first wins ties)."""
        scores = [
            self.cover(self.label_rect(label, c), avoid) + 0.01 * k for k, c in enumerate(centres)
        ]
        label.move_to(centres[int(np.argmin(scores))])
        return self.clamp(label)

    def place_near(self, label: Mobject, point: Vec, away_from: Iterable[Vec] = ()) -> Mobject:
        """Put ``label`` beside ``point`` (plane coordinates), turned away from the other points
        (the far ends of the arrows meeting there), inside the box."""
        p = np.asarray(point, dtype=float)[:2]
        push = np.zeros(2)
        for q in away_from:
            v = np.asarray(q, dtype=float)[:2] - p
            if np.linalg.norm(v) > 1e-9:
                push -= v / np.linalg.norm(v)
        if np.linalg.norm(push) < 1e-6:
            push = np.array([1.0, -1.0])
        u = np.append(push / np.linalg.norm(push), 0.0)
        reach = abs(u[0]) * label.width / 2 + abs(u[1]) * label.height / 2
        label.move_to(self.c2p(p) + u * (0.2 + reach))
        return self.clamp(label)

    def place_clear(
        self, label: Mobject, point: Vec, avoid: Sequence[Mobject], away_from: Iterable[Vec] = ()
    ) -> Mobject:
        """Put ``label`` beside ``point`` where it hides least of ``avoid`` (arrows, labels),
        of the point itself (a label the window's edge pushes back must not land on what it
        names) and of the axis numbers: the way :meth:`place_near` would turn it first, then
        the other seven directions around the point."""
        at = self.c2p(np.asarray(point, dtype=float)[:2])
        self.place_near(label, point, away_from)
        first = label.get_center() - at
        angle0 = float(np.arctan2(first[1], first[0]))
        centres = []
        for k in range(8):
            angle = angle0 + k * np.pi / 4
            u = np.array([np.cos(angle), np.sin(angle), 0.0])
            reach = abs(u[0]) * label.width / 2 + abs(u[1]) * label.height / 2
            centres.append(at + u * (0.2 + reach))
        return self.least_covered(label, centres, [*avoid, Dot(at, radius=POINT_RADIUS)])

    # -- parts -------------------------------------------------------------------------------

    def _axes(self) -> list[VMobject]:
        lines = []
        for direction in ((1.0, 0.0), (0.0, 1.0)):
            segment = clip_line((0.0, 0.0), direction, self.rect)
            line = VMobject(stroke_color=self.theme.axis, stroke_width=2.5)
            if segment is None:
                _hide(line, self.origin)
            else:
                line.set_points_as_corners([self.c2p(segment[0]), self.c2p(segment[1])])
            lines.append(line)
        return lines

    def _number(self, value: float) -> Text:
        """An axis number in compact notation, at least as tall as the legibility floor."""
        label = Text(
            compact(value).replace("-", "\u2212"),
            font=self.theme.font,
            font_size=20 * self.text_scale,
            color=self.theme.muted,
        )
        label.scale(max(1.0, self.box.floor_scale(label)))
        return label

    def _numbers(self) -> VGroup:
        """Numbers along both axes: every k-th grid line, k the smallest that keeps the widest
        (on x) or tallest (on y) number clear of its neighbours; none at the origin or where
        the window's border would cut them."""
        group = VGroup()
        for axis in (0, 1):
            labels = {
                value: self._number(value)
                for value in self.spec.ticks(axis)
                if round(value / self.spec.step) != 0
            }
            if not labels:
                continue
            size = max((m.width if axis == 0 else m.height) for m in labels.values())
            every = _nice(label_every(self.spec.step, self.unit, min_gap=size + NUMBER_GAP))
            for value, label in labels.items():
                if round(value / self.spec.step) % every == 0 and self._place_number(
                    label, value, axis
                ):
                    group.add(label)
        return group

    def _place_number(self, label: Text, value: float, axis: int) -> bool:
        """Put an axis number beside its tick (the other side if the border is in the way);
        ``False`` if the tick is too near the window's border to be numbered."""
        edge = 0.25  # keep numbers off the window's border, where they would be cut
        if axis == 0:
            at = self.c2p(value, 0)
            label.next_to(at, DOWN, buff=0.08)
            if label.get_bottom()[1] < self.box.bottom + 0.02:
                label.next_to(at, -DOWN, buff=0.08)
            return min(abs(at[0] - self.box.left), abs(at[0] - self.box.right)) >= edge
        at = self.c2p(0, value)
        label.next_to(at, LEFT, buff=0.1)
        if label.get_left()[0] < self.box.left + 0.02:
            label.next_to(at, -LEFT, buff=0.1)
        return min(abs(at[1] - self.box.bottom), abs(at[1] - self.box.top)) >= edge

    def yield_numbers(self, labels: Sequence[Mobject]) -> None:
        """Hide the axis numbers that ``labels`` cover, and show again those they no longer
        cover (a label is what the viewer reads at that moment; the number under it is one of
        many along the axis). Only numbers hidden here come back."""
        if not self.numbers or not _shown(self.axes):
            return
        boxes = [_bounds(label) for label in labels]
        for number in self.numbers:
            covered = any(overlap_fraction(_bounds(number), box) > 0 for box in boxes)
            if covered and _shown(number):
                number.set_opacity(0.0)
                self._yielded.add(id(number))
            elif not covered and id(number) in self._yielded:
                number.set_opacity(1.0)
                self._yielded.discard(id(number))

    # -- factories ---------------------------------------------------------------------------

    def arrow(
        self,
        tip: Vec,
        color: str,
        *,
        tail: Vec = (0.0, 0.0),
        label: VMobject | str | None = None,
        label_at: LabelAt = "tip",
        side: float = 1.0,
        opacity: float = 1.0,
        avoid: Sequence[Mobject] | None = None,
    ) -> PlaneArrow:
        """An arrow from ``tail`` to ``tip`` (plane coordinates); ``label`` as Typst math (see
        :meth:`math`) or a mobject.

        With ``avoid``, the label goes where it covers the least of those arrows and labels.
        """
        mob = self.math(label, color) if isinstance(label, str) else label
        arrow = PlaneArrow(
            self, tail, tip, color, label=mob, label_at=label_at, side=side, opacity=opacity
        )
        if avoid is not None and mob is not None:
            arrow.label_at, arrow.side = arrow.best_rule(avoid)
            arrow.redraw()
        return arrow

    def dot(self, point: Vec, color: str, *, radius: float = 0.07) -> PlaneDot:
        return PlaneDot(self, point, color, radius=radius)

    def moving_grid(self) -> GridLines:
        """A grid drawn over the background that a map can move (it starts on the background)."""
        color = interpolate_color(ManimColor(self.theme.grid), ManimColor(self.theme.text), 0.35)
        grid = GridLines(
            self,
            color=color.to_hex(),
            width=1.6,
            opacity=0.9,
            axis_color=self.theme.axis,
            axis_width=3.0,
        )
        grid.set_z_index(Z_MOVING_GRID)
        return grid

    def span(
        self,
        matrix: Mat,
        color: str,
        *,
        through: Vec = (0.0, 0.0),
    ) -> SpanHighlight:
        """The column space of ``matrix`` (2×n), drawn through ``through``."""
        return SpanHighlight(self, column_span(matrix), color, through=through)

    def math(self, source: str, color: str, *, scale: float = 0.8) -> PlaneLabel:
        """A label in Typst math sized for the plane, on a patch of background (grid lines stay
        behind); config labels go through ``typeset.sym``/``typeset.product`` first."""
        label = PlaneLabel(source, color, self.theme, scale=scale * self.text_scale)
        label.scale(max(1.0, self.box.floor_scale(label)))  # never under the legibility floor
        return label


def settle_labels(
    arrows: Sequence[PlaneArrow], avoid: Sequence[Mobject] = (), **kwargs: Any
) -> list[Animation]:
    """Moves that ease each label of ``arrows`` lying on another arrow, label or one of
    ``avoid`` to where it hides least; a label already clear stays. The labels are placed one
    after another, each seeing where those before it go (placed at once, two labels in each
    other's way both take the same free spot); a second pass lets a label placed early step
    aside for one placed after it."""
    shown = [a for a in arrows if a.label is not None and _shown(a.label)]
    old = {id(a): (a.label_at, a.side) for a in shown}
    for _ in range(SETTLE_PASSES):
        moved = False
        for arrow in shown:
            others = [*(a for a in arrows if a is not arrow), *avoid]
            if not arrow.covers(others):
                continue
            new = arrow.best_rule(others)
            moved |= new != (arrow.label_at, arrow.side)
            arrow.label_at, arrow.side = new
            arrow.place(arrow.label)  # type: ignore[arg-type]  # where the others see it
        if not moved:
            break
    moves = []
    for arrow in shown:
        new = (arrow.label_at, arrow.side)
        if new == old[id(arrow)]:
            continue
        arrow.label_at, arrow.side = old[id(arrow)]
        arrow.place(arrow.label)  # type: ignore[arg-type]
        moves.append(arrow.move(label_at=new[0], side=new[1], **kwargs))
    return moves


SETTLE_PASSES = 2


def _nice(every: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … at least ``every`` (numbers on round steps)."""
    nice = 1
    while nice < every:
        nice = nice * 5 // 2 if str(nice).startswith("2") else nice * 2
    return nice


def fitted_plane(
    points: Iterable[Vec], box: Box, theme: Theme, *, text_scale: float = 1.0
) -> Plane:
    """A :class:`Plane` filling ``box`` whose window contains the origin and every point."""
    spec = fit_plane(points, box.width, box.height)
    return Plane(spec, box, theme, text_scale=text_scale)


class PlaneLabel(VGroup):
    """Typst math on a soft patch of the background colour (readable over grid lines and
    numbers); ``formula`` is the typeset math."""

    def __init__(self, source: str, color: str, theme: Theme, *, scale: float = 0.8) -> None:
        super().__init__()
        self.formula: Formula = math(source, color=color).scale(scale)
        self.backing = SurroundingRectangle(
            self.formula,
            buff=0.06,
            corner_radius=0.06,
            stroke_width=0,
            fill_color=theme.background,
            fill_opacity=LABEL_BACKING,
        )
        self.add(self.backing, self.formula)

    def set_alpha(self, alpha: float) -> PlaneLabel:
        """Fade the whole label to ``alpha`` (the backing keeps its own softness)."""
        self.formula.set_opacity(alpha)
        self.backing.set_fill(opacity=LABEL_BACKING * alpha)
        return self


# -- mapped objects ----------------------------------------------------------------------------


class PlaneArrow(OnPlane, VGroup):
    """A vector on a plane: shaft, head and an optional label, drawn at ``fmap`` of its home ends.

    ``tail``/``tip`` are the ends shown now (plane coordinates). :meth:`set_ends` moves the
    arrow directly (the new ends become its home); a :class:`~mnemo_anim.visuals.mapping.MapDriver`
    moves it by changing ``fmap``, which keeps a tip-to-tail chain joined under any linear map.
    """

    def __init__(
        self,
        plane: Plane,
        tail: Vec,
        tip: Vec,
        color: str,
        *,
        label: VMobject | None = None,
        label_at: LabelAt = "tip",
        side: float = 1.0,
        opacity: float = 1.0,
    ) -> None:
        super().__init__()
        self.plane, self.color_hex, self.opacity = plane, color, opacity
        self.home = (
            np.asarray(tail, dtype=float)[:2].copy(),
            np.asarray(tip, dtype=float)[:2].copy(),
        )
        self.fmap = IDENTITY.copy()
        self.shaft = VMobject(stroke_color=color, stroke_width=ARROW_WIDTH, fill_opacity=0.0)
        self.head = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0.0)
        # from a label set off from the tip (``far``) to the tip; hidden otherwise
        self.leader = VMobject(stroke_color=color, stroke_width=LEADER_WIDTH, fill_opacity=0.0)
        self.add(self.shaft, self.head, self.leader)
        self.set_z_index(Z_ARROW)
        self.label: VMobject | None = None
        self.label_at, self.side = label_at, side
        self._label_from: tuple[LabelAt, float, float] | None = None
        if label is not None:
            self.attach(label, at=label_at, side=side)
        self.redraw()

    # -- state -------------------------------------------------------------------------------

    @property
    def tail(self) -> np.ndarray:
        return apply_map(self.fmap, self.home[0])

    @property
    def tip(self) -> np.ndarray:
        return apply_map(self.fmap, self.home[1])

    def tip_point(self) -> np.ndarray:
        """The drawn apex of the head, in screen coordinates (read back from the points)."""
        return np.array(self.head.points[0])

    def tail_point(self) -> np.ndarray:
        return np.array(self.shaft.points[0])

    def set_ends(self, tail: Vec | None = None, tip: Vec | None = None) -> PlaneArrow:
        """Move the arrow to new ends (plane coordinates); they become its home, under no map."""
        new_tail = self.tail if tail is None else np.asarray(tail, dtype=float)[:2]
        new_tip = self.tip if tip is None else np.asarray(tip, dtype=float)[:2]
        self.home = (new_tail.copy(), new_tip.copy())
        self.fmap = IDENTITY.copy()
        self.redraw()
        return self

    def set_fmap(self, fmap: np.ndarray) -> None:
        self.fmap = np.array(fmap, dtype=float)
        self.redraw()

    # -- drawing -----------------------------------------------------------------------------

    def redraw(self) -> None:
        start, end = self.plane.c2p(self.tail), self.plane.c2p(self.tip)
        vector = end - start
        length = magnitude(vector)
        if length < 1e-6:
            _hide(self.shaft, start)
            self.head.set_points_as_corners([start, start, start, start])
        else:
            self.shaft.set_stroke(opacity=self.opacity)
            self.head.set_fill(opacity=self.opacity)
            u = vector / length
            n = np.array([-u[1], u[0], 0.0])
            head = min(HEAD_LENGTH, 0.45 * length)
            half = HEAD_WIDTH / 2 * head / HEAD_LENGTH
            base = end - u * head
            self.shaft.set_points_as_corners([start, end - u * head * 0.7])
            self.shaft.set_stroke(width=ARROW_WIDTH * min(1.0, length / 0.5))
            self.head.set_points_as_corners([end, base + n * half, base - n * half, end])
        if self.label is not None:
            self.place(self.label)

    def attach(self, label: VMobject, *, at: LabelAt = "tip", side: float = 1.0) -> VMobject:
        """Make ``label`` follow the arrow (beyond the tip, or beside the middle on ``side``)."""
        if self.label is not None:
            self.remove(self.label)
        self.label, self.label_at, self.side = label, at, side
        label.set_z_index(Z_LABEL)
        self.add(label)
        self.place(label)
        return label

    def place(self, label: Mobject) -> Mobject:
        """Put ``label`` where this arrow's label goes, inside the plane's box (with its
        leader line to the tip when it is set off from it).

        The label's bounds are read once: it is moved to its place and into the box in one
        shift (this runs on every frame the arrow moves)."""
        left, right, bottom, top = _bounds(label)
        size = (right - left, top - bottom)
        centre = self._label_centre(label, self.label_at, self.side, size)
        if self._label_from is not None:  # easing from an old placement rule (see ``move``)
            at, side, alpha = self._label_from
            centre = (1 - alpha) * self._label_centre(label, at, side, size) + alpha * centre
        move = centre - _xyz((left + right) / 2, (bottom + top) / 2)
        rect = (left + move[0], right + move[0], bottom + move[1], top + move[1])
        clamp = self.plane.clamp_shift(rect)
        label.shift(move + clamp)
        if label is self.label:
            rect = (rect[0] + clamp[0], rect[1] + clamp[0], rect[2] + clamp[1], rect[3] + clamp[1])
            self._lead(label, rect)
        return label

    def _lead(self, label: Mobject, rect: tuple[float, float, float, float]) -> None:
        """Draw the leader from ``label`` (whose bounds are ``rect``) to the tip when the label
        is set off (``far``), in the label's own opacity; hide it otherwise."""
        tip = self.plane.c2p(self.tip)
        ends = leader_ends(rect, tip) if self.label_at == "far" else None
        if ends is None:
            _hide(self.leader, tip)
            return
        self.leader.set_points_as_corners([ends[0], ends[1]])
        self.leader.set_stroke(opacity=0.8 * self.opacity * _label_alpha(label))

    def _label_centre(
        self,
        label: Mobject,
        at: LabelAt,
        side: float,
        size: tuple[float, float] | None = None,
    ) -> np.ndarray:
        """Where ``label`` (``size`` wide and high, when known) goes under the rule ``at``."""
        start, end = self.plane.c2p(self.tail), self.plane.c2p(self.tip)
        vector = end - start
        length = magnitude(vector)
        u = vector / length if length > 1e-6 else np.array([0.6, 0.8, 0.0])
        width, height = size if size is not None else (label.width, label.height)
        half = np.array([width / 2, height / 2, 0.0])
        normal = np.array([-u[1], u[0], 0.0])
        if at == "tip":
            anchor, out = end, u
        elif at in ("compass", "far"):
            angle = np.radians(side)
            anchor, out = end, np.array([np.cos(angle), np.sin(angle), 0.0])
            if at == "far":
                anchor = end + out * FAR_GAP
        elif at == "corner":
            anchor, out = end, (u + side * normal) / np.sqrt(2.0)
        else:
            anchor, out = (start + end) / 2, side * normal
        reach = float(abs(out[0]) * half[0] + abs(out[1]) * half[1])
        return anchor + out * (LABEL_BUFF + reach)

    def best_rule(
        self,
        avoid: Sequence[Mobject],
        *,
        prefer: Sequence[tuple[LabelAt, float]] = LABEL_RULES,
        ends: tuple[Vec, Vec] | None = None,
    ) -> tuple[LabelAt, float]:
        """The label placement that covers least of ``avoid`` (arrows, their labels, mobjects)
        and of the plane's numbers; ties go to the first of ``prefer``.

        ``ends`` asks where the label should go once the arrow has moved there.
        """
        if self.label is None:
            return self.label_at, self.side
        saved = (self.home, self.fmap)
        if ends is not None:
            self.home = (np.asarray(ends[0], dtype=float)[:2], np.asarray(ends[1], dtype=float)[:2])
            self.fmap = IDENTITY.copy()
        scored = self._scores(prefer, avoid)
        if min(score for score, _, _ in scored) > 0.01 * len(prefer):  # each covers something
            scored += self._scores(COMPASS_RULES, avoid, first=len(prefer))
            rules = len(prefer) + len(COMPASS_RULES)
            if min(score for score, _, _ in scored) > 0.01 * rules:  # still: set it off
                scored += self._scores(FAR_RULES, avoid, first=rules)
        self.home, self.fmap = saved
        _, at, side = min(scored, key=lambda item: item[0])
        return at, side

    def _scores(
        self, rules: Sequence[tuple[LabelAt, float]], avoid: Sequence[Mobject], first: int = 0
    ) -> list[tuple[float, LabelAt, float]]:
        """How much the label would hide under each of ``rules`` (its own arrow too), plus a
        hundredth per rank so that ties go to the earlier rule."""
        assert self.label is not None
        label = self.label
        start, end = self.plane.c2p(self.tail)[:2], self.plane.c2p(self.tip)[:2]
        scored = []
        for rank, (at, side) in enumerate(rules, start=first):
            rect = self.plane.label_rect(label, self._label_centre(label, at, side))
            score = 0.01 * rank + (1.0 if segment_hits_rect(start, end, rect) else 0.0)
            score += self.plane.cover(rect, avoid, skip=self)
            if at == "far":  # a short leader that crosses no label, point or arrow
                ends = leader_ends(rect, self.plane.c2p(self.tip))
                if ends is not None:
                    length = magnitude(ends[1] - ends[0])
                    score += LEADER_COST * length + self.plane.crossed(ends, avoid, skip=self)
            scored.append((score, at, side))
        return scored

    def covers(self, avoid: Sequence[Mobject]) -> bool:
        """Whether the label lies on its own arrow or on one of ``avoid`` (arrows, labels,
        mobjects) where it is now; axis numbers step aside for it (``Plane.yield_numbers``)."""
        if self.label is None:
            return False
        rect = _bounds(self.label)
        start, end = self.plane.c2p(self.tail)[:2], self.plane.c2p(self.tip)[:2]
        own = segment_hits_rect(start, end, rect)
        return bool(own) or self.plane.cover(rect, avoid, skip=self, numbers=False) > 0

    # -- animations --------------------------------------------------------------------------

    def settle(self, avoid: Sequence[Mobject], **kwargs: Any) -> Animation:
        """Ease the label to the placement that covers least of ``avoid``."""
        at, side = self.best_rule(avoid)
        return self.move(label_at=at, side=side, **kwargs)

    def relabel(
        self, source: str, avoid: Sequence[Mobject] | None = None, **kwargs: Any
    ) -> Animation:
        """Morph the label into new Typst math (same colour); the new label then replaces the
        old. With ``avoid``, the new label goes where it, at its own size, hides least of those
        (a longer label may not fit where the old one was)."""
        assert self.label is not None, "relabel needs an arrow with a label"
        old = self.label
        new = self.plane.math(source, self.color_hex)
        if avoid is not None:
            self.label = new  # best_rule measures the label it places
            self.label_at, self.side = self.best_rule(avoid)
            self.label = old
        self.place(new)

        def swap(scene: object) -> None:
            self.remove(old)
            self.attach(new, at=self.label_at, side=self.side)

        return Transform(old, new, _on_finish=swap, **kwargs)  # type: ignore[arg-type]

    def grow(self, **kwargs: Any) -> Animation:
        """Draw the arrow out of its tail; the label fades in with it."""
        tail, tip = self.tail, self.tip
        label = self.label

        def update(mob: Mobject, alpha: float) -> None:
            if isinstance(label, PlaneLabel):
                label.set_alpha(alpha)
            elif label is not None:
                label.set_opacity(alpha)
            self.set_ends(tail, tail + alpha * (tip - tail))  # the leader in the label's alpha

        return Redraw(self, lambda alpha: update(self, alpha), **kwargs)

    def move(
        self,
        tail: Vec | None = None,
        tip: Vec | None = None,
        *,
        label_at: LabelAt | None = None,
        side: float | None = None,
        **kwargs: Any,
    ) -> Animation:
        """Slide the ends in straight lines to new places (a tip crossing the tail flips it).

        ``label_at``/``side`` move the label to a new placement rule along the way. The start is
        read when the animation begins, so moves can be built ahead of time.
        """
        ends: dict[str, np.ndarray] = {}
        old_rule = (self.label_at, self.side)

        def update(mob: Mobject, alpha: float) -> None:
            if not ends:
                ends["t0"], ends["p0"] = self.tail, self.tip
                ends["t1"] = ends["t0"] if tail is None else np.asarray(tail, dtype=float)[:2]
                ends["p1"] = ends["p0"] if tip is None else np.asarray(tip, dtype=float)[:2]
            if label_at is not None or side is not None:
                self.label_at = label_at or old_rule[0]
                self.side = old_rule[1] if side is None else side
                self._label_from = (old_rule[0], old_rule[1], alpha) if alpha < 1 else None
            self.set_ends(
                (1 - alpha) * ends["t0"] + alpha * ends["t1"],
                (1 - alpha) * ends["p0"] + alpha * ends["p1"],
            )

        return Redraw(self, lambda alpha: update(self, alpha), **kwargs)


class PlaneDot(OnPlane, VGroup):
    """A marked point at ``fmap(home)``."""

    def __init__(self, plane: Plane, point: Vec, color: str, *, radius: float = 0.07) -> None:
        super().__init__()
        self.plane = plane
        self.home = np.asarray(point, dtype=float)[:2].copy()
        self.fmap = IDENTITY.copy()
        self.dot = Dot(plane.c2p(self.home), radius=radius, color=color)
        self.add(self.dot)
        self.set_z_index(Z_DOT)

    @property
    def point(self) -> np.ndarray:
        return apply_map(self.fmap, self.home)

    def set_fmap(self, fmap: np.ndarray) -> None:
        self.fmap = np.array(fmap, dtype=float)
        self.dot.move_to(self.plane.c2p(self.point))


class GridLines(OnPlane, VGroup):
    """The grid lines x = k·step and y = k·step under an affine map, clipped to the window.

    Each family of parallel lines is one ``VMobject`` with a subpath per line, and each axis
    line one more: a grid is four objects for Manim to walk and Cairo to draw every frame, not
    eighty. Lines of one family never cross, so one path per family looks the same as a path
    per line. A family shows at most ``pool`` lines, nearest the middle of the window first:
    a shrinking map brings in lines from outside, a singular one folds them onto a line.
    """

    def __init__(
        self,
        plane: Plane,
        *,
        color: str,
        width: float,
        opacity: float,
        axis_color: str | None = None,
        axis_width: float = 3.0,
        pool: int = GRID_POOL,
    ) -> None:
        super().__init__()
        self.plane, self.opacity, self.pool = plane, opacity, pool
        self.fmap = IDENTITY.copy()
        self.families = [
            VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity)
            for _ in range(2)
        ]
        self.axis_lines = (
            [
                VMobject(stroke_color=axis_color, stroke_width=axis_width, stroke_opacity=opacity)
                for _ in range(2)
            ]
            if axis_color is not None
            else []
        )
        self.add(*self.families, *self.axis_lines)
        self.redraw()

    def set_fmap(self, fmap: np.ndarray) -> None:
        self.fmap = np.array(fmap, dtype=float)
        self.redraw()

    def visible_lines(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The drawn segments, in plane coordinates (for tests)."""
        out = []
        for mob in [*self.families, *self.axis_lines]:
            for curve in mob.points.reshape(-1, 4, 3):
                out.append((self.plane.p2c(curve[0]), self.plane.p2c(curve[-1])))
        return out

    def _curves(self, axis: int, ks: Sequence[int]) -> list[np.ndarray]:
        """The lines ``ks`` of family ``axis`` in the window, one straight cubic (4×3 points)
        each; a line outside the window gives an empty array."""
        step, plane = self.plane.spec.step, self.plane
        offsets = np.zeros((len(ks), 2))
        offsets[:, axis] = np.asarray(ks, dtype=float) * step
        through = offsets @ self.fmap[:, :2].T + self.fmap[:, 2]
        direction = self.fmap[:, 1 - axis]
        starts, ends, inside = clip_parallel_lines(through, direction, plane.rect)
        ends_xyz = np.zeros((len(ks), 2, 3))
        ends_xyz[:, 0, :2], ends_xyz[:, 1, :2] = starts, ends
        ends_xyz = plane.origin + plane.unit * ends_xyz
        a, b = ends_xyz[:, 0], ends_xyz[:, 1]
        # The same handles as Manim's ``set_points_as_corners``: a third and two thirds along.
        curves = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1)
        return [curve if shown else curve[:0] for curve, shown in zip(curves, inside, strict=True)]

    def redraw(self) -> None:
        step, rect = self.plane.spec.step, self.plane.rect
        for axis, family in enumerate(self.families):
            ks = grid_indices(self.fmap, axis, step, rect, self.pool + 1)
            if self.axis_lines:
                ks = [k for k in ks if k != 0]
            ks = ks[: self.pool]
            # One pass clips the axis line (first, when there is one) and the family.
            curves = self._curves(axis, [0, *ks] if self.axis_lines else ks)
            if self.axis_lines:
                self.axis_lines[axis].set_points(curves.pop(0))
            family.set_points(np.concatenate(curves).reshape(-1, 3) if curves else np.zeros((0, 3)))


class SpanHighlight(OnPlane, VGroup):
    """A column space drawn through a point: the whole window (rank 2), a line (1), a dot (0)."""

    def __init__(self, plane: Plane, span: Span, color: str, *, through: Vec = (0.0, 0.0)) -> None:
        super().__init__()
        self.plane, self.span = plane, span
        self.home = np.asarray(through, dtype=float)[:2].copy()
        self.fmap = IDENTITY.copy()
        box = plane.box
        if span.rank == 2:
            self.shape: VMobject = Rectangle(
                width=box.width,
                height=box.height,
                stroke_width=0,
                fill_color=color,
                fill_opacity=0.08,
            ).move_to(box.center)
        elif span.rank == 1:
            self.shape = VMobject(stroke_color=color, stroke_width=16, stroke_opacity=0.4)
        else:
            self.shape = VGroup(
                Dot(radius=0.09, color=color),
                Circle(radius=0.2, stroke_color=color, stroke_width=4, stroke_opacity=0.6),
            )
        self.add(self.shape)
        self.set_z_index(Z_SPAN)
        self.redraw()

    @property
    def through(self) -> np.ndarray:
        return apply_map(self.fmap, self.home)

    def place_label(self, label: Mobject, avoid: Sequence[Mobject] = ()) -> Mobject:
        """Name the span where it hides least of ``avoid``: in a corner of the window (rank 2),
        beside the line near one of its ends (rank 1), or beside the point (rank 0)."""
        plane, box = self.plane, self.plane.box
        w, h = label.width / 2 + 0.12, label.height / 2 + 0.12
        if self.span.rank == 2:
            centres = [
                np.array([x, y, 0.0])
                for y in (box.top - h, box.bottom + h)
                for x in (box.right - w, box.left + w)
            ]
        elif self.span.rank == 1:
            start, end = self.shape.points[0], self.shape.points[-1]
            if (end[1], end[0]) < (start[1], start[0]):
                start, end = end, start
            u = (end - start) / max(magnitude(end - start), 1e-9)
            normal = np.array([u[1], -u[0], 0.0])
            reach = abs(normal[0]) * label.width / 2 + abs(normal[1]) * label.height / 2
            centres = [
                start + t * (end - start) + side * normal * (0.2 + reach)
                for t in (0.85, 0.15)
                for side in (1.0, -1.0)
            ]
        else:
            return plane.place_near(label, self.through, [])
        return plane.least_covered(label, centres, avoid)

    def set_fmap(self, fmap: np.ndarray) -> None:
        self.fmap = np.array(fmap, dtype=float)
        self.redraw()

    def redraw(self) -> None:
        if self.span.rank == 1:
            assert self.span.direction is not None
            segment = clip_line(
                self.through, apply_linear(self.fmap, self.span.direction), self.plane.rect
            )
            if segment is None:
                _hide(self.shape, self.plane.c2p(self.through))
            else:
                self.shape.set_points_as_corners(
                    [self.plane.c2p(segment[0]), self.plane.c2p(segment[1])]
                )
                self.shape.set_stroke(opacity=0.4)
        elif self.span.rank == 0:
            self.shape.move_to(self.plane.c2p(self.through))
        # rank 2: the image of the plane is the whole plane, wherever it is shifted

"""One dry run per scene kind and aspect of a titled, captioned job, shared by the tests that
read what was on screen after every play: the layout (inside the frame, text inside the safe
area, nothing from under the stage on it) and legibility (text at or above the floor, no plane
label on another label, an axis number or name, an arrow, an arrow head or a marked point).
Measured from the mobjects' boxes at the moment, without drawing; each (kind, aspect) runs once
in a test process, so the tests that read it live in one module (``tests/test_on_screen.py``,
kept whole by ``--dist loadfile``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from manim import Circle, Mobject, Text

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.render import FRAME_SHORT_SIDE
from mnemo_anim.layout import REFERENCE_SHORT_PX, Box, legible_floor
from mnemo_anim.visuals.geometry import segment_hits_rect
from mnemo_anim.visuals.legible import digit_heights, glyph_characters
from mnemo_anim.visuals.plane import Z_OFF_STAGE, PlaneArrow, PlaneDot, PlaneLabel
from mnemo_anim.visuals.shapes_parts import Space3D
from mnemo_anim.visuals.typeset import Formula, MatrixDisplay
from tests.scene_probe import run_dry

PX = REFERENCE_SHORT_PX / FRAME_SHORT_SIDE  # pixels per Manim unit at 1080 px on the short side
TEXT = (Text, Formula, MatrixDisplay)
TOL = 0.02  # how far (Manim units) a box may poke past the frame or the safe area


@dataclass
class Moment:
    """What the checks saw after one play.

    Legibility: the text under the floor, the smallest text and the overlapping boxes. Layout:
    the parts outside the frame, the text outside the safe area, how much text was checked, and
    the parts drawn under the stage (``Z_OFF_STAGE``) that are on it.
    """

    time: float
    small: list[tuple[float, str]] = field(default_factory=list)
    smallest: float = float("inf")
    overlaps: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    texts: int = 0
    under: int = 0
    on_stage: list[str] = field(default_factory=list)
    crowded: list[str] = field(default_factory=list)


def _name(mob: Mobject) -> str:
    text = getattr(mob, "text", None) or getattr(mob, "source", None) or repr(mob)
    return f"{type(mob).__name__} {str(text)[:30]!r}"


def box_of(mob: Mobject) -> tuple[float, float, float, float]:
    """(left, right, bottom, top): the corners Manim's ``get_corner`` gives, in one pass."""
    points = mob.get_points_defining_boundary()
    if len(points) == 0:
        return (0.0, 0.0, 0.0, 0.0)
    (left, bottom), (right, top) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return (float(left), float(right), float(bottom), float(top))


def _overlap(a: tuple[float, ...], b: tuple[float, ...], pad: float = 0.0) -> bool:
    return a[0] < b[1] - pad and b[0] < a[1] - pad and a[2] < b[3] - pad and b[2] < a[3] - pad


def _text_sizes(scene: Any, moment: Moment, floor: float) -> None:
    for top in scene.mobjects:
        for part in top.get_family():
            if not isinstance(part, TEXT):
                continue
            if isinstance(part, Text) and _drawn_text(part) and glyph_characters(part) is None:
                # glyphs not paired with characters: the floor cannot read this text's size
                moment.small.append((float("nan"), f"{_name(part)}: glyphs not read"))
            heights = digit_heights(part)
            if not heights:
                continue
            low = min(heights)
            moment.smallest = min(moment.smallest, low)
            if low < floor - 1e-6:
                moment.small.append((round(low * PX, 1), _name(part)))


def _drawn_text(text: Text) -> bool:
    return any(p.get_fill_opacity() > 0.01 for p in text.submobjects if len(p.points))


def _visible(mob: Mobject) -> bool:
    return any(
        len(p.points) and max(p.get_fill_opacity(), p.get_stroke_opacity()) > 0.01
        for p in mob.get_family()
    )


@dataclass
class PlaneParts:
    """What a plane label must stay clear of: the visible labels, axis numbers (of a plane)
    and axis names (of a 3-D view), arrows, arrow heads (of planes and 3-D views) and marked
    points (a plane's dots)."""

    labels: list = field(default_factory=list)
    dots: list = field(default_factory=list)
    numbers: list = field(default_factory=list)
    names: list = field(default_factory=list)
    arrows: list = field(default_factory=list)
    heads: list = field(default_factory=list)


def _plane_parts(scene: Any) -> PlaneParts:
    found = PlaneParts()
    for top in scene.mobjects:
        for part in top.get_family():
            if isinstance(part, PlaneLabel) and _visible(part.formula):
                found.labels.append(part)
            elif isinstance(part, PlaneArrow) and _visible(part.shaft):
                found.arrows.append(part)
                found.heads.append(part.head)
            elif isinstance(part, PlaneDot) and _visible(part):
                found.dots.append(part.dot)
            elif isinstance(part, Circle) and _visible(part):
                found.dots.append(part)  # a ring marking a point
            elif isinstance(part, Space3D):
                found.names += [n for n in part.names if _visible(n)]
                found.heads += [part.head] if _visible(part.head) else []
            numbers_group = getattr(part, "numbers", None)
            if numbers_group is not None and hasattr(part, "spec"):
                found.numbers += [n for n in numbers_group if _visible(n)]
    return found


def _on_round(mark: Mobject, box: tuple[float, float, float, float]) -> bool:
    """Whether a dot or a ring (round, its box's width across) reaches into ``box``."""
    centre = mark.get_center()[:2]
    nearest = np.clip(centre, [box[0], box[2]], [box[1], box[3]])
    return bool(np.linalg.norm(centre - nearest) < mark.width / 2)


def _touches_head(head: Mobject, box: tuple[float, float, float, float]) -> bool:
    """Whether an edge of the arrow head's triangle passes through ``box`` (a head's own box
    is far larger than the triangle when the arrow is slanted)."""
    corners = np.asarray(head.points)[:, :2]
    return any(segment_hits_rect(corners[k - 1], corners[k], box) for k in range(len(corners)))


def _overlaps(scene: Any, moment: Moment) -> None:
    parts = _plane_parts(scene)
    labels, numbers, arrows = parts.labels, parts.numbers, parts.arrows
    boxes = [(box_of(label.formula), label) for label in labels]
    for k, (box, label) in enumerate(boxes):
        name = _name(label.formula)
        moment.overlaps += [
            f"{name} on {_name(other.formula)}"
            for other_box, other in boxes[k + 1 :]
            if _overlap(box, other_box)
        ]
        moment.overlaps += [
            f"{name} on the axis number {n.text}" for n in numbers if _overlap(box, box_of(n))
        ]
        moment.overlaps += [
            f"{name} on an arrow"
            for arrow in arrows
            if arrow.label is not label and _segment_hits(arrow, box)
        ]
        moment.overlaps += [
            f"{name} on the axis name {n.text}" for n in parts.names if _overlap(box, box_of(n))
        ]
        moment.overlaps += [
            f"{name} on an arrow head" for h in parts.heads if _touches_head(h, box)
        ]
        moment.overlaps += [f"{name} on a marked point" for d in parts.dots if _on_round(d, box)]
    moment.overlaps += [
        f"axis numbers {a.text} and {b.text}"
        for k, a in enumerate(numbers)
        for b in numbers[k + 1 :]
        if _overlap(box_of(a), box_of(b))
    ]


def _texts(mob: Mobject) -> list[Mobject]:
    """The outermost pieces of text in ``mob``'s family that show (a matrix counts as one)."""
    if isinstance(mob, TEXT):
        return [mob] if _visible(mob) else []
    return [t for sub in mob.submobjects for t in _texts(sub)]


def _crowded(scene: Any, moment: Moment) -> None:
    """Record pieces of text that run into each other (a note on an equation, two lines of a
    panel on top of each other): boxes overlapping by more than ``TOL`` both ways."""
    texts = [t for top in scene.mobjects for t in _texts(top)]
    boxes = [box_of(t) for t in texts]
    for k, (a, box) in enumerate(zip(texts, boxes, strict=True)):
        moment.crowded += [
            f"{_name(a)} on {_name(b)}"
            for b, other in zip(texts[k + 1 :], boxes[k + 1 :], strict=True)
            if _overlap(box, other, pad=TOL)
        ]


def _segment_hits(arrow: PlaneArrow, box: tuple[float, float, float, float]) -> bool:
    start, end = arrow.tail_point()[:2], arrow.tip_point()[:2]
    # A label is allowed to touch its neighbour's shaft by a hair (the backing covers it).
    inner = (box[0] + 0.03, box[1] - 0.03, box[2] + 0.03, box[3] - 0.03)
    return bool(segment_hits_rect(start, end, inner))


def _drawn(part: Mobject) -> bool:
    """Whether this one part draws anything (points, and a fill or stroke that shows)."""
    points = getattr(part, "points", None)
    if points is None or len(points) == 0:
        return False
    opacities = [
        getattr(part, "get_fill_opacity", lambda: 0)(),
        getattr(part, "get_stroke_opacity", lambda: 0)(),
    ]
    return max(opacities) > 0.01


def _inside(mob: Mobject, box: Box) -> bool:
    left, right, bottom, top = box_of(mob)
    return box.contains(left, right, bottom, top, tol=TOL)


def placement(scene: Any, moment: Moment) -> None:
    """Record in ``moment`` what lies outside the frame or the safe area, and what is on the
    stage that should be under it."""
    layout, stage = scene.layout, scene.layout.stage
    for top in scene.mobjects:
        for part in top.get_family():
            if _drawn(part) and not _inside(part, layout.frame):
                moment.outside.append(type(part).__name__)
            if isinstance(part, TEXT) and any(_drawn(p) for p in part.get_family()):
                moment.texts += 1
                if not _inside(part, layout.safe):
                    moment.unsafe.append(_name(part))
            if stage is None or part.z_index != Z_OFF_STAGE or not _drawn(part):
                continue
            # Drawn before the plane, so in Manim's cached background while it moves: that
            # changes no pixel only while the part is off the stage.
            moment.under += 1
            left, right, bottom, top_y = box_of(part)
            if not (
                right < stage.left
                or left > stage.right
                or top_y < stage.bottom
                or bottom > stage.top
            ):
                moment.on_stage.append(type(part).__name__)


@dataclass
class Run:
    """A dry run's moments (one per play or wait), its steps, its legibility floor and whether
    its layout has a stage (a plane). Only data: the scene itself is not kept."""

    staged: bool
    moments: list[Moment]
    steps: list[tuple[str, float, float]]
    floor: float

    def step_ends(self) -> list[tuple[str, Moment]]:
        """Each step's name with the last moment at or before its end."""
        out = []
        for name, _start, end in self.steps:
            seen = [m for m in self.moments if m.time <= end + 1e-9]
            out.append((name, seen[-1]))
        return out


@cache
def watch(kind: str, aspect: str, variant: tuple[tuple[str, str], ...] = ()) -> Run:
    """Every moment of a dry run of ``kind``'s defaults in ``aspect``, titled and captioned
    (``variant``: other fields of the job, e.g. ``(("layout", "split"),)``)."""
    job = JOB_MODELS[kind].model_validate(
        {
            "title": "Matrix times vector",
            "captions": "auto",
            "render": {"aspect": aspect},
            **dict(variant),
        }
    )
    geo = job.render.geometry()
    floor = legible_floor(geo.frame_width, geo.frame_height)
    moments: list[Moment] = []

    def check(scene: Any) -> None:
        moment = Moment(scene.renderer.time)
        _text_sizes(scene, moment, floor)
        _overlaps(scene, moment)
        _crowded(scene, moment)
        placement(scene, moment)
        moments.append(moment)

    probe = run_dry(job, check)
    scene = probe.scene
    return Run(scene.layout.stage is not None, moments, list(scene.steps), floor)

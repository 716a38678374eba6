"""Still objects drawn above a moving one, kept in a play's cached background when no pixel changes.

For each play Manim draws, once, a background of everything before the *first* moving object
in drawing order, and draws everything from that object on again on every frame. A lesson puts
its formulas, labels and numbers on the stage after the thing that moves (the turning 3-D view
of the shapes lesson, the five tiles of the gallery), so Manim fills every glyph of them again
on every frame: on the shapes lesson that was a fifth of the drawing thread.

Two objects whose pixels do not overlap give the same picture, byte for byte, whichever is drawn
first. So an object that cannot change during the play may join the cached background if
nothing drawn before it on a frame touches a pixel it touches. :class:`StillLayer` makes that
background at the start of a play (Manim's, with those objects drawn on it) and, on each frame,
hands the camera the rest of the list, in Manim's order. Each frame it checks that every object
still drawn before a kept one stays clear of it; a frame where one does not (or where a kept
object has left the picture) is drawn Manim's way.

What cannot change: an object outside the families of the play's animations, of every object
with an updater and of the foreground objects (Manim's own tests for "moving", applied to each
object instead of to a prefix of the list). The lesson's updaters and animations change only
their own families, which ``tests/test_still.py`` checks frame by frame on every scene kind.

"Touches" is measured on boxes: the control points' box (which holds the curves), widened by the
stroke's mitre reach and two pixels of antialiasing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from manim import VMobject

# Cairo's default mitre limit is 10: a mitred corner reaches 10 half-widths from the path.
MITRE_REACH = 5.0
# Pixels an antialiased edge may touch beyond the geometry.
SMEAR = 2.0
# A play shorter than this many frames is drawn Manim's way: making the background costs about
# a frame.
MIN_FRAMES = 4


def changing_ids(scene: Any) -> set[int]:
    """Ids of every object the play may change: the families of its animations' objects, of
    every object with an updater, and of the foreground objects."""
    roots: list[Any] = list(scene.foreground_mobjects)
    pending = list(scene.animations or [])
    while pending:
        animation = pending.pop()
        roots.append(animation.mobject)
        pending.extend(getattr(animation, "animations", ()))
    roots.extend(m for m in scene.get_mobject_family_members() if m.updaters)
    return {id(m) for root in roots for m in root.get_family()}


class StillLayer:
    """One play's background with its still objects drawn in, and the frames it can serve."""

    def __init__(
        self,
        camera: Any,
        kept: list[Any],
        boxes: list[tuple[float, float, float, float]],
        fixed: set[int],
        image: np.ndarray,
    ) -> None:
        self.camera = camera
        self.kept = kept  # held, so that no new object can take a kept one's id
        self.rows = {id(m): row for row, m in enumerate(kept)}
        self.boxes = np.array(boxes)  # the kept objects' boxes, x0, y0, x1, y1 a row
        self.fixed = fixed  # still objects drawn on every frame: their boxes cannot change
        self.image = image
        self.served = 0  # frames drawn on this background (for the tests and the bench)

    @classmethod
    def build(
        cls, camera: Any, scene: Any, moving: Iterable[Any], into: np.ndarray | None = None
    ) -> StillLayer | None:
        """The layer for a play about to draw ``moving`` on every frame, drawn on the camera's
        current picture (Manim's background), or None if it would keep nothing. The picture is
        copied into ``into`` if given (Manim's background, which it replaces)."""
        changing = changing_ids(scene)
        kept: list[Any] = []
        kept_boxes: list[tuple[float, float, float, float]] = []
        fixed: set[int] = set()  # ids of objects the scene holds for the whole play
        drawn: list[tuple[float, float, float, float]] = []  # boxes drawn on every frame
        for leaf in camera.get_mobjects_to_display(moving):
            box = footprint(camera, leaf)
            still = id(leaf) not in changing and isinstance(leaf, VMobject)
            if still and _clear(box, drawn):
                kept.append(leaf)
                kept_boxes.append(box)
                continue
            drawn.append(box)
            if still:
                fixed.add(id(leaf))
        if not kept:
            return None
        camera.capture_mobjects(kept, include_submobjects=False)
        if into is None:
            into = camera.pixel_array.copy()
        else:
            np.copyto(into, camera.pixel_array)
        return cls(camera, kept, kept_boxes, fixed, into)

    def rest(self, moving: Iterable[Any]) -> list[Any] | None:
        """What to draw on this background for this frame, in Manim's order, or None if the
        frame must be drawn Manim's way."""
        rows, fixed, camera = self.rows, self.fixed, self.camera
        at = np.empty(len(rows))  # where each kept object is in this frame's list
        rest: list[Any] = []
        boxes: list[tuple[float, float, float, float]] = []
        places: list[int] = []
        found = 0
        for place, leaf in enumerate(camera.get_mobjects_to_display(moving)):
            row = rows.get(id(leaf))
            if row is not None:
                at[row] = place
                found += 1
                continue
            rest.append(leaf)
            # What may have moved, drawn while kept objects are still to come, must not
            # touch one of those drawn after it.
            if found < len(rows) and id(leaf) not in fixed:
                boxes.append(footprint(camera, leaf))
                places.append(place)
        if found != len(rows):
            return None  # a kept object left the picture
        if boxes and _meets(np.array(boxes), np.array(places), self.boxes, at):
            return None
        self.served += 1
        return rest


def footprint(camera: Any, mobject: Any) -> tuple[float, float, float, float]:
    """The box (in frame units) holding every pixel ``mobject`` can touch when drawn."""
    points = mobject.points
    low = points.min(axis=0)
    high = points.max(axis=0)
    width = max(
        float(getattr(mobject, "stroke_width", 0.0) or 0.0),
        float(getattr(mobject, "background_stroke_width", 0.0) or 0.0),
    )
    pad = MITRE_REACH * width * camera.cairo_line_width_multiple + SMEAR * (
        camera.frame_width / camera.pixel_width
    )
    return (
        float(low[0]) - pad,
        float(low[1]) - pad,
        float(high[0]) + pad,
        float(high[1]) + pad,
    )


def _clear(
    box: tuple[float, float, float, float], others: list[tuple[float, float, float, float]]
) -> bool:
    x0, y0, x1, y1 = box
    return all(x1 < a0 or a1 < x0 or y1 < b0 or b1 < y0 for a0, b0, a1, b1 in others)


def _meets(boxes: np.ndarray, places: np.ndarray, kept: np.ndarray, at: np.ndarray) -> bool:
    """Whether a box overlaps a kept box that is drawn after it."""
    return bool(
        (
            (places[:, None] < at[None, :])
            & (boxes[:, None, 0] <= kept[None, :, 2])
            & (kept[None, :, 0] <= boxes[:, None, 2])
            & (boxes[:, None, 1] <= kept[None, :, 3])
            & (kept[None, :, 1] <= boxes[:, None, 3])
        ).any()
    )

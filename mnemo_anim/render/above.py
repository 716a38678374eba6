"""Drawing only where something moves: the still objects that lie above a moving one.

Manim draws the objects below the first moving one once per animation (the *static image*) and
every object from the first moving one up on every frame. In a lesson many of those are still:
the formulas, captions and panels added after a plane or a turning 3-D view. :class:`Above`
draws them once too, into a second picture (the still objects in their order, as if nothing
moved), and on each frame:

1. finds the rectangles the moving objects can touch now: the bounding box of their points
   (which holds their curves), widened by their stroke's furthest reach (a miter at cairo's
   limit) and a two-pixel margin;
2. draws, into a scratch copy of Manim's static image, every moving object and every still one
   that reaches into a rectangle, in Manim's order, without a clip (cairo clipped to a rectangle
   rounds some edge pixels differently);
3. starts the frame from the still objects' picture and copies the rectangles from the scratch
   copy, then puts the scratch copy back where it was drawn on.

Outside the rectangles no moving object reaches, so the frame is the still objects' own; inside
them it is what Manim draws (``tests/test_above.py`` checks every frame the layer draws, in every
scene kind, against Manim's drawing of it). Which objects move is Manim's own rule (the families
of the animated objects, of objects with updaters, and the foreground); the still ones are
checked on every frame, and if one changed (its points, colours or strokes) or the list did, that
frame and the rest of the play are drawn Manim's way. So are plays where leaving objects out
would not pay for the checks and copies (:data:`DRAW_US` and the rest).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import cairo
import numpy as np
from manim import VMobject

AA = 2  # pixels of antialiasing around a shape's exact outline
MITER = 5.0  # cairo's default miter limit (10) reaches half of it times the line width out
# What a frame costs, in microseconds at 1080p (measured on the lesson scenes): drawing a small
# still object (a glyph) again, checking one is unchanged, restoring and copying one rectangle,
# and the rest of a layered frame. A play is drawn Manim's way when leaving objects out would not
# pay for the checks and copies.
DRAW_US, CHECK_US, RECT_US, FRAME_US = 25, 10, 20, 300


def movers(scene: Any) -> set[int] | None:
    """The ids of every object Manim counts as moving in the current play, or ``None`` when
    something can change outside them (a scene-level updater)."""
    from manim.animation.composition import AnimationGroup

    if getattr(scene, "updaters", None):
        return None
    out: set[int] = set()

    def animated(animations: Iterable[Any]) -> None:
        for anim in animations:
            out.update(map(id, anim.mobject.get_family()))
            if isinstance(anim, AnimationGroup):
                animated(anim.animations)

    animated(scene.animations or ())
    for mob in scene.get_mobject_family_members():
        if mob.updaters:
            out.update(map(id, mob.get_family()))
    for mob in scene.foreground_mobjects:
        out.update(map(id, mob.get_family()))
    return out


def fingerprint(mob: VMobject) -> tuple:
    """Everything the camera reads to draw ``mob``."""
    return (
        mob.points.tobytes(),
        mob.get_fill_rgbas().tobytes(),
        mob.get_stroke_rgbas().tobytes(),
        mob.get_stroke_rgbas(background=True).tobytes(),
        mob.get_stroke_width(),
        mob.get_stroke_width(background=True),
        mob.joint_type,
        mob.cap_style,
        np.asarray(mob.sheen_direction).tobytes(),
        mob.get_background_image(),
    )


def reach(
    mobs: Sequence[VMobject], matrix: cairo.Matrix, width: int, height: int, line: float
) -> np.ndarray:
    """For each of ``mobs`` (each with points), the pixel rectangle ``(x0, y0, x1, y1)`` that
    drawing it can touch, clipped to the frame (empty if none)."""
    if not mobs:
        return np.empty((0, 4), dtype=np.int64)
    points = [m.points for m in mobs]
    starts = np.cumsum([0] + [len(p) for p in points[:-1]])
    xy = np.concatenate(points)[:, :2]
    lo = np.minimum.reduceat(xy, starts)
    hi = np.maximum.reduceat(xy, starts)
    width_of = [max(m.get_stroke_width(), m.get_stroke_width(background=True)) for m in mobs]
    pad = MITER * line * np.asarray(width_of, dtype=float)
    # Frame units to pixels (the camera's matrix has no shear): y flips.
    xs = np.stack([matrix.xx * (lo[:, 0] - pad), matrix.xx * (hi[:, 0] + pad)], axis=1) + matrix.x0
    ys = np.stack([matrix.yy * (lo[:, 1] - pad), matrix.yy * (hi[:, 1] + pad)], axis=1) + matrix.y0
    with np.errstate(invalid="ignore"):
        out = np.stack(
            [
                np.floor(xs.min(axis=1)) - AA,
                np.floor(ys.min(axis=1)) - AA,
                np.ceil(xs.max(axis=1)) + AA,
                np.ceil(ys.max(axis=1)) + AA,
            ],
            axis=1,
        )
    # Manim draws points that are not finite at the origin: anywhere, as far as we know.
    out[~np.isfinite(out).all(axis=1)] = (0, 0, width, height)
    out = np.clip(out, 0, (width, height, width, height)).astype(np.int64)
    return out


def overlapping(boxes: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """For each of ``boxes``, whether it overlaps one of ``rects``."""
    pairs: np.ndarray = (
        (boxes[:, None, 0] < rects[None, :, 2])
        & (rects[None, :, 0] < boxes[:, None, 2])
        & (boxes[:, None, 1] < rects[None, :, 3])
        & (rects[None, :, 1] < boxes[:, None, 3])
    )
    return np.asarray(pairs.any(axis=1), dtype=bool)


def drawable(mobs: Sequence[Any]) -> bool:
    """Whether every object is drawn by the camera's plain vector path."""
    return all(isinstance(m, VMobject) and m.get_background_image() is None for m in mobs)


class Above:
    """The still objects above the first moving one, drawn once for one play."""

    def __init__(
        self,
        camera: Any,
        moving: list[Any],
        ids: set[int],
        below: np.ndarray,
        spare: tuple[np.ndarray, np.ndarray],
    ) -> None:
        self.camera = camera
        self.moving = moving  # Manim's list: the first moving object and all after it
        self.off = False  # a frame of this play was drawn Manim's way: so are the rest
        self.ids = ids
        self.below = below
        shown = camera.get_mobjects_to_display(moving)
        self.still = [m for m in shown if id(m) not in ids]
        self.prints = [fingerprint(m) for m in self.still]
        self.matrix = camera.get_cairo_context(camera.pixel_array).get_matrix()
        self.line = camera.cairo_line_width_multiple
        h, w = below.shape[:2]
        self.size = (w, h)
        with_points = [m for m in self.still if len(m.points)]
        boxes = reach(with_points, self.matrix, w, h, self.line)
        self.boxes = np.zeros((len(self.still), 4), dtype=np.int64)  # no points: nowhere
        self.boxes[[i for i, m in enumerate(self.still) if len(m.points)]] = boxes
        # The still objects over Manim's static image, in their order.
        self.image, self.scratch = spare
        np.copyto(self.image, below)
        surface = cairo.ImageSurface.create_for_data(self.image.data, cairo.FORMAT_ARGB32, w, h)
        ctx = cairo.Context(surface)
        ctx.set_matrix(self.matrix)
        for mob in self.still:
            camera.display_vectorized(mob, ctx)
        surface.flush()
        surface.finish()
        # Where the moving objects are drawn, each frame, before their rectangles are copied.
        np.copyto(self.scratch, below)
        self.surface = cairo.ImageSurface.create_for_data(
            self.scratch.data, cairo.FORMAT_ARGB32, w, h
        )
        self.ctx = cairo.Context(self.surface)
        self.ctx.set_matrix(self.matrix)
        self.dirty = np.empty((0, 4), dtype=np.int64)  # where the last frame drew in it

    @classmethod
    def start(
        cls,
        camera: Any,
        scene: Any,
        static_image: np.ndarray | None,
        spare: tuple[np.ndarray, np.ndarray],
    ) -> Above | None:
        """The layer for the play ``scene`` is starting, or ``None`` where it cannot help.

        ``spare`` is two pictures of the frame's size the layer may draw in (kept by the
        renderer from play to play: fresh pages for every play cost more than a frame's copy).
        """
        moving = scene.moving_mobjects
        ids = movers(scene)
        if not moving or ids is None:
            return None
        shown = camera.get_mobjects_to_display(moving)
        still = sum(id(m) not in ids for m in shown)
        if not drawable(shown) or still * DRAW_US < 2 * FRAME_US:
            return None  # nothing to leave out that would pay
        below = static_image if static_image is not None else camera.background
        if below is None or below.shape != camera.pixel_array.shape:
            return None
        if any(a.shape != below.shape or a.dtype != below.dtype for a in spare):
            return None
        return cls(camera, moving, ids, below, spare)

    def draw(self, moving: Any) -> bool:
        """Draw this frame into the camera's picture; ``False`` (nothing drawn) when it must be
        drawn Manim's way, as must every later frame of the play (a still object that changed
        stays changed, and what moves keeps to about the same room)."""
        if self.off:
            return False
        shown = self._unchanged(moving)
        self.off = shown is None or not self._draw(shown)
        return not self.off

    def _unchanged(self, moving: Any) -> list[Any] | None:
        """The objects to show now, if the still ones are those drawn at the start, unchanged."""
        if moving is not self.moving:
            return None
        shown = self.camera.get_mobjects_to_display(moving)
        still = [m for m in shown if id(m) not in self.ids]
        if len(still) != len(self.still) or any(
            a is not b for a, b in zip(still, self.still, strict=True)
        ):
            return None
        if not drawable(shown):
            return None
        if any(fingerprint(m) != p for m, p in zip(still, self.prints, strict=True)):
            return None
        return shown

    def _draw(self, shown: list[Any]) -> bool:
        camera, ids, (w, h) = self.camera, self.ids, self.size
        r = reach([m for m in shown if id(m) in ids], self.matrix, w, h, self.line)
        r = np.unique(r[(r[:, 2] > r[:, 0]) & (r[:, 3] > r[:, 1])], axis=0)
        b = self.boxes
        hit = overlapping(b, r)
        skipped = len(hit) - int(hit.sum())
        if skipped * DRAW_US < len(hit) * CHECK_US + len(r) * RECT_US + FRAME_US:
            return False  # too little left out to pay for the checks and copies
        # The scratch picture: back to Manim's static image where the last frame drew.
        for x0, y0, x1, y1 in self.dirty.tolist():
            self.scratch[y0:y1, x0:x1] = self.below[y0:y1, x0:x1]
        reaches = {id(m) for m, yes in zip(self.still, hit.tolist(), strict=True) if yes}
        for mob in shown:
            if id(mob) in ids or id(mob) in reaches:
                camera.display_vectorized(mob, self.ctx)
        self.surface.flush()
        self.dirty = np.unique(np.vstack([r, b[hit]]), axis=0)
        # Where something moves, the scratch picture is Manim's frame; elsewhere, the still one.
        pixels = camera.pixel_array
        np.copyto(pixels, self.image)
        for x0, y0, x1, y1 in r.tolist():
            pixels[y0:y1, x0:x1] = self.scratch[y0:y1, x0:x1]
        return True

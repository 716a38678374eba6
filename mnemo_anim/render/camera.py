"""Manim's Cairo camera, with each object's outline built once while its points stay the same.

Manim draws every object after the first moving one again on every frame, and before Cairo can
fill or stroke it, the camera walks the object's points in Python: it splits them into subpaths
(a NumPy pass) and issues one ``curve_to`` per Bézier curve. For the labels, numbers and axes
that sit still above a moving plane, that walk is most of a frame's drawing time, and it gives
the same outline every time.

:class:`PathCamera` keeps, for every object it has drawn, the points it drew and the path Cairo
made of them (``Context.copy_path``). When an object comes back with the same points, the path
is appended in one call (``Context.append_path``); when its points changed, the walk runs again
and the cache entry is replaced. Paths are kept in user space, which is what both calls use, so
a change of the camera's frame could not make a kept path wrong.

The walk itself (:func:`_walk`) is Manim's, on Python floats: Manim indexes NumPy arrays for
every coordinate and splits subpaths with a dozen small NumPy operations, which for a glyph of a
moving caption or a line of a moving grid costs more than the curves. Both walks give Cairo the
same calls with the same numbers, so the paths are equal (``tests/test_camera.py``) and the
pixels are the ones Manim draws (``tests/test_writer.py`` compares whole frames).
"""

from __future__ import annotations

import itertools
import math
import weakref
from typing import Any

import numpy as np
from manim import Camera, VMobject

_MANIM_SPLIT = VMobject.get_subpath_split_indices_from_points
_MANIM_EQUALS = VMobject.consider_points_equals_2d


class PathCamera(Camera):
    """A Cairo :class:`~manim.Camera` that reuses the outline of an object whose points did not
    change since it was last drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # object -> (its points as bytes when drawn, the Cairo path they made)
        self._paths: weakref.WeakKeyDictionary[Any, tuple[bytes, Any]] = weakref.WeakKeyDictionary()
        self.path_hits = 0  # outlines appended from the cache (for the tests and the bench)
        self._kinds: dict[type, type] = {}  # a class -> the display_funcs key it falls under

    def type_or_raise(self, mobject: Any) -> type:
        """Manim's answer (the first ``display_funcs`` class the object is an instance of),
        found once per class: Manim asks for every object on every frame."""
        kind = self._kinds.get(type(mobject))
        if kind is None:
            kind = self._kinds[type(mobject)] = super().type_or_raise(mobject)
        return kind

    def set_cairo_context_color(self, ctx: Any, rgbas: Any, vmobject: Any) -> PathCamera:
        if len(rgbas) != 1:
            super().set_cairo_context_color(ctx, rgbas, vmobject)  # a gradient
            return self
        # Manim's call (blue and red swapped for Cairo's byte order), with the same numbers as
        # Python floats instead of four NumPy scalars.
        red, green, blue, alpha = rgbas[0].tolist()
        ctx.set_source_rgba(blue, green, red, alpha)
        return self

    def set_cairo_context_path(self, ctx: Any, vmobject: Any) -> PathCamera:
        points = vmobject.points
        if len(points) == 0:
            # Manim leaves the context's path alone here: nothing to keep.
            super().set_cairo_context_path(ctx, vmobject)
            return self
        key = points.tobytes()  # the exact coordinates (their count is its length)
        kept = self._paths.get(vmobject)
        if kept is not None and kept[0] == key:
            ctx.new_path()
            ctx.append_path(kept[1])
            self.path_hits += 1
            return self
        if (
            type(vmobject).get_subpath_split_indices_from_points is _MANIM_SPLIT
            and type(vmobject).consider_points_equals_2d is _MANIM_EQUALS
            and vmobject.n_points_per_cubic_curve == 4
            and np.isfinite(points).all()
        ):
            _walk(ctx, points[:, :2].tolist(), vmobject.tolerance_for_point_equality)
        else:
            super().set_cairo_context_path(ctx, vmobject)
        self._paths[vmobject] = (key, ctx.copy_path())
        return self


def _walk(ctx: Any, xy: list[list[float]], atol: float) -> None:
    """Manim 0.22's ``Camera.set_cairo_context_path`` for finite cubic points ``xy`` (their x
    and y): the same subpaths, split and closed by the same tests on the same numbers, and the
    same calls to Cairo with the same coordinates, but on Python floats rather than NumPy
    scalars and arrays, several times faster for the small paths of glyphs and grid lines."""
    ctx.new_path()
    n = len(xy)
    if n < 4:
        return
    rtol = 1.0e-5  # numpy.isclose's, as Manim uses
    starts = [0]
    for k in range(4, n, 4):
        (ex, ey), (sx, sy) = xy[k - 1], xy[k]
        if abs(ex - sx) > atol + rtol * abs(sx) or abs(ey - sy) > atol + rtol * abs(sy):
            starts.append(k)
    starts.append(n)
    move_to, curve_to, close_path = ctx.move_to, ctx.curve_to, ctx.close_path
    for start, end in itertools.pairwise(starts):
        if end - start < 4:
            continue
        ctx.new_sub_path()
        move_to(*xy[start])
        for i in range(start + 1, end - 2, 4):
            (ax, ay), (bx, by), (cx, cy) = xy[i], xy[i + 1], xy[i + 2]
            curve_to(ax, ay, bx, by, cx, cy)
        if _equal_2d(xy[start], xy[end - 1], atol):
            close_path()


def _equal_2d(p0: list[float], p1: list[float], atol: float) -> bool:
    """Manim's ``VMobject.consider_points_equals_2d``."""
    rtol = 1.0e-5
    x0, y0 = p0
    x1, y1 = p1
    if x0 != x1:
        x_diff = abs(x0 - x1)
        if not (x_diff <= atol + rtol * abs(x1) and math.isfinite(x_diff)):
            return False
    if y0 == y1:
        return True
    y_diff = abs(y0 - y1)
    return bool(y_diff <= atol + rtol * abs(y1) and math.isfinite(y_diff))

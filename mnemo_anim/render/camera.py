"""Manim's Cairo camera, with each object's outline built once while its points stay the same.

Manim draws every object after the first moving one again on every frame, and before Cairo can
fill or stroke it, the camera walks the object's points in Python: it splits them into subpaths
(a NumPy pass) and issues one ``curve_to`` per Bézier curve. For the labels, numbers and axes
that sit still above a moving plane, that walk is most of a frame's drawing time, and it gives
the same outline every time.

:class:`PathCamera` keeps, for every object it has drawn, the points it drew and the path Cairo
made of them (``Context.copy_path``). When an object comes back with the same points, the path
is appended in one call (``Context.append_path``); when its points changed, the walk runs as
before and the cache entry is replaced. Paths are kept in user space, which is what both calls
use, so a change of the camera's frame could not make a kept path wrong; the pixels are the ones
Manim draws (``tests/test_camera.py`` compares whole frames).
"""

from __future__ import annotations

import weakref
from typing import Any

from manim import Camera


class PathCamera(Camera):
    """A Cairo :class:`~manim.Camera` that reuses the outline of an object whose points did not
    change since it was last drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # object -> (its points as bytes when drawn, the Cairo path they made)
        self._paths: weakref.WeakKeyDictionary[Any, tuple[bytes, Any]] = weakref.WeakKeyDictionary()
        self.path_hits = 0  # outlines appended from the cache (for the tests and the bench)

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
        super().set_cairo_context_path(ctx, vmobject)
        self._paths[vmobject] = (key, ctx.copy_path())
        return self

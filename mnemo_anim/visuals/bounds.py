"""A vectorised bounding box for Manim's VMobjects: the same numbers, several times faster.

Every ``arrange``, ``next_to``, ``get_top`` or ``width``-by-corner in Manim asks a VMobject for
a critical point of its box (``get_critical_point``). Manim (0.22) builds the points that
define the box by chaining every anchor of every part into a Python tuple and back into an
array, then reduces it once per dimension: a panel's layout tries ask tens of thousands of times,
and a scene spent a fifth of its build there. ``install`` replaces those two VMobject methods
with NumPy slicing and one reduction. The values are equal bit for bit to Manim's (the same
anchors in the same order; min, max and their mean in float64), so layouts and frames do not
change; ``tests/test_bounds.py`` compares the two on every kind of part the scenes build.

Installed by ``mnemo_anim.visuals.lesson`` (every scene imports it), once per process.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import Mobject, VMobject

MANIM_BOUNDARY = VMobject.get_points_defining_boundary
MANIM_CRITICAL_POINT = VMobject.get_critical_point
_MANIM_ANCHORS = VMobject.get_anchors


def anchors(mob: Mobject) -> np.ndarray:
    """``mob.get_anchors()`` as one (n, 3) array: each curve's start and end, in turn."""
    if not isinstance(mob, VMobject) or type(mob).get_anchors is not _MANIM_ANCHORS:
        return np.asarray(mob.get_anchors(), dtype=float).reshape(-1, 3)  # its own anchors
    points = mob.points
    if points.shape[0] == 1:
        return points
    n = mob.n_points_per_curve
    starts, ends = points[::n], points[n - 1 :: n]
    if len(starts) != len(ends):  # as Manim's zip(strict=True) does
        raise ValueError(f"{type(mob).__name__} has a curve with no end anchor")
    out = np.empty((2 * len(starts), points.shape[1]))
    out[0::2], out[1::2] = starts, ends
    return out


def boundary(self: VMobject) -> np.ndarray:
    """The anchors of every part of ``self`` (Manim's ``get_points_defining_boundary``)."""
    parts = [a for a in (anchors(part) for part in self.get_family()) if len(a)]
    return np.concatenate(parts) if parts else np.array(())


def critical_point(self: VMobject, direction: Any) -> np.ndarray:
    """The box's corner, edge centre or centre in ``direction`` (per dimension: the minimum
    where it is negative, the maximum where positive, the middle where zero)."""
    points = self.get_points_defining_boundary()
    if len(points) == 0:
        return np.zeros(self.dim)
    low, high = points.min(axis=0), points.max(axis=0)
    way = np.asarray(direction, dtype=float)[: self.dim]
    return np.where(way < 0, low, np.where(way > 0, high, (low + high) / 2))


def install() -> None:
    """Put the vectorised methods on ``VMobject`` (idempotent)."""
    VMobject.get_points_defining_boundary = boundary  # type: ignore[method-assign]
    VMobject.get_critical_point = critical_point  # type: ignore[method-assign,assignment]

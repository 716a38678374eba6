"""Plane geometry without Manim: fitted ranges, nice grid steps, clipping and affine maps.

Everything here works on plain NumPy arrays in *plane coordinates* (the numbers a viewer reads
off the axes), so it is tested without rendering. ``plane.py`` turns the results into mobjects
and ``mapping.py`` animates them.

An affine map of the plane is a 2×3 array ``[M | s]``: ``p ↦ M p + s``. A map is animated by
interpolating the arrays entrywise, which moves every point on a straight line from where it was
to where it goes, the same motion Manim's ``ApplyMatrix`` gives. Facts about a matrix that
narration states too (its column span, whether two commute) live in ``mnemo_anim.maths``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from mnemo_anim.maths import Mat, Vec

NICE_STEPS = (1.0, 2.0, 5.0)
MARGIN = 0.15  # share of the larger span added on every side, room for arrow labels
MIN_SPAN = 3.0  # a plane never shows less than this many units across (small vectors stay readable)
MIN_CELL = 0.55  # the smallest grid cell, in Manim units, that stays readable

Rect = tuple[float, float, float, float]  # x_min, x_max, y_min, y_max


# -- fitted ranges ---------------------------------------------------------------------------


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is at least ``raw`` (``raw`` > 0)."""
    if not raw > 0 or not math.isfinite(raw):
        raise ValueError(f"a grid step must be a positive number, got {raw}")
    exponent = math.floor(math.log10(raw))
    for power in (exponent - 1, exponent, exponent + 1):
        for base in NICE_STEPS:
            step = base * 10.0**power
            if step >= raw * (1 - 1e-12):
                return step
    return 10.0 ** (exponent + 1)  # unreachable: 10^(e+1) ≥ raw always


@dataclass(frozen=True)
class PlaneSpec:
    """The visible window of a plane and its grid step, in plane coordinates.

    ``x_range``/``y_range`` are ``(min, max, step)`` like Manim's; the window is sized to the
    aspect of the box it is drawn in, so one unit is as long across as it is up.
    """

    x_range: tuple[float, float, float]
    y_range: tuple[float, float, float]

    @property
    def step(self) -> float:
        return self.x_range[2]

    @property
    def rect(self) -> Rect:
        return (self.x_range[0], self.x_range[1], self.y_range[0], self.y_range[1])

    @property
    def width(self) -> float:
        return self.x_range[1] - self.x_range[0]

    @property
    def height(self) -> float:
        return self.y_range[1] - self.y_range[0]

    def contains(self, points: Iterable[Vec], pad: float = 0.0) -> bool:
        """Whether every point lies inside the window, at least ``pad`` from its edges."""
        x0, x1, y0, y1 = self.rect
        return all(
            x0 + pad - 1e-9 <= p[0] <= x1 - pad + 1e-9
            and y0 + pad - 1e-9 <= p[1] <= y1 - pad + 1e-9
            for p in points
        )

    def ticks(self, axis: int) -> list[float]:
        """Grid values (multiples of the step) inside the window along ``axis`` (0 = x)."""
        low, high, step = (self.x_range, self.y_range)[axis]
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        return [k * step for k in range(first, last + 1)]


def as_points(points: Iterable[Vec]) -> np.ndarray:
    """An (N, 2) float array of the finite points given (the origin is always included)."""
    rows = [np.asarray(p, dtype=float)[:2] for p in points]
    array = np.vstack([np.zeros((1, 2)), *rows]) if rows else np.zeros((1, 2))
    if not np.all(np.isfinite(array)):
        raise ValueError("plane points must be finite numbers")
    return array


def fit_plane(
    points: Iterable[Vec],
    width: float,
    height: float,
    *,
    margin: float = MARGIN,
    min_span: float = MIN_SPAN,
    min_cell: float = MIN_CELL,
) -> PlaneSpec:
    """A window holding the origin and every point, with a margin, for a ``width``×``height`` box.

    The bounds are padded by ``margin`` times the larger span, then widened along one axis to
    the box's aspect (the window need not end on a grid line: it is a view of an endless
    plane). When the box is wider than the padded points (a plane under a panel in a phone
    frame), the height sets the scale: the vertical axis is padded by ``margin`` times its
    own span only, so the points fill the height, and the width gives the horizontal room.
    The step is the smallest of 1, 2, 5 × 10^k whose cells are at least ``min_cell`` Manim
    units wide on screen.
    """
    pts = as_points(points)
    low, high = pts.min(axis=0), pts.max(axis=0)
    centre = (low + high) / 2
    # Keep at least min_span across both axes, around the points' centre.
    low = np.minimum(low, centre - min_span / 2)
    high = np.maximum(high, centre + min_span / 2)
    spans = high - low
    lo, hi = low - margin * spans.max(), high + margin * spans.max()
    w, h = hi - lo
    if w / h < width / height:
        lo[1], hi[1] = low[1] - margin * spans[1], high[1] + margin * spans[1]
        w, h = hi - lo
    if w / h < width / height:
        extra = h * width / height - w
        lo[0], hi[0] = lo[0] - extra / 2, hi[0] + extra / 2
    else:
        extra = w * height / width - h
        lo[1], hi[1] = lo[1] - extra / 2, hi[1] + extra / 2
    step = grid_step(
        pts, unit=width / (hi[0] - lo[0]), short_side=min(width, height), min_cell=min_cell
    )
    return PlaneSpec((float(lo[0]), float(hi[0]), step), (float(lo[1]), float(hi[1]), step))


def grid_step(points: np.ndarray, *, unit: float, short_side: float, min_cell: float) -> float:
    """The grid step for a window drawn at ``unit`` Manim units per plane unit.

    Candidates are the nice steps whose cells are at least ``min_cell`` wide on screen and that
    leave at least 2.5 cells across the short side. Of those, the largest step on whose grid
    every point lies wins (integer data gets whole-number lines, so coordinates read off the
    grid exactly); if there is none, the finest candidate.
    """
    finest = nice_step(min_cell / unit)
    candidates = [finest]
    while candidates[-1] * unit * 2 < short_side / 2.5:  # the next nice step is ≤ 2.5× bigger
        candidates.append(nice_step(candidates[-1] * 1.01))
    candidates = [s for s in candidates if s * unit <= short_side / 2.5] or [finest]

    def on_grid(step: float) -> bool:
        ratio = points / step
        return bool(np.all(np.abs(ratio - np.round(ratio)) < 1e-6))

    fitting = [s for s in candidates if on_grid(s)]
    return max(fitting) if fitting else candidates[0]


def label_every(step: float, unit: float, *, min_gap: float = 0.55) -> int:
    """Label every k-th grid line so that labels are at least ``min_gap`` Manim units apart."""
    return max(1, math.ceil(min_gap / (step * unit) - 1e-9))


# -- lines and clipping ----------------------------------------------------------------------


def clip_parallel_lines(
    points: np.ndarray, direction: Vec, rect: Rect
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parts inside ``rect`` of the parallel lines ``points[k] + t·direction`` (Liang–Barsky,
    all lines in one NumPy pass).

    Returns ``(starts, ends, inside)``: the clipped ends of every line (``N×2`` each) and which
    lines meet ``rect`` at all. One grid family is clipped in one call, every frame.
    """
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    d = np.asarray(direction, dtype=float)[:2]
    count = len(p)
    t0, t1 = np.full(count, -math.inf), np.full(count, math.inf)
    inside = np.full(count, bool(np.any(np.abs(d) > 1e-12)))
    for axis, (low, high) in enumerate(((rect[0], rect[1]), (rect[2], rect[3]))):
        if abs(d[axis]) < 1e-12:
            inside &= (low <= p[:, axis]) & (p[:, axis] <= high)
            continue
        a, b = (low - p[:, axis]) / d[axis], (high - p[:, axis]) / d[axis]
        t0, t1 = np.maximum(t0, np.minimum(a, b)), np.minimum(t1, np.maximum(a, b))
    inside &= t1 - t0 > 1e-12
    t0, t1 = np.where(inside, t0, 0.0), np.where(inside, t1, 0.0)
    return p + t0[:, None] * d, p + t1[:, None] * d, inside


def clip_line(point: Vec, direction: Vec, rect: Rect) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the infinite line ``point + t·direction`` inside ``rect`` (Liang–Barsky)."""
    starts, ends, inside = clip_parallel_lines(np.asarray(point, dtype=float)[:2], direction, rect)
    return (starts[0], ends[0]) if inside[0] else None


def clip_segment(start: Vec, end: Vec, rect: Rect) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment from ``start`` to ``end`` inside ``rect``."""
    s, e = np.asarray(start, dtype=float)[:2], np.asarray(end, dtype=float)[:2]
    whole = clip_line(s, e - s, rect)
    if whole is None:
        return None
    d = e - s
    length2 = float(d @ d)
    t0 = max(0.0, float((whole[0] - s) @ d) / length2)
    t1 = min(1.0, float((whole[1] - s) @ d) / length2)
    if t1 - t0 <= 1e-12:
        return None
    return s + t0 * d, s + t1 * d


def segment_hits_rect(start: Vec, end: Vec, rect: Rect) -> bool:
    """Whether the segment from ``start`` to ``end`` passes through ``rect``."""
    s = np.asarray(start, dtype=float)[:2]
    if np.linalg.norm(np.asarray(end, dtype=float)[:2] - s) < 1e-12:
        return bool(rect[0] <= s[0] <= rect[1] and rect[2] <= s[1] <= rect[3])
    return clip_segment(start, end, rect) is not None


def segments_cross(a: Vec, b: Vec, c: Vec, d: Vec) -> bool:
    """Whether the segments a→b and c→d cross (touching at an end point does not count)."""
    p, q, r, t = (np.asarray(v, dtype=float)[:2] for v in (a, b, c, d))

    def side(o: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
        return float((x[0] - o[0]) * (y[1] - o[1]) - (x[1] - o[1]) * (y[0] - o[0]))

    return side(p, q, r) * side(p, q, t) < 0 and side(r, t, p) * side(r, t, q) < 0


def overlap_fraction(rect: Rect, other: Rect) -> float:
    """The share of ``rect``'s area that ``other`` covers."""
    w = min(rect[1], other[1]) - max(rect[0], other[0])
    h = min(rect[3], other[3]) - max(rect[2], other[2])
    area = (rect[1] - rect[0]) * (rect[3] - rect[2])
    return 0.0 if w <= 0 or h <= 0 or area <= 0 else float(w * h / area)


def magnitude(v: Iterable[float]) -> float:
    """The Euclidean length of a short vector (a point's 2 or 3 coordinates).

    ``math.hypot`` rather than ``np.linalg.norm``: for three numbers NumPy's call costs more
    than the sum, and BLAS lets go of the interpreter lock, which the threads converting and
    encoding the frames then take, so a call made every frame waited for them.
    """
    return math.hypot(*(float(x) for x in v))


def grid_indices(fmap: np.ndarray, axis: int, step: float, rect: Rect, limit: int) -> list[int]:
    """Which grid lines of one family are visible after ``fmap``, nearest the middle first.

    Family ``axis`` = 0 are the lines x = k·step (vertical before the map), 1 the lines
    y = k·step. The image of line k is ``k·a + v·d + s`` with ``a = step·M e_axis`` and
    ``d = M e_other``; it meets the window when its offset along the normal of ``d`` lies
    between the window corners' offsets. At most ``limit`` indices are returned (near a
    singular map the visible lines are arbitrarily many and arbitrarily close).
    """
    m, s = fmap[:, :2], fmap[:, 2]
    a = step * m[:, axis]
    d = m[:, 1 - axis]
    size = magnitude(d)
    if size < 1e-9:
        return []  # every line of the family collapses to a point
    normal = np.array([-d[1], d[0]]) / size
    corners = np.array([[x, y] for x in rect[:2] for y in rect[2:]])
    offsets = corners @ normal
    low, high = offsets.min() - float(s @ normal), offsets.max() - float(s @ normal)
    spacing = float(a @ normal)
    if abs(spacing) < 1e-9 * max(1.0, magnitude(a)):
        # All lines of the family land on one line: show it once if it is in view.
        return [0] if low - 1e-9 <= 0 <= high + 1e-9 else []
    k0, k1 = sorted((low / spacing, high / spacing))
    first, last = math.ceil(k0 - 1e-9), math.floor(k1 + 1e-9)
    if last < first:
        return []
    middle = (k0 + k1) / 2
    ks = sorted(range(first, last + 1), key=lambda k: (abs(k - middle), k))
    return sorted(ks[:limit])


# -- column view -----------------------------------------------------------------------------


def tip_to_tail(vectors: Mat) -> list[tuple[np.ndarray, np.ndarray]]:
    """(tail, tip) of each vector placed tip to tail from the origin; the last tip is the sum."""
    out, tail = [], np.zeros(2)
    for v in vectors:
        tip = tail + np.asarray(v, dtype=float)[:2]
        out.append((tail, tip))
        tail = tip
    return out


# -- affine maps -----------------------------------------------------------------------------


def affine(matrix: Mat | None = None, shift: Vec | None = None) -> np.ndarray:
    """The 2×3 array ``[M | s]`` (identity and zero by default)."""
    m = np.eye(2) if matrix is None else np.asarray(matrix, dtype=float)
    if m.shape != (2, 2):
        raise ValueError(f"a map of the plane needs a 2×2 matrix, got shape {m.shape}")
    s = np.zeros(2) if shift is None else np.asarray(shift, dtype=float)[:2]
    return np.column_stack([m, s])


IDENTITY = affine()


def compose(after: np.ndarray, before: np.ndarray) -> np.ndarray:
    """``after ∘ before``: apply ``before`` first."""
    m = after[:, :2] @ before[:, :2]
    s = after[:, :2] @ before[:, 2] + after[:, 2]
    return np.column_stack([m, s])


def apply_map(fmap: np.ndarray, point: Vec) -> np.ndarray:
    """``M p + s``."""
    return fmap[:, :2] @ np.asarray(point, dtype=float)[:2] + fmap[:, 2]


def apply_linear(fmap: np.ndarray, direction: Vec) -> np.ndarray:
    """``M d`` (directions do not move with the shift)."""
    return fmap[:, :2] @ np.asarray(direction, dtype=float)[:2]


def lerp_map(start: np.ndarray, end: np.ndarray, alpha: float) -> np.ndarray:
    """The map ``alpha`` of the way from ``start`` to ``end`` (entrywise)."""
    return (1 - alpha) * start + alpha * end

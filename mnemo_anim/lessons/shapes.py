"""Shapes: an m×n matrix maps n-D to m-D. The numbers, shape texts and camera of that scene.

Nothing here imports Manim or the visuals: the model validates with it, the narration is
written from it and the scene draws it, so all three say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mnemo_anim.labels import plain
from mnemo_anim.maths import fmt
from mnemo_anim.wording import fits

MAX_DIM = 6  # rows and columns: up to 6×6 stays legible as numbers
MAX_BATCH = 4096
SPACE_DIM = 3  # inputs and outputs up to 3-D are drawn as spaces, larger ones as numbers
PITFALL = (5, 3)  # the lesson's own pitfall example: "An (5×3) matrix maps 3D → 5D"
BLOCK_ROWS = 8  # rows of a batch block drawn at most; more are shown with a gap (⋮)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def space_name(d: int) -> str:
    """ℝᵈ in plain text: ``space_name(3) == "ℝ³"`` (no typesetting needed)."""
    return "ℝ" + str(d).translate(_SUPERSCRIPT)


def dim_word(d: int) -> str:
    """The lesson's way of naming a dimension: ``3D``."""
    return f"{d}D"


def maps(m: int, n: int) -> str:
    """``"a 5×3 matrix maps 3D → 5D"``: input size from the columns, output from the rows."""
    return f"a {m}×{n} matrix maps {dim_word(n)} → {dim_word(m)}"


@dataclass(frozen=True)
class ShapeFacts:
    """What the shapes scene shows for one matrix, vector and optional batch size."""

    matrix: np.ndarray
    vector: np.ndarray
    batch: int | None = None

    @classmethod
    def of(
        cls, matrix: Sequence[Sequence[float]], vector: Sequence[float], batch: int | None = None
    ) -> ShapeFacts:
        return cls(np.array(matrix, dtype=float), np.array(vector, dtype=float), batch)

    @property
    def m(self) -> int:
        """Rows: the output size."""
        return int(self.matrix.shape[0])

    @property
    def n(self) -> int:
        """Columns: the input size."""
        return int(self.matrix.shape[1])

    @property
    def output(self) -> np.ndarray:
        """y = A x."""
        return self.matrix @ self.vector

    @property
    def drawn(self) -> bool:
        """Whether input and output are drawn as spaces (both at most 3-D)."""
        return self.m <= SPACE_DIM and self.n <= SPACE_DIM

    def shape_rule(self) -> list[tuple[str, str]]:
        """``(m×n) @ (n,) → (m,)`` as pieces tagged ``"out"``, ``"in"`` or ``""`` (plain)."""
        m, n = str(self.m), str(self.n)
        return [
            ("(", ""),
            (m, "out"),
            ("×", ""),
            (n, "in"),
            (") @ (", ""),
            (n, "in"),
            (",) → (", ""),
            (m, "out"),
            (",)", ""),
        ]

    def batch_rule(self) -> list[tuple[str, str]]:
        """``(B, n) @ (n, m) → (B, m)`` tagged ``"batch"``, ``"in"``, ``"out"``, ``""``."""
        assert self.batch is not None, "batch_rule needs a batch size"
        b, m, n = str(self.batch), str(self.m), str(self.n)
        return [
            ("(", ""),
            (b, "batch"),
            (", ", ""),
            (n, "in"),
            (") @ (", ""),
            (n, "in"),
            (", ", ""),
            (m, "out"),
            (") → (", ""),
            (b, "batch"),
            (", ", ""),
            (m, "out"),
            (")", ""),
        ]

    def batch_shapes(self) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
        """The shapes of X, Aᵀ and Y = X Aᵀ: ``(B, n)``, ``(n, m)``, ``(B, m)``."""
        assert self.batch is not None, "batch_shapes needs a batch size"
        return (self.batch, self.n), (self.n, self.m), (self.batch, self.m)

    def pitfalls(self) -> list[str]:
        """The pitfall, said with this matrix and with the lesson's 5×3 example."""
        m, n = self.m, self.n
        lines = [f"{maps(m, n).capitalize()}"]
        if m != n:
            lines[0] += f", not {dim_word(m)} → {dim_word(n)}"
        if (m, n) != PITFALL:
            lines.append(maps(*PITFALL).capitalize())
        return lines


def block_rows(rows: int, cap: int = BLOCK_ROWS) -> tuple[int, bool]:
    """How many rows a shape block draws for ``rows`` rows, and whether a gap (⋮) stands for
    the rest: 32 rows are drawn as 8 with the gap, 3 rows as 3."""
    return (rows, False) if rows <= cap else (cap, True)


# -- the turning camera of the 3-D view ------------------------------------------------------

ELEVATION = math.radians(24.0)
AZIMUTH = math.radians(55.0)  # x₀ towards the viewer's lower left, x₁ to the right, x₂ up
SWAY = math.radians(14.0)  # the camera swings this far either side of AZIMUTH ...
PERIOD = 14.0  # ... once every PERIOD seconds: slow enough to read, enough to see depth


def camera_angles(t: float) -> tuple[float, float]:
    """The camera's (azimuth, elevation) in radians at ``t`` seconds of turning."""
    return AZIMUTH + SWAY * math.sin(2 * math.pi * t / PERIOD), ELEVATION


def projection(azimuth: float, elevation: float) -> np.ndarray:
    """The 2×3 orthographic projection onto the screen of a camera at these angles.

    Row 0 is the screen's right direction, row 1 its up direction, both in input coordinates;
    the camera looks at the origin from ``(cos e cos a, cos e sin a, sin e)``.
    """
    ca, sa, ce, se = math.cos(azimuth), math.sin(azimuth), math.cos(elevation), math.sin(elevation)
    return np.array([[-sa, ca, 0.0], [-se * ca, -se * sa, ce]])


def axis_ranges(points: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """Per axis ``(low, high)`` of a 3-D view holding the origin and ``points``, with room.

    Every axis shows at least ±1 of the largest coordinate's scale, so a point on a plane of
    the axes still reads as 3-D.
    """
    pts = np.vstack([np.zeros((1, 3)), np.asarray(points, dtype=float).reshape(-1, 3)])
    reach = max(float(np.abs(pts).max()), 1.0)
    low = np.minimum(pts.min(axis=0), -0.2 * reach) - 0.1 * reach
    high = np.maximum(pts.max(axis=0), 0.6 * reach) + 0.15 * reach
    return np.stack([low, high], axis=1)


def view_points(ranges: np.ndarray, point: Sequence[float] | np.ndarray) -> np.ndarray:
    """What a 3-D view draws, as 3-D points: the ends of the axes, the corners of the floor
    grid (the x₀x₁ plane), the point and its foot on the floor."""
    p = np.asarray(point, dtype=float)
    ends = [np.eye(3)[k] * ranges[k, s] for k in range(3) for s in (0, 1)]
    floor = [[ranges[0, i], ranges[1, j], 0.0] for i in (0, 1) for j in (0, 1)]
    return np.array([*ends, *floor, p, [p[0], p[1], 0.0]])


def view_bounds(points: np.ndarray, angles: Sequence[tuple[float, float]]) -> np.ndarray:
    """The screen box ``[[x0, x1], [y0, y1]]`` (input units) that ``points`` project into
    over all camera ``angles``: fitting it keeps the turning view inside its region."""
    shown = np.vstack([points @ projection(a, e).T for a, e in angles])
    return np.stack([shown.min(axis=0), shown.max(axis=0)], axis=1)


def vec_text(values: Sequence[float] | np.ndarray, decimals: int = 2) -> str:
    """``[1, 5]``: numbers as a viewer reads them."""
    return "[" + ", ".join(fmt(float(v), decimals) for v in values) + "]"


# -- steps and narration -----------------------------------------------------------------------


def steps(batched: bool) -> list[str]:
    """The storyboard's step names, in order."""
    names = ["machine", "input", "map", "output", "shape rule", "pitfall"]
    return [*names, "batch"] if batched else names


def pitfall_narration(m: int, n: int) -> str:
    """The pitfall in one breath, always with the lesson's 5×3 example."""
    said = f"Output size = rows: {m}×{n} maps {dim_word(n)} → {dim_word(m)}"
    if (m, n) == PITFALL:
        return f"{said}, not {dim_word(m)} → {dim_word(n)}."
    p_m, p_n = PITFALL
    return f"{said}, and {p_m}×{p_n} maps {dim_word(p_n)} → {dim_word(p_m)}."


def narration(job: object) -> dict[str, str]:
    """What ``captions: auto`` says at each step of a :class:`ShapesJob`."""
    facts = ShapeFacts.of(job.matrix, job.vector, job.batch)  # type: ignore[attr-defined]
    d = job.numbers.decimals  # type: ignore[attr-defined]
    lab = job.labels  # type: ignore[attr-defined]
    a, x, y = plain(lab.matrix), plain(lab.vector), plain(lab.output)
    m, n = facts.m, facts.n
    where_in, where_out = (
        (f"a point in {dim_word(n)}", f"a point in {dim_word(m)}")
        if facts.drawn
        else (f"{n} numbers", f"{m} numbers")
    )
    out = {
        "machine": fits(
            f"{a} is a {m}×{n} matrix: a machine that takes {dim_word(n)} points "
            f"to {dim_word(m)} points.",
            f"{a} is a {m}×{n} matrix: {dim_word(n)} in, {dim_word(m)} out.",
        ),
        "input": fits(
            f"Feed it {x} = {vec_text(facts.vector, d)}, {where_in}.",
            f"Feed it {x}, {where_in}.",
        ),
        "map": fits(
            f"Each entry of {x} meets a column of {a}; each row of {a} gives one entry of {y}.",
            f"{x} meets the columns of {a}; its rows give {y}.",
        ),
        "output": fits(
            f"Out comes {y} = {vec_text(facts.output, d)}, {where_out}.",
            f"Out comes {y}, {where_out}.",
        ),
        "shape rule": f"({m}×{n}) @ ({n},) → ({m},): input size = columns, output size = rows.",
        "pitfall": fits(pitfall_narration(m, n)),
    }
    if facts.batch is not None:
        b = facts.batch
        out["batch"] = fits(
            f"A batch of {b} inputs: X @ {a}ᵀ is ({b}, {n}) @ ({n}, {m}) → ({b}, {m}).",
            f"A batch: ({b}, {n}) @ ({n}, {m}) → ({b}, {m}).",
        )
    return out

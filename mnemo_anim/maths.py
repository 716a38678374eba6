"""Pure maths and number formatting: what a scene shows and what its narration says.

Nothing here imports Manim or ``mnemo_anim.visuals``, so the config models (their automatic
narration), the visuals and the scenes all use the same functions: a number is written the
same way on screen and in a caption, and a fact the picture shows (the rank of A, whether A
and B commute) is the fact the narration states.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Vec = Sequence[float] | np.ndarray  # a point or direction (x, y), or (x, y, z) on screen
Mat = Sequence[Sequence[float]] | np.ndarray  # rows of a matrix

RANK_TOL = 1e-9

# -- numbers as written ------------------------------------------------------------------------


def fmt(value: float, decimals: int = 2) -> str:
    """``3.0`` → ``"3"``, ``-0.8660`` → ``"-0.87"``, ``2.50`` → ``"2.5"``; never ``"-0"``."""
    rounded = round(value, decimals)
    # Absolute tolerance only: a relative one (isclose's default 1e-9) would write
    # 200000.9998 as 200001 at 4 places.
    if math.isclose(rounded, round(rounded), rel_tol=0.0, abs_tol=10 ** -(decimals + 3)):
        whole = round(rounded)
        return str(0 if whole == 0 else whole)
    text = f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


_SUFFIXES = ((1e9, "G"), (1e6, "M"), (1e3, "k"))


def compact(value: float) -> str:
    """A short axis number: ``300000`` → ``"300k"``, ``2.5e6`` → ``"2.5M"``, ``0.000001`` →
    ``"1e-6"``; ordinary values as :func:`fmt` writes them (``-0.5``, ``1500``).

    Written for tick labels, where a long number would run into its neighbour.
    """
    size = abs(value)
    if size < 1e-12:
        return "0"
    if size < 0.01:
        mantissa, exponent = f"{value:.1e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    if size >= 1e4:
        for unit, suffix in _SUFFIXES:
            if size >= unit:
                return fmt(value / unit, 2) + suffix
    return fmt(value, 2)


def tex(value: float, decimals: int = 2, *, parens: bool = False) -> str:
    """The math source (Typst) for ``value``; negatives get parentheses after an operator.

    Typst math sets the hyphen of ``-0.87`` as a minus sign.
    """
    text = fmt(value, decimals)
    return f"({text})" if parens and text.startswith("-") else text


def shown(value: float, decimals: int = 2) -> float:
    """The number a viewer reads for ``value`` (what tests compare against NumPy)."""
    return float(fmt(value, decimals))


def vector_text(values: Iterable[float], decimals: int = 2) -> str:
    """A vector as narration writes it: ``[3, -0.5]``."""
    return "[" + ", ".join(fmt(v, decimals) for v in values) + "]"


def arrays(*values: Mat | Vec) -> list[np.ndarray]:
    """Each of ``values`` (a config's lists of numbers) as a float array."""
    return [np.array(v, dtype=float) for v in values]


# -- facts about matrices ----------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The column space of a 2×n matrix: its rank and, for rank 1, a unit direction."""

    rank: int
    direction: np.ndarray | None

    def contains(self, point: Vec, tol: float = 1e-7) -> bool:
        p = np.asarray(point, dtype=float)[:2]
        scale = max(1.0, float(np.linalg.norm(p)))
        if self.rank == 2:
            return True
        if self.rank == 0:
            return bool(np.linalg.norm(p) <= tol * scale)
        assert self.direction is not None
        d = self.direction
        return bool(abs(p[0] * d[1] - p[1] * d[0]) <= tol * scale)


def column_span(matrix: Mat, tol: float = RANK_TOL) -> Span:
    """Rank and (for rank 1) direction of the span of the matrix's columns.

    A singular value counts when it is above ``tol`` times the largest one. The column view
    draws this span and its narration names it, so both read the rank from here.
    """
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != 2:
        raise ValueError(f"column_span takes a 2×n matrix, got shape {a.shape}")
    u, sv, _ = np.linalg.svd(a)
    # Relative to the largest singular value: columns whose directions differ by less than
    # ``tol`` radians are one line on any screen (and decimal inputs carry rounding noise).
    rank = 0 if sv[0] <= 1e-300 else int(np.sum(sv > tol * sv[0]))
    if rank == 1:
        d = u[:, 0]
        # A stable sign, so the same span always gets the same direction.
        if d[0] < -1e-12 or (abs(d[0]) <= 1e-12 and d[1] < 0):
            d = -d
        return Span(1, d)
    return Span(rank, None)


def commute(a: Mat, b: Mat) -> bool:
    """Whether AB = BA (to display precision, relative to the entries' size): what the
    composition scene shows and what its narration says."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(1.0, float(np.abs(a).max()), float(np.abs(b).max())) ** 2
    return bool(np.allclose(a @ b, b @ a, atol=1e-9 * scale, rtol=0))

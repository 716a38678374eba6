"""A 2×2 matrix as a move of the plane: where î and ĵ land, the determinant, the rank, the null
space, and the matrix's effect in the lesson's words ("Rotate all vectors by θ", "Squash onto a
line", …).

The ``transformation`` and ``gallery`` scenes, their models and their narration all read these
functions, so the picture, the words on screen and the captions cannot disagree. Nothing here
imports Manim or the visuals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mnemo_anim.maths import fmt

# A singular value counts when it is above this share of the largest one (the same rule as the
# column space drawn by the plane scenes, so "rank 1" on screen and in words agree).
RANK_TOL = 1e-9
CLOSE = 1e-9  # entries equal to this share of the matrix's size count as equal

Rows = Sequence[Sequence[float]] | np.ndarray


def as_matrix(matrix: Rows) -> np.ndarray:
    """The 2×2 float array of ``matrix``; anything else is a ``ValueError``."""
    a = np.asarray(matrix, dtype=float)
    if a.shape != (2, 2):
        raise ValueError(f"a map of the plane is a 2×2 matrix, got shape {a.shape}")
    return a


def rank(matrix: Rows) -> int:
    """0, 1 or 2: how many independent directions survive the map."""
    sv = np.linalg.svd(as_matrix(matrix), compute_uv=False)
    return 0 if sv[0] <= 1e-300 else int(np.sum(sv > RANK_TOL * sv[0]))


def determinant(matrix: Rows) -> float:
    """det A (exactly 0 when the rank says the matrix is singular, so "det = 0" is said)."""
    a = as_matrix(matrix)
    return 0.0 if rank(a) < 2 else float(a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0])


def _stable(d: np.ndarray) -> np.ndarray:
    """A unit direction with a fixed sign (first non-zero coordinate positive)."""
    d = d / np.linalg.norm(d)
    if d[0] < -1e-12 or (abs(d[0]) <= 1e-12 and d[1] < 0):
        d = -d
    return np.where(np.abs(d) < 1e-15, 0.0, d)


def null_direction(matrix: Rows) -> np.ndarray | None:
    """For a rank-1 matrix, the unit direction it sends to 0 (its null space); else ``None``
    (rank 2 sends only 0 to 0, rank 0 sends everything)."""
    a = as_matrix(matrix)
    if rank(a) != 1:
        return None
    _, _, vt = np.linalg.svd(a)
    return _stable(vt[1])


def image_direction(matrix: Rows) -> np.ndarray | None:
    """For a rank-1 matrix, the unit direction of the line everything lands on; else ``None``."""
    a = as_matrix(matrix)
    if rank(a) != 1:
        return None
    u, _, _ = np.linalg.svd(a)
    return _stable(u[:, 0])


def unit_square(matrix: Rows) -> np.ndarray:
    """The corners 0, Aî, Aî + Aĵ, Aĵ of the unit square's image, in that order (4×2)."""
    a = as_matrix(matrix)
    return np.array([[0.0, 0.0], a[:, 0], a[:, 0] + a[:, 1], a[:, 1]])


def signed_area(corners: np.ndarray) -> float:
    """The shoelace area of a polygon: positive when its corners run counter-clockwise."""
    x, y = corners[:, 0], corners[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def orientation(matrix: Rows) -> str:
    """``kept``, ``flipped`` (det < 0: î to ĵ now turns clockwise) or ``collapsed`` (det = 0)."""
    d = determinant(matrix)
    return "collapsed" if d == 0 else ("kept" if d > 0 else "flipped")


def _close(a: np.ndarray, b: np.ndarray, scale: float) -> bool:
    return bool(np.allclose(a, b, rtol=0, atol=CLOSE * max(1.0, scale)))


def _angle(degrees: float, decimals: int) -> str:
    return fmt(degrees, decimals) + "°"


@dataclass(frozen=True)
class Effect:
    """What a matrix does, in the lesson's words: a kind (for tests and narration) and text."""

    kind: str
    text: str


def _orthogonal_effect(a: np.ndarray, scale: float, decimals: int) -> Effect | None:
    """Rotations and reflections, possibly scaled by the same factor in every direction."""
    gram = a.T @ a
    s2 = float(gram[0, 0])
    if not _close(gram, s2 * np.eye(2), scale * scale) or s2 <= 0:
        return None
    s = math.sqrt(s2)
    det = determinant(a)
    by = "" if abs(s - 1) < 1e-9 else f", scale by {fmt(s, decimals)}"
    if det > 0:
        theta = math.degrees(math.atan2(a[1, 0], a[0, 0]))
        if abs(theta) < 1e-9:  # s·I: no turn at all
            return Effect("scale", f"Scale all vectors by {fmt(s, decimals)}")
        words = "Rotate all vectors by" if not by else "Rotate by"
        return Effect("rotation", f"{words} {_angle(theta, decimals)}{by}")
    phi = math.degrees(math.atan2(a[1, 0], a[0, 0])) / 2
    phi = phi + 180 if phi < -1e-9 else phi
    line = {0.0: "the x-axis", 90.0: "the y-axis"}.get(
        round(phi, 9), f"the line at {_angle(phi, decimals)}"
    )
    return Effect("reflection", f"Reflect across {line}{by}")


def _shear_effect(a: np.ndarray, scale: float, decimals: int) -> Effect | None:
    if not (abs(a[0, 0] - 1) < 1e-9 and abs(a[1, 1] - 1) < 1e-9):
        return None
    if abs(a[1, 0]) < CLOSE * scale:
        return Effect("shear", f"Shear: x moves by {fmt(a[0, 1], decimals)}·y")
    if abs(a[0, 1]) < CLOSE * scale:
        return Effect("shear", f"Shear: y moves by {fmt(a[1, 0], decimals)}·x")
    return None


def effect(matrix: Rows, decimals: int = 2) -> Effect:
    """What ``matrix`` does to vectors, as the lesson's table says it (computed, not named):
    identity, diagonal, rotation, projection, singular, reflection, shear, or else its det and
    rank."""
    a = as_matrix(matrix)
    scale = float(np.abs(a).max())
    r = rank(a)
    if _close(a, np.eye(2), scale):
        return Effect("identity", "No change")
    if r == 0:
        return Effect("zero", "Collapses every direction to zero")
    if r == 1 and _close(a @ a, a, scale * scale):
        return Effect("projection", "Squash onto a line")
    found = _orthogonal_effect(a, scale, decimals)
    if found is not None:
        return found
    if abs(a[0, 1]) < CLOSE * scale and abs(a[1, 0]) < CLOSE * scale:
        s1, s2 = fmt(a[0, 0], decimals), fmt(a[1, 1], decimals)
        return Effect("diagonal", f"Scale axis 1 by {s1}, axis 2 by {s2}")
    if r == 1:
        return Effect("singular", "Collapses some directions to zero")
    found = _shear_effect(a, scale, decimals)
    if found is not None:
        return found
    det = determinant(a)
    turn = "flips orientation" if det < 0 else "stretches and turns"
    return Effect("general", f"Rank 2, det {fmt(det, decimals)}: {turn}")


def area_words(matrix: Rows, decimals: int = 2, name: str = "A") -> str:
    """What happens to areas, as said on screen: ``area × det A = 2``, and the flip or collapse."""
    d = determinant(matrix)
    if d == 0:
        onto = "a line" if rank(matrix) == 1 else "a point"
        return f"det {name} = 0: the plane collapses onto {onto}"
    said = f"area × det {name} = {fmt(d, decimals)}"
    return said + ": orientation flips" if d < 0 else said


def vec(values: Sequence[float] | np.ndarray, decimals: int = 2) -> str:
    """``[1, -0.5]``: a vector as plain text."""
    return "[" + ", ".join(fmt(float(v), decimals) for v in values) + "]"


def combination(
    matrix: Rows, x: Sequence[float], decimals: int = 2, name: str = "A", vector: str = "x"
) -> str:
    """``Ax = 1·[1, 1] + 2·[-1, 1] = [-1, 3]``: the column view with the real numbers."""
    a = as_matrix(matrix)
    xs = np.asarray(x, dtype=float)
    terms = " + ".join(f"{fmt(xs[j], decimals)}·{vec(a[:, j], decimals)}" for j in range(2))
    return f"{name}{vector} = {terms} = {vec(a @ xs, decimals)}"


# -- the storyboards ---------------------------------------------------------------------------


def _fits(*candidates: str) -> str:
    """The first text that fits two 42-character caption lines (the last one always)."""
    import textwrap

    for text in candidates:
        if len(textwrap.wrap(text, 42)) <= 2:
            return text
    return candidates[-1]


def transformation_steps(matrix: Rows, has_vector: bool) -> list[str]:
    """The steps of the ``transformation`` scene: the null space (before the move) only for a
    singular matrix, the vector only when one is given."""
    singular = ["null space"] if rank(matrix) < 2 else []
    vector = ["vector"] if has_vector else []
    return ["grid", "basis", *singular, "move", "columns", "area", *vector, "origin"]


def transformation_narration(
    matrix: Rows, x: Sequence[float] | None, decimals: int = 2, name: str = "A", vector: str = "x"
) -> dict[str, str]:
    """Narration for every step of the ``transformation`` scene, from the numbers."""
    a = as_matrix(matrix)
    r, d = rank(a), decimals
    kind = effect(a, d)
    out = {
        "grid": f"{name} moves the whole plane; the faint grid stays where it was.",
        "basis": "Follow î, ĵ and the unit square they span.",
        "move": _fits(
            f"The grid moves from I to {name}: {kind.text[0].lower()}{kind.text[1:]}.",
            f"The grid moves from I to {name}.",
        ),
        "columns": _fits(
            f"î lands on {vec(a[:, 0], d)} and ĵ on {vec(a[:, 1], d)}: the columns of {name}.",
            f"î and ĵ land on the columns of {name}.",
        ),
        "area": _fits(
            f"The unit square becomes a parallelogram: {area_words(a, d, name)}.",
            area_words(a, d, name) + ".",
        ),
        "origin": f"The origin never moves: {name}·0 = 0.",
    }
    if r == 1:
        n = null_direction(a)
        assert n is not None
        out["null space"] = _fits(
            f"Every multiple of {vec(n, d)} lands on 0: the null space of {name}.",
            f"These inputs all land on 0: the null space of {name}.",
        )
    elif r == 0:
        out["null space"] = f"{name} = 0 sends every vector to 0."
    if x is not None:
        out["vector"] = _fits(
            combination(a, x, d, name, vector) + ".",
            f"{name}{vector} = {fmt(x[0], d)}·(new î) + {fmt(x[1], d)}·(new ĵ).",
            f"{name}{vector} = x₀·(new î) + x₁·(new ĵ).",
        )
    return out


GALLERY_STEPS = ["types", "move", "effects"]


def gallery_narration(entries: Sequence[tuple[str, Rows]], decimals: int = 2) -> dict[str, str]:
    """Narration for the ``gallery`` scene: the names, the common move, the effects."""
    names = ", ".join(name for name, _ in entries)
    effects = "; ".join(effect(m, decimals).text.lower() for _, m in entries)
    return {
        "types": _fits(f"{len(entries)} matrices: {names}.", f"{len(entries)} types of matrix."),
        "move": "Each plane moves from I to its matrix, all at once.",
        "effects": _fits(
            f"{effects[0].upper()}{effects[1:]}.",
            "Each caption says what its matrix does to vectors.",
        ),
    }

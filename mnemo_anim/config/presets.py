"""Named matrices a config may give instead of numbers: ``{rotation: 30}``, ``{shear: 1}``, …

Each preset is a function of its argument that returns a list of rows. Values are exact floats
(cos 30° is 0.8660…); how they are shown is decided by the number format, which rounds to
``numbers.decimals`` places (0.87 by default) and shows whole numbers without a decimal point.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

Rows = list[list[float]]

MAX_IDENTITY = 6


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def _pair(value: Any, what: str) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"{what} takes two numbers, e.g. [1, 2]; got {value!r}")
    return _number(value[0], what), _number(value[1], what)


def _clean(value: float) -> float:
    """Snap float noise to the nearest whole number (cos 90° is 6e-17, shown as 0)."""
    nearest = round(value)
    return float(nearest) if abs(value - nearest) < 1e-12 else value


def identity(n: Any) -> Rows:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_IDENTITY:
        raise ValueError(f"identity takes a size from 1 to {MAX_IDENTITY}, got {n!r}")
    return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]


def rotation(degrees: Any) -> Rows:
    t = math.radians(_number(degrees, "rotation angle (degrees)"))
    c, s = _clean(math.cos(t)), _clean(math.sin(t))
    return [[c, -s], [s, c]]


def scale(factors: Any) -> Rows:
    if isinstance(factors, int | float) and not isinstance(factors, bool):
        sx = sy = _number(factors, "scale")
    else:
        sx, sy = _pair(factors, "scale")
    return [[sx, 0.0], [0.0, sy]]


def shear(k: Any) -> Rows:
    if isinstance(k, list | tuple):
        kx, ky = _pair(k, "shear")
    else:
        kx, ky = _number(k, "shear"), 0.0
    return [[1.0, kx], [ky, 1.0]]


def projection(direction: Any) -> Rows:
    ux, uy = _pair(direction, "projection direction")
    norm2 = ux * ux + uy * uy
    if norm2 == 0:
        raise ValueError("projection direction must not be [0, 0]; give the line's direction")
    return [
        [_clean(ux * ux / norm2), _clean(ux * uy / norm2)],
        [_clean(ux * uy / norm2), _clean(uy * uy / norm2)],
    ]


def reflection(degrees: Any) -> Rows:
    t = 2 * math.radians(_number(degrees, "reflection angle (degrees)"))
    c, s = _clean(math.cos(t)), _clean(math.sin(t))
    return [[c, s], [s, -c]]


PRESETS: dict[str, tuple[Callable[[Any], Rows], str]] = {
    "identity": (identity, "{identity: n} the n×n identity (n from 1 to 6)"),
    "rotation": (rotation, "{rotation: degrees} counter-clockwise rotation"),
    "scale": (scale, "{scale: [sx, sy]} (or one number) axis scaling"),
    "shear": (shear, "{shear: k} x-shear; {shear: [kx, ky]} both"),
    "projection": (projection, "{projection: [ux, uy]} onto the line through u"),
    "reflection": (reflection, "{reflection: degrees} across the line at that angle"),
}


def expand(spec: dict[str, Any]) -> Rows:
    """Turn a one-key preset mapping into rows; raise ``ValueError`` saying what to write."""
    names = ", ".join(PRESETS)
    if len(spec) != 1:
        raise ValueError(f"a matrix preset is a mapping with exactly one key, one of: {names}")
    ((name, argument),) = spec.items()
    if name not in PRESETS:
        import difflib

        close = difflib.get_close_matches(str(name), PRESETS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ValueError(f"unknown matrix preset '{name}'{hint} (known: {names})")
    builder, _ = PRESETS[name]
    return builder(argument)

"""How numbers are written on screen: whole numbers stay whole, others round to ``decimals``."""

from __future__ import annotations

import math


def fmt(value: float, decimals: int = 2) -> str:
    """``3.0`` → ``"3"``, ``-0.8660`` → ``"-0.87"``, ``2.50`` → ``"2.5"``; never ``"-0"``."""
    rounded = round(value, decimals)
    if math.isclose(rounded, round(rounded), abs_tol=10 ** -(decimals + 3)):
        whole = round(rounded)
        return str(0 if whole == 0 else whole)
    text = f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def tex(value: float, decimals: int = 2, *, parens: bool = False) -> str:
    """The math source (Typst) for ``value``; negatives get parentheses after an operator.

    Typst math sets the hyphen of ``-0.87`` as a minus sign.
    """
    text = fmt(value, decimals)
    return f"({text})" if parens and text.startswith("-") else text


def shown(value: float, decimals: int = 2) -> float:
    """The number a viewer reads for ``value`` (what tests compare against NumPy)."""
    return float(fmt(value, decimals))

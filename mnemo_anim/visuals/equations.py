"""Equation lines built from numbers: the written-out dot product of the row view, and friends.

The functions here return Typst math parts (one part per colourable piece) and are tested
without rendering; scenes typeset the parts with ``typeset.math(parts)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mnemo_anim.labels import indexed
from mnemo_anim.maths import tex


@dataclass(frozen=True)
class DotProduct:
    """The three lines that work out y[i]: terms, products, sum (as Typst math parts)."""

    terms: list[str]  # y_i, =, a_0, dot.op, x_0, +, a_1, dot.op, x_1, ...
    products: list[str]  # =, p_0, +, p_1, ...
    total: list[str]  # =, sum
    value: float

    def term_index(self, j: int) -> tuple[int, int, int]:
        """Indices in ``terms`` of a_j, the dot and x_j."""
        start = 2 + 4 * j
        return start, start + 1, start + 2

    def product_index(self, j: int) -> int:
        return 1 + 2 * j


def dot_product(
    row: Sequence[float] | np.ndarray,
    x: Sequence[float] | np.ndarray,
    *,
    output: str,
    i: int,
    decimals: int,
) -> DotProduct:
    """Write ``row · x`` out as it is done on a board, one line per stage (``output`` is a
    config label, shown with subscript ``i``)."""
    terms = [indexed(output, i), "="]
    products = ["="]
    for j, (a, b) in enumerate(zip(row, x, strict=True)):
        if j:
            terms.append("+")
            products.append("+")
        terms += [tex(a, decimals, parens=True), "dot.op", tex(b, decimals, parens=True)]
        products.append(tex(a * b, decimals, parens=j > 0))
    value = float(sum(a * b for a, b in zip(row, x, strict=True)))
    return DotProduct(terms, products, ["=", tex(value, decimals)], value)

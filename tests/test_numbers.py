"""Number formatting and the written-out dot product."""

from __future__ import annotations

import numpy as np
import pytest

from mnemo_anim.maths import compact, fmt, shown, tex
from mnemo_anim.visuals.equations import dot_product


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (3.0, 2, "3"),
        (-1.0, 2, "-1"),
        (0.8660254, 2, "0.87"),
        (-0.8660254, 3, "-0.866"),
        (2.5, 2, "2.5"),
        (-0.001, 2, "0"),
        (1e-17, 2, "0"),
        (1234.0, 0, "1234"),
        (0.125, 0, "0"),
    ],
)
def test_fmt(value: float, decimals: int, text: str) -> None:
    assert fmt(value, decimals) == text


def test_tex_parenthesises_negatives_after_operators() -> None:
    assert tex(-2, 2, parens=True) == "(-2)"
    assert tex(2, 2, parens=True) == "2"
    assert tex(-2, 2) == "-2"


@pytest.mark.parametrize("seed", range(5))
def test_dot_product_lines_match_numpy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    row = rng.integers(-9, 10, size=4).astype(float)
    x = rng.integers(-9, 10, size=4).astype(float)
    work = dot_product(row, x, output="y", i=2, decimals=2)
    assert work.terms[0] == "y_2"
    assert work.value == pytest.approx(float(row @ x))
    assert shown(work.value) == float(work.total[1])
    products = [float(work.products[work.product_index(j)].strip("()")) for j in range(4)]
    np.testing.assert_allclose(products, row * x)
    for j in range(4):
        a, _, b = work.term_index(j)
        assert float(work.terms[a].strip("()")) == row[j]
        assert float(work.terms[b].strip("()")) == x[j]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1e-13, "0"),
        (-1e-13, "0"),
        (0.000001, "1e-6"),
        (0.0025, "2.5e-3"),
        (-0.005, "-5e-3"),
        (0.00999, "1e-2"),
        (0.01, "0.01"),
        (0.5, "0.5"),
        (-0.5, "-0.5"),
        (1500, "1500"),
        (9999, "9999"),
        (10_000, "10k"),
        (12_500, "12.5k"),
        (300_000, "300k"),
        (-300_000, "-300k"),
        (999_000, "999k"),
        (1_000_000, "1M"),
        (2_500_000, "2.5M"),
        (-2_500_000, "-2.5M"),
        (1e9, "1G"),
        (7.25e10, "72.5G"),
    ],
)
def test_compact_axis_numbers(value: float, text: str) -> None:
    """Tick labels: large values with k/M/G, tiny ones in e-notation, others as written."""
    assert compact(value) == text

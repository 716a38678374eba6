"""The vectors of the linearity lesson against NumPy: A(u + v) = Au + Av, A(cu) = c·Au, and the
gaps a bias b opens, b and (c − 1)·b (pure, no rendering; part of the mutation run's tests)."""

from __future__ import annotations

import numpy as np
import pytest

from mnemo_anim.lessons.linearity import Linearity

# Odd numbers so that no two of the vectors below coincide by accident.
A = np.array([[1.25, -2.5], [3.75, 0.5]])
U, V, C, B = np.array([1.5, -2.25]), np.array([-0.75, 3.5]), -1.5, np.array([0.25, -1.75])


def _lesson() -> Linearity:
    return Linearity.of(A.tolist(), U.tolist(), V.tolist(), C, B.tolist())


def test_every_vector_agrees_with_numpy() -> None:
    lin = _lesson()
    want = {
        "sum": U + V,
        "au": A @ U,
        "av": A @ V,
        "a_sum": A @ (U + V),
        "au_plus_av": A @ U + A @ V,
        "cu": C * U,
        "a_cu": A @ (C * U),
        "c_au": C * (A @ U),
        "f_sum": A @ (U + V) + B,
        "f_u_plus_f_v": A @ U + B + A @ V + B,
        "f_cu": A @ (C * U) + B,
        "c_f_u": C * (A @ U + B),
    }
    for name, value in want.items():
        np.testing.assert_allclose(getattr(lin, name), value, rtol=1e-12, err_msg=name)
    np.testing.assert_allclose(lin.f([2.0, -1.0]), A @ [2.0, -1.0] + B, rtol=1e-12)


def test_the_bias_gaps_are_b_and_c_minus_one_times_b() -> None:
    lin = _lesson()
    np.testing.assert_allclose(lin.additivity_gap, B, rtol=1e-12)
    np.testing.assert_allclose(lin.scaling_gap, (C - 1) * B, rtol=1e-12)
    # without a bias both laws hold and both gaps close
    plain = Linearity.of(A, U, V, C, [0, 0])
    np.testing.assert_allclose(plain.a_sum, plain.au_plus_av, rtol=1e-12)
    np.testing.assert_allclose(plain.a_cu, plain.c_au, rtol=1e-12)
    np.testing.assert_allclose(plain.additivity_gap, [0, 0], atol=1e-12)
    np.testing.assert_allclose(plain.scaling_gap, [0, 0], atol=1e-12)


def test_the_points_are_every_arrow_tip() -> None:
    lin = _lesson()
    want = [
        U,
        V,
        U + V,
        A @ U,
        A @ V,
        A @ (U + V),
        C * U,
        A @ (C * U),
        B,
        A @ U + B,
        A @ V + B,
        A @ (U + V) + B,
        A @ U + A @ V + 2 * B,
    ]
    got = lin.points()
    assert len(got) == len(want)
    for found, expected in zip(got, want, strict=True):
        np.testing.assert_allclose(found, expected, rtol=1e-12)


def test_of_takes_plain_lists_as_floats() -> None:
    lin = Linearity.of([[1, 2], [3, 4]], [1, 0], [0, 1], 2, [0, 0])
    assert lin.a.dtype == lin.u.dtype == lin.v.dtype == lin.b.dtype == np.float64
    assert isinstance(lin.c, float) and lin.c == 2.0
    assert lin.cu.tolist() == [2.0, 0.0]
    with pytest.raises(AttributeError):
        lin.c = 3.0  # type: ignore[misc]

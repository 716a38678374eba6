"""The pure maths, labels and wording that every scene and caption reads, as properties checked
against NumPy and against what a viewer reads (written to kill the mutants that survived the
first mutation run; see the Makefile's ``mutate`` target)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mnemo_anim import labels, maths, wording
from mnemo_anim.config import presets

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(finite, st.integers(0, 4))
def test_fmt_writes_the_rounded_number_and_never_minus_zero(value: float, decimals: int) -> None:
    text = maths.fmt(value, decimals)
    assert (text not in ("-0", "-0.0") and not text.startswith("-0")) or "." in text
    assert float(text) == pytest.approx(round(value, decimals), abs=10**-decimals / 2 + 1e-9)
    assert maths.shown(value, decimals) == float(text)
    if "." in text:  # no trailing zeros, no more places than asked
        assert not text.endswith("0") and len(text.split(".")[1]) <= decimals


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (3.0, 2, "3"),
        (-0.8660254, 2, "-0.87"),
        (2.5, 2, "2.5"),
        (-0.001, 2, "0"),
        (0.999999, 2, "1"),
        (1e-13, 2, "0"),
        (2.0000001, 4, "2"),
        (12.345, 0, "12"),
        (-1234.5678, 3, "-1234.568"),
        (200000.99978940934, 4, "200000.9998"),  # found by the property below
        (999999.999, 3, "999999.999"),
    ],
)
def test_fmt_examples(value: float, decimals: int, text: str) -> None:
    assert maths.fmt(value, decimals) == text


def test_tex_puts_negatives_after_an_operator_in_parentheses() -> None:
    assert maths.tex(-1.5, parens=True) == "(-1.5)"
    assert maths.tex(-1.5) == "-1.5"
    assert maths.tex(1.5, parens=True) == "1.5"
    assert maths.tex(0.8660254, 3) == "0.866"


def test_vector_text_is_what_narration_says() -> None:
    assert maths.vector_text([3, -0.5]) == "[3, -0.5]"
    assert maths.vector_text([1 / 3], 3) == "[0.333]"
    assert maths.vector_text(np.array([1.0, 2.0, -3.25])) == "[1, 2, -3.25]"


def test_arrays_are_float() -> None:
    a, x = maths.arrays([[1, 2]], [3, 4])
    assert a.dtype == x.dtype == np.float64 and a.shape == (1, 2) and x.shape == (2,)


matrices = st.lists(st.integers(-4, 4), min_size=2, max_size=10).filter(lambda v: len(v) % 2 == 0)


@settings(max_examples=200, deadline=None)
@given(matrices, st.integers(0, 2))
def test_column_span_agrees_with_numpy(entries: list[int], make: int) -> None:
    a = np.array(entries, dtype=float).reshape(2, -1)
    if make == 1:  # force rank ≤ 1: every column a multiple of the first
        a = np.outer(a[:, 0], np.arange(1, a.shape[1] + 1))
    span = maths.column_span(a.tolist())
    assert span.rank == np.linalg.matrix_rank(a)
    if span.rank == 1:
        d = span.direction
        assert d is not None and np.linalg.norm(d) == pytest.approx(1)
        for column in a.T:
            assert abs(column[0] * d[1] - column[1] * d[0]) < 1e-9  # every column on the line
            assert span.contains(column) and span.contains(-2.5 * column)
        assert d[0] > 0 or (d[0] == 0 and d[1] > 0)  # one stable sign
        assert not span.contains(np.array([-d[1], d[0]]))
    else:
        assert span.direction is None
    if span.rank == 0:
        assert span.contains([0, 0]) and not span.contains([1, 0])
    if span.rank == 2:
        assert span.contains([123.0, -7.0])


def test_column_span_wants_two_rows() -> None:
    with pytest.raises(ValueError, match="2×n"):
        maths.column_span([[1, 2, 3]])


def test_nearly_parallel_columns_are_one_line() -> None:
    assert maths.column_span([[1, 1 + 1e-12], [1, 1]]).rank == 1
    assert maths.column_span([[1, 1.001], [1, 1]]).rank == 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_commute_agrees_with_numpy(entries: list[int]) -> None:
    a = np.array(entries[:4], dtype=float).reshape(2, 2)
    b = np.array(entries[4:], dtype=float).reshape(2, 2)
    assert maths.commute(a, b) == bool(np.allclose(a @ b, b @ a))
    assert maths.commute(a, a) and maths.commute(a, np.eye(2)) and maths.commute(a, 3 * np.eye(2))


def test_commute_is_judged_at_display_precision() -> None:
    # entries far below what is shown: AB - BA ~ 1e-12, which no viewer can see
    tiny_a = [[1e-6, 0], [0, 2e-6]]
    tiny_b = [[0, 1e-6], [1e-6, 0]]
    assert maths.commute(tiny_a, tiny_b)
    # large entries: the tolerance grows with them
    big = np.array([[1e5, 1], [0, 1e5]])
    assert maths.commute(big, big + 1e-8)
    assert not maths.commute([[1, 0], [0, 2]], [[0, 1], [1, 0]])


@pytest.mark.parametrize(
    ("label", "typst"),
    [
        ("A", "A"),
        ("W_1", "W_1"),
        ("W_AB", "W_(A B)"),
        ("x_Q", "x_Q"),
        ("h_12", "h_12"),
        ("ABC", "A B C"),
        ("\\theta", "theta"),
        ("x'", "x'"),
    ],
)
def test_labels_typeset_upper_and_lower_case(label: str, typst: str) -> None:
    assert labels.to_typst(label) == typst


def test_indexed_labels() -> None:
    assert labels.indexed("y", 0) == "y_0"
    assert labels.indexed("W_A", 2) == "W_(A, 2)"
    assert labels.indexed("y_1", 0) == "y_(1, 0)"


def test_fits_takes_the_longest_text_that_fits_two_lines() -> None:
    two_lines = "word " * 16  # 80 characters: exactly two lines of 42
    assert len(wording.lines(two_lines)) == wording.CAPTION_LINES
    assert wording.fits(two_lines, "short") == two_lines
    three_lines = "word " * 20
    assert wording.fits(three_lines, "short") == "short"
    assert wording.fits(three_lines) == three_lines  # the last one always
    assert wording.lines("a " * 30) == ["a " * 20 + "a", "a " * 8 + "a"]


def test_defaults_are_two_decimals() -> None:
    assert maths.fmt(-0.8660254) == "-0.87"
    assert maths.tex(-0.8660254, parens=True) == "(-0.87)"
    assert maths.shown(0.8660254) == 0.87
    assert maths.vector_text([0.8660254, -0.125]) == "[0.87, -0.12]"


def test_a_point_on_a_long_line_is_judged_relative_to_its_length() -> None:
    line = maths.column_span([[1, 2], [0, 0]])
    assert line.contains([1e6, 1e-4])  # 1e-10 of its length off the line: on it
    assert not line.contains([1e6, 1e3])
    assert maths.column_span([[0, 0], [0, 0]]).contains([1e-8, 0])


@pytest.mark.parametrize("sign", [1, -1])
def test_a_vertical_line_points_up(sign: int) -> None:
    direction = maths.column_span([[0, 0], [sign, 2 * sign]]).direction
    assert direction is not None
    np.testing.assert_allclose(direction, [0, 1], atol=1e-12)


def test_commute_tolerance_grows_with_either_matrix() -> None:
    big = np.diag([1e5, 2e5])
    nudge = [[1, 1e-8], [0, 1]]  # AB - BA = 1e-3: nothing a viewer of 1e5-sized entries sees
    assert maths.commute(big, nudge)
    assert maths.commute(nudge, big)
    assert not maths.commute(big, [[1, 1e-3], [0, 1]])  # AB - BA = 100: seen


def test_lower_case_subscript_needs_no_parentheses() -> None:
    assert labels.to_typst("x_a") == "x_a"
    assert labels.indexed("y", "k") == "y_k"


# -- presets -----------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.floats(-720, 720, allow_nan=False), st.floats(-180, 180, allow_nan=False))
def test_presets_agree_with_numpy(degrees: float, line: float) -> None:
    t = np.radians(degrees)
    np.testing.assert_allclose(
        presets.rotation(degrees), [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]], atol=1e-12
    )
    u = np.array([np.cos(np.radians(line)), np.sin(np.radians(line))])
    reflect = np.array(presets.reflection(line))
    np.testing.assert_allclose(reflect, 2 * np.outer(u, u) - np.eye(2), atol=1e-12)
    np.testing.assert_allclose(presets.projection(list(3 * u)), np.outer(u, u), atol=1e-12)


def test_presets_snap_float_noise_to_whole_numbers() -> None:
    assert presets.rotation(90) == [[0.0, -1.0], [1.0, 0.0]]
    assert presets.rotation(360) == [[1.0, -0.0], [0.0, 1.0]]
    assert presets.reflection(45) == [[0.0, 1.0], [1.0, -0.0]]
    assert presets.rotation(30)[0][0] == pytest.approx(0.8660254037844387, abs=0)  # kept exact
    assert presets.projection([1, 1]) == [[0.5, 0.5], [0.5, 0.5]]


def test_preset_shapes() -> None:
    assert presets.identity(1) == [[1.0]]
    assert presets.identity(6)[5] == [0.0] * 5 + [1.0]
    assert presets.scale(2) == [[2.0, 0.0], [0.0, 2.0]]
    assert presets.scale([2, 0.5]) == [[2.0, 0.0], [0.0, 0.5]]
    assert presets.shear(1) == [[1.0, 1.0], [0.0, 1.0]]
    assert presets.shear([1, -2]) == [[1.0, 1.0], [-2.0, 1.0]]
    assert presets.expand({"shear": 3}) == presets.shear(3)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"identity": 0}, "identity takes a size from 1 to 6, got 0"),
        ({"identity": 7}, "identity takes a size from 1 to 6, got 7"),
        ({"identity": True}, "identity takes a size"),
        ({"identity": 2.0}, "identity takes a size"),
        ({"rotation": "90"}, "rotation angle (degrees) must be a number, got '90'"),
        ({"rotation": True}, "rotation angle (degrees) must be a number, got True"),
        ({"rotation": float("inf")}, "rotation angle (degrees) must be a finite number"),
        ({"scale": [1]}, "scale takes two numbers, e.g. [1, 2]; got [1]"),
        ({"scale": "big"}, "scale takes two numbers"),
        ({"scale": ["a", 1]}, "scale must be a number, got 'a'"),
        ({"scale": [1, "b"]}, "scale must be a number, got 'b'"),
        ({"shear": [1, 2, 3]}, "shear takes two numbers"),
        (
            {"projection": [0, 0]},
            "projection direction must not be [0, 0]; give the line's direction",
        ),
        ({"projection": "up"}, "projection direction takes two numbers"),
        ({"scale": float("inf")}, "scale must be a finite number"),
        ({"shear": float("nan")}, "shear must be a finite number"),
        ({"reflection": "a"}, "reflection angle (degrees) must be a number"),
        ({"zzzz": 1}, "unknown matrix preset 'zzzz' (known: identity"),
        ({"rotate": 90}, "unknown matrix preset 'rotate'; did you mean 'rotation'?"),
        ({"rotation": 90, "shear": 1}, "a matrix preset is a mapping with exactly one key"),
    ],
)
def test_preset_errors_say_what_to_write(spec: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError) as error:
        presets.expand(spec)
    assert str(error.value).startswith(message)


# -- widths of text on screen ------------------------------------------------------------------


def test_text_width_adds_the_measured_advances() -> None:
    assert wording.text_em("") == 0
    assert wording.text_em("il") == pytest.approx(0.54)  # the narrowest letters, 0.27 em each
    assert wording.text_em("M m") == pytest.approx(0.83 + 0.31 + 0.94)
    assert wording.text_em("W@") == pytest.approx(2 * 0.96)  # the widest
    # a character not measured counts as 0.7 em, wider than most letters
    assert wording.text_em("é→") == pytest.approx(2 * wording.OTHER_WIDTH) == pytest.approx(1.4)
    # narrow, middling and wide letters in the order a reader sees them
    assert wording.text_em("i") < wording.text_em("n") < wording.text_em("m") < wording.text_em("W")


def test_wrap_em_breaks_at_spaces_within_the_width() -> None:
    line = wording.text_em("aa bb")  # 2 · 0.59 + 2 · 0.61 + 0.31 = 2.71 em
    assert line == pytest.approx(2.71)
    assert wording.wrap_em("aa bb aa", line) == ["aa bb", "aa"]  # exactly the width still fits
    assert wording.wrap_em("aa bb aa", line - 0.01) == ["aa", "bb", "aa"]
    assert wording.wrap_em("aa  bb\ncc", 100) == ["aa bb cc"]  # any run of spaces is one space
    assert wording.wrap_em("mmmmm i", 1.0) == ["mmmmm", "i"]  # a long word stands alone
    assert wording.wrap_em("", 1.0) == []


def test_fitting_chars_counts_what_fits_on_the_lines() -> None:
    width = wording.text_em("aa bb")
    # "aa bb " still wraps to one line; "aa bb c" needs a second one
    assert wording.fitting_chars("aa bb cc", width, 1) == 6
    assert wording.fitting_chars("aa bb cc", width, 2) == 8
    assert wording.fitting_chars("aa bb cc dd ee", width, 2) == 12
    assert wording.fitting_chars("", width, 1) == 0
    assert wording.fitting_chars("m", width, 1) == 1  # a one-letter text fits whole


# -- labels as plain text and as Typst ---------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "index", "text"),
    [
        ("A", None, "A"),
        ("ABC", None, "ABC"),
        ("W_1", None, "W₁"),
        ("W_12", None, "W₁₂"),
        ("x_ij", None, "xᵢⱼ"),
        ("\\theta", None, "θ"),
        ("\\Sigma_2", None, "Σ₂"),
        ("\\epsilon", None, "ϵ"),
        ("\\phi", None, "ϕ"),
        ("\\omega", None, "ω"),
        ("x'", None, "x′"),
        ("x''", None, "x′′"),
        ("W_1'", None, "W₁′"),
        ("W_Q", None, "WQ"),  # Q has no subscript form: written level, whole
        ("x_1b", None, "x1b"),
        ("x", 0, "x₀"),
        ("x_1", 0, "x₁,₀"),
        ("y", "k", "yₖ"),
        ("W_Q", 2, "WQ,2"),
        ("h'", 3, "h₃′"),
    ],
)
def test_plain_labels_read_as_text(label: str, index: int | str | None, text: str) -> None:
    assert labels.plain(label, index=index) == text


@pytest.mark.parametrize(
    ("label", "typst"),
    [
        ("\\epsilon", "epsilon.alt"),  # LaTeX's \epsilon is Typst's epsilon.alt
        ("\\phi", "phi.alt"),
        ("\\lambda", "lambda"),
        ("\\Omega_1", "Omega_1"),
        ("W_12", "W_12"),
        ("x_ab", "x_(a b)"),
        ("x_a1", "x_(a 1)"),
        ("W_1'", "W'_1"),
        ("x''", "x''"),
        ("ab", "a b"),
    ],
)
def test_typst_of_greek_subscripts_and_primes(label: str, typst: str) -> None:
    assert labels.to_typst(label) == typst


def test_labels_parse_and_refuse() -> None:
    assert labels.parse("W_1''") == labels.Label("W", "1", 2)
    assert labels.parse("\\theta") == labels.Label("\\theta", None, 0)
    assert labels.product("B", "A", "x") == "B A x"
    assert labels.product("W_2", "W_1") == "W_2 W_1"
    assert labels.indexed("\\theta", 1) == "theta_1"
    assert labels.indexed("x_ab", 0) == "x_(a b, 0)"
    assert labels.check_label("x_1") == "x_1"
    for bad in ("ABCD", "x_1234", "x'''", "\\thet", "1x", "x y", "", "x_"):
        with pytest.raises(ValueError) as error:
            labels.parse(bad)
        assert str(error.value) == (
            f"label {bad!r} is not allowed; use 1-3 letters, an optional subscript and primes "
            "(A, W_1, x', \\theta)"
        )
    with pytest.raises(ValueError, match="is not allowed"):
        labels.check_label(3)  # type: ignore[arg-type]


def test_an_unknown_preset_lists_every_known_one() -> None:
    with pytest.raises(ValueError) as error:
        presets.expand({"zzzz": 1})
    assert str(error.value) == (
        "unknown matrix preset 'zzzz' (known: identity, rotation, scale, shear, projection, "
        "reflection)"
    )


def test_projection_snaps_noise_next_to_one() -> None:
    # onto the line through [1, 1e-7]: u u^T / |u|^2 has 1 / (1 + 1e-14) = 0.99999999999999 on
    # the diagonal, float noise next to 1 that is snapped like the noise next to 0
    rows = presets.projection([1, 1e-7])
    assert rows[0][0] == 1.0 and rows[1][1] == 0.0
    assert rows[0][1] == rows[1][0] == pytest.approx(1e-7, rel=1e-12)

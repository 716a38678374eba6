"""Typesetting with Typst: the label grammar and its translation, formulas and matrices.

The property tests hold the promise the config makes: every label that validates typesets,
alone and in every combination the scenes build.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mnemo_anim.config.models import Labels, LinearityLabels
from mnemo_anim.labels import GREEK, check_label, indexed, to_typst
from mnemo_anim.visuals import transform_parts as tp
from mnemo_anim.visuals.plane import coords_tex
from mnemo_anim.visuals.typeset import Formula, TypesetError, math, matrix, sym, typeset_svg
from scenes.layers import SIGMA_MATH, chain_math, product_math
from scenes.linearity import formulas

# Letters that Typst would read as identifiers if they were not spaced: functions, operators,
# symbols and keywords of Typst math.
TYPST_NAMES = [
    "in", "dot", "sum", "cos", "sin", "pi", "mat", "det", "lim", "max", "min", "log", "exp",
    "arg", "vec", "RR", "NN", "ZZ", "dif", "op", "mod", "gcd", "not", "and", "or", "if", "for",
    "let", "set", "top", "bot", "oo", "eq", "lt", "gt", "tan", "tr", "id", "abs", "cal", "bb",
    "sym", "sqrt", "cases",
]  # fmt: skip

letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1)
bases = st.one_of(
    letters.filter(lambda s: len(s) <= 3),
    st.sampled_from([name for name in TYPST_NAMES if len(name) <= 3]),
    st.sampled_from([f"\\{name}" for name in GREEK]),
)
subs = st.one_of(
    st.none(),
    st.text(alphabet="abcxyzABCXYZ0123456789", min_size=1, max_size=3),
    st.sampled_from(["in", "pi", "dot", "12", "0", "i", "ij", "1a"]),
)
labels = st.builds(
    lambda base, sub, primes: base + (f"_{sub}" if sub else "") + "'" * primes,
    bases,
    subs,
    st.integers(0, 2),
)


def combinations(a: str, b: str, x: str, y: str) -> list[str]:
    """Every way the scenes write labels into formulas (see scenes/*.py and visuals/)."""
    return [
        sym(a),
        sym(a, x),  # A x
        sym(b, a),  # B A
        f"({sym(b, a)}) {sym(x)}",  # (B A) x
        f"{sym(b)} ({sym(a, x)})",  # B (A x)
        f"{sym(a)} thin bold(0) = bold(0)",  # A 0 = 0
        f"{sym(a)} thin bold(0) + {sym(b)} = {sym(b)}",
        indexed(y, 0),  # y_0, the row view's outputs
        f"{indexed(x, 1)} thin {indexed(a, 1)}",  # x_1 a_1, the column view's captions
        f"{sym(a, x)} = (1, -5)",
        f"{sym(y)} = (0.87, 2)",
        f'"col"({sym(a)}) = RR^2',
        f'{sym(a)} " then " {sym(b)}',
        f"-0.5 thin {indexed(a, 0)}",
        # shapes: the machine's name, each side's name, a point named with its coordinates
        f"{sym(x)} = {coords_tex([3, -0.5, 2])}",
        f"{sym(y)} = {coords_tex([-12.25])}",
    ]


def linearity_combinations(a: str, u: str, v: str, c: str, b: str) -> list[str]:
    """Every formula the linearity scene writes, alone and with coordinates (its arrows'
    labels), and the two routes written as one (``A(c u) = c thin A u = (…)``)."""
    t = formulas(a, u, v, c, b)
    point = coords_tex([1.5, -0.25])
    return [
        *t.values(),
        *(f"{formula} = {point}" for formula in t.values()),
        f"{t['a_cu']} = {t['c_au']} = {point}",
    ]


# A matrix with a negative entry, decimals and a negative determinant: every number form the
# transformation scene writes (parentheses after an operator, minus signs, points).
_MOVE = np.array([[1.5, -2.0], [0.25, -1.0]])


def transformation_formulas(a: str, x: str) -> list[str]:
    """Every formula the transformation scene builds, from its own builders (the gallery
    typesets nothing: its names and effects are words)."""
    y = _MOVE @ np.array([1.0, -0.5])
    det = float(np.linalg.det(_MOVE))
    return [
        sym(x),  # x's arrow
        *(f"{tp.image_of_basis(a, j)} =" for j in range(2)),  # A î = [column]
        *(tp.basis_landing(a, j, _MOVE[:, j], 2) for j in range(2)),  # î's and ĵ's arrows
        tp.maps_to_zero(a, x),  # the null space (rank 1)
        tp.maps_to_zero(a, x, everything=True),  # ... (rank 0)
        tp.det_line(a, _MOVE, det, 2),
        f"{tp.product(a, x)} =",  # A x = x_0 [a_0] + x_1 [a_1] = [y]
        tp.vector_result(a, x, y, 2),
        tp.fixed_origin(a),
    ]


def typesets_every_part(parts: list[str]) -> None:
    """Typeset ``parts`` as one formula and require glyphs in every part."""
    formula = math(parts)
    assert len(formula) == len(parts)
    for part in formula:
        assert len(part) > 0 and all(glyph.has_points() for glyph in part), part.source
    assert formula.width > 0 and formula.height > 0


# -- the grammar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "typst"),
    [
        ("A", "A"),
        ("ABC", "A B C"),
        ("in", "i n"),
        (r"\theta", "theta"),
        (r"\Sigma_2", "Sigma_2"),
        (r"\epsilon", "epsilon.alt"),
        (r"\phi", "phi.alt"),
        ("W_1", "W_1"),
        ("W_12", "W_12"),
        ("x_ab", "x_(a b)"),
        ("x_1a", "x_(1 a)"),
        ("x'", "x'"),
        ("x''", "x''"),
        ("W_1'", "W'_1"),
    ],
)
def test_labels_translate_to_typst(label: str, typst: str) -> None:
    assert to_typst(label) == typst


@pytest.mark.parametrize(
    ("label", "typst"), [("y", "y_0"), ("y_1", "y_(1, 0)"), ("y'", "y'_0"), ("AB", "A B_0")]
)
def test_an_index_joins_the_subscript(label: str, typst: str) -> None:
    assert indexed(label, 0) == typst


@pytest.mark.parametrize(
    "label",
    [
        r"\input{x}",
        "A B",
        "A\n",
        "ABCD",
        "x_{1}",
        "x_1234",
        "x'''",
        "#sys",
        "$x$",
        '"A"',
        r"\pi",
        "theta",
        "",
        "x_",
        "_1",
        "A;B",
    ],
)
def test_anything_outside_the_grammar_is_refused(label: str) -> None:
    with pytest.raises(ValidationError, match="is not allowed"):
        Labels.model_validate({"matrix": label})


@given(labels)
def test_generated_labels_are_in_the_grammar(label: str) -> None:
    assert check_label(label) == label


# -- nothing that validates can fail to typeset -----------------------------------------------


@settings(max_examples=150, deadline=None)
@given(labels, labels, labels, labels)
def test_every_label_typesets_in_every_combination(a: str, b: str, x: str, y: str) -> None:
    parsed = Labels.model_validate({"matrix": a, "vector": x, "output": y})
    typesets_every_part(combinations(parsed.matrix, b, parsed.vector, parsed.output))
    typesets_every_part(transformation_formulas(parsed.matrix, parsed.vector))


@settings(max_examples=60, deadline=None)
@given(labels, labels, labels, labels, labels)
def test_every_label_typesets_in_every_linearity_formula(
    a: str, u: str, v: str, c: str, b: str
) -> None:
    parsed = LinearityLabels.model_validate({"matrix": a, "u": u, "v": v, "scalar": c, "bias": b})
    names = (parsed.matrix, parsed.u, parsed.v, parsed.scalar, parsed.bias)
    typesets_every_part(linearity_combinations(*names))


def test_linearity_formulas_read_as_the_lesson_writes_them() -> None:
    t = formulas("A", "u", "v", "c", "b")
    assert (t["a_sum"], t["au_plus_av"], t["c_au"]) == ("A(u + v)", "A u + A v", "c thin A u")
    assert t["zero"] == "A thin bold(0) = bold(0)"
    w = formulas("W_1", r"\theta", "v", "c", r"\beta")
    assert (w["a_sum"], w["f0"]) == ("W_1(theta + v)", "f(bold(0)) = beta")


@pytest.mark.parametrize("depth", [2, 3, 4])
@pytest.mark.parametrize("activation", ["relu", "gelu", "none"])
@pytest.mark.parametrize("biases", [False, True])
def test_every_layers_formula_typesets(depth: int, activation: str, biases: bool) -> None:
    lines = chain_math(depth, activation, biases) + chain_math(depth, "none", biases)
    parts = [*lines, product_math(depth), '"3 of 12 points move"', '"the same weights, no " sigma']
    parts += [f"W_{k}" for k in range(1, depth + 1)] + [f"b_{k}" for k in range(1, depth + 1)]
    if activation != "none":
        parts.append(SIGMA_MATH[activation])
    typesets_every_part(parts)


def test_layers_formulas_read_as_the_lesson_writes_them() -> None:
    assert chain_math(3, "relu", False) == [
        "h_1 = sigma(W_1 x)",
        "h_2 = sigma(W_2 h_1)",
        '"out" = W_3 h_2',
    ]
    assert chain_math(2, "gelu", True)[0] == "h_1 = sigma(W_1 x + b_1)"
    assert chain_math(2, "none", False)[0] == "h_1 = W_1 x"
    assert product_math(3) == "W_3 W_2 W_1"
    # sigma, max and Phi are Typst's symbols and operator, not letters: σ is one glyph
    assert len(math("sigma")[0]) == 1 and len(math("Phi")[0]) == 1
    assert len(math("max")[0]) == 3


@pytest.mark.parametrize("name", GREEK)
def test_every_greek_letter_typesets(name: str) -> None:
    label = f"\\{name}"
    typesets_every_part(combinations(label, f"{label}_1'", f"{label}''", f"{label}_ij"))
    typesets_every_part(transformation_formulas(f"{label}_1'", label))


@pytest.mark.parametrize("name", [n for n in TYPST_NAMES if len(n) <= 3])
def test_typst_names_typeset_as_letters(name: str) -> None:
    typesets_every_part(combinations(name, f"{name}_{name}", f"{name}'", f"x_{name}"))
    typesets_every_part(transformation_formulas(name, f"{name}_{name}'"))
    # As letters: one glyph a letter, not a symbol or an operator name.
    assert len(math(sym(name))[0]) == len(name)


# -- formulas and matrices --------------------------------------------------------------------


def test_parts_keep_the_layout_of_the_whole() -> None:
    """The colour keys that find the parts move no glyph."""
    parts = ["y_0", "=", "1", "dot.op", "3", "+", "(-1)", "dot.op", "2"]
    whole, split = math(" ".join(parts)), math(parts)
    glyphs = [g for part in split for g in part]
    assert len(glyphs) == len(whole[0])
    for mine, theirs in zip(glyphs, whole[0], strict=True):
        np.testing.assert_allclose(mine.points, theirs.points, atol=1e-9)


def test_parts_colour_on_their_own() -> None:
    formula = math(["a", "+", "b"], color="#FFFFFF")
    formula[2].set_color("#FF0000")
    assert formula[0][0].get_fill_color().to_hex() == "#FFFFFF"
    assert formula[2][0].get_fill_color().to_hex() == "#FF0000"
    assert formula.source == "a + b" and [p.source for p in formula] == ["a", "+", "b"]


def test_a_part_with_a_comma_stays_one_part() -> None:
    formula = math(["A x", "=", "1, 5"])
    assert [len(part) for part in formula] == [2, 1, 3]


def test_digits_keep_mathtex_size() -> None:
    # MathTex's "1" at the default size was 0.332 units tall; legibility budgets rest on it.
    assert math("1").height == pytest.approx(0.333, abs=0.005)
    assert math("1", font_size=24).height == pytest.approx(0.333 / 2, abs=0.003)


def test_matrix_entries_rows_columns_and_brackets() -> None:
    cells = [["1", "-20", "3"], ["0.87", "5", "-6"]]
    m = matrix(cells)
    entries = m.get_entries()
    assert [e.source for e in entries] == [c for row in cells for c in row]
    assert [len(e) for e in entries] == [1, 3, 1, 4, 1, 2]  # glyphs: minus signs, points
    centres = np.array([e.get_center() for e in entries]).reshape(2, 3, 3)
    assert np.all(np.diff(centres[:, :, 0], axis=1) > 0.3)  # columns left to right
    assert np.all(np.diff(centres[:, :, 1], axis=0) < -0.3)  # rows top to bottom
    assert [e.source for e in m.get_columns()[1]] == ["-20", "5"]
    assert [e.source for e in m.get_rows()[1]] == ["0.87", "5", "-6"]
    left, right = m.get_brackets()
    assert len(left) and len(right)
    # Room between brackets and entries, as Manim's Matrix left (0.25 units at this size).
    assert entries.get_left()[0] - left.get_right()[0] > 0.15
    assert right.get_left()[0] - entries.get_right()[0] > 0.15
    assert left.height > entries.height and right.height > entries.height


def test_a_column_vector_is_one_column() -> None:
    v = matrix([["3"], ["-1"], ["2"]])
    assert [e.source for e in v.get_entries()] == ["3", "-1", "2"]
    assert len(v.get_columns()) == 1 and len(v.get_rows()) == 3
    rights = [e.get_right()[0] for e in v.get_entries()]
    assert max(rights) - min(rights) < 0.03  # one column, right-aligned (by advance, not ink)
    assert np.all(np.diff([e.get_y() for e in v.get_entries()]) < -0.5)  # one entry a row


def test_bad_typst_is_a_typeset_error() -> None:
    with pytest.raises(TypesetError, match="cannot typeset"):
        typeset_svg("ABC")  # an unknown variable: why labels are spaced


def test_formula_repr_names_its_source() -> None:
    assert repr(math("A x")) == "Formula('A x')"
    assert isinstance(math(["A", "x"]), Formula)


# -- no LaTeX anywhere ------------------------------------------------------------------------


def test_a_dry_run_refuses_latex() -> None:
    """Every dry run in the suite (``tests.scene_probe.run_dry``) runs with Manim's LaTeX
    entry point refusing: a scene that reached it would fail whichever test ran it. The
    LaTeX-era labels (Greek, subscripts, primes in every field) are dry-run in
    ``tests/test_plain_labels.py``."""
    from manim import MathTex

    from mnemo_anim.config.models import RowViewJob
    from scenes.row_view import RowView
    from tests.scene_probe import run_dry

    class WithLatex(RowView):
        def prepare(self) -> None:
            super().prepare()
            MathTex("x")

    with pytest.raises(AssertionError, match="LaTeX was called"):
        run_dry(RowViewJob(), scene=WithLatex)


def test_the_package_and_scenes_use_no_tex_mobject() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for path in [*root.glob("mnemo_anim/**/*.py"), *root.glob("scenes/*.py")]:
        code = path.read_text()
        for name in ("MathTex(", "Tex(", "SingleStringMathTex", "import MathTex"):
            assert name not in code, (path, name)

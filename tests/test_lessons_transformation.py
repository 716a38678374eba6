"""The maths of a 2×2 map against NumPy: rank, det, null space, image of the unit square, and
the effect said in the lesson's words — computed from the numbers, not from a name."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mnemo_anim.config import presets
from mnemo_anim.layout import Box
from mnemo_anim.lessons import transformation as lesson
from mnemo_anim.visuals.tiles import tile_grid

EFFECTS = {
    "identity": ([[1, 0], [0, 1]], "identity", "No change"),
    "diagonal": (presets.scale([2, 0.5]), "diagonal", "Scale axis 1 by 2, axis 2 by 0.5"),
    "rotation": (presets.rotation(45), "rotation", "Rotate all vectors by 45°"),
    "projection": (presets.projection([1, 1]), "projection", "Squash onto a line"),
    "oblique-projection": ([[1, 1], [0, 0]], "projection", "Squash onto a line"),
    "singular": ([[1, 2], [0.5, 1]], "singular", "Collapses some directions to zero"),
    "zero": ([[0, 0], [0, 0]], "zero", "Collapses every direction to zero"),
    "reflection": (presets.reflection(30), "reflection", "Reflect across the line at 30°"),
    "reflection-y": ([[-1, 0], [0, 1]], "reflection", "Reflect across the y-axis"),
    "shear": (presets.shear(1), "shear", "Shear: x moves by 1·y"),
    "scaled-rotation": ([[1, -1], [1, 1]], "rotation", "Rotate by 45°, scale by 1.41"),
    "uniform-scale": ([[3, 0], [0, 3]], "scale", "Scale all vectors by 3"),
    "general": ([[2, 1], [1, 1.5]], "general", "Rank 2, det 2: stretches and turns"),
    "general-flip": ([[1, 2], [3, -4]], "general", "Rank 2, det -10: flips orientation"),
}


@pytest.mark.parametrize("name", EFFECTS)
def test_effect_in_the_lessons_words(name: str) -> None:
    matrix, kind, text = EFFECTS[name]
    assert lesson.effect(matrix) == lesson.Effect(kind, text)


def test_the_name_does_not_decide_the_effect() -> None:
    # a "rotation" by 0° is the identity, and is said to be
    assert lesson.effect(presets.rotation(0)).text == "No change"
    assert lesson.effect(presets.rotation(360)).text == "No change"


entries = st.floats(-20, 20, allow_nan=False).map(lambda v: round(v, 2))
matrices = st.lists(st.lists(entries, min_size=2, max_size=2), min_size=2, max_size=2)


@given(matrices)
def test_rank_det_and_null_space_agree_with_numpy(m: list[list[float]]) -> None:
    a = np.array(m)
    r = lesson.rank(a)
    sv = np.linalg.svd(a, compute_uv=False)
    assert r == (0 if sv[0] == 0 else int(np.sum(sv > 1e-9 * sv[0])))
    if r == 2:
        assert lesson.determinant(a) == pytest.approx(np.linalg.det(a), rel=1e-9, abs=1e-9)
        assert lesson.null_direction(a) is None
    else:
        assert lesson.determinant(a) == 0.0
    n = lesson.null_direction(a)
    if r == 1:
        assert n is not None
        assert np.linalg.norm(n) == pytest.approx(1.0)
        assert np.linalg.norm(a @ n) <= 1e-7 * np.abs(a).max()
        image = lesson.image_direction(a)
        assert image is not None
        for j in range(2):
            assert abs(image[0] * a[1, j] - image[1] * a[0, j]) <= 1e-7 * np.abs(a).max()
    corners = lesson.unit_square(a)
    np.testing.assert_allclose(corners, [[0, 0], a[:, 0], a[:, 0] + a[:, 1], a[:, 1]])
    assert lesson.signed_area(corners) == pytest.approx(np.linalg.det(a), abs=1e-9)
    assert lesson.orientation(a) == (
        "collapsed" if r < 2 else ("kept" if np.linalg.det(a) > 0 else "flipped")
    )


def test_area_words() -> None:
    assert lesson.area_words([[1, -1], [1, 1]]) == "area × det A = 2"
    assert lesson.area_words([[0, 1], [1, 0]]) == "area × det A = -1: orientation flips"
    assert lesson.area_words([[1, 2], [2, 4]]) == "det A = 0: the plane collapses onto a line"
    assert lesson.area_words([[0, 0], [0, 0]]) == "det A = 0: the plane collapses onto a point"


def test_combination_uses_the_real_numbers() -> None:
    assert lesson.combination([[1, -1], [1, 1]], [1, 2]) == "Ax = 1·[1, 1] + 2·[-1, 1] = [-1, 3]"


# -- the grid of small planes ------------------------------------------------------------------


def _caption(width: float, place: str) -> tuple[float, float] | None:
    # captions 2.4 wide at most on one line; narrower needs two lines (0.8), under 1.2 none fit
    if width < 1.2:
        return None
    return width, 0.4 if width >= 2.4 else 0.8


@pytest.mark.parametrize("count", [2, 5, 6])
@pytest.mark.parametrize("size", [(12.8, 5.6), (6.2, 6.3), (7.2, 7.2)], ids=["wide", "tall", "sq"])
def test_tiles_fit_the_box_and_do_not_overlap(count: int, size: tuple[float, float]) -> None:
    box = Box(0.3, -0.2, *size)
    tiles = tile_grid(box, count, _caption, gap=0.1)
    assert len(tiles) == count
    rects = []
    for t in tiles:
        assert t.plane.width == pytest.approx(t.plane.height)
        for b in (t.plane, t.caption):
            assert box.contains(b.left, b.right, b.bottom, b.top, tol=1e-9)
            rects.append(b)
    for k, a in enumerate(rects):
        for b in rects[k + 1 :]:
            w = min(a.right, b.right) - max(a.left, b.left)
            h = min(a.top, b.top) - max(a.bottom, b.bottom)
            assert w <= 1e-9 or h <= 1e-9


def test_a_wide_box_takes_one_row() -> None:
    tiles = tile_grid(Box(0, 0, 12.8, 5.6), 5, _caption, gap=0.1)
    assert len({round(t.plane.y, 9) for t in tiles}) == 1
    assert tiles[0].plane.width == pytest.approx((12.8 - 0.4) / 5)


def test_no_room_is_an_error() -> None:
    with pytest.raises(ValueError, match="no room"):
        tile_grid(Box(0, 0, 1.0, 1.0), 6, _caption)


# The narration of each step, word for word, checked by hand against NumPy: A = [[1, -1], [1, 1]]
# turns by 45° and scales by √2 ≈ 1.41, det 2, and Ax = 1·[1, 1] + 2·[-1, 1] = [-1, 3];
# M = [[1, 2], [2, 4]] has det 0, M·[2, -1] = 0 ([2, -1]/√5 ≈ [0.89, -0.45]) and Mv = [3, 6].
NARRATION = [
    (
        ([[1, -1], [1, 1]], [1, 2], "A", "x"),
        {
            "grid": "A moves the whole plane; the faint grid stays where it was.",
            "basis": "Follow î, ĵ and the unit square they span.",
            "move": "The grid moves from I to A: rotate by 45°, scale by 1.41.",
            "columns": "î lands on [1, 1] and ĵ on [-1, 1]: the columns of A.",
            "area": "The unit square becomes a parallelogram: area × det A = 2.",
            "origin": "The origin never moves: A·0 = 0.",
            "vector": "Ax = 1·[1, 1] + 2·[-1, 1] = [-1, 3].",
        },
    ),
    (
        ([[1, 2], [2, 4]], [1, 1], "M", "v"),
        {
            "grid": "M moves the whole plane; the faint grid stays where it was.",
            "basis": "Follow î, ĵ and the unit square they span.",
            "move": "The grid moves from I to M: collapses some directions to zero.",
            "columns": "î lands on [1, 2] and ĵ on [2, 4]: the columns of M.",
            "area": "det M = 0: the plane collapses onto a line.",
            "origin": "The origin never moves: M·0 = 0.",
            "null space": "Every multiple of [0.89, -0.45] lands on 0: the null space of M.",
            "vector": "Mv = 1·[1, 2] + 1·[2, 4] = [3, 6].",
        },
    ),
    (
        ([[0, 0], [0, 0]], None, "A", "x"),
        {
            "grid": "A moves the whole plane; the faint grid stays where it was.",
            "basis": "Follow î, ĵ and the unit square they span.",
            "move": "The grid moves from I to A: collapses every direction to zero.",
            "columns": "î lands on [0, 0] and ĵ on [0, 0]: the columns of A.",
            "area": "det A = 0: the plane collapses onto a point.",
            "origin": "The origin never moves: A·0 = 0.",
            "null space": "A = 0 sends every vector to 0.",
        },
    ),
]


@pytest.mark.parametrize(("args", "said"), NARRATION, ids=["turn", "rank-one", "zero"])
def test_transformation_narration_word_for_word(args: tuple, said: dict[str, str]) -> None:
    matrix, x, name, vector = args
    assert lesson.transformation_narration(matrix, x, name=name, vector=vector) == said


def test_gallery_narration_names_each_matrix_and_what_it_does() -> None:
    said = lesson.gallery_narration([("shear", [[1, 1], [0, 1]]), ("flip", [[1, 0], [0, -1]])])
    assert said == {
        "types": "2 matrices: shear, flip.",
        "move": "Each plane moves from I to its matrix, all at once.",
        "effects": "Shear: x moves by 1·y; reflect across the x-axis.",
    }
    # Five effects do not fit two caption lines: the caption says where to read them instead.
    five = [(f"m{k}", [[k + 2.0, 0], [0, 1]]) for k in range(5)]
    assert lesson.gallery_narration(five)["effects"] == (
        "Each caption says what its matrix does to vectors."
    )
    assert lesson.gallery_narration(five)["types"] == "5 matrices: m0, m1, m2, m3, m4."


def _vectors(text: str) -> list[list[float]]:
    return [[float(v) for v in found.split(",")] for found in re.findall(r"\[([^\]]+)\]", text)]


@pytest.mark.parametrize(("args", "said"), NARRATION, ids=["turn", "rank-one", "zero"])
def test_the_numbers_said_are_numpys(args: tuple, said: dict[str, str]) -> None:
    """The columns, Ax and the null direction in the words, computed again with NumPy."""
    matrix, x, _, _ = args
    a = np.array(matrix, dtype=float)
    assert _vectors(said["columns"]) == [list(a[:, 0]), list(a[:, 1])]
    if x is not None:
        *weights_times_columns, result = _vectors(said["vector"])
        assert weights_times_columns == [list(a[:, 0]), list(a[:, 1])]
        assert result == list(a @ np.array(x, dtype=float))
    if "Every multiple of" in said.get("null space", ""):
        (n,) = _vectors(said["null space"])
        # each entry is rounded to 2 places: A·n is 0 up to A's row sums times half a cent
        slack = 0.005 * np.abs(a).sum(axis=1).max()
        assert np.all(np.abs(a @ np.array(n)) <= slack) and np.linalg.norm(n) > 0.5
    assert f"= {np.linalg.det(a):.0f}" in said["area"] or "= 0" in said["area"]


# -- shears: a unit diagonal and one off-diagonal entry ----------------------------------------


def _general(text: str) -> lesson.Effect:
    return lesson.Effect("general", text)


SHEARS = {
    # x + k·y: the top right entry is how far x moves per unit of y
    "x-shear": ([[1, 1.5], [0, 1]], lesson.Effect("shear", "Shear: x moves by 1.5·y")),
    "x-shear back": ([[1, -2], [0, 1]], lesson.Effect("shear", "Shear: x moves by -2·y")),
    # y + k·x: the bottom left entry
    "y-shear": ([[1, 0], [-2, 1]], lesson.Effect("shear", "Shear: y moves by -2·x")),
    "y-shear small": ([[1, 0], [0.25, 1]], lesson.Effect("shear", "Shear: y moves by 0.25·x")),
    # entries below 1e-9 of the matrix's size count as 0: 1e-7 next to 1e4 is a pure shear
    "big x-shear": ([[1, 1e4], [1e-7, 1]], lesson.Effect("shear", "Shear: x moves by 10000·y")),
    "big y-shear": ([[1, 1e-7], [1e4, 1]], lesson.Effect("shear", "Shear: y moves by 10000·x")),
    # both off-diagonal entries: no single shear; det = 1 - 2·(-1) = 3, 1 - 2·3 = -5
    "two shears": ([[1, 2], [-1, 1]], _general("Rank 2, det 3: stretches and turns")),
    "two shears, flip": (
        [[1, 2], [3, 1]],
        _general("Rank 2, det -5: flips orientation"),
    ),
    # a diagonal entry off 1 is a stretch as well as a shear: det 1.5·1 = 1.5, 1·0.5 = 0.5
    "stretched x": ([[1.5, 1], [0, 1]], _general("Rank 2, det 1.5: stretches and turns")),
    "stretched y": ([[1, 1], [0, 0.5]], _general("Rank 2, det 0.5: stretches and turns")),
    "stretched y, y-shear": (
        [[1, 0], [1, 2]],
        _general("Rank 2, det 2: stretches and turns"),
    ),
    "nearly 1": (
        [[1 + 1e-6, 1], [0, 1]],
        _general("Rank 2, det 1: stretches and turns"),
    ),
    "negative diagonal": (
        [[-1, 1], [0, -1]],
        _general("Rank 2, det 1: stretches and turns"),
    ),
}


@pytest.mark.parametrize("name", SHEARS)
def test_shear_is_said_only_for_a_unit_diagonal_and_one_off_diagonal_entry(name: str) -> None:
    matrix, said = SHEARS[name]
    assert lesson.effect(matrix) == said
    a = np.array(matrix, dtype=float)
    if said.kind == "shear":  # the amount said is how far ĵ moves along x (or î along y)
        amount = float(said.text.split("by ")[1].split("·")[0])
        x_moves = said.text.startswith("Shear: x")
        assert amount == ((a @ [0, 1])[0] if x_moves else (a @ [1, 0])[1])


# -- one sign for a direction ------------------------------------------------------------------

DIRECTIONS = {
    # M = [[1, 2], [2, 4]]: M·[2, -1] = 0, everything lands on the line through [1, 2]
    "rank one": ([[1, 2], [2, 4]], [2, -1], [1, 2]),
    "rank one, negated": ([[-1, -2], [-2, -4]], [2, -1], [1, 2]),
    # the x-axis is sent to 0 and the y-axis is the image: directions with a zero first coordinate
    "first column zero": ([[0, 0], [1, 2]], [2, -1], [0, 1]),
    "down the y-axis": ([[0, 0], [-1, -3]], [3, -1], [0, 1]),
    "kills y": ([[1, 0], [2, 0]], [0, 1], [1, 2]),
    "kills y, negated": ([[-1, 0], [-2, 0]], [0, 1], [1, 2]),
    "kills x": ([[0, 3], [0, -1]], [1, 0], [3, -1]),
}


@pytest.mark.parametrize("name", DIRECTIONS)
def test_null_and_image_directions_point_one_way(name: str) -> None:
    """The unit direction with its first non-zero coordinate positive, and exact zeros."""
    matrix, null, image = DIRECTIONS[name]
    found_and_wanted = (
        (lesson.null_direction(matrix), null),
        (lesson.image_direction(matrix), image),
    )
    for found, want in found_and_wanted:
        assert found is not None
        unit = np.array(want, dtype=float) / np.linalg.norm(want)
        np.testing.assert_allclose(found, unit, rtol=0, atol=1e-12)
        for got, expected in zip(found, unit, strict=True):
            if expected == 0:  # not float noise, not -0.0: "[0, 1]" is what is said
                assert got == 0.0 and not np.signbit(got)


@pytest.mark.parametrize(
    ("given", "want"),
    [
        ([3, -4], [0.6, -0.8]),
        ([-3, 4], [0.6, -0.8]),
        ([-3, -4], [0.6, 0.8]),
        ([0, -2], [0, 1]),
        ([0, 5], [0, 1]),
        ([-1e-13, -1], [1e-13, 1]),  # a first coordinate of float noise does not decide the sign
        ([1e-13, -1], [-1e-13, 1]),
        ([1e-13, 1], [1e-13, 1]),  # ... either way
        ([-1e-11, 1], [1e-11, -1]),  # ... a first coordinate above it does
        ([1e-16, 1], [0, 1]),  # below 1e-15 of the unit length a coordinate is 0
    ],
)
def test_stable_direction(given: list[float], want: list[float]) -> None:
    found = lesson._stable(np.array(given, dtype=float))
    np.testing.assert_allclose(found, want, rtol=1e-12, atol=0)


def test_shear_amount_is_written_to_the_places_asked() -> None:
    third = 1 / 3
    assert lesson.effect([[1, third], [0, 1]], 3).text == "Shear: x moves by 0.333·y"
    assert lesson.effect([[1, 0], [-third, 1]], 1).text == "Shear: y moves by -0.3·x"

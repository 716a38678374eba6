"""The camera's own outline walk gives Cairo the path Manim's walk gives, call for call."""

from __future__ import annotations

from collections.abc import Callable

import cairo
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from manim import Camera, Circle, Square, Text, VMobject

from mnemo_anim.render.camera import PathCamera, _walk

SURFACE = cairo.ImageSurface(cairo.FORMAT_ARGB32, 32, 32)


def manim_path(points: np.ndarray) -> list[tuple[int, tuple[float, ...]]]:
    mob = VMobject()
    mob.points = points
    ctx = cairo.Context(SURFACE)
    Camera.set_cairo_context_path(Camera.__new__(Camera), ctx, mob)
    return list(ctx.copy_path())


def our_path(points: np.ndarray) -> list[tuple[int, tuple[float, ...]]]:
    ctx = cairo.Context(SURFACE)
    _walk(ctx, points[:, :2].tolist(), VMobject().tolerance_for_point_equality)
    return list(ctx.copy_path())


# Coordinates on a coarse lattice, so that neighbouring anchors often coincide, nearly coincide
# (inside and just outside Manim's tolerance) or differ: every kind of subpath break.
NEAR = [0.0, 1e-7, 9e-7, 1.1e-6, 2e-5, 0.5]
coords = st.builds(
    lambda base, nudge: base + nudge, st.integers(-3, 3).map(float), st.sampled_from(NEAR)
)
point = st.tuples(coords, coords, st.just(0.0))


@settings(max_examples=400, deadline=None)
@given(st.lists(point, min_size=0, max_size=41), st.booleans())
def test_the_walk_matches_manims_for_any_points(points: list, chain: bool) -> None:
    array = np.array(points, dtype=float).reshape(-1, 3)
    if chain and len(array) >= 8:
        array[4::4] = array[3:-1:4][: len(array[4::4])]  # curves that join: one subpath
    assert our_path(array) == manim_path(array)


# Built inside the test, after the fixtures moved Manim's media folder: a ``Text`` made while
# the tests are collected writes ./media/texts, where another test process may read it half-made.
@pytest.mark.parametrize(
    "make",
    [Circle, lambda: Square().shift(0.3), lambda: Text("Ag ℝ³ 0.5"), VMobject],
    ids=["circle", "square", "text", "empty"],
)
def test_the_walk_matches_manims_for_shapes_and_glyphs(make: Callable[[], VMobject]) -> None:
    for part in make().family_members_with_points():
        assert our_path(part.points) == manim_path(part.points)


def test_points_that_are_not_finite_take_manims_walk() -> None:
    camera = PathCamera()
    mob = Square()
    mob.points[2, 0] = np.nan
    ctx = cairo.Context(SURFACE)
    camera.set_cairo_context_path(ctx, mob)
    ours = list(ctx.copy_path())
    ctx = cairo.Context(SURFACE)
    Camera.set_cairo_context_path(camera, ctx, mob)
    assert ours == list(ctx.copy_path())


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_the_join_tolerance_is_relative_to_the_next_curves_start(sign: float) -> None:
    """Manim splits where the anchors differ by more than 1e-6 + 1e-5·|start| (numpy.isclose
    of end against start): a gap between that bound taken at the end and at the start."""
    end, gap = 1000.0, 0.01000105  # over 1e-6 + 1e-5·|end|, under 1e-6 + 1e-5·|start|
    start = end + sign * gap
    first = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 0.0, 0.0], [end, 0.0, 0.0]]
    second = [[start, 0.0, 0.0], [5.0, 1.0, 0.0], [6.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    points = np.array(first + second)
    assert our_path(points) == manim_path(points)

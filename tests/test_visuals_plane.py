"""The shared plane visuals without rendering: fitted ranges, clipping, spans, maps, colours."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from manim import ManimColor

from mnemo_anim.layout import Box, make_layout
from mnemo_anim.maths import column_span
from mnemo_anim.visuals.geometry import (
    IDENTITY,
    affine,
    apply_map,
    clip_line,
    clip_parallel_lines,
    compose,
    fit_plane,
    grid_indices,
    nice_step,
    segments_cross,
    tip_to_tail,
)
from mnemo_anim.visuals.mapping import MapDriver
from mnemo_anim.visuals.matrix import matrix_display
from mnemo_anim.visuals.plane import CLAMP_PAD, Plane, PlaneArrow, fitted_plane, leader_ends
from mnemo_anim.visuals.theme import get_theme

THEME = get_theme("dark")
STAGE = make_layout(16 * 8 / 9, 8.0, stage=True, title=False).stage
assert STAGE is not None


def hex_of(color: object) -> str:
    return ManimColor(color).to_hex().upper()


# -- fitted ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "step"),
    [(0.9, 1), (1, 1), (1.01, 2), (2.5, 5), (7, 10), (0.03, 0.05), (120, 200), (0.2, 0.2)],
)
def test_nice_step(raw: float, step: float) -> None:
    assert nice_step(raw) == pytest.approx(step)


POINT_SETS = {
    "lesson column view": [(1, 0), (0, 1), (-1, 2), (3, 0), (-2, 4), (3, 1), (1, 5)],
    "large entries": [(40, 10), (-25, 30), (15, 70), (-500, 3)],
    "tiny": [(0.01, 0.02), (-0.03, 0.0)],
    "decimals, all negative": [(-1.25, -0.5), (-2.75, -3.5)],
    "tall": [(0, 9), (0.5, -9)],
    "origin only": [],
}


@pytest.mark.parametrize("points", POINT_SETS.values(), ids=POINT_SETS.keys())
@pytest.mark.parametrize(("width", "height"), [(7.2, 6.2), (6.2, 3.2), (3.4, 5.5)])
def test_fitted_window_holds_every_point_with_a_margin(points, width, height) -> None:  # type: ignore[no-untyped-def]
    spec = fit_plane(points, width, height)
    pts = np.array([(0.0, 0.0), *points], dtype=float)
    span = max(float(np.ptp(pts, axis=0).max()), 3.0)
    assert spec.contains(pts, pad=0.1 * span)
    # one unit is as long across as up: the window has the box's aspect
    assert spec.width / spec.height == pytest.approx(width / height)
    # the step is a nice number and cells stay readable on screen
    mantissa = spec.step / 10 ** np.floor(np.log10(spec.step))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9
    assert spec.step * width / spec.width >= 0.55 - 1e-9


def test_large_entries_zoom_out_with_a_coarser_step() -> None:
    small = fit_plane([(3, 1), (1, 5)], 7.2, 6.2)
    large = fit_plane([(300, 100), (100, 500)], 7.2, 6.2)
    assert large.step >= 50 * small.step
    assert large.contains([(300, 100), (100, 500)])


def test_integer_points_get_whole_number_grid_lines() -> None:
    spec = fit_plane([(0, 1), (-1, 0), (1, 1), (-1, 2)], 7.2, 6.2)
    assert spec.step == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=0, max_size=8),
    st.floats(2.0, 12.0),
    st.floats(2.0, 12.0),
)
def test_any_points_fit(points, width, height) -> None:  # type: ignore[no-untyped-def]
    spec = fit_plane(points, width, height)
    assert spec.contains([(0.0, 0.0), *points])
    assert spec.step > 0 and spec.width > 0 and spec.height > 0


def test_plane_is_built_from_explicit_ranges_and_fills_its_box() -> None:
    plane = fitted_plane([(1, 5), (2, 2)], STAGE, THEME)
    x0, x1, y0, y1 = plane.rect
    np.testing.assert_allclose(plane.c2p(x0, y0)[:2], [STAGE.left, STAGE.bottom], atol=1e-9)
    np.testing.assert_allclose(plane.c2p(x1, y1)[:2], [STAGE.right, STAGE.top], atol=1e-9)
    for p in [(0.3, -1.7), (1, 5), (-2.5, 0.25)]:
        np.testing.assert_allclose(plane.p2c(plane.c2p(p)), p, atol=1e-12)
    assert plane.x_range == plane.spec.x_range and plane.y_range == plane.spec.y_range


# -- clipping and the grid under maps ------------------------------------------------------------


def test_clip_line_cuts_at_the_window() -> None:
    segment = clip_line((0, 0), (1, 1), (-1, 2, -3, 3))
    assert segment is not None
    np.testing.assert_allclose(segment, [(-1, -1), (2, 2)])
    assert clip_line((0, 5), (1, 0), (-1, 1, -1, 1)) is None
    assert clip_line((0, 0), (0, 0), (-1, 1, -1, 1)) is None


finite = st.floats(-5, 5, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    points=st.lists(st.tuples(finite, finite), min_size=1, max_size=12),
    direction=st.tuples(finite, finite),
)
def test_clipping_a_family_keeps_each_line_inside_the_window(points, direction) -> None:  # type: ignore[no-untyped-def]
    rect = (-1.5, 2.0, -1.0, 3.0)
    corners = np.array([(x, y) for x in rect[:2] for y in rect[2:]])
    d = np.array(direction, dtype=float)
    starts, ends, inside = clip_parallel_lines(np.array(points), direction, rect)
    for point, start, end, shown in zip(points, starts, ends, inside, strict=True):
        p = np.array(point, dtype=float)
        if not np.any(np.abs(d) > 1e-12):
            assert not shown  # no direction, no line
            continue
        # Which side of the line each corner of the window is on.
        sides = (corners - p) @ np.array([-d[1], d[0]]) / np.linalg.norm(d)
        assert shown == (sides.min() <= 1e-9 and sides.max() >= -1e-9) or abs(sides).min() < 1e-6
        if not shown:
            continue
        for q in (start, end):
            reach = np.linalg.norm(d) * max(1.0, float(np.linalg.norm(q - p)))
            off = d[0] * (q - p)[1] - d[1] * (q - p)[0]
            assert abs(off) <= 1e-9 * reach  # on the line
            assert rect[0] - 1e-9 <= q[0] <= rect[1] + 1e-9
            assert rect[2] - 1e-9 <= q[1] <= rect[3] + 1e-9
            # an end is where the line leaves the window: on its border
            border = min(abs(q[0] - rect[0]), abs(q[0] - rect[1]))
            border = min(border, abs(q[1] - rect[2]), abs(q[1] - rect[3]))
            assert border < 1e-9


def test_a_grid_family_is_one_path_with_a_line_per_subpath() -> None:
    plane = fitted_plane([(3, 2)], Box(0, 0, 6.0, 5.0), THEME)
    grid = plane.moving_grid()
    assert len(grid.submobjects) == 4  # two families and two axis lines
    lines = grid.visible_lines()
    for axis in (0, 1):
        ticks = [t for t in plane.spec.ticks(axis) if abs(t) > 1e-9]
        assert len(grid.families[axis].points) == 4 * len(ticks)
    assert len(lines) == sum(len(f.points) // 4 for f in grid.families) + 2


def test_grid_under_identity_shows_each_tick_once() -> None:
    plane = Plane(fit_plane([(3, 4)], 6.0, 5.0), Box(0, 0, 6.0, 5.0), THEME)
    spec = plane.spec
    for axis in (0, 1):
        ks = grid_indices(IDENTITY, axis, spec.step, spec.rect, 100)
        assert [k * spec.step for k in ks] == pytest.approx(spec.ticks(axis))


@pytest.mark.parametrize(
    "matrix",
    [[[0, -1], [1, 0]], [[1, 1], [0, 1]], [[0.3, 0], [0, 0.3]], [[2, 1], [1, 3]]],
    ids=["rotation", "shear", "shrink", "stretch"],
)
def test_mapped_grid_lines_are_images_of_grid_lines_inside_the_window(matrix) -> None:  # type: ignore[no-untyped-def]
    plane = fitted_plane([(2, 2), (-1, 3)], Box(0, 0, 7.0, 6.0), THEME)
    grid = plane.moving_grid()
    m = np.array(matrix, dtype=float)
    grid.set_fmap(affine(m, (0.5, -0.25)))
    lines = grid.visible_lines()
    assert len(lines) >= 4
    x0, x1, y0, y1 = plane.rect
    inverse = np.linalg.inv(m)
    for start, end in lines:
        for p in (start, end):
            assert x0 - 1e-6 <= p[0] <= x1 + 1e-6 and y0 - 1e-6 <= p[1] <= y1 + 1e-6
        # pulled back through the map, a drawn line is x = k·step or y = k·step
        a = inverse @ (start - (0.5, -0.25))
        b = inverse @ (end - (0.5, -0.25))
        axis = 0 if abs(a[0] - b[0]) < 1e-6 else 1
        assert abs(a[axis] - b[axis]) < 1e-6
        k = a[axis] / plane.spec.step
        assert abs(k - round(k)) < 1e-6


def test_a_singular_map_folds_the_grid_onto_a_line() -> None:
    plane = fitted_plane([(2, 2)], Box(0, 0, 6.0, 6.0), THEME)
    grid = plane.moving_grid()
    grid.set_fmap(affine([[1, 2], [2, 4]]))
    for start, end in grid.visible_lines():
        for p in (start, end):
            assert abs(2 * p[0] - p[1]) < 1e-6  # every drawn point is on y = 2x


# -- spans and sums ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matrix", "rank"),
    [
        ([[1, 0, -1], [0, 1, 2]], 2),
        ([[1, 2], [2, 4]], 1),
        ([[2], [-1]], 1),
        ([[0, 0, 0], [0, 0, 0]], 0),
        ([[1e6, 2e6], [1, 3]], 2),
        ([[0.1, 0.3], [0.2, 0.6]], 1),
    ],
)
def test_column_span_rank_matches_numpy(matrix, rank) -> None:  # type: ignore[no-untyped-def]
    a = np.array(matrix, dtype=float)
    span = column_span(a)
    assert span.rank == rank == np.linalg.matrix_rank(a)
    rng = np.random.default_rng(0)
    for _ in range(5):
        assert span.contains(a @ rng.normal(size=a.shape[1]))
    if rank == 1:
        assert span.direction is not None
        assert not span.contains(np.array([-span.direction[1], span.direction[0]]))


def test_tip_to_tail_ends_at_the_sum() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(4, 2))
    chain = tip_to_tail(vectors)
    np.testing.assert_allclose(chain[0][0], [0, 0])
    for (_, tip), (tail, _) in itertools.pairwise(chain):
        np.testing.assert_allclose(tail, tip)
    np.testing.assert_allclose(chain[-1][1], vectors.sum(axis=0))


def test_compose_is_matrix_product_of_homogeneous_maps() -> None:
    rng = np.random.default_rng(2)
    f, g = (
        affine(rng.normal(size=(2, 2)), rng.normal(size=2)),
        affine(rng.normal(size=(2, 2)), rng.normal(size=2)),
    )

    def homogeneous(m: np.ndarray) -> np.ndarray:
        return np.vstack([m, [0, 0, 1]])

    np.testing.assert_allclose(homogeneous(compose(g, f)), homogeneous(g) @ homogeneous(f))
    p = rng.normal(size=2)
    np.testing.assert_allclose(apply_map(compose(g, f), p), apply_map(g, apply_map(f, p)))


# -- arrows and the map driver ---------------------------------------------------------------------


def drive(animation) -> None:  # type: ignore[no-untyped-def]
    """Run a map animation to its end without a scene."""
    animation.begin()
    animation.finish()


def test_arrow_tip_is_drawn_at_its_coordinates() -> None:
    plane = fitted_plane([(3, -2)], STAGE, THEME)
    arrow = plane.arrow((3, -2), THEME.column(0), tail=(1, 1), label="a_0")
    np.testing.assert_allclose(plane.p2c(arrow.tip_point()), (3, -2), atol=1e-9)
    np.testing.assert_allclose(plane.p2c(arrow.tail_point()), (1, 1), atol=1e-9)
    zero = plane.arrow((0, 0), THEME.column(1))
    np.testing.assert_allclose(plane.p2c(zero.tip_point()), (0, 0), atol=1e-9)


def test_driver_applies_many_times_keeps_chains_joined_and_resets() -> None:
    a = np.array([[0.0, -1.0], [1.0, 0.0]])
    b = np.array([[1.0, 1.0], [0.0, 1.0]])
    plane = fitted_plane([(3, 3), (-3, -3)], STAGE, THEME)
    first = plane.arrow((1, 2), THEME.column(0))
    second = plane.arrow((3, 1), THEME.column(1), tail=(1, 2))  # tip to tail after `first`
    grid = plane.moving_grid()
    driver = MapDriver(grid, first, second)
    pending = driver.apply(b)  # built before the first one plays: reads its start at begin
    drive(driver.apply(a))
    drive(pending)
    for _ in range(3):  # any number of further applications
        drive(driver.apply(a))
        drive(driver.apply(np.linalg.inv(a)))
    ba = b @ a
    np.testing.assert_allclose(plane.p2c(first.tip_point()), ba @ (1, 2), atol=1e-9)
    np.testing.assert_allclose(plane.p2c(second.tail_point()), plane.p2c(first.tip_point()))
    np.testing.assert_allclose(plane.p2c(second.tip_point()), ba @ (3, 1), atol=1e-9)
    np.testing.assert_allclose(grid.fmap, affine(ba), atol=1e-12)
    drive(driver.shift((2, -1)))
    np.testing.assert_allclose(plane.p2c(second.tail_point()), ba @ (1, 2) + (2, -1), atol=1e-9)
    drive(driver.reset())
    np.testing.assert_allclose(plane.p2c(first.tip_point()), (1, 2), atol=1e-9)
    np.testing.assert_allclose(plane.p2c(second.tail_point()), (1, 2), atol=1e-9)
    np.testing.assert_allclose(grid.fmap, IDENTITY)


def test_driver_moves_only_what_it_is_told() -> None:
    plane = fitted_plane([(2, 2)], STAGE, THEME)
    moved, kept = plane.arrow((1, 0), THEME.column(0)), plane.arrow((0, 1), THEME.column(1))
    driver = MapDriver(moved, kept)
    drive(driver.apply(2 * np.eye(2), only=[moved]))
    np.testing.assert_allclose(moved.tip, (2, 0))
    np.testing.assert_allclose(kept.tip, (0, 1))


def test_span_highlight_follows_a_shift() -> None:
    plane = fitted_plane([(3, 3), (-3, -3)], STAGE, THEME)
    line = plane.span([[1, 2], [2, 4]], THEME.accent)
    drive(MapDriver(line).shift((1, 0)))
    start, end = plane.p2c(line.shape.points[0]), plane.p2c(line.shape.points[-1])
    for p in (start, end):
        assert abs(2 * (p[0] - 1) - p[1]) < 1e-6  # on the line y = 2(x - 1)


# -- colours ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_column_colour_is_shared_by_matrix_and_arrow(theme: str) -> None:
    th = get_theme(theme)
    a = np.array([[1, 0, -1, 2, 0.5], [0, 1, 2, -1, 3]], dtype=float)
    display = matrix_display(a, th)
    plane = fitted_plane(a.T, STAGE, th)
    for j, column in enumerate(display.get_columns()):
        arrow: PlaneArrow = plane.arrow(a[:, j], th.column(j))
        for entry in column:
            assert hex_of(entry.get_color()) == hex_of(th.column(j))
        assert hex_of(arrow.shaft.get_stroke_color()) == hex_of(th.column(j))
        assert hex_of(arrow.head.get_fill_color()) == hex_of(th.column(j))


# -- labels set off from their tips --------------------------------------------------------------


def test_a_label_set_off_from_its_tip_has_a_leader_to_it() -> None:
    """A ``far`` label stands clear of the tip, and a thin line runs from the label's edge to
    just short of the tip, in the label's opacity; any other placement draws no leader."""
    plane = fitted_plane([(-3, -3), (3, 3)], STAGE, THEME)
    arrow = plane.arrow((1.0, 1.0), THEME.output, label="f(u) = (1, 1)")
    assert arrow.leader.get_stroke_opacity() == 0.0
    arrow.label_at, arrow.side = "far", 270.0  # below the tip
    arrow.redraw()
    tip, label = arrow.tip_point(), arrow.label
    assert label.get_top()[1] < tip[1] - 0.5
    start, end = arrow.leader.points[0], arrow.leader.points[-1]
    assert arrow.leader.get_stroke_opacity() > 0.5
    assert np.linalg.norm(end[:2] - tip[:2]) == pytest.approx(0.08, abs=1e-6)
    assert start[1] == pytest.approx(label.get_top()[1] + 0.08, abs=1e-6)
    label.set_alpha(0.0)  # faded out with its arrow: so is the leader
    arrow.redraw()
    assert arrow.leader.get_stroke_opacity() == 0.0
    arrow.label_at = "tip"
    arrow.redraw()
    assert arrow.leader.get_stroke_opacity() == 0.0


def test_leader_ends_and_crossing_segments() -> None:
    rect = (1.0, 3.0, 1.0, 2.0)
    ends = leader_ends(rect, np.array([2.0, 0.0, 0.0]))
    assert ends is not None
    np.testing.assert_allclose(ends[0][:2], [2.0, 0.92])
    np.testing.assert_allclose(ends[1][:2], [2.0, 0.08])
    assert leader_ends(rect, np.array([2.0, 0.9, 0.0])) is None  # the label is at the tip
    assert segments_cross((0, 0), (2, 2), (0, 2), (2, 0))
    assert not segments_cross((0, 0), (1, 1), (2, 0), (3, 1))
    assert not segments_cross((0, 0), (1, 1), (1, 1), (2, 0))  # meeting at an end


@pytest.mark.parametrize("at", ["tip", "far", "middle"])
def test_a_label_pushed_past_the_window_is_moved_back_inside_its_box(at: str) -> None:
    """A label beyond a tip in the window's corner is shifted into the plane's box, whole, and a
    set-off label's leader starts on the edge of where the label ends up."""
    plane = fitted_plane([(2, 2)], Box(0, 0, 5.0, 5.0), THEME)
    x1, y1 = plane.rect[1], plane.rect[3]
    arrow = plane.arrow((x1, y1), THEME.column(0), label="a_0")
    assert arrow.label is not None
    arrow.attach(arrow.label, at=at, side=45.0)  # type: ignore[arg-type]
    box = plane.box
    left, right = arrow.label.get_left()[0], arrow.label.get_right()[0]
    bottom, top = arrow.label.get_bottom()[1], arrow.label.get_top()[1]
    pad = CLAMP_PAD - 1e-9
    assert box.left + pad <= left and right <= box.right - pad
    assert box.bottom + pad <= bottom and top <= box.top - pad
    unclamped = arrow._label_centre(arrow.label, at, 45.0)  # type: ignore[arg-type]
    assert not np.allclose(arrow.label.get_center(), unclamped)  # it did have to move
    if at == "far":
        start = arrow.leader.points[0]
        on_edge = min(abs(start[0] - left), abs(start[0] - right), abs(start[1] - bottom))
        on_edge = min(on_edge, abs(start[1] - top))
        assert len(arrow.leader.points) and on_edge < 0.2

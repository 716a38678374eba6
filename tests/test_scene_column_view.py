"""Column view: what is drawn equals NumPy's A @ x, built as a weighted sum of the columns."""

from __future__ import annotations

import re

import numpy as np
import pytest
from manim import ManimColor

from mnemo_anim.config.models import ColumnViewJob
from mnemo_anim.maths import shown
from mnemo_anim.render.runner import RenderResult
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import Probe, run_dry

CASES = {
    "lesson": ([[1, 0, -1], [0, 1, 2]], [3, 1, 2]),
    "negative-zero-decimals": ([[1.5, -2, 0.5], [0.25, 1, -1]], [-1.2, 0, 2.5]),
    "singular": ([[1, 2], [2, 4]], [1, -1]),
    "two-by-one": ([[2], [-1]], [1.5]),
    "large": ([[40, -25], [10, 30]], [1, 2]),
}


def on_screen(probe: Probe) -> set[int]:
    """ids of every mobject (with its family) in the last frame."""
    return {id(m) for top in probe.snapshots[-1].mobjects for m in top.get_family()}


def drawn(probe: Probe, arrow) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    plane = probe.scene.plane
    return plane.p2c(arrow.tail_point()), plane.p2c(arrow.tip_point())


_PROBES: dict[str, Probe] = {}


def probe_of(name: str) -> tuple[np.ndarray, np.ndarray, Probe]:
    """The dry run of case ``name`` (run once per session)."""
    matrix, vector = CASES[name]
    if name not in _PROBES:
        _PROBES[name] = run_dry(ColumnViewJob.model_validate({"matrix": matrix, "vector": vector}))
    return np.array(matrix, dtype=float), np.array(vector, dtype=float), _PROBES[name]


@pytest.fixture(params=CASES.keys())
def case(request: pytest.FixtureRequest) -> tuple[np.ndarray, np.ndarray, Probe]:
    return probe_of(request.param)


def test_result_arrow_ends_exactly_at_ax(case) -> None:  # type: ignore[no-untyped-def]
    a, x, probe = case
    tail, tip = drawn(probe, probe.scene.result)
    np.testing.assert_allclose(tail, [0, 0], atol=1e-9)
    np.testing.assert_allclose(tip, a @ x, rtol=1e-9, atol=1e-9)
    assert id(probe.scene.result.shaft) in on_screen(probe)


def test_scaled_columns_are_tip_to_tail(case) -> None:  # type: ignore[no-untyped-def]
    a, x, probe = case
    visible = on_screen(probe)
    running = np.zeros(2)
    for j, arrow in enumerate(probe.scene.arrows):
        if x[j] == 0:  # a zero weight shrinks its column to nothing, which leaves the sum
            assert id(arrow.shaft) not in visible
            continue
        tail, tip = drawn(probe, arrow)
        np.testing.assert_allclose(tail, running, atol=1e-9)
        np.testing.assert_allclose(tip - tail, x[j] * a[:, j], atol=1e-9)
        if x[j] < 0:  # flipped against its column
            assert (tip - tail) @ a[:, j] < 0
        running = tip
    np.testing.assert_allclose(running, a @ x, atol=1e-9)


def test_numbers_on_screen_match_numpy(case) -> None:  # type: ignore[no-untyped-def]
    a, x, probe = case
    y = a @ x
    entries = [float(e.source) for e in probe.scene.y_m.get_entries()]
    assert entries == [shown(v) for v in y]
    label = next(t for t in probe.all_math() if t.startswith("A x ="))
    assert [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", label)] == [shown(v) for v in y]
    for j in range(len(x)):  # the weights, as written in front of each column
        assert any(t == f"{shown(x[j]):g} thin a_{j}" for t in probe.all_math()), j


def test_plane_window_holds_everything_shown(case) -> None:  # type: ignore[no-untyped-def]
    a, x, probe = case
    spec = probe.scene.plane.spec
    partial = np.cumsum((a * x).T, axis=0)
    assert spec.contains([*a.T, *(a * x).T, *partial, a @ x])


def test_colours_of_columns_match_their_arrows(case) -> None:  # type: ignore[no-untyped-def]
    _, _, probe = case
    scene = probe.scene
    for j, arrow in enumerate(scene.arrows):
        column = scene.a_m.get_columns()[j]
        want = ManimColor(scene.theme.column(j)).to_hex()
        assert ManimColor(arrow.shaft.get_stroke_color()).to_hex() == want
        assert all(ManimColor(e.get_color()).to_hex() == want for e in column)


def test_steps_and_pacing(case) -> None:  # type: ignore[no-untyped-def]
    probe = case[2]
    assert [s[0] for s in probe.scene.steps] == probe.scene.job.steps()
    assert 15 <= probe.scene.steps[-1][2] <= 30  # seconds at speed 1


def test_rank_one_outputs_stay_on_the_line() -> None:
    a, _, probe = probe_of("singular")
    dots = [m for m in probe.snapshots[-1].mobjects if type(m).__name__ == "PlaneDot"]
    assert len(dots) >= 2
    for dot in dots:
        p = dot.point
        assert abs(p[0] * a[1, 0] - p[1] * a[0, 0]) < 1e-9  # parallel to column 0
        assert not np.allclose(p, 0)


def test_large_entries_zoom_out() -> None:
    a, x, probe = probe_of("large")
    lesson = probe_of("lesson")[2]
    assert probe.scene.plane.spec.step >= 10 * lesson.scene.plane.spec.step
    assert probe.scene.plane.spec.contains([a @ x])


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(ColumnViewJob, tmp_path_factory)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 854, 480)
    # the whole storyboard was encoded: 15–30 s at speed 1, so half that at speed 2
    assert 15 / 2 <= info.duration <= 30 / 2
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)
    assert info.frames == pytest.approx(info.duration * 24, abs=2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("column_view_last", last_frame(video.path))

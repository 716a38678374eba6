"""Bias: y = Ax + b as drawn equals NumPy's, and the shift moves the origin to b."""

from __future__ import annotations

import numpy as np
import pytest

from mnemo_anim.config.models import BiasJob
from mnemo_anim.maths import shown
from mnemo_anim.render.runner import RenderResult
from mnemo_anim.visuals.geometry import affine
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import Probe, run_dry

CASES = {
    "lesson": ([[1, 0, -1], [0, 1, 2]], [3, 1, 2], [1, -3]),
    "square-decimals": ([[1, 2], [-1, 0.5]], [1.5, -1], [-2, 1]),
    "square-singular": ([[1, 2], [0.5, 1]], [2, -0.5], [0, 1.5]),
    "rank-one-2x3": ([[1, 2, 3], [2, 4, 6]], [1, 0, -1], [0.5, 2]),
    "large": ([[40, -25], [10, 30]], [1, 2], [-100, 50]),
}
_PROBES: dict[str, Probe] = {}


def probe_of(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, Probe]:
    matrix, vector, bias = CASES[name]
    if name not in _PROBES:
        job = BiasJob.model_validate({"matrix": matrix, "vector": vector, "bias": bias})
        _PROBES[name] = run_dry(job)
    a, x, b = (np.array(v, dtype=float) for v in (matrix, vector, bias))
    return a, x, b, _PROBES[name]


@pytest.fixture(params=CASES.keys())
def case(request: pytest.FixtureRequest) -> tuple[np.ndarray, np.ndarray, np.ndarray, Probe]:
    return probe_of(request.param)


def drawn(probe: Probe, arrow) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    plane = probe.scene.plane
    return plane.p2c(arrow.tail_point()), plane.p2c(arrow.tip_point())


def test_output_arrow_ends_exactly_at_ax_plus_b(case) -> None:  # type: ignore[no-untyped-def]
    a, x, b, probe = case
    tail, tip = drawn(probe, probe.scene.result)
    np.testing.assert_allclose(tail, [0, 0], atol=1e-9)
    np.testing.assert_allclose(tip, a @ x + b, rtol=1e-9, atol=1e-9)


def test_shift_carries_origin_and_ax_by_b(case) -> None:  # type: ignore[no-untyped-def]
    a, x, b, probe = case
    scene = probe.scene
    np.testing.assert_allclose(scene.plane.p2c(scene.origin.dot.get_center()), b, atol=1e-9)
    tail, tip = drawn(probe, scene.arrow)  # Ax, now from b to y
    np.testing.assert_allclose(tail, b, atol=1e-9)
    np.testing.assert_allclose(tip, a @ x + b, atol=1e-9)
    np.testing.assert_allclose(drawn(probe, scene.trail)[1], b, atol=1e-9)


def test_image_of_the_plane_moves_to_b(case) -> None:  # type: ignore[no-untyped-def]
    a, _, b, probe = case
    scene = probe.scene
    if a.shape == (2, 2):  # the grid was carried by A, then shifted: the affine map [A | b]
        np.testing.assert_allclose(scene.grid.fmap, affine(a, b), atol=1e-12)
    elif np.linalg.matrix_rank(a) == 2:  # the image is the plane: its grid shifts by b
        np.testing.assert_allclose(scene.grid.fmap, affine(None, b), atol=1e-12)
    else:  # the image is a line through the origin, now through b
        shape = scene.image.shape
        column = a[:, np.argmax(np.linalg.norm(a, axis=0))]
        for point in (shape.points[0], shape.points[-1]):
            p = scene.plane.p2c(point) - b
            assert abs(p[0] * column[1] - p[1] * column[0]) < 1e-6 * np.linalg.norm(column)


def test_numbers_on_screen_match_numpy(case) -> None:  # type: ignore[no-untyped-def]
    a, x, b, probe = case
    scene = probe.scene
    assert [float(e.source) for e in scene.ax_m.get_entries()] == [shown(v) for v in a @ x]
    assert [float(e.source) for e in scene.y_m.get_entries()] == [shown(v) for v in a @ x + b]
    assert [s[0] for s in scene.steps] == scene.job.steps()
    assert 15 <= scene.steps[-1][2] <= 30  # seconds at speed 1


def test_origin_is_fixed_by_a_and_moved_by_b() -> None:
    _, _, b, probe = probe_of("square-decimals")
    scene = probe.scene
    origin_step = next(s for s in scene.steps if s[0] == "origin")
    during = [s for s in probe.snapshots if origin_step[1] < s.time <= origin_step[2]]
    assert any("A thin bold(0) = bold(0)" in snap.math for snap in during)
    assert "A thin bold(0) + b = b" in probe.snapshots[-1].math
    # the dot was never carried by A (A·0 = 0), only shifted by b
    np.testing.assert_allclose(scene.origin.fmap, affine(None, b))


def test_large_entries_zoom_out() -> None:
    a, x, b, probe = probe_of("large")
    assert probe.scene.plane.spec.step >= 10
    assert probe.scene.plane.spec.contains([a @ x, b, a @ x + b])


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(BiasJob, tmp_path_factory)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 854, 480)
    # the whole storyboard was encoded: 14–30 s at speed 1, so half that at speed 2
    assert 14 / 2 <= info.duration <= 30 / 2
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)
    assert info.frames == pytest.approx(info.duration * 24, abs=2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("bias_last", last_frame(video.path))

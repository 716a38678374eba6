"""Composition: applying A then B lands where BA does, and AB lands where NumPy says."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from manim import DL, UR

from mnemo_anim.config import presets
from mnemo_anim.config.models import CompositionJob
from mnemo_anim.maths import shown
from mnemo_anim.render.runner import RenderResult
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import Probe, run_dry

CASES = {
    "lesson": (presets.rotation(90), presets.shear(1), [1, 1], "sequential"),
    "commuting": (presets.rotation(90), presets.scale(2), [1.5, -0.5], "sequential"),
    "singular-decimals": ([[1, 2], [0.5, 1]], [[0.5, -1.25], [2, 0]], [-1, 0.5], "sequential"),
    "large": ([[20, -5], [3, 12]], [[1, 40], [0, 1]], [1, 2], "sequential"),
    "split": (presets.rotation(90), presets.shear(1), [1, 1], "split"),
}
_PROBES: dict[str, Probe] = {}


def probe_of(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, Probe]:
    first, then, vector, layout = CASES[name]
    if name not in _PROBES:
        job = CompositionJob.model_validate(
            {"first": first, "then": then, "vector": vector, "layout": layout}
        )
        _PROBES[name] = run_dry(job)
    a, b, x = (np.array(v, dtype=float) for v in (first, then, vector))
    return a, b, x, _PROBES[name]


@pytest.fixture(params=CASES.keys())
def case(request: pytest.FixtureRequest) -> tuple[np.ndarray, np.ndarray, np.ndarray, Probe]:
    return probe_of(request.param)


def tip(probe: Probe, key: str) -> np.ndarray:
    scene = probe.scene
    arrow = scene.ba_arrow if key == "ba" else scene.ab_arrow
    plane = scene.planes[key]
    np.testing.assert_allclose(plane.p2c(arrow.tail_point()), [0, 0], atol=1e-9)
    return plane.p2c(arrow.tip_point())


def test_both_orders_land_where_numpy_says(case) -> None:  # type: ignore[no-untyped-def]
    a, b, x, probe = case
    np.testing.assert_allclose(tip(probe, "ba"), (b @ a) @ x, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(tip(probe, "ab"), (a @ b) @ x, rtol=1e-9, atol=1e-9)
    # and B(Ax) is (BA)x: the step-by-step path and the one-matrix path agree
    np.testing.assert_allclose(b @ (a @ x), (b @ a) @ x)


def test_products_on_screen_match_numpy(case) -> None:  # type: ignore[no-untyped-def]
    a, b, _, probe = case
    for key, want in (("ba", b @ a), ("ab", a @ b)):
        entries = [float(e.source) for e in probe.scene.products[key].get_entries()]
        assert entries == [shown(v) for v in want.ravel()], key


def test_the_moral_is_honest_about_commuting(case) -> None:  # type: ignore[no-untyped-def]
    a, b, _, probe = case
    commute = np.allclose(a @ b, b @ a)
    # Manim's Text keeps its string without spaces
    texts = [m.text for m in probe.snapshots[-1].mobjects if type(m).__name__ == "Text"]
    if commute:
        assert any("commute" in t for t in texts), texts
        assert not any("not" in t for t in texts), texts
    else:
        assert "thecombinedmatrixisBA,notAB" in texts, texts


def test_steps_and_pacing(case) -> None:  # type: ignore[no-untyped-def]
    probe = case[3]
    assert [s[0] for s in probe.scene.steps] == probe.scene.job.steps()
    assert 15 <= probe.scene.steps[-1][2] <= 30  # seconds at speed 1


def test_grid_returns_home_between_paths() -> None:
    a, b, _, probe = probe_of("lesson")
    grid = probe.scene.stage.grid
    # after the last path, the grid shows A∘B (B applied first)
    np.testing.assert_allclose(grid.fmap[:, :2], a @ b, atol=1e-12)
    np.testing.assert_allclose(grid.fmap[:, 2], [0, 0], atol=1e-12)


def test_large_entries_zoom_out() -> None:
    a, b, x, probe = probe_of("large")
    spec = probe.scene.stage.plane.spec
    assert spec.step >= 10
    assert spec.contains([x, a @ x, b @ a @ x, a @ b @ x, b @ x])


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(CompositionJob, tmp_path_factory)


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
    compare("composition_last", last_frame(video.path))


def _overlap(a: Any, b: Any) -> bool:
    (al, ab), (ar, at) = a.get_corner(DL)[:2], a.get_corner(UR)[:2]
    (bl, bb), (br, bt) = b.get_corner(DL)[:2], b.get_corner(UR)[:2]
    return bool(al < br and bl < ar and ab < bt and bb < at)


@pytest.mark.parametrize("aspect", ["9:16", "1:1", "4:5"])
def test_split_labels_leave_the_plane_tags_clear(aspect: str) -> None:
    """On the small side-by-side planes of a tall or square frame, x's label ((BA)x, (AB)x)
    never ends a step on its plane's tag ("A then B")."""
    job = CompositionJob.model_validate(
        {"layout": "split", "title": "Two orders", "captions": "auto", "render": {"aspect": aspect}}
    )
    seen: list[tuple[float, bool]] = []

    def check(scene: Any) -> None:
        if not hasattr(scene, "tags"):
            return
        covered = False
        for stage, tag in zip(scene.stages, scene.tags, strict=True):
            label = stage.x.label
            shown = max(
                (m.get_fill_opacity() for m in label.family_members_with_points()), default=0
            )
            covered |= bool(shown > 0.5 and _overlap(label, tag))
        seen.append((scene.renderer.time, covered))

    steps = run_dry(job, check).scene.steps
    for name, _, end in steps:
        at_end = [covered for time, covered in seen if time <= end + 1e-9][-1]
        assert not at_end, f"{aspect}: x's label lies on a plane's tag at the end of {name!r}"

"""Linearity: after every step, every arrow, the grid, the origin and every number on screen
equal NumPy's — add then map and map then add land on one point, so do scale-then-map and
map-then-scale, the origin stays put, and the bias misses by exactly b."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import LinearityJob
from mnemo_anim.maths import shown
from mnemo_anim.render.runner import RenderResult
from mnemo_anim.visuals.geometry import affine
from mnemo_anim.visuals.plane import coords_tex
from mnemo_anim.visuals.theme import resolve_theme
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import run_dry

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
CASES: dict[str, dict[str, Any]] = {
    "defaults": {},
    "singular": {"matrix": [[1, 2], [0.5, 1]], "u": [1, -1], "v": [2, 0.5]},
    "reflection-negative-c": {"matrix": {"reflection": 30}, "scalar": -1.5, "bias": [-2, 0.5]},
    "rotation-decimals": {"matrix": {"rotation": 50}, "u": [1.25, -0.4], "v": [-0.6, 1.1]},
    "c-zero-big": {"matrix": [[40, -25], [10, 30]], "scalar": 0, "bias": [100, -50]},
}
# (case, aspect): the defaults in every aspect, the hard cases in 16:9 and one in 9:16
RUNS = [("defaults", a) for a in ASPECTS] + [(c, "16:9") for c in CASES if c != "defaults"]
RUNS.append(("reflection-negative-c", "9:16"))


class Recorder:
    """After every play: each arrow's ends, the grid's and origin's maps, and the numbers in
    the panel, keyed by the scene time."""

    def __init__(self) -> None:
        self.states: dict[float, dict[str, Any]] = {}

    def __call__(self, scene: Any) -> None:
        plane, on = scene.plane, set(map(id, _family(scene.mobjects)))
        arrows = {
            key: (plane.p2c(a.tail_point()), plane.p2c(a.tip_point()), a.color_hex)
            for key, a in scene.arrows.items()
            if id(a) in on
        }
        labels = {
            key: a.label.formula.source
            for key, a in scene.arrows.items()
            if id(a) in on and a.label is not None
        }
        panel = set(map(id, scene.panel_group.get_family())) if scene.panel_group else set()
        numbers = {
            key: ([float(e.source) for e in mob.get_entries()], _colors(mob))
            for key, mob in scene.lines.shown.items()
            if id(mob) in panel and id(mob) in on
        }
        self.states[round(scene.renderer.time, 6)] = {
            "arrows": arrows,
            "labels": labels,
            "numbers": numbers,
            "turns": bool(scene.panel_group is not None and scene.panel_group.turns),
            "grid": scene.grid.fmap.copy(),
            "origin": plane.p2c(scene.origin.dot.get_center()),
        }


def _family(mobjects: list) -> list:
    return [part for mob in mobjects for part in mob.get_family()]


def _colors(mob: Any) -> list[str]:
    return [e.get_color().to_hex().upper() for e in mob.get_entries()]


_RUNS: dict[tuple[str, str], tuple[Any, dict[str, dict[str, Any]]]] = {}


def run(case: str, aspect: str) -> tuple[Any, dict[str, dict[str, Any]]]:
    """The scene and its state at the end of each step (run once per case and aspect)."""
    if (case, aspect) not in _RUNS:
        job = LinearityJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
        recorder = Recorder()
        probe = run_dry(job, recorder)
        ends = {}
        for name, start, end in probe.scene.steps:
            ends[name] = {**recorder.states[round(end, 6)], "seen": _seen(recorder, start, end)}
        _RUNS[(case, aspect)] = (probe.scene, ends)
    return _RUNS[(case, aspect)]


def _seen(recorder: Recorder, start: float, end: float) -> dict[str, list[list[float]]]:
    """Every panel number shown after a play of the step from ``start`` to ``end``, by key."""
    seen: dict[str, list[list[float]]] = {}
    for time, state in recorder.states.items():
        if start < time <= end + 1e-9:
            for key, (values, _) in state["numbers"].items():
                seen.setdefault(key, []).append(values)
    return seen


def expected(scene: Any) -> dict[str, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """What each step must show: arrow key → (tail, tip), from NumPy alone."""
    job = scene.job
    a, u, v, b = (np.array(x, dtype=float) for x in (job.matrix, job.u, job.v, job.bias))
    c, o = job.scalar, np.zeros(2)
    s = u + v
    f = lambda x: a @ x + b  # noqa: E731
    return {
        "vectors": {
            "u": (o, u),
            "v": (o, v),
            "v from u": (u, s),
            "u from v": (v, s),
            "sum": (o, s),
        },
        "add then map": {"a_sum": (o, a @ s)},
        "map then add": {
            "a_sum": (o, a @ s),
            "au": (o, a @ u),
            "av": (o, a @ v),
            "av from au": (a @ u, a @ u + a @ v),
            "au from av": (a @ v, a @ u + a @ v),
        },
        "scale": {"au": (o, a @ u), "a_cu": (o, a @ (c * u)), "c_au": (o, c * (a @ u))},
        "origin": {},
        "affine": {
            "f_u": (o, f(u)),
            "f_v": (o, f(v)),
            "f_sum": (o, f(s)),
            "f_v from f_u": (f(u), f(u) + f(v)),
            "gap": (f(s), f(u) + f(v)),
        },
    }


def expected_numbers(scene: Any) -> dict[str, dict[str, np.ndarray]]:
    job = scene.job
    a, u, v, b = (np.array(x, dtype=float) for x in (job.matrix, job.u, job.v, job.bias))
    c, s = job.scalar, u + v
    f = lambda x: a @ x + b  # noqa: E731
    return {
        "vectors": {"sum": s},
        "add then map": {"A": a.ravel(), "a_sum": a @ s},
        "map then add": {"au": a @ u, "av": a @ v, "au_plus_av": a @ u + a @ v, "a_sum": a @ s},
        "scale": {"a_cu": a @ (c * u), "c_au": c * (a @ u)},
        "origin": {"zero": np.zeros(2)},
        # the two misses: f(u) + f(v) − f(u + v) = b, and c·f(u) − f(cu) = (c − 1)·b
        "affine": {"gap": f(u) + f(v) - f(s), "scale_gap": c * f(u) - f(c * u)},
    }


@pytest.fixture(params=RUNS, ids=[f"{c}-{a}" for c, a in RUNS])
def state(request: pytest.FixtureRequest) -> tuple[Any, dict[str, dict[str, Any]]]:
    return run(*request.param)


def test_every_arrow_after_every_step_matches_numpy(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    assert list(ends) == scene.job.steps()
    for step, arrows in expected(scene).items():
        drawn = ends[step]["arrows"]
        assert set(drawn) == set(arrows), step
        for key, (tail, tip) in arrows.items():
            np.testing.assert_allclose(drawn[key][0], tail, atol=1e-7, err_msg=f"{step}: {key}")
            np.testing.assert_allclose(drawn[key][1], tip, atol=1e-7, err_msg=f"{step}: {key}")


def test_grid_and_origin_after_every_step(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    job = scene.job
    a, b = np.array(job.matrix, dtype=float), np.array(job.bias, dtype=float)
    grids = {
        "vectors": affine(),
        "add then map": affine(a),
        "map then add": affine(a),
        "scale": affine(a),
        "origin": affine(a),
        "affine": affine(a, b),
    }
    for step, fmap in grids.items():
        np.testing.assert_allclose(ends[step]["grid"], fmap, atol=1e-12, err_msg=step)
        origin = b if step == "affine" else np.zeros(2)  # A·0 = 0 until the bias moves it
        np.testing.assert_allclose(ends[step]["origin"], origin, atol=1e-7, err_msg=step)


def test_numbers_on_screen_after_every_step(state) -> None:  # type: ignore[no-untyped-def]
    """Every number of the step is NumPy's, on screen at the step's end; on a panel one line
    tall (its lines taking turns) a line read earlier in the step may have left by then."""
    scene, ends = state
    landscape = scene.layout.orientation == "landscape"
    for step, numbers in expected_numbers(scene).items():
        end = ends[step]
        assert not (landscape and end["turns"]), f"{step}: a wide panel shows its lines together"
        for key, values in numbers.items():
            want = [shown(x) for x in values]
            if key in end["numbers"]:
                assert end["numbers"][key][0] == want, f"{step}: {key}"
                continue
            assert end["turns"], f"{step}: {key} is not on screen"
            assert key in end["seen"], f"{step}: {key} was never on screen"
            assert all(seen == want for seen in end["seen"][key]), f"{step}: {key}"


def test_labels_name_each_arrow_with_its_numbers(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    job = scene.job
    a, u, v, b = (np.array(x, dtype=float) for x in (job.matrix, job.u, job.v, job.bias))
    c, s, d = job.scalar, u + v, job.numbers.decimals
    want = {
        ("vectors", "sum"): ("u + v", s),
        ("add then map", "a_sum"): ("A(u + v)", a @ s),  # short in the next step (panel)
        ("scale", "a_cu"): ("A(c u) = c thin A u", a @ (c * u)),
        ("affine", "f_sum"): ("f(u + v)", a @ s + b),
        ("affine", "f_v from f_u"): ("f(u) + f(v)", a @ s + 2 * b),
    }
    for (step, key), (name, point) in want.items():
        assert ends[step]["labels"][key] == f"{name} = {coords_tex(point, d)}", (step, key)
    assert ends["map then add"]["labels"]["au"] == "A u"
    assert ends["affine"]["labels"]["gap"] == "b"


def test_colours_name_the_vectors(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    th = resolve_theme(scene.job.style)
    u_col, v_col = th.column(0).upper(), th.column(1).upper()
    vectors, affine_ = ends["vectors"]["arrows"], ends["affine"]["arrows"]
    assert vectors["u"][2].upper() == u_col and vectors["v"][2].upper() == v_col
    assert vectors["sum"][2].upper() == th.output.upper()
    assert affine_["gap"][2].upper() == th.bias.upper()  # the miss is the bias, in its colour
    numbers = ends["map then add"]["numbers"]
    assert set(numbers["au"][1]) == {u_col} and set(numbers["av"][1]) == {v_col}


def test_both_routes_land_on_one_point_and_the_bias_misses_by_b() -> None:
    scene, ends = run("rotation-decimals", "16:9")
    arrows = ends["map then add"]["arrows"]
    np.testing.assert_allclose(arrows["av from au"][1], arrows["a_sum"][1], atol=1e-7)
    scale = ends["scale"]["arrows"]
    np.testing.assert_allclose(scale["c_au"][1], scale["a_cu"][1], atol=1e-7)
    gap = ends["affine"]["arrows"]["gap"]
    np.testing.assert_allclose(gap[1] - gap[0], scene.job.bias, atol=1e-7)


def test_every_tip_is_inside_the_plane(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    x0, x1, y0, y1 = scene.plane.rect
    for step in ends.values():
        for tail, tip, _ in step["arrows"].values():
            for p in (tail, tip):
                assert x0 <= p[0] <= x1 and y0 <= p[1] <= y1


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(LinearityJob, tmp_path_factory)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.width, info.height) == ("h264", 854, 480)
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("linearity_last", last_frame(video.path))

"""Layers: after every step, every point equals NumPy's forward pass (ReLU and GELU exact), the
grid is the image of the input grid under the layers so far, and the product matrix on screen
is W_L⋯W₂W₁ in that order; the same weights without σ land where the single matrix does."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import LayersJob
from mnemo_anim.lessons.layers import gelu, relu
from mnemo_anim.maths import shown
from mnemo_anim.render.runner import RenderResult
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import run_dry

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
QUADRANT = [[0.5, 0.5], [1, 0.25], [0.25, 1.5], [2, 1]]
CASES: dict[str, dict[str, Any]] = {
    "defaults": {},
    "gelu": {"activation": "gelu"},
    "none": {"activation": "none"},
    # every point stays in the positive quadrant: ReLU moves nothing
    "one-quadrant": {"weights": [[[1, 0.5], [0, 1]], [[2, 0], [0.5, 1]]], "inputs": QUADRANT},
    # every point lands in the negative quadrant: ReLU sends all of them to 0
    "negative-quadrant": {"weights": [[[-1, 0], [0, -1]], [[1, 1], [-1, 1]]], "inputs": QUADRANT},
    "singular": {"weights": [[[1, 2], [0.5, 1]], [[0, 0], [0, 0]], [[1, 0], [1, 1]]]},
    "four-layers-biases": {
        "weights": [{"rotation": 60}, [[1, -1], [0, 1]], {"scale": [1.5, 0.5]}, [[0, 1], [1, 0]]],
        "biases": [[0.5, -0.5], [0, 1], [-1, 0], [0.25, 0.25]],
        "activation": "gelu",
        "inputs": [[x, y] for x in (-1.5, -0.5, 0.5, 1.5) for y in (-1.5, -0.5, 0.5, 1.5)],
    },
}
RUNS = [("defaults", a) for a in ASPECTS] + [(c, "16:9") for c in CASES if c != "defaults"]
RUNS.append(("four-layers-biases", "9:16"))


def np_forward(job: LayersJob, x: np.ndarray) -> dict[str, np.ndarray]:
    """The forward pass written out again with NumPy alone, stage by stage."""
    sigma = {"relu": lambda z: np.maximum(z, 0), "gelu": None, "none": None}[job.activation]
    if job.activation == "gelu":
        erf = np.vectorize(math.erf)
        sigma = lambda z: z * 0.5 * (1 + erf(z / np.sqrt(2)))  # noqa: E731
    out, h = {"input": x}, x
    for k, w in enumerate(job.weights, start=1):
        h = h @ np.array(w).T + (np.array(job.biases[k - 1]) if job.biases else 0)
        out[f"layer {k}"] = h
        if sigma is not None and k < len(job.weights):
            h = sigma(h)
            out[f"{job.activation} {k}"] = h
    return out


def np_linear(job: LayersJob, x: np.ndarray) -> np.ndarray:
    h = x
    for k, w in enumerate(job.weights, start=1):
        h = h @ np.array(w).T + (np.array(job.biases[k - 1]) if job.biases else 0)
    return h


class Recorder:
    def __init__(self) -> None:
        self.states: dict[float, dict[str, Any]] = {}

    def __call__(self, scene: Any) -> None:
        on = {id(p) for m in scene.mobjects for p in m.get_family()}
        numbers = {
            key: [float(e.source) for e in mob.get_entries()]
            for key, mob in scene.lines.shown.items()
            if id(mob) in on and scene.detail is not None and mob in scene.detail.get_family()
        }
        self.states[round(scene.renderer.time, 6)] = {
            "points": scene.cloud.drawn(),
            "grid": [p.copy() for p in scene.grid.positions],
            "corners": scene.grid.corners(),
            "numbers": numbers,
            "turns": bool(getattr(scene.detail, "turns", False)),
            "rings": [scene.plane.p2c(r.get_center()) for r in scene.rings if id(r) in on],
        }


_RUNS: dict[tuple[str, str], tuple[Any, dict[str, dict[str, Any]]]] = {}


def run(case: str, aspect: str) -> tuple[Any, dict[str, dict[str, Any]]]:
    if (case, aspect) not in _RUNS:
        job = LayersJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
        recorder = Recorder()
        probe = run_dry(job, recorder)
        ends = {}
        for name, start, end in probe.scene.steps:
            ends[name] = {**recorder.states[round(end, 6)], "seen": _seen(recorder, start, end)}
        _RUNS[(case, aspect)] = (probe.scene, ends)
    return _RUNS[(case, aspect)]


def _seen(recorder: Recorder, start: float, end: float) -> dict[str, list[list[float]]]:
    """Every number of the detail shown after a play of the step from ``start`` to ``end``."""
    seen: dict[str, list[list[float]]] = {}
    for time, state in recorder.states.items():
        if start < time <= end + 1e-9:
            for key, values in state["numbers"].items():
                seen.setdefault(key, []).append(values)
    return seen


def shows(end: dict[str, Any], key: str, want: list[float]) -> bool:
    """Whether the numbers ``key`` are ``want`` on screen at the step's end, or, where the
    detail's rows take turns (a narrow panel), whenever they were on screen in the step."""
    if key in end["numbers"]:
        return bool(end["numbers"][key] == want)
    return end["turns"] and key in end["seen"] and all(v == want for v in end["seen"][key])


@pytest.fixture(params=RUNS, ids=[f"{c}-{a}" for c, a in RUNS])
def state(request: pytest.FixtureRequest) -> tuple[Any, dict[str, dict[str, Any]]]:
    return run(*request.param)


def test_points_after_every_step_are_the_forward_pass(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    job = scene.job
    x = np.array(job.inputs, dtype=float)
    stages = np_forward(job, x)
    assert list(ends) == job.steps()
    for name, points in stages.items():
        np.testing.assert_allclose(ends[name]["points"], points, atol=1e-7, err_msg=name)
    final = np_linear(job, x)
    if job.activation != "none":
        np.testing.assert_allclose(ends["without activation"]["points"], final, atol=1e-7)
    np.testing.assert_allclose(ends["collapse"]["points"], final, atol=1e-7)


def test_grid_after_every_step_is_the_image_of_the_input_grid(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    job = scene.job
    home = scene.grid.home
    corners = np.array([home[0][0, 0], home[0][0, -1], home[1][-1, 0], home[1][-1, -1]])
    linear = np.eye(2)
    for name in job.steps()[: len(np_forward(job, corners))]:
        want = np_forward(job, corners)[name]
        np.testing.assert_allclose(ends[name]["corners"], want, atol=1e-7, err_msg=name)
        for drawn, lines in zip(ends[name]["grid"], home, strict=True):
            flat = np_forward(job, lines.reshape(-1, 2))[name]
            np.testing.assert_allclose(drawn.reshape(-1, 2), flat, atol=1e-7, err_msg=name)
        if name.startswith("layer") and not job.biases and job.activation == "none":
            linear = np.array(job.weights[int(name.split()[1]) - 1]) @ linear
            np.testing.assert_allclose(ends[name]["corners"], corners @ linear.T, atol=1e-7)
    product = np.eye(2)
    for w in job.weights:
        product = np.array(w) @ product
    if not job.biases:  # the collapse moves the grid by the one product matrix
        np.testing.assert_allclose(ends["collapse"]["corners"], corners @ product.T, atol=1e-7)


def test_product_on_screen_is_in_the_right_order(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    ws = [np.array(w, dtype=float) for w in scene.job.weights]
    right = np.eye(2)
    for w in ws:
        right = w @ right  # W_L ⋯ W_2 W_1: W_1 acts first
    end = ends["collapse"]
    assert shows(end, "product", [shown(v) for v in right.ravel()])
    if scene.job.biases:
        b = np.zeros(2)
        for w, bias in zip(ws, scene.job.biases, strict=True):
            b = w @ b + np.array(bias)
        assert end["numbers"]["bias"] == [shown(v) for v in b]
    # the collapsed move lands on the rings dropped where the layer-by-layer pass ended
    np.testing.assert_allclose(ends["collapse"]["rings"], ends["collapse"]["points"], atol=1e-7)


def test_reversed_product_differs_for_the_defaults() -> None:
    scene, ends = run("defaults", "16:9")
    w1, w2, w3 = (np.array(w, dtype=float) for w in scene.job.weights)
    wrong = [shown(v) for v in (w1 @ w2 @ w3).ravel()]
    assert ends["collapse"]["numbers"]["product"] != wrong
    assert not np.allclose(w1 @ w2, w2 @ w1)


def test_each_layer_shows_its_weights(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    landscape = scene.layout.orientation == "landscape"
    for k, w in enumerate(scene.job.weights, start=1):
        end = ends[f"layer {k}"]
        assert not (landscape and end["turns"])  # a wide panel shows W and b together
        assert shows(end, f"W{k}", [shown(v) for v in np.array(w).ravel()])
        if scene.job.biases:
            assert end["numbers"][f"b{k}"] == [shown(v) for v in scene.job.biases[k - 1]]


def test_relu_in_one_quadrant_moves_nothing_and_the_negative_quadrant_goes_to_zero() -> None:
    _, ends = run("one-quadrant", "16:9")
    np.testing.assert_array_equal(ends["relu 1"]["points"], ends["layer 1"]["points"])
    _, ends = run("negative-quadrant", "16:9")
    assert np.all(ends["layer 1"]["points"] < 0)
    np.testing.assert_allclose(ends["relu 1"]["points"], 0.0, atol=1e-9)


def test_gelu_is_exact() -> None:
    z = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 2.0])
    want = [v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z]
    np.testing.assert_allclose(gelu(z), want, rtol=0, atol=1e-15)
    assert gelu(np.array([-1.0]))[0] == pytest.approx(-0.15865525393145707, abs=1e-15)
    np.testing.assert_array_equal(relu(z), [0, 0, 0, 0, 0.5, 2])


def test_every_point_stays_inside_the_plane(state) -> None:  # type: ignore[no-untyped-def]
    scene, ends = state
    x0, x1, y0, y1 = scene.plane.rect
    for step in ends.values():
        p = step["points"]
        assert np.all((x0 <= p[:, 0]) & (p[:, 0] <= x1) & (y0 <= p[:, 1]) & (p[:, 1] <= y1))


def test_steps_follow_the_activation() -> None:
    assert LayersJob().steps() == [
        "input", "layer 1", "relu 1", "layer 2", "relu 2", "layer 3",
        "without activation", "collapse",
    ]  # fmt: skip
    assert LayersJob(activation="none").steps() == [
        "input", "layer 1", "layer 2", "layer 3", "collapse"
    ]  # fmt: skip


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(LayersJob, tmp_path_factory)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.width, info.height) == ("h264", 854, 480)
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("layers_last", last_frame(video.path))


@pytest.mark.parametrize("case", ["defaults", "gelu", "none", "four-layers-biases", "singular"])
def test_narration_names_every_step_and_fits_two_lines(case: str) -> None:
    import textwrap

    job = LayersJob.model_validate(CASES[case])
    texts = job.auto_narration()
    assert list(texts) == job.steps()
    assert all(1 <= len(textwrap.wrap(t, 42)) <= 2 for t in texts.values())
    if job.activation == "relu":
        assert "folds" in texts["relu 1"]

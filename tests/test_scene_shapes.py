"""Shapes: after every step, what is on screen equals NumPy's — numbers, the drawn input and
output vectors (the 3-D view through its projection), shape texts, braces and batch blocks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from manim import ManimColor, Mobject, Text

from mnemo_anim.config.models import ShapesJob
from mnemo_anim.lessons.shapes import PERIOD, camera_angles
from mnemo_anim.maths import shown
from mnemo_anim.render.runner import RenderResult
from mnemo_anim.visuals.plane import coords_tex
from mnemo_anim.visuals.shapes_parts import Space3D, glyphs_of
from mnemo_anim.visuals.typeset import Formula
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import run_dry

CASES: dict[str, dict[str, Any]] = {
    "lesson-2x3": {"batch": 32},
    "1x1": {"matrix": [[2]], "vector": [-1.5], "batch": 1},
    "1x6": {"matrix": [[1, -2, 0.5, 3, 0, 1]], "vector": [1, 2, 3, 4, 5, 6]},
    "6x1": {"matrix": [[1], [-2], [0.5], [3], [0], [1]], "vector": [2], "batch": 4096},
    "6x6": {
        "matrix": [[(i - j) * 1.25 if i != j else -12.5 for j in range(6)] for i in range(6)],
        "vector": [1, -2, 0.5, 3, 0, -1],
        "batch": 7,
    },
    "3x2": {"matrix": [[1, 2], [3, -4], [0.5, 6]], "vector": [1, -1]},
    "3x3": {"matrix": [[1, 0, 0], [0, 2, 0], [0, 0, -1]], "vector": [-1, 2, 3], "batch": 9},
}
ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
# Every case in 16:9; the default in every aspect, the largest on a phone, 3-D → 3-D square.
RUNS = [(c, "16:9") for c in CASES] + [("lesson-2x3", a) for a in ASPECTS[1:]]
RUNS += [("6x6", "9:16"), ("3x3", "1:1")]


@dataclass
class State:
    """What a viewer saw at one moment: the texts and numbers on screen and the drawn tips."""

    time: float
    math: list[str]  # Typst source of every formula on screen
    texts: list[str]
    tips: dict[str, np.ndarray]
    projected: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _visible(mob: Mobject) -> bool:
    fills = [p.get_fill_opacity() for p in mob.family_members_with_points()]
    strokes = [p.get_stroke_opacity() for p in mob.family_members_with_points()]
    return max([0.0, *fills, *strokes]) > 0.01


def record(scene: Any) -> State:
    math, texts = [], []
    for top in scene.mobjects:
        for part in top.get_family():
            if isinstance(part, Text) and _visible(part):
                texts.append(part.text)
            elif isinstance(part, Formula) and _visible(part):
                math.append(part.source)
    on_screen = {id(m) for top in scene.mobjects for m in top.get_family()}
    tips = {}  # the vectors drawn now, by side
    for side, view in getattr(scene, "views", {}).items():
        drawn = view.vector if view.vector is not None else view.space.shaft
        if id(drawn) in on_screen and _visible(drawn):
            tips[side] = view.tip()
    projected = {}
    for side, view in getattr(scene, "views", {}).items():
        if isinstance(view.space, Space3D):
            space = view.space
            projected[side] = (space.dot.get_center().copy(), expected_screen(space))
    return State(scene.renderer.time, math, texts, tips, projected)


def camera_projection(azimuth: float, elevation: float) -> np.ndarray:
    """Screen right and up for a camera at (azimuth, elevation) looking at the origin, worked
    out here from the view direction (not copied from the module under test)."""
    view = np.array(
        [
            math.cos(elevation) * math.cos(azimuth),
            math.cos(elevation) * math.sin(azimuth),
            math.sin(elevation),
        ]
    )
    right = np.cross(np.array([0.0, 0.0, 1.0]), view)
    right /= np.linalg.norm(right)
    up = np.cross(view, right)
    return np.stack([right, up])


def expected_screen(space: Space3D) -> np.ndarray:
    az, el = camera_angles(space.clock)
    flat = camera_projection(az, el) @ space.tip
    return space.origin + space.unit * np.array([flat[0], flat[1], 0.0])


@dataclass
class Run:
    job: ShapesJob
    scene: Any
    states: list[State]

    def at_end_of(self, step: str) -> State:
        end = next(e for name, _, e in self.scene.steps if name == step)
        return [s for s in self.states if s.time <= end + 1e-9][-1]


_RUNS: dict[tuple[str, str], Run] = {}


def run_of(case: str, aspect: str) -> Run:
    if (case, aspect) not in _RUNS:
        job = ShapesJob.model_validate(
            {**CASES[case], "title": "Shapes", "render": {"aspect": aspect}}
        )
        states: list[State] = []
        probe = run_dry(job, lambda scene: states.append(record(scene)))
        _RUNS[case, aspect] = Run(job, probe.scene, states)
    return _RUNS[case, aspect]


@pytest.fixture(params=RUNS, ids=[f"{c}-{a}" for c, a in RUNS])
def run(request: pytest.FixtureRequest) -> Run:
    return run_of(*request.param)


def numbers(entries: Any) -> list[float]:
    return [float(e.source) for e in entries]


def facts_of(run: Run) -> tuple[np.ndarray, np.ndarray, int, int]:
    a = np.array(run.job.matrix, dtype=float)
    x = np.array(run.job.vector, dtype=float)
    return a, x, a.shape[0], a.shape[1]


# -- the step contract -------------------------------------------------------------------------


def test_steps_are_the_models(run: Run) -> None:
    assert [name for name, _, _ in run.scene.steps] == run.job.steps()
    assert 15 <= run.scene.steps[-1][2] <= 40


def test_machine_shows_the_matrix_and_its_size(run: Run) -> None:
    a, _, m, n = facts_of(run)
    state = run.at_end_of("machine")
    assert numbers(run.scene.a_m.get_entries()) == [shown(v) for v in a.flatten()]
    assert f"{m}×{n}" in state.texts
    dims = [t for t in state.texts if t.startswith("ℝ") and len(t) == 2]
    assert sorted(dims) == sorted([f"ℝ{_sup(n)}", f"ℝ{_sup(m)}"])
    if run.scene.layout.orientation == "landscape" or not run.scene.facts.drawn:
        said = f"{n}D" if n <= 3 and m <= 3 else f"ℝ{_sup(n)}"
        assert any(t.startswith(f"{said}in→") for t in state.texts)
    assert state.tips == {}  # nothing has gone through the machine yet
    assert not any(t in state.texts for t in (f"{n}columns", f"{m}rows", f"{m}row"))


def test_input_is_x_in_its_space(run: Run) -> None:
    _, x, m, n = facts_of(run)
    state = run.at_end_of("input")
    assert numbers(run.scene.x_col.get_entries()) == [shown(v) for v in x]
    assert (n <= 3 and m <= 3) == ("in" in state.tips)
    if "in" in state.tips:
        np.testing.assert_allclose(state.tips["in"], x, atol=1e-9)
        assert "out" not in state.tips  # y is not drawn yet


def test_map_gives_every_entry_of_y(run: Run) -> None:
    a, x, _, _ = facts_of(run)
    run.at_end_of("map")
    assert numbers(run.scene.y_col.get_entries()) == [shown(v) for v in a @ x]


def test_output_is_ax_in_its_space(run: Run) -> None:
    a, x, m, n = facts_of(run)
    state = run.at_end_of("output")
    if n <= 3 and m <= 3:
        np.testing.assert_allclose(state.tips["out"], a @ x, atol=1e-9)
        np.testing.assert_allclose(state.tips["in"], x, atol=1e-9)
    else:
        assert state.tips == {}  # no space drawing past 3-D


def test_formulas_name_the_matrix_and_both_vectors(run: Run) -> None:
    a, x, m, n = facts_of(run)
    d = run.job.numbers.decimals
    state = run.at_end_of("output")
    assert {"A", "x", "y"} <= set(state.math)  # the machine's name and the two sides' names
    if n <= 3 and m <= 3:  # each drawn space names its point with its coordinates
        for name, point in (("x", x), ("y", a @ x)):
            assert f"{name} = {coords_tex(point, d)}" in state.math


def test_three_d_views_project_what_they_claim(run: Run) -> None:
    seen = [s for s in run.states if s.projected]
    if not seen:
        pytest.skip("no 3-D space in this case")
    for state in seen:
        for dot, expected in state.projected.values():
            np.testing.assert_allclose(dot, expected, atol=1e-9)
    # the camera turns: the view at the end of "output" is not the view at "input"
    views = [v for v in run.scene.views.values() if isinstance(v.space, Space3D)]
    assert all(v.space.clock > 5 for v in views)


def test_shape_rule_is_written_with_this_m_and_n(run: Run) -> None:
    _, _, m, n = facts_of(run)
    scene = run.scene
    state = run.at_end_of("shape rule")
    assert f"({m}×{n})@({n},)→({m},)" in state.texts
    assert f"{n}column{'s' * (n > 1)}" in state.texts
    assert f"{m}row{'s' * (m > 1)}" in state.texts
    # the counts are coloured: columns (input size) in the input colour, rows in the output's
    cin, cout = scene.colours["in"], scene.colours["out"]
    pieces = scene.facts.shape_rule()
    colour = {k: {_hex(g) for g in glyphs_of(pieces, scene.rule, k)} for k in range(len(pieces))}
    assert [pieces[k][0] for k in (1, 3, 5, 7)] == [str(m), str(n), str(n), str(m)]
    assert colour[1] == colour[7] == {cout}  # (m×n) @ (n,) → (m,): rows give the output
    assert colour[3] == colour[5] == {cin}  # the columns meet the input
    assert colour[0] == colour[4] == {scene.theme.text}
    assert {_hex(g) for g in scene.col_brace} == {cin}
    assert {_hex(g) for g in scene.row_brace} == {cout}


def test_pitfall_says_this_matrix_and_the_lessons_5x3(run: Run) -> None:
    _, _, m, n = facts_of(run)
    state = run.at_end_of("pitfall")
    said = " ".join(state.texts)
    assert f"A{m}×{n}matrixmaps{n}D→{m}D" in said
    assert "A5×3matrixmaps3D→5D" in said
    if m != n:
        assert f"not{m}D→{n}D" in said


def test_batch_blocks_line_up(run: Run) -> None:
    if run.job.batch is None:
        assert "batch" not in run.job.steps()
        return
    _, _, m, n = facts_of(run)
    b = run.job.batch
    state = run.at_end_of("batch")
    x, at, y = run.scene.blocks
    assert (x.rows, x.cols, at.rows, at.cols, y.rows, y.cols) == (b, n, n, m, b, m)
    assert x.shown_rows == y.shown_rows == min(b, 8) and x.gap == (b > 8)
    cell = x.cell
    assert at.cell == pytest.approx(cell) and y.cell == pytest.approx(cell)
    # inner sizes: X's width is Aᵀ's height; outer sizes carried: Y as tall as X, as wide as Aᵀ
    assert x.outline.width == pytest.approx(at.outline.height)
    assert y.outline.height == pytest.approx(x.outline.height)
    assert y.outline.width == pytest.approx(at.outline.width)
    assert y.outline.get_top()[1] == pytest.approx(x.outline.get_top()[1])
    edge = run.scene.inner_edge  # X's width turned upright lies on Aᵀ's left side
    np.testing.assert_allclose(edge.get_start()[:2], at.outline.get_corner([-1, -1, 0])[:2])
    np.testing.assert_allclose(edge.get_end()[:2], at.outline.get_corner([-1, 1, 0])[:2])
    assert f"({b},{n})@({n},{m})→({b},{m})" in state.texts
    parts = run.scene.batch_parts
    for key, count in (("x_rows", b), ("x_cols", n), ("at_rows", n)):
        assert parts[key][1].text == str(count)
    for key, count in (("at_cols", m), ("y_rows", b), ("y_cols", m)):
        assert parts[key][1].text == str(count)


def test_the_camera_sweeps_but_never_goes_edge_on() -> None:
    angles = [camera_angles(t) for t in np.linspace(0, 2 * PERIOD, 200)]
    azimuths = [a for a, _ in angles]
    assert max(azimuths) - min(azimuths) > math.radians(20)  # it visibly turns
    for az, el in angles:  # every axis keeps a visible length on screen
        p = camera_projection(az, el)
        assert min(np.linalg.norm(p @ np.eye(3)[k]) for k in range(3)) > 0.4


def _hex(mob: Mobject) -> str:
    return ManimColor(mob.get_color()).to_hex().upper()


def _sup(d: int) -> str:
    return "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(ShapesJob, tmp_path_factory, batch=32)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.width, info.height) == ("h264", 854, 480)
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("shapes_last", last_frame(video.path))

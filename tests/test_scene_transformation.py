"""Transformation: after every step, what is drawn equals NumPy's — the grid, î and ĵ, the
parallelogram, its determinant, the null space, Ax — for the defaults and the hard cases, in
every aspect. Formulas are read as the Typst source they were typeset from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from manim import Text

from mnemo_anim.config.models import TransformationJob
from mnemo_anim.labels import plain
from mnemo_anim.maths import fmt, shown
from mnemo_anim.render.runner import RenderResult
from mnemo_anim.visuals.geometry import affine
from mnemo_anim.visuals.typeset import MatrixDisplay, sym
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import _math_sources, run_dry

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
CASES: dict[str, dict[str, Any]] = {
    "default": {},
    "negative-det": {"matrix": [[1, 2], [3, -4]], "vector": [1, -1]},
    "rank-one": {"matrix": [[1, 2], [2, 4]], "vector": [2, -1]},
    "rank-zero": {"matrix": [[0, 0], [0, 0]], "vector": [1, 1]},
    "reflection": {"matrix": {"reflection": 30}, "vector": [1, 2]},
    "rotation-no-vector": {"matrix": {"rotation": 60}, "vector": None},
    # labels written for LaTeX: a Greek letter with a subscript and a prime, a Typst name
    "latex-labels": {
        "matrix": [[1, 2], [2, 4]],
        "vector": [1, 1],
        "labels": {"matrix": r"\Phi_1'", "vector": "in"},
    },
}
MOVED = ("move", "columns", "area", "vector", "origin")


@dataclass
class Recorder:
    """The drawn state at the end of every step (the last play before the step closed)."""

    ends: dict[str, dict[str, Any]] = field(default_factory=dict)
    current: dict[str, Any] | None = None

    def __call__(self, scene: Any) -> None:
        done = len(scene.steps)
        names = scene.job.steps()
        if done < len(names):
            self.ends[names[done]] = state(scene)


def drawn(plane: Any, arrow: Any) -> tuple[np.ndarray, np.ndarray]:
    return plane.p2c(arrow.tail_point()), plane.p2c(arrow.tip_point())


def state(scene: Any) -> dict[str, Any]:
    plane = scene.plane
    out: dict[str, Any] = {
        "grid": scene.grid.fmap.copy(),
        "grid_lines": scene.grid.visible_lines(),
        "i": drawn(plane, scene.i_hat),
        "j": drawn(plane, scene.j_hat),
        "square": np.array([plane.p2c(p) for p in scene.square.body.points[::4][:4]]),
        "arc": np.array([plane.p2c(p) for p in scene.arc.body.points[::4]]),
        "dots": [plane.p2c(d.dot.get_center()) for d in scene.null_dots],
        "math": set(_math_sources(scene.mobjects)),
        "text": {m.original_text for m in _family(scene, Text)},
        "on_screen": {id(m) for top in scene.mobjects for m in top.get_family()},
    }
    if scene.x_arrow is not None:
        out["x"] = drawn(plane, scene.x_arrow)
    return out


def _family(scene: Any, kind: type) -> list[Any]:
    return [m for top in scene.mobjects for m in top.get_family() if isinstance(m, kind)]


_PROBES: dict[tuple[str, str], tuple[Any, Recorder]] = {}


def probe(case: str, aspect: str) -> tuple[Any, Recorder, np.ndarray, np.ndarray | None]:
    if (case, aspect) not in _PROBES:
        job = TransformationJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
        recorder = Recorder()
        scene = run_dry(job, recorder).scene
        _PROBES[case, aspect] = (scene, recorder)
    scene, recorder = _PROBES[case, aspect]
    a = np.array(scene.job.matrix, dtype=float)
    x = None if scene.job.vector is None else np.array(scene.job.vector, dtype=float)
    return scene, recorder, a, x


# Every case on the lecture screen; the default and the hard singular case in every aspect too
# (the numbers do not depend on the aspect, the layout does: tests/test_on_screen.py checks it
# for every scene in every aspect).
RUNS = [(c, "16:9") for c in CASES] + [
    (c, a) for c in ("default", "rank-one") for a in ASPECTS if a != "16:9"
]


@pytest.fixture(params=RUNS, ids=lambda p: f"{p[0]}-{p[1]}")
def run(request: pytest.FixtureRequest) -> tuple[Any, Recorder, np.ndarray, np.ndarray | None]:
    return probe(*request.param)


def test_steps_follow_the_rank_and_the_vector(run) -> None:  # type: ignore[no-untyped-def]
    scene, rec, a, x = run
    names = [s[0] for s in scene.steps]
    singular = np.linalg.matrix_rank(a) < 2
    assert ("null space" in names) == singular
    assert ("vector" in names) == (x is not None)
    if singular:
        assert names.index("null space") < names.index("move")  # drawn before the move
    assert list(rec.ends) == names


def test_grid_basis_and_square_before_and_after_the_move(run) -> None:  # type: ignore[no-untyped-def]
    _, rec, a, x = run
    for name, st in rec.ends.items():
        m = a if name in MOVED else np.eye(2)
        np.testing.assert_allclose(st["grid"], affine(m), atol=1e-12, err_msg=name)
        for key, j in (("i", 0), ("j", 1)):
            tail, tip = st[key]
            np.testing.assert_allclose(tail, [0, 0], atol=1e-7, err_msg=name)
            if np.linalg.norm(m[:, j]) > 1e-9:  # a zero-length arrow has no head to read
                np.testing.assert_allclose(tip, m[:, j], atol=1e-7, err_msg=name)
        corners = np.array([[0, 0], m[:, 0], m[:, 0] + m[:, 1], m[:, 1]])
        np.testing.assert_allclose(st["square"], corners, atol=1e-7, err_msg=name)
        if x is not None:
            np.testing.assert_allclose(st["x"][1], m @ x, atol=1e-7, err_msg=name)


def test_grid_lines_are_the_images_of_grid_lines(run) -> None:  # type: ignore[no-untyped-def]
    scene, rec, a, _ = run
    step = scene.plane.spec.step
    lines = rec.ends["columns"]["grid_lines"]
    rank = np.linalg.matrix_rank(a)
    if rank == 2:
        inverse = np.linalg.inv(a)
        for start, end in lines:
            for p in (start, end):
                k = inverse @ p / step  # on a grid line: one coordinate is a whole number
                assert min(abs(k - np.round(k))) < 1e-6
    elif rank == 1:
        u = a[:, np.argmax(np.linalg.norm(a, axis=0))]
        for start, end in lines:
            for p in (start, end):
                assert abs(p[0] * u[1] - p[1] * u[0]) < 1e-6 * np.linalg.norm(u)
    else:
        assert all(np.allclose(s, e) for s, e in lines)  # nothing left but the origin


def test_orientation_arc_turns_with_the_sign_of_det(run) -> None:  # type: ignore[no-untyped-def]
    _, rec, a, _ = run
    det = np.linalg.det(a)
    for name, st in rec.ends.items():
        arc = st["arc"]
        turn = np.cross(arc[1] - arc[0], arc[-1] - arc[0])
        expected = det if name in MOVED else 1.0
        if abs(expected) < 1e-9:
            assert abs(turn) < 1e-6
        else:
            assert np.sign(turn) == np.sign(expected), name


def names(scene: Any) -> tuple[str, str, str]:
    """The matrix's label as words say it, and the matrix's and the vector's as Typst."""
    lab = scene.job.labels
    return plain(lab.matrix), sym(lab.matrix), sym(lab.vector)


def test_columns_and_determinant_on_screen(run) -> None:  # type: ignore[no-untyped-def]
    scene, rec, a, _ = run
    th = scene.theme
    name, big_a, _ = names(scene)
    card = scene.cards["columns"]
    matrices = [m for m in card.get_family() if isinstance(m, MatrixDisplay)]
    entries = [e for m in matrices for e in m.get_entries()]
    assert [float(e.source) for e in entries] == [shown(v) for v in a.T.ravel()]
    colours = [e.get_color().to_hex().upper() for e in entries]
    assert colours == [th.column(0)] * 2 + [th.column(1)] * 2
    # A î = [column 0], A ĵ = [column 1] on the card ...
    for hat in ("hat(dotless.i)", "hat(dotless.j)"):
        assert f"{big_a} {hat} =" in rec.ends["columns"]["math"]
    # ... and î and ĵ are labelled with the numbers of the columns they landed on
    for j, (arrow, hat) in enumerate(zip((scene.i_hat, scene.j_hat), "ij", strict=True)):
        if np.linalg.norm(a[:, j]) > 1e-12:
            said = f"{big_a} hat(dotless.{hat}) = ({fmt(a[0, j])}, thick {fmt(a[1, j])})"
            assert arrow.label.formula.source == said
    det = np.linalg.det(a)
    area = rec.ends["area"]
    # after an operator a negative number stands in parentheses
    (b, c), (d, e) = ([f"({t})" if t[0] == "-" else t for t in map(fmt, row)] for row in a)
    line = f"det {big_a} = {b} dot.op {e} - {c} dot.op {d} = {fmt(det)}"
    assert line in area["math"]
    if abs(det) < 1e-9:
        onto = "a line" if np.linalg.matrix_rank(a) == 1 else "a point"
        assert f"det {name} = 0: the plane collapses onto {onto}" in area["text"]
    else:
        words = f"area × det {name} = {fmt(det)}" + (": orientation flips" if det < 0 else "")
        assert words in area["text"]


def test_null_space_lands_on_zero(run) -> None:  # type: ignore[no-untyped-def]
    scene, rec, a, _ = run
    rank = np.linalg.matrix_rank(a)
    if rank == 2:
        assert not scene.null_dots
        return
    before, after = rec.ends["null space"], rec.ends["move"]
    assert len(before["dots"]) >= 4
    for p in before["dots"]:
        assert np.linalg.norm(p) > 1e-3  # real inputs, not the origin
        np.testing.assert_allclose(a @ p, [0, 0], atol=1e-9)
    for p in after["dots"]:
        np.testing.assert_allclose(p, [0, 0], atol=1e-7)  # ... and they all land on 0
    if rank == 1:
        _, _, vt = np.linalg.svd(a)
        null = vt[1]
        direction = scene.null_shape[0].span.direction  # the highlighted line of inputs
        assert abs(direction[0] * null[1] - direction[1] * null[0]) < 1e-9
        assert id(scene.null_shape[0].shape) in before["on_screen"]
        if null[0] < 0 or (null[0] == 0 and null[1] < 0):
            null = -null
        said = f"every multiple of [{fmt(null[0])}, {fmt(null[1])}] lands on 0"
        assert said in {" ".join(t.split()) for t in before["text"]}  # lines may wrap
        _, big_a, x = names(scene)
        assert f"{big_a} {x} = bold(0)" in before["math"]
    else:
        assert f"{names(scene)[0]} = 0: every vector lands on 0" in before["text"]
        _, big_a, x = names(scene)
        assert f'{big_a} {x} = bold(0) " for every " {x}' in before["math"]


def test_vector_is_the_combination_of_the_new_basis(run) -> None:  # type: ignore[no-untyped-def]
    scene, rec, a, x = run
    if x is None:
        assert "vector" not in rec.ends
        return
    first, second = scene.parts
    plane = scene.plane
    y = a @ x
    if np.linalg.norm(x[0] * a[:, 0]) > 1e-9:
        np.testing.assert_allclose(drawn(plane, first)[1], x[0] * a[:, 0], atol=1e-7)
    np.testing.assert_allclose(drawn(plane, second)[0], x[0] * a[:, 0], atol=1e-7)
    if np.linalg.norm(x[1] * a[:, 1]) > 1e-9:
        np.testing.assert_allclose(drawn(plane, second)[1], y, atol=1e-7)
    entries = scene.y_column.get_entries()
    assert [float(e.source) for e in entries] == [shown(v) for v in y]
    assert {e.get_color().to_hex().upper() for e in entries} == {scene.theme.output}
    _, big_a, v = names(scene)
    assert scene.x_arrow.label.formula.source == f"{big_a} {v} = ({fmt(y[0])}, thick {fmt(y[1])})"
    assert f"{big_a} {v} =" in rec.ends["vector"]["math"]


def test_origin_is_marked_as_fixed(run) -> None:  # type: ignore[no-untyped-def]
    scene, rec, _, _ = run
    np.testing.assert_allclose(scene.plane.p2c(scene.origin.dot.get_center()), [0, 0], atol=1e-9)
    assert f"{names(scene)[1]} thin bold(0) = bold(0)" in rec.ends["origin"]["math"]


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(TransformationJob, tmp_path_factory)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.width, info.height) == ("h264", 854, 480)
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("transformation_last", last_frame(video.path))

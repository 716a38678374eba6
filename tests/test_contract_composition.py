"""Composition, step by step: A first, then B, lands where BA does; B first then A (AB) lands
elsewhere unless they commute — after every step the grid, î, ĵ, x and their labels are where
NumPy says, in the order the words claim, for sequential and split layouts, commuting and
non-commuting pairs, in every aspect."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pytest
from manim import Circle

from mnemo_anim.config import presets
from mnemo_anim.config.models import CompositionJob
from mnemo_anim.maths import commute, shown
from mnemo_anim.visuals.geometry import affine
from mnemo_anim.visuals.plane import PlaneDot, PlaneLabel
from mnemo_anim.visuals.theme import resolve_theme
from mnemo_anim.visuals.typeset import sym
from tests.contract import (
    ASPECTS,
    Recorder,
    arrow_state,
    assert_at,
    close,
    colour_of,
    hexes,
    number,
    on_screen,
    texts,
    visible_arrows,
)
from tests.scene_probe import run_dry

CASES: dict[str, dict[str, Any]] = {
    "default": {},
    "commuting": {"first": presets.rotation(90), "then": presets.scale(2), "vector": [1.5, -0.5]},
    "singular-decimals": {
        "first": [[1, 2], [0.5, 1]],
        "then": [[0.5, -1.25], [2, 0]],
        "vector": [-1, 0.5],
    },
    "split": {"layout": "split"},
    "split-labels": {
        "layout": "split",
        "first": [[2, 0], [1, -1]],
        "then": [[0, 1], [-1, 0.5]],
        "vector": [1, 2],
        "labels": {"first": "P", "then": "Q", "vector": "v"},
    },
}


ARROWS = ("x", "i_hat", "j_hat")


class Run(NamedTuple):
    scene: Any
    rec: Recorder
    a: np.ndarray
    b: np.ndarray
    x: np.ndarray


def stages(scene: Any) -> list[Any]:
    return [scene.stage] if scene.job.layout == "sequential" else list(scene.stages)


def extract(scene: Any) -> dict[str, Any]:
    screen = on_screen(scene)
    planes = [s.plane for s in stages(scene)]
    out: dict[str, Any] = {
        "stages": [
            {
                "grid": st.grid.fmap.copy(),
                **{
                    k: arrow_state(st.plane, getattr(st, k), screen)
                    for k in ("x", "i_hat", "j_hat")
                },
            }
            for st in stages(scene)
        ],
        "visible": [s for _, s in visible_arrows(scene, planes)],
        "dots": [
            m.point.copy()
            for top in scene.mobjects
            for m in top.get_family()
            if isinstance(m, PlaneDot)
        ],
        "rings": [
            ([p.p2c(m.get_center()) for p in planes], hexes(m))
            for top in scene.mobjects
            for m in top.get_family()
            if isinstance(m, Circle)
        ],
        "tags": [
            (m.formula.source, colour_of(m.formula))
            for top in scene.mobjects
            for m in top.get_family()
            if isinstance(m, PlaneLabel) and any(m is t for t in getattr(scene, "tags", []))
        ],
        "products": {
            key: ([number(e.source) for e in m.get_entries()], id(m.get_entries()) in screen)
            for key, m in scene.products.items()
        },
        "texts": texts(scene),
    }
    other = getattr(scene, "ab_arrow", None)
    if scene.job.layout == "sequential" and other is not None:
        out["other"] = arrow_state(scene.stage.plane, other, screen)
    return out


def _tips(states: list[dict[str, Any]], get: Any) -> list[np.ndarray]:
    """The distinct tips an arrow showed, in order (repeats in a row merged)."""
    out: list[np.ndarray] = []
    for state in states:
        arrow = get(state)
        if arrow is not None and arrow.visible and not (out and np.allclose(out[-1], arrow.tip)):
            out.append(arrow.tip)
    return out


def _dedupe(points: list[np.ndarray]) -> list[np.ndarray]:
    """The points an arrow should show in turn (a zero-length arrow is not drawn)."""
    out: list[np.ndarray] = []
    for p in points:
        if np.linalg.norm(p) < 1e-9:
            continue
        if not (out and np.allclose(out[-1], p)):
            out.append(p)
    return out


def check_stage(stage: dict[str, Any], m: np.ndarray, x: np.ndarray, label: str, what: str) -> None:
    """One plane after matrix ``m``: grid, î, ĵ on m's columns, x on m·x named ``label``."""
    assert_at(stage["grid"], affine(m), f"{what}: grid")
    for key, j in (("i_hat", 0), ("j_hat", 1)):
        arrow = stage[key]
        assert_at(arrow.tail, np.zeros(2), f"{what}: {key} tail")
        if np.linalg.norm(m[:, j]) > 1e-9:
            assert_at(arrow.tip, m[:, j], f"{what}: {key} on column {j}")
    assert_at(stage["x"].tail, np.zeros(2), f"{what}: x tail")
    assert_at(stage["x"].tip, m @ x, f"{what}: x")
    assert stage["x"].label == label, what


def check_steps(r: Run) -> None:
    names = r.scene.job.steps()
    assert [s[0] for s in r.scene.steps] == names
    assert r.rec.steps() == names


def check_matrices(r: Run) -> None:
    scene, rec, _, _, x = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    end = rec.end("matrices")
    for stage in end["stages"]:
        check_stage(stage, np.eye(2), x, sym(lab.vector), "matrices")
        assert stage["x"].colour == stage["x"].label_colour == th.output
        assert stage["i_hat"].colour == th.column(0) and stage["j_hat"].colour == th.column(1)
    assert not any(seen for _, seen in end["products"].values())
    if scene.job.layout == "split":
        assert end["tags"] == [
            (f'{sym(lab.first)} " then " {sym(lab.then)}', th.text),
            (f'{sym(lab.then)} " then " {sym(lab.first)}', th.text),
        ]


def check_sequential(r: Run) -> None:
    scene, rec, a, b, x = r
    if scene.job.layout != "sequential":
        return
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    A, B, v = sym(lab.first), sym(lab.then), sym(lab.vector)
    ba, ab = b @ a, a @ b
    check_stage(rec.end("first")["stages"][0], a, x, f"{A} {v}", "first: A")
    check_stage(rec.end("then")["stages"][0], ba, x, f"{B} ({A} {v})", "then: B after A")
    # A, then B: x walked x → Ax → B(Ax), in that order
    walked = _tips(rec.during("first") + rec.during("then"), lambda s: s["stages"][0]["x"])
    assert np.allclose(walked, _dedupe([x, a @ x, ba @ x])), walked
    assert any(close(d, [ba @ x]) for d in rec.end("then")["dots"])
    # BA in one step: back home first, then straight to (BA)x
    product = rec.during("product")
    assert any(np.allclose(s["stages"][0]["grid"], affine(np.eye(2))) for s in product)
    check_stage(product[-1]["stages"][0], ba, x, f"({B} {A}) {v}", "product: BA")
    assert product[-1]["products"]["ba"] == ([shown(t) for t in ba.ravel()], True)
    rings = [centres[0] for centres, colour in product[-1]["rings"] if colour == {th.output}]
    assert any(close(c, [ba @ x]) for c in rings)
    # the other order: B first, then A, lands on (AB)x; BA's answer stays
    other = rec.during("other order")
    walked = _tips(other, lambda s: s.get("other"))
    assert np.allclose(walked, _dedupe([x, b @ x, ab @ x])), walked
    end = other[-1]
    assert_at(end["other"].tip, ab @ x, "other order: (AB)x")
    assert end["other"].label == f"({A} {B}) {v}"
    assert end["other"].colour == th.text
    assert_at(end["stages"][0]["x"].tip, ba @ x, "BA's arrow stays")
    assert end["stages"][0]["x"].label == f"({B} {A}) {v}"
    assert_at(end["stages"][0]["grid"], affine(ab), "grid shows AB")
    assert not end["stages"][0]["i_hat"].visible and not end["stages"][0]["j_hat"].visible
    assert end["products"]["ab"] == ([shown(t) for t in ab.ravel()], True)


def check_split(r: Run) -> None:
    scene, rec, a, b, x = r
    if scene.job.layout != "split":
        return
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    A, B, v = sym(lab.first), sym(lab.then), sym(lab.vector)
    left, right = rec.end("first")["stages"]
    check_stage(left, a, x, f"{A} {v}", "first, left: A")
    check_stage(right, b, x, f"{B} {v}", "first, right: B")
    left, right = rec.end("then")["stages"]
    check_stage(left, b @ a, x, f"({B} {A}) {v}", "then, left: B after A")
    check_stage(right, a @ b, x, f"({A} {B}) {v}", "then, right: A after B")
    end = rec.end("compare")
    assert end["products"] == {
        "ba": ([shown(t) for t in (b @ a).ravel()], True),
        "ab": ([shown(t) for t in (a @ b).ravel()], True),
    }
    marks = [centres for centres, colour in end["rings"] if colour == {th.muted}]
    assert any(close(c[0], [a @ b @ x]) for c in marks), "left marks where AB lands"
    assert any(close(c[1], [b @ a @ x]) for c in marks), "right marks where BA lands"


def check_moral(r: Run) -> None:
    scene, rec, a, b, _ = r
    lab = scene.job.labels
    A, B = lab.first, lab.then
    last = rec.end(scene.job.steps()[-1])["texts"]
    if commute(a, b):
        assert (
            f"here {A}{B} = {B}{A}: these two commute (most pairs don't)".replace(" ", "") in last
        )
    else:
        assert f"the combined matrix is {B}{A}, not {A}{B}".replace(" ", "") in last


def check_every_arrow(r: Run) -> None:
    """No arrow, at any moment recorded, starts off the origin or ends where no path lands."""
    _, rec, a, b, x = r
    tips = [x, a @ x, b @ x, b @ a @ x, a @ b @ x]
    for m in (np.eye(2), a, b, b @ a, a @ b):
        tips += [m[:, 0], m[:, 1]]
    for frame in rec.frames:
        for arrow in frame.state["visible"]:
            assert close(arrow.tail, [np.zeros(2)]), f"{frame.step}: an arrow starts off 0"
            assert close(arrow.tip, tips), f"{frame.step}: an arrow ends at {arrow.tip}"


CHECKS = [
    check_steps,
    check_matrices,
    check_sequential,
    check_split,
    check_moral,
    check_every_arrow,
]


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("case", CASES)
def test_step_contract(case: str, aspect: str) -> None:
    """One dry run; every check reads its recorded steps (a failure names the step)."""
    job = CompositionJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
    recorder = Recorder(extract)
    scene = run_dry(job, recorder).scene
    a, b, x = (np.array(v, float) for v in (job.first, job.then, job.vector))
    for check in CHECKS:
        check(Run(scene, recorder, a, b, x))

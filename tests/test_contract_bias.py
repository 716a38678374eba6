"""Bias, step by step: A fixes the origin, Ax, b from Ax's tip, y = Ax + b, then the shift by b
— after every step the arrows, numbers, colours and labels are the ones the lesson promises
(checked against NumPy), for a 2×3 A, square, singular and rank-1 cases, in every aspect."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pytest

from mnemo_anim.config.models import BiasJob
from mnemo_anim.maths import column_span, shown
from mnemo_anim.visuals.geometry import affine
from mnemo_anim.visuals.plane import PlaneLabel
from mnemo_anim.visuals.theme import resolve_theme
from mnemo_anim.visuals.typeset import sym
from tests.contract import (
    ASPECTS,
    Recorder,
    arrow_state,
    assert_at,
    close,
    colour_of,
    number,
    numbers_after,
    on_screen,
    visible_arrows,
)
from tests.scene_probe import run_dry

CASES: dict[str, dict[str, Any]] = {
    "default-2x3": {},
    "square-decimals": {"matrix": [[1, 2], [-1, 0.5]], "vector": [1.5, -1], "bias": [-2, 1]},
    "square-singular": {"matrix": [[1, 2], [0.5, 1]], "vector": [2, -0.5], "bias": [0, 1.5]},
    "rank-one-2x3": {"matrix": [[1, 2, 3], [2, 4, 6]], "vector": [1, 0, -1], "bias": [0.5, 2]},
    "labels": {
        "matrix": [[0, -1], [1, 0]],
        "vector": [2, 1],
        "bias": [-1, -2],
        "labels": {"matrix": "W", "vector": "v", "output": "h", "bias": "c"},
    },
}


class Run(NamedTuple):
    scene: Any
    rec: Recorder
    a: np.ndarray
    x: np.ndarray
    b: np.ndarray


def _column(mob: Any, screen: set[int]) -> tuple[list[float], str, bool]:
    entries = mob.get_entries()
    return [number(e.source) for e in entries], colour_of(entries), id(entries) in screen


def extract(scene: Any) -> dict[str, Any]:
    screen = on_screen(scene)
    plane = scene.plane
    out: dict[str, Any] = {
        "visible": [s for _, s in visible_arrows(scene, [plane])],
        "origin": (scene.origin.point.copy(), id(scene.origin.dot) in screen),
        "labels": {
            (m.formula.source, colour_of(m.formula))
            for top in scene.mobjects
            for m in top.get_family()
            if isinstance(m, PlaneLabel)
        },
        "grid": (scene.grid.fmap.copy(), id(scene.grid) in screen),
        "image": (scene.image.fmap.copy(), id(scene.image) in screen),
    }
    for name in ("arrow", "bias_arrow", "result", "trail"):
        if hasattr(scene, name):
            out[name] = arrow_state(plane, getattr(scene, name), screen)
    for name in ("b_m", "ax_m", "b_m2", "y_m"):
        out[name] = _column(getattr(scene, name), screen)
    return out


def check_steps(r: Run) -> None:
    names = r.scene.job.steps()
    assert [s[0] for s in r.scene.steps] == names
    assert r.rec.steps() == names


def check_equation(r: Run) -> None:
    scene, rec, a, x, b = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    end = rec.end("equation")
    assert not end["visible"]
    assert end["b_m"] == ([shown(v) for v in b], th.bias, True)
    for name in ("ax_m", "b_m2", "y_m"):
        assert not end[name][2], f"{name} shown before its step"
    assert [number(e.source) for e in scene.a_m.get_entries()] == [shown(v) for v in a.ravel()]
    assert [number(e.source) for e in scene.x_m.get_entries()] == [shown(v) for v in x]
    for j, column in enumerate(scene.a_m.get_columns()):
        assert colour_of(column) == th.column(j)
    named = (scene.a_m, scene.x_m, scene.b_m, scene.ax_m, scene.y_m)
    caps = [(scene.caps[id(m)].source, colour_of(scene.caps[id(m)])) for m in named]
    assert caps == [
        (sym(lab.matrix), th.text),
        (sym(lab.vector), th.text),
        (sym(lab.bias), th.bias),
        (sym(lab.matrix, lab.vector), th.text),
        (sym(lab.output), th.output),
    ]


def check_origin(r: Run) -> None:
    scene, rec, a, x, _ = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    end = rec.end("origin")
    point, seen = end["origin"]
    assert seen
    assert_at(point, np.zeros(2), "A fixes the origin")
    assert (f"{sym(lab.matrix)} thin bold(0) = bold(0)", th.accent) in end["labels"]
    if a.shape == (2, 2):  # the plane and x are carried by A; x lands on Ax
        arrow = end["arrow"]
        assert_at(arrow.tail, np.zeros(2), "x tail")
        assert_at(arrow.tip, a @ x, "x carried by A")
        assert arrow.colour == th.text
        assert end["grid"][1]
        assert_at(end["grid"][0], affine(a), "grid carried by A")
    else:
        assert not end["visible"]
        assert end["image"][1] == (column_span(a).rank < 2)


def check_ax(r: Run) -> None:
    scene, rec, a, x, _ = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    end = rec.end("Ax")
    arrow = end["arrow"]
    assert arrow.visible
    assert_at(arrow.tail, np.zeros(2), "Ax tail")
    assert_at(arrow.tip, a @ x, "Ax tip")
    assert arrow.colour == arrow.label_colour == th.text
    assert arrow.label.startswith(f"{sym(lab.matrix, lab.vector)} = (")
    assert numbers_after(arrow.label) == [shown(v) for v in a @ x]
    assert end["ax_m"] == ([shown(v) for v in a @ x], th.text, True)


def check_bias(r: Run) -> None:
    scene, rec, a, x, b = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    end = rec.end("bias")
    bias = end["bias_arrow"]
    assert bias.visible
    assert_at(bias.tail, a @ x, "b starts at Ax's tip")
    assert_at(bias.tip, a @ x + b, "b ends at Ax + b")
    assert bias.colour == bias.label_colour == th.bias
    assert bias.label == sym(lab.bias)
    assert end["b_m2"] == ([shown(v) for v in b], th.bias, True)
    assert not end["y_m"][2]


def check_output(r: Run) -> None:
    scene, rec, a, x, b = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    y = a @ x + b
    for step in ("output", "shift"):
        result = rec.end(step)["result"]
        assert result.visible, step
        assert_at(result.tail, np.zeros(2), f"{step}: y tail")
        assert_at(result.tip, y, f"{step}: y tip")
        assert result.colour == th.output
    result = rec.end("output")["result"]
    assert result.label.startswith(f"{sym(lab.output)} = (")
    assert numbers_after(result.label) == [shown(v) for v in y]
    assert rec.end("output")["y_m"] == ([shown(v) for v in y], th.output, True)


def check_shift(r: Run) -> None:
    scene, rec, a, x, b = r
    th, lab = resolve_theme(scene.job.style), scene.job.labels
    end = rec.end("shift")
    point, seen = end["origin"]
    assert seen
    assert_at(point, b, "the bias moves the origin to b")
    arrow = end["arrow"]
    assert_at(arrow.tail, b, "Ax now starts at b")
    assert_at(arrow.tip, a @ x + b, "... and ends at y")
    assert arrow.label == sym(lab.matrix, lab.vector)
    trail = end["trail"]
    assert trail.visible and trail.colour == th.bias
    assert_at(trail.tail, np.zeros(2), "trail tail")
    assert_at(trail.tip, b, "trail tip")
    assert not end["bias_arrow"].visible
    said = f"{sym(lab.matrix)} thin bold(0) + {sym(lab.bias)} = {sym(lab.bias)}"
    assert (said, th.accent) in end["labels"]
    assert not any(s.endswith("= bold(0)") for s, _ in end["labels"])
    grid, grid_seen = end["grid"]
    if a.shape == (2, 2):
        assert grid_seen
        assert_at(grid, affine(a, b), "grid: A then the shift by b")
    elif column_span(a).rank == 2:
        assert grid_seen
        assert_at(grid, affine(None, b), "the image (the plane) shifted by b")
    else:
        image, image_seen = end["image"]
        assert image_seen
        assert_at(image, affine(None, b), "the image line shifted by b")


def check_every_arrow(r: Run) -> None:
    """No arrow, at any moment recorded, starts or ends anywhere the lesson does not name."""
    _, rec, a, x, b = r
    ax, y = a @ x, a @ x + b
    tails = [np.zeros(2), ax, b]
    tips = [ax, y, b] + ([x] if a.shape == (2, 2) else [])
    for frame in rec.frames:
        for arrow in frame.state["visible"]:
            assert close(arrow.tail, tails), f"{frame.step}: an arrow starts at {arrow.tail}"
            assert close(arrow.tip, tips), f"{frame.step}: an arrow ends at {arrow.tip}"


CHECKS = [
    check_steps,
    check_equation,
    check_origin,
    check_ax,
    check_bias,
    check_output,
    check_shift,
    check_every_arrow,
]


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("case", CASES)
def test_step_contract(case: str, aspect: str) -> None:
    """One dry run; every check reads its recorded steps (a failure names the step)."""
    job = BiasJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
    recorder = Recorder(extract)
    scene = run_dry(job, recorder).scene
    a, x, b = (np.array(v, float) for v in (job.matrix, job.vector, job.bias))
    for check in CHECKS:
        check(Run(scene, recorder, a, x, b))

"""Column view, step by step: after every step the arrows, numbers, colours and labels are
the ones the lesson promises (checked against NumPy), for the defaults and the hard cases, in
every aspect. One dry run per case and aspect; each test reads all its steps."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pytest

from mnemo_anim.config.models import ColumnViewJob
from mnemo_anim.maths import column_span, shown, tex
from mnemo_anim.visuals.panels import column_symbol
from mnemo_anim.visuals.theme import resolve_theme
from mnemo_anim.visuals.typeset import indexed, sym
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
    texts,
    visible_arrows,
)
from tests.scene_probe import run_dry

CASES: dict[str, dict[str, Any]] = {
    "default": {},
    # a negative weight flips its arrow; a zero weight shrinks its column away
    "negative-zero": {"matrix": [[1.5, -2, 0.5], [0.25, 1, -1]], "vector": [-1.2, 0, 2.5]},
    "rank-one": {"matrix": [[1, 2], [2, 4]], "vector": [1, -1]},
    "one-column-negative": {"matrix": [[2], [-1]], "vector": [-1.5]},
    "labels": {
        "matrix": [[2, 1], [1, 3]],
        "vector": [-1, 2],
        "labels": {"matrix": "W", "vector": "v", "output": "h"},
    },
}


class Run(NamedTuple):
    scene: Any
    rec: Recorder
    a: np.ndarray
    x: np.ndarray


def extract(scene: Any) -> dict[str, Any]:
    screen = on_screen(scene)
    plane = scene.plane
    out: dict[str, Any] = {
        "arrows": [arrow_state(plane, a, screen) for a in scene.arrows],
        "visible": [s for _, s in visible_arrows(scene, [plane])],
        "weights": [(w.source, colour_of(w), id(w) in screen) for w in scene.weights],
        "columns": [
            (
                [number(e.source) for e in c.get_entries()],
                colour_of(c.get_entries()),
                id(c.get_entries()) in screen,
            )
            for c in scene.columns
        ],
        "term_caps": [
            (
                scene.caps[id(t)].source,
                colour_of(scene.caps[id(t)]),
                id(scene.caps[id(t)]) in screen,
            )
            for t in scene.terms
        ],
        "y": [(number(e.source), colour_of(e), id(e) in screen) for e in scene.y_m.get_entries()],
        "texts": texts(scene),
    }
    if hasattr(scene, "result"):
        out["result"] = arrow_state(plane, scene.result, screen)
    return out


def check_steps_are_the_lessons(r: Run) -> None:
    scene, rec, _, _ = r
    names = scene.job.steps()
    assert [s[0] for s in scene.steps] == names
    assert rec.steps() == names


def check_columns_step_draws_each_column_from_the_origin(r: Run) -> None:
    scene, rec, a, _ = r
    th, col = resolve_theme(scene.job.style), column_symbol(scene.job.labels.matrix)
    assert not rec.end("equation")["visible"]  # no arrow before the columns step
    end = rec.end("columns")
    assert len(end["arrows"]) == a.shape[1]
    for j, arrow in enumerate(end["arrows"]):
        assert_at(arrow.tail, np.zeros(2), f"column {j} tail")
        assert_at(arrow.tip, a[:, j], f"column {j} tip")
        assert arrow.colour == th.column(j) == arrow.label_colour
        assert arrow.label == indexed(col, j)
    # the matrix on screen: its numbers, each column in its colour
    for j, column in enumerate(scene.a_m.get_columns()):
        assert [number(e.source) for e in column] == [shown(v) for v in a[:, j]]
        assert colour_of(column) == th.column(j)


def check_scale_step_stretches_each_column_by_its_weight(r: Run) -> None:
    scene, rec, a, x = r
    th, col = resolve_theme(scene.job.style), column_symbol(scene.job.labels.matrix)
    lab = scene.job.labels
    end = rec.end("scale")
    for j, arrow in enumerate(end["arrows"]):
        scaled = x[j] * a[:, j]
        if abs(x[j]) < 1e-12:
            assert not arrow.visible, f"column {j} has weight 0 but is still drawn"
            continue
        assert_at(arrow.tail, np.zeros(2), f"scaled {j} tail")
        assert_at(arrow.tip, scaled, f"scaled {j} tip")
        # a negative weight flips the arrow against its column
        assert np.sign(arrow.vector @ a[:, j]) == np.sign(x[j]) or np.allclose(a[:, j], 0)
        assert arrow.colour == th.column(j)
        assert arrow.label == f"{tex(x[j], scene.job.numbers.decimals)} thin {indexed(col, j)}"
    for j, (source, colour, seen) in enumerate(end["weights"]):
        assert seen and colour == th.column(j)
        assert number(source) == shown(x[j])
    for j, (entries, colour, seen) in enumerate(end["columns"]):
        assert seen and colour == th.column(j)
        assert entries == [shown(v) for v in a[:, j]]
    for j, (source, colour, seen) in enumerate(end["term_caps"]):
        assert seen and colour == th.column(j)
        assert source == f"{indexed(lab.vector, j)} thin {indexed(col, j)}"


def check_tip_to_tail_chains_the_scaled_columns(r: Run) -> None:
    _, rec, a, x = r
    end = rec.end("tip to tail")
    running = np.zeros(2)
    for j, arrow in enumerate(end["arrows"]):
        if abs(x[j]) < 1e-12:
            assert not arrow.visible
            continue
        assert arrow.visible
        assert_at(arrow.tail, running, f"arrow {j} tail")
        assert_at(arrow.tip, running + x[j] * a[:, j], f"arrow {j} tip")
        running = running + x[j] * a[:, j]
    assert_at(running, a @ x, "the chain ends at Ax")
    assert "result" not in end  # the result arrow comes in its own step


def check_result_step_draws_ax_in_the_output_colour(r: Run) -> None:
    scene, rec, a, x = r
    th, lab, y = resolve_theme(scene.job.style), scene.job.labels, a @ x
    for step in ("equation", "columns", "scale", "tip to tail"):
        assert not any(seen for _, _, seen in rec.end(step)["y"]), step
    for step in ("result", "column space"):
        end = rec.end(step)
        result = end["result"]
        assert result.visible
        assert_at(result.tail, np.zeros(2), "result tail")
        assert_at(result.tip, y, "result tip")
        assert result.colour == th.output
        assert [v for v, _, _ in end["y"]] == [shown(v) for v in y]
        assert all(seen and colour == th.output for _, colour, seen in end["y"])
    label = rec.end("result")["result"]
    assert label.label.startswith(f"{sym(lab.matrix, lab.vector)} = (")
    assert numbers_after(label.label) == [shown(v) for v in y]
    assert label.label_colour == th.output


def check_every_arrow_ever_drawn_starts_and_ends_where_the_lesson_says(r: Run) -> None:
    _, rec, a, x = r
    scaled = [x[j] * a[:, j] for j in range(len(x))]
    partial = list(np.cumsum([np.zeros(2), *scaled], axis=0))
    tails = partial
    tips = [*a.T, *scaled, *partial, a @ x]
    if column_span(a).rank == 1:  # the sweep through other outputs on the line
        tips += [s * a[:, j] for s in (1, -1) for j in range(a.shape[1])]
    for frame in rec.frames:
        for arrow in frame.state["visible"]:
            assert close(arrow.tail, tails), f"{frame.step}: an arrow starts at {arrow.tail}"
            assert close(arrow.tip, tips), f"{frame.step}: an arrow ends at {arrow.tip}"


def check_column_space_is_named_for_the_rank(r: Run) -> None:
    scene, rec, a, _ = r
    lab = scene.job.labels
    rank = column_span(a).rank
    end = rec.end("column space")
    said = {
        2: f"rank 2: the columns of {lab.matrix} span the whole plane",
        1: f"rank 1: whatever {lab.vector} is, {lab.matrix}{lab.vector} stays on this line",
    }[rank]
    final = f"{lab.output} lives in the column space of {lab.matrix}"
    seen = set().union(*(s["texts"] for s in rec.during("column space")))
    assert said.replace(" ", "") in seen
    assert final.replace(" ", "") in end["texts"]


CHECKS = [
    check_steps_are_the_lessons,
    check_columns_step_draws_each_column_from_the_origin,
    check_scale_step_stretches_each_column_by_its_weight,
    check_tip_to_tail_chains_the_scaled_columns,
    check_result_step_draws_ax_in_the_output_colour,
    check_every_arrow_ever_drawn_starts_and_ends_where_the_lesson_says,
    check_column_space_is_named_for_the_rank,
]


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("case", CASES)
def test_step_contract(case: str, aspect: str) -> None:
    """One dry run; every check reads its recorded steps (a failure names the step)."""
    job = ColumnViewJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
    recorder = Recorder(extract)
    scene = run_dry(job, recorder).scene
    run = Run(scene, recorder, np.array(job.matrix, float), np.array(job.vector, float))
    for check in CHECKS:
        check(run)

"""Row view, step by step: for each row, the row lit and the others dimmed, the terms
a_ij·x_j in column j's colour, their products, the sum in the output colour, and y_i filled in
— checked against NumPy after every step, for the defaults and the hard cases (negatives,
zero weights, rank 1, 1×1, 6×6 with fast rows, other labels), in every aspect."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pytest
from manim import DL, UR, SurroundingRectangle

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.maths import shown
from mnemo_anim.visuals.theme import resolve_theme
from mnemo_anim.visuals.typeset import indexed, sym
from tests.contract import ASPECTS, Recorder, colour_of, formulas, hexes, number, on_screen, opacity
from tests.scene_probe import run_dry

CASES: dict[str, dict[str, Any]] = {
    "default": {},
    "negatives-decimals": {"matrix": [[1.5, -2.25], [-0.5, 3]], "vector": [2, -1.5]},
    "zero-weights": {"matrix": [[2, -1, 0], [0, 3, 1]], "vector": [0, 2, 0]},
    "rank-one": {"matrix": [[1, 2], [2, 4]], "vector": [1, -1]},
    "one-by-one": {"matrix": [[-4]], "vector": [2.5]},
    "six-by-six-fast": {
        "matrix": (np.arange(36).reshape(6, 6) % 7 - 3).tolist(),
        "vector": [1, -1, 2, 0, 3, -2],
        "detail": 2,
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
    fixed = (scene.a_m, scene.x_m, scene.y_m, scene.names, scene.equals)
    return {
        "y": [(number(e.source), colour_of(e), id(e) in screen) for e in scene.y_m.get_entries()],
        "y_brackets": id(scene.y_m.get_brackets()) in screen,
        "rows": [opacity(row) for row in scene.a_m.get_rows()],
        "names": [(n.source, colour_of(n), id(n) in screen) for n in scene.names],
        "work": [
            (f.parts, [colour_of(p) for p in f]) for f in formulas(scene, fixed) if len(f) > 1
        ],
        "where": {
            **{f"row {i}": _bounds(row) for i, row in enumerate(scene.a_m.get_rows())},
            "x": _bounds(scene.x_m.get_entries()),
            "y": _bounds(scene.y_m),
        },
        "boxes": [
            (m.get_corner(DL)[:2].copy(), m.get_corner(UR)[:2].copy(), hexes(m))
            for top in scene.mobjects
            for m in top.get_family()
            if isinstance(m, SurroundingRectangle) and id(m) in screen
        ],
    }


def _bounds(mob: Any) -> tuple[np.ndarray, np.ndarray]:
    return mob.get_corner(DL)[:2].copy(), mob.get_corner(UR)[:2].copy()


def encloses(box: tuple[np.ndarray, np.ndarray, set[str]], inner: tuple[np.ndarray, ...]) -> bool:
    """Whether ``box`` (a drawn rectangle) surrounds the bounds ``inner`` recorded with it."""
    (dl, ur, _), (idl, iur) = box, inner
    return bool(np.all(idl >= dl) and np.all(iur <= ur))


def check_steps(r: Run) -> None:
    names = r.scene.job.steps()
    assert [s[0] for s in r.scene.steps] == names
    assert r.rec.steps() == names


def check_equation(r: Run) -> None:
    scene, rec, a, x = r
    th, lab, d = resolve_theme(scene.job.style), scene.job.labels, scene.job.numbers.decimals
    end = rec.end("equation")
    assert end["names"] == [
        (sym(lab.output), th.output, True),
        (sym(lab.matrix), th.text, True),
        (sym(lab.vector), th.text, True),
    ]
    assert end["y_brackets"] and not any(seen for *_, seen in end["y"])
    for j, column in enumerate(scene.a_m.get_columns()):
        assert [number(e.source) for e in column] == [shown(v, d) for v in a[:, j]]
        assert colour_of(column) == th.column(j)
    for j, entry in enumerate(scene.x_m.get_entries()):
        assert number(entry.source) == shown(x[j], d)
        assert colour_of(entry) == th.column(j)


def check_focus(r: Run) -> None:
    """While row i is worked, it alone is lit and boxed, with x; afterwards all rows are lit."""
    scene, rec, a, _ = r
    th = resolve_theme(scene.job.style)
    for i in range(a.shape[0]):
        step = f"row {i}"
        lit = [
            s
            for s in rec.during(step)
            if s["rows"][i] == 1.0 and all(o < 0.5 for k, o in enumerate(s["rows"]) if k != i)
        ]
        assert lit, f"{step}: row {i} is never the only row lit"
        where = lit[0]["where"]
        boxes = [b for b in lit[0]["boxes"] if b[2] == {th.accent}]
        assert any(encloses(b, where[f"row {i}"]) for b in boxes), step
        for k in range(a.shape[0]):
            if k != i:
                assert not any(encloses(b, where[f"row {k}"]) for b in boxes), step
        assert any(encloses(b, where["x"]) for b in boxes), step
        assert rec.end(step)["rows"] == [1.0] * a.shape[0], f"{step}: rows left dimmed"
        assert not rec.end(step)["boxes"], f"{step}: a box is left on screen"


def _lines(work: list[tuple[tuple[str, ...], list[str]]], head: str) -> list[Any]:
    return [(parts, colours) for parts, colours in work if parts[0] == head]


def check_worked_rows(r: Run) -> None:
    """The terms a_ij·x_j in column j's colour, their products, the sum in the output colour."""
    scene, rec, a, x = r
    th, lab, d = resolve_theme(scene.job.style), scene.job.labels, scene.job.numbers.decimals
    n = len(x)
    for i in range(scene.job.full_rows):
        step = f"row {i}"
        work = [w for s in rec.during(step) for w in s["work"]]
        terms = _lines(work, indexed(lab.output, i))
        assert terms, f"{step}: the terms line never showed"
        parts, colours = terms[-1]
        assert parts[1] == "=" and colours[0] == th.output
        for j in range(n):
            assert number(parts[2 + 4 * j]) == shown(a[i, j], d), (step, j)
            assert number(parts[4 + 4 * j]) == shown(x[j], d), (step, j)
            assert colours[2 + 4 * j] == colours[4 + 4 * j] == th.column(j), (step, j)
        products = [
            (p, c)
            for p, c in _lines(work, "=")
            if len(p) == 2 * n
            and all(number(p[1 + 2 * j]) == shown(a[i, j] * x[j], d) for j in range(n))
            and all(c[1 + 2 * j] == th.column(j) for j in range(n))
        ]
        assert products, f"{step}: no products line a_ij·x_j in column colours"
        totals = [
            p
            for p, c in _lines(work, "=")
            if len(p) == 2 and number(p[1]) == shown(a[i] @ x, d) and c[1] == th.output
        ]
        assert totals, f"{step}: the sum y_{i} never showed in the output colour"
        assert not rec.end(step)["work"], f"{step}: working left on screen"


def check_y_fills_row_by_row(r: Run) -> None:
    scene, rec, a, x = r
    th, d = resolve_theme(scene.job.style), scene.job.numbers.decimals
    y = a @ x
    for i in range(a.shape[0]):
        end = rec.end(f"row {i}")
        for k, (value, colour, seen) in enumerate(end["y"]):
            assert seen == (k <= i), f"row {i}: y_{k} shown={seen}"
            assert value == shown(y[k], d) and colour == th.output
    final = rec.end("result")
    assert [v for v, _, _ in final["y"]] == [shown(v, d) for v in y]
    assert all(seen for *_, seen in final["y"])
    assert any(encloses(b, final["where"]["y"]) and b[2] == {th.output} for b in final["boxes"])


CHECKS = [check_steps, check_equation, check_focus, check_worked_rows, check_y_fills_row_by_row]


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("case", CASES)
def test_step_contract(case: str, aspect: str) -> None:
    """One dry run; every check reads its recorded steps (a failure names the step)."""
    job = RowViewJob.model_validate({**CASES[case], "render": {"aspect": aspect}})
    recorder = Recorder(extract)
    scene = run_dry(job, recorder).scene
    run = Run(scene, recorder, np.array(job.matrix, float), np.array(job.vector, float))
    for check in CHECKS:
        check(run)

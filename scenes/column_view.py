"""Column view: Ax is the x-weighted sum of A's columns.

Storyboard: the equation ``A x = x_0 a_0 + x_1 a_1 + …`` with the real numbers; each column a_j
drawn from the origin in its colour; each stretched by x_j (a negative weight flips it, zero
shrinks it away); the scaled arrows moved tip to tail; the result arrow from the origin to the
last tip, labelled with Ax's coordinates; the column space, where every output lives (for a
rank-1 A, other inputs are shown landing on the same line).

Runs as a plain Manim scene too: ``manim -ql scenes/column_view.py ColumnView``.
"""

from __future__ import annotations

import numpy as np
from manim import Create, Mobject, ReplacementTransform, SurroundingRectangle, VGroup

from mnemo_anim.config.models import ColumnViewJob
from mnemo_anim.maths import arrays, column_span, tex
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.geometry import tip_to_tail
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.panels import (
    caption,
    column,
    column_symbol,
    layout_equation,
    op,
    weighted_sum,
)
from mnemo_anim.visuals.plane import PlaneArrow, coords_tex, fitted_plane, settle_labels
from mnemo_anim.visuals.typeset import indexed, sym


def other_outputs(matrix: np.ndarray, limit: int = 4) -> list[np.ndarray]:
    """Outputs of a few other inputs (±e_j, so ±each column): distinct and not the origin."""
    out: list[np.ndarray] = []
    for sign in (1.0, -1.0):
        for j in range(matrix.shape[1]):
            p = sign * matrix[:, j]
            if np.linalg.norm(p) > 1e-9 and all(np.linalg.norm(p - q) > 1e-6 for q in out):
                out.append(p)
    return out[:limit]


def label_side(vector: np.ndarray, mid: np.ndarray, y: np.ndarray) -> float:
    """The side (+1 left, -1 right) of a chain arrow facing away from the result arrow 0→y."""
    left = np.array([-vector[1], vector[0]])
    if float(y @ y) < 1e-18:
        return 1.0
    away = mid - (mid @ y) / (y @ y) * y
    if np.linalg.norm(away) < 1e-9:
        return 1.0
    return 1.0 if left @ away >= 0 else -1.0


class ColumnView(LessonScene):
    """Ax = Σⱼ xⱼ·A[:, j]: the output is a weighted sum of the columns, in their span."""

    job_model = ColumnViewJob
    job: ColumnViewJob
    has_stage = True

    def prepare(self) -> None:
        job = self.job
        self.a, self.x = a, x = arrays(job.matrix, job.vector)
        self.y = y = a @ x
        self.n = n = a.shape[1]
        self.col = column_symbol(job.labels.matrix)
        self.ax_math = sym(job.labels.matrix, job.labels.vector)
        self.scaled = scaled = [x[j] * a[:, j] for j in range(n)]
        self.chain = tip_to_tail(scaled)
        self.span = column_span(a)
        self.extra = other_outputs(a) if self.span.rank == 1 else []
        points = [*a.T, *scaled, *(tip for _, tip in self.chain), y, *self.extra]
        self.plane = fitted_plane(
            points, self.layout.stage, self.theme, text_scale=self.layout.text_scale
        )
        self.build_equation()
        self.arrows: list[PlaneArrow] = []
        self.show_title()

    def build_equation(self) -> None:
        """``A x = x_0 a_0 + … = y``: symbolic captions over the numbers, laid out in the panel."""
        th, d, lab, n = self.theme, self.job.numbers.decimals, self.job.labels, self.n
        self.a_m = a_m = matrix_display(self.a, th, decimals=d)
        self.x_m = x_m = vector_display(self.x, th, decimals=d)
        self.weights, self.columns, self.pluses = weighted_sum(self.a, self.x, th, decimals=d)
        self.terms = [VGroup(self.weights[j], self.columns[j]).arrange(buff=0.08) for j in range(n)]
        self.eq1, self.eq2 = eq1, eq2 = op("=", th), op("=", th)
        self.y_m = y_m = column(self.y, th.output, th, decimals=d)
        self.caps = {
            id(a_m): caption(sym(lab.matrix), th.text),
            id(x_m): caption(sym(lab.vector), th.text),
            id(y_m): caption(sym(lab.output), th.output),
            **{
                id(self.terms[j]): caption(
                    f"{indexed(lab.vector, j)} thin {indexed(self.col, j)}", th.column(j)
                )
                for j in range(n)
            },
        }
        total: list = [self.terms[0]]
        for j in range(1, n):
            total += [self.pluses[j - 1], self.terms[j]]
        self.equation = layout_equation(
            self.layout.panel,
            [
                ([[a_m, x_m, eq1, *total, eq2, y_m]], [None]),
                ([[a_m, x_m, eq1, *total], [eq2, y_m]], [eq1, eq2]),
                ([[a_m, x_m], [eq1, *total], [eq2, y_m]], [None, eq1, eq2]),
            ],
            self.caps,
        )

    # -- the steps ---------------------------------------------------------------------------

    def step_equation(self) -> None:
        lab, a_m, x_m = self.plain_labels, self.a_m, self.x_m
        self.beat(FadeIn(self.plane), run_time=0.8)
        self.beat(
            FadeIn(a_m),
            FadeIn(x_m),
            FadeIn(self.caps[id(a_m)]),
            FadeIn(self.caps[id(x_m)]),
            run_time=0.8,
        )
        self.said = self.note(
            f"{lab.matrix}{lab.vector} is a weighted sum of the columns of {lab.matrix}"
        )
        self.beat(FadeIn(self.said), run_time=0.5)
        self.hold(0.5)

    def step_columns(self) -> None:
        th = self.theme
        for j in range(self.n):
            arrow = self.plane.arrow(self.a[:, j], th.column(j), label=indexed(self.col, j))
            self.arrows.append(arrow)
            box = SurroundingRectangle(self.a_m.get_columns()[j], color=th.column(j), buff=0.1)
            self.beat(Create(box), arrow.grow(), run_time=0.7)
            self.beat(FadeOut(box), run_time=0.2)
        self.hold(0.5)

    def step_scale(self) -> None:
        for j in range(self.n):
            entry = self.x_m.get_entries()[j]
            box = SurroundingRectangle(entry, color=self.theme.column(j), buff=0.08)
            sign = self.pluses[j - 1] if j else self.eq1
            self.beat(
                *self.make_room(self.equation, *self.sum_line()),
                Create(box),
                ReplacementTransform(entry.copy(), self.weights[j]),
                ReplacementTransform(
                    self.a_m.get_columns()[j].copy(), self.columns[j].get_entries()
                ),
                FadeIn(self.columns[j].get_brackets()),
                FadeIn(self.caps[id(self.terms[j])]),
                FadeIn(sign),
                run_time=0.7,
            )
            weight = tex(self.x[j], self.job.numbers.decimals)
            self.beat(
                self.arrows[j].relabel(f"{weight} thin {indexed(self.col, j)}"),
                FadeOut(box),
                run_time=0.4,
            )
            self.beat(self.arrows[j].move(tip=self.scaled[j]), run_time=0.9)
        self.hold(0.5)

    def step_tip_to_tail(self) -> None:
        arrows, n = self.arrows, self.n
        zero = [j for j in range(n) if np.linalg.norm(self.scaled[j]) < 1e-12]
        if zero:  # a zero weight shrank its column to nothing: it adds nothing to the sum
            self.beat(*(FadeOut(arrows[j]) for j in zero), run_time=0.4)
        for j in range(n):
            if j in zero:
                continue
            tail, tip = self.chain[j]
            away = label_side(self.scaled[j], (tail + tip) / 2, self.y)
            others = [arrows[k] for k in range(n) if k != j and k not in zero]
            at, side = arrows[j].best_rule(
                others,
                prefer=[
                    ("middle", away),
                    ("middle", -away),
                    ("tip", 1.0),
                    ("corner", away),
                    ("corner", -away),
                ],
                ends=(tail, tip),
            )
            self.beat(arrows[j].move(tail, tip, label_at=at, side=side), run_time=0.7)
        # Each label was placed as its arrow moved, before the later arrows came: now the
        # chain is whole, a label lying on one of them steps aside.
        moves = settle_labels([arrows[j] for j in range(n) if j not in zero])
        if moves:
            self.beat(*moves, run_time=0.4)
        self.hold(0.3)

    def step_result(self) -> None:
        coords = coords_tex(self.y, self.job.numbers.decimals)
        self.result = result = self.plane.arrow(
            self.y, self.theme.output, label=f"{self.ax_math} = {coords}", avoid=self.arrows
        )
        self.beat(
            *self.make_room(self.equation, self.eq2, self.y_m, self.caps[id(self.y_m)]),
            result.grow(),
            FadeIn(self.eq2),
            ReplacementTransform(VGroup(*self.columns).copy(), self.y_m),
            FadeIn(self.caps[id(self.y_m)]),
            run_time=1.0,
        )
        self.hold(1.0)

    def step_column_space(self) -> None:
        th, lab, rank = self.theme, self.plain_labels, self.span.rank
        highlight = self.plane.span(self.a, th.accent)
        words = {
            2: f"rank 2: the columns of {lab.matrix} span the whole plane",
            1: f"rank 1: whatever {lab.vector} is, {lab.matrix}{lab.vector} stays on this line",
            0: f"{lab.matrix} = 0 sends every {lab.vector} to the origin",
        }[rank]
        said = self.note(words)
        name = self.plane.math(
            f'"col"({sym(self.job.labels.matrix)})'
            + {2: " = RR^2", 1: "", 0: " = {bold(0)}"}[rank],
            th.accent,
        )
        highlight.place_label(name, [self.result, *self.arrows])
        self.beat(
            FadeIn(highlight), FadeIn(name), ReplacementTransform(self.said, said), run_time=0.8
        )
        if self.extra:
            self.sweep(self.result, self.extra, self.y)
        self.hold(0.8)
        final = self.note(f"{lab.output} lives in the column space of {lab.matrix}", color=th.text)
        self.beat(ReplacementTransform(said, final), run_time=0.6)
        self.hold(2.0)

    # -- helpers -------------------------------------------------------------------------------

    def sum_line(self) -> list[Mobject]:
        """The weighted sum's pieces and captions (one line of the panel)."""
        caps = [self.caps[id(term)] for term in self.terms]
        return [self.eq1, *self.weights, *self.columns, *self.pluses, *caps]

    def sweep(self, result: PlaneArrow, outputs: list[np.ndarray], y: np.ndarray) -> None:
        """Move the result arrow through other inputs' outputs; each leaves a dot on the line."""
        label = result.label
        if label is not None:
            self.beat(FadeOut(label), run_time=0.3)
            result.remove(label)
            result.label = None
        for p in outputs:
            self.beat(result.move(tip=p), run_time=0.6)
            self.beat(FadeIn(self.plane.dot(p, self.theme.output, radius=0.06)), run_time=0.2)
        self.beat(result.move(tip=y), run_time=0.6)
        if label is not None:
            result.attach(label)
            self.beat(FadeIn(label), run_time=0.3)

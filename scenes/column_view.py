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
from manim import (
    Create,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
)

from mnemo_anim.config.models import ColumnViewJob
from mnemo_anim.visuals.geometry import column_span, tip_to_tail
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.numbers import tex
from mnemo_anim.visuals.panels import (
    caption,
    column,
    column_symbol,
    layout_equation,
    op,
    weighted_sum,
)
from mnemo_anim.visuals.plane import PlaneArrow, coords_tex, fitted_plane
from mnemo_anim.visuals.typeset import indexed, sym

STEP_NAMES = ("equation", "columns", "scale", "tip to tail", "result", "column space")


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

    def construct(self) -> None:
        job, th = self.job, self.theme
        d, lab = job.numbers.decimals, job.labels
        a = np.array(job.matrix, dtype=float)
        x = np.array(job.vector, dtype=float)
        y = a @ x
        n = a.shape[1]
        col = column_symbol(lab.matrix)
        name_ax = f"{lab.matrix}{lab.vector}"
        ax_math = sym(lab.matrix, lab.vector)
        scaled = [x[j] * a[:, j] for j in range(n)]
        chain = tip_to_tail(scaled)
        span = column_span(a)
        extra = other_outputs(a) if span.rank == 1 else []
        points = [*a.T, *scaled, *(tip for _, tip in chain), y, *extra]
        self.plane = plane = fitted_plane(
            points, self.layout.stage, th, text_scale=self.layout.text_scale
        )

        # -- the panel: symbolic captions over the numbers ------------------------------------
        self.a_m = a_m = matrix_display(a, th, decimals=d)
        x_m = vector_display(x, th, decimals=d)
        weights, columns, pluses = weighted_sum(a, x, th, decimals=d)
        terms = [VGroup(weights[j], columns[j]).arrange(buff=0.08) for j in range(n)]
        eq1, eq2 = op("=", th), op("=", th)
        self.y_m = y_m = column(y, th.output, th, decimals=d)
        caps = {
            id(a_m): caption(sym(lab.matrix), th.text),
            id(x_m): caption(sym(lab.vector), th.text),
            id(y_m): caption(sym(lab.output), th.output),
            **{
                id(terms[j]): caption(
                    f"{indexed(lab.vector, j)} thin {indexed(col, j)}", th.column(j)
                )
                for j in range(n)
            },
        }
        total: list = [terms[0]]
        for j in range(1, n):
            total += [pluses[j - 1], terms[j]]
        layout_equation(
            self.layout.panel,
            [
                ([[a_m, x_m, eq1, *total, eq2, y_m]], [None]),
                ([[a_m, x_m, eq1, *total], [eq2, y_m]], [eq1, eq2]),
                ([[a_m, x_m], [eq1, *total], [eq2, y_m]], [None, eq1, eq2]),
            ],
            caps,
        )

        self.show_title()
        with self.step("equation"):
            self.beat(FadeIn(plane), run_time=0.8)
            self.beat(
                FadeIn(a_m), FadeIn(x_m), FadeIn(caps[id(a_m)]), FadeIn(caps[id(x_m)]), run_time=0.8
            )
            note = self.note(f"{name_ax} is a weighted sum of the columns of {lab.matrix}")
            self.beat(FadeIn(note), run_time=0.5)
            self.hold(0.5)

        self.arrows: list[PlaneArrow] = []
        arrows = self.arrows
        with self.step("columns"):
            for j in range(n):
                arrow = plane.arrow(a[:, j], th.column(j), label=indexed(col, j))
                arrows.append(arrow)
                box = SurroundingRectangle(a_m.get_columns()[j], color=th.column(j), buff=0.1)
                self.beat(Create(box), arrow.grow(), run_time=0.7)
                self.beat(FadeOut(box), run_time=0.2)
            self.hold(0.5)

        with self.step("scale"):
            for j in range(n):
                entry = x_m.get_entries()[j]
                box = SurroundingRectangle(entry, color=th.column(j), buff=0.08)
                self.beat(
                    Create(box),
                    ReplacementTransform(entry.copy(), weights[j]),
                    ReplacementTransform(a_m.get_columns()[j].copy(), columns[j].get_entries()),
                    FadeIn(columns[j].get_brackets()),
                    FadeIn(caps[id(terms[j])]),
                    FadeIn(pluses[j - 1] if j else eq1),
                    run_time=0.7,
                )
                self.beat(
                    arrows[j].relabel(f"{tex(x[j], d)} thin {indexed(col, j)}"),
                    FadeOut(box),
                    run_time=0.4,
                )
                self.beat(arrows[j].move(tip=scaled[j]), run_time=0.9)
            self.hold(0.5)

        with self.step("tip to tail"):
            zero = [j for j in range(n) if np.linalg.norm(scaled[j]) < 1e-12]
            if zero:  # a zero weight shrank its column to nothing: it adds nothing to the sum
                self.beat(*(FadeOut(arrows[j]) for j in zero), run_time=0.4)
            for j in range(n):
                if j in zero:
                    continue
                tail, tip = chain[j]
                away = label_side(scaled[j], (tail + tip) / 2, y)
                others = [arrows[k] for k in range(n) if k != j and k not in zero]
                at, side = arrows[j].best_rule(
                    others,
                    prefer=[("middle", away), ("middle", -away), ("tip", 1.0)],
                    ends=(tail, tip),
                )
                self.beat(arrows[j].move(tail, tip, label_at=at, side=side), run_time=0.7)
            self.hold(0.3)

        with self.step("result"):
            self.result = result = plane.arrow(
                y, th.output, label=f"{ax_math} = {coords_tex(y, d)}", avoid=arrows
            )
            self.beat(
                result.grow(),
                FadeIn(eq2),
                ReplacementTransform(VGroup(*columns).copy(), y_m),
                FadeIn(caps[id(y_m)]),
                run_time=1.0,
            )
            self.hold(1.0)

        with self.step("column space"):
            highlight = plane.span(a, th.accent)
            words = {
                2: f"rank 2: the columns of {lab.matrix} span the whole plane",
                1: f"rank 1: whatever {lab.vector} is, {name_ax} stays on this line",
                0: f"{lab.matrix} = 0 sends every {lab.vector} to the origin",
            }[span.rank]
            said = self.note(words)
            name = plane.math(
                f'"col"({sym(lab.matrix)})' + {2: " = RR^2", 1: "", 0: " = {bold(0)}"}[span.rank],
                th.accent,
            )
            highlight.place_label(name, [result, *arrows])
            self.beat(
                FadeIn(highlight), FadeIn(name), ReplacementTransform(note, said), run_time=0.8
            )
            if extra:
                self.sweep(result, extra, y)
            self.hold(0.8)
            final = self.note(
                f"{lab.output} lives in the column space of {lab.matrix}", color=th.text
            )
            self.beat(ReplacementTransform(said, final), run_time=0.6)
            self.hold(2.0)

    # -- helpers -------------------------------------------------------------------------------

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

"""Row view: each output entry y[i] is row i of A dotted with x.

Storyboard: the equation y = A x with coloured columns; for each row, the row and x light up,
their products come out as terms, collapse into a sum, and the sum flies into y[i]. Later rows
can go fast (``detail``). Ends on the full equation with every number shown.

Runs as a plain Manim scene too: ``manim -ql scenes/row_view.py RowView``.
"""

from __future__ import annotations

from manim import (
    DOWN,
    RIGHT,
    Create,
    LaggedStart,
    ReplacementTransform,
    SurroundingRectangle,
    TransformFromCopy,
    Uncreate,
    VGroup,
)

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.maths import arrays
from mnemo_anim.visuals.equations import DotProduct, dot_product
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.matrix import label_below, matrix_display, row_of, vector_display
from mnemo_anim.visuals.typeset import math


class RowView(LessonScene):
    """y[i] = Σⱼ A[i,j]·x[j]: how much does x align with row i?"""

    job_model = RowViewJob
    job: RowViewJob

    def prepare(self) -> None:
        job, th = self.job, self.theme
        d = job.numbers.decimals
        self.a, self.x = a, x = arrays(job.matrix, job.vector)
        y = a @ x

        self.a_m = a_m = matrix_display(a, th, decimals=d)
        self.x_m = x_m = vector_display(x, th, decimals=d)
        self.y_m = y_m = vector_display(y, th, decimals=d, colors=[th.output] * len(y))
        self.equals = equals = math("=", color=th.text)
        line = VGroup(y_m, equals, a_m, x_m).arrange(RIGHT, buff=0.35)
        self.names = labels = VGroup(
            label_below(y_m, job.labels.output, th.output),
            label_below(a_m, job.labels.matrix, th.text),
            label_below(x_m, job.labels.vector, th.text),
        )
        # One baseline for all three labels, clear of the tallest bracket.
        for label in labels:
            label.set_y(line.get_bottom()[1] - 0.45)
        self.equation = VGroup(line, labels)
        top, self.work_box = self.layout.panel.rows(0.55, 0.45, gap=0.35)
        top.fit(self.equation, max_scale=1.3)

    def step_equation(self) -> None:
        lab = self.plain_labels
        self.show_title()
        self.beat(
            FadeIn(self.a_m),
            FadeIn(self.x_m),
            FadeIn(self.equals),
            FadeIn(self.y_m.get_brackets()),
            FadeIn(self.names),
            run_time=1.0,
        )
        self.hint = self.note(
            f"each entry of {lab.output} is a row of {lab.matrix} dotted with {lab.vector}"
        )
        self.beat(FadeIn(self.hint), run_time=0.5)
        self.hold(0.5)

    def step_row(self, i: int) -> None:
        if i < self.job.full_rows:
            self.full_row(i)
        else:
            self.fast_row(i)

    def step_result(self) -> None:
        lab = self.plain_labels
        final = self.note(
            f"{lab.output} = {lab.matrix}{lab.vector}: one dot product per row",
            color=self.theme.text,
        )
        # The work area is empty now: bring the finished equation to the middle.
        self.beat(
            self.equation.animate.move_to(self.layout.panel.center),
            ReplacementTransform(self.hint, final),
            run_time=0.8,
        )
        frame = SurroundingRectangle(
            self.y_m, color=self.theme.output, buff=0.12, corner_radius=0.08
        )
        self.beat(Create(frame), run_time=0.6)
        self.hold(2.0)

    # -- one row -----------------------------------------------------------------------------

    def focus(self, i: int) -> VGroup:
        """Box row i of A and the vector x; dim the other rows."""
        th, a_m, x_m = self.theme, self.a_m, self.x_m
        boxes = VGroup(
            SurroundingRectangle(row_of(a_m, i), color=th.accent, buff=0.12, corner_radius=0.08),
            SurroundingRectangle(x_m.get_entries(), color=th.accent, buff=0.12, corner_radius=0.08),
        )
        others = [row_of(a_m, k) for k in range(len(a_m.get_rows())) if k != i]
        self.beat(Create(boxes), *(row.animate.set_opacity(0.3) for row in others), run_time=0.6)
        return boxes

    def unfocus(self, boxes: VGroup) -> list:
        return [Uncreate(boxes), *(row.animate.set_opacity(1) for row in self.a_m.get_rows())]

    def full_row(self, i: int) -> None:
        """Row i in full: products as terms, their sum, the sum flying into y[i]."""
        job, th, a, x, a_m, x_m = self.job, self.theme, self.a, self.x, self.a_m, self.x_m
        work: DotProduct = dot_product(
            a[i], x, output=job.labels.output, i=i, decimals=job.numbers.decimals
        )
        boxes = self.focus(i)

        terms = math(work.terms, color=th.text)
        terms[0].set_color(th.output)
        products = math(work.products, color=th.text)
        total = math(work.total, color=th.text)
        total[1].set_color(th.output)
        for j in range(len(x)):
            ai, dot, xi = work.term_index(j)
            terms[ai].set_color(th.column(j))
            terms[xi].set_color(th.column(j))
            products[work.product_index(j)].set_color(th.column(j))
        products.next_to(terms, DOWN, buff=0.3)
        products.shift((terms[1].get_center()[0] - products[0].get_center()[0]) * RIGHT)
        total.next_to(products, DOWN, buff=0.3)
        total.shift((terms[1].get_center()[0] - total[0].get_center()[0]) * RIGHT)
        block = VGroup(terms, products, total)
        self.work_box.fit(block, max_scale=1.0)

        entries = a_m.get_rows()[i]
        x_entries = x_m.get_entries()
        pieces = []
        for j in range(len(x)):
            ai, dot, xi = work.term_index(j)
            group = [
                ReplacementTransform(entries[j].copy(), terms[ai]),
                FadeIn(terms[dot]),
                ReplacementTransform(x_entries[j].copy(), terms[xi]),
            ]
            if j:
                group.insert(0, FadeIn(terms[ai - 1]))
            pieces.append(LaggedStart(*group, lag_ratio=0.15))
        self.beat(FadeIn(terms[0]), FadeIn(terms[1]), run_time=0.4)
        self.beat(LaggedStart(*pieces, lag_ratio=0.35), run_time=1.2 + 0.25 * len(x))
        # The pieces arrived one by one; hold the line as one mobject from here on.
        self.remove(*terms)
        self.add(terms)
        self.hold(0.4)
        self.beat(FadeIn(products, shift=0.15 * DOWN), run_time=0.8)
        self.hold(0.3)
        self.beat(FadeIn(total, shift=0.15 * DOWN), run_time=0.7)
        self.hold(0.4)
        target = self.y_m.get_entries()[i]
        self.beat(
            ReplacementTransform(total[1].copy(), target),
            FadeOut(block),
            *self.unfocus(boxes),
            run_time=0.9,
        )

    def fast_row(self, i: int) -> None:
        """Row i at a glance: row and x fly into y[i] (later rows, after ``detail``)."""
        a_m, x_m = self.a_m, self.x_m
        boxes = self.focus(i)
        target = self.y_m.get_entries()[i]
        self.beat(
            TransformFromCopy(VGroup(row_of(a_m, i), x_m.get_entries()), target),
            *self.unfocus(boxes),
            run_time=0.8,
        )

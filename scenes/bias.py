"""Bias: y = Ax + b moves the output off the origin, which A alone never does.

Storyboard: the equation ``y = A x + b`` with the numbers; A·0 = 0 — for a 2×2 A the grid and x
are carried by A while the marked origin stays put, for a 2×n A (n ≠ 2) the origin is marked in
the image of A (its column space); the arrow Ax; the bias b drawn from Ax's tip; the output y
from the origin to Ax + b; then the whole image shifted by b, so the origin lands on b: "a
linear map fixes the origin; the bias moves it".

Runs as a plain Manim scene too: ``manim -ql scenes/bias.py Bias``.
"""

from __future__ import annotations

from manim import ReplacementTransform, VGroup

from mnemo_anim.config.models import BiasJob
from mnemo_anim.maths import arrays, column_span
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.mapping import MapDriver
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.panels import caption, column, layout_equation, op
from mnemo_anim.visuals.plane import coords_tex, fitted_plane
from mnemo_anim.visuals.typeset import sym


class Bias(LessonScene):
    """y = Ax + b: A fixes the origin (A·0 = 0); the bias b moves the output off it."""

    job_model = BiasJob
    job: BiasJob
    has_stage = True

    def prepare(self) -> None:
        job = self.job
        self.a, self.x, self.b = a, x, b = arrays(job.matrix, job.vector, job.bias)
        self.ax = ax = a @ x
        self.y = y = ax + b
        self.square = a.shape == (2, 2)  # only then is the input space this plane
        self.span = column_span(a)
        self.ax_math = sym(job.labels.matrix, job.labels.vector)
        points = [ax, b, y, *([x] if self.square else [])]
        self.plane = fitted_plane(
            points, self.layout.stage, self.theme, text_scale=self.layout.text_scale
        )
        self.build_equation()
        self.build_actors()
        self.show_title()

    def build_equation(self) -> None:
        """``y = A x + b = Ax + b = y`` in pieces, captioned, laid out in the panel (unseen)."""
        th, d, lab = self.theme, self.job.numbers.decimals, self.job.labels
        self.y_sym, self.eq1 = op(sym(lab.output), th, color=th.output), op("=", th)
        self.a_m = matrix_display(self.a, th, decimals=d)
        self.x_m = vector_display(self.x, th, decimals=d)
        self.plus1, self.b_m = op("+", th), column(self.b, th.bias, th, decimals=d)
        self.eq2, self.ax_m = op("=", th), column(self.ax, th.text, th, decimals=d)
        self.plus2, self.b_m2 = op("+", th), column(self.b, th.bias, th, decimals=d)
        self.eq3, self.y_m = op("=", th), column(self.y, th.output, th, decimals=d)
        self.caps = {
            id(self.a_m): caption(sym(lab.matrix), th.text),
            id(self.x_m): caption(sym(lab.vector), th.text),
            id(self.b_m): caption(sym(lab.bias), th.bias),
            id(self.ax_m): caption(self.ax_math, th.text),
            id(self.y_m): caption(sym(lab.output), th.output),
        }
        first = [self.y_sym, self.eq1, self.a_m, self.x_m, self.plus1, self.b_m]
        second = [self.eq2, self.ax_m, self.plus2, self.b_m2]
        third = [self.eq3, self.y_m]
        eq1, eq2, eq3 = self.eq1, self.eq2, self.eq3
        self.equation = layout_equation(
            self.layout.panel,
            [
                ([first, second, third], [eq1, eq2, eq3]),
                ([[*first, *second, *third]], [None]),
                ([first, [*second, *third]], [eq1, eq2]),
            ],
            self.caps,
        )

    def build_actors(self) -> None:
        """The plane's actors: the moving grid, A's image, the origin and its label."""
        th, plane, lab = self.theme, self.plane, self.job.labels
        self.driver = MapDriver()  # tracks what A, then the shift by b, carry
        self.grid = plane.moving_grid()
        self.image = plane.span(self.a, th.accent)
        self.origin = plane.dot((0.0, 0.0), th.accent, radius=0.09)
        self.origin_label = plane.math(f"{sym(lab.matrix)} thin bold(0) = bold(0)", th.accent)
        plane.place_near(
            self.origin_label, (0.0, 0.0), [self.ax, *([self.x] if self.square else [])]
        )

    # -- the steps ---------------------------------------------------------------------------

    def step_equation(self) -> None:
        lab = self.plain_labels
        self.beat(FadeIn(self.plane), run_time=0.8)
        shown = (self.y_sym, self.eq1, self.a_m, self.x_m, self.plus1, self.b_m)
        self.beat(
            *(FadeIn(m) for m in shown),
            *(FadeIn(self.caps[id(m)]) for m in (self.a_m, self.x_m, self.b_m)),
            run_time=0.9,
        )
        self.said = self.note(
            f"{lab.output} = {lab.matrix}{lab.vector} + {lab.bias}: a linear map, then a shift"
        )
        self.beat(FadeIn(self.said), run_time=0.5)
        self.hold(0.5)

    def step_origin(self) -> None:
        th, lab = self.theme, self.job.labels
        said = self.note(f"a linear map fixes the origin: {self.plain_labels.matrix}·0 = 0")
        if self.square:
            self.arrow = arrow = self.plane.arrow(self.x, th.text, label=sym(lab.vector))
            self.beat(FadeIn(self.grid), arrow.grow(), FadeIn(self.origin), run_time=0.9)
            self.driver.track(self.grid, arrow)
            self.beat(
                self.driver.apply(self.a), ReplacementTransform(self.said, said), run_time=1.6
            )
            self.beat(FadeIn(self.origin_label), run_time=0.5)
        else:
            # The input lives in n dimensions: mark the origin and, when A's outputs fill
            # less than the plane, the line (or point) where they live.
            image = [FadeIn(self.image)] if self.span.rank < 2 else []
            self.beat(
                *image,
                FadeIn(self.origin),
                FadeIn(self.origin_label),
                ReplacementTransform(self.said, said),
                run_time=1.0,
            )
            self.hold(0.8)  # no grid moves here: give the fact itself time
        self.said = said
        self.hold(0.8)

    def step_ax(self) -> None:
        label = f"{self.ax_math} = {coords_tex(self.ax, self.job.numbers.decimals)}"
        if self.square:
            self.beat(self.arrow.relabel(label), run_time=0.6)
            self.beat(self.arrow.settle([self.origin_label]), run_time=0.3)
        else:
            self.arrow = self.plane.arrow(
                self.ax, self.theme.text, label=label, avoid=[self.origin_label]
            )
            self.beat(self.arrow.grow(), run_time=1.0)
        self.beat(
            *self.make_room(
                self.equation, self.eq2, self.ax_m, self.caps[id(self.ax_m)], self.plus2
            ),
            FadeIn(self.eq2),
            ReplacementTransform(VGroup(self.a_m, self.x_m).copy(), self.ax_m),
            FadeIn(self.caps[id(self.ax_m)]),
            run_time=0.8,
        )
        self.hold(0.5)

    def step_bias(self) -> None:
        arrow, origin_label = self.arrow, self.origin_label
        self.bias_arrow = bias = self.plane.arrow(
            self.y,
            self.theme.bias,
            tail=self.ax,
            label=sym(self.job.labels.bias),
            avoid=[arrow, origin_label],
        )
        self.beat(
            bias.grow(),
            arrow.settle([bias, origin_label]),
            FadeIn(self.plus2),
            ReplacementTransform(self.b_m.copy(), self.b_m2),
            run_time=1.0,
        )
        self.hold(0.5)

    def step_output(self) -> None:
        coords = coords_tex(self.y, self.job.numbers.decimals)
        self.result = result = self.plane.arrow(
            self.y,
            self.theme.output,
            label=f"{sym(self.job.labels.output)} = {coords}",
            avoid=[self.arrow, self.bias_arrow, self.origin_label],
        )
        self.beat(
            *self.make_room(self.equation, self.eq3, self.y_m, self.caps[id(self.y_m)]),
            result.grow(),
            self.bias_arrow.settle([result, self.arrow, self.origin_label]),
            FadeIn(self.eq3),
            ReplacementTransform(VGroup(self.ax_m, self.b_m2).copy(), self.y_m),
            FadeIn(self.caps[id(self.y_m)]),
            run_time=1.0,
        )
        self.hold(0.8)

    def step_shift(self) -> None:
        th, lab, plane, arrow = self.theme, self.job.labels, self.plane, self.arrow
        moving = self.moving_image()
        self.trail = trail = plane.arrow(self.b, th.bias)
        new_label = plane.math(
            f"{sym(lab.matrix)} thin bold(0) + {sym(lab.bias)} = {sym(lab.bias)}", th.accent
        )
        plane.place_clear(
            new_label, self.b, [arrow, self.result, trail], [(0.0, 0.0), self.y, self.ax]
        )
        moved = self.note("a linear map fixes the origin; the bias moves it", color=th.text)
        self.beat(
            self.driver.shift(self.b, only=moving),
            trail.grow(),
            FadeOut(self.bias_arrow),
            ReplacementTransform(self.origin_label, new_label),
            ReplacementTransform(self.said, moved),
            run_time=1.8,
        )
        # Ax now runs from b to y: name it as a displacement and tidy the labels.
        self.beat(arrow.relabel(self.ax_math), run_time=0.4)
        self.beat(arrow.settle([self.result, trail, new_label]), run_time=0.3)
        self.beat(self.result.settle([arrow, trail, new_label]), run_time=0.3)
        self.hold(2.0)

    def moving_image(self) -> list:
        """What the shift carries: the origin, Ax and the image of the plane under A (the grid
        for a 2×2 A or a rank-2 A, shown now if it is not yet; else the column space), so
        y = b + Ax is reached the other way round."""
        moving = [self.origin, self.arrow]
        if self.square:
            moving.append(self.grid)
        elif self.span.rank == 2:
            self.beat(FadeIn(self.grid), run_time=0.6)
            moving.append(self.grid)
        else:
            moving.append(self.image)
        return moving

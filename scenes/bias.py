"""Bias: y = Ax + b moves the output off the origin, which A alone never does.

Storyboard: the equation ``y = A x + b`` with the numbers; A·0 = 0 — for a 2×2 A the grid and x
are carried by A while the marked origin stays put, for a 2×n A (n ≠ 2) the origin is marked in
the image of A (its column space); the arrow Ax; the bias b drawn from Ax's tip; the output y
from the origin to Ax + b; then the whole image shifted by b, so the origin lands on b: "a
linear map fixes the origin; the bias moves it".

Runs as a plain Manim scene too: ``manim -ql scenes/bias.py Bias``.
"""

from __future__ import annotations

import numpy as np
from manim import FadeIn, FadeOut, ReplacementTransform, VGroup

from mnemo_anim.config.models import BiasJob
from mnemo_anim.visuals.geometry import column_span
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.mapping import MapDriver
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.panels import caption, column, layout_equation, op
from mnemo_anim.visuals.plane import coords_tex, fitted_plane
from mnemo_anim.visuals.typeset import sym

STEP_NAMES = ("equation", "origin", "Ax", "bias", "output", "shift")


class Bias(LessonScene):
    """y = Ax + b: A fixes the origin (A·0 = 0); the bias b moves the output off it."""

    job_model = BiasJob
    job: BiasJob
    has_stage = True

    def construct(self) -> None:
        job, th = self.job, self.theme
        d, lab = job.numbers.decimals, job.labels
        a = np.array(job.matrix, dtype=float)
        x = np.array(job.vector, dtype=float)
        b = np.array(job.bias, dtype=float)
        ax = a @ x
        y = ax + b
        square = a.shape == (2, 2)  # only then is the input space this plane
        span = column_span(a)
        name_ax = f"{lab.matrix}{lab.vector}"
        ax_math = sym(lab.matrix, lab.vector)
        points = [ax, b, y, *([x] if square else [])]
        self.plane = plane = fitted_plane(
            points, self.layout.stage, th, text_scale=self.layout.text_scale
        )

        # -- the panel ------------------------------------------------------------------------
        y_sym, eq1 = op(sym(lab.output), th, color=th.output), op("=", th)
        a_m = matrix_display(a, th, decimals=d)
        x_m = vector_display(x, th, decimals=d)
        plus1, b_m = op("+", th), column(b, th.bias, th, decimals=d)
        eq2, ax_m = op("=", th), column(ax, th.text, th, decimals=d)
        self.ax_m = ax_m
        plus2, b_m2 = op("+", th), column(b, th.bias, th, decimals=d)
        eq3, y_m = op("=", th), column(y, th.output, th, decimals=d)
        self.y_m = y_m
        caps = {
            id(a_m): caption(sym(lab.matrix), th.text),
            id(x_m): caption(sym(lab.vector), th.text),
            id(b_m): caption(sym(lab.bias), th.bias),
            id(ax_m): caption(ax_math, th.text),
            id(y_m): caption(sym(lab.output), th.output),
        }
        first = [y_sym, eq1, a_m, x_m, plus1, b_m]
        second, third = [eq2, ax_m, plus2, b_m2], [eq3, y_m]
        layout_equation(
            self.layout.panel,
            [
                ([first, second, third], [eq1, eq2, eq3]),
                ([[*first, *second, *third]], [None]),
                ([first, [*second, *third]], [eq1, eq2]),
            ],
            caps,
        )

        # -- the plane's actors ---------------------------------------------------------------
        self.grid = grid = plane.moving_grid()
        self.image = image = plane.span(a, th.accent)
        self.origin = origin = plane.dot((0.0, 0.0), th.accent, radius=0.09)
        origin_label = plane.math(f"{sym(lab.matrix)} thin bold(0) = bold(0)", th.accent)
        plane.place_near(origin_label, (0.0, 0.0), [ax, *([x] if square else [])])

        self.show_title()
        with self.step("equation"):
            self.beat(FadeIn(plane), run_time=0.8)
            self.beat(
                *(FadeIn(m) for m in (y_sym, eq1, a_m, x_m, plus1, b_m)),
                *(FadeIn(caps[id(m)]) for m in (a_m, x_m, b_m)),
                run_time=0.9,
            )
            note = self.note(f"{lab.output} = {name_ax} + {lab.bias}: a linear map, then a shift")
            self.beat(FadeIn(note), run_time=0.5)
            self.hold(0.5)

        self.driver = driver = MapDriver()
        with self.step("origin"):
            said = self.note(f"a linear map fixes the origin: {lab.matrix}·0 = 0")
            if square:
                self.arrow = arrow = plane.arrow(x, th.text, label=sym(lab.vector))
                self.beat(FadeIn(grid), arrow.grow(), FadeIn(origin), run_time=0.9)
                driver.track(grid, arrow)
                self.beat(driver.apply(a), ReplacementTransform(note, said), run_time=1.6)
                self.beat(FadeIn(origin_label), run_time=0.5)
            else:
                # The input lives in n dimensions: mark the origin and, when A's outputs fill
                # less than the plane, the line (or point) where they live.
                shown = [FadeIn(image)] if span.rank < 2 else []
                self.beat(
                    *shown,
                    FadeIn(origin),
                    FadeIn(origin_label),
                    ReplacementTransform(note, said),
                    run_time=1.0,
                )
                self.hold(0.8)  # no grid moves here: give the fact itself time
            self.hold(0.8)

        with self.step("Ax"):
            label = f"{ax_math} = {coords_tex(ax, d)}"
            if square:
                self.beat(arrow.relabel(label), run_time=0.6)
                self.beat(arrow.settle([origin_label]), run_time=0.3)
            else:
                self.arrow = arrow = plane.arrow(ax, th.text, label=label, avoid=[origin_label])
                self.beat(arrow.grow(), run_time=1.0)
            self.beat(
                FadeIn(eq2),
                ReplacementTransform(VGroup(a_m, x_m).copy(), ax_m),
                FadeIn(caps[id(ax_m)]),
                run_time=0.8,
            )
            self.hold(0.5)

        with self.step("bias"):
            self.bias_arrow = bias = plane.arrow(
                y, th.bias, tail=ax, label=sym(lab.bias), avoid=[arrow, origin_label]
            )
            self.beat(
                bias.grow(),
                arrow.settle([bias, origin_label]),
                FadeIn(plus2),
                ReplacementTransform(b_m.copy(), b_m2),
                run_time=1.0,
            )
            self.hold(0.5)

        with self.step("output"):
            self.result = result = plane.arrow(
                y,
                th.output,
                label=f"{sym(lab.output)} = {coords_tex(y, d)}",
                avoid=[arrow, bias, origin_label],
            )
            self.beat(
                result.grow(),
                FadeIn(eq3),
                ReplacementTransform(VGroup(ax_m, b_m2).copy(), y_m),
                FadeIn(caps[id(y_m)]),
                run_time=1.0,
            )
            self.hold(0.8)

        with self.step("shift"):
            # The image of the plane under A (the grid for a 2×2 A, else the column space)
            # moves by b with the origin and Ax; y = b + Ax is reached the other way round.
            moving = [origin, arrow]
            if square:
                moving.append(grid)
            elif span.rank == 2:
                self.beat(FadeIn(grid), run_time=0.6)
                moving.append(grid)
            else:
                moving.append(image)
            self.trail = trail = plane.arrow(b, th.bias)
            new_label = plane.math(
                f"{sym(lab.matrix)} thin bold(0) + {sym(lab.bias)} = {sym(lab.bias)}", th.accent
            )
            plane.place_near(new_label, b, [(0.0, 0.0), y])
            moved = self.note("a linear map fixes the origin; the bias moves it", color=th.text)
            self.beat(
                driver.shift(b, only=moving),
                trail.grow(),
                FadeOut(bias),
                ReplacementTransform(origin_label, new_label),
                ReplacementTransform(said, moved),
                run_time=1.8,
            )
            # Ax now runs from b to y: name it as a displacement and tidy the labels.
            self.beat(arrow.relabel(ax_math), run_time=0.4)
            self.beat(
                arrow.settle([result, trail, new_label]),
                result.settle([arrow, trail, new_label]),
                run_time=0.5,
            )
            self.hold(2.0)

"""Composition: applying A and then B is the single matrix BA, not AB.

Storyboard (``layout: sequential``): A and B with their numbers; the grid, î, ĵ and x carried by
A (x lands on Ax), then by B (on B(Ax)); back to the start, BA written out and applied once —
x lands on the same point, marked; back again, B first then A, i.e. AB, lands elsewhere, with
the lesson's warning (or, when A and B commute, the honest remark that here both orders agree).

``layout: split`` shows the two orders side by side: A then B on the left, B then A on the right.

Runs as a plain Manim scene too: ``manim -ql scenes/composition.py Composition``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    Animation,
    Circle,
    Create,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
)

from mnemo_anim.config.models import CompositionJob
from mnemo_anim.visuals.geometry import PlaneSpec, commute, fit_plane
from mnemo_anim.visuals.layout import Box
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.mapping import MapDriver, basis_arrows
from mnemo_anim.visuals.matrix import matrix_display
from mnemo_anim.visuals.panels import PIECE_GAP, caption, layout_equation, named, op, spacer
from mnemo_anim.visuals.plane import Plane
from mnemo_anim.visuals.typeset import sym

SEQUENTIAL_STEPS = ("matrices", "first", "then", "product", "other order")
SPLIT_STEPS = ("matrices", "first", "then", "compare")


class Stage:
    """One plane with its moving grid, î, ĵ and the vector x, all driven by one MapDriver."""

    def __init__(self, scene: Composition, spec: PlaneSpec, box: Box, x: np.ndarray) -> None:
        th, lab = scene.theme, scene.job.labels
        self.plane = Plane(spec, box, th, text_scale=scene.layout.text_scale)
        self.grid = self.plane.moving_grid()
        self.i_hat, self.j_hat = basis_arrows(self.plane, th)
        self.x = self.plane.arrow(x, th.output, label=sym(lab.vector))
        self.driver = MapDriver(self.grid, self.i_hat, self.j_hat, self.x)

    def appear(self) -> list:
        return [FadeIn(self.plane), FadeIn(self.grid)]

    def arrows(self) -> list:
        return [self.i_hat.grow(), self.j_hat.grow(), self.x.grow()]

    def relabel(self, source: str) -> Animation:
        """Morph x's label into ``source`` (Typst math)."""
        return self.x.relabel(source)


class Composition(LessonScene):
    """B(Ax) = (BA)x: one matrix for the two steps, and the order of the product matters."""

    job_model = CompositionJob
    job: CompositionJob
    has_stage = True

    def construct(self) -> None:
        job = self.job
        self.a = a = np.array(job.first, dtype=float)
        self.b = b = np.array(job.then, dtype=float)
        self.x = x = np.array(job.vector, dtype=float)
        ba, ab = b @ a, a @ b
        # Everything shown: x through each path, and î, ĵ under every matrix (their columns).
        points = [x, a @ x, b @ x, ba @ x, ab @ x]
        for m in (np.eye(2), a, b, ba, ab):
            points += [m[:, 0], m[:, 1]]
        self.points = points
        self.commuting = commute(a, b)
        if job.layout == "split":
            self.split(ba, ab)
        else:
            self.sequential(ba, ab)

    # -- the panel ---------------------------------------------------------------------------

    def panel(self) -> dict[str, VGroup]:
        """Place A and B, and the two products (shown later), in the panel."""
        job, th, lab = self.job, self.theme, self.job.labels
        d = job.numbers.decimals
        a_row = VGroup(*named(lab.first, self.a, th, decimals=d)).arrange(buff=0.2)
        b_row = VGroup(*named(lab.then, self.b, th, decimals=d)).arrange(buff=0.2)
        first_cap = caption('"first"', th.muted)
        then_cap = caption('"then"', th.muted)
        rows = {}
        for key, (left, right) in {
            "ba": ((lab.then, self.b), (lab.first, self.a)),
            "ab": ((lab.first, self.a), (lab.then, self.b)),
        }.items():
            product = left[1] @ right[1]
            rows[key] = [
                op(sym(left[0], right[0]), th),
                op("=", th),
                matrix_display(left[1], th, decimals=d, colored=False),
                matrix_display(right[1], th, decimals=d, colored=False),
                op("=", th),
                matrix_display(product, th, decimals=d),
            ]
        caps = {id(a_row): first_cap, id(b_row): then_cap}
        ba_line = VGroup(*rows["ba"]).arrange(buff=PIECE_GAP)
        ab_line = VGroup(*rows["ab"]).arrange(buff=PIECE_GAP)
        eq_ba, eq_ab = rows["ba"][1], rows["ab"][1]
        layout_equation(
            self.layout.panel,
            [
                ([[a_row, spacer(), b_row], [ba_line], [ab_line]], [None, eq_ba, eq_ab]),
                ([[a_row], [b_row], [ba_line], [ab_line]], [a_row[1], b_row[1], eq_ba, eq_ab]),
                ([[a_row, spacer(), b_row], [ba_line, spacer(), ab_line]], [None, None]),
            ],
            caps,
        )
        self.products = {"ba": rows["ba"][-1], "ab": rows["ab"][-1]}
        return {
            "a": VGroup(a_row, first_cap),
            "b": VGroup(b_row, then_cap),
            "ba": ba_line,
            "ab": ab_line,
        }

    def spec(self, box: Box) -> PlaneSpec:
        return fit_plane(self.points, box.width, box.height)

    # -- one plane, three paths -------------------------------------------------------------

    def sequential(self, ba: np.ndarray, ab: np.ndarray) -> None:
        th, lab = self.theme, self.job.labels
        a, b, x = self.a, self.b, self.x
        A, B, v = lab.first, lab.then, lab.vector
        box = self.layout.stage
        assert box is not None
        stage = self.stage = Stage(self, self.spec(box), box, x)
        plane, driver = stage.plane, stage.driver
        self.rows = rows = self.panel()

        self.show_title()
        with self.step("matrices"):
            self.beat(*stage.appear(), FadeIn(rows["a"]), FadeIn(rows["b"]), run_time=0.9)
            self.beat(*stage.arrows(), run_time=0.8)
            note = self.note(f"apply {A} first, then {B}")
            self.beat(FadeIn(note), run_time=0.4)
            self.hold(0.5)

        with self.step("first"):
            box_a = self.frame(rows["a"])
            self.beat(Create(box_a), run_time=0.4)
            self.beat(driver.apply(a), run_time=1.5)
            self.beat(stage.relabel(sym(A, v)), FadeOut(box_a), run_time=0.5)
            self.hold(0.4)

        with self.step("then"):
            box_b = self.frame(rows["b"])
            self.beat(Create(box_b), run_time=0.4)
            self.beat(driver.apply(b), run_time=1.5)
            self.beat(stage.relabel(f"{sym(B)} ({sym(A, v)})"), FadeOut(box_b), run_time=0.5)
            target = plane.dot(ba @ x, th.output, radius=0.08)
            self.beat(FadeIn(target), run_time=0.3)
            self.hold(0.5)

        with self.step("product"):
            self.beat(driver.reset(), stage.relabel(sym(v)), run_time=1.0)
            said = self.note(f"{B}({A}{v}) = ({B}{A}){v}: one matrix, {B}{A}")
            self.beat(FadeIn(rows["ba"]), ReplacementTransform(note, said), run_time=0.9)
            box_ba = self.frame(rows["ba"])
            self.beat(Create(box_ba), run_time=0.3)
            self.beat(driver.apply(ba), run_time=1.5)
            self.beat(stage.relabel(f"({sym(B, A)}) {sym(v)}"), FadeOut(box_ba), run_time=0.5)
            ring = Circle(radius=0.22, color=th.output, stroke_width=4).move_to(plane.c2p(ba @ x))
            same = self.note(f"{B}({A}{v}) and ({B}{A}){v} land on the same point", color=th.text)
            self.beat(Create(ring), ReplacementTransform(said, same), run_time=0.6)
            self.hold(0.8)

        with self.step("other order"):
            # The BA result stays; î and ĵ step aside; a second x walks B first, then A.
            self.ba_arrow = stage.x
            self.planes = {"ba": plane, "ab": plane}
            driver.untrack(stage.x, stage.i_hat, stage.j_hat)
            other = plane.arrow(x, th.text, label=sym(v))
            driver.track(other)
            said = self.note(f"the other order: {B} first, then {A}")
            self.beat(
                FadeOut(ring),
                FadeOut(stage.i_hat),
                FadeOut(stage.j_hat),
                driver.reset(),
                other.grow(),
                ReplacementTransform(same, said),
                run_time=1.0,
            )
            self.ab_arrow = other
            self.beat(FadeIn(rows["ab"]), run_time=0.7)
            self.beat(driver.apply(b), run_time=1.1)
            self.beat(driver.apply(a), run_time=1.1)
            self.beat(other.relabel(f"({sym(A, B)}) {sym(v)}"), run_time=0.4)
            self.beat(other.settle([self.ba_arrow]), self.ba_arrow.settle([other]), run_time=0.4)
            final = self.note(self.moral(), color=th.text)
            self.beat(ReplacementTransform(said, final), run_time=0.6)
            self.hold(2.0)

    # -- two planes, side by side ------------------------------------------------------------

    def split(self, ba: np.ndarray, ab: np.ndarray) -> None:
        th, lab = self.theme, self.job.labels
        a, b, x = self.a, self.b, self.x
        A, B, v = lab.first, lab.then, lab.vector
        box = self.layout.stage
        assert box is not None
        boxes = box.columns(1, 1, gap=0.25) if box.width >= box.height else box.rows(1, 1, gap=0.2)
        spec = fit_plane(self.points, boxes[0].width, boxes[0].height)
        left, right = (Stage(self, spec, part, x) for part in boxes)
        self.stages = (left, right)
        self.rows = rows = self.panel()
        tags = []
        for stage, text in (
            (left, f'{sym(A)} " then " {sym(B)}'),
            (right, f'{sym(B)} " then " {sym(A)}'),
        ):
            tag = stage.plane.math(text, th.text)
            corner = stage.plane.box
            tag.move_to(
                np.array(
                    [corner.left + tag.width / 2 + 0.1, corner.top - tag.height / 2 - 0.1, 0.0]
                )
            )
            tags.append(tag)

        self.show_title()
        with self.step("matrices"):
            self.beat(
                *left.appear(),
                *right.appear(),
                FadeIn(rows["a"]),
                FadeIn(rows["b"]),
                *(FadeIn(t) for t in tags),
                run_time=0.9,
            )
            self.beat(*left.arrows(), *right.arrows(), run_time=0.8)
            note = self.note(f"left: {A} then {B}     right: {B} then {A}")
            self.beat(FadeIn(note), run_time=0.4)
            self.hold(0.5)

        with self.step("first"):
            self.beat(left.driver.apply(a), right.driver.apply(b), run_time=2.0)
            self.beat(left.relabel(sym(A, v)), right.relabel(sym(B, v)), run_time=0.5)
            self.hold(1.0)

        with self.step("then"):
            self.beat(left.driver.apply(b), right.driver.apply(a), run_time=2.0)
            self.beat(
                left.relabel(f"({sym(B, A)}) {sym(v)}"),
                right.relabel(f"({sym(A, B)}) {sym(v)}"),
                run_time=0.5,
            )
            self.hold(1.0)

        with self.step("compare"):
            self.ba_arrow, self.ab_arrow = left.x, right.x
            self.planes = {"ba": left.plane, "ab": right.plane}
            # Each plane marks where the other order lands, for comparison.
            marks = [
                Circle(radius=0.16, color=th.muted, stroke_width=3).move_to(stage.plane.c2p(p))
                for stage, p in ((left, ab @ x), (right, ba @ x))
            ]
            self.beat(FadeIn(rows["ba"]), run_time=0.8)
            self.hold(0.5)
            self.beat(FadeIn(rows["ab"]), run_time=0.8)
            self.hold(0.5)
            final = self.note(self.moral(), color=th.text)
            self.beat(*(Create(m) for m in marks), ReplacementTransform(note, final), run_time=0.8)
            self.hold(2.5)

    # -- helpers -----------------------------------------------------------------------------

    def frame(self, mob: VGroup) -> SurroundingRectangle:
        """A highlight box around a row of the panel."""
        return SurroundingRectangle(mob, color=self.theme.accent, buff=0.12, corner_radius=0.08)

    def moral(self) -> str:
        """The closing remark: the lesson's warning, or the honest exception."""
        lab = self.job.labels
        A, B = lab.first, lab.then
        if self.commuting:
            return f"here {A}{B} = {B}{A}: these two commute (most pairs don't)"
        return f"the combined matrix is {B}{A}, not {A}{B}"

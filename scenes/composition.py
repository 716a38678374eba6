"""Composition: applying A and then B is the single matrix BA, not AB.

Storyboard (``layout: sequential``): A and B with their numbers; the grid, î, ĵ and x carried by
A (x lands on Ax), then by B (on B(Ax)); back to the start, BA written out and applied once —
x lands on the same point, marked; back again, B first then A, i.e. AB, lands elsewhere, with
the lesson's warning (or, when A and B commute, the honest remark that here both orders agree).

``layout: split`` shows the two orders side by side: A then B on the left, B then A on the right;
where the panel cannot hold A, B and both products (a phone screen), BA and AB take A and B's
place, each over the plane that applies it.

Runs as a plain Manim scene too: ``manim -ql scenes/composition.py Composition``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    Animation,
    Circle,
    Create,
    Dot,
    Mobject,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
    VMobject,
)

from mnemo_anim.config.models import CompositionJob
from mnemo_anim.layout import Box
from mnemo_anim.maths import arrays, commute
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.geometry import PlaneSpec, fit_plane
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.linear_parts import ROOM, rebalance
from mnemo_anim.visuals.mapping import MapDriver, basis_arrows
from mnemo_anim.visuals.matrix import matrix_display
from mnemo_anim.visuals.panels import (
    PIECE_GAP,
    Candidate,
    Equation,
    caption,
    layout_equation,
    least_height,
    legible_in,
    named,
    op,
    spacer,
)
from mnemo_anim.visuals.plane import Plane, PlaneArrow, settle_labels
from mnemo_anim.visuals.typeset import sym

MARK = 0.18  # radius, in plane units, of the ring marking where the other order lands


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

    def relabel(self, source: str, avoid: Sequence[Mobject] | None = None) -> Animation:
        """Morph x's label into ``source`` (placed clear of ``avoid`` when given)."""
        return self.x.relabel(source, avoid)


class Composition(LessonScene):
    """B(Ax) = (BA)x: one matrix for the two steps, and the order of the product matters."""

    job_model = CompositionJob
    job: CompositionJob
    has_stage = True

    def prepare(self) -> None:
        job = self.job
        self.a, self.b, self.x = a, b, x = arrays(job.first, job.then, job.vector)
        self.ba, self.ab = ba, ab = b @ a, a @ b
        # Everything shown: x through each path, and î, ĵ under every matrix (their columns).
        points = [x, a @ x, b @ x, ba @ x, ab @ x]
        for m in (np.eye(2), a, b, ba, ab):
            points += [m[:, 0], m[:, 1]]
        self.points = points
        self.commuting = commute(a, b)
        if job.layout == "split":
            self.build_split()
        else:
            self.build_sequential()
        self.show_title()

    @property
    def names(self) -> tuple[str, str, str]:
        """The labels of A (applied first), B (then) and x."""
        lab = self.job.labels
        return lab.first, lab.then, lab.vector

    @property
    def plain_names(self) -> tuple[str, str, str]:
        """:attr:`names` as plain text, for notes (``W_1`` → ``W₁``)."""
        lab = self.plain_labels
        return lab.first, lab.then, lab.vector

    def storyboard_prefix(self) -> str:
        # One storyboard per layout: sequential_first() on one plane, split_first() on two.
        return f"{self.job.layout}_"

    # -- the panel ---------------------------------------------------------------------------

    def pieces(self) -> tuple[VGroup, VGroup, dict[int, VMobject], dict[str, list]]:
        """The panel's pieces: A's and B's rows, their captions (by ``id`` of the row), and
        the two product lines ``BA = B A = …`` and ``AB = A B = …`` as lists of pieces."""
        job, th, lab = self.job, self.theme, self.job.labels
        d = job.numbers.decimals
        a_row = VGroup(*named(lab.first, self.a, th, decimals=d)).arrange(buff=0.2)
        b_row = VGroup(*named(lab.then, self.b, th, decimals=d)).arrange(buff=0.2)
        caps = {id(a_row): caption('"first"', th.muted), id(b_row): caption('"then"', th.muted)}
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
        return a_row, b_row, caps, rows

    def panel(self) -> dict[str, VGroup]:
        """Place A and B, and the two products (shown later), in the panel."""
        a_row, b_row, caps, rows = self.pieces()
        ba_line, ab_line, whole = self.whole(a_row, b_row, rows)
        self.in_turns = not legible_in(self.layout.panel, whole, caps)
        self.products_line: Equation | None = None
        if self.in_turns:
            # The panel cannot hold all four at a legible size (a phone screen): A and B come
            # first, then the two products take their place.
            self.pages(a_row, b_row, caps)
            ba_line, ab_line = self.products_in_turns(rows)
        else:
            layout_equation(self.layout.panel, whole, caps)
        self.products = {"ba": rows["ba"][-1], "ab": rows["ab"][-1]}
        return {
            "a": VGroup(a_row, caps[id(a_row)]),
            "b": VGroup(b_row, caps[id(b_row)]),
            "ba": ba_line,
            "ab": ab_line,
        }

    @staticmethod
    def whole(
        a_row: VGroup, b_row: VGroup, rows: dict[str, list]
    ) -> tuple[VGroup, VGroup, list[Candidate]]:
        """The two product lines, and the ways to lay out all four rows at once."""
        ba_line = VGroup(*rows["ba"]).arrange(buff=PIECE_GAP)
        ab_line = VGroup(*rows["ab"]).arrange(buff=PIECE_GAP)
        eq_ba, eq_ab = rows["ba"][1], rows["ab"][1]
        return (
            ba_line,
            ab_line,
            [
                ([[a_row, spacer(), b_row], [ba_line], [ab_line]], [None, eq_ba, eq_ab]),
                ([[a_row], [b_row], [ba_line], [ab_line]], [a_row[1], b_row[1], eq_ba, eq_ab]),
                ([[a_row, spacer(), b_row], [ba_line, spacer(), ab_line]], [None, None]),
            ],
        )

    @staticmethod
    def first_page(a_row: VGroup, b_row: VGroup) -> list[Candidate]:
        """A and B side by side, or one over the other (a panel shown in turns)."""
        return [([[a_row, spacer(), b_row]], [None]), ([[a_row], [b_row]], [a_row[1], b_row[1]])]

    def split_page(self, rows: dict[str, list]) -> tuple[list[Candidate], dict[int, VMobject]]:
        """BA and AB, each under its name (split, a panel shown in turns): the ways to lay
        them out and the names (by ``id`` of the product)."""
        A, B, _ = self.names
        th = self.theme
        ba, ab = rows["ba"][-1], rows["ab"][-1]
        names = {id(ba): caption(sym(B, A), th.text), id(ab): caption(sym(A, B), th.text)}
        return [([[ba, spacer(), ab]], [None]), ([[ba], [ab]], [None, None])], names

    def split_room(self) -> None:
        """Where the panel cannot hold A, B and both products at the floor (a portrait or
        square frame), the split layout shows them in turns: A and B, then BA and AB. The
        panel then keeps only the height the taller of those two needs at the floor, and the
        two planes get the rest."""
        layout = self.layout
        if layout.orientation == "landscape" or layout.stage is None:
            return
        a_row, b_row, caps, rows = self.pieces()
        if legible_in(layout.panel, self.whole(a_row, b_row, rows)[2], caps):
            return
        width, floor = layout.panel.width, layout.min_type
        products, names = self.split_page(rows)
        need = ROOM * floor + max(
            least_height(width, floor, self.first_page(a_row, b_row), captions=caps),
            least_height(width, floor, products, captions=names),
        )
        if need < layout.panel.height:
            self.layout = rebalance(layout, 0.0, panel_heights=(need,))

    def pages(self, a_row: VGroup, b_row: VGroup, caps: dict) -> None:
        """Lay out A and B in the panel, where the products will take their place."""
        layout_equation(self.layout.panel, self.first_page(a_row, b_row), caps)

    def products_in_turns(self, rows: dict[str, list]) -> tuple[VGroup, VGroup]:
        """BA and AB in the panel, in A and B's place.

        Split: both at once, each product under its name and over the plane that applies it
        (the step that compares them names both). Sequential: each written as its result,
        ``BA = …``; on a narrow panel AB takes BA's place in turn (see ``make_room``).
        """
        panel = self.layout.panel
        if self.job.layout == "split":
            products, names = self.split_page(rows)
            ba, ab = rows["ba"][-1], rows["ab"][-1]
            self.products_line = layout_equation(panel, products, names)
            lines = VGroup(ba, names[id(ba)]), VGroup(ab, names[id(ab)])
            self.over_planes(*lines)
            return lines
        ba_line, ab_line = (
            VGroup(rows[k][0], rows[k][1], rows[k][-1]).arrange(buff=PIECE_GAP)
            for k in ("ba", "ab")
        )
        self.products_line = layout_equation(
            panel,
            [
                ([[ba_line, spacer(0.2), ab_line]], [None]),
                ([[ba_line], [ab_line]], [ba_line[1], ab_line[1]]),
            ],
        )
        return ba_line, ab_line

    def over_planes(self, ba: VGroup, ab: VGroup) -> None:
        """Centre BA over the plane that applies A then B, and AB over the other, when the
        planes stand side by side and each product fits above its own plane."""
        boxes = [stage.plane.box for stage in self.stages]
        if abs(boxes[0].y - boxes[1].y) > 1e-6:
            return
        if all(line.width <= box.width for line, box in zip((ba, ab), boxes, strict=True)):
            for line, box in zip((ba, ab), boxes, strict=True):
                line.set_x(box.x)

    def after_ba(self) -> list[Animation]:
        """BA leaves when AB can only take its place (the products shown in turns)."""
        line = self.products_line
        return self.make_room(line, self.rows["ab"]) if line is not None else []

    def turn(self) -> list[Animation]:
        """A and B leave when the products take their place (a panel shown in turns)."""
        return [FadeOut(self.rows["a"]), FadeOut(self.rows["b"])] if self.in_turns else []

    def spec(self, box: Box) -> PlaneSpec:
        return fit_plane(self.points, box.width, box.height)

    # -- one plane, three paths -------------------------------------------------------------

    def build_sequential(self) -> None:
        box = self.layout.stage
        assert box is not None
        self.stage = Stage(self, self.spec(box), box, self.x)
        self.rows = self.panel()

    def sequential_matrices(self) -> None:
        lab, stage, rows = self.plain_labels, self.stage, self.rows
        self.beat(*stage.appear(), FadeIn(rows["a"]), FadeIn(rows["b"]), run_time=0.9)
        self.beat(*stage.arrows(), run_time=0.8)
        self.said = self.note(f"apply {lab.first} first, then {lab.then}")
        self.beat(FadeIn(self.said), run_time=0.4)
        self.hold(0.5)

    def sequential_first(self) -> None:
        lab = self.job.labels
        box_a = self.frame(self.rows["a"])
        self.beat(Create(box_a), run_time=0.4)
        self.beat(self.stage.driver.apply(self.a), run_time=1.5)
        self.beat(self.stage.relabel(sym(lab.first, lab.vector)), FadeOut(box_a), run_time=0.5)
        self.hold(0.4)

    def sequential_then(self) -> None:
        A, B, v = self.names
        stage = self.stage
        box_b = self.frame(self.rows["b"])
        self.beat(Create(box_b), run_time=0.4)
        self.beat(stage.driver.apply(self.b), run_time=1.5)
        self.beat(stage.relabel(f"{sym(B)} ({sym(A, v)})"), FadeOut(box_b), run_time=0.5)
        target = stage.plane.dot(self.ba @ self.x, self.theme.output, radius=0.08)
        self.beat(FadeIn(target), run_time=0.3)
        self.hold(0.5)

    def sequential_product(self) -> None:
        A, B, v = self.names
        stage, rows = self.stage, self.rows
        self.beat(stage.driver.reset(), stage.relabel(sym(v)), run_time=1.0)
        a, b, w = self.plain_names
        said = self.note(f"{b}({a}{w}) = ({b}{a}){w}: one matrix, {b}{a}")
        self.beat(
            *self.turn(), FadeIn(rows["ba"]), ReplacementTransform(self.said, said), run_time=0.9
        )
        box_ba = self.frame(rows["ba"])
        self.beat(Create(box_ba), run_time=0.3)
        self.beat(stage.driver.apply(self.ba), run_time=1.5)
        # the ring that marks where both land comes next: the new label keeps clear of it
        self.ring = Circle(radius=0.22, color=self.theme.output, stroke_width=4).move_to(
            stage.plane.c2p(self.ba @ self.x)
        )
        clear = [stage.i_hat, stage.j_hat, self.ring]
        self.beat(stage.relabel(f"({sym(B, A)}) {sym(v)}", clear), FadeOut(box_ba), run_time=0.5)
        same = self.note(
            f"{b}({a}{w}) and ({b}{a}){w} land on the same point", color=self.theme.text
        )
        self.beat(Create(self.ring), ReplacementTransform(said, same), run_time=0.6)
        self.said = same
        self.hold(0.8)

    def sequential_other_order(self) -> None:
        A, B, v = self.names
        stage, driver, plane = self.stage, self.stage.driver, self.stage.plane
        # The BA result stays; î and ĵ step aside; a second x walks B first, then A.
        self.ba_arrow = stage.x
        self.planes = {"ba": plane, "ab": plane}
        driver.untrack(stage.x, stage.i_hat, stage.j_hat)
        other = plane.arrow(self.x, self.theme.text, label=sym(v))
        driver.track(other)
        first, then, _ = self.plain_names
        said = self.note(f"the other order: {then} first, then {first}")
        self.beat(
            FadeOut(self.ring),
            FadeOut(stage.i_hat),
            FadeOut(stage.j_hat),
            driver.reset(),
            other.grow(),
            ReplacementTransform(self.said, said),
            run_time=1.0,
        )
        self.ab_arrow = other
        self.beat(*self.after_ba(), FadeIn(self.rows["ab"]), run_time=0.7)
        self.beat(driver.apply(self.b), run_time=1.1)
        self.beat(driver.apply(self.a), run_time=1.1)
        self.beat(other.relabel(f"({sym(A, B)}) {sym(v)}"), run_time=0.4)
        self.beat(other.settle([self.ba_arrow]), self.ba_arrow.settle([other]), run_time=0.4)
        final = self.note(self.moral(), color=self.theme.text)
        self.beat(ReplacementTransform(said, final), run_time=0.6)
        self.hold(2.0)

    # -- two planes, side by side ------------------------------------------------------------

    def build_split(self) -> None:
        th, lab = self.theme, self.job.labels
        self.split_room()
        box = self.layout.stage
        assert box is not None
        boxes = box.columns(1, 1, gap=0.25) if box.width >= box.height else box.rows(1, 1, gap=0.2)
        spec = fit_plane(self.points, boxes[0].width, boxes[0].height)
        left, right = (Stage(self, spec, part, self.x) for part in boxes)
        self.stages = (left, right)
        self.rows = self.panel()
        self.tags = []
        for stage, text in (
            (left, f'{sym(lab.first)} " then " {sym(lab.then)}'),
            (right, f'{sym(lab.then)} " then " {sym(lab.first)}'),
        ):
            tag = stage.plane.math(text, th.text)
            self.tags.append(self.in_a_corner(stage.plane, tag))

    def split_matrices(self) -> None:
        A, B, _ = self.plain_names
        (left, right), rows = self.stages, self.rows
        self.beat(
            *left.appear(),
            *right.appear(),
            FadeIn(rows["a"]),
            FadeIn(rows["b"]),
            *(FadeIn(t) for t in self.tags),
            run_time=0.9,
        )
        self.beat(*left.arrows(), *right.arrows(), run_time=0.8)
        self.said = self.note(f"left: {A} then {B}     right: {B} then {A}")
        self.beat(FadeIn(self.said), run_time=0.4)
        self.hold(0.5)

    def split_first(self) -> None:
        A, B, v = self.names
        self.apply_both(self.a, self.b, sym(A, v), sym(B, v))

    def split_then(self) -> None:
        A, B, v = self.names
        self.apply_both(self.b, self.a, f"({sym(B, A)}) {sym(v)}", f"({sym(A, B)}) {sym(v)}")

    def apply_both(
        self, left: np.ndarray, right: np.ndarray, left_tex: str, right_tex: str
    ) -> None:
        """Each plane applies its own matrix, then names where its x landed."""
        left_stage, right_stage = self.stages
        self.beat(left_stage.driver.apply(left), right_stage.driver.apply(right), run_time=2.0)
        # Each new label, longer than x's, goes where it leaves its plane's tag ("A then B")
        # and basis arrows clear: on small planes the upper corner is where both want to be.
        (left_tag, right_tag) = self.tags
        self.beat(
            left_stage.relabel(left_tex, [left_tag, left_stage.i_hat, left_stage.j_hat]),
            right_stage.relabel(right_tex, [right_tag, right_stage.i_hat, right_stage.j_hat]),
            run_time=0.5,
        )
        # where the new label found no free place, î's and ĵ's labels step aside for it
        settle = [
            move
            for stage, tag in zip(self.stages, self.tags, strict=True)
            for move in settle_labels([stage.i_hat, stage.j_hat, stage.x], [tag])
        ]
        if settle:
            self.beat(*settle, run_time=0.3)
        self.hold(1.0)

    def split_compare(self) -> None:
        left, right = self.stages
        self.ba_arrow, self.ab_arrow = left.x, right.x
        self.planes = {"ba": left.plane, "ab": right.plane}
        # Each plane marks where the other order lands, for comparison.
        marks = [
            Circle(radius=MARK * stage.plane.unit, color=self.theme.muted, stroke_width=3).move_to(
                stage.plane.c2p(p)
            )
            for stage, p in ((left, self.ab @ self.x), (right, self.ba @ self.x))
        ]
        self.beat(*self.turn(), FadeIn(self.rows["ba"]), run_time=0.8)
        self.hold(0.5)
        self.beat(*self.after_ba(), FadeIn(self.rows["ab"]), run_time=0.8)
        self.hold(0.5)
        final = self.note(self.moral(), color=self.theme.text)
        # the labels on each plane step off the ring that comes in
        settle = [
            move
            for stage, tag, mark in zip(self.stages, self.tags, marks, strict=True)
            for move in settle_labels(self.arrows_of(stage), [tag, mark])
        ]
        self.beat(
            *(Create(m) for m in marks),
            *settle,
            ReplacementTransform(self.said, final),
            run_time=0.8,
        )
        self.hold(2.5)

    @staticmethod
    def arrows_of(stage: Stage) -> list[PlaneArrow]:
        return [stage.x, stage.i_hat, stage.j_hat]

    # -- helpers -----------------------------------------------------------------------------

    def in_a_corner(self, plane: Plane, tag: Mobject) -> Mobject:
        """Put a plane's tag (``A then B``) in a corner of its window, the upper left unless
        a point the lesson reaches (a tip, where a ring will mark it) lies there."""
        box, w, h = plane.box, tag.width / 2 + 0.1, tag.height / 2 + 0.1
        corners = [
            np.array([x, y, 0.0])
            for y in (box.top - h, box.bottom + h)
            for x in (box.left + w, box.right - w)
        ]
        points = [Dot(plane.c2p(p), radius=0.25) for p in self.points]
        return plane.least_covered(tag, corners, points)

    def frame(self, mob: VGroup) -> SurroundingRectangle:
        """A highlight box around a row of the panel."""
        return SurroundingRectangle(mob, color=self.theme.accent, buff=0.12, corner_radius=0.08)

    def moral(self) -> str:
        """The closing remark: the lesson's warning, or the honest exception."""
        A, B, _ = self.plain_names
        if self.commuting:
            return f"here {A}{B} = {B}{A}: these two commute (most pairs don't)"
        return f"the combined matrix is {B}{A}, not {A}{B}"

"""Transformation: the matrix moves the whole plane (the lesson's first sentence).

Storyboard: A with its numbers beside a plane; î, ĵ, the unit square (with an arc turning from î
to ĵ) and x; for a singular A, first the inputs that will land on 0 (the null space: a line of
them, or the whole plane); the grid moves from I to A while a faint copy of the original stays
behind; î and ĵ are named by where they landed — A's columns; the square is now the
parallelogram of signed area det A ("area × det A = 2"; a negative det turns the arc clockwise:
the orientation flips; zero collapses the plane); Ax = x₀·(new î) + x₁·(new ĵ) drawn tip to tail
with the real numbers; the origin, which never moved.

Runs as a plain Manim scene too: ``manim -ql scenes/transformation.py Transformation``.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, Circle, Create, Mobject, SurroundingRectangle, VGroup

from mnemo_anim.config.models import TransformationJob
from mnemo_anim.layout import Box
from mnemo_anim.lessons import transformation as lesson
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.geometry import Vec
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.mapping import MapDriver, basis_arrows
from mnemo_anim.visuals.panels import column, layout_equation, named, op, spacer, weighted_sum
from mnemo_anim.visuals.plane import PlaneArrow, fitted_plane
from mnemo_anim.visuals.transform_parts import (
    backed_text,
    basis_landing,
    det_line,
    fixed_origin,
    image_of_basis,
    maps_to_zero,
    product,
    turning_arc,
    unit_square,
    vector_result,
)
from mnemo_anim.visuals.typeset import sym


def null_points(a: np.ndarray, step: float) -> list[np.ndarray]:
    """Inputs that land on 0, to mark before the move: along the null direction (rank 1), or a
    few grid points (rank 0); none for an invertible A."""
    r = lesson.rank(a)
    if r == 1:
        n = lesson.null_direction(a)
        assert n is not None
        return [k * step * n for k in (-2, -1, 1, 2)]
    if r == 0:
        return [np.array(p, dtype=float) * step for p in ((1, 1), (-1, 1), (-1, -1), (1, -1))]
    return []


class Transformation(LessonScene):
    """A moves the whole plane: î, ĵ land on its columns, areas scale by det A."""

    job_model = TransformationJob
    job: TransformationJob
    has_stage = True

    def prepare(self) -> None:
        self.setup_actors()
        self.show_title()

    # -- set-up ------------------------------------------------------------------------------

    def setup_actors(self) -> None:
        job, th = self.job, self.theme
        self.d = job.numbers.decimals
        self.A, self.v = job.labels.matrix, job.labels.vector  # for formulas
        words = self.plain_labels
        self.A_said, self.v_said = words.matrix, words.vector  # for words on screen
        self.a = a = lesson.as_matrix(job.matrix)
        self.x = None if job.vector is None else np.array(job.vector, dtype=float)
        self.det, self.rank = lesson.determinant(a), lesson.rank(a)
        points: list[Vec] = [*lesson.unit_square(np.eye(2)), *lesson.unit_square(a)]
        if self.x is not None:
            points += [self.x, a @ self.x, self.x[0] * a[:, 0]]
        # Room around the origin for its label and the words on the area, whatever side the
        # columns lie on.
        reach = 0.3 * max(float(np.abs(np.array(points)).max()), 1.0)
        points += [(-reach, -reach), (reach, reach)]
        self.plane = plane = fitted_plane(
            points, self.stage_box, th, text_scale=self.layout.text_scale
        )
        self.grid = plane.moving_grid()
        self.i_hat, self.j_hat = basis_arrows(plane, th)
        self.square = unit_square(plane, th.accent)
        self.arc = turning_arc(plane, th.text)
        self.x_arrow: PlaneArrow | None = (
            None if self.x is None else plane.arrow(self.x, th.output, label=sym(self.v))
        )
        self.null_dots = [
            plane.dot(p, th.bias, radius=0.07) for p in null_points(a, plane.spec.step)
        ]
        self.null_shape: Mobject | None = None
        tracked = [self.grid, self.square, self.arc, self.i_hat, self.j_hat, *self.null_dots]
        self.driver = MapDriver(*tracked, *([self.x_arrow] if self.x_arrow else []))  # type: ignore[arg-type]
        self.cards: dict[str, VGroup] = {}
        self.card: VGroup | None = None
        self.note_mob: Mobject | None = None
        self.area_label: Mobject | None = None

    @property
    def stage_box(self) -> Box:
        assert self.layout.stage is not None
        return self.layout.stage

    @property
    def arrows(self) -> list[PlaneArrow]:
        return [self.i_hat, self.j_hat, *([self.x_arrow] if self.x_arrow else [])]

    # -- the panel: A on top, then one card at a time ----------------------------------------

    def panel_boxes(self) -> tuple[Box, Box]:
        """Where A stays and where the cards go: stacked in a landscape panel; in a portrait or
        square one (short and wide) the cards take A's place, which keeps the digits large."""
        panel = self.layout.panel
        if self.layout.orientation == "landscape":
            top, bottom = panel.rows(1.0, 1.3, gap=0.3)
            return top, bottom
        return panel, panel

    def show_card(self, key: str, pieces: list, captions_for: dict | None = None) -> list:
        """Lay ``pieces`` out as one line (or two, when that is larger) in the card box and
        return the animations that swap it in for the card shown before."""
        _, box = self.panel_boxes()
        card = layout_equation(box, [([pieces], [None])], captions_for, max_scale=1.0)
        card = VGroup(card)
        self.cards[key] = card
        out: list = [FadeIn(card)]
        if self.card is not None:
            out.append(FadeOut(self.card))
        self.card = card
        return out

    def say(self, words: str, *, color: str | None = None) -> list:
        """Put ``words`` in the footer (replacing the last remark)."""
        note = self.note(words, color=color)
        out: list = [FadeIn(note)]
        if self.note_mob is not None:
            out.append(FadeOut(self.note_mob))
        self.note_mob = note
        return out

    # -- steps -------------------------------------------------------------------------------

    def step_grid(self) -> None:
        th = self.theme
        top, _ = self.panel_boxes()
        pieces = list(named(self.A, self.a.tolist(), th, decimals=self.d))
        self.a_card = layout_equation(top, [([pieces], [None])], max_scale=1.0)
        self.a_matrix = pieces[2]
        if self.layout.orientation != "landscape":
            self.card = self.a_card
        self.beat(FadeIn(self.plane), FadeIn(self.a_card), run_time=0.9)
        self.beat(
            FadeIn(self.grid), *self.say(f"{self.A_said} moves the whole plane"), run_time=0.7
        )
        self.hold(0.4)

    def step_basis(self) -> None:
        grow = [self.i_hat.grow(), self.j_hat.grow()]
        if self.x_arrow is not None:
            grow.append(self.x_arrow.grow())
        self.beat(*grow, FadeIn(self.square), Create(self.arc), run_time=1.0)
        self.beat(*self.say("follow î, ĵ and the unit square"), run_time=0.4)
        self.hold(0.5)

    def step_null_space(self) -> None:
        th, plane = self.theme, self.plane
        if self.rank == 1:
            n = lesson.null_direction(self.a)
            shape = plane.span(np.array([[n[0]], [n[1]]]), th.bias)  # type: ignore[index]
            words = f"every multiple of {lesson.vec(n, self.d)} lands on 0"  # type: ignore[arg-type]
        else:
            shape = plane.span(np.eye(2), th.bias)  # the whole window: every input
            words = f"{self.A_said} = 0: every vector lands on 0"
        label = plane.math(maps_to_zero(self.A, self.v, everything=self.rank == 0), th.bias)
        shape.place_label(label, self.arrows)
        self.null_shape = VGroup(shape, label)
        self.beat(FadeIn(self.null_shape), *self.say(words), run_time=0.9)
        self.beat(*(FadeIn(dot) for dot in self.null_dots), run_time=0.5)
        self.hold(0.6)

    def step_move(self) -> None:
        th = self.theme
        self.beat(self.driver.apply(self.a), run_time=2.2)
        after: list = []
        if self.null_shape is not None:
            after.append(FadeOut(self.null_shape))
        if self.rank < 2:  # where everything went: a line (rank 1) or the origin (rank 0)
            self.image = self.plane.span(self.a, th.accent)
            after.append(FadeIn(self.image))
        kind = lesson.effect(self.a, self.d).text
        self.beat(*after, *self.say(kind[0].lower() + kind[1:]), run_time=0.7)
        self.hold(0.6)

    def step_columns(self) -> None:
        th, a, d = self.theme, self.a, self.d
        boxes = [
            SurroundingRectangle(col, color=th.column(j), buff=0.08)
            for j, col in enumerate(self.a_matrix.get_columns())
        ]
        pieces: list = []
        for j in range(2):
            pieces += [
                *([spacer(0.4)] if j else []),
                op(image_of_basis(self.A, j) + " =", th),
                column(a[:, j], th.column(j), th, decimals=d),
            ]
        relabel = []
        zero = [j for j in range(2) if np.linalg.norm(a[:, j]) < 1e-12]
        for j, arrow in enumerate((self.i_hat, self.j_hat)):
            if j not in zero:
                relabel.append(arrow.relabel(basis_landing(self.A, j, a[:, j], d)))
            elif arrow.label is not None:
                relabel.append(FadeOut(arrow.label))
        self.beat(*(Create(b) for b in boxes), run_time=0.4)
        self.beat(*relabel, *self.show_card("columns", pieces), run_time=0.9)
        self.beat(
            *(FadeOut(b) for b in boxes),
            *self.say(f"î and ĵ land on the columns of {self.A_said}"),
            run_time=0.4,
        )
        self.settle_labels()
        self.hold(0.8)

    def step_area(self) -> None:
        th = self.theme
        words = lesson.area_words(self.a, self.d, self.A_said)
        color = th.bias if self.det < 0 else th.accent
        label = backed_text(words, color, th, size=self.label_size)
        line = op(det_line(self.A, self.a, self.det, self.d), th)
        if self.layout.orientation == "landscape":  # the words on the parallelogram itself
            self.area_label = label
            self.place_area_label(label)
            card = self.show_card("area", [line])
            shown = [FadeIn(label)]
        else:  # a short plane on a tall screen has no room for them: under det A instead
            card = self.show_card("area", [VGroup(line, label).arrange(DOWN, buff=0.25)])
            shown = []
        emphasis = [self.arc.animate.set_color(th.bias)] if self.det < 0 else []
        self.beat(
            self.square.animate.set_fill(opacity=0.45),
            *shown,
            *emphasis,
            *card,
            *self.say(words, color=th.text),
            run_time=0.9,
        )
        self.settle_labels()
        self.hold(1.0)

    def step_vector(self) -> None:
        th, a, d = self.theme, self.a, self.d
        x = self.x
        assert x is not None and self.x_arrow is not None
        plane = self.plane
        first = plane.arrow(x[0] * a[:, 0], th.column(0), opacity=0.85)
        second = plane.arrow(x @ a.T, th.column(1), tail=x[0] * a[:, 0], opacity=0.85)
        self.parts = (first, second)
        weights, cols, pluses = weighted_sum(a, x.tolist(), th, decimals=d)
        y = a @ x
        self.y_column = column(y, th.output, th, decimals=d)
        pieces = [
            op(f"{product(self.A, self.v)} =", th),
            weights[0],
            cols[0],
            pluses[0],
            weights[1],
            cols[1],
            op("=", th),
            self.y_column,
        ]
        self.beat(first.grow(), run_time=0.6)
        self.beat(second.grow(), run_time=0.6)
        self.beat(
            self.x_arrow.relabel(vector_result(self.A, self.v, y, d)),
            *self.show_card("vector", pieces),
            *self.say(f"{self.A_said}{self.v_said} = x₀·(new î) + x₁·(new ĵ)"),
            run_time=0.9,
        )
        self.settle_labels()
        self.hold(1.0)

    def step_origin(self) -> None:
        th, plane = self.theme, self.plane
        self.origin = origin = plane.dot((0.0, 0.0), th.accent, radius=0.09)
        ring = Circle(radius=0.2, color=th.accent, stroke_width=4).move_to(plane.c2p(0, 0))
        label = plane.math(fixed_origin(self.A), th.accent)
        self.place_around(label, plane.c2p(0, 0), self.on_plane_words)
        self.origin_label = label
        self.beat(
            FadeIn(origin),
            Create(ring),
            FadeIn(label),
            *self.show_card("origin", [op(fixed_origin(self.A), th)]),
            *self.say(f"the origin never moves: {self.A_said}·0 = 0", color=th.text),
            run_time=0.8,
        )
        self.hold(2.0)

    # -- helpers -----------------------------------------------------------------------------

    @property
    def label_size(self) -> float:
        # At least the legibility floor: 28 px digits at 1080p in 16:9, 36 px in the others.
        return 24.0 if self.layout.orientation == "landscape" else 28.0

    def settle_labels(self) -> None:
        """Move each label, one after the other, to where it hides least of everything else
        (one at a time, so each sees where the others went)."""
        arrows = [a for a in self.arrows if a.label is not None]
        others = [*self.arrows, *getattr(self, "parts", ()), *self.on_plane_words]
        for arrow in arrows:
            self.beat(arrow.settle([a for a in others if a is not arrow]), run_time=0.25)

    @property
    def on_plane_words(self) -> list[Mobject]:
        return [] if self.area_label is None else [self.area_label]

    def place_area_label(self, label: Mobject) -> None:
        """On the parallelogram when it fits there, else beside it where it hides least."""
        centre = self.plane.c2p(lesson.unit_square(self.a).mean(axis=0))
        self.place_around(label, centre, [])

    def place_around(self, label: Mobject, centre: np.ndarray, avoid: list) -> None:
        """Put ``label`` at ``centre`` or in one of eight directions around it, wherever it
        hides least of the arrows, their labels and ``avoid``."""
        half = np.array([label.width / 2 + 0.2, label.height / 2 + 0.2, 0.0])
        rays = [np.array([np.cos(t), np.sin(t), 0.0]) for t in np.linspace(0, 2 * np.pi, 9)[:-1]]
        candidates = [centre] + [centre + ray * half * 1.4 for ray in rays]
        self.plane.least_covered(label, candidates, [*self.arrows, *avoid])

# ruff: noqa: F405
"""The matrix as a transformation, as a Manim user would write it: A moves the whole plane.

Same storyboard and timing as ``scenes/transformation.py`` with ``configs/transformation.yaml``
(A = [[1, -1], [1, 1]], x = (1, 2)): render with
``manim -qh bench/baseline/transformation.py Transformation``.
"""

import numpy as np
from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

A = np.array([[1, -1], [1, 1]])
X = np.array([1, 2])
COLORS = [BLUE_C, "#FF8C61"]
ACCENT = YELLOW


class Transformation(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("A matrix moves the whole plane", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        # -- grid
        plane = NumberPlane(
            x_range=[-3, 3, 1],
            y_range=[-1, 3, 1],
            x_length=6.6,
            y_length=4.4,
            background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.35},
        ).to_edge(RIGHT, buff=0.4)
        number_plane_labels(plane, range(-3, 4), range(-1, 4))
        grid = NumberPlane(
            x_range=[-4, 4, 1],
            y_range=[-2, 4, 1],
            x_length=8.8,
            y_length=6.6,
            background_line_style={"stroke_color": BLUE_B, "stroke_opacity": 0.6},
        )
        grid.shift(plane.c2p(0, 0) - grid.c2p(0, 0))
        origin = plane.c2p(0, 0)
        a_m = TypstMatrix(A).scale(0.8)
        for j, col in enumerate(a_m.get_columns()):
            col.set_color(COLORS[j])
        card = VGroup(MathTypst("A ="), a_m).arrange(RIGHT, buff=0.15).to_corner(UL)
        card.shift(DOWN * 1.1 + RIGHT * 0.5)
        note = Text("A moves the whole plane", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(FadeIn(plane), FadeIn(card), run_time=0.9)
        self.play(FadeIn(grid), FadeIn(note), run_time=0.7)
        self.wait(0.4)

        # -- basis
        def arrow(v, color, tail=(0, 0)):
            return Arrow(plane.c2p(*tail), plane.c2p(*v), buff=0, color=color)

        i_hat, j_hat, x_vec = arrow((1, 0), COLORS[0]), arrow((0, 1), COLORS[1]), arrow(X, ACCENT)
        i_label = MathTypst("hat(dotless.i)", color=COLORS[0], font_size=30)
        j_label = MathTypst("hat(dotless.j)", color=COLORS[1], font_size=30)
        x_label = MathTypst("x", color=ACCENT, font_size=30)
        i_label.next_to(i_hat.get_end(), DR, 0.05)
        j_label.next_to(j_hat.get_end(), UL, 0.05)
        x_label.next_to(x_vec.get_end(), UR, 0.05)
        square = Polygon(
            *(plane.c2p(*p) for p in ((0, 0), (1, 0), (1, 1), (0, 1))),
            stroke_color=ACCENT,
            stroke_width=2,
            fill_color=ACCENT,
            fill_opacity=0.25,
        )
        arc = Arc(radius=0.35, start_angle=0, angle=PI / 2, arc_center=origin)
        self.play(
            GrowArrow(i_hat),
            GrowArrow(j_hat),
            GrowArrow(x_vec),
            FadeIn(i_label),
            FadeIn(j_label),
            FadeIn(x_label),
            FadeIn(square),
            Create(arc),
            run_time=1.0,
        )
        said = Text("follow î, ĵ and the unit square", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(ReplacementTransform(note, said), run_time=0.4)
        self.wait(0.5)

        # -- move
        moving = VGroup(grid, square, arc, i_hat, j_hat, x_vec)
        self.play(
            ApplyMatrix(A, moving, about_point=origin),
            i_label.animate.next_to(plane.c2p(*A[:, 0]), RIGHT, 0.1),
            j_label.animate.next_to(plane.c2p(*A[:, 1]), LEFT, 0.1),
            x_label.animate.next_to(plane.c2p(*(A @ X)), UP, 0.1),
            run_time=2.2,
        )
        note = Text("√2 times a turn by 45°", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(ReplacementTransform(said, note), run_time=0.7)
        self.wait(0.6)

        # -- columns
        boxes = [
            SurroundingRectangle(col, color=COLORS[j], buff=0.08)
            for j, col in enumerate(a_m.get_columns())
        ]
        self.play(*(Create(b) for b in boxes), run_time=0.4)
        new_i = MathTypst("A hat(dotless.i) = (1, 1)", color=COLORS[0], font_size=30)
        new_j = MathTypst("A hat(dotless.j) = (-1, 1)", color=COLORS[1], font_size=30)
        new_i.next_to(plane.c2p(*A[:, 0]), RIGHT, 0.1)
        new_j.next_to(plane.c2p(*A[:, 1]), LEFT, 0.1)
        columns = VGroup(
            MathTypst("A hat(dotless.i) ="),
            TypstMatrix([[1], [1]]).scale(0.7).set_color(COLORS[0]),
            MathTypst("A hat(dotless.j) ="),
            TypstMatrix([[-1], [1]]).scale(0.7).set_color(COLORS[1]),
        ).arrange(RIGHT, buff=0.15)
        columns.next_to(card, DOWN, buff=0.8).align_to(card, LEFT)
        self.play(
            Transform(i_label, new_i), Transform(j_label, new_j), FadeIn(columns), run_time=0.9
        )
        said = Text("î and ĵ land on the columns of A", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(*(FadeOut(b) for b in boxes), ReplacementTransform(note, said), run_time=0.4)
        self.settle(i_label, j_label, x_label)
        self.wait(0.8)

        # -- area
        area = Text("area × det A = 2", font_size=24, color=ACCENT)
        area.move_to(plane.c2p(0.9, 1.1))
        det = MathTypst("det A = 1 dot.op 1 - (-1) dot.op 1 = 2", font_size=36)
        det.next_to(card, DOWN, buff=0.8).align_to(card, LEFT)
        note = Text("area × det A = 2", font_size=26).to_edge(DOWN)
        self.play(
            square.animate.set_fill(opacity=0.45),
            FadeIn(area),
            FadeIn(det),
            FadeOut(columns),
            ReplacementTransform(said, note),
            run_time=0.9,
        )
        self.settle(i_label, j_label, x_label)
        self.wait(1.0)

        # -- vector
        first = arrow(X[0] * A[:, 0], COLORS[0])
        second = arrow(A @ X, COLORS[1], tail=X[0] * A[:, 0])
        self.play(GrowArrow(first), run_time=0.6)
        self.play(GrowArrow(second), run_time=0.6)
        new_x = MathTypst("A x = (-1, 3)", color=ACCENT, font_size=30)
        new_x.next_to(plane.c2p(*(A @ X)), UP, 0.1)
        vector = VGroup(
            MathTypst("A x ="),
            MathTypst("1", color=COLORS[0]),
            TypstMatrix([[1], [1]]).scale(0.7),
            MathTypst("+"),
            MathTypst("2", color=COLORS[1]),
            TypstMatrix([[-1], [1]]).scale(0.7),
            MathTypst("="),
            TypstMatrix([[-1], [3]]).scale(0.7).set_color(ACCENT),
        ).arrange(RIGHT, buff=0.12)
        vector.next_to(card, DOWN, buff=0.8).align_to(card, LEFT)
        said = Text("Ax = x₀·(new î) + x₁·(new ĵ)", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(
            Transform(x_label, new_x),
            FadeIn(vector),
            FadeOut(det),
            ReplacementTransform(note, said),
            run_time=0.9,
        )
        self.settle(i_label, j_label, x_label)
        self.wait(1.0)

        # -- origin
        dot = Dot(origin, color=ACCENT, radius=0.09)
        ring = Circle(radius=0.2, color=ACCENT, stroke_width=4).move_to(origin)
        fixed = MathTypst("A bold(0) = bold(0)", color=ACCENT, font_size=30)
        fixed.next_to(origin, LEFT, 0.3)
        card_fixed = MathTypst("A bold(0) = bold(0)").next_to(card, DOWN, 0.8).align_to(card, LEFT)
        note = Text("the origin never moves: A·0 = 0", font_size=26).to_edge(DOWN)
        self.play(
            FadeIn(dot),
            Create(ring),
            FadeIn(fixed),
            FadeIn(card_fixed),
            FadeOut(vector),
            ReplacementTransform(said, note),
            run_time=0.8,
        )
        self.wait(2)

    def settle(self, *labels):
        """Nudge each label in turn, as the lesson scene moves its labels clear of the others."""
        for label in labels:
            self.play(label.animate.shift(0.08 * UR), run_time=0.25)

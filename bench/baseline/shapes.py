# ruff: noqa: F405
"""Shapes as a Manim user would write it: an m×n matrix maps n-D to m-D.

Same storyboard and timing as ``scenes/shapes.py`` with ``configs/shapes.yaml``
(A = [[1, 0, -1], [0, 1, 2]], x = (3, 1, 2), a batch of 32): render with
``manim -qh bench/baseline/shapes.py Shapes``.
"""

import numpy as np
from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

A = np.array([[1, 0, -1], [0, 1, 2]])
X = np.array([3, 1, 2])
Y = A @ X
IN, OUT, BATCH = BLUE_C, YELLOW, "#FF8C61"


def column(values, color):
    return TypstMatrix([[v] for v in values]).scale(0.6).set_color(color)


class Shapes(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("An m×n matrix maps n-D to m-D", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        # -- machine: R³ on the left, the matrix in a box, R² on the right
        a_m = TypstMatrix(A).scale(0.6)
        box = RoundedRectangle(width=3.2, height=1.9, corner_radius=0.15, color=GRAY_B)
        box.move_to(UP * 1.5)
        a_m.move_to(box)
        a_name = MathTypst("A  2 times 3", font_size=28).next_to(box, UP, 0.1)
        origin3 = LEFT * 5.2 + UP * 1.3
        axes3 = VGroup(
            Arrow(origin3, origin3 + 1.1 * LEFT + 0.4 * DOWN, buff=0, stroke_width=2),
            Arrow(origin3, origin3 + 1.1 * RIGHT + 0.4 * DOWN, buff=0, stroke_width=2),
            Arrow(origin3, origin3 + 1.2 * UP, buff=0, stroke_width=2),
        ).set_color(GRAY_B)
        axes3_labels = VGroup(
            Text("x₀", font_size=20).next_to(axes3[0].get_end(), LEFT, 0.05),
            Text("x₁", font_size=20).next_to(axes3[1].get_end(), RIGHT, 0.05),
            Text("x₂", font_size=20).next_to(axes3[2].get_end(), UP, 0.05),
        )
        floor = VGroup(
            *(
                Line(
                    origin3 + t * (LEFT + 0.36 * DOWN),
                    origin3 + t * (LEFT + 0.36 * DOWN) + RIGHT + 0.36 * DOWN,
                )
                for t in np.linspace(0, 1, 5)
            ),
            *(
                Line(
                    origin3 + t * (RIGHT + 0.36 * DOWN),
                    origin3 + t * (RIGHT + 0.36 * DOWN) + LEFT + 0.36 * DOWN,
                )
                for t in np.linspace(0, 1, 5)
            ),
        ).set_stroke(GRAY_B, 1, 0.4)
        plane = (
            NumberPlane(
                x_range=[-1, 3, 1],
                y_range=[-1, 6, 1],
                x_length=2.6,
                y_length=3.6,
                background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.3},
            )
            .to_edge(RIGHT, buff=0.4)
            .shift(UP * 1.0)
        )
        number_plane_labels(plane, [2], [2, 4])
        r3 = MathTypst("RR^3", color=IN, font_size=28).next_to(box, LEFT, 1.4).shift(DOWN * 0.6)
        r2 = MathTypst("RR^2", color=OUT, font_size=28).next_to(box, RIGHT, 1.4).shift(DOWN * 0.6)
        self.play(
            FadeIn(box),
            FadeIn(a_name),
            FadeIn(a_m),
            FadeIn(VGroup(axes3, axes3_labels, floor)),
            FadeIn(plane),
            FadeIn(r3),
            FadeIn(r2),
            run_time=1.0,
        )
        into = Arrow(box.get_left() + LEFT * 0.9, box.get_left(), buff=0.1, color=GRAY_B)
        out = Arrow(box.get_right(), box.get_right() + RIGHT * 0.9, buff=0.1, color=GRAY_B)
        self.play(Create(into), Create(out), run_time=0.6)
        headline = MarkupText(
            f'<span foreground="{IN}">3D</span> in  →  <span foreground="{OUT}">2D</span> out',
            font_size=40,
        ).shift(DOWN * 1.0)
        self.play(FadeIn(headline), run_time=0.6)
        note = Text("a machine: 3 numbers in, 2 out", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(FadeIn(note), run_time=0.4)
        self.wait(0.8)

        # -- input
        x_m = column(X, IN).next_to(into, LEFT, 0.1)
        x_name = MathTypst("x = (3, 1, 2)", color=IN, font_size=30).to_corner(UL).shift(DOWN * 0.8)
        point = (
            origin3
            + 0.3 * X[0] * (LEFT + 0.36 * DOWN)
            + 0.3 * X[1] * (RIGHT + 0.36 * DOWN)
            + 0.3 * X[2] * UP
        )
        x3 = Arrow(origin3, point, buff=0, color=IN)
        self.play(FadeIn(x_name), FadeIn(x_m), GrowArrow(x3), run_time=1.4)
        self.swap(note, "x = [3, 1, 2]: a point in 3D")

        # -- map: x meets the columns, the rows give y
        tops = VGroup(*(MathTypst(str(v), color=IN, font_size=24) for v in X))
        for t, c in zip(tops, a_m.get_columns(), strict=True):
            t.next_to(c, UP, 0.08)
        self.play(
            *(TransformFromCopy(e, t) for e, t in zip(x_m.get_entries(), tops, strict=True)),
            run_time=1.2,
        )
        self.play(Indicate(box, color=OUT), run_time=0.6)
        y_m = column(Y, OUT).next_to(out, RIGHT, 0.1)
        rows_brace = Brace(a_m.get_rows(), RIGHT, buff=0.05, color=OUT)
        rows_text = Text("2\nrows", font_size=18, color=OUT).next_to(rows_brace, RIGHT, 0.05)
        y_name = MathTypst("y", color=OUT, font_size=26).next_to(y_m, UP, 0.1)
        self.play(
            TransformFromCopy(a_m.get_rows()[0], y_m.get_entries()[0]),
            TransformFromCopy(a_m.get_rows()[1], y_m.get_entries()[1]),
            FadeIn(VGroup(rows_brace, rows_text, y_m.get_brackets())),
            FadeIn(y_name),
            run_time=1.4,
        )
        self.play(FadeOut(tops), run_time=0.4)
        self.swap(note, "each row of A dotted with x gives one output", 0.8)

        # -- output
        y_arrow = Arrow(plane.c2p(0, 0), plane.c2p(*Y), buff=0, color=OUT)
        y_label = MathTypst("y = (1, 5)", color=OUT, font_size=26).next_to(
            y_arrow.get_end(), UP, 0.05
        )
        self.play(GrowArrow(y_arrow), FadeIn(y_label), run_time=1.3)
        self.swap(note, "y = [1, 5]: a point in 2D", 1.2)

        # -- shape rule
        cols_brace = Brace(a_m.get_columns(), DOWN, buff=0.05, color=IN)
        cols_text = Text("3 columns", font_size=18, color=IN).next_to(cols_brace, DOWN, 0.05)
        self.play(
            FadeIn(VGroup(cols_brace, cols_text)),
            FadeIn(VGroup(rows_brace, rows_text)),
            FadeOut(headline),
            run_time=1.0,
        )
        rule = MarkupText(
            f'(<span foreground="{OUT}">2</span>×<span foreground="{IN}">3</span>) @ '
            f'(<span foreground="{IN}">3</span>,) → (<span foreground="{OUT}">2</span>,)',
            font_size=40,
        ).shift(DOWN * 1.0)
        self.play(FadeIn(rule), run_time=0.7)
        sizes = (
            VGroup(
                Text("input size = columns", font_size=28, color=IN),
                Text("output size = rows", font_size=28, color=OUT),
            )
            .arrange(RIGHT, buff=0.8)
            .next_to(rule, DOWN, 0.25)
        )
        self.play(FadeIn(sizes), run_time=0.6)
        self.swap(note, "columns take the input, rows give the output", 1.5)

        # -- pitfall
        self.play(FadeOut(VGroup(rule, sizes)), run_time=0.4)
        wrong = Text("A 2×3 matrix maps 3D → 2D, not 2D → 3D", font_size=34).shift(DOWN * 1.0)
        self.play(FadeIn(wrong), Indicate(VGroup(cols_brace, cols_text)), run_time=1.0)
        self.wait(0.6)
        five = Text("A 5×3 matrix maps 3D → 5D", font_size=34).next_to(wrong, DOWN, 0.2)
        self.play(FadeIn(five), run_time=0.8)
        self.swap(note, "output size = number of rows", 1.8)

        # -- batch: X @ Aᵀ
        everything = VGroup(
            box,
            a_name,
            a_m,
            axes3,
            axes3_labels,
            floor,
            plane,
            r3,
            r2,
            into,
            out,
            x_m,
            x_name,
            x3,
            y_m,
            rows_brace,
            rows_text,
            y_name,
            y_arrow,
            y_label,
            cols_brace,
            cols_text,
            wrong,
            five,
        )
        self.play(FadeOut(everything), run_time=0.7)
        x_block = Rectangle(width=0.8, height=3.0, fill_color=IN, fill_opacity=0.3, color=IN)
        x_block.add(
            *(
                Line(x_block.get_left(), x_block.get_right())
                .shift(UP * (1.5 - 3.0 * k / 12))
                .set_stroke(IN, 1, 0.5)
                for k in range(1, 12)
            )
        )
        a_block = Rectangle(width=0.5, height=0.8, fill_color=GRAY, fill_opacity=0.4, color=GRAY_B)
        at = Text("@", font_size=36)
        VGroup(x_block, at, a_block).arrange(RIGHT, buff=0.6).shift(LEFT * 1.2 + UP * 0.6)
        names = VGroup(
            Text("X", font_size=28).next_to(x_block, UP, 0.1),
            Text("Aᵀ", font_size=28).next_to(a_block, UP, 0.1),
        )
        rows32 = Text("32", font_size=26, color=BATCH).next_to(x_block, LEFT, 0.2)
        self.play(FadeIn(x_block), FadeIn(a_block), FadeIn(VGroup(at, names, rows32)), run_time=1.0)
        scan = Line(x_block.get_corner(UL), x_block.get_corner(UR), color=BATCH, stroke_width=4)
        self.play(Create(scan), run_time=0.5)
        self.play(scan.animate.move_to(x_block.get_bottom()), run_time=1.0)
        shapes = MarkupText(
            f'(<span foreground="{BATCH}">32</span>, <span foreground="{IN}">3</span>) @ '
            f'(<span foreground="{IN}">3</span>, <span foreground="{OUT}">2</span>) → '
            f'(<span foreground="{BATCH}">32</span>, <span foreground="{OUT}">2</span>)',
            font_size=40,
        ).shift(DOWN * 2.2)
        inner = SurroundingRectangle(shapes[4:14], color=IN, buff=0.08)
        self.play(FadeIn(shapes), Create(inner), run_time=0.8)
        y_block = Rectangle(width=0.5, height=3.0, fill_color=OUT, fill_opacity=0.3, color=OUT)
        y_block.next_to(a_block, RIGHT, 1.4).match_y(x_block)
        arrow = Text("→", font_size=36).move_to((a_block.get_right() + y_block.get_left()) / 2)
        self.play(
            FadeIn(arrow),
            TransformFromCopy(x_block, y_block),
            TransformFromCopy(rows32, rows32.copy().next_to(y_block, RIGHT, 0.2)),
            FadeIn(Text("Y", font_size=28).next_to(y_block, UP, 0.1)),
            run_time=1.3,
        )
        self.swap(note, "32 inputs, one per row of X", 2.0)

    def swap(self, note, words, hold=1.0):
        """Replace the footer note, then let it be read."""
        new = Text(words, font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(FadeIn(new), FadeOut(note), run_time=0.4)
        note.become(new)
        self.remove(new)
        self.add(note)
        self.wait(hold)

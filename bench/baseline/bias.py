# ruff: noqa: F405
"""The bias as a Manim user would write it: y = Ax + b moves the output off the origin.

Same storyboard and timing as ``scenes/bias.py`` with ``configs/bias.yaml``:
render with ``manim -qh bench/baseline/bias.py Bias``.
"""

from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

A = [[1, 0, -1], [0, 1, 2]]
X = [3, 1, 2]
B = (1, -3)
AX = (1, 5)
Y = (2, 2)
COLORS = [BLUE_C, ORANGE, GREEN_C]
OUTPUT = YELLOW
BIAS = "#FF8C61"


def column(values, color, scale=0.7):
    m = TypstMatrix([[v] for v in values]).scale(scale)
    m.get_entries().set_color(color)
    return m


class Bias(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("The bias moves the output off the origin", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        plane = (
            NumberPlane(
                x_range=[-2, 4, 1],
                y_range=[-4, 6, 1],
                x_length=4.2,
                y_length=6,
                background_line_style={"stroke_color": BLUE_E, "stroke_opacity": 0.6},
            )
            .to_edge(RIGHT, buff=0.8)
            .shift(DOWN * 0.3)
        )
        number_plane_labels(plane, range(-2, 5), range(-4, 7))
        origin = plane.c2p(0, 0)
        self.play(FadeIn(plane), run_time=0.8)

        y_sym = MathTypst("y", color=OUTPUT)
        eq1 = MathTypst("=")
        a_m = TypstMatrix(A).scale(0.7)
        for j, col in enumerate(a_m.get_columns()):
            col.set_color(COLORS[j])
        x_m = TypstMatrix([[v] for v in X]).scale(0.7)
        for j, entry in enumerate(x_m.get_entries()):
            entry.set_color(COLORS[j])
        plus1 = MathTypst("+")
        b_m = column(B, BIAS)
        first = VGroup(y_sym, eq1, a_m, x_m, plus1, b_m).arrange(RIGHT, buff=0.12)
        first.to_corner(UL).shift(DOWN * 1.1)
        caps = VGroup(
            MathTypst("A", font_size=26).next_to(a_m, UP, buff=0.1),
            MathTypst("x", font_size=26).next_to(x_m, UP, buff=0.1),
            MathTypst("b", font_size=26, color=BIAS).next_to(b_m, UP, buff=0.1),
        )
        self.play(
            *(FadeIn(m) for m in (y_sym, eq1, a_m, x_m, plus1, b_m)),
            *(FadeIn(c) for c in caps),
            run_time=0.9,
        )
        note = Text("y = Ax + b: a linear map, then a shift", font_size=26, color=GRAY_B)
        note.to_edge(DOWN)
        self.play(FadeIn(note), run_time=0.5)
        self.wait(0.5)

        dot = Dot(origin, color=YELLOW, radius=0.09)
        origin_label = MathTypst("A thin bold(0) = bold(0)", color=YELLOW, font_size=30)
        origin_label.next_to(dot, DL, buff=0.1)
        said = Text("a linear map fixes the origin: A·0 = 0", font_size=26, color=GRAY_B)
        said.to_edge(DOWN)
        self.play(FadeIn(dot), FadeIn(origin_label), ReplacementTransform(note, said), run_time=1.0)
        self.wait(0.8)

        ax_arrow = Arrow(origin, plane.c2p(*AX), buff=0, color=WHITE)
        ax_label = MathTypst("A x = (1, 5)", font_size=30).next_to(ax_arrow.get_end(), UP, 0.1)
        self.play(GrowArrow(ax_arrow), FadeIn(ax_label), run_time=1.0)
        eq2 = MathTypst("=")
        ax_m = column(AX, WHITE)
        plus2 = MathTypst("+")
        b_m2 = column(B, BIAS)
        eq3 = MathTypst("=")
        y_m = column(Y, OUTPUT)
        second = VGroup(eq2, ax_m, plus2, b_m2, eq3, y_m).arrange(RIGHT, buff=0.12)
        second.next_to(first, DOWN, buff=0.7).align_to(eq1, LEFT)
        cap_ax = MathTypst("A x", font_size=26).next_to(ax_m, UP, buff=0.1)
        cap_y = MathTypst("y", font_size=26, color=OUTPUT).next_to(y_m, UP, buff=0.1)
        self.play(
            FadeIn(eq2),
            ReplacementTransform(VGroup(a_m, x_m).copy(), ax_m),
            FadeIn(cap_ax),
            run_time=0.8,
        )
        self.wait(0.5)

        bias = Arrow(plane.c2p(*AX), plane.c2p(*Y), buff=0, color=BIAS)
        bias_label = MathTypst("b", color=BIAS, font_size=30).next_to(bias.get_center(), RIGHT)
        self.play(
            GrowArrow(bias),
            FadeIn(bias_label),
            FadeIn(plus2),
            ReplacementTransform(b_m.copy(), b_m2),
            run_time=1.0,
        )
        self.wait(0.5)

        result = Arrow(origin, plane.c2p(*Y), buff=0, color=OUTPUT)
        result_label = MathTypst("y = (2, 2)", color=OUTPUT, font_size=30)
        result_label.next_to(result.get_end(), RIGHT, buff=0.1)
        self.play(
            GrowArrow(result),
            FadeIn(result_label),
            FadeIn(eq3),
            ReplacementTransform(VGroup(ax_m, b_m2).copy(), y_m),
            FadeIn(cap_y),
            run_time=1.0,
        )
        self.wait(0.8)

        # The image of A is the whole plane (rank 2): show it as a grid and move it by b.
        grid = NumberPlane(
            x_range=[-2, 4, 1],
            y_range=[-4, 6, 1],
            x_length=4.2,
            y_length=6,
            background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.5},
            axis_config={"stroke_color": GRAY_A},
        ).move_to(plane)
        self.play(FadeIn(grid), run_time=0.6)
        shift = plane.c2p(*B) - origin
        trail = Arrow(origin, plane.c2p(*B), buff=0, color=BIAS)
        new_label = MathTypst("A thin bold(0) + b = b", color=YELLOW, font_size=30)
        new_label.next_to(plane.c2p(*B), DR, buff=0.1)
        moved = Text("a linear map fixes the origin; the bias moves it", font_size=26)
        moved.to_edge(DOWN)
        self.play(
            VGroup(grid, dot, ax_arrow, ax_label).animate.shift(shift),
            GrowArrow(trail),
            FadeOut(bias),
            FadeOut(bias_label),
            Transform(origin_label, new_label),
            ReplacementTransform(said, moved),
            run_time=1.8,
        )
        short = MathTypst("A x", font_size=30).move_to(ax_label)
        self.play(Transform(ax_label, short), run_time=0.4)
        self.play(
            ax_label.animate.next_to(ax_arrow.get_center(), LEFT, buff=0.15),
            result_label.animate.next_to(result.get_end(), RIGHT, buff=0.15),
            run_time=0.5,
        )
        self.wait(2)

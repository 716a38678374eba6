# ruff: noqa: F405
"""The column view as a Manim user would write it: Ax is a weighted sum of A's columns.

Same storyboard and timing as ``scenes/column_view.py`` with ``configs/column_view.yaml``:
render with ``manim -qh bench/baseline/column_view.py ColumnView``.
"""

from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

A = [[1, 0, -1], [0, 1, 2]]
X = [3, 1, 2]
COLUMNS = [(1, 0), (0, 1), (-1, 2)]
SCALED = [(3, 0), (0, 1), (-2, 4)]
TAILS = [(0, 0), (3, 0), (3, 1)]
Y = (1, 5)
COLORS = [BLUE_C, ORANGE, GREEN_C]
OUTPUT = YELLOW


class ColumnView(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("Ax is a weighted sum of the columns", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        plane = (
            NumberPlane(
                x_range=[-3, 4, 1],
                y_range=[-1, 6, 1],
                x_length=6,
                y_length=6,
                background_line_style={"stroke_color": BLUE_E, "stroke_opacity": 0.6},
            )
            .to_edge(RIGHT, buff=0.4)
            .shift(DOWN * 0.3)
        )
        number_plane_labels(plane, range(-3, 5), range(-1, 7))
        origin = plane.c2p(0, 0)
        self.play(FadeIn(plane), run_time=0.8)

        a_m = TypstMatrix(A).scale(0.7)
        x_m = TypstMatrix([[v] for v in X]).scale(0.7)
        for j, column in enumerate(a_m.get_columns()):
            column.set_color(COLORS[j])
        for j, entry in enumerate(x_m.get_entries()):
            entry.set_color(COLORS[j])
        top = VGroup(a_m, x_m).arrange(RIGHT, buff=0.15).to_corner(UL).shift(DOWN * 1.0)
        cap_a = MathTypst("A", font_size=28).next_to(a_m, UP, buff=0.1)
        cap_x = MathTypst("x", font_size=28).next_to(x_m, UP, buff=0.1)
        self.play(FadeIn(a_m), FadeIn(x_m), FadeIn(cap_a), FadeIn(cap_x), run_time=0.8)
        note = Text("Ax is a weighted sum of the columns of A", font_size=26, color=GRAY_B).to_edge(
            DOWN
        )
        self.play(FadeIn(note), run_time=0.5)
        self.wait(0.5)

        arrows, labels = [], []
        for j, column in enumerate(COLUMNS):
            arrow = Arrow(origin, plane.c2p(*column), buff=0, color=COLORS[j])
            label = MathTypst(f"a_{j}", color=COLORS[j], font_size=32)
            label.next_to(arrow.get_end(), UR, buff=0.1)
            box = SurroundingRectangle(a_m.get_columns()[j], color=COLORS[j], buff=0.1)
            self.play(Create(box), GrowArrow(arrow), FadeIn(label), run_time=0.7)
            self.play(FadeOut(box), run_time=0.2)
            arrows.append(arrow)
            labels.append(label)
        self.wait(0.5)

        eq1 = MathTypst("=")
        weights = [MathTypst(str(v), color=COLORS[j]).scale(0.7) for j, v in enumerate(X)]
        columns = [TypstMatrix([[a], [b]]).scale(0.7) for a, b in COLUMNS]
        for j, column in enumerate(columns):
            column.get_entries().set_color(COLORS[j])
        pluses = [MathTypst("+") for _ in range(len(X) - 1)]
        pieces = [eq1]
        for j in range(len(X)):
            if j:
                pieces.append(pluses[j - 1])
            pieces += [weights[j], columns[j]]
        second = VGroup(*pieces).arrange(RIGHT, buff=0.1)
        second.next_to(top, DOWN, buff=0.7).align_to(top, LEFT)
        caps = [
            MathTypst(f"x_{j} a_{j}", color=COLORS[j], font_size=24).next_to(
                columns[j], UP, buff=0.1
            )
            for j in range(len(X))
        ]
        for j in range(len(X)):
            entry = x_m.get_entries()[j]
            box = SurroundingRectangle(entry, color=COLORS[j], buff=0.08)
            self.play(
                Create(box),
                ReplacementTransform(entry.copy(), weights[j]),
                ReplacementTransform(a_m.get_columns()[j].copy(), columns[j].get_entries()),
                FadeIn(columns[j].get_brackets()),
                FadeIn(caps[j]),
                FadeIn(pluses[j - 1] if j else eq1),
                run_time=0.7,
            )
            new_label = MathTypst(f"{X[j]} thin a_{j}", color=COLORS[j], font_size=32)
            new_label.move_to(labels[j])
            self.play(Transform(labels[j], new_label), FadeOut(box), run_time=0.4)
            scaled = Arrow(origin, plane.c2p(*SCALED[j]), buff=0, color=COLORS[j])
            self.play(
                Transform(arrows[j], scaled),
                labels[j].animate.next_to(scaled.get_end(), UR, buff=0.1),
                run_time=0.9,
            )
        self.wait(0.5)

        for j in range(len(X)):
            shift = plane.c2p(*TAILS[j]) - origin
            self.play(arrows[j].animate.shift(shift), labels[j].animate.shift(shift), run_time=0.7)
        self.wait(0.3)

        result = Arrow(origin, plane.c2p(*Y), buff=0, color=OUTPUT)
        result_label = MathTypst("A x = (1, 5)", color=OUTPUT, font_size=32)
        result_label.next_to(result.get_end(), LEFT, buff=0.15)
        eq2 = MathTypst("=")
        y_m = TypstMatrix([[Y[0]], [Y[1]]]).scale(0.7)
        y_m.get_entries().set_color(OUTPUT)
        third = VGroup(eq2, y_m).arrange(RIGHT, buff=0.1)
        third.next_to(second, DOWN, buff=0.6).align_to(second, LEFT)
        cap_y = MathTypst("y", color=OUTPUT, font_size=28).next_to(y_m, UP, buff=0.1)
        self.play(
            GrowArrow(result),
            FadeIn(result_label),
            FadeIn(eq2),
            ReplacementTransform(VGroup(*columns).copy(), y_m),
            FadeIn(cap_y),
            run_time=1.0,
        )
        self.wait(1.0)

        highlight = Rectangle(
            width=plane.width, height=plane.height, stroke_width=0, fill_color=YELLOW
        ).set_fill(opacity=0.08)
        highlight.move_to(plane)
        said = Text(
            "rank 2: the columns of A span the whole plane", font_size=26, color=GRAY_B
        ).to_edge(DOWN)
        self.play(FadeIn(highlight), ReplacementTransform(note, said), run_time=0.8)
        self.wait(0.8)
        final = Text("y lives in the column space of A", font_size=26).to_edge(DOWN)
        self.play(ReplacementTransform(said, final), run_time=0.6)
        self.wait(2)

# ruff: noqa: F405
"""The row view as a Manim user would write it: y = Ax, one dot product per row.

Same storyboard and timing as ``scenes/row_view.py`` with ``configs/row_view.yaml``:
render with ``manim -qh bench/baseline/row_view.py RowView``.
"""

from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, split formulas)

A = [[1, 0, -1], [0, 1, 2]]
X = [3, 1, 2]
Y = [1, 5]
COLORS = [BLUE_C, ORANGE, GREEN_C]
OUTPUT = YELLOW


class RowView(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("Each output is a dot product", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        a_m = TypstMatrix(A)
        x_m = TypstMatrix([[v] for v in X])
        y_m = TypstMatrix([[v] for v in Y])
        for j, column in enumerate(a_m.get_columns()):
            column.set_color(COLORS[j])
        for j, entry in enumerate(x_m.get_entries()):
            entry.set_color(COLORS[j])
        y_m.get_entries().set_color(OUTPUT)
        equals = MathTypst("=")
        line = VGroup(y_m, equals, a_m, x_m).arrange(RIGHT, buff=0.35).shift(UP * 1.3)
        labels = VGroup(
            MathTypst("y", color=OUTPUT).next_to(y_m, DOWN),
            MathTypst("A").next_to(a_m, DOWN),
            MathTypst("x").next_to(x_m, DOWN),
        )
        for label in labels:
            label.set_y(line.get_bottom()[1] - 0.45)
        self.play(
            FadeIn(a_m),
            FadeIn(x_m),
            FadeIn(equals),
            FadeIn(y_m.get_brackets()),
            FadeIn(labels),
            run_time=1,
        )
        hint = Text(
            "each entry of y is a row of A dotted with x", font_size=28, color=GRAY_B
        ).to_edge(DOWN)
        self.play(FadeIn(hint), run_time=0.5)
        self.wait(0.5)

        for i in range(len(A)):
            row = a_m.get_rows()[i]
            other = a_m.get_rows()[1 - i]
            boxes = VGroup(
                SurroundingRectangle(row, color=YELLOW, buff=0.12),
                SurroundingRectangle(x_m.get_entries(), color=YELLOW, buff=0.12),
            )
            self.play(Create(boxes), other.animate.set_opacity(0.3), run_time=0.6)

            parts = [f"y_{i}", "="]
            for j in range(len(X)):
                if j:
                    parts.append("+")
                parts += [str(A[i][j]), "dot.op", str(X[j])]
            terms = pieces(*parts)
            terms[0].set_color(OUTPUT)
            products = [A[i][j] * X[j] for j in range(len(X))]
            product_parts = ["="]
            for j, p in enumerate(products):
                if j:
                    product_parts.append("+")
                product_parts.append(str(p) if p >= 0 else f"({p})")
            product_line = pieces(*product_parts)
            total = pieces("=", str(Y[i]))
            total[1].set_color(OUTPUT)
            for j in range(len(X)):
                k = 2 + 4 * j
                terms[k].set_color(COLORS[j])
                terms[k + 2].set_color(COLORS[j])
                product_line[1 + 2 * j].set_color(COLORS[j])
            block = VGroup(terms, product_line, total).arrange(DOWN, aligned_edge=LEFT)
            block.next_to(line, DOWN, buff=1.0)
            product_line.align_to(terms[1], LEFT)
            total.align_to(terms[1], LEFT)

            moves = []
            for j in range(len(X)):
                k = 2 + 4 * j
                group = [
                    ReplacementTransform(row[j].copy(), terms[k]),
                    FadeIn(terms[k + 1]),
                    ReplacementTransform(x_m.get_entries()[j].copy(), terms[k + 2]),
                ]
                if j:
                    group.insert(0, FadeIn(terms[k - 1]))
                moves.append(LaggedStart(*group, lag_ratio=0.15))
            self.play(FadeIn(terms[0]), FadeIn(terms[1]), run_time=0.4)
            self.play(LaggedStart(*moves, lag_ratio=0.35), run_time=1.2 + 0.25 * len(X))
            self.wait(0.4)
            self.play(FadeIn(product_line, shift=0.15 * DOWN), run_time=0.8)
            self.wait(0.3)
            self.play(FadeIn(total, shift=0.15 * DOWN), run_time=0.7)
            self.wait(0.4)
            self.play(
                ReplacementTransform(total[1].copy(), y_m.get_entries()[i]),
                FadeOut(block),
                Uncreate(boxes),
                other.animate.set_opacity(1),
                run_time=0.9,
            )

        final = Text("y = Ax: one dot product per row", font_size=28).to_edge(DOWN)
        self.play(
            VGroup(line, labels).animate.move_to(ORIGIN),
            ReplacementTransform(hint, final),
            run_time=0.8,
        )
        frame = SurroundingRectangle(y_m, color=OUTPUT, buff=0.12)
        self.play(Create(frame), run_time=0.6)
        self.wait(2)

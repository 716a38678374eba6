# ruff: noqa: F405
"""The forward pass as a Manim user would write it: depth needs a non-linearity.

Same storyboard and timing as ``scenes/layers.py`` with ``configs/layers.yaml`` (three 2×2
weights, ReLU between them, 12 points on the unit circle): render with
``manim -qh bench/baseline/layers.py Layers``.
"""

import numpy as np
from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

W = [
    np.array([[1, -1], [1, 1]]),
    np.array([[1, -1], [0, 1]]),
    np.array([[1, 0.5], [-0.5, 1]]),
]
COLORS = [BLUE_C, "#FF8C61"]
ACCENT = YELLOW


def relu_map(plane):
    """ReLU in the plane's coordinates, as a function of scene points."""

    def apply(point):
        x, y = plane.p2c(point)
        return plane.c2p(max(x, 0), max(y, 0))

    return apply


class Layers(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("Depth needs a non-linearity", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        plane = (
            NumberPlane(
                x_range=[-3.5, 3.5, 1],
                y_range=[-2.5, 2.5, 1],
                x_length=7,
                y_length=5.5,
                background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.25},
            )
            .to_edge(RIGHT, buff=0.3)
            .shift(DOWN * 0.4)
        )
        number_plane_labels(plane, range(-3, 4), range(-2, 3))
        origin = plane.c2p(0, 0)

        def make_grid():
            grid = NumberPlane(
                x_range=[-4, 4, 1],
                y_range=[-3, 3, 1],
                x_length=8,
                y_length=6 * 5.5 / 5,
                background_line_style={"stroke_color": BLUE_B, "stroke_opacity": 0.5},
            )
            grid.shift(origin - grid.c2p(0, 0))
            return grid

        grid = make_grid()
        angles = np.linspace(0, TAU, 12, endpoint=False)
        start = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        dots = VGroup(
            *(
                Dot(plane.c2p(*p), radius=0.07, color=interpolate_color(RED, PURPLE, k / 12))
                for k, p in enumerate(start)
            )
        )
        self.points = start.copy()

        def move_dots(points):
            """The dots slide to ``points`` (plane coordinates)."""
            self.points = points
            return [d.animate.move_to(plane.c2p(*p)) for d, p in zip(dots, points, strict=True)]

        def apply(matrix, run_time):
            self.play(
                ApplyMatrix(matrix, grid, about_point=origin),
                *move_dots(self.points @ matrix.T),
                run_time=run_time,
            )

        formulas = (
            VGroup(
                MathTypst("h_1 = sigma(W_1 x)"),
                MathTypst("h_2 = sigma(W_2 h_1)"),
                MathTypst('"out" = W_3 h_2'),
            )
            .arrange(DOWN, aligned_edge=LEFT)
            .to_corner(UL)
            .shift(DOWN * 0.8 + RIGHT * 0.5)
        )
        formulas.set_color(GRAY_B)
        self.play(FadeIn(plane), FadeIn(grid), FadeIn(formulas), run_time=0.8)
        self.play(LaggedStart(*(FadeIn(d) for d in dots), lag_ratio=0.1), run_time=1.0)

        def card(name, matrix):
            m = TypstMatrix(matrix).scale(0.8)
            for j, col in enumerate(m.get_columns()):
                col.set_color(COLORS[j])
            group = VGroup(MathTypst(f"{name} ="), m).arrange(RIGHT, buff=0.15)
            return group.next_to(formulas, DOWN, buff=1.0).align_to(formulas, LEFT)

        shown = VGroup(Text("x: 12 points on the unit circle", font_size=26))
        shown.next_to(formulas, DOWN, buff=1.0).align_to(formulas, LEFT)
        self.play(FadeIn(shown), run_time=0.5)
        self.wait(0.8)

        def highlight(k):
            return [
                f.animate.set_color(ACCENT if i == k else GRAY_B) for i, f in enumerate(formulas)
            ]

        for k in range(3):  # layer k+1, then its ReLU
            new = card(f"W_{k + 1}", W[k])
            self.play(*highlight(k), FadeIn(new), FadeOut(shown), run_time=0.7)
            shown = new
            apply(W[k], 1.6)
            self.wait(0.6)
            if k == 2:
                break
            new = VGroup(
                MathTypst("sigma(z) = max(0, z)", color=ACCENT),
                Text("points fold onto the axes", font_size=24, color=GRAY_B),
            ).arrange(DOWN, aligned_edge=LEFT)
            new.next_to(formulas, DOWN, buff=1.0).align_to(formulas, LEFT)
            self.play(FadeIn(new), FadeOut(shown), run_time=0.6)
            shown = new
            self.play(
                ApplyPointwiseFunction(relu_map(plane), grid),
                *move_dots(np.maximum(self.points, 0)),
                run_time=1.8,
            )
            self.wait(0.8)

        # Without activation: the same weights, no sigma.
        plain = (
            VGroup(
                MathTypst("h_1 = W_1 x"),
                MathTypst("h_2 = W_2 h_1"),
                MathTypst('"out" = W_3 h_2'),
            )
            .arrange(DOWN, aligned_edge=LEFT)
            .move_to(formulas, aligned_edge=UL)
        )
        plain.set_color(GRAY_B)
        new = (
            Text("the same weights, no σ", font_size=28)
            .next_to(plain, DOWN, 1.0)
            .align_to(plain, LEFT)
        )
        self.play(
            ReplacementTransform(formulas, plain),
            FadeIn(new),
            FadeOut(shown),
            Transform(grid, make_grid()),
            *move_dots(start),
            run_time=1.2,
        )
        formulas, shown = plain, new

        for k in range(3):
            self.play(*highlight(k), run_time=0.3)
            apply(W[k], 1.0)
        self.play(*highlight(-1), run_time=0.3)
        self.wait(0.5)

        # Collapse: one matrix does what the three did.
        product = W[2] @ W[1] @ W[0]
        ghosts = VGroup(*(Circle(radius=0.14, color=d.get_color()).move_to(d) for d in dots))
        new = card("W_3 W_2 W_1", product)
        self.play(
            FadeIn(ghosts),
            FadeIn(new),
            FadeOut(shown),
            Transform(grid, make_grid()),
            *move_dots(start),
            run_time=1.2,
        )
        self.wait(0.6)
        said = Text("one matrix, the same result", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(FadeIn(said), run_time=0.8)
        apply(product, 2.0)
        final = Text(
            "any chain of linear layers can be collapsed to a single one", font_size=26
        ).to_edge(DOWN)
        self.play(ReplacementTransform(said, final), run_time=0.5)
        self.wait(2)

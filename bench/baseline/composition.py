# ruff: noqa: F405
"""Composition as a Manim user would write it: first A, then B, is the single matrix BA.

Same storyboard and timing as ``scenes/composition.py`` with ``configs/composition.yaml``
(A = rotation by 90°, B = shear 1, x = (1, 1)): render with
``manim -qh bench/baseline/composition.py Composition``.
"""

import numpy as np
from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

A = np.array([[0, -1], [1, 0]])  # rotation by 90 degrees, applied first
B = np.array([[1, 1], [0, 1]])  # shear, applied second
X = np.array([1, 1])
BA = B @ A
AB = A @ B


def named(name, matrix, colored=True):
    m = TypstMatrix(matrix).scale(0.65)
    if colored:
        m.get_columns()[0].set_color(BLUE_C)
        m.get_columns()[1].set_color(ORANGE)
    return VGroup(MathTypst(name + " ="), m).arrange(RIGHT, buff=0.15)


def product_line(left, right, lm, rm):
    return VGroup(
        MathTypst(f"{left} {right} ="),
        TypstMatrix(lm).scale(0.55),
        TypstMatrix(rm).scale(0.55),
        MathTypst("="),
        TypstMatrix(lm @ rm).scale(0.55),
    ).arrange(RIGHT, buff=0.12)


class Composition(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("First A, then B, is the single matrix BA", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        style = {"stroke_color": BLUE_E, "stroke_opacity": 0.5}
        plane = (
            NumberPlane(
                x_range=[-2, 3, 1],
                y_range=[-1, 3, 1],
                x_length=6,
                y_length=4.8,
                background_line_style=style,
            )
            .to_edge(RIGHT, buff=0.4)
            .shift(DOWN * 0.4)
        )
        number_plane_labels(plane, range(-2, 4), range(-1, 4))
        grid = NumberPlane(
            x_range=[-2, 3, 1],
            y_range=[-1, 3, 1],
            x_length=6,
            y_length=4.8,
            background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.7},
        ).move_to(plane)
        origin = plane.c2p(0, 0)

        def arrow(v, color):
            return Arrow(origin, plane.c2p(*v), buff=0, color=color)

        i_hat, j_hat, x_vec = arrow((1, 0), BLUE_C), arrow((0, 1), ORANGE), arrow(X, YELLOW)
        i_label = MathTypst("hat(dotless.i)", color=BLUE_C).next_to(i_hat.get_end(), DR, 0.05)
        j_label = MathTypst("hat(dotless.j)", color=ORANGE).next_to(j_hat.get_end(), UL, 0.05)
        x_label = MathTypst("x", color=YELLOW).next_to(x_vec.get_end(), UR, 0.05)

        a_row = named("A", A)
        b_row = named("B", B)
        rows = VGroup(a_row, b_row).arrange(RIGHT, buff=0.6).to_corner(UL).shift(DOWN * 1.1)
        first_cap = Text("first", font_size=20, color=GRAY_B).next_to(a_row[1], UP, 0.1)
        then_cap = Text("then", font_size=20, color=GRAY_B).next_to(b_row[1], UP, 0.1)
        ba_line = product_line("B", "A", B, A).next_to(rows, DOWN, buff=0.6).align_to(rows, LEFT)
        ab_line = product_line("A", "B", A, B).next_to(ba_line, DOWN, 0.5).align_to(rows, LEFT)

        self.play(
            FadeIn(plane),
            FadeIn(grid),
            FadeIn(VGroup(a_row, first_cap)),
            FadeIn(VGroup(b_row, then_cap)),
            run_time=0.9,
        )
        self.play(
            GrowArrow(i_hat),
            GrowArrow(j_hat),
            GrowArrow(x_vec),
            FadeIn(i_label),
            FadeIn(j_label),
            FadeIn(x_label),
            run_time=0.8,
        )
        note = Text("apply A first, then B", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(FadeIn(note), run_time=0.4)
        self.wait(0.5)

        moving = VGroup(grid, i_hat, j_hat, x_vec)
        labels = VGroup(i_label, j_label, x_label)
        moving.save_state()
        labels.save_state()

        def apply(matrix, now, run_time, group=moving, vec=X):
            """Apply ``matrix`` to the grid and arrows; the labels ride along with the tips."""
            after = matrix @ now
            self.play(
                ApplyMatrix(matrix, group, about_point=origin),
                x_label.animate.next_to(plane.c2p(*(after @ vec)), UR, 0.05),
                i_label.animate.next_to(plane.c2p(*after[:, 0]), DR, 0.05),
                j_label.animate.next_to(plane.c2p(*after[:, 1]), UL, 0.05),
                run_time=run_time,
            )
            return after

        def relabel(tex, tip, *also, run_time=0.5):
            new = MathTypst(tex, color=YELLOW).next_to(plane.c2p(*tip), UR, 0.05)
            self.play(Transform(x_label, new), *also, run_time=run_time)

        box_a = SurroundingRectangle(VGroup(a_row, first_cap), color=YELLOW, buff=0.12)
        self.play(Create(box_a), run_time=0.4)
        now = apply(A, np.eye(2), 1.5)
        relabel("A x", A @ X, FadeOut(box_a))
        self.wait(0.4)

        box_b = SurroundingRectangle(VGroup(b_row, then_cap), color=YELLOW, buff=0.12)
        self.play(Create(box_b), run_time=0.4)
        now = apply(B, now, 1.5)
        relabel("B(A x)", BA @ X, FadeOut(box_b))
        target = Dot(plane.c2p(*(BA @ X)), color=YELLOW, radius=0.08)
        self.play(FadeIn(target), run_time=0.3)
        self.wait(0.5)

        self.play(Restore(moving), Restore(labels), run_time=1.0)
        said = Text("B(Ax) = (BA)x: one matrix, BA", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(FadeIn(ba_line), ReplacementTransform(note, said), run_time=0.9)
        box_ba = SurroundingRectangle(ba_line, color=YELLOW, buff=0.12)
        self.play(Create(box_ba), run_time=0.3)
        now = apply(BA, np.eye(2), 1.5)
        relabel("(B A) x", BA @ X, FadeOut(box_ba))
        ring = Circle(radius=0.22, color=YELLOW, stroke_width=4).move_to(plane.c2p(*(BA @ X)))
        same = Text("B(Ax) and (BA)x land on the same point", font_size=26).to_edge(DOWN)
        self.play(Create(ring), ReplacementTransform(said, same), run_time=0.6)
        self.wait(0.8)

        # The other order: a second x walks B first, then A; the BA result stays.
        ba_arrow, ba_label = x_vec, x_label
        grid_only = VGroup(grid)
        other = arrow(X, WHITE)
        other_label = MathTypst("x").next_to(other.get_end(), UR, 0.05)
        said = Text("the other order: B first, then A", font_size=26, color=GRAY_B).to_edge(DOWN)
        self.play(
            FadeOut(ring),
            FadeOut(i_hat),
            FadeOut(j_hat),
            FadeOut(i_label),
            FadeOut(j_label),
            ApplyMatrix(np.linalg.inv(BA), grid, about_point=origin),
            GrowArrow(other),
            FadeIn(other_label),
            ReplacementTransform(same, said),
            run_time=1.0,
        )
        self.play(FadeIn(ab_line), run_time=0.7)
        walking = VGroup(grid_only, other)
        self.play(
            ApplyMatrix(B, walking, about_point=origin),
            other_label.animate.next_to(plane.c2p(*(B @ X)), UR, 0.05),
            run_time=1.1,
        )
        self.play(
            ApplyMatrix(A, walking, about_point=origin),
            other_label.animate.next_to(plane.c2p(*(AB @ X)), UR, 0.05),
            run_time=1.1,
        )
        new = MathTypst("(A B) x").next_to(plane.c2p(*(AB @ X)), UL, 0.05)
        self.play(Transform(other_label, new), run_time=0.4)
        self.play(ba_label.animate.next_to(ba_arrow.get_end(), RIGHT, 0.1), run_time=0.4)
        final = Text("the combined matrix is BA, not AB", font_size=26).to_edge(DOWN)
        self.play(ReplacementTransform(said, final), run_time=0.6)
        self.wait(2)

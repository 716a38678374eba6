# ruff: noqa: F405
"""Linearity as a Manim user would write it: A keeps sums and multiples; a bias does not.

Same storyboard and timing as ``scenes/linearity.py`` with ``configs/linearity.yaml``
(A = [[1, 1], [0, 1]], u = (1, 0.5), v = (0.5, 1.5), c = 2, b = (1, -1)): render with
``manim -qh bench/baseline/linearity.py Linearity``.
"""

import numpy as np
from manim import *  # noqa: F403  (written as a Manim user would)
from notex import *  # noqa: F403  (Typst instead of LaTeX: Matrix brackets, axis numbers)

A = np.array([[1, 1], [0, 1]])
U, V = np.array([1, 0.5]), np.array([0.5, 1.5])
C = 2
B = np.array([1, -1])
U_COLOR, V_COLOR, SUM, BIAS = BLUE_C, "#FF8C61", YELLOW, "#FF6F61"


def col(values, color=WHITE):
    return TypstMatrix([[f"{v:g}"] for v in values]).scale(0.6).set_color(color)


class Linearity(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("A matrix keeps sums and multiples; a bias does not", font_size=34)
        self.play(FadeIn(title.to_edge(UP)), run_time=0.6)
        plane = (
            NumberPlane(
                x_range=[-1, 6.5, 1],
                y_range=[-2, 3, 1],
                x_length=7.2,
                y_length=5.4,
                background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.3},
            )
            .to_edge(RIGHT, buff=0.3)
            .shift(DOWN * 0.3)
        )
        number_plane_labels(plane, range(-1, 7), range(-2, 4))
        self.plane = plane
        origin = plane.c2p(0, 0)

        def make_grid():
            grid = NumberPlane(
                x_range=[-2, 8, 1],
                y_range=[-3, 4, 1],
                x_length=10 * 0.96,
                y_length=7 * 1.08,
                background_line_style={"stroke_color": BLUE_B, "stroke_opacity": 0.5},
            )
            return grid.shift(origin - grid.c2p(0, 0))

        grid = make_grid()
        dot = Dot(origin, color=SUM, radius=0.07)
        self.card = VGroup()

        def show(*parts):
            """Swap the card on the left for a new one; the animations that do it."""
            new = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            new.to_corner(UL).shift(DOWN * 1.0 + RIGHT * 0.3)
            old, self.card = self.card, new
            return [FadeIn(new), FadeOut(old)]

        # -- vectors
        self.play(FadeIn(plane), FadeIn(grid), FadeIn(dot), run_time=0.8)
        u, v = self.arrow(U, U_COLOR, "u"), self.arrow(V, V_COLOR, "v")
        self.play(
            GrowArrow(u[0]),
            GrowArrow(v[0]),
            FadeIn(u[1]),
            FadeIn(v[1]),
            *show(
                VGroup(
                    MathTypst("u ="), col(U, U_COLOR), MathTypst("v ="), col(V, V_COLOR)
                ).arrange(RIGHT)
            ),
            run_time=1.0,
        )
        v_on_u, u_on_v = self.arrow(U + V, V_COLOR, tail=U), self.arrow(U + V, U_COLOR, tail=V)
        self.play(GrowArrow(v_on_u[0]), GrowArrow(u_on_v[0]), run_time=0.9)
        total = self.arrow(U + V, SUM, "u + v = (1.5, 2)")
        line = VGroup(
            MathTypst("u + v ="), col(U), MathTypst("+"), col(V), MathTypst("="), col(U + V)
        )
        self.play(GrowArrow(total[0]), FadeIn(total[1]), *show(line.arrange(RIGHT)), run_time=1.0)
        self.settle(u[1], v[1], total[1])
        self.wait(0.6)

        # -- add then map
        self.play(
            *(FadeOut(a[0]) for a in (u, v, v_on_u, u_on_v)),
            FadeOut(u[1]),
            FadeOut(v[1]),
            run_time=0.5,
        )
        self.play(
            *show(MathTypst("A(u + v)", color=SUM), Text("add, then map", font_size=24)),
            run_time=0.8,
        )
        self.play(
            ApplyMatrix(A, VGroup(grid, total[0]), about_point=origin),
            total[1].animate.next_to(plane.c2p(*(A @ (U + V))), UP, 0.1),
            run_time=1.8,
        )
        self.relabel(total, "A(u + v) = (3.5, 2)", A @ (U + V))
        self.settle(total[1])
        self.wait(0.6)

        # -- map then add
        au, av = self.arrow(U, U_COLOR, "u"), self.arrow(V, V_COLOR, "v")
        self.play(GrowArrow(au[0]), GrowArrow(av[0]), FadeIn(au[1]), FadeIn(av[1]), run_time=0.7)
        self.play(
            ApplyMatrix(A, VGroup(au[0], av[0]), about_point=origin),
            au[1].animate.next_to(plane.c2p(*(A @ U)), DR, 0.05),
            av[1].animate.next_to(plane.c2p(*(A @ V)), UL, 0.05),
            run_time=1.4,
        )
        self.relabel(au, "A u", A @ U, also=self.relabel_anim(av, "A v", A @ V))
        av_on_au = self.arrow(A @ (U + V), V_COLOR, tail=A @ U)
        line = VGroup(
            MathTypst("A u + A v ="),
            col(A @ U),
            MathTypst("+"),
            col(A @ V),
            MathTypst("="),
            col(A @ (U + V)),
        )
        self.play(
            GrowArrow(av_on_au[0]),
            *show(line.arrange(RIGHT), MathTypst("A(u + v)", color=SUM)),
            run_time=1.2,
        )
        ring = Circle(radius=0.2, color=SUM).move_to(plane.c2p(*(A @ (U + V))))
        self.play(
            Create(ring), *self.relabel_anim(total, "A(u+v) = A u + A v", A @ (U + V)), run_time=0.5
        )
        self.settle(au[1], av[1], total[1])
        self.wait(1.0)

        # -- scale
        fresh = make_grid()
        self.play(
            *(
                FadeOut(m)
                for m in (au[0], av[0], av_on_au[0], total[0], ring, au[1], av[1], total[1])
            ),
            Transform(grid, fresh),
            run_time=1.0,
        )
        su = self.arrow(U, U_COLOR, "u")
        self.play(GrowArrow(su[0]), FadeIn(su[1]), run_time=0.5)
        cu = self.arrow(C * U, SUM, "c u")
        self.play(
            GrowArrow(cu[0]),
            FadeIn(cu[1]),
            *show(MathTypst("c = 2"), MathTypst("A(c u)", color=SUM)),
            run_time=0.9,
        )
        self.play(
            ApplyMatrix(A, VGroup(grid, su[0], cu[0]), about_point=origin),
            su[1].animate.next_to(plane.c2p(*(A @ U)), DR, 0.05),
            cu[1].animate.next_to(plane.c2p(*(A @ (C * U))), UP, 0.1),
            run_time=1.6,
        )
        self.relabel(su, "A u", A @ U, also=self.relabel_anim(cu, "A(c u)", A @ (C * U)))
        ring = Circle(radius=0.2, color=SUM).move_to(plane.c2p(*(A @ (C * U))))
        self.play(Create(ring), run_time=0.4)
        c_au = self.arrow(C * (A @ U), U_COLOR)
        line = VGroup(MathTypst("c A u = 2"), col(A @ U), MathTypst("="), col(C * (A @ U)))
        self.play(
            GrowArrow(c_au[0]),
            *show(line.arrange(RIGHT), MathTypst("A(c u) = c A u", color=SUM)),
            run_time=1.2,
        )
        self.relabel(cu, "A(c u) = c A u = (3, 1)", A @ (C * U))
        self.settle(su[1], cu[1])
        self.wait(1.0)

        # -- origin
        self.play(
            *(FadeOut(m) for m in (su[0], cu[0], c_au[0], ring, su[1], cu[1])),
            Transform(grid, make_grid()),
            run_time=1.0,
        )
        ring = Circle(radius=0.2, color=SUM).move_to(origin)
        line = VGroup(col(A.ravel()[:2]), MathTypst("="), col([0, 0]))
        self.play(
            Create(ring),
            *show(line.arrange(RIGHT), MathTypst("c = 0: A(0 u) = 0 A u = bold(0)", color=SUM)),
            run_time=0.8,
        )
        self.play(ApplyMatrix(A, VGroup(grid, dot, ring), about_point=origin), run_time=1.6)
        fixed = MathTypst("A bold(0) = bold(0)", color=SUM, font_size=30).next_to(origin, UL, 0.1)
        self.play(FadeIn(fixed), run_time=0.5)
        self.wait(1.0)

        # -- affine: f(x) = Ax + b
        line = VGroup(MathTypst("f(x) = A x + b"), Text("a layer adds a bias", font_size=24))
        self.play(FadeOut(ring), FadeOut(fixed), *show(*line), run_time=0.6)
        shift = VGroup(grid, dot)
        self.play(shift.animate.shift(plane.c2p(*B) - origin), run_time=1.4)
        f0 = MathTypst("f(bold(0)) = b", color=BIAS, font_size=30).next_to(plane.c2p(*B), DOWN, 0.1)
        self.play(FadeIn(f0), run_time=0.4)
        fu = self.arrow(A @ U + B, U_COLOR, "f(u)")
        fv = self.arrow(A @ V + B, V_COLOR, "f(v)")
        fuv = self.arrow(A @ (U + V) + B, SUM, "f(u + v) = (4.5, 1)")
        self.play(
            *(GrowArrow(a[0]) for a in (fu, fv, fuv)),
            *(FadeIn(a[1]) for a in (fu, fv, fuv)),
            run_time=1.0,
        )
        self.settle(fu[1], fv[1], fuv[1])
        fv_on_fu = self.arrow(
            A @ U + A @ V + 2 * B, V_COLOR, "f(u) + f(v) = (5.5, 0)", tail=A @ U + B
        )
        self.play(GrowArrow(fv_on_fu[0]), FadeIn(fv_on_fu[1]), run_time=0.8)
        gap = self.arrow(A @ U + A @ V + 2 * B, BIAS, "b", tail=A @ (U + V) + B)
        line = VGroup(
            MathTypst("f(u) + f(v) - f(u + v)"),
            VGroup(MathTypst("="), col(B), MathTypst("= b", color=BIAS)).arrange(RIGHT),
            MathTypst("c f(u) - f(c u)"),
            VGroup(MathTypst("="), col(B), MathTypst("= (c - 1) b", color=BIAS)).arrange(RIGHT),
        )
        self.play(GrowArrow(gap[0]), FadeIn(gap[1]), *show(*line), run_time=1.0)
        self.settle(fu[1], fv[1], fuv[1], fv_on_fu[1], gap[1])
        said = Text("a bias breaks linearity: A·0 = 0, but a layer adds b", font_size=26)
        self.play(FadeIn(said.to_edge(DOWN)), run_time=0.5)
        self.wait(2)

    # -- helpers -----------------------------------------------------------------------------

    def arrow(self, tip, color, label=None, tail=(0, 0)):
        plane = self.plane
        arrow = Arrow(plane.c2p(*tail), plane.c2p(*tip), buff=0, color=color)
        text = MathTypst(label, color=color, font_size=28) if label else VMobject()
        text.next_to(arrow.get_end(), UR, 0.05)
        return VGroup(arrow, text)

    def relabel_anim(self, arrow, label, tip):
        new = MathTypst(label, color=arrow[0].get_color(), font_size=28)
        new.next_to(self.plane.c2p(*tip), UR, 0.05)
        return [Transform(arrow[1], new)]

    def relabel(self, arrow, label, tip, also=()):
        self.play(*self.relabel_anim(arrow, label, tip), *also, run_time=0.5)

    def settle(self, *labels):
        """Nudge the labels clear of each other, all at once, as the lesson scene does."""
        self.play(*(label.animate.shift(0.06 * UR) for label in labels), run_time=0.4)

# ruff: noqa: F405
"""The gallery of matrix types as a Manim user would write it: five small planes side by side.

Same storyboard and timing as ``scenes/gallery.py`` with ``configs/gallery.yaml`` (identity,
diagonal, rotation, projection, singular): render with
``manim -qh bench/baseline/gallery.py Gallery``.
"""

import numpy as np
from manim import *  # noqa: F403  (written as a Manim user would)

C, S = np.cos(PI / 4), np.sin(PI / 4)
TYPES = [
    ("identity", np.eye(2), "No change"),
    ("diagonal", np.diag([2, 0.5]), "Scale axis 1 by\n2, axis 2 by 0.5"),
    ("rotation", np.array([[C, -S], [S, C]]), "Rotate all\nvectors by 45°"),
    ("projection", np.array([[0.5, 0.5], [0.5, 0.5]]), "Squash\nonto a line"),
    ("singular", np.array([[1, 2], [0.5, 1]]), "Collapses some\ndirections to zero"),
]
COLORS = [BLUE_C, "#FF8C61"]


class Gallery(Scene):
    def construct(self):
        self.camera.background_color = "#0E1116"
        title = Text("Matrix types and what they do", font_size=38).to_edge(UP)
        self.play(FadeIn(title), run_time=0.6)

        cells, names, arrows, movers = [], [], [], []
        for k, (name, _, _) in enumerate(TYPES):
            frame = NumberPlane(
                x_range=[-1, 3, 1],
                y_range=[-2, 2, 1],
                x_length=2.4,
                y_length=2.4,
                background_line_style={"stroke_color": GRAY_B, "stroke_opacity": 0.3},
            )
            frame.move_to(LEFT * 5.2 + RIGHT * 2.6 * k + UP * 0.6)
            grid = NumberPlane(  # the moving grid, no larger than its cell
                x_range=[-1, 3, 1],
                y_range=[-2, 2, 1],
                x_length=2.4,
                y_length=2.4,
                background_line_style={"stroke_color": BLUE_B, "stroke_opacity": 0.6},
            ).move_to(frame)
            clip = Rectangle(width=2.4, height=2.4).move_to(frame)
            square = Polygon(
                *(frame.c2p(*p) for p in ((0, 0), (1, 0), (1, 1), (0, 1))),
                stroke_width=1,
                fill_color=YELLOW,
                fill_opacity=0.3,
            )
            i_hat = Arrow(frame.c2p(0, 0), frame.c2p(1, 0), buff=0, color=COLORS[0])
            j_hat = Arrow(frame.c2p(0, 0), frame.c2p(0, 1), buff=0, color=COLORS[1])
            label = Text(name, font_size=22).next_to(clip, DOWN, 0.1)
            cells.append(VGroup(frame, clip.set_stroke(opacity=0)))
            names.append(label)
            arrows += [i_hat, j_hat]
            movers.append((VGroup(grid, square, i_hat, j_hat), frame.c2p(0, 0)))
        self.play(
            *(FadeIn(cell) for cell in cells),
            *(FadeIn(VGroup(m[0][0], m[0][1])) for m in movers),
            *(FadeIn(name) for name in names),
            run_time=0.9,
        )
        note = Text("the lesson's table of matrix types", font_size=26, color=GRAY_B)
        note.to_edge(DOWN)
        self.play(*(GrowArrow(a) for a in arrows), FadeIn(note), run_time=0.7)
        self.wait(0.6)

        self.play(
            *(
                ApplyMatrix(matrix, group, about_point=origin)
                for (group, origin), (_, matrix, _) in zip(movers, TYPES, strict=True)
            ),
            run_time=2.5,
        )
        self.wait(0.6)

        effects = [
            Text(words, font_size=20, color=GRAY_B, line_spacing=0.8).next_to(name, DOWN, 0.08)
            for name, (_, _, words) in zip(names, TYPES, strict=True)
        ]
        said = Text("each matrix: what it does to vectors", font_size=26).to_edge(DOWN)
        self.play(*(FadeIn(e) for e in effects), ReplacementTransform(note, said), run_time=0.9)
        self.wait(2.5)

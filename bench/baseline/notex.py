# ruff: noqa: F405
"""What a Manim user without LaTeX writes once and imports into every scene.

Manim 0.22 typesets with LaTeX in several places a user does not choose: ``Matrix`` builds its
brackets (and, by default, its entries) with ``MathTex``, ``add_coordinates`` numbers the axes
with ``DecimalNumber``, and ``MathTex("a", "b")`` splits a formula into pieces. Without a TeX
install each needs its Typst counterpart (``MathTypst``, shipped with Manim 0.22); these helpers
keep the scenes as close as possible to how they read with LaTeX. Manim puts this folder on
``sys.path`` when it loads a scene file, so ``from notex import *`` works from every baseline.
"""

from manim import *  # noqa: F403  (written as a Manim user would)

__all__ = ["TypstMatrix", "number_plane_labels", "pieces"]


class TypstMatrix(Matrix):
    """Manim's ``Matrix`` with Typst entries and Typst brackets stretched to fit, as Manim
    stretches its LaTeX ones."""

    def __init__(self, matrix, **kwargs):
        kwargs.setdefault("element_to_mobject", lambda value: MathTypst(str(value)))
        super().__init__(matrix, **kwargs)

    def _add_brackets(self, left="[", right="]", **kwargs):
        l_bracket, r_bracket = MathTypst(left, **kwargs), MathTypst(right, **kwargs)
        pair = VGroup(l_bracket, r_bracket)
        pair.stretch_to_fit_height(self.height + 2 * self.bracket_v_buff)
        l_bracket.next_to(self, LEFT, self.bracket_h_buff)
        r_bracket.next_to(self, RIGHT, self.bracket_h_buff)
        self.brackets = pair
        self.add(l_bracket, r_bracket)
        return self


def pieces(*parts, buff=0.12, **kwargs):
    """``MathTex("a", "=", "b")`` without LaTeX: one ``MathTypst`` per piece, side by side."""
    return VGroup(*(MathTypst(part, **kwargs) for part in parts)).arrange(RIGHT, buff=buff)


def number_plane_labels(plane, xs, ys, font_size=20):
    """``plane.add_coordinates()`` with Typst numbers (Manim's own are ``DecimalNumber``)."""
    plane.add_coordinates(
        {x: MathTypst(str(x)) for x in xs if x},
        {y: MathTypst(str(y)) for y in ys if y},
        font_size=font_size,
    )
    return plane

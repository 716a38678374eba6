"""Card: a title card between a lecture's sections.

Storyboard: on the theme's background, the heading fades in large in the upper middle of the
frame, a short rule grows under it in the accent colour, and the line fades in beneath in the
muted colour; the card then holds (as long as its narration, in a lecture).

Runs as a plain Manim scene too: ``manim -ql scenes/card.py Card``.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, Line, VGroup

from mnemo_anim.config.models import CardJob
from mnemo_anim.visuals.fade import FadeIn
from mnemo_anim.visuals.lesson import LessonScene


class Card(LessonScene):
    """A heading and one line, on the theme's background."""

    job_model = CardJob
    job: CardJob

    def prepare(self) -> None:
        # Above the caption band (when narrated), inside the safe area.
        area = self.layout.safe
        if self.layout.caption is not None:
            area = area.from_edges(
                area.left, area.right, self.layout.caption.top, area.top, min_type=area.min_type
            )
        area = area.shrink(0.5, 0.3)
        # Each text wraps in its own share of the area rather than the group shrinking as one,
        # which set a long line under the legibility floor on narrow frames.
        heading_box, line_box = area.rows(3, 2, gap=0.4)
        self.heading = self.paragraph(self.job.heading, heading_box, size=56)
        half = min(self.heading.width, area.width * 0.4) / 2
        self.rule = Line(LEFT * half, RIGHT * half).set_stroke(self.theme.accent, width=4)
        self.line = None
        if self.job.line:
            self.line = self.paragraph(self.job.line, line_box, size=32, color=self.theme.muted)
        shown = [m for m in (self.heading, self.rule, self.line) if m is not None]
        VGroup(*shown).arrange(DOWN, buff=0.4).move_to(area.center)

    def step_card(self) -> None:
        self.beat(FadeIn(self.heading, shift=UP * 0.2), run_time=0.8)
        self.beat(Create(self.rule), run_time=0.4)
        if self.line is not None:
            self.beat(FadeIn(self.line), run_time=0.6)
        self.hold()

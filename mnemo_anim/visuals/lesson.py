"""The base of every lesson scene: theme, layout, pacing and named steps.

A scene subclass receives its job model, reads no file and never touches ``manim.config``; it
calls ``self.step(name)`` around each part of its storyboard so captions, chapters and tests
know when each step starts and ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, ClassVar

from manim import Animation, FadeIn, Scene, Text

from mnemo_anim.config.models import JobBase
from mnemo_anim.visuals.layout import Layout, make_layout
from mnemo_anim.visuals.theme import Theme, get_theme


class LessonScene(Scene):
    """A Manim scene driven by a job model; runs with the model's defaults when given none."""

    job_model: ClassVar[type[JobBase]]
    has_stage: ClassVar[bool] = False

    def __init__(self, job: JobBase | None = None, **kwargs: Any) -> None:
        self.job = job if job is not None else self.job_model()
        self.steps: list[tuple[str, float, float]] = []
        super().__init__(**kwargs)

    # -- set-up ------------------------------------------------------------------------------

    def setup(self) -> None:
        self.theme: Theme = get_theme(self.job.style.theme)
        self.camera.background_color = self.theme.background
        self.layout: Layout = make_layout(
            self.camera.frame_width,
            self.camera.frame_height,
            stage=self.has_stage,
            title=bool(self.job.title),
        )

    # -- pacing ------------------------------------------------------------------------------

    def seconds(self, base: float) -> float:
        """``base`` seconds at speed 1, scaled by ``timing.speed``."""
        return base / self.job.timing.speed

    def beat(self, *animations: Animation, run_time: float = 1.0, **kwargs: Any) -> None:
        """Play ``animations`` for ``run_time`` seconds at the configured speed."""
        self.play(*animations, run_time=self.seconds(run_time), **kwargs)

    def hold(self, factor: float = 1.0) -> None:
        """Let the viewer read: ``timing.pause`` seconds (times ``factor``)."""
        pause = self.job.timing.pause * factor / self.job.timing.speed
        if pause > 0:
            self.wait(pause)

    @property
    def now(self) -> float:
        return float(self.renderer.time)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Mark a named step of the storyboard (used for captions, chapters and tests)."""
        start = self.now
        yield
        self.steps.append((name, start, self.now))

    # -- shared pieces -----------------------------------------------------------------------

    def text(self, content: str, *, size: float = 30, color: str | None = None) -> Text:
        """Plain text in the theme's font, sized relative to the layout."""
        return Text(
            content,
            font=self.theme.font,
            font_size=size * self.layout.text_scale,
            color=color or self.theme.text,
        )

    def show_title(self) -> Text | None:
        """Write the optional title into the title region."""
        if not self.job.title:
            return None
        title = self.text(self.job.title, size=38)
        self.layout.title.fit(title)
        self.beat(FadeIn(title), run_time=0.6)
        return title

    def note(self, content: str, *, color: str | None = None) -> Text:
        """A one-line remark fitted into the footer region (not yet on screen)."""
        mob = self.text(content, size=28, color=color or self.theme.muted)
        self.layout.footer.fit(mob)
        return mob

"""The base of every lesson scene: theme, layout, pacing and named steps.

A scene subclass receives its job model, reads no file and never touches ``manim.config``. Its
storyboard is the job's ``steps()``: :meth:`LessonScene.construct` calls :meth:`prepare` (the
subclass builds its panel and actors) and then, for each step name, one method of the subclass
inside ``self.step(name)``, so captions, chapters and tests know when each step starts and
ends. The method for a name is found by :func:`step_method`: ``"tip to tail"`` →
``step_tip_to_tail()``, ``"row 2"`` → ``step_row(2)``.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, cast

from manim import (
    DEFAULT_WAIT_TIME,
    DL,
    UR,
    Animation,
    Camera,
    ManimColor,
    Mobject,
    Scene,
    SurroundingRectangle,
    Text,
    VGroup,
)

from mnemo_anim.config.models import JobBase, as_text
from mnemo_anim.fonts import text_presentation
from mnemo_anim.layout import (
    CAPTION_PAD,
    Box,
    Layout,
    caption_lines,
    line_em,
    make_layout,
    text_height,
)
from mnemo_anim.visuals import bounds, family, outlines
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.legible import type_height
from mnemo_anim.visuals.panels import Equation
from mnemo_anim.visuals.plane import Z_OFF_STAGE, Plane, PlaneLabel
from mnemo_anim.visuals.theme import Theme, resolve_theme
from mnemo_anim.wording import wrap_em

bounds.install()  # Manim's boxes, vectorised (same numbers)
family.install()  # Manim's family lists, without nested generators (same lists)
outlines.install()  # text outlines read once and kept (same parts)

# Manim's line spacing for plain text; with it each line adds 1.55 digit heights (LINE_PITCH).
LINE_SPACING = 0.5


def off_stage(mob: Mobject, stage: Box) -> bool:
    """Whether ``mob`` is drawn wholly outside ``stage`` and in no drawing layer of its own
    (every part at the default ``z_index``)."""
    family = mob.get_family()
    if any(part.z_index != 0 for part in family) or not any(len(p.points) for p in family):
        return False
    left, bottom = mob.get_corner(DL)[:2]
    right, top = mob.get_corner(UR)[:2]
    return bool(
        right < stage.left or left > stage.right or top < stage.bottom or bottom > stage.top
    )


def _edges(mob: Mobject) -> tuple[float, float, float, float]:
    left, bottom = mob.get_corner(DL)[:2]
    right, top = mob.get_corner(UR)[:2]
    return (left, right, bottom, top)


def _meet(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _shows(mob: Mobject) -> bool:
    return any(
        len(p.points) and max(p.get_fill_opacity(), p.get_stroke_opacity()) > 0.01
        for p in mob.get_family()
    )


Cue = tuple[str, float, float]

_STEP_NAME = re.compile(r"^(?P<words>[A-Za-z][A-Za-z ]*?)(?: (?P<index>\d+))?$")


def step_method(name: str) -> tuple[str, tuple[int, ...]]:
    """The method (without its prefix) and arguments that play the step called ``name``.

    Words become a snake-case name; a trailing number becomes the argument, so all steps of
    one kind share a method: ``"tip to tail"`` → ``("tip_to_tail", ())``, ``"Ax"`` →
    ``("ax", ())``, ``"row 2"`` → ``("row", (2,))``.
    """
    match = _STEP_NAME.match(name)
    if match is None:
        raise ValueError(f"step name {name!r} is not words with an optional number after them")
    method = match["words"].lower().replace(" ", "_")
    return method, (() if match["index"] is None else (int(match["index"]),))


class LessonScene(Scene):
    """A Manim scene driven by a job model; runs with the model's defaults when given none.

    Parameters
    ----------
    job
        The validated job (default: the model's defaults).
    minimums
        Seconds each named step lasts at least (its narration plus ``pad``): a step whose
        animations end sooner holds its last picture until then. Scenes receive numbers; they
        never touch sound.
    cues
        Caption cues ``(text, start, end)`` by step name, in seconds from the step's start:
        the burned-in caption shows each cue's text at its time.
    """

    job_model: ClassVar[type[JobBase]]
    has_stage: ClassVar[bool] = False

    def __init__(
        self,
        job: JobBase | None = None,
        *,
        minimums: Mapping[str, float] | None = None,
        cues: Mapping[str, Sequence[Cue]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.job = job if job is not None else self.job_model.model_validate({})
        self.steps: list[tuple[str, float, float]] = []
        self.minimums = dict(minimums or {})
        self.cues = {name: list(found) for name, found in (cues or {}).items()}
        self._cueing: tuple[VGroup, float, list[Cue], list[VGroup]] | None = None
        super().__init__(**kwargs)

    # -- set-up ------------------------------------------------------------------------------

    def setup(self) -> None:
        self.theme: Theme = resolve_theme(self.job.style)
        camera = cast(Camera, self.camera)  # the Cairo camera: the only renderer we use
        camera.background_color = ManimColor(self.theme.background)
        self.captions: dict[str, str] = self.job.caption_texts()
        width, height = camera.frame_width, camera.frame_height
        self.layout: Layout = make_layout(
            width,
            height,
            stage=self.has_stage,
            title=bool(self.job.title),
            captions=bool(self.captions),
            caption_lines=caption_lines(list(self.captions.values()), width, height),
        )

    def tear_down(self) -> None:
        # The loader checks captions against the job's steps(); a scene that played other
        # steps (its own construct, a nested step) would put narration on the wrong picture.
        played = [name for name, _, _ in self.steps]
        expected = self.job.steps()
        if played != expected:
            raise RuntimeError(f"{self.job.scene} played steps {played}, expected {expected}")

    # -- the storyboard ----------------------------------------------------------------------

    def construct(self) -> None:
        """Play the job's steps in order, one method each; the scene is built at the start of
        the first step, so a lead-in (the title fading in) is part of that step: its caption
        is on screen from the first frame, as its cue and chapter are in the sidecars."""
        for index, name in enumerate(self.job.steps()):
            with self.step(name):
                if index == 0:
                    self.prepare()
                self.play_step(name)

    def prepare(self) -> None:
        """Build the panel and the actors as the first step starts (subclasses fill this in).

        Nothing need be on screen yet; a scene whose title fades in before the first step's
        own animations calls :meth:`show_title` at the end.
        """

    def storyboard_prefix(self) -> str:
        """What the methods that play steps start with (a scene with one storyboard per
        layout returns one prefix per layout)."""
        return "step_"

    def play_step(self, name: str) -> None:
        """Play the step called ``name`` with its method (see :func:`step_method`)."""
        method, args = step_method(name)
        method = self.storyboard_prefix() + method
        play = getattr(self, method, None)
        if play is None:
            raise NotImplementedError(
                f"{type(self).__name__} has no method {method}() for the step {name!r} that "
                f"{type(self.job).__name__}.steps() declares"
            )
        play(*args)

    def add(self, *mobjects: Any) -> LessonScene:
        """Add ``mobjects``; what lies wholly outside the stage goes under everything on it.

        Manim keeps in a cached background only what is drawn *before* the first moving object
        and redraws the rest every frame. The layout keeps the title, panel, notes and captions
        apart from the stage, so drawing them first changes no pixel, and while the plane moves
        they stay in the background instead of being redrawn with it.
        """
        stage = self.layout.stage if hasattr(self, "layout") else None
        if stage is not None:
            for mob in mobjects:
                if isinstance(mob, Mobject) and off_stage(mob, stage):
                    mob.set_z_index(Z_OFF_STAGE)
        super().add(*mobjects)
        return self

    def play(self, *args: Any, **kwargs: Any) -> None:
        """Play, then let the axis numbers that a plane label now covers step aside."""
        super().play(*args, **kwargs)
        for plane in self.planes_on_screen():
            plane.yield_numbers(self.labels_on_screen())

    def planes_on_screen(self) -> list[Plane]:
        """The planes on screen."""
        return [p for top in self.mobjects for p in top.get_family() if isinstance(p, Plane)]

    def labels_on_screen(self) -> list[PlaneLabel]:
        """The plane labels on screen and visible."""
        return [
            p
            for top in self.mobjects
            for p in top.get_family()
            if isinstance(p, PlaneLabel) and _shows(p.formula)
        ]

    # -- pacing ------------------------------------------------------------------------------

    def seconds(self, base: float) -> float:
        """``base`` seconds at speed 1, scaled by ``timing.speed``."""
        return base / self.job.timing.speed

    def beat(self, *animations: Any, run_time: float = 1.0, **kwargs: Any) -> None:
        """Play ``animations`` for ``run_time`` seconds at the configured speed."""
        self.play(*animations, run_time=self.seconds(run_time), **kwargs)

    def hold(self, factor: float = 1.0) -> None:
        """Let the viewer read: ``timing.pause`` seconds (times ``factor``)."""
        pause = self.job.timing.pause * factor / self.job.timing.speed
        if (
            pause >= 1 / cast(Camera, self.camera).frame_rate
        ):  # shorter than a frame: nothing to show
            self.wait(pause)

    @property
    def now(self) -> float:
        return float(self.renderer.time)

    @property
    def frame_seconds(self) -> float:
        """Seconds one frame lasts."""
        return 1 / float(cast(Camera, self.camera).frame_rate)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Mark a named step of the storyboard: its caption shows while it plays, and it
        becomes a section (one clip, one chapter) when ``render.sections`` is on.

        A step with a minimum length (its narration) that ends sooner holds its last picture
        until the minimum is reached: animations keep their speed, the closing hold stretches.
        """
        if self.job.render.sections:
            self.next_section(name)
        # The first step starts at 0 and covers the lead-in (see construct), so the steps tile
        # the whole video and every moment has its caption and chapter.
        start = self.now
        caption = self._cue_caption(name, start) if name in self.cues else self.caption_for(name)
        if caption is not None and self._cueing is None:
            self.add(caption)
        yield
        # Whole frames, rounded up: the step is never cut shorter than its narration.
        frame = self.frame_seconds
        left = math.ceil((start + self.minimums.get(name, 0.0) - self.now) / frame - 1e-6)
        if left > 0:
            self.wait(left * frame)
        if caption is not None:
            caption.clear_updaters()
            self.remove(caption)
        self._cueing = None
        self.steps.append((name, start, self.now))

    def _cue_caption(self, name: str, start: float) -> VGroup | None:
        """A caption that shows each cue of step ``name`` at its time (a foreground mobject,
        so it alone is redrawn while the rest of the picture stays cached)."""
        cues = self.cues[name]
        faces = [self.caption_box(text) for text, _, _ in cues]
        if self.layout.caption is None or not all(faces):
            return None
        holder = VGroup()
        self._cueing = (holder, start, cues, cast(list[VGroup], faces))
        holder.add_updater(lambda _: self._show_cue())
        self._show_cue()
        self.add_foreground_mobject(holder)
        return holder

    def _show_cue(self, when: float | None = None) -> None:
        """Put the cue spoken at ``when`` (default: now) into the caption (nothing between
        cues)."""
        if self._cueing is None:
            return
        holder, start, cues, faces = self._cueing
        at = (self.now if when is None else when) - start + 1e-6
        showing = [face for face, (_, a, b) in zip(faces, cues, strict=True) if a <= at < b]
        if holder.submobjects != showing[:1]:
            holder.remove(*holder.submobjects)
            holder.add(*showing[:1])

    def wait(
        self,
        duration: float = DEFAULT_WAIT_TIME,
        stop_condition: Any = None,
        frozen_frame: bool | None = None,
    ) -> None:
        """Manim's ``wait``; while timed captions show, split where a cue starts or ends (a
        held picture is drawn once, so the caption must change between pieces)."""
        if self._cueing is None or stop_condition is not None:
            super().wait(duration, stop_condition, frozen_frame)
            return
        _, start, cues, _ = self._cueing
        frame, end = self.frame_seconds, self.now + duration
        # Each piece shows the cue of the moment it stands for (the frames it lasts are rounded,
        # so the clock may stop a little short of an edge).
        since = self.now
        for edge in sorted({start + t for _, a, b in cues for t in (a, b)}):
            if self.now + frame / 2 < edge < end - frame / 2:
                self._show_cue(since)
                super().wait(round((edge - self.now) / frame) * frame + 1e-9)
                since = edge
        self._show_cue(since)
        frames = round((end - self.now) / frame)
        if frames > 0:
            super().wait(frames * frame + 1e-9, None, frozen_frame)

    def caption_for(self, name: str) -> VGroup | None:
        """The burned-in caption of step ``name`` (see :meth:`caption_box`)."""
        return self.caption_box(self.captions.get(name))

    def caption_box(self, text: str | None) -> VGroup | None:
        """``text`` as a burned-in caption, on a darkened band: as many lines as it takes at
        the legibility floor (the layout keeps room for the longest)."""
        box = self.layout.caption
        if not text or box is None:
            return None
        words = self.paragraph(text, box.shrink(CAPTION_PAD, 0.08), size=26)
        band = SurroundingRectangle(
            words,
            buff=0.12,
            corner_radius=0.08,
            stroke_width=0,
            fill_color=self.theme.background,
            fill_opacity=0.8,
        )
        return VGroup(band, words)

    # -- shared pieces -----------------------------------------------------------------------

    @property
    def plain_labels(self) -> Any:
        """The job's labels as plain text (``lab.matrix`` → ``W₁``, ``θ``): what notes, tags
        and other :meth:`text` write, never the label's source (``W_1``, ``\\theta``)."""
        return as_text(getattr(self.job, "labels", None))  # layers has no labels

    def text(self, content: str, *, size: float = 30, color: str | None = None) -> Text:
        """Plain text in the theme's font, sized relative to the layout (labels in it come
        from :attr:`plain_labels`; an emoji in its outline form, see :mod:`mnemo_anim.fonts`)."""
        return Text(
            text_presentation(content),
            font=self.theme.font,
            line_spacing=LINE_SPACING,
            font_size=size * self.layout.text_scale,
            color=color or self.theme.text,
        )

    def paragraph(self, content: str, box: Box, *, size: float, color: str | None = None) -> Text:
        """Plain text fitted into ``box``: one line if it fits there at a legible size, else
        broken into lines at spaces, at its own size when the lines fit the box, at the
        legibility floor when they do not (never smaller: what still does not fit overflows,
        and the layout tests say so)."""
        mob = self.text(content, size=size, color=color)
        digit = type_height(mob)
        if digit is None or mob.width * max(1.0, box.floor_scale(mob)) <= box.width:
            return box.fit(mob)
        natural = max(digit, box.min_type)
        room = line_em(box.width, natural)
        if text_height(len(wrap_em(content, room)), natural) > box.height:
            natural = max(box.min_type, 1e-3)
            room = line_em(box.width, natural)
        for _ in range(4):  # the widths are estimates: narrow the lines until they fit
            mob = self.text("\n".join(wrap_em(content, room)), size=size, color=color)
            if mob.width * (box.fit_scale(mob) or 1.0) <= box.width + 1e-6:
                break
            room *= 0.92
        return box.fit(mob)

    def make_room(self, equation: Equation, *line: Mobject) -> list[Animation]:
        """Fade-outs for what stands in ``equation``'s box and is not part of ``line`` (the line
        coming in), when the equation's lines take turns there (nothing otherwise)."""
        if not equation.turns:
            return []
        box, coming = equation.box, {id(m) for piece in line for m in piece.get_family()}
        region = (box.left, box.right, box.bottom, box.top)
        stage = self.layout.stage
        return [
            FadeOut(mob)
            for mob in self.mobjects
            if id(mob) not in coming
            and _shows(mob)
            and _meet(edges := _edges(mob), region)
            and (
                stage is None
                or not _meet(edges, (stage.left, stage.right, stage.bottom, stage.top))
            )
        ]

    def show_title(self) -> Text | None:
        """Write the optional title into the title region (two lines at most; the config's
        validation makes sure two lines at the legibility floor hold it)."""
        if not self.job.title:
            return None
        title = self.paragraph(self.job.title, self.layout.title, size=38)
        self.beat(FadeIn(title), run_time=0.6)
        return title

    def note(self, content: str, *, color: str | None = None) -> Text:
        """A remark fitted into the footer region (not yet on screen).

        With captions on, the captions speak in the footer instead and the remark stays
        invisible (scenes animate it the same way either way).
        """
        mob = self.paragraph(content, self.layout.footer, size=28, color=color or self.theme.muted)
        if self.captions:
            mob.set_opacity(0)
        return mob

"""Screen regions per aspect ratio, so the same scene reflows for lecture and phone screens.

Pure geometry in Manim's units (no Manim, no mobjects): the scenes' visuals place into these
regions, and config validation asks the same rules whether a title fits.

Landscape puts the equation panel beside the plane; portrait stacks the panel above it; square
stacks with smaller type. All text stays inside a safe area: a 5 % title-safe margin, or in tall
9:16 video the part of the screen that Reels, TikTok and Shorts leave free of their buttons and
captions (x 65–900 and y 270–1250 of 1080×1920, from their published safe-zone templates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeVar

from mnemo_anim.wording import fitting_chars, wrap_em

if TYPE_CHECKING:
    import numpy as np

Orientation = Literal["landscape", "portrait", "square"]
M = TypeVar("M")

TITLE_SAFE = 0.05
# The legibility floor: the smallest digit height (pixels, at 1080 px on the frame's short side)
# for text that carries meaning (numbers, labels, equations, titles). A phone held upright shows
# the whole 1080-px width at about 6.5 cm, so 36 px is a 2.2 mm digit, about 9-pt print at
# reading distance; a landscape video fills a laptop or TV, where 28 px reads as well.
LEGIBLE_PX: dict[str, float] = {"landscape": 28.0, "portrait": 36.0, "square": 36.0}
REFERENCE_SHORT_PX = 1080
# Plain text (titles, notes, captions) in the default font, DejaVu Sans: a digit is 0.729 em
# tall; a line of ``LessonScene.text`` is 1.3 digit heights from its top to its lowest
# descender, and each further line adds 1.55 (measured).
DIGIT_EM = 0.729
FIRST_LINE, LINE_PITCH = 1.3, 1.55
TITLE_H = 0.8
# A stacked panel holds at least this many digit heights at the floor: a 3-entry column
# (6.4) under its caption (1.3 and a gap), so a line of the panel never needs a smaller type.
PANEL_DIGITS = 8.4  # the title region: two lines at the floor fit it in every aspect
# Fractions of a 1080×1920 frame kept free by the short-video apps (left, right, top, bottom).
VERTICAL_SAFE = (65 / 1080, (1080 - 900) / 1080, 270 / 1920, (1920 - 1250) / 1920)


@dataclass(frozen=True)
class Box:
    """An axis-aligned region in Manim units, by centre and size.

    ``min_type`` is the legibility floor of the frame the box is on (a digit height in Manim
    units, see ``LEGIBLE_PX``): :meth:`fit` never scales text below it, and the boxes split
    from this one keep it. 0 means no floor (a box drawn for a test).
    """

    x: float
    y: float
    width: float
    height: float
    min_type: float = 0.0

    @classmethod
    def from_edges(
        cls, left: float, right: float, bottom: float, top: float, *, min_type: float = 0.0
    ) -> Box:
        return cls((left + right) / 2, (bottom + top) / 2, right - left, top - bottom, min_type)

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y - self.height / 2

    @property
    def center(self) -> np.ndarray:
        import numpy as np  # here, not at the top: validating an un-narrated config needs no NumPy

        return np.array([self.x, self.y, 0.0])

    def shrink(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return replace(
            self, width=max(self.width - 2 * dx, 0.1), height=max(self.height - 2 * dy, 0.1)
        )

    def rows(self, *weights: float, gap: float = 0.0) -> list[Box]:
        """Split top to bottom in proportion to ``weights``."""
        usable = self.height - gap * (len(weights) - 1)
        total = sum(weights)
        out, top = [], self.top
        for w in weights:
            h = usable * w / total
            out.append(replace(self, y=top - h / 2, height=h))
            top -= h + gap
        return out

    def columns(self, *weights: float, gap: float = 0.0) -> list[Box]:
        """Split left to right in proportion to ``weights``."""
        usable = self.width - gap * (len(weights) - 1)
        total = sum(weights)
        out, left = [], self.left
        for w in weights:
            wd = usable * w / total
            out.append(replace(self, x=left + wd / 2, width=wd))
            left += wd + gap
        return out

    def contains(
        self, left: float, right: float, bottom: float, top: float, tol: float = 1e-6
    ) -> bool:
        return (
            left >= self.left - tol
            and right <= self.right + tol
            and bottom >= self.bottom - tol
            and top <= self.top + tol
        )

    def fit(self, mob: M, *, max_scale: float = 1.0) -> M:
        """Scale ``mob`` to fit inside (never above ``max_scale`` times its size) and centre it.

        Text is never scaled below ``min_type``: a ``mob`` that fits only smaller keeps the
        floor and overflows the box, which the layout tests report (reflow it instead).
        """
        factor = self.fit_scale(mob, max_scale=max_scale)
        if factor is not None:
            mob.scale(factor)  # type: ignore[attr-defined]
        mob.move_to(self.center)  # type: ignore[attr-defined]
        return mob

    def fit_scale(self, mob: object, *, max_scale: float = 1.0) -> float | None:
        """The factor :meth:`fit` scales ``mob`` by (``None`` for an empty mobject)."""
        width, height = mob.width, mob.height  # type: ignore[attr-defined]
        if width <= 0 or height <= 0:
            return None
        factor = min(self.width / width, self.height / height, max_scale)
        return max(factor, self.floor_scale(mob))

    def floor_scale(self, mob: object) -> float:
        """The smallest factor that keeps the text of ``mob`` at ``min_type`` (0 without text
        or without a floor)."""
        if self.min_type <= 0:
            return 0.0
        from mnemo_anim.visuals.legible import type_height  # Manim only when drawing

        height = type_height(mob)  # type: ignore[arg-type]
        return self.min_type / height if height else 0.0


@dataclass(frozen=True)
class Layout:
    """Where things go on one frame."""

    frame: Box
    safe: Box
    orientation: Orientation
    title: Box
    panel: Box
    stage: Box | None
    footer: Box
    caption: Box | None = None

    @property
    def min_type(self) -> float:
        """The legibility floor in Manim units: the smallest digit height meaningful text may
        have on this frame (see ``LEGIBLE_PX``)."""
        return legible_floor(self.frame.width, self.frame.height)

    @property
    def text_scale(self) -> float:
        """Relative type size: 1 on a 16:9 frame, smaller where the short side is narrower."""
        return {"landscape": 1.0, "square": 0.85, "portrait": 0.9}[self.orientation]


def legible_floor(width: float, height: float) -> float:
    """The smallest digit height (Manim units) for meaningful text on a ``width``×``height``
    frame: ``LEGIBLE_PX`` of its orientation, at 1080 px on the short side."""
    short = min(width, height)
    return LEGIBLE_PX[orientation_of(width, height)] * short / REFERENCE_SHORT_PX


def text_height(lines: int, digit: float) -> float:
    """The height (Manim units) of ``lines`` lines of plain text whose digits are ``digit``
    tall."""
    return digit * (FIRST_LINE + LINE_PITCH * max(lines - 1, 0)) if lines else 0.0


def line_em(width: float, digit: float) -> float:
    """How many em of plain text fit across ``width`` Manim units when a digit is ``digit``
    tall (the floor, for the longest lines a region may hold), with 5 % to spare: the widths
    of ``wording.text_em`` are estimates, and a line set wider than estimated must still fit
    (the layout keeps room for the lines counted with this)."""
    return 0.95 * width * DIGIT_EM / digit


def orientation_of(width: float, height: float) -> Orientation:
    ratio = width / height
    if ratio > 1.2:
        return "landscape"
    if ratio < 0.85:
        return "portrait"
    return "square"


def safe_area(width: float, height: float) -> Box:
    """The region all text and key shapes stay inside."""
    frame = Box(0.0, 0.0, width, height)
    if width / height <= 0.6:  # 9:16 and taller: the apps' overlays eat the edges
        left, right, top, bottom = VERTICAL_SAFE
        return Box.from_edges(
            frame.left + left * width,
            frame.right - right * width,
            frame.bottom + bottom * height,
            frame.top - top * height,
        )
    return frame.shrink(TITLE_SAFE * width, TITLE_SAFE * height)


CAPTION_PAD = 0.2  # the caption band's margin around its words, each side (Manim units)


def caption_lines(texts: Sequence[str], width: float, height: float) -> int:
    """How many lines the longest of ``texts`` takes as a caption at the legibility floor on a
    ``width``×``height`` frame (at least two: the band keeps its height from step to step)."""
    floor = legible_floor(width, height)
    room = line_em(safe_area(width, height).width - 2 * CAPTION_PAD, floor)
    return max([2, *(len(wrap_em(text, room)) for text in texts)])


TITLE_LINES = 2


def title_room(title: str, width: float, height: float) -> int | None:
    """``None`` when ``title`` fits ``TITLE_LINES`` lines at the legibility floor across a
    ``width``×``height`` frame's safe area; else how many of its characters would."""
    room = line_em(safe_area(width, height).width, legible_floor(width, height))
    if len(wrap_em(title, room)) <= TITLE_LINES:
        return None
    return fitting_chars(title, room, TITLE_LINES)


def make_layout(
    width: float,
    height: float,
    *,
    stage: bool,
    title: bool = True,
    captions: bool = False,
    caption_lines: int = 2,
) -> Layout:
    """Regions for a frame of ``width``×``height`` Manim units.

    ``stage`` asks for a square-ish region for a coordinate plane next to (or below) the panel;
    ``captions`` reserves ``caption_lines`` lines of burned-in narration (at the legibility
    floor) at the bottom of the safe area.
    """
    floor = legible_floor(width, height)
    frame = Box(0.0, 0.0, width, height, floor)
    safe = replace(safe_area(width, height), min_type=floor)
    kind = orientation_of(width, height)
    title_h = TITLE_H if title else 0.0
    if captions:
        # Narration takes the footer's place: the remarks a scene would write there are what
        # the captions say, and two bands of text would crowd a phone screen.
        footer_h = max(
            1.0 if kind == "landscape" else 1.15,
            text_height(caption_lines, floor) + 2 * CAPTION_PAD,
        )
        title_box, body, footer = safe.rows(
            title_h or 1e-6, safe.height - title_h - footer_h, footer_h, gap=0.1
        )
        caption_box: Box | None = footer
    else:
        footer_h = 0.8 if kind == "landscape" else 1.0
        title_box, body, footer = safe.rows(
            title_h or 1e-6, safe.height - title_h - footer_h, footer_h
        )
        caption_box = None
    if not stage:
        return Layout(frame, safe, kind, title_box, body.shrink(0.1), None, footer, caption_box)
    if kind == "landscape":
        panel, plane = body.columns(0.42, 0.58, gap=0.3)
    else:
        # Stacked: the panel is a share of the body, but never too short for one line of the
        # tallest pieces the scenes set there at the floor (a 3-entry column under its name).
        gap = 0.2 if kind == "portrait" else 0.15
        share = 0.36 if kind == "portrait" else 0.32
        usable = body.height - gap
        panel_h = min(max(share * usable, PANEL_DIGITS * floor), 0.5 * usable)
        panel, plane = body.rows(panel_h, usable - panel_h, gap=gap)
    return Layout(frame, safe, kind, title_box, panel, plane, footer, caption_box)

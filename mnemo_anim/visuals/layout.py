"""Screen regions per aspect ratio, so the same scene reflows for lecture and phone screens.

Landscape puts the equation panel beside the plane; portrait stacks the panel above it; square
stacks with smaller type. All text stays inside a safe area: a 5 % title-safe margin, or in tall
9:16 video the part of the screen that Reels, TikTok and Shorts leave free of their buttons and
captions (x 65–900 and y 270–1250 of 1080×1920, from their published safe-zone templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np

Orientation = Literal["landscape", "portrait", "square"]
M = TypeVar("M")

TITLE_SAFE = 0.05
# Fractions of a 1080×1920 frame kept free by the short-video apps (left, right, top, bottom).
VERTICAL_SAFE = (65 / 1080, (1080 - 900) / 1080, 270 / 1920, (1920 - 1250) / 1920)


@dataclass(frozen=True)
class Box:
    """An axis-aligned region in Manim units, by centre and size."""

    x: float
    y: float
    width: float
    height: float

    @classmethod
    def from_edges(cls, left: float, right: float, bottom: float, top: float) -> Box:
        return cls((left + right) / 2, (bottom + top) / 2, right - left, top - bottom)

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
        return np.array([self.x, self.y, 0.0])

    def shrink(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x, self.y, max(self.width - 2 * dx, 0.1), max(self.height - 2 * dy, 0.1))

    def rows(self, *weights: float, gap: float = 0.0) -> list[Box]:
        """Split top to bottom in proportion to ``weights``."""
        usable = self.height - gap * (len(weights) - 1)
        total = sum(weights)
        out, top = [], self.top
        for w in weights:
            h = usable * w / total
            out.append(Box(self.x, top - h / 2, self.width, h))
            top -= h + gap
        return out

    def columns(self, *weights: float, gap: float = 0.0) -> list[Box]:
        """Split left to right in proportion to ``weights``."""
        usable = self.width - gap * (len(weights) - 1)
        total = sum(weights)
        out, left = [], self.left
        for w in weights:
            wd = usable * w / total
            out.append(Box(left + wd / 2, self.y, wd, self.height))
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
        """Scale ``mob`` to fit inside (never above ``max_scale`` times the box) and centre it."""
        width, height = mob.width, mob.height  # type: ignore[attr-defined]
        if width > 0 and height > 0:
            factor = min(self.width / width, self.height / height, max_scale)
            mob.scale(factor)  # type: ignore[attr-defined]
        mob.move_to(self.center)  # type: ignore[attr-defined]
        return mob


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
    def text_scale(self) -> float:
        """Relative type size: 1 on a 16:9 frame, smaller where the short side is narrower."""
        return {"landscape": 1.0, "square": 0.85, "portrait": 0.9}[self.orientation]


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


def make_layout(
    width: float, height: float, *, stage: bool, title: bool = True, captions: bool = False
) -> Layout:
    """Regions for a frame of ``width``×``height`` Manim units.

    ``stage`` asks for a square-ish region for a coordinate plane next to (or below) the panel;
    ``captions`` reserves two lines of burned-in narration at the bottom of the safe area.
    """
    frame = Box(0.0, 0.0, width, height)
    safe = safe_area(width, height)
    kind = orientation_of(width, height)
    title_h = 0.8 if title else 0.0
    if captions:
        # Narration takes the footer's place: the remarks a scene would write there are what
        # the captions say, and two bands of text would crowd a phone screen.
        footer_h = 1.0 if kind == "landscape" else 1.15
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
    elif kind == "portrait":
        panel, plane = body.rows(0.36, 0.64, gap=0.2)
    else:
        panel, plane = body.rows(0.32, 0.68, gap=0.15)
    return Layout(frame, safe, kind, title_box, panel, plane, footer, caption_box)

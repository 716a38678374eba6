"""The ``render:`` block: quality, aspect, fps, format and the output name.

Only these fields and their resolution into pixel sizes live here; turning them into Manim config
keys is the renderer's job (``mnemo_anim.render.settings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from mnemo_anim.config.base import Strict

# The short side of the picture in pixels, and the frame rate, per quality preset.
QUALITIES: dict[str, tuple[int, int]] = {
    "preview": (480, 24),
    "medium": (720, 30),
    "high": (1080, 60),
    "4k": (2160, 60),
}
MAX_FPS = 120
MAX_ASPECT = 3.0
FRAME_SHORT_SIDE = 8.0  # Manim units across the short side, whatever the aspect
MAX_NAME = 80
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


@dataclass(frozen=True)
class Geometry:
    """Pixel size, frame size in Manim units, and frame rate of one render."""

    pixel_width: int
    pixel_height: int
    frame_width: float
    frame_height: float
    fps: int


def parse_aspect(text: str) -> tuple[int, int]:
    """``"16:9"`` → ``(16, 9)``; raise ``ValueError`` saying what a good aspect looks like."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*:\s*(\d{1,4})\s*", text)
    if not match:
        raise ValueError(f'aspect {text!r} is not W:H; write e.g. "16:9", "9:16" or "1:1"')
    w, h = int(match[1]), int(match[2])
    if w == 0 or h == 0:
        raise ValueError(f'aspect {text!r} has a zero side; write e.g. "16:9"')
    if max(w / h, h / w) > MAX_ASPECT:
        raise ValueError(
            f"aspect {text!r} is too extreme; the long side may be at most 3× the short"
        )
    return w, h


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


class RenderSettings(Strict):
    """How to render: picture size and rate, container format and the output file name."""

    quality: Literal["preview", "medium", "high", "4k"] = Field(
        "high", description="preview (480p24), medium (720p30), high (1080p60) or 4k (2160p60)."
    )
    aspect: str = Field("16:9", description="Width:height, e.g. 16:9, 9:16, 1:1 or 4:5.")
    fps: int | None = Field(None, ge=1, le=MAX_FPS, description="Frame rate; overrides quality.")
    format: Literal["mp4"] = Field("mp4", description="Container: mp4 (H.264, faststart).")
    name: str | None = Field(
        None, description="Output base name (default: the scene kind); stays inside output/."
    )

    @field_validator("aspect")
    @classmethod
    def _aspect(cls, value: str) -> str:
        w, h = parse_aspect(value)
        return f"{w}:{h}"

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) > MAX_NAME:
            raise ValueError(f"name is {len(value)} characters long; the limit is {MAX_NAME}")
        if "/" in value or "\\" in value or ".." in value or not _NAME.match(value):
            raise ValueError(
                f"name {value!r} is not a plain file name; use letters, digits, '.', '_' and '-' "
                "(it always lands inside the output folder)"
            )
        if value.split(".")[0].lower() in _RESERVED:
            raise ValueError(f"name {value!r} is a reserved device name; choose another")
        return value

    def geometry(self) -> Geometry:
        """Resolve quality, aspect and fps into the numbers the renderer needs."""
        short_px, preset_fps = QUALITIES[self.quality]
        w, h = parse_aspect(self.aspect)
        ratio = w / h
        if ratio >= 1:
            px_h, px_w = short_px, _even(short_px * ratio)
            frame_h, frame_w = FRAME_SHORT_SIDE, FRAME_SHORT_SIDE * ratio
        else:
            px_w, px_h = short_px, _even(short_px / ratio)
            frame_w, frame_h = FRAME_SHORT_SIDE, FRAME_SHORT_SIDE / ratio
        return Geometry(px_w, px_h, frame_w, frame_h, self.fps or preset_fps)

"""The ``render:`` block: quality, aspect, fps, format and the output name.

Only these fields and their resolution into pixel sizes live here; turning them into Manim config
keys is the renderer's job (``mnemo_anim.render.settings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from mnemo_anim.config.base import FieldError, Strict
from mnemo_anim.config.choices import DELIVERABLES, QUALITIES

MAX_FPS = 120
MAX_ASPECT = 3.0
FRAME_SHORT_SIDE = 8.0  # Manim units across the short side, whatever the aspect
MAX_NAME = 80
GIF_MAX_WIDTH = 800  # px: a GIF is for previews and docs, not for full-HD playback
GIF_MAX_FPS = 10  # GIF delays are whole centiseconds: 10 fps is exact, 15 fps would play at 16.7
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
    format: Literal["mp4", "webm", "mov", "gif", "png", "slides", "storyboard"] = Field(
        "mp4",
        description="mp4 (H.264), webm (VP9), mov (ProRes 4444), gif, png (a still), slides "
        "(<name>_slides/index.html, a clip a step) or storyboard (<name>.storyboard.png).",
    )
    transparent: bool = Field(
        False, description="Transparent background (webm VP9 alpha, mov ProRes 4444, png)."
    )
    platform: Literal["youtube", "shorts", "reels", "tiktok", "square"] | None = Field(
        None, description="Pick aspect, size, fps and limits for a platform; fields given win."
    )
    thumbnail: bool = Field(False, description="Also write a PNG of the last frame.")
    sections: bool = Field(False, description="Also write one clip per step and a chapters file.")
    name: str | None = Field(
        None, description="Output base name (default: the scene kind); stays inside output/."
    )

    @model_validator(mode="before")
    @classmethod
    def _platform_defaults(cls, data: Any) -> Any:
        """A platform fills in aspect, quality and fps unless the config gives them."""
        if isinstance(data, dict) and isinstance(data.get("platform"), str):
            from mnemo_anim.config.platforms import PLATFORMS

            spec = PLATFORMS.get(data["platform"])
            if spec is not None:
                defaults = {"aspect": spec.aspect, "quality": spec.quality, "fps": spec.fps}
                data = {**defaults, **{k: v for k, v in data.items() if v is not None}}
        return data

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

    @model_validator(mode="after")
    def _alpha_needs_a_container_that_has_it(self) -> RenderSettings:
        if self.transparent and self.format in ("mp4", "slides"):
            raise FieldError(
                "transparent",
                f"{self.format} (H.264) cannot carry transparency; set format: webm "
                "(VP9 with alpha, for browsers) or format: mov (ProRes 4444, for editors)",
            )
        return self

    def output_file(self, name: str) -> str:
        """The main file a render writes for base name ``name``, relative to the output folder
        (``row_view.mp4``, ``row_view_slides/index.html``, ``row_view.storyboard.png``)."""
        return name + DELIVERABLES.get(self.format, f".{self.format}")

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
        fps = self.fps or preset_fps
        if self.format == "gif":
            if px_w > GIF_MAX_WIDTH:
                px_w, px_h = GIF_MAX_WIDTH, _even(px_h * GIF_MAX_WIDTH / px_w)
            fps = min(fps, GIF_MAX_FPS)
        return Geometry(px_w, px_h, frame_w, frame_h, fps)

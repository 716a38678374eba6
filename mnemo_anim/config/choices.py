"""The closed sets a command line offers before any config is read: scene kinds, quality
presets, formats and platforms.

Plain constants, importable without pydantic, so the CLI starts (and an unchanged render says it
is up to date) without loading the models; the models use the same names (a test keeps the two
in step).
"""

from __future__ import annotations

# The scene kinds in the lesson's order (``config.models.JOB_MODELS`` has one model each).
SCENE_KINDS = (
    "transformation",
    "gallery",
    "shapes",
    "row_view",
    "column_view",
    "linearity",
    "bias",
    "composition",
    "layers",
    "card",
)
# The short side of the picture in pixels, and the frame rate, per quality preset.
QUALITIES: dict[str, tuple[int, int]] = {
    "preview": (480, 24),
    "medium": (720, 30),
    "high": (1080, 60),
    "4k": (2160, 60),
}
# Formats that are not one video file: what each writes, after the output base name.
DELIVERABLES = {"slides": "_slides/index.html", "storyboard": ".storyboard.png"}
FORMATS = ("mp4", "webm", "mov", "gif", "png", *DELIVERABLES)
PLATFORM_NAMES = ("youtube", "shorts", "reels", "tiktok", "square")

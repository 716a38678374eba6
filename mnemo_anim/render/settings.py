"""The only code that knows Manim's config keys: render settings → a ``tempconfig`` mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mnemo_anim.config.render import Geometry, RenderSettings

# x264 settings per quality preset. `veryfast` is ~1.5x faster than x264's default `medium` at
# equal visual quality for flat vector graphics; crf is lower (better) where viewers look closely.
X264_OPTIONS: dict[str, dict[str, str]] = {
    "preview": {"preset": "superfast", "crf": "23"},
    "medium": {"preset": "veryfast", "crf": "20"},
    "high": {"preset": "veryfast", "crf": "18"},
    "4k": {"preset": "veryfast", "crf": "18"},
}


def encoder_options(settings: RenderSettings) -> dict[str, str]:
    """The encoder options a render uses (also part of every job's cache key)."""
    return dict(X264_OPTIONS[settings.quality])


def manim_config(
    settings: RenderSettings, *, media_dir: Path, tex_dir: Path, output_file: str
) -> dict[str, Any]:
    """Everything Manim needs for one render, for use inside ``manim.tempconfig``."""
    geo: Geometry = settings.geometry()
    return {
        "media_dir": str(media_dir),
        "tex_dir": str(tex_dir),
        "output_file": output_file,
        "pixel_width": geo.pixel_width,
        "pixel_height": geo.pixel_height,
        "frame_width": geo.frame_width,
        "frame_height": geo.frame_height,
        "frame_rate": geo.fps,
        "format": "mp4",
        "video_codec": "libx264",
        "pixel_format": "yuv420p",
        "video_encoder_options": encoder_options(settings),
        # Our own whole-job cache decides what to re-render; Manim's per-animation cache only
        # costs hashing time here.
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
        "seed": 0,
    }


def dry_run_config(settings: RenderSettings) -> dict[str, Any]:
    """Config for running a scene's logic without drawing or writing anything."""
    geo = settings.geometry()
    return {
        "dry_run": True,
        "pixel_width": geo.pixel_width,
        "pixel_height": geo.pixel_height,
        "frame_width": geo.frame_width,
        "frame_height": geo.frame_height,
        "frame_rate": geo.fps,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "seed": 0,
    }

"""The only code that knows Manim's config keys: render settings → a ``tempconfig`` mapping.

Encoder choices per format (measured by ``bench/``, see bench/README.md):

- mp4: H.264 High, yuv420p, x264 ``ultrafast`` plus CABAC, 8×8 transforms and finer chroma
  (see below).
- webm: VP9 in constant-quality mode (``b=0``); ``yuva420p`` with alpha when transparent.
- mov: ProRes — 4444 with alpha (``yuva444p10le``) when transparent, which editors import
  (Manim's own transparent ``.mov`` is qtrle, which Premiere and many players reject); 422 HQ
  otherwise.
- gif: Manim's palette-based writer, at most 800 px wide and 15 fps.
- png: a still of the last frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mnemo_anim.config.render import Geometry, RenderSettings

# x264 ``ultrafast`` with CABAC and 8×8 transforms (which make the stream H.264 High, as the
# design asks) at crf 18, chroma quantised 12 steps finer than luma (``chroma-qp-offset=-12``,
# the most the standard allows): about 3.5–4 ms of CPU per 1080p frame against 8–9 at
# ``veryfast`` and ~16 at Manim's ``medium``. The lesson draws thin coloured lines on a dark
# ground, and its worst frames lost most in chroma (the gallery's mid-move hatching: SSIM
# Y 0.9988, U 0.9934, V 0.9953). The finer chroma raises every kind's worst frame, by up to
# 0.0014 (the gallery), for 19–26 % more bits (≈ 5.4 Mbit/s for 1080p60); with it the mean and
# the worst frame's SSIM against a lossless encode are at least those of Manim's tuned fast
# path (whose segments start on key frames) on every scene kind. One encoder thread: the
# encoder keeps up with the renderer with one, and the bytes then do not depend on the
# machine's core count (x264's output changes with its thread count). Chosen with
# `python -m bench --encoders`, a sweep over every kind's lossless frames and the bench's SSIM
# columns; the tables are in bench/README.md.
_X264 = {
    "preset": "ultrafast",
    "crf": "18",
    "threads": "1",
    "x264-params": "cabac=1:8x8dct=1:chroma-qp-offset=-12",
}
X264_OPTIONS: dict[str, dict[str, str]] = {
    "preview": dict(_X264),
    "medium": dict(_X264),
    "high": dict(_X264),
    "4k": dict(_X264),
}
VP9_OPTIONS = {"crf": "32", "b": "0", "deadline": "good", "cpu-used": "5", "row-mt": "1"}


def codec_settings(settings: RenderSettings) -> tuple[str, str, dict[str, str]]:
    """``(codec, pixel format, encoder options)`` for the chosen format and quality."""
    fmt, alpha = settings.format, settings.transparent
    if fmt == "webm":
        return "libvpx-vp9", "yuva420p" if alpha else "yuv420p", dict(VP9_OPTIONS)
    if fmt == "mov":
        if alpha:
            # prores_ks profile numbers: 3 = 422 HQ, 4 = 4444 (names are not parsed here).
            return "prores_ks", "yuva444p10le", {"profile": "4", "vendor": "apl0"}
        return "prores_ks", "yuv422p10le", {"profile": "3", "vendor": "apl0"}
    options = dict(X264_OPTIONS[settings.quality])
    if settings.platform is not None:
        from mnemo_anim.config.platforms import PLATFORMS

        spec = PLATFORMS[settings.platform]
        options.update({"maxrate": spec.max_bitrate, "bufsize": spec.buffer})
    return "libx264", "yuv420p", options


def encoder_options(settings: RenderSettings) -> dict[str, str]:
    """Everything about the encoder that changes the output bytes (part of the cache key)."""
    codec, pix_fmt, options = codec_settings(settings)
    return {"codec": codec, "pix_fmt": pix_fmt, **options}


def manim_config(settings: RenderSettings, *, media_dir: Path, output_file: str) -> dict[str, Any]:
    """Everything Manim needs for one render, for use inside ``manim.tempconfig``."""
    geo: Geometry = settings.geometry()
    out: dict[str, Any] = {
        "media_dir": str(media_dir),
        "output_file": output_file,
        "pixel_width": geo.pixel_width,
        "pixel_height": geo.pixel_height,
        "frame_width": geo.frame_width,
        "frame_height": geo.frame_height,
        "frame_rate": geo.fps,
        "format": settings.format,
        "background_opacity": 0.0 if settings.transparent else 1.0,
        "save_sections": settings.sections and settings.format != "png",
        # Our own whole-job cache decides what to re-render; Manim's per-animation cache only
        # costs hashing time here.
        "disable_caching": True,
        "progress_bar": "none",
        # Manim logs to stdout, which carries our results; its errors still reach us as
        # exceptions.
        "verbosity": "ERROR",
        "preview": False,
        "seed": 0,
    }
    if settings.format in ("mp4", "webm", "mov"):
        codec, pix_fmt, options = codec_settings(settings)
        out.update(
            {"video_codec": codec, "pixel_format": pix_fmt, "video_encoder_options": options}
        )
    return out


def dry_run_config(settings: RenderSettings, *, media_dir: Path | None = None) -> dict[str, Any]:
    """Config for running a scene's logic without drawing or writing a video.

    Text is still set: into ``media_dir`` (a private temporary folder) and the shared text
    cache, never into a ``media/`` folder in the working directory. (Formulas are typeset by
    Typst in process and need no folder.)
    """
    geo = settings.geometry()
    folders = {}
    if media_dir is not None:
        folders = {
            "media_dir": str(media_dir),
            # Private, like a render's: Manim's text cache is not safe to share between
            # processes (a text's SVG can be read while another process writes it).
            "text_dir": str(media_dir / "texts"),
        }
    return {
        **folders,
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

"""Lecture and social delivery: every format as a decoder sees it, captions, sections, presets."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import av
import pytest
import srt

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.config.platforms import PLATFORMS
from mnemo_anim.config.render import RenderSettings
from mnemo_anim.render.encode import moov_before_mdat, probe, probe_image
from mnemo_anim.render.runner import preflight_warnings, render_job

TINY = {"matrix": [[2, -1]], "vector": [3, 1], "timing": {"speed": 4, "pause": 0.5}}


def tiny(**render: object) -> RowViewJob:
    return RowViewJob.model_validate({**TINY, "render": {"quality": "preview", **render}})


FORMATS = {
    "mp4": ({}, "h264", "yuv420p", False),
    "webm": ({"format": "webm"}, "vp9", "yuv420p", False),
    "webm-alpha": ({"format": "webm", "transparent": True}, "vp9", "yuv420p", True),
    # ProRes 4444 is encoded from yuva444p10le; FFmpeg's decoder hands it back as 12-bit.
    "mov-prores-4444": ({"format": "mov", "transparent": True}, "prores", "yuva444p12le", True),
    "mov-prores-hq": ({"format": "mov"}, "prores", "yuv422p10le", False),
}


@pytest.mark.render
@pytest.mark.parametrize(
    ("render", "codec", "pix_fmt", "alpha"), FORMATS.values(), ids=FORMATS.keys()
)
def test_video_formats(tmp_path: Path, render: dict, codec: str, pix_fmt: str, alpha: bool) -> None:
    result = render_job(tiny(**render), tmp_path, warn=None)
    info = probe(result.path)
    assert (info.codec, info.pix_fmt, info.alpha) == (codec, pix_fmt, alpha)
    assert (info.width, info.height) == (854, 480)
    assert info.fps == pytest.approx(24, abs=0.05)
    assert info.duration > 1
    assert info.frames == pytest.approx(info.duration * 24, abs=2)
    if result.path.suffix == ".mp4":
        assert info.profile == "High" and moov_before_mdat(result.path)
    if result.path.suffix == ".mov" and alpha:
        with av.open(str(result.path)) as container:
            assert container.streams.video[0].codec_context.codec_tag == "ap4h"
            frame = next(container.decode(video=0)).to_ndarray(format="rgba")
        assert frame[..., 3].min() == 0  # the background really is transparent


@pytest.mark.render
def test_gif_is_small_looping_and_slow(tmp_path: Path) -> None:
    result = render_job(tiny(format="gif", quality="high"), tmp_path, warn=None)
    info = probe(result.path)
    assert info.codec == "gif"
    assert info.width <= 800 and info.fps <= 15
    with av.open(str(result.path)) as container:
        assert container.streams.video[0].codec_context.pix_fmt in {"rgb8", "pal8", "bgra"}
    assert result.path.read_bytes()[:6] in (b"GIF89a", b"GIF87a")
    assert b"NETSCAPE2.0" in result.path.read_bytes()[:2000]  # the looping extension


@pytest.mark.render
def test_png_still_and_thumbnail(tmp_path: Path) -> None:
    still = render_job(tiny(format="png", transparent=True), tmp_path, warn=None)
    info = probe_image(still.path)
    assert (info.width, info.height, info.alpha) == (854, 480, True)
    video = render_job(tiny(thumbnail=True, name="with_thumb"), tmp_path, warn=None)
    thumb = probe_image(video.path.with_suffix(".png"))
    assert (thumb.width, thumb.height) == (854, 480)


@pytest.mark.render
def test_captions_burned_and_sidecars_match_steps(tmp_path: Path) -> None:
    job = RowViewJob.model_validate(
        {**TINY, "captions": "auto", "render": {"quality": "preview", "aspect": "9:16"}}
    )
    result = render_job(job, tmp_path, warn=None)
    info = probe(result.path)
    steps = result.steps
    # steps tile the whole video, back to back
    assert steps[0][1] == 0
    assert all(a[2] == pytest.approx(b[1]) for a, b in itertools.pairwise(steps))
    assert steps[-1][2] == pytest.approx(info.duration, abs=1.5 / 24)

    cues = list(srt.parse(result.path.with_suffix(".srt").read_text()))
    texts = job.caption_texts()
    assert [c.content.replace("\n", " ") for c in cues] == [texts[name] for name, _, _ in steps]
    for cue, (_, start, end) in zip(cues, steps, strict=True):
        assert cue.start.total_seconds() == pytest.approx(start, abs=0.001)
        assert cue.end.total_seconds() == pytest.approx(end, abs=0.001)
        assert all(len(line) <= 42 for line in cue.content.splitlines())
        assert len(cue.content.splitlines()) <= 2
    assert [c.start for c in cues] == sorted(c.start for c in cues)

    vtt = result.path.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT\n\n")
    timings = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", vtt, re.M)
    assert len(timings) == len(cues)


@pytest.mark.render
def test_sections_write_one_clip_per_step_and_chapters(tmp_path: Path) -> None:
    result = render_job(tiny(sections=True), tmp_path, warn=None)
    clips = sorted((tmp_path / "row_view_sections").iterdir())
    assert [c.name for c in clips] == ["00-equation.mp4", "01-row-0.mp4", "02-result.mp4"]
    total = sum(probe(c).duration for c in clips)
    assert total == pytest.approx(probe(result.path).duration, abs=0.2)
    chapters = (tmp_path / "row_view.chapters.txt").read_text().splitlines()
    assert chapters[0] == "00:00 Equation"
    assert [line.split(" ", 1)[1] for line in chapters] == ["Equation", "Row 0", "Result"]


def test_nothing_half_written_on_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mnemo_anim import files

    def full(target: Path, data: bytes | str, *, durable: bool = True) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_atomic", full)
    job = RowViewJob.model_validate({**TINY, "captions": "auto", "render": {"quality": "preview"}})
    with pytest.raises(Exception, match="No space left"):
        render_job(job, tmp_path, warn=None)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mnemo-")]


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_platform_presets(name: str) -> None:
    spec = PLATFORMS[name]
    geo = RenderSettings(platform=name).geometry()  # type: ignore[arg-type]
    w, h = (int(v) for v in spec.aspect.split(":"))
    assert geo.pixel_width / geo.pixel_height == pytest.approx(w / h, rel=0.01)
    assert min(geo.pixel_width, geo.pixel_height) == 1080
    assert geo.fps == spec.fps


def test_explicit_fields_beat_the_platform() -> None:
    geo = RenderSettings(platform="reels", fps=60, quality="preview").geometry()
    assert (geo.pixel_width, geo.pixel_height, geo.fps) == (480, 854, 60)


def test_too_long_for_the_platform_warns_before_rendering() -> None:
    job = RowViewJob.model_validate(
        {
            "matrix": [[1] * 6] * 6,
            "vector": [1] * 6,
            "timing": {"speed": 0.25, "pause": 5},
            "render": {"platform": "square"},
        }
    )
    (message,) = preflight_warnings(job)
    assert "square takes at most 60 s" in message


def test_transparent_mp4_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot carry transparency"):
        RenderSettings(transparent=True)

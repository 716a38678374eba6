"""The review page: rows from the manifest, posters, warnings, and the page in headless Chromium."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from mnemo_anim.deliver import review
from mnemo_anim.deliver.review import (
    aspect_of,
    duration_warnings,
    poster_png,
    review_items,
    write_review_page,
)
from mnemo_anim.render.manifest import update_manifest
from tests.browser import (
    Firefox,
    browser,
    console_errors,
    firefox,
    make_clip,
    video_errors,
    wait_for,
)

__all__ = ["browser", "firefox"]  # the fixtures, imported for the tests below

VTT = "WEBVTT\n\n00:00.000 --> 00:00.400\nRow 0 of A dotted with x gives 1.\n"
CONTRAST = "palette.muted #555555 has contrast 2.1:1 against the background; 4.5:1 is the minimum"


def entry(path: Path, **extra: Any) -> dict[str, Any]:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        duration = float(container.duration or 0) / 1e6
    return {
        "hash": "0" * 8,
        "file": path.name,
        "size": path.stat().st_size,
        "duration": round(duration, 3),
        "resolution": f"{width}x{height}",
        "width": width,
        "height": height,
        "fps": 24.0,
        "seconds": 1.25,
        "status": "rendered",
        "origin": "configs/lesson.yaml jobs[0]",
        **extra,
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder as a batch leaves it: videos, captions, a thumbnail, a storyboard."""
    out = tmp_path_factory.mktemp("review") / "output"
    out.mkdir()
    wide = make_clip(out / "row_view.mp4", (200, 40, 40), size=(320, 180))
    tall = make_clip(out / "row_view-9x16.mp4", (40, 180, 70), size=(180, 320))
    square = make_clip(out / "bias-square.mp4", (50, 90, 220), size=(240, 240))
    (out / "row_view.vtt").write_text(VTT)
    (out / "row_view-9x16.vtt").write_text(VTT)
    Image.new("RGB", (320, 180), (255, 255, 0)).save(out / "row_view.png")
    Image.new("RGB", (600, 300), (0, 255, 255)).save(out / "row_view.storyboard.png")
    update_manifest(
        out,
        {
            "row_view": entry(wide, scene="row_view"),
            "row_view-9x16": entry(tall, status="cached"),
            # The manifest's length, not the clip's: a long video for the square feed.
            "bias-square": entry(square, duration=75.0, platform="square", warnings=[CONTRAST]),
            "composition": {
                "hash": "1",
                "file": "composition.mp4",
                "seconds": 0.4,
                "status": "failed",
                "error": "LaTeX failed <on> \\frac",
                "origin": "configs/lesson.yaml jobs[3]",
            },
        },
    )
    return out


def test_aspects() -> None:
    assert aspect_of(1920, 1080) == "16:9" and aspect_of(854, 480) == "16:9"
    assert aspect_of(1080, 1920) == "9:16" and aspect_of(1080, 1350) == "4:5"
    assert aspect_of(1080, 1080) == "1:1" and aspect_of(400, 300) == "4:3"
    assert aspect_of(None, 5) == "?"


def test_duration_warnings() -> None:
    assert duration_warnings(75, "1:1", "square") == ["75 s is over the 1 min that square takes"]
    assert duration_warnings(59, "1:1") == []
    tall = duration_warnings(700, "9:16")
    # Reels take 15 minutes; Shorts 3 and TikTok uploads 10 do not.
    assert tall == [
        "700 s is over the 3 min that shorts takes",
        "700 s is over the 10 min that tiktok takes",
    ]
    assert duration_warnings(700, "16:9") == []


def test_rows_from_the_manifest(batch: Path) -> None:
    rows = {item.name: item for item in review_items(batch, review.read_manifest(batch))}
    assert list(rows) == ["bias-square", "composition", "row_view", "row_view-9x16"]
    assert rows["row_view"].poster == "row_view.png", "the thumbnail is the poster"
    assert rows["row_view"].storyboard == "row_view.storyboard.png"
    assert rows["row_view-9x16"].scene == "row_view" and rows["row_view-9x16"].aspect == "9:16"
    assert rows["bias-square"].warnings == (CONTRAST, "75 s is over the 1 min that square takes")
    assert rows["composition"].warnings[0].startswith("render failed: LaTeX failed")
    # A poster taken from the video itself: its last frame, with the clip's white end mark.
    poster = batch / str(rows["row_view-9x16"].poster)
    assert poster.parent.name == ".review"
    image = Image.open(poster).convert("RGB")
    assert image.size == (180, 320)
    assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=12)
    assert image.getpixel((150, 300)) == pytest.approx((40, 180, 70), abs=12)


def test_poster_of_something_undecodable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    assert poster_png(bad) is None


def test_page_is_atomic_relative_and_escaped(batch: Path) -> None:
    page_path = write_review_page(batch)
    assert page_path == batch / "index.html"
    assert not list(batch.glob(".mnemo-*")), "no partial file left"
    page = page_path.read_text("utf-8")
    assert str(batch) not in page, "paths are relative"
    assert "LaTeX failed &lt;on&gt;" in page
    tracks = re.findall(r'<track [^>]*src="data:text/vtt;base64,([^"]+)"', page)
    assert [base64.b64decode(t).decode() for t in tracks] == [VTT, VTT]
    assert "4 videos" in page and "1 failed" in page and "2 with warnings" in page


# -- in the browser ------------------------------------------------------------------------


def order(driver: Any, key: str) -> list[str]:
    return driver.execute_script(
        f"return [...document.querySelectorAll('#videos tbody tr')].map(r => r.dataset.{key})"
    )


def sort_by(driver: Any, key: str) -> None:
    driver.find_element("css selector", f'nav.sort button[data-key="{key}"]').click()


def check_review_page(browser: Any, page: Path, shot: Path) -> None:
    """Every video's metadata, caption track, poster and image loads; the columns sort."""
    browser.get(page.as_uri())
    videos = "[...document.querySelectorAll('video')]"
    wait_for(
        lambda: browser.execute_script(f"return {videos}.every(v => v.readyState >= 1)"),
        message="every video's metadata",
    )
    assert browser.execute_script(f"return {videos}.length") == 3
    tracks = browser.execute_script(
        f"""return {videos}.map(v => {{ const t = v.querySelector('track');
            return t ? [t.readyState, t.track.cues ? t.track.cues.length : -1] : null; }})"""
    )
    # The square video has no captions; the two others have one cue each, loaded.
    assert tracks == [None, [2, 1], [2, 1]]
    posters = browser.execute_script(f"return {videos}.map(v => v.getAttribute('poster'))")
    assert posters == [".review/bias-square.png", "row_view.png", ".review/row_view-9x16.png"]
    assert browser.execute_script(
        "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"
    ), "every image loads"
    shot.write_bytes(browser.get_screenshot_as_png())

    names = order(browser, "name")
    assert names == sorted(names)
    sort_by(browser, "aspect")
    # Numbers inside names compare as numbers: 9:16 before 16:9.
    assert order(browser, "aspect") == ["?", "1:1", "9:16", "16:9"]
    sort_by(browser, "aspect")
    assert order(browser, "aspect") == ["16:9", "9:16", "1:1", "?"]
    sort_by(browser, "scene")
    assert order(browser, "scene") == ["bias", "composition", "row_view", "row_view"]
    sort_by(browser, "name")
    sort_by(browser, "name")
    assert order(browser, "name") == sorted(names, reverse=True)


def test_review_page_in_chromium(browser: Any, batch: Path, tmp_path: Path) -> None:
    check_review_page(browser, write_review_page(batch), tmp_path / "review.png")
    assert console_errors(browser) == []


def test_review_page_in_firefox(firefox: Firefox, batch: Path, tmp_path: Path) -> None:
    check_review_page(firefox, write_review_page(batch), tmp_path / "review-firefox.png")
    assert video_errors(firefox) == []

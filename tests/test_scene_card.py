"""The title card: its heading and line on screen in every aspect, and its last frame."""

from __future__ import annotations

from typing import Any

import pytest
from manim import Text

from mnemo_anim.config.models import CardJob
from mnemo_anim.render.runner import RenderResult
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import run_dry

HEADING, LINE = "A matrix moves the plane", "Every point goes somewhere new, all at once."


def _texts(scene: Any) -> str:
    found = [
        part.text
        for top in scene.mobjects
        for part in top.get_family()
        if isinstance(part, Text) and part.get_fill_opacity() > 0.5
    ]
    return " ".join(" ".join(found).split())


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1", "4:5"])
def test_heading_over_its_line_in_every_aspect(aspect: str) -> None:
    job = CardJob.model_validate({"heading": HEADING, "line": LINE, "render": {"aspect": aspect}})
    scene = run_dry(job).scene
    assert [name for name, _, _ in scene.steps] == ["card"]
    shown = _texts(scene)
    assert HEADING.replace(" ", "") in shown.replace(" ", "")
    assert LINE.replace(" ", "") in shown.replace(" ", "")
    assert scene.heading.get_bottom()[1] > scene.line.get_top()[1], "the heading is above"
    assert scene.heading.height > scene.line.height / 2  # the heading is the larger text


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(CardJob, tmp_path_factory, heading=HEADING, line=LINE)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 854, 480)
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("card_last", last_frame(video.path))

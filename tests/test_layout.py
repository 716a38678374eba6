"""Layout: regions per aspect, and every scene inside the frame (text inside the safe area) at
the end of every step, for every aspect — checked in Manim's dry run, without drawing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from manim import Mobject, Text

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.render import RenderSettings
from mnemo_anim.layout import Box, make_layout, safe_area
from mnemo_anim.visuals.plane import Z_OFF_STAGE
from mnemo_anim.visuals.typeset import Formula, MatrixDisplay
from tests.scene_probe import run_dry

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
TOL = 0.02


def test_vertical_safe_area_matches_the_apps_overlays() -> None:
    geo = RenderSettings(aspect="9:16", quality="high").geometry()
    safe = safe_area(geo.frame_width, geo.frame_height)
    px = geo.pixel_width / geo.frame_width  # pixels per unit
    left = (safe.left + geo.frame_width / 2) * px
    right = (safe.right + geo.frame_width / 2) * px
    top = (geo.frame_height / 2 - safe.top) * px
    bottom = (geo.frame_height / 2 - safe.bottom) * px
    assert (round(left), round(right), round(top), round(bottom)) == (65, 900, 270, 1250)


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("stage", [False, True])
@pytest.mark.parametrize("captions", [False, True])
def test_regions_nest_inside_the_safe_area(aspect: str, stage: bool, captions: bool) -> None:
    geo = RenderSettings(aspect=aspect).geometry()
    layout = make_layout(geo.frame_width, geo.frame_height, stage=stage, captions=captions)
    regions = [layout.title, layout.panel, layout.footer]
    regions += [b for b in (layout.stage, layout.caption) if b is not None]
    for box in regions:
        assert layout.safe.contains(box.left, box.right, box.bottom, box.top), box
    if stage:
        assert layout.stage is not None
        portrait = geo.frame_height > geo.frame_width * 1.2
        if portrait:
            assert layout.panel.bottom >= layout.stage.top - TOL  # panel stacked above the plane
        elif layout.orientation == "landscape":
            assert layout.panel.right <= layout.stage.left + TOL  # panel beside the plane


def test_box_fit_scales_down_and_centres() -> None:
    class Fake:
        width, height = 4.0, 2.0
        scaled = 1.0
        at = None

        def scale(self, f: float) -> None:
            self.scaled = f

        def move_to(self, p: np.ndarray) -> None:
            self.at = p

    fake = Fake()
    Box(1.0, 2.0, 2.0, 2.0).fit(fake)
    assert fake.scaled == 0.5
    assert list(fake.at[:2]) == [1.0, 2.0]  # type: ignore[index]


def _visible(mob: Mobject) -> bool:
    points = getattr(mob, "points", None)
    if points is None or len(points) == 0:
        return False
    opacities = [
        getattr(mob, "get_fill_opacity", lambda: 0)(),
        getattr(mob, "get_stroke_opacity", lambda: 0)(),
    ]
    return max(opacities) > 0.01


def _inside(mob: Mobject, box: Box) -> bool:
    left, bottom = mob.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = mob.get_corner(np.array([1, 1, 0]))[:2]
    return box.contains(left, right, bottom, top, tol=TOL)


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("kind", list(JOB_MODELS))
def test_every_step_fits_the_frame(kind: str, aspect: str) -> None:
    job = JOB_MODELS[kind].model_validate(
        {"title": "Matrix times vector", "captions": "auto", "render": {"aspect": aspect}}
    )
    on_stage = _OnStage()
    probe = run_dry(job, on_stage)
    layout = probe.scene.layout
    outside, unsafe, texts = [], [], 0
    for snap in probe.snapshots:
        for top in snap.mobjects:
            for part in top.get_family():
                if _visible(part) and not _inside(part, layout.frame):
                    outside.append((snap.time, type(part).__name__))
                if isinstance(part, Text | Formula | MatrixDisplay) and _visible_text(part):
                    texts += 1
                    if not _inside(part, layout.safe):
                        unsafe.append((snap.time, type(part).__name__))
    # the check saw the equations, labels, notes and captions (a title card: its three lines)
    assert texts > (6 if kind == "card" else 20)
    assert not outside, outside[:5]
    assert not unsafe, unsafe[:5]
    if layout.stage is not None:
        assert len(on_stage.under) > 50  # the title, the panel's matrices, the captions
    assert not on_stage.found, on_stage.found[:5]


def test_the_split_composition_keeps_what_is_under_the_stage_off_it() -> None:
    job = JOB_MODELS["composition"].model_validate(
        {"layout": "split", "title": "Two orders", "captions": "auto"}
    )
    on_stage = _OnStage()
    run_dry(job, on_stage)
    assert len(on_stage.under) > 50
    assert not on_stage.found, on_stage.found[:5]


class _OnStage:
    """After each play: the parts drawn under the stage (``Z_OFF_STAGE``) that are on it.

    The title, panel, notes and captions are drawn before the plane, so they stay in Manim's
    cached background while it moves; that changes no pixel only while none of them is on the
    stage.
    """

    def __init__(self) -> None:
        self.under: list[Mobject] = []
        self.found: list[tuple[float, str]] = []

    def __call__(self, scene: Any) -> None:
        stage = scene.layout.stage
        if stage is None:
            return
        for top in scene.mobjects:
            for part in top.get_family():
                if part.z_index != Z_OFF_STAGE or not _visible(part):
                    continue
                self.under.append(part)
                left, bottom = part.get_corner(np.array([-1, -1, 0]))[:2]
                right, top_y = part.get_corner(np.array([1, 1, 0]))[:2]
                apart = (
                    right < stage.left
                    or left > stage.right
                    or top_y < stage.bottom
                    or bottom > stage.top
                )
                if not apart:
                    self.found.append((scene.renderer.time, type(part).__name__))


def _visible_text(mob: Mobject) -> bool:
    return any(_visible(p) for p in mob.get_family())

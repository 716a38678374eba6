"""Layout: the regions per aspect and the safe area. Every scene inside the frame at every step
in every aspect is checked in ``tests/test_on_screen.py``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.render import RenderSettings
from mnemo_anim.layout import Box, make_layout, safe_area
from tests.scene_probe import run_dry
from tests.step_ends import Moment, placement

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


def test_the_split_composition_keeps_what_is_under_the_stage_off_it() -> None:
    job = JOB_MODELS["composition"].model_validate(
        {"layout": "split", "title": "Two orders", "captions": "auto"}
    )
    moments: list[Moment] = []

    def check(scene: Any) -> None:
        moments.append(Moment(scene.renderer.time))
        placement(scene, moments[-1])

    run_dry(job, check)
    assert sum(m.under for m in moments) > 50
    on_stage = [(m.time, m.on_stage[:3]) for m in moments if m.on_stage]
    assert not on_stage, on_stage[:5]

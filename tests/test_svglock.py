"""The text cache lock: every render path takes it. (Renders and dry runs also set their text in
private folders: sharing one text cache between processes was measured to race.)"""

from __future__ import annotations

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.render.runner import estimate_duration


def test_a_render_process_installs_the_lock() -> None:
    from manim.mobject.svg.svg_mobject import SVGMobject

    estimate_duration(JOB_MODELS["bias"].model_validate({}))
    assert getattr(SVGMobject.generate_mobject, "_mnemo_locked", False)

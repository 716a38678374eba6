"""Still objects kept in a play's background: every frame is the one Manim draws.

Frames are compared through lossless encodes, so any pixel the kept background got wrong shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.render.still import footprint
from tests.test_writer import decoded, render_scene

# Kinds whose lesson draws still objects after a moving one, and the least share of frames
# drawn on a kept background in the short render below.
SERVED = {"shapes": 0.5, "gallery": 0.3, "bias": 0.1, "column_view": 0.1}


def _same_frames(theirs: Path, ours: Path) -> None:
    expected, got = decoded(theirs), decoded(ours)
    assert len(got) == len(expected) > 10
    different = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if (a != b).any()]
    assert different == []


@pytest.mark.render
@pytest.mark.parametrize("kind", sorted(JOB_MODELS))
def test_every_lesson_draws_manims_frames_with_still_objects_kept(
    tmp_path: Path, kind: str
) -> None:
    """Every scene kind, drawn with and without the kept background, frame for frame: the
    lessons' updaters and animations change only their own families."""
    job = JOB_MODELS[kind].model_validate(
        {"timing": {"speed": 4}, "render": {"quality": "preview"}}
    )
    theirs, _ = render_scene(job, tmp_path / "manim", still=False)
    ours, scene = render_scene(job, tmp_path / "ours")
    _same_frames(theirs, ours)
    renderer: Any = scene.renderer  # type: ignore[attr-defined]
    if kind in SERVED:
        assert renderer.still_frames >= SERVED[kind] * renderer.frames_drawn


@pytest.mark.render
def test_a_tall_lesson_draws_manims_frames_with_still_objects_kept(tmp_path: Path) -> None:
    """The 9:16 layout stacks the stage and the text differently."""
    job = JOB_MODELS["shapes"].model_validate(
        {"timing": {"speed": 4}, "render": {"quality": "preview", "aspect": "9:16"}}
    )
    theirs, _ = render_scene(job, tmp_path / "manim", still=False)
    ours, scene = render_scene(job, tmp_path / "ours")
    _same_frames(theirs, ours)
    assert scene.renderer.still_frames > 0  # type: ignore[attr-defined]


@pytest.mark.render
def test_a_moving_object_crossing_a_kept_one_is_drawn_over_it_as_manim_draws_it(
    tmp_path: Path,
) -> None:
    """A dot drawn before a still label slides across it: while they overlap the frame is
    drawn Manim's way (over Manim's background, drawn again), before and after it is drawn on
    the kept background."""
    from manim import LEFT, RIGHT, Dot, Rectangle, Scene, Square, Text, linear, tempconfig

    from mnemo_anim.render import settings
    from mnemo_anim.render.writer import StreamRenderer
    from tests.test_writer import LOSSLESS_RGB

    job = JOB_MODELS["row_view"].model_validate({"render": {"quality": "preview"}})

    class Crossing(Scene):
        def construct(self) -> None:
            backdrop = Rectangle(width=12, height=2).set_fill("#2040a0", opacity=0.5)
            dot = Dot(5 * LEFT, radius=0.4, color="#ff8800")
            label = Text("kept", font_size=60)
            corner = Square(0.5).to_corner()
            self.add(backdrop, dot, label, corner)  # the backdrop is Manim's background
            self.play(dot.animate.move_to(5 * RIGHT), run_time=2, rate_func=linear)

    def render(name: str, **renderer: Any) -> tuple[Path, Any]:
        config = settings.manim_config(job.render, media_dir=tmp_path / name, output_file="clip")
        with tempconfig({**config, **LOSSLESS_RGB}):
            scene = Crossing(renderer=StreamRenderer(**renderer))
            scene.render()
            return Path(scene.renderer.file_writer.movie_file_path), scene

    theirs, _ = render("manim", still=False)
    ours, scene = render("ours")
    _same_frames(theirs, ours)
    served, drawn = scene.renderer.still_frames, scene.renderer.frames_drawn
    # Kept before and after the crossing; drawn Manim's way while the dot's box meets the word's.
    assert served > drawn / 2
    assert 5 <= drawn - served <= 20


def test_a_footprint_holds_the_stroke_and_its_mitres() -> None:
    from manim import Camera, Square

    camera = Camera()
    square = Square(2).set_stroke(width=8)
    x0, y0, x1, y1 = footprint(camera, square)
    half_stroke = 8 * camera.cairo_line_width_multiple / 2
    assert x0 < -1 - 10 * half_stroke and x1 > 1 + 10 * half_stroke
    assert y0 < -1 - 10 * half_stroke and y1 > 1 + 10 * half_stroke
    assert np.isclose(x1 - x0, y1 - y0)

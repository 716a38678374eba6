"""The still objects above a moving one, drawn once a play: every frame of every scene kind is
the one Manim's renderer draws."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.render import settings
from mnemo_anim.render.above import Above
from mnemo_anim.render.writer import StreamRenderer
from scenes import scene_class

SIZE = {"landscape": (384, 216), "portrait": (216, 384)}
# Kinds where nothing still lies above a moving object, or too little to pay for the layer: it
# never draws a frame there, and the frames are Manim's by construction.
NOTHING_ABOVE = {"row_view", "card", "gallery"}
CASES = [(kind, "landscape") for kind in JOB_MODELS] + [
    ("column_view", "portrait"),
    ("shapes", "portrait"),
]


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every frame the layer draws is drawn again Manim's way (the static image, then every
    object from the first moving one up) and compared; the numbers of those that differ."""
    real = Above.draw
    frames = [0]
    different: list[int] = []

    def draw(self: Above, moving: list[Any]) -> bool:
        frames[0] += 1
        if not real(self, moving):
            return False
        ours = self.camera.pixel_array.copy()
        self.camera.set_frame_to_background(self.below)
        self.camera.capture_mobjects(moving)
        if not np.array_equal(ours, self.camera.pixel_array):
            different.append(frames[0])
        return True

    monkeypatch.setattr(Above, "draw", draw)
    return different


def render_kind(kind: str, orientation: str, media: Path) -> Any:
    """Render ``kind``'s default lesson small and fast; the renderer."""
    from manim import tempconfig

    aspect = "16:9" if orientation == "landscape" else "9:16"
    job = JOB_MODELS[kind].model_validate(
        {"timing": {"speed": 4}, "render": {"quality": "preview", "aspect": aspect, "fps": 15}}
    )
    w, h = SIZE[orientation]
    config = settings.manim_config(job.render, media_dir=media, output_file="clip")
    config.update(pixel_width=w, pixel_height=h)
    with tempconfig(config):
        scene = scene_class(job.scene)(job, renderer=StreamRenderer())
        scene.render()
    return scene.renderer


@pytest.mark.render
@pytest.mark.parametrize(("kind", "orientation"), CASES)
def test_every_frame_is_the_one_manim_draws(
    kind: str, orientation: str, tmp_path: Path, checked: list[int]
) -> None:
    renderer = render_kind(kind, orientation, tmp_path)
    assert checked == []
    # The layer drew frames (else this test would prove nothing), where it can.
    assert (renderer.frames_above > 0) == (kind not in NOTHING_ABOVE)


def _custom_frames(construct: Any, media: Path, **renderer: Any) -> tuple[list[str], Any]:
    """Every frame of a small plain Manim scene whose ``construct`` is given."""
    from manim import Scene, tempconfig

    seen: list[str] = []

    class Custom(Scene):
        def construct(self) -> None:
            construct(self)

    config = {
        "media_dir": str(media),
        "pixel_width": 320,
        "pixel_height": 180,
        "frame_rate": 15,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "format": "mp4",
        "output_file": "clip",
    }
    with tempconfig(config):
        scene = Custom(renderer=StreamRenderer(**renderer))
        add = scene.renderer.add_frame

        def record(frame: np.ndarray, num_frames: int = 1) -> None:
            seen.extend([hashlib.md5(frame.tobytes()).hexdigest()] * num_frames)
            add(frame, num_frames)

        scene.renderer.add_frame = record
        scene.render()
    return seen, scene.renderer


def _labels() -> list[Any]:
    from manim import Text

    return [
        Text(f"still {i}", font_size=20, stroke_width=1.5, stroke_color="#3030ff").move_to(
            [-5 + 2.5 * (i % 5), 3 - 1.2 * (i // 5), 0]
        )
        for i in range(20)
    ]


CHANGES = {
    "fill": lambda label: label.set_fill("#ff3030"),
    "stroke": lambda label: label.set_stroke("#30ff30"),
    "stroke width": lambda label: label.set_stroke(width=3),
    "points": lambda label: label.shift(0.15 * np.array([1.0, 1.0, 0.0])),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_still_object_changed_behind_manims_back_is_drawn_as_it_is(
    change: str, tmp_path: Path
) -> None:
    """A clock's updater changes a label that Manim counts as still, one second in: from that
    frame on the layer steps aside, so the change shows."""
    from manim import RIGHT, Dot, Square

    def construct(scene: Any) -> None:
        square = Square(1.0, fill_opacity=0.8).move_to([-4, -2.5, 0])
        clock = Dot(radius=0.01)
        labels = _labels()
        scene.add(clock, square, *labels)
        elapsed = [0.0]

        def tick(_: Any, dt: float) -> None:
            elapsed[0] += dt
            if 1.0 < elapsed[0] < 1.1:
                CHANGES[change](labels[-1])

        clock.add_updater(tick)
        scene.play(square.animate.shift(8 * RIGHT), run_time=2)

    theirs, _ = _custom_frames(construct, tmp_path / "manim", above=False)
    ours, renderer = _custom_frames(construct, tmp_path / "ours")
    assert len(ours) == len(theirs) == 30
    assert len(set(theirs)) > 20  # the square moves on every frame
    assert ours == theirs
    assert 0 < renderer.frames_above < 30  # the layer drew the frames before the change


def test_a_shape_moving_through_still_labels_is_drawn_under_them(tmp_path: Path) -> None:
    """A thick-stroked shape sweeps under a grid of labels: where it passes they are drawn again
    above it, and where it was they are whole again."""
    from manim import DOWN, RIGHT, Star

    def construct(scene: Any) -> None:
        star = Star(color="#ffaa00", stroke_width=14, fill_opacity=0.5).scale(0.8)
        star.move_to([-6, 3, 0])
        scene.add(star, *_labels())
        scene.play(star.animate.shift(12 * RIGHT + 6 * DOWN).rotate(2.0), run_time=3)

    theirs, _ = _custom_frames(construct, tmp_path / "manim", above=False)
    ours, renderer = _custom_frames(construct, tmp_path / "ours")
    assert len(ours) == len(theirs) == 45
    assert ours == theirs
    assert renderer.frames_above == 45

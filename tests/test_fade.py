"""The fades in ``mnemo_anim.visuals.fade`` draw what Manim's draw, frame by frame, and leave the
objects as Manim leaves them; only fades in place take the short way."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import manim
import numpy as np
import pytest
from manim import (
    DOWN,
    RIGHT,
    Arrow,
    Circle,
    Dot,
    ImageMobject,
    Square,
    Text,
    VGroup,
    there_and_back,
)

from mnemo_anim.visuals import fade
from mnemo_anim.visuals.typeset import matrix

ALPHAS = np.linspace(0.0, 1.0, 9)


def parts() -> VGroup:
    """Text, a typeset matrix, filled and stroked shapes with a gradient and a half-seen dot."""
    square = Square(1.2).set_fill(manim.BLUE, 0.6).set_stroke(manim.YELLOW, 5)
    circle = Circle(0.7).set_color_by_gradient(manim.RED, manim.GREEN).set_fill(opacity=0.4)
    dot = Dot(RIGHT * 2, color=manim.PINK).set_opacity(0.5)
    arrow = Arrow(DOWN, RIGHT + DOWN, buff=0).set_background_stroke(
        color=manim.BLACK, width=4, opacity=1
    )
    words = Text("column space", font_size=36).shift(2 * DOWN)
    numbers = matrix([["2", "-1"], ["1", "3"]]).shift(2 * RIGHT + DOWN)
    return VGroup(square, circle, dot, arrow, words, numbers)


def colours(mob: VGroup) -> list[list[Any]]:
    """Every part's colour attributes, as numbers."""
    return [
        [np.asarray(getattr(part, k), dtype=float).tolist() for k in fade.COLOUR]
        for part in mob.family_members_with_points()
    ]


def frames(
    make: Callable[..., Any], mob: VGroup, states: list[Any] | None = None, **options: Any
) -> tuple[list[np.ndarray], Any]:
    """Play ``make(mob)`` by hand and draw every step with Manim's camera (and keep each
    step's colours in ``states``)."""
    camera = manim.Camera(pixel_height=120, pixel_width=214)
    animation = make(mob, **options)
    animation.begin()
    out = []
    for alpha in ALPHAS:
        animation.interpolate(alpha)
        camera.reset()
        camera.capture_mobjects([mob])
        out.append(camera.pixel_array.copy())
        if states is not None:
            states.append(colours(mob))
    animation.finish()
    return out, animation


def same_state(a: VGroup, b: VGroup) -> bool:
    """Colours equal to the bit; points within a billionth of a unit (Manim writes back
    ``(1 - t)·p' + t·p``, with ``p'`` its start copy's points, scaled by 1 about their centre)."""
    pairs = list(zip(a.family_members_with_points(), b.family_members_with_points(), strict=True))
    return all(
        np.allclose(one.points, two.points, rtol=0, atol=1e-9)
        and all(np.array_equal(getattr(one, k), getattr(two, k)) for k in fade.COLOUR)
        for one, two in pairs
    )


CASES = {
    "plain": {},
    "lagged": {"lag_ratio": 0.3},
    "there and back": {"rate_func": there_and_back},
    "shifting": {"shift": 0.2 * DOWN},
    "shifting, lagged": {"shift": 0.3 * RIGHT + 0.1 * DOWN, "lag_ratio": 0.2},
}


@pytest.mark.parametrize("options", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("kind", ["FadeIn", "FadeOut"])
def test_a_fade_in_place_draws_every_frame_as_manims(kind: str, options: dict[str, Any]) -> None:
    their_colours: list[Any] = []
    our_colours: list[Any] = []
    theirs, their_anim = frames(getattr(manim, kind), mine := parts(), their_colours, **options)
    ours, our_anim = frames(getattr(fade, kind), other := parts(), our_colours, **options)
    assert our_anim._ends is not None  # the short way was taken
    assert our_anim._stacks is not None  # all parts interpolated at once
    for alpha, (a, b) in zip(ALPHAS, zip(their_colours, our_colours, strict=True), strict=True):
        assert a == b, f"{kind}'s colours differ from Manim's at alpha {alpha}"
    assert their_anim.starting_mobject is not mine  # Manim's copies
    assert len(ours) == len(theirs)
    for alpha, (a, b) in zip(ALPHAS, zip(theirs, ours, strict=True), strict=True):
        assert np.array_equal(a, b), f"{kind} differs from Manim's at alpha {alpha}"
    assert any(np.any(f != theirs[0]) for f in theirs)  # the fade shows something moving
    assert same_state(mine, other)  # what finish leaves


@pytest.mark.parametrize("shift", [0.0 * DOWN, 0.25 * DOWN], ids=["in place", "shifting"])
def test_a_fade_out_is_removed_and_restored_as_manims(shift: np.ndarray) -> None:
    class Stage:
        def __init__(self) -> None:
            self.removed: list[Any] = []

        def remove(self, mob: Any) -> None:
            self.removed.append(mob)

    results = []
    for make in (manim.FadeOut, fade.FadeOut):
        mob, stage = parts(), Stage()
        _, animation = frames(make, mob, shift=shift)
        assert (getattr(animation, "_ends", None) is None) == (make is manim.FadeOut)
        animation.clean_up_from_scene(stage)
        assert stage.removed == [mob]
        results.append(mob)
    assert same_state(results[0], results[1])
    assert results[1][0].get_fill_opacity() == pytest.approx(0.6)  # back to full, as Manim


@pytest.mark.parametrize(
    "options", [{"scale": 0.5}, {"target_position": RIGHT}], ids=["scale", "target"]
)
def test_a_fade_that_scales_or_moves_to_a_point_is_manims_own(options: dict[str, Any]) -> None:
    theirs, _ = frames(manim.FadeIn, parts(), **options)
    ours, animation = frames(fade.FadeIn, parts(), **options)
    assert animation._ends is None
    assert all(np.array_equal(a, b) for a, b in zip(theirs, ours, strict=True))


def test_a_fade_of_an_image_is_manims_own() -> None:
    image = ImageMobject(np.full((4, 4, 4), 200, dtype=np.uint8))
    animation = fade.FadeIn(manim.Group(image, Dot()))
    animation.begin()
    assert animation._ends is None


def test_scenes_fade_with_these_classes() -> None:
    scenes = Path(__file__).resolve().parent.parent / "scenes"
    for path in sorted(scenes.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        mod = importlib.import_module(f"scenes.{path.stem}")
        for name in ("FadeIn", "FadeOut"):
            if hasattr(mod, name):
                assert getattr(mod, name) is getattr(fade, name), f"scenes/{path.name}: {name}"

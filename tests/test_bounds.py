"""The vectorised boxes (``mnemo_anim.visuals.bounds``) give Manim's numbers bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Dot,
    Text,
    VGroup,
    VMobject,
)

from mnemo_anim.config.models import CompositionJob
from mnemo_anim.visuals import bounds
from mnemo_anim.visuals.typeset import math, matrix
from tests.scene_probe import run_dry
from tests.test_family import same_as_manim as same_family_as_manim

DIRECTIONS = [
    np.array(d, dtype=float)
    for d in (ORIGIN, UP, DOWN, LEFT, RIGHT, UP + LEFT, UP + RIGHT, DOWN + LEFT, DOWN + RIGHT)
] + [np.array([0.3, -2.0, 0.0]), np.array([-1.0, 0.0, 1.0]), [1, -1, 0]]


def _same_as_manim(mob: VMobject) -> list[str]:
    """What differs between the installed methods and Manim's on ``mob`` (nothing, we hope)."""
    wrong = []
    ours, theirs = bounds.boundary(mob), bounds.MANIM_BOUNDARY(mob)
    if ours.shape != theirs.shape or not np.array_equal(ours, theirs):
        wrong.append(f"{type(mob).__name__}: boundary {ours.shape} vs {theirs.shape}")
    for d in DIRECTIONS:
        a, b = bounds.critical_point(mob, d), bounds.MANIM_CRITICAL_POINT(mob, d)
        if a.tobytes() != b.tobytes():
            wrong.append(f"{type(mob).__name__} {list(d)}: {a} vs {b}")
    return wrong


def test_installed_with_the_lesson_scene() -> None:
    import mnemo_anim.visuals.lesson  # noqa: F401  (installs)

    assert VMobject.get_critical_point is bounds.critical_point
    assert VMobject.get_points_defining_boundary is bounds.boundary


@pytest.mark.parametrize(
    "build",
    [
        lambda: VGroup(),
        lambda: VMobject().set_points(np.array([[1.0, 2.0, 0.0]])),
        lambda: Dot([0.5, -0.25, 0]),
        lambda: Circle(radius=0.3).shift(2 * LEFT).rotate(0.4),
        lambda: Arrow(ORIGIN, [1.3, 0.7, 0]),
        lambda: Text("Map first, then differ: 12.5", font_size=30),
        lambda: math("A x = sum_i x_i a_i", color="#ffffff"),
        lambda: matrix([["1.5", "-2"], ["0", "3.25"]]),
        lambda: VGroup(Dot(), VGroup(Circle().scale(2), VGroup())).arrange(RIGHT).rotate(1.0),
    ],
    ids=["empty", "one-point", "dot", "circle", "arrow", "text", "formula", "matrix", "nested"],
)
def test_each_kind_of_part_matches_manim(build: Any) -> None:
    mob = build()
    assert not _same_as_manim(mob)
    for part in mob.get_family():
        assert not _same_as_manim(part)


def test_a_curve_with_no_end_is_an_error_as_in_manim() -> None:
    broken = VMobject()
    broken.points = np.zeros((5, 3))  # one curve and a stray start
    with pytest.raises(ValueError):
        bounds.MANIM_BOUNDARY(broken)
    with pytest.raises(ValueError):
        bounds.boundary(broken)


def test_every_part_of_a_scene_after_every_play_matches_manim() -> None:
    """Every mobject on screen (planes, arrows, labels, panels, captions) after every play of
    a composition, titled and captioned: its box, and its family (``visuals/family.py``)."""
    wrong: list[str] = []
    seen = [0]

    def check(scene: Any) -> None:
        for top in scene.mobjects:
            if not same_family_as_manim(top):
                wrong.append(f"family of {type(top).__name__}")
            for part in top.get_family():
                if isinstance(part, VMobject):
                    seen[0] += 1
                    wrong.extend(_same_as_manim(part))

    job = CompositionJob.model_validate({"title": "Composition", "captions": "auto"})
    run_dry(job, check)
    assert seen[0] > 5000
    assert not wrong, wrong[:5]

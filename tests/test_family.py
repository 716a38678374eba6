"""The loop in ``mnemo_anim.visuals.family`` lists a family as Manim's walk does."""

from __future__ import annotations

from typing import Any

import pytest
from manim import Circle, Dot, Mobject, Text, VGroup, VMobject

from mnemo_anim.visuals import family
from mnemo_anim.visuals.typeset import matrix


def same_as_manim(mob: Mobject) -> bool:
    ours, theirs = family.get_family(mob), family.MANIM_GET_FAMILY(mob)
    with_points = family.family_members_with_points(mob)
    return (
        len(ours) == len(theirs)
        and all(a is b for a, b in zip(ours, theirs, strict=True))
        and [id(m) for m in with_points] == [id(m) for m in theirs if len(m.points) > 0]
    )


def shared() -> VGroup:
    """One dot in two groups, and a group listed twice: each is kept where it comes last."""
    dot = Dot()
    inner = VGroup(dot, Circle())
    return VGroup(inner, VGroup(dot, Dot()), inner, Dot())


def cycle() -> VGroup:
    """A group inside itself, two levels down, and a member that holds itself."""
    top = VGroup(Dot(), VGroup(Circle()))
    middle = VGroup(top, Dot())
    top.submobjects.append(middle)
    selfish = VMobject()
    selfish.submobjects.append(selfish)
    top.submobjects.append(selfish)
    return top


def deep() -> VGroup:
    mob = VGroup(Dot())
    for _ in range(30):
        mob = VGroup(Dot(), mob, Circle())
    return mob


@pytest.mark.parametrize(
    "build",
    [
        Dot,
        VGroup,
        lambda: VGroup(VGroup(), Dot(), VGroup(VGroup(Circle()))),
        lambda: Text("Map first, then differ", font_size=30),
        lambda: matrix([["1.5", "-2"], ["0", "3.25"]]),
        shared,
        cycle,
        deep,
    ],
    ids=["leaf", "empty", "nested", "text", "matrix", "shared", "cycle", "deep"],
)
def test_each_shape_of_family_matches_manim(build: Any) -> None:
    mob = build()
    assert same_as_manim(mob)
    for part in family.MANIM_GET_FAMILY(mob):
        assert same_as_manim(part)


def test_a_repeat_is_removed_as_manim_removes_it() -> None:
    mob = shared()
    members = family.get_family(mob)
    assert len(members) == len(set(members))
    assert len(family.MANIM_GET_FAMILY(mob)) == len(members)


def test_installed_with_the_lesson_scene() -> None:
    import mnemo_anim.visuals.lesson  # noqa: F401  (installs)

    assert Mobject.get_family is family.get_family
    assert Mobject.family_members_with_points is family.family_members_with_points

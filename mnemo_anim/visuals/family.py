"""Manim's ``Mobject.get_family`` without nested generators: the same list, in the same order.

The camera asks every object on screen for its family on every frame, and Manim (0.22) walks
it with one generator per level (``yield from``), so each member passes up through every level
above it, then removes repeats in a second pass. ``install`` replaces ``get_family`` and
``family_members_with_points`` with one loop over an explicit stack. The rules are Manim's: a
member already on the path from the root is skipped (a cycle), and a member reached twice is
kept where it was reached last. ``tests/test_family.py`` compares the two on the parts the
scenes build, on shared parts and on cycles.

Installed by ``mnemo_anim.visuals.lesson`` (every scene imports it), once per process.
"""

from __future__ import annotations

from typing import Any

from manim import Mobject
from manim.utils.iterables import remove_list_redundancies

MANIM_GET_FAMILY = Mobject.get_family
MANIM_WITH_POINTS = Mobject.family_members_with_points


def get_family(self: Mobject, recurse: bool = True) -> list[Mobject]:
    """Every member of ``self``'s family, ``self`` first, depth first (Manim's order)."""
    children = self.submobjects
    if not children:
        return [self]
    out = [self]
    path = {self}
    stack: list[tuple[Mobject, Any]] = [(self, iter(children))]
    while stack:
        node, rest = stack[-1]
        for child in rest:
            if child in path:
                continue  # a cycle: Manim's walk skips a member already on its path
            out.append(child)
            if child.submobjects:
                path.add(child)
                stack.append((child, iter(child.submobjects)))
                break
        else:
            stack.pop()
            path.discard(node)
    if len(set(out)) != len(out):
        return remove_list_redundancies(out)  # a shared member: kept where it came last
    return out


def family_members_with_points(self: Mobject) -> list[Mobject]:
    return [m for m in self.get_family() if len(m.points) > 0]


def install() -> None:
    """Put the loop on ``Mobject`` (idempotent)."""
    Mobject.get_family = get_family  # type: ignore[method-assign]
    Mobject.family_members_with_points = family_members_with_points  # type: ignore[method-assign]

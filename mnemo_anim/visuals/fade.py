"""Manim's ``FadeIn`` and ``FadeOut``, without the two deep copies a plain fade makes.

A fade in Manim is a ``Transform``: when it starts it deep-copies the whole object twice (the
faded start and a copy of the target), and on every frame it walks three families in step and
interpolates the points and seven colour attributes of every part. For a fade that neither
shifts nor scales, the points of start and end are the same, and only the opacities move.

These subclasses keep, for such a fade, only each part's colour attributes at the start and at
the end (small arrays, no copies of points or of the tree), each attribute of all parts stacked
into one array, and on every frame write what Manim's ``VMobject.interpolate_color`` writes,
``(1 - t)·a + t·b`` with each part's own ``t``, in one NumPy expression for all parts: the
colours are Manim's, to the bit (a part that has arrived gets the end values themselves, as
from Manim). Each part's attributes are then views into that frame's array. The points
are left as they are, where Manim writes ``(1 - t)·p' + t·p`` back, ``p'`` being its start
copy's points, scaled by 1 about their centre: equal to ``p`` or a unit in the last place off,
far below what Cairo can draw. A fade that shifts by ``v`` also keeps each part's points at both
ends (``p - v`` and ``p`` for a fade in, ``p`` and ``p + v`` for a fade out) and writes Manim's
straight path between them, ``(1 - t)·a + t·b``, with the same unit-in-the-last-place caveat. At
the end every attribute is Manim's end value, as Manim leaves it. ``tests/test_fade.py`` compares
frames, every step's colours and the final state.

A fade that scales or moves to a target, or whose parts are not all ``VMobject``, is Manim's
own, unchanged. Scenes import these two names from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import manim
import numpy as np
from manim import Animation, Mobject, VMobject

# What VMobject.interpolate_color moves; a plain fade changes only the opacities among them.
COLOUR = (
    "fill_rgbas",
    "stroke_rgbas",
    "background_stroke_rgbas",
    "stroke_width",
    "background_stroke_width",
    "sheen_direction",
    "sheen_factor",
)
OPACITY = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


def _colours(part: VMobject, *, faded: bool) -> SimpleNamespace:
    """The attributes ``interpolate_color`` reads, as ``part`` has them, or as ``fade(1)``
    leaves them (every opacity 0, colours kept)."""
    state = SimpleNamespace()
    for attr in COLOUR:
        value = getattr(part, attr)
        if isinstance(value, np.ndarray):
            value = value.copy()
            if faded and attr in OPACITY:
                value[:, 3] = 0.0
        setattr(state, attr, value)
    return state


def _points(home: np.ndarray, shift: np.ndarray, fading_in: bool) -> tuple[np.ndarray, np.ndarray]:
    """A shifting fade's points at its start and end: away by ``shift`` before a fade in,
    after a fade out (Manim's ``shift``: the points plus the vector)."""
    home = home.copy()
    return (home + shift * -1, home) if fading_in else (home, home + shift)


class _Stack:
    """One attribute of every part at both ends of the fade, stacked into one array, so that a
    frame's interpolation is one NumPy expression for all parts instead of one call per part.

    Each value is written as Manim's ``interpolate`` writes it, ``(1 - t)·a + t·b``, element by
    element with the part's own ``t``: the same floating-point operations, the same bits.
    """

    def __init__(self, starts: list[Any], ends: list[Any]) -> None:
        self.shapes = [np.shape(value) for value in starts]
        self.width = self.shapes[0][-1] if self.shapes[0] else 1
        rows = [shape[0] if len(shape) == 2 else 1 for shape in self.shapes]
        self.bounds = np.concatenate([[0], np.cumsum(rows)]).astype(int).tolist()
        self.start = self._stack(starts)
        self.end = self._stack(ends)
        self.owner = np.repeat(np.arange(len(starts)), rows)

    def _stack(self, values: list[Any]) -> np.ndarray:
        return np.concatenate(
            [np.asarray(value, dtype=float).reshape(-1, self.width) for value in values]
        )

    def at(self, alphas: np.ndarray) -> list[Any]:
        """Every part's value at its own ``alphas[i]``, shaped as it was (a float for a float)."""
        t = alphas[self.owner][:, None]
        values = (1 - t) * self.start + t * self.end
        out: list[Any] = []
        for (low, high), shape in zip(
            zip(self.bounds[:-1], self.bounds[1:], strict=True), self.shapes, strict=True
        ):
            out.append(values[low:high].reshape(shape) if shape else values[low, 0])
        return out

    @staticmethod
    def fits(values: list[Any]) -> bool:
        """Whether the values stack: all numbers, all vectors of one length, or all tables of
        one width."""
        kinds = {(len(shape), shape[-1] if shape else 1) for shape in map(np.shape, values)}
        return len(kinds) == 1


class _Plain:
    """What the two fades share: the parts and their colours at both ends, kept at ``begin``."""

    mobject: Any
    shift_vector: np.ndarray
    scale_factor: float
    point_target: bool
    _ends: (
        list[
            tuple[VMobject, SimpleNamespace, SimpleNamespace, np.ndarray | None, np.ndarray | None]
        ]
        | None
    ) = None
    _stacks: dict[str, _Stack] | None = None
    FADING_IN: bool

    def _plain_parts(self) -> list[VMobject] | None:
        """The parts with points, when the fade stays in place or shifts (no scaling, no target)
        and each is a plain VMobject."""
        if self.point_target or self.scale_factor != 1:
            return None
        parts: list[VMobject] = self.mobject.family_members_with_points()
        plain = all(
            isinstance(part, VMobject)
            and type(part).interpolate_color is VMobject.interpolate_color
            and type(part).interpolate is Mobject.interpolate
            for part in parts
        )
        return parts if plain else None

    def _keep_ends(self, parts: list[VMobject], *, fading_in: bool) -> None:
        # A shifting fade also keeps each part's points at both ends: Manim's faded copy is
        # shifted by -v before a fade in and by v after a fade out.
        shift = np.asarray(self.shift_vector, dtype=float)
        moves = bool(np.any(shift))
        self._ends = [
            (
                part,
                _colours(part, faded=fading_in),
                _colours(part, faded=not fading_in),
                *(_points(part.points, shift, fading_in) if moves else (None, None)),
            )
            for part in parts
        ]
        self._stacks = self._stack_ends(moves)

    def _stack_ends(self, moves: bool) -> dict[str, _Stack] | None:
        """Each attribute of all parts in one stack, or ``None`` when some attribute's values do
        not stack (then every part is interpolated on its own, as Manim does)."""
        assert self._ends is not None
        if not self._ends:
            return None
        names = [*COLOUR, *(["points"] if moves else [])]
        stacks = {}
        for name in names:
            starts: list[Any]
            ends: list[Any]
            if name == "points":
                starts = [first for _, _, _, first, _ in self._ends]
                ends = [last for _, _, _, _, last in self._ends]
            else:
                starts = [getattr(start, name) for _, start, _, _, _ in self._ends]
                ends = [getattr(end, name) for _, _, end, _, _ in self._ends]
            if not _Stack.fits(starts + ends) or any(
                np.shape(a) != np.shape(b) for a, b in zip(starts, ends, strict=True)
            ):
                return None
            stacks[name] = _Stack(starts, ends)
        return stacks

    def _interpolate_plain(self, alpha: float) -> None:
        # As Animation.interpolate_mobject: part i at get_sub_alpha (lag ratio, rate function).
        assert self._ends is not None
        count = len(self._ends)
        alphas = [self.get_sub_alpha(alpha, index, count) for index in range(count)]  # type: ignore[attr-defined]
        if self._stacks is None or all(a == 1.0 for a in alphas):
            for (part, start, end, first, last), sub_alpha in zip(self._ends, alphas, strict=True):
                if first is not None:
                    part.points = (1 - sub_alpha) * first + sub_alpha * last  # Manim's path
                VMobject.interpolate_color(part, start, end, sub_alpha)  # type: ignore[arg-type]
            return
        at = np.array(alphas, dtype=float)
        for name, stack in self._stacks.items():
            for (part, *_), value in zip(self._ends, stack.at(at), strict=True):
                setattr(part, name, value)
        # Manim gives a part that has arrived its end values themselves (arrays copied).
        for index in np.flatnonzero(at == 1.0).tolist():
            part, _, end, _, last = self._ends[index]
            for name in COLOUR:
                value = getattr(end, name)
                setattr(part, name, value.copy() if isinstance(value, np.ndarray) else value)

    def begin(self) -> None:
        parts = self._plain_parts()
        if parts is None:
            super().begin()  # type: ignore[misc]
            return
        self._keep_ends(parts, fading_in=self.FADING_IN)
        self.target_mobject = self.mobject
        Animation.begin(self)  # type: ignore[arg-type]  # starts from the object itself

    def create_starting_mobject(self) -> Mobject:
        if self._ends is None:
            return super().create_starting_mobject()  # type: ignore[misc,no-any-return]
        return self.mobject

    def get_all_mobjects(self) -> Sequence[Mobject]:
        if self._ends is None:
            return super().get_all_mobjects()  # type: ignore[misc,no-any-return]
        return [self.mobject]

    def interpolate_mobject(self, alpha: float) -> None:
        if self._ends is None:
            super().interpolate_mobject(alpha)  # type: ignore[misc]
        else:
            self._interpolate_plain(alpha)


class FadeIn(_Plain, manim.FadeIn):
    """``manim.FadeIn``; a fade in place changes only opacities, with no copies made."""

    FADING_IN = True


class FadeOut(_Plain, manim.FadeOut):
    """``manim.FadeOut``; a fade in place changes only opacities, with no copies made."""

    FADING_IN = False


__all__ = ["FadeIn", "FadeOut"]

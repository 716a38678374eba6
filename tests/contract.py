"""Step contracts: record what a scene shows after every play, tagged with the step it is in.

A contract test runs a scene once in a dry run (see :mod:`tests.scene_probe`) with a
:class:`Recorder`; the recorder asks a kind-specific ``extract(scene)`` for the state that
matters (arrow ends in plane coordinates, numbers and their colours, labels) after every
``play``/``wait``, copies it, and files it under the step being played. Tests then compare
each step's states, and its last state, with NumPy.

Everything here reads data, not pixels: typeset formulas carry their Typst ``source``, arrows
their ends (read back from the drawn points) and colours, so a test does not depend on where
the layout puts things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from manim import ManimColor, Mobject

from mnemo_anim.visuals.plane import PlaneArrow
from mnemo_anim.visuals.typeset import Formula

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]


@dataclass
class Frame:
    """The state after one play or wait."""

    step: str
    time: float
    state: dict[str, Any]


@dataclass
class Recorder:
    """Files ``extract(scene)`` after every play under the step in progress."""

    extract: Callable[[Any], dict[str, Any]]
    frames: list[Frame] = field(default_factory=list)

    def __call__(self, scene: Any) -> None:
        done = len(scene.steps)
        names = scene.job.steps()
        step = names[done] if done < len(names) else "<after>"
        self.frames.append(Frame(step, float(scene.renderer.time), self.extract(scene)))

    def during(self, step: str) -> list[dict[str, Any]]:
        """Every state recorded while ``step`` played, in order."""
        return [f.state for f in self.frames if f.step == step]

    def end(self, step: str) -> dict[str, Any]:
        """The state when ``step`` ended (its last play or wait)."""
        states = self.during(step)
        assert states, f"step {step!r} played nothing"
        return states[-1]

    def steps(self) -> list[str]:
        return list(dict.fromkeys(f.step for f in self.frames))


# -- reading the scene -------------------------------------------------------------------------


def on_screen(scene: Any) -> set[int]:
    """ids of every mobject in the scene, with its whole family."""
    return {id(m) for top in scene.mobjects for m in top.get_family()}


def hexes(mob: Mobject) -> set[str]:
    """The colours a formula, piece or shape is drawn in (fill of glyphs, stroke of lines)."""
    out = set()
    for leaf in mob.family_members_with_points():
        if leaf.get_fill_opacity() > 0:
            out.add(ManimColor(leaf.get_fill_color()).to_hex().upper())
        elif leaf.get_stroke_width() > 0:
            out.add(ManimColor(leaf.get_stroke_color()).to_hex().upper())
    return out


def colour_of(mob: Mobject) -> str:
    """The one colour ``mob`` is drawn in (fails if it has several)."""
    found = hexes(mob)
    assert len(found) == 1, f"{mob!r} is drawn in {sorted(found)}, not one colour"
    return found.pop()


def opacity(mob: Mobject) -> float:
    """The largest fill opacity among ``mob``'s glyphs (0 when hidden)."""
    leaves = mob.family_members_with_points()
    return max((float(leaf.get_fill_opacity()) for leaf in leaves), default=0.0)


def number(source: str) -> float:
    """The number a Typst number source shows: ``(-1.5)`` → -1.5."""
    return float(source.strip().strip("()"))


@dataclass(frozen=True)
class ArrowState:
    """An arrow as drawn: ends in plane coordinates, colour, label source and colour."""

    tail: np.ndarray
    tip: np.ndarray
    colour: str
    label: str | None
    label_colour: str | None
    visible: bool

    @property
    def vector(self) -> np.ndarray:
        return self.tip - self.tail


def arrow_state(plane: Any, arrow: PlaneArrow, screen: set[int]) -> ArrowState:
    tail = plane.p2c(arrow.tail_point())
    tip = plane.p2c(arrow.tip_point())
    label = getattr(arrow.label, "formula", arrow.label)
    drawn = (
        id(arrow.shaft) in screen
        and arrow.shaft.get_stroke_opacity() > 0
        and bool(np.linalg.norm(tip - tail) > 1e-6)
    )
    return ArrowState(
        tail=np.asarray(tail, dtype=float),
        tip=np.asarray(tip, dtype=float),
        colour=ManimColor(arrow.shaft.get_stroke_color()).to_hex().upper(),
        label=label.source if isinstance(label, Formula) else None,
        label_colour=colour_of(label) if isinstance(label, Formula) else None,
        visible=drawn,
    )


def visible_arrows(scene: Any, planes: Iterable[Any]) -> list[tuple[Any, ArrowState]]:
    """Every arrow drawn now on any of ``planes`` (a zero-length arrow is not drawn)."""
    screen = on_screen(scene)
    out = []
    for top in scene.mobjects:
        for mob in top.get_family():
            if isinstance(mob, PlaneArrow) and any(mob.plane is p for p in planes):
                state = arrow_state(mob.plane, mob, screen)
                if state.visible:
                    out.append((mob.plane, state))
    return out


def formulas(scene: Any, skip: Iterable[Mobject] = ()) -> list[Formula]:
    """Every formula on screen that is not part of the mobjects in ``skip``."""
    skipped = {id(m) for s in skip for m in s.get_family()}
    return [
        m
        for top in scene.mobjects
        for m in top.get_family()
        if isinstance(m, Formula) and id(m) not in skipped
    ]


def texts(scene: Any) -> set[str]:
    """The strings of every plain Text on screen (Manim keeps them without spaces) that is not
    hidden."""
    out = set()
    for top in scene.mobjects:
        for m in top.get_family():
            if type(m).__name__ == "Text" and opacity(m) > 0:
                out.add(m.text)
    return out


def close(point: np.ndarray, allowed: Iterable[np.ndarray], atol: float = 1e-7) -> bool:
    scale = max(1.0, float(np.linalg.norm(point)))
    return any(np.allclose(point, p, atol=atol * scale, rtol=0) for p in allowed)


def assert_at(actual: np.ndarray, expected: np.ndarray, what: str, atol: float = 1e-7) -> None:
    scale = max(1.0, float(np.abs(np.asarray(expected)).max(initial=0.0)))
    np.testing.assert_allclose(actual, expected, atol=atol * scale, rtol=0, err_msg=what)


def numbers_after(source: str, sep: str = "=") -> list[float]:
    """The numbers written after the last ``sep`` of a formula: ``A x = (1, thick 5)`` →
    ``[1, 5]``."""
    import re

    tail = source.rsplit(sep, 1)[1]
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", tail)]

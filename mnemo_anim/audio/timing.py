"""Steps timed to their narration: pure arithmetic, no sound and no Manim.

Animations keep their own speed; a step's closing hold stretches until its narration ends
(plus ``pad``); a step whose animations outlast its narration keeps its length. The renderer
asks :func:`plan_steps` for each step's extra hold, lengthens the scene's closing ``wait`` by
it, and lays each step's speech at the step's new start (:func:`~mnemo_anim.audio.track.assemble`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StepNeed:
    """What a step has and what its narration asks for, in seconds.

    Attributes
    ----------
    name
        The step's name.
    animation
        How long the step's animations run (at the scene's speed), its closing hold excluded.
    hold
        The closing hold the scene already gives the step (``timing.pause``).
    narration
        Length of the step's speech (0 when it has none).
    pad
        Silence wanted after the narration ends, before the next step (only when narrated).
    """

    name: str
    animation: float
    hold: float = 0.0
    narration: float = 0.0
    pad: float = 0.0


@dataclass(frozen=True)
class StepPlan:
    """Where a step lies once timed to its narration, and how much longer it holds."""

    name: str
    start: float
    end: float
    extra_hold: float

    @property
    def length(self) -> float:
        return self.end - self.start

    def as_step(self) -> tuple[str, float, float]:
        """``(name, start, end)``, the shape the runner reports steps in."""
        return (self.name, self.start, self.end)


def extra_hold(
    animation: float, hold: float, narration: float, pad: float, fps: float | None = None
) -> float:
    """Seconds to add to a step's closing hold so its narration (+ ``pad``) fits.

    ``0`` when the animations and hold already outlast the narration, or there is none. With
    ``fps`` the extra is rounded up to whole frames, so the step is never cut short.
    """
    if narration <= 0:
        return 0.0
    extra = max(0.0, narration + pad - (animation + hold))
    if fps and extra > 0:
        # The epsilon keeps an exact frame multiple (e.g. 0.5 s at 30 fps) from gaining a frame.
        extra = math.ceil(extra * fps - 1e-6) / fps
    return extra


def step_length(animation: float, hold: float, narration: float, pad: float) -> float:
    """A step's length once timed to its narration: ``max(animation + hold, narration + pad)``
    for a narrated step, ``animation + hold`` otherwise."""
    return animation + hold + extra_hold(animation, hold, narration, pad)


def plan_steps(
    needs: Sequence[StepNeed], start: float = 0.0, fps: float | None = None
) -> list[StepPlan]:
    """Each step's new start, end and extra hold, steps following one another from ``start``."""
    plans: list[StepPlan] = []
    cursor = start
    for need in needs:
        extra = extra_hold(need.animation, need.hold, need.narration, need.pad, fps)
        end = cursor + need.animation + need.hold + extra
        plans.append(StepPlan(need.name, cursor, end, extra))
        cursor = end
    return plans

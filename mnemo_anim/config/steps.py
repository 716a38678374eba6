"""The named steps of each scene kind, and the narration ``captions: auto`` gives them.

Steps depend on the numbers (a 3-row matrix has three row steps), so they are functions of the
job. This module does not import Manim: the loader checks ``captions:`` against it, and every
scene checks at the end of its run that the steps it played are exactly these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from mnemo_anim.visuals.numbers import fmt

if TYPE_CHECKING:
    from mnemo_anim.config.models import AnyJob


def _vec(values: Any, decimals: int) -> str:
    return "[" + ", ".join(fmt(v, decimals) for v in values) + "]"


def _row_view_steps(job: Any) -> list[str]:
    return ["equation", *(f"row {i}" for i in range(len(job.matrix))), "result"]


def _row_view_auto(job: Any) -> dict[str, str]:
    a, x = np.array(job.matrix, dtype=float), np.array(job.vector, dtype=float)
    y, d, lab = a @ x, job.numbers.decimals, job.labels
    out = {
        "equation": f"{lab.output} = {lab.matrix}{lab.vector}: each entry of {lab.output} "
        f"is a row of {lab.matrix} dotted with {lab.vector}.",
        "result": f"So {lab.output} = {_vec(y, d)}: one dot product per row.",
    }
    for i, value in enumerate(y):
        out[f"row {i}"] = f"Row {i} of {lab.matrix} dotted with {lab.vector} gives {fmt(value, d)}."
    return out


STEPS: dict[str, Callable[[Any], list[str]]] = {"row_view": _row_view_steps}
AUTO: dict[str, Callable[[Any], dict[str, str]]] = {"row_view": _row_view_auto}


def step_names(job: AnyJob) -> list[str]:
    """The steps a scene of this job plays, in order."""
    return STEPS[job.scene](job)


def auto_captions(job: AnyJob) -> dict[str, str]:
    """Narration for every step, written from the job's numbers."""
    texts = AUTO[job.scene](job)
    return {name: texts[name] for name in step_names(job) if name in texts}

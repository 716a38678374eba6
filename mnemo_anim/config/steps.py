"""The named steps of each scene kind, and the narration ``captions: auto`` gives them.

Steps depend on the numbers (a 3-row matrix has three row steps), so they are functions of the
job. This module does not import Manim: the loader checks ``captions:`` against it, and every
scene checks at the end of its run that the steps it played are exactly these.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mnemo_anim.visuals.numbers import fmt

if TYPE_CHECKING:
    import numpy as np

    from mnemo_anim.config.models import AnyJob


def _fits(*candidates: str) -> str:
    """The first narration that fits the two 42-character caption lines (the last always)."""
    for text in candidates:
        if len(textwrap.wrap(text, 42)) <= 2:
            return text
    return candidates[-1]


def _vec(values: Any, decimals: int) -> str:
    return "[" + ", ".join(fmt(v, decimals) for v in values) + "]"


def _arrays(*values: Any) -> list[np.ndarray]:
    """The job's numbers as float arrays (NumPy is imported here, only when narration is asked
    for: validating a config or checking a cached batch stays free of it)."""
    import numpy as np

    return [np.array(v, dtype=float) for v in values]


def _row_view_steps(job: Any) -> list[str]:
    return ["equation", *(f"row {i}" for i in range(len(job.matrix))), "result"]


def _row_view_auto(job: Any) -> dict[str, str]:
    a, x = _arrays(job.matrix, job.vector)
    y, d, lab = a @ x, job.numbers.decimals, job.labels
    out = {
        "equation": f"{lab.output} = {lab.matrix}{lab.vector}: each entry of {lab.output} "
        f"is a row of {lab.matrix} dotted with {lab.vector}.",
        "result": _fits(
            f"So {lab.output} = {_vec(y, d)}: one dot product per row.",
            f"So {lab.output} = {lab.matrix}{lab.vector}: one dot product per row.",
        ),
    }
    for i, value in enumerate(y):
        out[f"row {i}"] = _fits(
            f"Row {i} of {lab.matrix} dotted with {lab.vector} gives {fmt(value, d)}.",
            f"Row {i} of {lab.matrix} dotted with {lab.vector}.",
        )
    return out


def _rank(a: np.ndarray) -> int:
    import numpy as np

    return int(np.linalg.matrix_rank(a, tol=1e-9))


def _column_view_auto(job: Any) -> dict[str, str]:
    a, x = _arrays(job.matrix, job.vector)
    d, lab = job.numbers.decimals, job.labels
    weights = ", ".join(f"{fmt(w, d)}·a{j}" for j, w in enumerate(x))
    space = {2: "the whole plane", 1: "a line through the origin", 0: "only the origin"}
    return {
        "equation": f"{lab.matrix}{lab.vector} is a weighted sum of the columns of {lab.matrix}.",
        "columns": f"Each column of {lab.matrix} is an arrow from the origin.",
        "scale": _fits(
            f"Scale each column by its entry of {lab.vector}: {weights}.",
            f"Scale each column by its entry of {lab.vector}.",
        ),
        "tip to tail": "Add the scaled columns tip to tail.",
        "result": _fits(
            f"They end at {lab.matrix}{lab.vector} = {_vec(a @ x, d)}.",
            f"They end at {lab.matrix}{lab.vector}.",
        ),
        "column space": f"{lab.output} lives in the column space of {lab.matrix}: "
        f"{space[_rank(a)]}.",
    }


def _bias_auto(job: Any) -> dict[str, str]:
    a, x, b = _arrays(job.matrix, job.vector, job.bias)
    d, lab = job.numbers.decimals, job.labels
    ax = f"{lab.matrix}{lab.vector}"
    return {
        "equation": f"{lab.output} = {ax} + {lab.bias}: a linear map, then a shift.",
        "origin": f"A linear map fixes the origin: {lab.matrix}·0 = 0.",
        "Ax": _fits(f"First {ax} = {_vec(a @ x, d)}.", f"First {ax}."),
        "bias": _fits(
            f"Then add {lab.bias} = {_vec(b, d)}, from the tip of {ax}.",
            f"Then add {lab.bias}, from the tip of {ax}.",
        ),
        "output": _fits(
            f"{lab.output} = {ax} + {lab.bias} = {_vec(a @ x + b, d)}.",
            f"{lab.output} = {ax} + {lab.bias}.",
        ),
        "shift": f"The bias moves the origin to {lab.bias}; {lab.matrix} alone never could.",
    }


def _composition_steps(job: Any) -> list[str]:
    if job.layout == "split":
        return ["matrices", "first", "then", "compare"]
    return ["matrices", "first", "then", "product", "other order"]


def _composition_auto(job: Any) -> dict[str, str]:
    from mnemo_anim.visuals.geometry import commute as commuting

    a, b, x = _arrays(job.first, job.then, job.vector)
    d, lab = job.numbers.decimals, job.labels
    A, B, v = lab.first, lab.then, lab.vector
    commute = commuting(a, b)
    moral = (
        f"Here {A}{B} = {B}{A}: these two commute, so the order does not matter."
        if commute
        else _fits(
            f"{A}{B} lands at {_vec(a @ b @ x, d)}: the combined matrix is {B}{A}, not {A}{B}.",
            f"{A}{B} lands elsewhere: the combined matrix is {B}{A}, not {A}{B}.",
        )
    )
    if job.layout == "split":
        return {
            "matrices": f"Left: {A} then {B}. Right: {B} then {A}.",
            "first": _fits(
                f"{A}{v} = {_vec(a @ x, d)} on the left, {B}{v} = {_vec(b @ x, d)} on the right.",
                f"{A}{v} on the left, {B}{v} on the right.",
            ),
            "then": _fits(
                f"({B}{A}){v} = {_vec(b @ a @ x, d)}, ({A}{B}){v} = {_vec(a @ b @ x, d)}.",
                f"({B}{A}){v} on the left, ({A}{B}){v} on the right.",
            ),
            "compare": moral,
        }
    return {
        "matrices": f"Apply {A} first, then {B}.",
        "first": _fits(f"{A} moves {v} to {A}{v} = {_vec(a @ x, d)}.", f"{A} moves {v} to {A}{v}."),
        "then": _fits(
            f"{B} moves it on to {B}({A}{v}) = {_vec(b @ a @ x, d)}.",
            f"{B} moves it on to {B}({A}{v}).",
        ),
        "product": f"One matrix does both: {B}{A}. ({B}{A}){v} lands on the same point.",
        "other order": moral,
    }


STEPS: dict[str, Callable[[Any], list[str]]] = {
    "row_view": _row_view_steps,
    "column_view": lambda job: [
        "equation",
        "columns",
        "scale",
        "tip to tail",
        "result",
        "column space",
    ],
    "bias": lambda job: ["equation", "origin", "Ax", "bias", "output", "shift"],
    "composition": _composition_steps,
    "transformation": lambda job: job.steps(),
    "gallery": lambda job: job.steps(),
}
AUTO: dict[str, Callable[[Any], dict[str, str]]] = {
    "row_view": _row_view_auto,
    "column_view": _column_view_auto,
    "bias": _bias_auto,
    "composition": _composition_auto,
    "transformation": lambda job: job.auto_narration(),
    "gallery": lambda job: job.auto_narration(),
}


def step_names(job: AnyJob) -> list[str]:
    """The steps a scene of this job plays, in order."""
    return STEPS[job.scene](job)


def auto_captions(job: AnyJob) -> dict[str, str]:
    """Narration for every step, written from the job's numbers."""
    texts = AUTO[job.scene](job)
    return {name: texts[name] for name in step_names(job) if name in texts}

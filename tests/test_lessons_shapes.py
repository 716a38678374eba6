"""Narration of the shapes lesson, word for word: each sentence written out by hand from the
matrix's shape and from y = A x worked out on paper, then the numbers read back from the words and
checked against NumPy (pure, no rendering; part of the mutation run's tests)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import ShapesJob
from mnemo_anim.lessons.shapes import narration, pitfall_narration
from mnemo_anim.maths import fmt

# Long labels: three letters, a subscript that cannot be lowered, two primes (plain text ABCabc′′).
LONG = "ABC_abc''"

SHAPES: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    # A = [[1, 0, -1], [0, 1, 2]], x = [3, 1, 2]: y = [3 - 2, 1 + 4] = [1, 5]; 2×3 maps 3D → 2D.
    "default": (
        {},
        {
            "machine": "A is a 2×3 matrix: a machine that takes 3D points to 2D points.",
            "input": "Feed it x = [3, 1, 2], a point in 3D.",
            "map": "Each entry of x meets a column of A; each row of A gives one entry of y.",
            "output": "Out comes y = [1, 5], a point in 2D.",
            "shape rule": "(2×3) @ (3,) → (2,): input size = columns, output size = rows.",
            "pitfall": "Output size = rows: 2×3 maps 3D → 2D, and 5×3 maps 3D → 5D.",
        },
    ),
    # 4 outputs are too many to draw as a space: the lesson says "numbers" on both sides.
    # W₁ x′ = [0.5 - 2, 1.5 - 4, -0.5 - 0.5, 0 + 2] = [-1.5, -2.5, -1, 2].
    "tall, named": (
        {
            "matrix": [[1, 2], [3, 4], [-1, 0.5], [0, -2]],
            "vector": [0.5, -1],
            "labels": {"matrix": "W_1", "vector": "x'", "output": "h"},
            "numbers": {"decimals": 1},
        },
        {
            "machine": "W₁ is a 4×2 matrix: a machine that takes 2D points to 4D points.",
            "input": "Feed it x′ = [0.5, -1], 2 numbers.",
            "map": "Each entry of x′ meets a column of W₁; each row of W₁ gives one entry of h.",
            "output": "Out comes h = [-1.5, -2.5, -1, 2], 4 numbers.",
            "shape rule": "(4×2) @ (2,) → (4,): input size = columns, output size = rows.",
            "pitfall": "Output size = rows: 4×2 maps 2D → 4D, and 5×3 maps 3D → 5D.",
        },
    ),
    # The lesson's own 5×3 example says the wrong way round instead of repeating itself; a batch
    # of 32 rows is X Aᵀ: (32, 3) @ (3, 5) → (32, 5). x = [1, 0, 0] picks A's first column. One
    # side over 3-D is enough to say "numbers" on both: the two are drawn as spaces, or neither.
    "the pitfall's own shape, batched": (
        {
            "matrix": [[1, 0, 0], [0, 1, 0], [0, 0, 1], [2, 0, 0], [-3, 0, 0]],
            "vector": [1, 0, 0],
            "batch": 32,
        },
        {
            "machine": "A is a 5×3 matrix: a machine that takes 3D points to 5D points.",
            "input": "Feed it x = [1, 0, 0], 3 numbers.",
            "map": "Each entry of x meets a column of A; each row of A gives one entry of y.",
            "output": "Out comes y = [1, 0, 0, 2, -3], 5 numbers.",
            "shape rule": "(5×3) @ (3,) → (5,): input size = columns, output size = rows.",
            "pitfall": "Output size = rows: 5×3 maps 3D → 5D, not 5D → 3D.",
            "batch": "A batch of 32 inputs: X @ Aᵀ is (32, 3) @ (3, 5) → (32, 5).",
        },
    ),
    # Long labels and long numbers overflow two caption lines: the short forms are said (the
    # machine and batch sentences, at most 73 characters with the longest label, always fit).
    # A = 6×6 identity / 3, x = -[1, 2, 3, 4, 5, 6] / 7: y = x / 3, written to 4 places.
    "six by six, long words": (
        {
            "matrix": (np.eye(6) / 3).tolist(),
            "vector": [-k / 7 for k in range(1, 7)],
            "batch": 4096,
            "labels": {"matrix": LONG, "vector": LONG, "output": LONG},
            "numbers": {"decimals": 4},
        },
        {
            "machine": "ABCabc′′ is a 6×6 matrix: a machine that takes 6D points to 6D points.",
            "input": "Feed it ABCabc′′, 6 numbers.",
            "map": "ABCabc′′ meets the columns of ABCabc′′; its rows give ABCabc′′.",
            "output": "Out comes ABCabc′′, 6 numbers.",
            "shape rule": "(6×6) @ (6,) → (6,): input size = columns, output size = rows.",
            "pitfall": "Output size = rows: 6×6 maps 6D → 6D, and 5×3 maps 3D → 5D.",
            "batch": "A batch of 4096 inputs: X @ ABCabc′′ᵀ is (4096, 6) @ (6, 6) → (4096, 6).",
        },
    ),
}


@pytest.mark.parametrize("case", SHAPES)
def test_shapes_narration_says_each_step(case: str) -> None:
    given, expected = SHAPES[case]
    job = ShapesJob.model_validate(given)
    said = narration(job)
    assert list(said) == job.steps()
    assert said == expected


def _vectors(text: str) -> list[list[float]]:
    return [[float(v) for v in found.split(",")] for found in re.findall(r"\[([^\]]+)\]", text)]


@pytest.mark.parametrize("case", [c for c in SHAPES if "[" in SHAPES[c][1]["output"]])
def test_the_numbers_said_are_numpys(case: str) -> None:
    job = ShapesJob.model_validate(SHAPES[case][0])
    a, x = np.array(job.matrix, float), np.array(job.vector, float)
    d = job.numbers.decimals
    said = narration(job)

    def shown(v: np.ndarray) -> list[float]:
        return [float(fmt(float(t), d)) for t in v]

    assert _vectors(said["input"]) == [shown(x)]
    assert _vectors(said["output"]) == [shown(a @ x)]
    m, n = a.shape
    assert f"({m}×{n}) @ ({n},) → ({m},)" in said["shape rule"]


@pytest.mark.parametrize(
    ("m", "n", "said"),
    [
        (5, 3, "Output size = rows: 5×3 maps 3D → 5D, not 5D → 3D."),
        (3, 5, "Output size = rows: 3×5 maps 5D → 3D, and 5×3 maps 3D → 5D."),
        (2, 2, "Output size = rows: 2×2 maps 2D → 2D, and 5×3 maps 3D → 5D."),
        (1, 6, "Output size = rows: 1×6 maps 6D → 1D, and 5×3 maps 3D → 5D."),
    ],
)
def test_pitfall_puts_columns_in_and_rows_out(m: int, n: int, said: str) -> None:
    assert pitfall_narration(m, n) == said

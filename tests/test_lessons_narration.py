"""Automatic narration of the linearity and layers scenes: the words of every step, and the
numbers in them are NumPy's (pure, no rendering; part of the mutation run's tests)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import LayersJob, LinearityJob
from mnemo_anim.lessons.narration import layers_narration, linearity_narration, vec
from mnemo_anim.maths import fmt

ODD = {
    "matrix": [[1.25, -2.5], [3.75, 0.125]],
    "u": [1.5, -2.25],
    "v": [-0.75, 3.5],
    "scalar": -1.5,
    "bias": [0.25, -1.75],
    "numbers": {"decimals": 3},
    "labels": {"matrix": "W_1"},
}

LINEARITY: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "default": (
        {},
        {
            "vectors": "u + v = [1.5, 2]: the far corner of the parallelogram of u and v.",
            "add then map": "Add first, then map: A(u + v) = [3.5, 2].",
            "map then add": "Map first, then add: Au + Av = [3.5, 2], the same point.",
            "scale": "Scale, then map, or map, then scale: A(cu) = c·Au = [3, 1].",
            "origin": "With c = 0: A·0 = 0. A linear map never moves the origin.",
            "affine": "Add a bias: f(x) = Ax + b. Now f(u + v) and f(u) + f(v) differ by "
            "b = [1, -1].",
        },
    ),
    # Long numbers: the bias's wording drops them to stay within two caption lines.
    "odd numbers": (
        ODD,
        {
            "vectors": "u + v = [0.75, 1.25]: the far corner of the parallelogram of u and v.",
            "add then map": "Add first, then map: W₁(u + v) = [-2.188, 2.969].",
            "map then add": "Map first, then add: W₁u + W₁v = [-2.188, 2.969], the same point.",
            "scale": "Scale, then map, or map, then scale: W₁(cu) = c·W₁u = [-11.25, -8.016].",
            "origin": "With c = 0: W₁·0 = 0. A linear map never moves the origin.",
            "affine": "Add a bias: f(x) = W₁x + b. Now f(u + v) and f(u) + f(v) differ by b.",
        },
    ),
}


@pytest.mark.parametrize("case", LINEARITY)
def test_linearity_narration_says_each_step(case: str) -> None:
    given, expected = LINEARITY[case]
    job = LinearityJob.model_validate(given)
    assert linearity_narration(job) == expected


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


@pytest.mark.parametrize("case", LINEARITY)
def test_linearity_narration_numbers_are_numpys(case: str) -> None:
    job = LinearityJob.model_validate(LINEARITY[case][0])
    a, u, v = (np.array(x, float) for x in (job.matrix, job.u, job.v))
    d = job.numbers.decimals
    said = linearity_narration(job)

    def shown(x: np.ndarray) -> list[float]:
        return [float(fmt(float(t), d)) for t in x]

    assert _numbers(said["vectors"])[-2:] == shown(u + v)
    assert _numbers(said["add then map"])[-2:] == shown(a @ (u + v))
    assert _numbers(said["map then add"])[-2:] == shown(a @ u + a @ v)
    assert _numbers(said["scale"])[-2:] == shown(a @ (job.scalar * u))


LAYERS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "default relu": (
        {},
        {
            "input": "12 input points, coloured by angle, go through 3 layers.",
            "layer 1": "Layer 1: W₁ moves the whole plane, and every point with it.",
            "relu 1": "ReLU sets negative coordinates to 0: the plane folds onto the axes.",
            "layer 2": "Layer 2: W₂ moves the whole plane, and every point with it.",
            "relu 2": "ReLU sets negative coordinates to 0: the plane folds onto the axes.",
            "layer 3": "Layer 3: W₃ moves the whole plane, and every point with it.",
            "without activation": "The same weights without σ: each layer is just another "
            "linear map.",
            "collapse": "One matrix, W₃W₂W₁, lands every point on the same spot: one linear map.",
        },
    ),
    "gelu": (
        {"weights": [[[2, 0], [0, 1]], [[1, 1], [0, 1]]], "activation": "gelu"},
        {
            "input": "12 input points, coloured by angle, go through 2 layers.",
            "layer 1": "Layer 1: W₁ moves the whole plane, and every point with it.",
            "gelu 1": "GELU, z·Φ(z), bends the plane: negative values are squashed towards 0.",
            "layer 2": "Layer 2: W₂ moves the whole plane, and every point with it.",
            "without activation": "The same weights without σ: each layer is just another "
            "linear map.",
            "collapse": "One matrix, W₂W₁ = [[2, 1], [0, 1]], does it all: the stack is one "
            "linear map.",
        },
    ),
    "biases": (
        {"weights": [[[2, 0], [0, 1]], [[1, 1], [0, 1]]], "biases": [[1, 0], [0, -1]]},
        {
            "input": "12 input points, coloured by angle, go through 2 layers.",
            "layer 1": "Layer 1: W₁ moves the whole plane, and every point with it, then b₁ "
            "shifts it.",
            "relu 1": "ReLU sets negative coordinates to 0: the plane folds onto the axes.",
            "layer 2": "Layer 2: W₂ moves the whole plane, and every point with it, then b₂ "
            "shifts it.",
            "without activation": "The same weights without σ: each layer is just another "
            "linear map.",
            "collapse": "One matrix W₂W₁ = [[2, 1], [0, 1]] and one bias: the stack is one "
            "affine map.",
        },
    ),
}


@pytest.mark.parametrize("case", LAYERS)
def test_layers_narration_says_each_step(case: str) -> None:
    given, expected = LAYERS[case]
    job = LayersJob.model_validate(given)
    said = layers_narration(job)
    assert list(said) == job.steps()
    assert said == expected


def test_the_collapsed_matrix_is_the_product_of_the_layers() -> None:
    job = LayersJob.model_validate(LAYERS["gelu"][0])
    w1, w2 = (np.array(w, float) for w in job.weights)
    product = _numbers(layers_narration(job)["collapse"])[-4:]  # after W₂W₁'s subscripts
    assert product == (w2 @ w1).ravel().tolist()


def test_vec_writes_a_list_of_numbers() -> None:
    assert vec([1, 0.5, -2], 1) == "[1, 0.5, -2]"
    assert vec(np.array([1 / 3, 2.0]), 2) == "[0.33, 2]"

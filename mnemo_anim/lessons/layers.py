"""The numbers of the forward-pass lesson: h₁ = σ(W₁x), h₂ = σ(W₂h₁), output = W₃h₂, and the
collapse of a stack of linear layers into the single matrix W₃W₂W₁.

No Manim, no visuals: the job model's steps and narration, the scene and the tests all run the
forward pass here. σ is applied after every layer but the last, as in the lesson.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Activation = Literal["relu", "gelu", "none"]
StageKind = Literal["input", "linear", "activation"]

_ERF = np.vectorize(math.erf, otypes=[float])


def relu(z: Any) -> np.ndarray:
    """max(0, z), entry by entry: negative coordinates go to 0 (the plane folds onto the axes)."""
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def gelu(z: Any) -> np.ndarray:
    """z·Φ(z) with Φ the standard normal CDF, computed exactly with erf (not the tanh
    approximation): Φ(z) = (1 + erf(z/√2)) / 2."""
    z = np.asarray(z, dtype=float)
    return z * 0.5 * (1.0 + _ERF(z / math.sqrt(2.0)))


def activate(name: Activation, z: Any) -> np.ndarray:
    """σ by name; ``none`` is the identity."""
    if name == "relu":
        return relu(z)
    if name == "gelu":
        return gelu(z)
    return np.asarray(z, dtype=float)


@dataclass(frozen=True)
class Stage:
    """One step of the forward pass and where the points are after it."""

    name: str  # the scene's step name: "input", "layer 2", "relu 1", …
    kind: StageKind
    layer: int  # 1-based layer this stage belongs to (0 for the input)
    points: np.ndarray  # N×2


@dataclass(frozen=True)
class Network:
    """A stack of 2×2 layers with optional biases and one activation between layers."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...] | None
    activation: Activation

    @classmethod
    def of(cls, weights: Sequence[Any], biases: Sequence[Any] | None, activation: str) -> Network:
        """Build from plain lists (a job's fields)."""
        ws = tuple(np.array(w, dtype=float) for w in weights)
        bs = None if biases is None else tuple(np.array(b, dtype=float) for b in biases)
        return cls(ws, bs, activation)  # type: ignore[arg-type]

    @property
    def depth(self) -> int:
        return len(self.weights)

    def bias(self, k: int) -> np.ndarray:
        """The bias of layer ``k`` (1-based); zero when the network has none."""
        return np.zeros(2) if self.biases is None else self.biases[k - 1]

    def layer(self, k: int, h: Any) -> np.ndarray:
        """W_k h + b_k for each row of ``h`` (N×2), without σ."""
        h = np.asarray(h, dtype=float).reshape(-1, 2)
        return h @ self.weights[k - 1].T + self.bias(k)

    def has_sigma(self, k: int) -> bool:
        """Whether σ follows layer ``k``: after every layer but the last, unless ``none``."""
        return self.activation != "none" and k < self.depth

    def stages(self, points: Any) -> list[Stage]:
        """The forward pass of ``points`` (N×2), stage by stage."""
        h = np.asarray(points, dtype=float).reshape(-1, 2)
        out = [Stage("input", "input", 0, h)]
        for k in range(1, self.depth + 1):
            h = self.layer(k, h)
            out.append(Stage(f"layer {k}", "linear", k, h))
            if self.has_sigma(k):
                h = activate(self.activation, h)
                out.append(Stage(f"{self.activation} {k}", "activation", k, h))
        return out

    def forward(self, points: Any) -> np.ndarray:
        """The network's output for ``points``."""
        return self.stages(points)[-1].points

    def linear_stages(self, points: Any) -> list[np.ndarray]:
        """Where ``points`` are after each layer with σ left out (the input first)."""
        h = np.asarray(points, dtype=float).reshape(-1, 2)
        out = [h]
        for k in range(1, self.depth + 1):
            h = self.layer(k, h)
            out.append(h)
        return out

    @property
    def product(self) -> np.ndarray:
        """W_L ⋯ W₂W₁: the last layer's matrix on the left, since W₁ acts first."""
        total = np.eye(2)
        for w in self.weights:
            total = w @ total
        return total

    @property
    def combined_bias(self) -> np.ndarray:
        """The bias of the collapsed affine map: W_L⋯W₂b₁ + ⋯ + W_L b_{L−1} + b_L."""
        total = np.zeros(2)
        for k, w in enumerate(self.weights, start=1):
            total = w @ total + self.bias(k)
        return total

    def collapsed(self, points: Any) -> np.ndarray:
        """(W_L⋯W₁)x + b for each row: one map for the whole linear stack."""
        h = np.asarray(points, dtype=float).reshape(-1, 2)
        return h @ self.product.T + self.combined_bias

    def all_points(self, points: Any) -> np.ndarray:
        """Every point the scene shows at any step (the plane is fitted to them)."""
        clouds = [s.points for s in self.stages(points)]
        clouds += self.linear_stages(points)
        return np.vstack(clouds)

    def folded(self, k: int, points: Any) -> np.ndarray:
        """Which points σ moves at layer ``k`` (some coordinate changes), as a boolean mask."""
        stages = {s.name: s.points for s in self.stages(points)}
        before = stages[f"layer {k}"]
        after = stages.get(f"{self.activation} {k}", before)
        return np.any(np.abs(after - before) > 1e-12, axis=1)


def grid_samples(
    rect: tuple[float, float, float, float], step: float, samples: int = 48
) -> tuple[np.ndarray, np.ndarray]:
    """Grid lines x = k·step and y = k·step across ``rect``, each sampled at ``samples`` points
    (so a non-linear σ can bend them): two arrays, lines × samples × 2."""
    x0, x1, y0, y1 = rect
    xs = np.arange(math.ceil(x0 / step), math.floor(x1 / step) + 1) * step
    ys = np.arange(math.ceil(y0 / step), math.floor(y1 / step) + 1) * step
    tx, ty = np.linspace(x0, x1, samples), np.linspace(y0, y1, samples)
    verticals = np.stack(
        [np.broadcast_to(xs[:, None], (len(xs), samples)), np.broadcast_to(ty, (len(xs), samples))],
        axis=-1,
    )
    horizontals = np.stack(
        [np.broadcast_to(tx, (len(ys), samples)), np.broadcast_to(ys[:, None], (len(ys), samples))],
        axis=-1,
    )
    return verticals, horizontals

"""Automatic narration (``captions: auto``) for the linearity and layers scenes, written from
the same numbers the scenes draw. Each text fits two caption lines of 42 characters: where the
numbers make a line too long, a shorter wording without them is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mnemo_anim.labels import plain
from mnemo_anim.lessons.layers import Network
from mnemo_anim.lessons.linearity import Linearity
from mnemo_anim.maths import fmt
from mnemo_anim.wording import fits

LinearityJob = Any  # the config model; not imported, config imports this module
LayersJob = Any


def vec(values: Sequence[float] | Any, decimals: int) -> str:
    """``[1, 0.5]``."""
    return "[" + ", ".join(fmt(float(v), decimals) for v in values) + "]"


def linearity_narration(job: LinearityJob) -> dict[str, str]:
    """Narration for the linearity scene's steps."""
    m = Linearity.of(job.matrix, job.u, job.v, job.scalar, job.bias)
    d, lab = job.numbers.decimals, job.labels
    A, u, v, c, b = (plain(x) for x in (lab.matrix, lab.u, lab.v, lab.scalar, lab.bias))
    return {
        "vectors": fits(
            f"{u} + {v} = {vec(m.sum, d)}: the far corner of the parallelogram of {u} and {v}.",
            f"{u} + {v} closes the parallelogram of {u} and {v}.",
        ),
        "add then map": fits(
            f"Add first, then map: {A}({u} + {v}) = {vec(m.a_sum, d)}.",
            f"Add first, then map: {A}({u} + {v}).",
        ),
        "map then add": fits(
            f"Map first, then add: {A}{u} + {A}{v} = {vec(m.au_plus_av, d)}, the same point.",
            f"Map first, then add: {A}{u} + {A}{v} lands on the same point.",
        ),
        "scale": fits(
            f"Scale, then map, or map, then scale: {A}({c}{u}) = {c}·{A}{u} = {vec(m.a_cu, d)}.",
            f"Scale, then map, or map, then scale: {A}({c}{u}) = {c}·{A}{u}.",
        ),
        "origin": f"With {c} = 0: {A}·0 = 0. A linear map never moves the origin.",
        "affine": fits(
            f"Add a bias: f(x) = {A}x + {b}. Now f({u} + {v}) and f({u}) + f({v}) differ by "
            f"{b} = {vec(m.b, d)}.",
            f"Add a bias: f(x) = {A}x + {b}. Now f({u} + {v}) and f({u}) + f({v}) differ by {b}.",
            f"A bias {b} breaks linearity: f(0) = {b}, not 0.",
        ),
    }


def _layer_text(net: Network, k: int) -> str:
    w, extra = plain(f"W_{k}"), ""
    if net.biases is not None:
        extra = f", then {plain(f'b_{k}')} shifts it"
    return fits(
        f"Layer {k}: {w} moves the whole plane, and every point with it{extra}.",
        f"Layer {k}: {w} moves the plane{extra}.",
    )


def _sigma_text(net: Network, k: int, points: Any) -> str:
    moved, total = int(net.folded(k, points).sum()), len(points)
    if net.activation == "relu":
        return fits(
            f"ReLU sets negative coordinates to 0: the plane folds onto the axes "
            f"({moved} of {total} points move).",
            "ReLU sets negative coordinates to 0: the plane folds onto the axes.",
        )
    return "GELU, z·Φ(z), bends the plane: negative values are squashed towards 0."


def _collapse_text(net: Network, chain: str, d: int) -> str:
    product = "[" + ", ".join(vec(row, d) for row in net.product) + "]"
    if net.biases is not None:
        return fits(
            f"One matrix {chain} = {product} and one bias: the stack is one affine map.",
            f"One matrix {chain} and one bias: the whole stack is one affine map.",
        )
    return fits(
        f"One matrix, {chain} = {product}, does it all: the stack is one linear map.",
        f"One matrix, {chain}, lands every point on the same spot: one linear map.",
    )


def layers_narration(job: LayersJob) -> dict[str, str]:
    """Narration for the layers scene's steps."""
    net = Network.of(job.weights, job.biases, job.activation)
    d, n = job.numbers.decimals, net.depth
    chain = "".join(plain(f"W_{k}") for k in range(n, 0, -1))
    out = {
        "input": fits(
            f"{len(job.inputs)} input points, coloured by angle, go through {n} layers.",
            f"Input points, coloured by angle, go through {n} layers.",
        ),
    }
    for k in range(1, n + 1):
        out[f"layer {k}"] = _layer_text(net, k)
        if net.has_sigma(k):
            out[f"{net.activation} {k}"] = _sigma_text(net, k, job.inputs)
    out["without activation"] = "The same weights without σ: each layer is just another linear map."
    out["collapse"] = _collapse_text(net, chain, d)
    return {name: out[name] for name in job.steps()}

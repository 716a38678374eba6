"""The forward pass of the layers lesson against NumPy and against the normal distribution of
the standard library (pure, no rendering; part of the mutation run's tests)."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest

from mnemo_anim.lessons.layers import Network, activate, gelu, grid_samples, relu

PHI = NormalDist().cdf  # Φ, the standard normal CDF, computed independently of math.erf


@pytest.mark.parametrize("z", [-4.0, -2.0, -1.0, -0.5, -0.1, 0.0, 0.1, 0.5, 1.0, 2.0, 3.5])
def test_gelu_is_z_times_the_normal_cdf(z: float) -> None:
    assert float(gelu(z)) == pytest.approx(z * PHI(z), rel=1e-12, abs=1e-15)


def test_gelu_known_values() -> None:
    # Φ(1) = 0.8413447460685429, Φ(-1) = 1 - Φ(1), Φ(2) = 0.9772498680518208
    np.testing.assert_allclose(
        gelu([1.0, -1.0, 2.0, 0.0]),
        [0.8413447460685429, -0.15865525393145707, 1.9544997361036416, 0.0],
        rtol=1e-14,
        atol=0,
    )
    # entry by entry, any shape; large inputs pass through, large negative ones go to 0
    assert gelu(np.ones((3, 2))).shape == (3, 2)
    assert float(gelu(10.0)) == pytest.approx(10.0, abs=1e-12)
    assert float(gelu(-10.0)) == pytest.approx(0.0, abs=1e-12)


def test_activations_by_name() -> None:
    z = np.array([[-2.0, 0.5], [3.0, -0.25]])
    np.testing.assert_array_equal(relu(z), [[0, 0.5], [3, 0]])
    np.testing.assert_array_equal(activate("relu", z), [[0, 0.5], [3, 0]])
    np.testing.assert_allclose(activate("gelu", z), z * np.vectorize(PHI)(z), rtol=1e-12)
    np.testing.assert_array_equal(activate("none", z), z)


W = [[[2, -1], [1, 1]], [[0, 1], [-1, 3]], [[1, 2], [0.5, -1]]]
B = [[1, -2], [0, 0.5], [-1, 1]]
POINTS = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.5], [0.25, -2.0]])


@pytest.mark.parametrize("activation", ["relu", "gelu", "none"])
@pytest.mark.parametrize("biases", [None, B], ids=["no bias", "bias"])
def test_forward_pass_agrees_with_numpy(activation: str, biases: list | None) -> None:  # type: ignore[type-arg]
    net = Network.of(W, biases, activation)
    ws = [np.array(w, float) for w in W]
    bs = [np.zeros(2)] * 3 if biases is None else [np.array(b, float) for b in biases]
    sigma = {"relu": lambda z: np.maximum(z, 0), "gelu": np.vectorize(lambda z: z * PHI(z))}
    h, linear, names, points = POINTS, POINTS, ["input"], [POINTS]
    for k in range(3):
        h = h @ ws[k].T + bs[k]
        linear = linear @ ws[k].T + bs[k]
        names.append(f"layer {k + 1}")
        points.append(h)
        if activation != "none" and k < 2:  # σ after every layer but the last
            h = sigma[activation](h)
            names.append(f"{activation} {k + 1}")
            points.append(h)
    stages = net.stages(POINTS)
    assert [s.name for s in stages] == names
    assert [s.layer for s in stages] == [int(n.split()[-1]) if n != "input" else 0 for n in names]
    assert [s.kind for s in stages] == [
        "input" if n == "input" else ("linear" if n.startswith("layer") else "activation")
        for n in names
    ]
    for stage, want in zip(stages, points, strict=True):
        np.testing.assert_allclose(stage.points, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(net.forward(POINTS), h, rtol=1e-12, atol=1e-12)
    # without σ the stack is one affine map: (W₃W₂W₁)x + b
    product = ws[2] @ ws[1] @ ws[0]
    bias = ws[2] @ ws[1] @ bs[0] + ws[2] @ bs[1] + bs[2]
    np.testing.assert_allclose(net.product, product, rtol=1e-12)
    np.testing.assert_allclose(net.combined_bias, bias, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(net.collapsed(POINTS), linear, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(net.linear_stages(POINTS)[-1], linear, rtol=1e-12, atol=1e-12)
    assert len(net.linear_stages(POINTS)) == 4
    everything = net.all_points(POINTS)
    assert everything.shape == ((len(names) + 4) * len(POINTS), 2)
    for p in [*points, linear]:
        assert all(np.any(np.all(np.isclose(everything, q), axis=1)) for q in p)


def test_folded_marks_the_points_relu_moves() -> None:
    net = Network.of([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], None, "relu")
    points = [[1.0, 2.0], [-1.0, 2.0], [1.0, -0.5], [0.0, 0.0], [-3.0, -3.0]]
    np.testing.assert_array_equal(net.folded(1, points), [False, True, True, False, True])
    # no σ after the last layer: nothing is folded there
    np.testing.assert_array_equal(net.folded(2, points), [False] * 5)
    assert not Network.of(W, None, "none").has_sigma(1)
    assert Network.of(W, None, "gelu").has_sigma(2) and not Network.of(W, None, "gelu").has_sigma(3)


def test_grid_samples_lie_on_the_grid_lines() -> None:
    verticals, horizontals = grid_samples((-1.2, 2.0, -1.0, 0.6), 0.5, samples=5)
    # x = -1, -0.5, …, 2 (k·0.5 inside [-1.2, 2]); y = -1, -0.5, 0, 0.5
    assert verticals.shape == (7, 5, 2) and horizontals.shape == (4, 5, 2)
    np.testing.assert_allclose(verticals[:, 0, 0], [-1, -0.5, 0, 0.5, 1, 1.5, 2])
    np.testing.assert_allclose(verticals[:, :, 0], verticals[:, :1, 0].repeat(5, axis=1))
    np.testing.assert_allclose(verticals[0, :, 1], np.linspace(-1.0, 0.6, 5))
    np.testing.assert_allclose(horizontals[:, 0, 1], [-1, -0.5, 0, 0.5])
    np.testing.assert_allclose(horizontals[2, :, 0], np.linspace(-1.2, 2.0, 5))
    np.testing.assert_allclose(horizontals[:, :, 1], horizontals[:, :1, 1].repeat(5, axis=1))
    assert grid_samples((0, 1, 0, 1), 1)[0].shape == (2, 48, 2)  # 48 samples a line by default


def test_whole_numbers_come_in_as_floats() -> None:
    """A config's weights and points may be whole numbers; every stage still holds floats, so
    σ and the plane's arithmetic never round to integers."""
    net = Network.of([[[1, 0], [0, 1]]], [[1, -1]], "none")
    assert all(w.dtype == np.float64 for w in net.weights)
    assert net.biases is not None and all(b.dtype == np.float64 for b in net.biases)
    assert all(s.points.dtype == np.float64 for s in net.stages([[1, 2], [3, 4]]))
    assert activate("none", [1, 2]).dtype == np.float64
    assert relu([1, -2]).dtype == gelu([1, -2]).dtype == np.float64

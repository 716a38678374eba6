"""The golden-frame helper: a missing golden fails unless regeneration is asked for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import golden

IMAGE = np.zeros((48, 64, 3), dtype=np.uint8)


@pytest.fixture(autouse=True)
def _golden_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(golden, "GOLDEN", tmp_path)
    monkeypatch.delenv(golden.UPDATE_ENV, raising=False)


def test_a_missing_golden_fails_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"golden frame x\.npz is missing"):
        golden.compare("x", IMAGE)
    assert list(tmp_path.iterdir()) == []


def test_update_env_writes_then_compares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(golden.UPDATE_ENV, "1")
    golden.compare("x", IMAGE)
    assert (tmp_path / "x.npz").is_file()
    monkeypatch.delenv(golden.UPDATE_ENV)
    golden.compare("x", IMAGE)  # the same picture matches
    changed = IMAGE.copy()
    changed[:, :32] = 255  # half the picture turned white
    with pytest.raises(AssertionError, match="mean abs diff"):
        golden.compare("x", changed)


def test_a_colour_swap_of_one_term_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The smallest swap measured on a real golden (13 pixels up to 92 levels off, mean +0.03)
    fails; encoder noise (every pixel within 5 levels) passes."""
    rng = np.random.default_rng(0)
    picture = rng.integers(0, 255, (480, 852, 3), dtype=np.uint8)
    monkeypatch.setenv(golden.UPDATE_ENV, "1")
    golden.compare("x", picture)
    monkeypatch.delenv(golden.UPDATE_ENV)
    small = golden.downsample(picture).astype(int)
    sparse = rng.random(small.shape) < 0.05  # measured: mean 0.05, no pixel over 5 levels off
    noisy = np.clip(small + sparse * rng.integers(-5, 6, small.shape), 0, 255)
    golden.compare("x", np.repeat(np.repeat(noisy, 4, axis=0), 4, axis=1).astype(np.uint8))
    swapped = small.copy()
    swapped[60:62, 100:107, 0] = (swapped[60:62, 100:107, 0] + 92) % 256  # 14 pixels
    with pytest.raises(AssertionError, match="pixels differ"):
        golden.compare("x", np.repeat(np.repeat(swapped, 4, axis=0), 4, axis=1).astype(np.uint8))

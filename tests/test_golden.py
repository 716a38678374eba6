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

"""Shared fixtures: every test gets its own Manim media cache and output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point mnemo-anim's cache (Manim media, work folders) at a per-session temp dir."""
    root = tmp_path_factory.getbasetemp() / "mnemo-cache"
    monkeypatch.setenv("MNEMO_ANIM_CACHE", str(root))


@pytest.fixture
def output_dir(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    out.mkdir()
    return out

"""Shared fixtures: every test gets its own Manim media cache and output folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mnemo_anim.config.models import AnyJob
from mnemo_anim.render.encode import Probe
from mnemo_anim.render.runner import RenderResult

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point mnemo-anim's cache (Manim media, work folders) at a per-session temp dir, and
    Manim's own media folder too: a test that builds ``Text`` outside a render sets it there,
    and two test processes writing one ``./media/texts`` file at once leave each other an
    empty SVG."""
    root = tmp_path_factory.getbasetemp() / "mnemo-cache"
    monkeypatch.setenv("MNEMO_ANIM_CACHE", str(root))
    manim = sys.modules.get("manim")
    if manim is not None:
        monkeypatch.setattr(manim.config, "media_dir", str(root / "manim-media"))


@pytest.fixture
def output_dir(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    out.mkdir()
    return out


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The renderer replaced in this process: writes the main file, sends a step event each."""
    import mnemo_anim.render.runner as runner_module

    calls: list[str] = []

    def render_job(
        job: AnyJob, output_dir: Path, warn: Any = None, ticker: Any = None
    ) -> RenderResult:
        calls.append(job.output_name)
        target = output_dir / job.render.output_file(job.output_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(job.model_dump_json().encode())
        if ticker is not None:
            for name in job.steps():
                ticker.step(None, name)
        if warn is not None:
            warn("palette.text on palette.background: contrast 2.0:1")
        probe = Probe("h264", "High", "yuv420p", 480, 854, 24.0, 4800, 200.0)
        return RenderResult(target, probe, 0.5)

    monkeypatch.setattr(runner_module, "render_job", render_job)
    return calls


# The longest modules (measured with `--junitxml`, from ten seconds to a minute and a half each)
# start first, the short ones fill in at the end, so the two test processes finish together:
# `make test` hands out whole modules in collection order (`--dist loadfile
# --no-loadscope-reorder`). Only the order changes, never what runs.
LONGEST_FIRST = (
    "test_on_screen",
    "test_bench",
    "test_bench_baselines",
    "test_scene_linearity",
    "test_contract_composition",
    "test_contract_bias",
    "test_scene_shapes",
    "test_scene_transformation",
    "test_typeset",
    "test_contract_column_view",
    "test_plain_labels",
    "test_contract_row_view",
    "test_faults",
    "test_scene_layers",
    "test_delivery",
    "test_scene_gallery",
    "test_scene_steps",
    "test_executors",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}

    def module_rank(item: pytest.Item) -> int:
        module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
        return rank.get(module, len(rank))

    items.sort(key=module_rank)  # stable: each module keeps its own order

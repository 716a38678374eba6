"""``python -m bench --quick`` runs end to end and reports every measurement (never timings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BASELINES = sorted(p.stem for p in (REPO / "bench" / "baseline").glob("*.py") if p.stem != "notex")


def no_tex_env(folder: Path) -> dict[str, str]:
    """The environment with LaTeX's programs replaced by ones that fail: whatever still calls
    LaTeX (a ``MathTex``, Manim's ``Matrix`` brackets, ``add_coordinates``) fails loudly."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("latex", "pdflatex", "xelatex", "lualatex", "dvisvgm"):
        stub = folder / name
        stub.write_text("#!/bin/sh\necho 'no TeX on this machine' >&2\nexit 127\n")
        stub.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.render
@pytest.mark.slow
def test_quick_bench_runs_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench", "--quick", "--work", str(tmp_path / "work")]
    command += ["--out", str(out)]
    # The suite's text cache (see conftest.py), so text other tests set stays set.
    command += ["--cache", os.environ["MNEMO_ANIM_CACHE"]]
    # The timeout guards against a hang, not the speed: with `pytest -n 2` (make test) the bench
    # shares the cores with the other test process, and took over 240 s on a busy machine.
    env = no_tex_env(tmp_path / "bin")
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]

    results = json.loads(out.read_text())
    assert results["meta"]["quick"] is True
    scene = results["scenes"]["row_view"]
    for side in ("ours", "peer", "tuned"):  # ours, `manim -qh`, and Manim with its speed flags
        for key in ("wall", "cpu", "frames", "duration", "frames_per_wall_s", "video_s_per_wall_s"):
            assert scene[side][key] > 0, (side, key)
        assert "peak_pss_mb" in scene[side]
    assert scene["speedup_vs_peer"] > 0 and scene["speedup_vs_tuned"] > 0
    assert 0.95 < scene["duration_ratio"] < 1.05  # the baseline tells the same story as long
    for side in ("ours", "peer", "tuned"):
        assert 0.5 < scene["quality"][side]["mean"] <= 1.0
    assert {"help", "validate"} <= results["cli"].keys()
    batch = results["batch"]
    assert batch["videos"] == 2
    assert {"jobs1", "jobs2", "cached", "peer_sequential", "tuned_sequential"} <= batch.keys()
    assert {"throughput_vs_peer", "throughput_vs_tuned"} <= batch.keys()
    assert isinstance(batch["cached"]["imports_manim"], bool)
    assert set(results["verdicts"]) >= {"row_view", "help_ok", "cached_ok", "jobs2_not_slower"}
    assert "| row_view |" in done.stdout and "vs tuned" in done.stdout


# Each peer as `manim render -ql --dry_run FILE SCENE` would run it (every mobject built, no frame
# drawn), all in one process so Manim is imported once: a failure is reported by kind.
DRY_RUN_ALL = """
import importlib.util, json, sys, traceback
from pathlib import Path
from manim import tempconfig
folder, media, scenes = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
sys.path.insert(0, str(folder))  # as Manim does for a scene file: `from notex import *`
results = {}
for kind, name in scenes.items():
    try:
        spec = importlib.util.spec_from_file_location(f"baseline_{kind}", folder / f"{kind}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        options = {"dry_run": True, "quality": "low_quality", "media_dir": media,
                   "progress_bar": "none", "verbosity": "ERROR", "disable_caching": True}
        with tempconfig(options):
            getattr(module, name)().render()
        results[kind] = "ok"
    except BaseException:
        results[kind] = traceback.format_exc()[-3000:]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def baseline_dry_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("baselines")
    bench_main = __import__("bench.__main__", fromlist=["SCENES"])
    scenes = {kind: bench_main.SCENES[kind] for kind in BASELINES}
    command = [sys.executable, "-c", DRY_RUN_ALL, str(REPO / "bench" / "baseline")]
    command += [str(tmp / "media"), json.dumps(scenes)]
    env = no_tex_env(tmp / "bin")
    done = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.render
@pytest.mark.slow
@pytest.mark.parametrize("kind", BASELINES)
def test_baseline_builds_without_tex(kind: str, baseline_dry_runs: dict[str, str]) -> None:
    """Every plain-Manim peer runs its whole storyboard on a machine without LaTeX."""
    assert set(BASELINES) >= {"row_view", "bias", "layers", "shapes", "transformation"}
    assert baseline_dry_runs[kind] == "ok", baseline_dry_runs[kind]

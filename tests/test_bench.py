"""``python -m bench --quick`` runs end to end and reports every measurement (never timings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.no_tex import no_tex_env

REPO = Path(__file__).resolve().parent.parent


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

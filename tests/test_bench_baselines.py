"""Every plain-Manim peer of ``python -m bench`` builds its whole storyboard on a machine
without LaTeX (a dry run: every mobject built, no frame drawn)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.no_tex import no_tex_env

REPO = Path(__file__).resolve().parent.parent
BASELINES = sorted(p.stem for p in (REPO / "bench" / "baseline").glob("*.py") if p.stem != "notex")


# Each peer as `manim render -ql --dry_run FILE SCENE` would run it, but with its plays skipped
# as Manim skips them before `--from_animation_number` (every mobject built, every animation
# begun and finished, no frame drawn: a dry run alone still draws every frame), all in one
# process so Manim is imported once: a failure is reported by kind.
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
            getattr(module, name)(skip_animations=True).render()  # built, not drawn
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

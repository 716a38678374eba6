"""Faults: killed renders and the same config giving the same frames twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.render.encode import probe
from mnemo_anim.render.runner import render_job

REPO = Path(__file__).resolve().parent.parent
CONFIG = "scene: row_view\nmatrix: [[1, 2], [3, 4]]\nvector: [1, -1]\ntiming: {speed: 2}\n"


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


@pytest.fixture(scope="module")
def earlier_video(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("earlier")
    job = RowViewJob.model_validate(
        {"matrix": [[5]], "vector": [1], "timing": {"speed": 4}, "render": {"quality": "preview"}}
    )
    return render_job(job, out, warn=None).path.read_bytes()


@pytest.mark.slow
@pytest.mark.render
@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["INT", "TERM", "KILL"]
)
def test_killed_render_leaves_nothing_half_written(
    tmp_path: Path, earlier_video: bytes, signum: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "row_view.mp4").write_bytes(earlier_video)
    config = tmp_path / "job.yaml"
    config.write_text(CONFIG)
    env = {**os.environ, "MNEMO_ANIM_CACHE": str(tmp_path / "cache")}
    command = [
        sys.executable,
        "-m",
        "mnemo_anim",
        "render",
        str(config),
        "-q",
        "preview",
        "-o",
        str(out),
    ]
    delay = random.Random(f"{signum}").uniform(0.8, 3.5)  # a different point for each signal
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signum)
    proc.wait(timeout=60)

    names = sorted(p.name for p in out.iterdir())
    video = (out / "row_view.mp4").read_bytes()
    if video == earlier_video:  # killed before its video landed: nothing else either
        assert names == ["row_view.mp4"]
    else:  # the render won the race: then the video is whole, and any record of it too
        assert probe(out / "row_view.mp4").frames > 0
        assert set(names) <= {"row_view.mp4", "manifest.json", ".manifest.json.lock"}
        if "manifest.json" in names:
            json.loads((out / "manifest.json").read_text())

    # The next run cleans up whatever a dead process left in the cache.
    done = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    leftovers = [
        p
        for folder in ("work", "staging")
        for p in (tmp_path / "cache" / folder).glob("*")
        if str(proc.pid) in p.name
    ]
    assert leftovers == []
    assert probe(out / "row_view.mp4").frames > 0


def test_sigterm_in_the_cli_unwinds() -> None:
    from mnemo_anim import cli as cli_module

    with pytest.raises(SystemExit) as caught:
        cli_module._terminate(signal.SIGTERM, None)
    assert caught.value.code == 128 + signal.SIGTERM


@pytest.mark.render
def test_same_config_same_frames(tmp_path: Path) -> None:
    job = RowViewJob.model_validate(
        {
            "matrix": [[1.5, -2]],
            "vector": [2, 1],
            "timing": {"speed": 4},
            "render": {"quality": "preview"},
        }
    )
    first = frames(render_job(job, tmp_path / "a", warn=None).path)
    second = frames(render_job(job, tmp_path / "b", warn=None).path)
    assert len(first) == len(second)
    assert all(np.array_equal(x, y) for x, y in zip(first, second, strict=True))


@pytest.mark.slow
@pytest.mark.render
def test_two_processes_share_one_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    configs = {}
    for name, vector in (("first", [1, 0]), ("second", [0, 1]), ("shared", [1, 1])):
        path = tmp_path / f"{name}.yaml"
        path.write_text(
            f"scene: row_view\nmatrix: [[1, 2], [3, 4]]\nvector: {vector}\n"
            f"timing: {{speed: 4}}\nrender: {{quality: preview, name: {name}}}\n"
        )
        configs[name] = str(path)
    env = {**os.environ, "MNEMO_ANIM_CACHE": str(tmp_path / "cache")}  # one text cache too

    def command(*names: str) -> list[str]:
        paths = [configs[n] for n in names]
        return [sys.executable, "-m", "mnemo_anim", "render", *paths, "-o", str(out), "--force"]

    procs = [
        subprocess.Popen(command("first", "shared"), env=env, stderr=subprocess.PIPE),
        subprocess.Popen(command("second", "shared"), env=env, stderr=subprocess.PIPE),
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err.decode()
    for name in ("first", "second", "shared"):
        assert probe(out / f"{name}.mp4").frames > 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"first", "second", "shared"} <= set(manifest["jobs"])
    assert not [p for p in out.iterdir() if p.name.startswith(".mnemo-")]

"""``batch`` and multi-config ``render`` through the CLI: exit codes, output, cache, Ctrl-C."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mnemo_anim.cli import cli
from mnemo_anim.config.models import JOB_MODELS, AnyJob
from mnemo_anim.errors import RenderError
from mnemo_anim.files import sweep_stale
from mnemo_anim.render.encode import Probe
from mnemo_anim.render.manifest import read_manifest
from mnemo_anim.render.runner import RenderResult

REPO = Path(__file__).resolve().parent.parent
TINY = "scene: row_view\nmatrix: [[2]]\nvector: [3]\ntiming: {speed: 4}\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the renderer in this process (``-j 1`` renders here); ``bad*`` jobs fail."""
    import mnemo_anim.render.runner as runner_module

    calls: list[str] = []

    def render_job(job: AnyJob, output_dir: Path, **options: object) -> RenderResult:
        calls.append(job.output_name)
        if job.output_name.startswith("bad"):
            raise RenderError(f"{job.scene} failed to render: boom")
        output_dir.mkdir(parents=True, exist_ok=True)
        target = output_dir / f"{job.output_name}.{job.render.format}"
        target.write_bytes(job.model_dump_json().encode())
        probe = Probe("h264", "High", "yuv420p", 854, 480, 24.0, 24, 1.0)
        return RenderResult(target, probe, 0.5)

    monkeypatch.setattr(runner_module, "render_job", render_job)
    return calls


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        "pair.yaml",
        "defaults: {render: {quality: preview}}\n"
        "jobs:\n"
        "  - {scene: row_view, render: {name: good}}\n"
        "  - {scene: row_view, render: {name: bad}}\n"
        "  - {scene: bias, render: {name: later}}\n",
    )


@pytest.mark.parametrize("command", ["batch", "render"])
def test_help_lists_the_shared_options(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    for option in (
        "--quality",
        "--aspect",
        "--format",
        "--transparent",
        "--platform",
        "--set",
        "--output",
        "--jobs",
        "--executor",
        "--scheduler",
        "--force",
        "--fail-fast",
    ):
        assert option in result.output, option


@pytest.mark.parametrize(
    "args", [["batch", "--help"], ["batch", "configs/lesson.yaml", "--dry-run", "-o", "{tmp}"]]
)
def test_help_and_dry_run_do_not_import_manim(args: list[str], tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code = (
        "import sys\nfrom mnemo_anim.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='mnemo-anim')\n"
        "except SystemExit as e:\n    assert e.code in (0, 2, None), e.code\n"
        "assert 'manim' not in sys.modules, 'manim was imported'\n"
        "assert 'distributed' not in sys.modules, 'dask was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)


def test_lesson_batch_names_every_scene_for_lecture_and_social(runner: CliRunner) -> None:
    # the lesson's order
    kinds = (
        "transformation", "gallery", "shapes", "row_view", "column_view",
        "linearity", "bias", "composition", "layers",
    )  # fmt: skip
    assert list(JOB_MODELS) == [*kinds, "card"]  # a title card is for lectures
    result = runner.invoke(
        cli, ["batch", str(REPO / "configs" / "lesson.yaml"), "--dry-run", "--force"]
    )
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.output.splitlines()[:-1]]
    assert names == [f"{k}-{a}" for k in kinds for a in ("16x9", "9x16")]


def test_invalid_job_exit_2_and_nothing_rendered(
    runner: CliRunner, tmp_path: Path, fake_render: list[str]
) -> None:
    write(tmp_path, "row.yaml", "scene: row_view\nmatrix: [[1, 2, 3]]\n")
    batch = write(
        tmp_path,
        "b.yaml",
        "jobs:\n  - {scene: bias}\n  - config: row.yaml\n    vector: [1, 2]\n"
        "  - config: gone.yaml\n",
    )
    out = tmp_path / "out"
    result = runner.invoke(cli, ["batch", str(batch), "-o", str(out), "-j", "1"])
    assert result.exit_code == 2
    assert f"{batch}:4:13: vector: it has 2 entries" in result.output
    assert f"{batch}:5:13: jobs[2].config: no such file" in result.output
    assert fake_render == [] and not out.exists()


def test_flags_override_the_batch_file(runner: CliRunner, tmp_path: Path) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "defaults: {render: {format: mp4}}\n"
        "matrix: {render.aspect: ['16:9', '9:16']}\njobs: [{scene: row_view}]\n",
    )
    out = tmp_path / "out"
    result = runner.invoke(cli, ["batch", str(batch), "-o", str(out), "--dry-run", "-f", "webm"])
    assert result.exit_code == 0, result.output
    assert f"{out}/row_view-16x9.webm" in result.output
    assert "2 job(s): 0 up to date, 2 to render" in result.output
    # --aspect makes both jobs the same video: an error before anything renders.
    result = runner.invoke(cli, ["batch", str(batch), "-o", str(out), "--aspect", "1:1"])
    assert result.exit_code == 2
    assert "output name 'row_view-1x1' is also used by" in result.output


def test_scheduler_needs_dask(runner: CliRunner, pair: Path) -> None:
    result = runner.invoke(
        cli, ["batch", str(pair), "--executor", "local", "--scheduler", "tcp://h:8786"]
    )
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.output


def test_failure_is_isolated_reported_and_exit_1(
    runner: CliRunner, tmp_path: Path, pair: Path, fake_render: list[str]
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["batch", str(pair), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert fake_render == ["good", "bad", "later"]
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["job", "status", "file", "seconds"]
    assert lines[1].split() == ["good", "rendered", f"{out}/good.mp4", "0.5"]
    assert lines[2].split() == ["bad", "failed", "-", lines[2].split()[-1]]
    assert lines[3].split()[:2] == ["later", "rendered"]
    assert "3 job(s): 2 rendered, 0 cached, 1 failed" in result.stdout
    assert f"failed bad ({pair} jobs[1]): row_view failed to render: boom" in result.stdout
    assert "[2/3] FAILED bad: row_view failed to render: boom" in result.stderr
    assert "Error: 1 of 3 job(s) failed: bad" in result.stderr
    manifest = read_manifest(out)
    assert {n: e["status"] for n, e in manifest.items()} == {
        "good": "rendered",
        "bad": "failed",
        "later": "rendered",
    }

    # Only the failed job renders again.
    fake_render.clear()
    result = runner.invoke(cli, ["batch", str(pair), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1 and fake_render == ["bad"]
    assert "3 job(s): 0 rendered, 2 cached, 1 failed" in result.stdout


def test_fail_fast_cancels_the_rest(
    runner: CliRunner, tmp_path: Path, pair: Path, fake_render: list[str]
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["batch", str(pair), "-o", str(out), "-j", "1", "--fail-fast"])
    assert result.exit_code == 1
    assert fake_render == ["good", "bad"]
    assert "3 job(s): 1 rendered, 0 cached, 1 failed, 1 cancelled" in result.stdout
    assert "later" not in read_manifest(out)


def test_render_with_several_configs_is_a_cached_batch(
    runner: CliRunner, tmp_path: Path, fake_render: list[str]
) -> None:
    write(tmp_path, "a.yaml", "scene: row_view\nrender: {name: a}\n")
    write(tmp_path, "b.yaml", "scene: bias\n")
    out = tmp_path / "out"
    args = ["render", str(tmp_path / "*.yaml"), "-o", str(out), "-j", "1", "-q", "preview"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert fake_render == ["a", "bias"]
    assert "2 job(s): 2 rendered, 0 cached, 0 failed" in result.stdout
    assert set(read_manifest(out)) == {"a", "bias"}
    assert runner.invoke(cli, args).exit_code == 0
    assert fake_render == ["a", "bias"]
    write(tmp_path, "b.yaml", "scene: bias\nbias: [2, 2]\n")
    assert runner.invoke(cli, [*args, "-s", "timing.pause=0.5"]).exit_code == 0
    assert fake_render == ["a", "bias", "a", "bias"]
    result = runner.invoke(cli, [*args, "--force"])
    assert "2 job(s): 2 rendered" in result.stdout


def test_render_with_one_config_prints_its_path_and_is_cached(
    runner: CliRunner, tmp_path: Path, fake_render: list[str]
) -> None:
    a = write(tmp_path, "a.yaml", "scene: row_view\n")
    out = tmp_path / "out"
    for _ in range(2):
        result = runner.invoke(cli, ["render", str(a), "-o", str(out)])
        assert result.exit_code == 0
        assert result.stdout == f"{out}/row_view.mp4\n"
    assert fake_render == ["row_view"], "the second render is up to date"
    assert "row_view is up to date" in result.stderr
    # Answered from the stamp before the config was loaded: the entry is left as it was.
    assert read_manifest(out)["row_view"]["status"] == "rendered"
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "manifest.json",
        "row_view.mp4",
    ], "a single render writes no review page"
    result = runner.invoke(cli, ["render", str(a), "-o", str(out), "--force"])
    assert result.exit_code == 0 and fake_render == ["row_view", "row_view"]
    assert "is up to date" not in result.stderr
    write(tmp_path, "a.yaml", "scene: row_view\ntiming: {speed: 2}\n")
    assert runner.invoke(cli, ["render", str(a), "-o", str(out)]).exit_code == 0
    assert len(fake_render) == 3, "a changed config renders again"


@pytest.mark.render
def test_real_batch_in_a_pool_then_a_fast_cached_rerun(tmp_path: Path) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "defaults: {render: {quality: preview}}\n"
        "matrix: {render.aspect: ['16:9', '9:16']}\njobs:\n  - config: tiny.yaml\n",
    )
    write(tmp_path, "tiny.yaml", TINY)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "mnemo_anim", "batch", str(batch), "-o", str(out), "-j", "2"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 job(s): 2 rendered, 0 cached, 0 failed" in done.stdout
    assert "[2/2] done" in done.stderr
    for name in ("row_view-16x9", "row_view-9x16"):
        assert f"{name}: step 3/3 result" in done.stderr, "steps reported from the workers"
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        ".manifest.json.lock",
        ".review",
        "index.html",
        "manifest.json",
        "row_view-16x9.mp4",
        "row_view-9x16.mp4",
    ]
    page = (out / "index.html").read_text("utf-8")
    assert page.count("<video") == 2 and 'data-aspect="9:16"' in page
    entries = json.loads((out / "manifest.json").read_text())["jobs"]
    assert entries["row_view-9x16"]["resolution"] == "480x854"
    assert entries["row_view-16x9"]["fps"] == 24.0
    assert entries["row_view-16x9"]["duration"] > 1

    # Fully cached: nothing renders, Manim is never imported.
    code = (
        "import sys\nfrom mnemo_anim.cli import cli\n"
        f"try:\n    cli({command[3:]!r}, prog_name='mnemo-anim')\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "assert 'manim' not in sys.modules and 'av' not in sys.modules\n"
    )
    started = time.perf_counter()
    cached = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert time.perf_counter() - started < 5  # generous: loaded CI machines; ~0.3 s idle
    assert "2 job(s): 0 rendered, 2 cached, 0 failed" in cached.stdout


@pytest.mark.slow
@pytest.mark.render
def test_ctrl_c_stops_cleanly_and_keeps_finished_files(tmp_path: Path) -> None:
    write(tmp_path, "tiny.yaml", TINY)
    batch = write(
        tmp_path,
        "b.yaml",
        "defaults: {render: {quality: preview}}\njobs:\n"
        "  - {config: tiny.yaml, render: {name: quick}}\n"
        "  - {scene: row_view, timing: {speed: 0.25, pause: 5}, render: {name: long}}\n"
        "  - {scene: row_view, render: {name: never}}\n",
    )
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "mnemo_anim", "batch", str(batch), "-o", str(out), "-j", "2"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if "done quick" in line:
            break
    time.sleep(1.0)  # "long" is mid-render now
    masks = _signal_masks(process.pid)  # said if the interrupt is not seen
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, "".join(lines) + stderr + masks
    assert "interrupted: 1 finished file(s) kept" in stderr
    assert "Traceback" not in stderr and "leaked" not in stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "manifest.json",
        "quick.mp4",
    ]
    assert set(read_manifest(out)) == {"quick"}
    cache = Path(os.environ["MNEMO_ANIM_CACHE"])
    assert [p.name for p in (cache / "staging").glob("*partial*")] == []
    # A worker's private media folder goes with it; should one survive (a writer thread still
    # busy while it is removed), it is named after its dead process and the next render sweeps it.
    sweep_stale(out, cache / "work")
    leftovers = [
        p.name for p in (cache / "work").glob("job-*") if not _alive(int(p.name.split("-")[1]))
    ]
    assert leftovers == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _signal_masks(pid: int) -> str:
    """The blocked, ignored and caught signals of each thread of ``pid`` (Linux), as hex masks."""
    out = []
    for status in sorted(Path(f"/proc/{pid}/task").glob("*/status")):
        with contextlib.suppress(OSError):
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            keys = ("Name", "SigBlk", "SigIgn", "SigCgt")
            out.append(" ".join(f"{k}={fields.get(k, '?').strip()}" for k in keys))
    return "\nthreads at the interrupt:\n" + "\n".join(out)

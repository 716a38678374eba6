"""Presenting and reviewing through the CLI: slides and storyboard formats, the review page
after a batch, the cached single render, progress inside a render, and ``watch``."""

from __future__ import annotations

import io
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mnemo_anim.cli import cli
from mnemo_anim.config.batch import PlannedJob, load_inputs
from mnemo_anim.config.models import RowViewJob, Style
from mnemo_anim.deliver import Palette
from mnemo_anim.render import cache, ticks
from mnemo_anim.render.manifest import read_manifest, update_manifest
from mnemo_anim.render.progress import PlainReporter, RichReporter
from mnemo_anim.render.watch import job_inputs, watch, watched_files
from mnemo_anim.visuals.theme import resolve_theme

REPO = Path(__file__).resolve().parent.parent
TINY = "scene: row_view\nmatrix: [[2]]\nvector: [3]\ntiming: {speed: 4}\n"
TINY_STEPS = ["equation", "row 0", "result"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- formats -------------------------------------------------------------------------------


def test_deliverable_file_names() -> None:
    job = RowViewJob.model_validate({"render": {"format": "slides", "name": "a"}})
    assert job.render.output_file("a") == "a_slides/index.html"
    assert cache.output_path(Path("out"), job) == Path("out/a_slides/index.html")
    board = RowViewJob.model_validate({"render": {"format": "storyboard"}})
    assert cache.output_path(Path("out"), board) == Path("out/row_view.storyboard.png")


def test_transparent_slides_is_a_located_error(runner: CliRunner, tmp_path: Path) -> None:
    config = write(tmp_path, "a.yaml", "scene: row_view\n")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(config), "-f", "slides", "--transparent", "-o", out])
    assert result.exit_code == 2
    assert "--transparent: render.transparent: slides (H.264) cannot carry" in result.output
    assert not out.exists()


def test_validate_names_the_deck(runner: CliRunner, tmp_path: Path) -> None:
    config = write(tmp_path, "a.yaml", "scene: row_view\nrender: {format: slides}\n")
    result = runner.invoke(cli, ["validate", str(config)])
    assert result.exit_code == 0 and result.output.rstrip().endswith("→ row_view_slides/index.html")


@pytest.mark.render
def test_storyboard_format_draws_no_video(runner: CliRunner, tmp_path: Path) -> None:
    from PIL import Image

    config = write(tmp_path, "tiny.yaml", TINY)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(config), "-f", "storyboard", "-o", str(out)])
    assert result.exit_code == 0, result.output
    board = out / "row_view.storyboard.png"
    assert result.stdout == f"{board}\n"
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "manifest.json",
        "row_view.storyboard.png",
    ]
    assert Image.open(board).width > 3 * 300, "three steps tiled side by side"
    entry = read_manifest(out)["row_view"]
    assert entry["file"] == "row_view.storyboard.png" and entry["format"] == "storyboard"
    assert all(f"step {i}/3 {name}" in result.stderr for i, name in enumerate(TINY_STEPS, 1))


@pytest.mark.render
def test_slides_format_writes_a_deck_of_the_steps(runner: CliRunner, tmp_path: Path) -> None:
    config = write(
        tmp_path,
        "tiny.yaml",
        TINY + "captions: [Start here., One row., Done.]\nstyle: {theme: light}\n",
    )
    out = tmp_path / "out"
    args = ["render", str(config), "-f", "slides", "-q", "preview", "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    index = out / "row_view_slides" / "index.html"
    assert result.stdout == f"{index}\n"
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "manifest.json",
        "row_view_slides",
    ], "no video, captions or sections beside the deck"
    page = index.read_text("utf-8")
    found = re.search(r'id="deck-data">(.*?)</script>', page, re.S)
    assert found is not None
    steps = json.loads(found.group(1))["steps"]
    assert [s["name"] for s in steps] == TINY_STEPS
    assert [s["notes"] for s in steps] == ["Start here.", "One row.", "Done."]
    assert all((index.parent / s["clip"]).is_file() for s in steps)
    assert index.parent.stat().st_mode & 0o777 == 0o755, "a deck others may read and serve"
    light = Palette.from_theme(resolve_theme(Style(theme="light")))
    assert f"--bg: {light.background}" in page, "the deck wears the video's theme"
    entry = read_manifest(out)["row_view"]
    assert entry["file"] == "row_view_slides/index.html" and entry["resolution"] == "854x480"
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "is up to date" in again.stderr
    assert again.stdout == f"{index}\n"


# -- batch: manifest fields and the review page --------------------------------------------


def test_batch_writes_the_review_page_with_scene_aspect_and_warnings(
    runner: CliRunner, tmp_path: Path, fake_render: list[str]
) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "matrix: {render.aspect: ['16:9', '9:16']}\njobs:\n  - {scene: row_view}\n"
        "  - {scene: bias, render: {platform: square}}\n",
    )
    out = tmp_path / "out"
    result = runner.invoke(cli, ["batch", str(batch), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    entries = read_manifest(out)
    tall = entries["row_view-9x16"]
    assert (tall["scene"], tall["aspect"], tall["platform"]) == ("row_view", "9:16", None)
    assert tall["warnings"][0].startswith("palette.text")
    # 200 s (the fake's length) is too long for Shorts, one of the 9:16 feeds; a job that
    # names its platform is checked against that one only.
    assert tall["warnings"][1:] == ["200 s is over the 3 min that shorts takes"]
    square = entries["bias-16x9"]
    assert square["platform"] == "square"
    too_long = "200 s is over the 1 min that square takes"
    assert square["warnings"][1:] == [too_long]
    page = (out / "index.html").read_text("utf-8")
    assert 'data-scene="bias" data-aspect="9:16"' in page
    assert page.count(too_long) == 2, "said once for each of the two square jobs"


def test_unwritable_review_page_exit_1(
    runner: CliRunner, tmp_path: Path, fake_render: list[str]
) -> None:
    batch = write(tmp_path, "b.yaml", "jobs:\n  - {scene: row_view}\n")
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)  # a folder where the page goes
    result = runner.invoke(cli, ["batch", str(batch), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert "cannot write the review page" in result.output
    assert (out / "row_view.mp4").is_file(), "the videos are kept"


# -- the cached single render ---------------------------------------------------------------


def plant(out: Path, config: Path) -> Path:
    """A manifest entry and file that make ``config``'s job up to date, as a render leaves."""
    (planned,) = load_inputs([config])
    target = cache.output_path(out, planned.job)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"x" * 100)
    entry = {"hash": cache.job_hash(planned.job), "file": target.name, "size": 100}
    update_manifest(out, {planned.name: {**entry, "status": "rendered"}})
    return target


def test_up_to_date_single_render_imports_no_manim(tmp_path: Path) -> None:
    """The first unchanged run takes the full path (the planted entry has no stamp): the job
    hash, without Manim, PyAV or NumPy. It stamps the entry; the second run answers from the
    stamp without even pydantic or YAML."""
    config = write(tmp_path, "a.yaml", "scene: row_view\nrender: {quality: preview}\n")
    out = tmp_path / "out"
    target = plant(out, config)
    code = (
        "import sys, time\nstarted = time.perf_counter()\nfrom mnemo_anim.cli import cli\n"
        f"try:\n    cli(['render', {str(config)!r}, '-o', {str(out)!r}], prog_name='m')\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print('seconds', time.perf_counter() - started, file=sys.stderr)\n"
        "print('imported', sorted({'manim', 'av', 'pydantic', 'numpy', 'yaml'} & set(sys.modules)),"
        " file=sys.stderr)\n"
    )
    for run, imported in (("full path", "['pydantic', 'yaml']"), ("stamp", "[]")):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True
        )
        wall = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{target}\n"
        assert "row_view is up to date (--force renders it again)" in done.stderr
        assert f"imported {imported}" in done.stderr, (run, done.stderr)
        inside = done.stderr.split("seconds")[-1].split()[0]
        print(f"up-to-date render ({run}): {wall:.2f} s wall; {inside} s in process")


# -- progress inside a render --------------------------------------------------------------


def test_ticker_throttles_frames_and_counts_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, tuple[Any, ...]]] = []
    clock = iter([10.0, 10.05, 10.1, 10.25, 10.3])
    monkeypatch.setattr(ticks.time, "monotonic", lambda: next(clock))
    ticker = ticks.Ticker(lambda k, a: sent.append((k, a)), want_total=True, steps=["a", "b"])
    ticker.total(48)
    for done in range(1, 6):
        ticker.frames(done)
    ticker.step(None, "a")
    assert sent == [("total", (48, 2)), ("frames", (1,)), ("frames", (4,)), ("step", (1, 2, "a"))]


def test_plain_progress_is_a_line_per_step(
    runner: CliRunner, tmp_path: Path, fake_render: list[str]
) -> None:
    config = write(tmp_path, "a.yaml", TINY)
    result = runner.invoke(cli, ["render", str(config), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if ": step " in line]
    assert lines == [f"[0/1] row_view: step {i}/3 {n}" for i, n in enumerate(TINY_STEPS, 1)]


def test_terminal_bar_counts_frames_against_a_known_total() -> None:
    stream = io.StringIO()
    job = RowViewJob.model_validate({"render": {"quality": "preview"}})
    reporter = RichReporter([PlannedJob("row_view", job, "a.yaml")], stream)
    assert reporter.wants_total, "a terminal asks for the total before the first frame"
    reporter.begin(1, 0)
    reporter.started("row_view")
    reporter.progress("row_view", "total", (120, 4))
    reporter.progress("row_view", "frames", (30,))
    reporter.progress("row_view", "step", (1, 4, "equation"))
    (task,) = [t for t in reporter.bars.tasks if t.id == reporter.running["row_view"]]
    assert (task.completed, task.total) == (30, 120)
    assert task.fields["count"] == "30/120 frames" and task.fields["step"] == "step 1/4 equation"
    reporter.progress("gone", "frames", (1,))  # late events of a finished job are ignored
    reporter.end()
    assert "?" not in stream.getvalue()


def test_plain_reporter_asks_for_no_total() -> None:
    reporter = PlainReporter([], io.StringIO())
    assert not reporter.wants_total


@pytest.mark.render
def test_real_render_prints_each_step(runner: CliRunner, tmp_path: Path) -> None:
    config = write(tmp_path, "a.yaml", TINY)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(config), "-q", "preview", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if ": step " in line]
    assert lines == [f"[0/1] row_view: step {i}/3 {n}" for i, n in enumerate(TINY_STEPS, 1)]


@pytest.mark.render
def test_pool_workers_send_their_steps_and_frame_totals(tmp_path: Path) -> None:
    """Two jobs in two worker processes: their events come back over the relay queue."""
    from mnemo_anim.render.executors import LocalExecutor, Task

    class Events:
        wants_total = True

        def __init__(self) -> None:
            self.seen: list[tuple[str, str, tuple[Any, ...]]] = []
            self.lock = threading.Lock()

        def started(self, name: str) -> None:
            pass

        def note(self, message: str) -> None:
            pass

        def progress(self, name: str, kind: str, args: tuple[Any, ...]) -> None:
            with self.lock:
                self.seen.append((name, kind, args))

    events = Events()
    jobs = [
        RowViewJob.model_validate(
            {
                "matrix": [[2]],
                "vector": [3],
                "timing": {"speed": 4},
                "render": {"quality": "preview", "name": n},
            }
        )
        for n in ("a", "b")
    ]
    tasks = [Task(job.output_name, job) for job in jobs]
    outcomes = list(LocalExecutor(2).run(tasks, tmp_path, fail_fast=False, events=events))
    assert all(o.ok for o in outcomes), outcomes
    time.sleep(0.5)
    for name in ("a", "b"):
        kinds = [(k, a) for n, k, a in events.seen if n == name]
        assert kinds[0][0] == "total" and kinds[0][1][0] > 24, "the total comes first"
        assert [a[2] for k, a in kinds if k == "step"] == TINY_STEPS


# -- watch ---------------------------------------------------------------------------------


def test_watched_files_follow_batch_references(tmp_path: Path) -> None:
    write(tmp_path, "row.yaml", "scene: row_view\n")
    batch = write(
        tmp_path, "b.yaml", "jobs:\n  - config: row.yaml\n  - bias.yaml\n  - {scene: bias}\n"
    )
    assert watched_files(batch) == {batch, tmp_path / "row.yaml", tmp_path / "bias.yaml"}
    broken = write(tmp_path, "c.yaml", "jobs: [\n")
    assert watched_files(broken) == {broken}


def test_job_inputs_find_recordings(tmp_path: Path) -> None:
    class Job:
        def model_dump(self, mode: str) -> dict[str, Any]:
            return {"narration": {"recordings": {"equation": "voice/eq.wav"}}, "title": "x.wav"}

        def input_files(self) -> list[str]:
            return ["/abs/music.ogg"]

    config = tmp_path / "a.yaml"
    assert job_inputs(Job(), config) == {tmp_path / "voice/eq.wav", Path("/abs/music.ogg")}


def test_watch_renders_each_save_and_survives_a_bad_one(
    tmp_path: Path, fake_render: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The loop with a scripted ``wait``: each call is one save."""
    from mnemo_anim.render.service import RenderOptions

    config = write(tmp_path, "a.yaml", "scene: row_view\n")
    saves = iter(
        [
            "scene: row_view\nmatrix: [[1, 2]]\nvector: [1]\n",  # invalid
            "scene: row_view\ntiming: {speed: 2}\n",
        ]
    )
    waited: list[set[Path]] = []

    def wait(seen: dict[Path, Any]) -> bool:
        waited.append(set(seen))
        config.write_text(next(saves), encoding="utf-8")
        return True

    watch(config, RenderOptions(output_dir=tmp_path / "out"), wait=wait, rounds=3)
    err = capsys.readouterr().err
    assert fake_render == ["row_view", "row_view"], "the bad save renders nothing"
    assert f"{config}:3:9: vector: it has 1 entry but the matrix has 2 columns" in err
    assert waited[0] == {config.resolve()}
    assert "stopped watching" in err


def test_watch_missing_config_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["watch", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "does not exist" in result.output


class Lines:
    """A process's stderr, read line by line on a thread, so a wait can time out."""

    def __init__(self, stream: Any) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def until(self, needle: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {needle!r} in:\n" + "".join(self.seen)) from None
            if line is None:
                raise AssertionError("watch ended early:\n" + "".join(self.seen))
            self.seen.append(line)
            if needle in line:
                return

    def rest(self) -> str:
        lines = []
        while (line := self._queue.get(timeout=30)) is not None:
            lines.append(line)
        self.seen += lines
        return "".join(lines)


@pytest.mark.render
def test_watch_in_a_subprocess(tmp_path: Path) -> None:
    config = write(tmp_path, "tiny.yaml", TINY)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mnemo_anim",
            "watch",
            str(config),
            "-f",
            "storyboard",
            "-o",
            str(out),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    lines = Lines(process.stderr)
    try:
        lines.until("watching")
        first = (out / "row_view.storyboard.png").stat().st_mtime_ns
        config.write_text(TINY.replace("[[2]]", "[[5]]"), encoding="utf-8")
        lines.until("done row_view")
        lines.until("watching")
        assert (out / "row_view.storyboard.png").stat().st_mtime_ns > first, "a second render"
        config.write_text(TINY.replace("[[2]]", "[[5, 1]]"), encoding="utf-8")
        lines.until("vector:")
        assert any(f"{config}:3:9: vector:" in line for line in lines.seen), lines.seen
        lines.until("watching")
        assert process.poll() is None, "still watching after a bad save"
        config.write_text(TINY.replace("speed: 4", "speed: 3"), encoding="utf-8")
        lines.until("rendering row_view")
        time.sleep(0.3)  # mid-render
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        rest = lines.rest()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, "".join(lines.seen)
    assert "Traceback" not in rest
    assert [
        p.name for p in out.iterdir() if "partial" in p.name or p.name.startswith(".mnemo")
    ] == []
    cache_dir = Path(os.environ["MNEMO_ANIM_CACHE"])
    assert [p.name for p in (cache_dir / "staging").glob("*partial*")] == []
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "manifest.json",
        "row_view.storyboard.png",
    ]

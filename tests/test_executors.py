"""Executors: failure isolation, fail-fast, one job per process, dead workers, and real Dask.

The scripted work function lives at module level so worker processes (spawned, or Dask's) can
import it. What it does depends on the job's name: ``bad*`` raises a render error, ``boom*``
an unexpected exception, ``die*`` kills its worker once, ``flaky*`` fails once with an
``OSError``, ``slow*`` takes a while; anything else writes a small file, or renders for real.
"""

from __future__ import annotations

import functools
import json
import os
import time
from pathlib import Path

import av
import pytest

from mnemo_anim.config.batch import PlannedJob
from mnemo_anim.config.models import AnyJob, RowViewJob
from mnemo_anim.errors import RenderError
from mnemo_anim.render.batch import run_batch
from mnemo_anim.render.encode import Probe
from mnemo_anim.render.executors import (
    DaskExecutor,
    LocalExecutor,
    Outcome,
    SerialExecutor,
    Task,
    make_executor,
    worker_problems,
)
from mnemo_anim.render.manifest import read_manifest
from mnemo_anim.render.runner import RenderResult


def scripted(log_dir: str, real: bool, job: AnyJob, output_dir: Path) -> RenderResult:
    name = job.output_name
    log = Path(log_dir)
    attempt = len(list(log.glob(f"{name}.attempt*"))) + 1
    started = time.time()
    (log / f"{name}.attempt{attempt}").write_text(str(os.getpid()))
    if name.startswith("bad"):
        raise RenderError(f"{name} failed to render: scripted")
    if name.startswith("boom"):
        raise ValueError("not a render error")
    if name.startswith("die") and attempt == 1:
        os._exit(3)
    if name.startswith("flaky") and attempt == 1:
        raise OSError("transient: disk hiccup")
    if name.startswith("slow"):
        time.sleep(0.6)
    if real:
        from mnemo_anim.render.runner import render_job

        result = render_job(job, output_dir)
    else:
        output_dir.mkdir(parents=True, exist_ok=True)
        target = output_dir / f"{name}.mp4"
        target.write_bytes(b"fake " + name.encode())
        result = RenderResult(target, Probe("h264", None, "yuv420p", 2, 2, 24.0, 1, 0.1), 0.01)
    span = {"pid": os.getpid(), "start": started, "end": time.time()}
    (log / f"{name}.span").write_text(json.dumps(span))
    return result


class Recorder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.notes: list[str] = []

    def started(self, name: str) -> None:
        self.names.append(name)

    def note(self, message: str) -> None:
        self.notes.append(message)


def tasks(*names: str) -> list[Task]:
    return [Task(n, RowViewJob.model_validate({"render": {"name": n}})) for n in names]


def outcomes(executor: LocalExecutor, todo: list[Task], out: Path) -> dict[str, Outcome]:
    events = Recorder()
    found = {o.name: o for o in executor.run(todo, out, fail_fast=False, events=events)}
    assert sorted(events.names) == sorted(t.name for t in todo)  # each started once
    return found


def test_local_pool_isolates_failures(tmp_path: Path) -> None:
    work = functools.partial(scripted, str(tmp_path), False)
    out = tmp_path / "out"
    found = outcomes(LocalExecutor(2, work), tasks("ok1", "bad", "boom", "ok2"), out)
    assert {n: o.ok for n, o in found.items()} == {
        "ok1": True,
        "bad": False,
        "boom": False,
        "ok2": True,
    }
    assert found["bad"].error == "bad failed to render: scripted"
    assert found["boom"].error == "ValueError: not a render error"
    assert sorted(p.name for p in out.iterdir()) == ["ok1.mp4", "ok2.mp4"]
    assert found["ok1"].file == "ok1.mp4" and found["ok1"].probe["codec"] == "h264"


def test_one_job_per_process_at_a_time_in_long_lived_workers(tmp_path: Path) -> None:
    work = functools.partial(scripted, str(tmp_path), False)
    names = ("slow1", "slow2", "slow3", "slow4")
    outcomes(LocalExecutor(2, work), tasks(*names), tmp_path / "out")
    spans = [json.loads((tmp_path / f"{n}.span").read_text()) for n in names]
    assert len({s["pid"] for s in spans}) == 2  # 4 jobs, 2 workers, reused
    assert os.getpid() not in {s["pid"] for s in spans}
    for a in spans:
        for b in spans:
            if a is not b and a["pid"] == b["pid"]:
                assert a["end"] <= b["start"] or b["end"] <= a["start"]
    assert max(s["start"] for s in spans[:2]) < min(s["end"] for s in spans[:2])  # parallel


def test_one_job_or_one_worker_runs_in_this_process(tmp_path: Path) -> None:
    work = functools.partial(scripted, str(tmp_path), False)
    outcomes(LocalExecutor(4, work), tasks("only"), tmp_path / "out")
    outcomes(LocalExecutor(1, work), tasks("one", "two"), tmp_path / "out")
    pids = {json.loads((tmp_path / f"{n}.span").read_text())["pid"] for n in ("only", "one", "two")}
    assert pids == {os.getpid()}


@pytest.mark.parametrize("workers", [1, 2], ids=["serial", "pool"])
def test_fail_fast_hands_out_no_more_work(tmp_path: Path, workers: int) -> None:
    work = functools.partial(scripted, str(tmp_path), False)
    todo = tasks("bad", "slow", "late1", "late2", "late3")
    found = list(
        LocalExecutor(workers, work).run(todo, tmp_path / "out", fail_fast=True, events=Recorder())
    )
    ran = {o.name for o in found}
    assert "bad" in ran and not ran & {"late1", "late2", "late3"}
    assert not (tmp_path / "late1.attempt1").exists()


def test_a_dead_worker_is_replaced_and_its_job_retried_once(tmp_path: Path) -> None:
    work = functools.partial(scripted, str(tmp_path), False)
    events = Recorder()
    found = {
        o.name: o
        for o in LocalExecutor(2, work).run(
            tasks("die", "ok"), tmp_path / "out", fail_fast=False, events=events
        )
    }
    assert found["die"].ok and found["ok"].ok
    assert (tmp_path / "die.attempt2").exists()
    assert any("worker process died" in note for note in events.notes)


def test_serial_executor_stops_on_failure_when_asked(tmp_path: Path) -> None:
    work = functools.partial(scripted, str(tmp_path), False)
    ran = [
        o.name
        for o in SerialExecutor(work).run(
            tasks("ok", "bad", "never"), tmp_path / "out", fail_fast=True, events=Recorder()
        )
    ]
    assert ran == ["ok", "bad"]


def test_make_executor() -> None:
    assert isinstance(make_executor("local", 3), LocalExecutor)
    dask = make_executor("dask", 2, "tcp://example:8786")
    assert isinstance(dask, DaskExecutor) and dask.scheduler == "tcp://example:8786"


# --- Dask ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> object:
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as running:
        yield running


def tiny(name: str) -> PlannedJob:
    job = RowViewJob.model_validate(
        {
            "matrix": [[2]],
            "vector": [3],
            "timing": {"speed": 4},
            "render": {"quality": "preview", "name": name},
        }
    )
    return PlannedJob(name, job, f"test {name}")


@pytest.mark.slow
@pytest.mark.render
def test_dask_cluster_renders_retries_and_isolates_failures(
    tmp_path: Path, cluster: object
) -> None:
    log = tmp_path / "log"
    log.mkdir()
    out = tmp_path / "out"
    work = functools.partial(scripted, str(log), True)
    executor = DaskExecutor(cluster.scheduler_address, 2, work=work)  # type: ignore[attr-defined]
    planned = [tiny("flaky"), tiny("bad"), tiny("die")]
    reports = {r.name: r for r in run_batch(planned, out, executor)}

    assert reports["flaky"].status == "rendered"
    assert (log / "flaky.attempt2").exists()  # the transient error was retried by Dask
    assert reports["die"].status == "rendered"
    assert (log / "die.attempt2").exists()  # the lost worker's task was rescheduled
    assert reports["bad"].status == "failed"
    assert reports["bad"].error == "bad failed to render: scripted"
    # A render error is final: "bad" runs again only when the worker it ran on died (with
    # "die", whose process exits) before its error reached the scheduler.
    bad = sorted(p.read_text() for p in log.glob("bad.attempt*"))
    assert len(bad) == 1 or (
        len(bad) == 2 and (log / "bad.attempt1").read_text() == (log / "die.attempt1").read_text()
    ), bad

    # The files came back as bytes and were written here, whole, with nothing else.
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "die.mp4",
        "flaky.mp4",
        "manifest.json",
    ]
    with av.open(str(out / "flaky.mp4")) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
    entries = read_manifest(out)
    assert entries["flaky"]["status"] == "rendered"
    assert entries["flaky"]["resolution"] == "854x480"
    assert entries["flaky"]["size"] == (out / "flaky.mp4").stat().st_size
    assert entries["bad"]["status"] == "failed"
    # Rendered on the cluster's worker processes, not here.
    pids = {json.loads((log / f"{n}.span").read_text())["pid"] for n in ("flaky", "die")}
    assert os.getpid() not in pids


@pytest.mark.slow
def test_dask_refuses_an_unreachable_scheduler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    import mnemo_anim.render.executors as executors

    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT", 1.0)
    executor = DaskExecutor("tcp://127.0.0.1:9", 1)
    with pytest.raises(RenderError, match="cannot reach the Dask scheduler"):
        list(executor.run(tasks("x"), tmp_path, fail_fast=False, events=Recorder()))


@pytest.mark.slow
def test_dask_without_scheduler_starts_a_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    work = functools.partial(scripted, str(tmp_path), False)
    events = Recorder()
    out = tmp_path / "out"
    found = {
        o.name: o
        for o in DaskExecutor(None, 2, work=work).run(
            tasks("one", "two"), out, fail_fast=False, events=events
        )
    }
    assert found["one"].ok and found["two"].ok
    assert (out / "one.mp4").read_bytes() == b"fake one"
    assert events.notes[0] == "starting a local Dask cluster: 2 processes, 1 thread each"


def test_workers_that_differ_from_this_machine_are_named() -> None:
    mine = {"mnemo_anim": "0.1.0", "code": "a" * 64, "manim": "0.22.0", "typst": "0.15.2"}
    facts = {
        "tcp://w1:1": dict(mine),
        "tcp://w2:1": {**mine, "code": "b" * 64},
        "tcp://w3:1": {**mine, "manim": "0.19.0", "typst": "0.14.0"},
    }
    assert worker_problems(facts, mine) == [
        f"tcp://w2:1 runs other mnemo-anim source (digest {'b' * 12}, here {'a' * 12})",
        "tcp://w3:1 has manim 0.19.0 (here: 0.22.0)",
        "tcp://w3:1 has typst 0.14.0 (here: 0.15.2)",
    ]

"""Where jobs run: in this process, in a local process pool, or on a Dask cluster.

Manim's config is process-global and Manim is not thread-safe, so every executor runs at most one
job per process at a time. Workers live as long as the batch and render many jobs each, so they
import Manim once.

Each executor's ``run`` yields one :class:`Outcome` per task as tasks finish. A job that fails
yields a failed outcome and the others go on (unless ``fail_fast``); Ctrl-C (or closing the
generator) stops the workers, which remove their temporary files on the way out. Finished files
stay, since the runner only ever moves complete files into place.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import signal
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mnemo_anim import files
from mnemo_anim.config.models import AnyJob
from mnemo_anim.errors import MnemoError, RenderError
from mnemo_anim.render.ticks import Send, Ticker

if TYPE_CHECKING:
    from mnemo_anim.render.runner import RenderResult

# What ``run`` returns: outcomes as tasks finish; closing it stops the work.
Outcomes = Generator["Outcome", None, None]
# Renders one job into a folder; the default is ``mnemo_anim.render.deliverables.render_any``.
Work = Callable[[AnyJob, Path], "RenderResult"]

# How often Dask re-runs a task that raised something unexpected (a full disk on one worker, a
# worker lost mid-render is rescheduled by the scheduler itself). Render errors are not retried:
# the same job would fail the same way.
DASK_RETRIES = 2
DASK_CONNECT_TIMEOUT = 10.0
_DIED = "its worker process died twice (killed, or out of memory?)"
DASK_WORKER_WAIT = 60.0
POLL_PROGRESS = 0.5  # how often the progress relay looks whether it was closed


@dataclass(frozen=True)
class Task:
    """One job to run, under its unique output name."""

    name: str
    job: AnyJob


@dataclass(frozen=True)
class Outcome:
    """What became of one task.

    Attributes
    ----------
    name
        The task's name.
    ok
        Whether the file was written.
    seconds
        Time the render took (on whichever machine ran it).
    file
        The main file's name inside the output folder, when ``ok``.
    probe
        What a decoder saw in the file (``Probe.as_dict()``), when ``ok``.
    error
        Why it failed, when not ``ok``.
    warnings
        What the renderer warned about (shown by the parent, wherever the job ran).
    """

    name: str
    ok: bool
    seconds: float
    file: str | None = None
    probe: dict[str, Any] | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


class Events(Protocol):
    """What executors tell the user while they work."""

    def started(self, name: str) -> None:
        """A task was handed to a worker."""

    def note(self, message: str) -> None:
        """Something worth knowing (a worker restarted, a cluster warning)."""


def _progress_sender(events: Events, name: str) -> Send | None:
    """Where task ``name``'s in-render progress goes: the events' ``progress(name, kind, args)``
    (see :mod:`mnemo_anim.render.ticks`), when they take it."""
    progress = getattr(events, "progress", None)
    if progress is None:
        return None
    return functools.partial(progress, name)


def _wants_total(events: Events) -> bool:
    return bool(getattr(events, "wants_total", False))


class Executor(Protocol):
    """Runs tasks and yields their outcomes as they finish."""

    def run(
        self, tasks: Sequence[Task], output_dir: Path, *, fail_fast: bool, events: Events
    ) -> Outcomes:
        """Run ``tasks``, writing into ``output_dir``; stop handing out work after a failure
        when ``fail_fast``."""
        ...


def render_one(
    name: str,
    job: AnyJob,
    output_dir: Path,
    work: Work | None = None,
    *,
    catch_all: bool = True,
    send: Send | None = None,
    want_total: bool = False,
) -> Outcome:
    """Render one job and describe the result; render errors become a failed outcome.

    With ``catch_all`` unexpected exceptions also become failed outcomes (one bad job must not
    stop a batch); without it they propagate, so Dask can retry them. ``send`` receives the
    render's progress events (frames, steps; with ``want_total`` the frame total first).
    """
    started = time.perf_counter()
    warnings: list[str] = []
    try:
        if work is None:
            # imports Manim: only once there is work
            from mnemo_anim.render.deliverables import render_any

            render = render_any
            # Collect warnings to show them here, wherever the job ran (a stand-in renderer,
            # e.g. in tests, may not take the argument).
            parameters = inspect.signature(render).parameters
            if "warn" in parameters:
                render = functools.partial(render, warn=warnings.append)
            if send is not None and "ticker" in parameters:
                ticker = Ticker(send, want_total=want_total, steps=job.steps())
                render = functools.partial(render, ticker=ticker)
            result = render(job, output_dir)
        else:
            result = work(job, output_dir)
    except MnemoError as error:
        seconds = time.perf_counter() - started
        return Outcome(name, False, seconds, error=error.message, warnings=tuple(warnings))
    except Exception as error:
        if not catch_all:
            raise
        return Outcome(
            name,
            False,
            time.perf_counter() - started,
            error=f"{type(error).__name__}: {error}",
            warnings=tuple(warnings),
        )
    probe = result.probe.as_dict()
    return Outcome(
        name, True, result.seconds, _relative(result.path, output_dir), probe, None, tuple(warnings)
    )


def _relative(path: Path, folder: Path) -> str:
    """``path`` inside ``folder`` as a relative POSIX path (``<name>_slides/index.html``)."""
    try:
        return Path(path).resolve().relative_to(Path(folder).resolve()).as_posix()
    except ValueError:
        return Path(path).name


# --- in this process ---------------------------------------------------------------------------


class SerialExecutor:
    """One job after another in this process (``--jobs 1``, or a single job to render)."""

    def __init__(self, work: Work | None = None) -> None:
        self.work = work

    def run(
        self, tasks: Sequence[Task], output_dir: Path, *, fail_fast: bool, events: Events
    ) -> Outcomes:
        for task in tasks:
            events.started(task.name)
            outcome = render_one(
                task.name,
                task.job,
                output_dir,
                self.work,
                send=_progress_sender(events, task.name),
                want_total=_wants_total(events),
            )
            yield outcome
            if fail_fast and not outcome.ok:
                return


# --- local process pool ------------------------------------------------------------------------

_busy = False
# Set in each worker: where its renders' progress events go (a queue read by the parent), and
# whether the parent shows frame bars.
_progress: Any = None
_want_total = False


def _init_worker(progress: Any = None, want_total: bool = False) -> None:
    global _progress, _want_total
    _progress, _want_total = progress, want_total
    # The parent owns Ctrl-C: it stops handing out work and terminates the workers, whose
    # SIGTERM handler then cleans up like an interrupted render would.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_terminate)
    sys.unraisablehook = _quiet_interrupts
    # Manim's progress bars (tqdm) would create a cross-process lock, registered with the
    # resource tracker; a worker ended mid-render never unregisters it and Python warns about
    # "leaked semaphore objects" at exit. A worker draws no bars, so a thread lock does.
    with contextlib.suppress(ImportError):
        from tqdm import tqdm

        tqdm.set_lock(threading.RLock())


def _quiet_interrupts(unraisable: Any) -> None:
    # The interrupt can land in a destructor, where Python prints and drops it; the parent then
    # signals again (see _stop), so say nothing here.
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def _on_terminate(signum: int, frame: object) -> None:
    if _busy:
        raise KeyboardInterrupt  # unwinds the render: temp media and partial files are removed
    os._exit(128 + signum)


def _queue_sender(name: str) -> Send | None:
    queue = _progress
    if queue is None:
        return None

    def send(kind: str, args: tuple[Any, ...]) -> None:
        # Progress is best effort: a full or closed queue must never fail a render.
        with contextlib.suppress(Exception):
            queue.put_nowait((name, kind, args))

    return send


def _pool_render(name: str, job: AnyJob, output_dir: Path, work: Work | None) -> Outcome:
    global _busy
    _busy = True
    try:
        return render_one(
            name, job, output_dir, work, send=_queue_sender(name), want_total=_want_total
        )
    except KeyboardInterrupt:
        os._exit(128 + signal.SIGTERM)  # cleaned up; leave without a traceback
    finally:
        _busy = False


class LocalExecutor:
    """A pool of ``workers`` processes on this machine, each rendering one job at a time.

    Processes are started with ``spawn`` (no state copied from the parent, same on every OS)
    and live for the whole batch, so each imports Manim once. At most ``workers`` tasks are
    handed out at a time, so what is reported as running is running, and Ctrl-C has nothing
    queued to cancel. A worker that dies (killed, out of memory) breaks the pool; the pool is
    rebuilt and the jobs it was running are tried once more.
    """

    def __init__(self, workers: int, work: Work | None = None) -> None:
        self.workers = max(1, workers)
        self.work = work

    def run(
        self, tasks: Sequence[Task], output_dir: Path, *, fail_fast: bool, events: Events
    ) -> Outcomes:
        size = min(self.workers, len(tasks))
        if size <= 1:
            yield from SerialExecutor(self.work).run(
                tasks, output_dir, fail_fast=fail_fast, events=events
            )
            return
        pending = deque(tasks)
        workers = _Workers(size, output_dir, self.work, events)
        try:
            while pending or workers.running:
                workers.fill(pending)
                for outcome in workers.finished(pending):
                    yield outcome
                    if fail_fast and not outcome.ok:
                        pending.clear()
        except BaseException:
            _stop(workers.pool)
            workers.progress.close()
            raise
        workers.pool.shutdown(wait=True)
        workers.progress.close()


class _Workers:
    """The process pool of one :class:`LocalExecutor` run, rebuilt when a worker dies."""

    def __init__(self, size: int, output_dir: Path, work: Work | None, events: Events) -> None:
        import multiprocessing

        self.size = size
        self.output_dir = output_dir
        self.work = work
        self.events = events
        self.context = multiprocessing.get_context("spawn")
        self.tries: dict[str, int] = {}
        self.running: dict[Future[Outcome], Task] = {}
        self.progress = _ProgressRelay(self.context, events)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.size,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(self.progress.queue, _wants_total(self.events)),
        )

    def fill(self, pending: deque[Task]) -> None:
        """Hand out tasks from ``pending`` until every worker has one."""
        while pending and len(self.running) < self.size:
            task = pending.popleft()
            self.tries[task.name] = self.tries.get(task.name, 0) + 1
            future = self.pool.submit(_pool_render, task.name, task.job, self.output_dir, self.work)
            self.running[future] = task
            self.events.started(task.name)

    def finished(self, pending: deque[Task]) -> list[Outcome]:
        """Wait for at least one task to end and return the outcomes.

        A dead worker breaks the pool and loses every task it held: those are put back on
        ``pending`` to be tried once more in a new pool (a second loss is a failure).
        """
        done, _ = wait(self.running, return_when=FIRST_COMPLETED)
        outcomes: list[Outcome] = []
        broken = False
        for future in done:
            task = self.running.pop(future)
            try:
                outcomes.append(future.result())
            except BrokenProcessPool:
                broken = True
                outcomes += self._retry(task, pending)
        if broken:
            for task in self.running.values():
                outcomes += self._retry(task, pending)
            self.running.clear()
            _stop(self.pool)
            self.events.note("a worker process died; restarting the pool")
            self.pool = self._new_pool()
        return outcomes

    def _retry(self, task: Task, pending: deque[Task]) -> list[Outcome]:
        if self.tries[task.name] < 2:
            pending.appendleft(task)
            return []
        return [Outcome(task.name, False, 0.0, error=_DIED)]


class _ProgressRelay:
    """A queue the workers put progress events on, and a thread here that hands them to the
    events' ``progress`` (absent: no queue, the workers send nothing)."""

    def __init__(self, context: Any, events: Events) -> None:
        self.events = events
        self.queue: Any = None
        self._thread: threading.Thread | None = None
        if getattr(events, "progress", None) is None:
            return
        self.queue = context.Queue()
        self._thread = threading.Thread(target=self._relay, name="mnemo-progress", daemon=True)
        self._thread.start()

    def _relay(self) -> None:
        import queue as queue_module

        while True:
            try:
                item = self.queue.get(timeout=POLL_PROGRESS)
            except queue_module.Empty:
                continue
            except (EOFError, OSError, ValueError):
                return  # closed
            if item is None:
                return
            name, kind, args = item
            with contextlib.suppress(Exception):
                self.events.progress(name, kind, args)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Stop the relay thread and release the queue."""
        if self.queue is None or self._thread is None:
            return
        with contextlib.suppress(Exception):
            self.queue.put(None)
        self._thread.join(timeout=2)
        with contextlib.suppress(Exception):
            self.queue.close()
            self.queue.join_thread()
        self._thread = None


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers, letting each clean up its temporary files, then the pool itself."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    deadline = time.monotonic() + 20
    # SIGTERM unwinds a render (see _on_terminate). An interrupt that lands in a destructor is
    # dropped by Python, so keep asking until the worker is gone; SIGKILL as the last resort.
    while any(p.is_alive() for p in processes) and time.monotonic() < deadline:
        for process in processes:
            if process.is_alive():
                with contextlib.suppress(Exception):
                    process.terminate()
        for process in processes:
            process.join(timeout=0.5)
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
    # With its workers gone the pool's manager thread fails what is left and ends; waiting for
    # it releases the pool's queues (no leaked semaphores at exit).
    pool.shutdown(wait=True, cancel_futures=True)


# --- Dask --------------------------------------------------------------------------------------

# Manim is not thread-safe: even on a worker started with several threads, one render at a time
# per process.
_RENDER_LOCK = threading.Lock()


def _dask_render(name: str, job: AnyJob, work: Work | None) -> tuple[Outcome, dict[str, bytes]]:
    """Runs on a worker: render into a private folder and return every file's bytes.

    Keys are paths relative to the folder (``row_view.mp4``, ``row_view_sections/01-x.mp4``).
    """
    with _RENDER_LOCK, files.work_dir("out-") as folder:
        outcome = render_one(name, job, folder, work, catch_all=False)
        found = (
            {
                p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*"))
                if p.is_file()
            }
            if outcome.ok
            else {}
        )
        return outcome, found


def _worker_facts() -> dict[str, Any]:
    """Runs on each worker: what it has installed."""
    from mnemo_anim import __version__
    from mnemo_anim.render.cache import code_digest, manim_version, typst_version

    return {
        "mnemo_anim": __version__,
        "code": code_digest(),
        "manim": manim_version(),
        "typst": typst_version(),
    }


def worker_problems(facts: dict[str, dict[str, Any]], mine: dict[str, Any]) -> list[str]:
    """How each worker (``address → _worker_facts()``) differs from this machine."""
    problems = []
    for address, theirs in sorted(facts.items()):
        for key in ("mnemo_anim", "manim", "typst"):
            if theirs[key] != mine[key]:
                problems.append(f"{address} has {key} {theirs[key]} (here: {mine[key]})")
        if theirs["code"] != mine["code"]:
            problems.append(
                f"{address} runs other mnemo-anim source (digest {theirs['code'][:12]}, "
                f"here {mine['code'][:12]})"
            )
    return problems


class DaskExecutor:
    """Jobs on a Dask distributed cluster; the files come back as bytes and are written here.

    With ``scheduler`` (``tcp://host:8786``) it connects to a running cluster; without, it starts
    a ``LocalCluster`` of ``workers`` processes with one thread each. No shared file system is
    needed: a worker renders into its own temporary folder and returns the bytes, and this
    process moves them into ``output_dir`` atomically.
    """

    def __init__(
        self,
        scheduler: str | None,
        workers: int,
        *,
        retries: int = DASK_RETRIES,
        work: Work | None = None,
    ) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.retries = retries
        self.work = work

    def run(
        self, tasks: Sequence[Task], output_dir: Path, *, fail_fast: bool, events: Events
    ) -> Outcomes:
        try:
            from distributed import as_completed
        except ImportError as error:
            raise RenderError(
                "--executor dask needs Dask distributed: pip install 'mnemo-anim[dask]'"
            ) from error
        with self._client(events) as client:
            self._check_workers(client, events)
            by_key: dict[str, Task] = {}
            futures = []
            for task in tasks:
                future = client.submit(
                    _dask_render,
                    task.name,
                    task.job,
                    self.work,
                    key=f"mnemo-{task.name}-{uuid.uuid4().hex[:8]}",
                    pure=False,
                    retries=self.retries,
                )
                by_key[future.key] = task
                futures.append(future)
                events.started(task.name)
            try:
                for future in as_completed(futures):
                    task = by_key[future.key]
                    try:
                        outcome, found = future.result()
                    except Exception as error:
                        outcome, found = _dask_failure(task, error), {}
                    if outcome.ok:
                        outcome = _write_files(outcome, found, output_dir)
                    yield outcome
                    if fail_fast and not outcome.ok:
                        client.cancel([f for f in futures if not f.done()])
                        return
            except BaseException:
                with contextlib.suppress(Exception):
                    client.cancel(futures)
                raise

    @contextlib.contextmanager
    def _client(self, events: Events) -> Iterator[Any]:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler is None:
            events.note(f"starting a local Dask cluster: {self.workers} processes, 1 thread each")
            with (
                LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: never clash with a running dashboard
                    silence_logs=logging.ERROR,
                ) as cluster,
                Client(cluster) as client,
            ):
                yield client
            return
        try:
            client = Client(self.scheduler, timeout=DASK_CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise RenderError(
                f"cannot reach the Dask scheduler at {self.scheduler}: {error}; start one with "
                "`dask scheduler` and check the address"
            ) from error
        with client:
            yield client

    def _check_workers(self, client: Any, events: Events) -> None:
        try:
            client.wait_for_workers(1, timeout=DASK_WORKER_WAIT)
        except (TimeoutError, OSError) as error:
            raise RenderError(
                f"no Dask worker joined {self.scheduler} within {DASK_WORKER_WAIT:.0f} s; start "
                "some with `dask worker ADDRESS --nworkers N --nthreads 1`"
            ) from error
        try:
            facts: dict[str, dict[str, Any]] = client.run(_worker_facts)
        except Exception as error:
            raise RenderError(
                f"the Dask workers cannot run mnemo-anim ({type(error).__name__}: {error}); "
                "install the same mnemo-anim on every worker machine (`make setup`)"
            ) from error
        problems = worker_problems(facts, _worker_facts())
        if problems:
            raise RenderError(
                "the Dask workers differ from this machine, so their videos would not match "
                "the cache: " + "; ".join(problems)
            )
        threads = {
            address: info.get("nthreads", 1)
            for address, info in client.scheduler_info().get("workers", {}).items()
        }
        many = sorted(address for address, n in threads.items() if n > 1)
        if many:
            events.note(
                f"{len(many)} Dask worker(s) have more than one thread; Manim is not thread-safe, "
                "so each renders one job at a time (start workers with --nthreads 1)"
            )


def _dask_failure(task: Task, error: BaseException) -> Outcome:
    kind = type(error).__name__
    if kind == "KilledWorker":
        reason = "it killed its Dask worker repeatedly (out of memory?)"
    elif kind in {"CancelledError", "FutureCancelledError"}:
        reason = "cancelled by the Dask cluster"
    else:
        reason = f"{kind}: {error} (after {DASK_RETRIES} retries)"
    return Outcome(task.name, False, 0.0, error=reason)


def _write_files(outcome: Outcome, found: dict[str, bytes], output_dir: Path) -> Outcome:
    """Place a worker's files in ``output_dir`` atomically (no shared file system needed).

    Files appear with one atomic rename each; a folder (``<name>_sections/``) is assembled in
    staging and swapped in as a whole.
    """
    output_dir = Path(output_dir)
    if outcome.file not in found:
        return Outcome(outcome.name, False, outcome.seconds, error="the worker returned no file")
    folders: dict[str, dict[str, bytes]] = {}
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for relative, data in found.items():
            top, _, rest = relative.partition("/")
            if rest:
                folders.setdefault(top, {})[rest] = data
            else:
                files.write_atomic(output_dir / top, data)
        for top, content in folders.items():
            with files.atomic_dir(output_dir / top) as staging:
                for rest, data in content.items():
                    (staging / rest).parent.mkdir(parents=True, exist_ok=True)
                    (staging / rest).write_bytes(data)
    except OSError as error:
        return Outcome(
            outcome.name, False, outcome.seconds, error=f"cannot write into {output_dir}: {error}"
        )
    return outcome


def make_executor(
    kind: str, jobs: int, scheduler: str | None = None, work: Work | None = None
) -> Executor:
    """The executor the CLI's ``--executor``, ``--jobs`` and ``--scheduler`` ask for."""
    if kind == "dask":
        return DaskExecutor(scheduler, jobs, work=work)
    return LocalExecutor(jobs, work=work)


def default_jobs() -> int:
    """The CPUs this process may use (``--jobs`` default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1

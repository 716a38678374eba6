"""Run a command and measure it: wall time, CPU time, and peak memory of its process tree.

Memory is sampled every ``SAMPLE`` seconds over the whole tree (a render may fork a second
process): the peak of the summed PSS (shared pages counted once, split between the processes
sharing them) and of the summed RSS. Without psutil only the kernel's ``ru_maxrss`` (the largest
single process) is known.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SAMPLE = 0.05  # seconds between memory samples


@dataclass(frozen=True)
class Run:
    """One finished command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the command and every process it waited for
    peak_pss_mb: float | None  # peak summed PSS of the process tree
    peak_rss_mb: float | None  # peak summed RSS of the process tree
    maxrss_mb: float  # the kernel's ru_maxrss: the largest single process
    returncode: int
    stderr: str

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("stderr")
        return data


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.pss = 0.0
        self.rss = 0.0
        self.available = True

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            self.available = False
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.is_set():
            pss = rss = 0
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for process in processes:
                try:
                    info = process.memory_full_info()
                except psutil.Error:
                    continue
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
            self.pss = max(self.pss, pss / 2**20)
            self.rss = max(self.rss, rss / 2**20)
            self.stop.wait(SAMPLE)


def run(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800,
    memory: bool = True,
) -> Run:
    """Run ``command`` to completion and measure it (output is captured, not shown).

    ``memory=False`` leaves the memory sampler off: reading every process's page map 20 times a
    second costs CPU on the same cores, about 0.03 s on a command that takes 0.3 s.
    """
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        env=full_env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = _TreeSampler(proc.pid) if memory else None
    if sampler is not None:
        sampler.start()
    # Read stderr on a thread so a chatty command cannot block on a full pipe.
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    pss = rss = None
    if sampler is not None:
        sampler.stop.set()
        sampler.join()
        if sampler.available:
            pss, rss = sampler.pss, sampler.rss
    reader.join(timeout=5)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_pss_mb=pss,
        peak_rss_mb=rss,
        maxrss_mb=usage.ru_maxrss / 1024,
        returncode=proc.returncode,
        stderr="".join(chunks),
    )


def summary(runs: Sequence[Run]) -> dict[str, Any]:
    """Medians (and the spread of wall times) over ``runs``."""

    def med(values: Sequence[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return statistics.median(known) if known else None

    walls = [r.wall for r in runs]
    return {
        "runs": len(runs),
        "wall": med(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": med([r.cpu for r in runs]),
        "peak_pss_mb": med([r.peak_pss_mb for r in runs]),
        "peak_rss_mb": med([r.peak_rss_mb for r in runs]),
        "maxrss_mb": med([r.maxrss_mb for r in runs]),
    }


def load() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (how busy the machine was)."""
    return os.getloadavg()

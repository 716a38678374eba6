"""What a batch shows a person: progress on stderr, a results table (or the plan) on stdout.

On a terminal, stderr gets a live rich display: an overall bar, and for each running job a bar
of frames drawn against the frame total (known before the first frame from a dry run of the
timeline) with the time left and the step being drawn. Otherwise plain one-line events that
read well in CI logs, one per finished step. Rich is imported only for a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import click

from mnemo_anim.config.batch import PlannedJob
from mnemo_anim.render.batch import JobReport, Reporter, up_to_date
from mnemo_anim.render.cache import output_path


def make_reporter(planned: Sequence[PlannedJob], stream: IO[str] | None = None) -> Reporter:
    """A rich live display when ``stream`` (default stderr) is a terminal, plain lines if not."""
    stream = stream or sys.stderr
    if _is_terminal(stream):
        return RichReporter(planned, stream)
    return PlainReporter(planned, stream)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _detail(job: PlannedJob) -> str:
    geo = job.job.render.geometry()
    return f"{job.job.scene}, {geo.pixel_width}x{geo.pixel_height}@{geo.fps}"


class PlainReporter:
    """One line per event, e.g. ``[3/8] done row_view-9x16 (2.1 s)``, and one per finished step:
    ``[2/8] row_view-9x16: step 3/5 row 2``. No frame total is asked for (no dry run)."""

    wants_total = False

    def __init__(self, planned: Sequence[PlannedJob], stream: IO[str]) -> None:
        self.jobs = {p.name: p for p in planned}
        self.stream = stream
        self.total = 0
        self.done = 0

    def _line(self, text: str) -> None:
        click.echo(text, file=self.stream)

    def begin(self, total: int, cached: int) -> None:
        self.total, self.done = total, cached
        todo = total - cached
        self._line(f"{total} job(s): {cached} up to date, {todo} to render")

    def started(self, name: str) -> None:
        self._line(f"[{self.done}/{self.total}] rendering {name} ({_detail(self.jobs[name])})")

    def finished(self, report: JobReport) -> None:
        self.done += 1
        if report.status == "failed":
            self._line(f"[{self.done}/{self.total}] FAILED {report.name}: {report.error}")
        else:
            self._line(f"[{self.done}/{self.total}] done {report.name} ({report.seconds:.1f} s)")

    def note(self, message: str) -> None:
        self._line(f"note: {message}")

    def progress(self, name: str, kind: str, args: tuple[Any, ...]) -> None:
        if kind == "step":
            index, steps, step = args
            self._line(f"[{self.done}/{self.total}] {name}: step {index}/{steps} {step}")

    def end(self) -> None:
        pass


class RichReporter:
    """An overall progress bar, plus for each running job a bar of its frames with the time
    left and the current step."""

    wants_total = True  # the runner measures each job's frame total before its first frame

    def __init__(self, planned: Sequence[PlannedJob], stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.jobs = {p.name: p for p in planned}
        self.console = Console(file=stream)
        self.bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[step]}[/]"),
            console=self.console,
            transient=False,
        )
        self.overall: Any = None
        self.totals: dict[str, int] = {}
        self.running: dict[str, Any] = {}

    def begin(self, total: int, cached: int) -> None:
        self.bars.start()
        self.overall = self.bars.add_task(
            f"[bold]{total} jobs[/] ({cached} up to date)",
            total=total,
            completed=cached,
            count=f"{cached}/{total} jobs",
            step="",
        )
        self.jobs_total, self.jobs_done = total, cached

    def started(self, name: str) -> None:
        # No bar until the frame total is known (a second or two): never a bar out of "?".
        self.running[name] = self.bars.add_task(
            f"  {name} [dim]({_detail(self.jobs[name])})[/]",
            total=None,
            count="measuring",
            step="",
        )

    def progress(self, name: str, kind: str, args: tuple[Any, ...]) -> None:
        task = self.running.get(name)
        if task is None:  # an event that arrived after its job finished
            return
        if kind == "total":
            self.totals[name] = max(1, int(args[0]))
            self.bars.update(task, total=self.totals[name], count=f"0/{args[0]} frames")
        elif kind == "frames" and name in self.totals:
            done = min(int(args[0]), self.totals[name])
            self.bars.update(task, completed=done, count=f"{done}/{self.totals[name]} frames")
        elif kind == "step":
            index, steps, step = args
            self.bars.update(task, step=f"step {index}/{steps} {step}")

    def finished(self, report: JobReport) -> None:
        task = self.running.pop(report.name, None)
        if task is not None:
            self.bars.remove_task(task)
        self.jobs_done += 1
        self.bars.update(self.overall, advance=1, count=f"{self.jobs_done}/{self.jobs_total} jobs")
        if report.status == "failed":
            self.console.print(f"[red]FAILED[/] {report.name}: {report.error}", highlight=False)

    def note(self, message: str) -> None:
        self.console.print(f"[yellow]note:[/] {message}", highlight=False)

    def end(self) -> None:
        for task in self.running.values():
            self.bars.remove_task(task)
        self.running.clear()
        self.bars.stop()


def print_results(reports: Sequence[JobReport], stream: IO[str] | None = None) -> None:
    """The summary table (job, status, file, seconds), then why each failed job failed."""
    stream = stream or sys.stdout
    rows = [(r.name, r.status, str(r.file) if r.file else "-", f"{r.seconds:.1f}") for r in reports]
    if _is_terminal(stream):
        from rich.console import Console
        from rich.table import Table

        table = Table("job", "status", "file", "seconds", box=None, pad_edge=False)
        colours = {"rendered": "green", "cached": "cyan", "failed": "red", "cancelled": "yellow"}
        for name, status, file, seconds in rows:
            table.add_row(name, f"[{colours[status]}]{status}[/]", file, seconds)
        Console(file=stream).print(table)
    else:
        header = ("job", "status", "file", "seconds")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        for row in [header, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            click.echo("  ".join([*cells, row[3].rjust(7)]).rstrip(), file=stream)
    counts = {s: sum(r.status == s for r in reports) for s in ("rendered", "cached", "failed")}
    cancelled = sum(r.status == "cancelled" for r in reports)
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) + (
        f", {cancelled} cancelled" if cancelled else ""
    )
    click.echo(f"{len(reports)} job(s): {summary}", file=stream)
    for r in reports:
        if r.status == "failed":
            click.echo(f"failed {r.name} ({r.origin}): {r.error}", file=stream)


def print_plan(planned: Sequence[PlannedJob], output_dir: Path, *, force: bool) -> None:
    """One line per job (name, whether it would render, file, origin), then the counts."""
    fresh = set() if force else up_to_date(planned, output_dir)
    rows = [
        (
            p.name,
            "up to date" if p.name in fresh else "to render",
            str(output_path(output_dir, p.job)),
            p.origin,
        )
        for p in planned
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        click.echo("  ".join([*cells, row[3]]))
    todo = sum(p.name not in fresh for p in planned)
    click.echo(f"{len(planned)} job(s): {len(planned) - todo} up to date, {todo} to render")

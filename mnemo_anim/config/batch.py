"""Batch files: many videos from one YAML file, with defaults, per-job overrides and a matrix.

A batch file::

    defaults:                      # deep-merged into every job; a job's own values win
      render: {quality: high}
    matrix:                        # fan every job out over values, like a CI matrix
      render.aspect: ["16:9", "9:16"]
      exclude: [{scene: composition, render.aspect: "9:16"}]
      include: [{render.aspect: "9:16", render.fps: 30}]
    jobs:
      - config: row_view.yaml      # a config file, relative to this file ...
        timing: {speed: 2}         # ... plus overrides
      - scene: bias                # or a config written inline
      - column_view.yaml           # shorthand for {config: column_view.yaml}

Each job is layered, lowest first, from ``defaults:``, the referenced config, the job's own keys,
its matrix values, and the command line (flags, then ``--set``). Mappings merge key by key; any
other value replaces. Every value keeps the file and line it was written on, so a problem in
any job points at the batch file or at the referenced config, whichever holds the bad value.

Output names are ``<render.name or scene>-<value>-<value>…`` with one part per matrix value
(``row_view-9x16``); two jobs with one name are an error before anything renders.
"""

from __future__ import annotations

import difflib
import itertools
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mnemo_anim.config.loader import Override, Sourced, apply_overrides, as_overrides, validate
from mnemo_anim.config.models import AnyJob
from mnemo_anim.config.yamlread import Located, Mark, Path_, parse_yaml, read_text
from mnemo_anim.errors import ConfigError, Problem

MAX_JOBS = 10_000  # videos one batch file may make (after the matrix fans out)

BATCH_KEYS = ("defaults", "matrix", "jobs")
_RESERVED_MATRIX_KEYS = ("include", "exclude")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PlannedJob:
    """One video to make: its unique output name, the validated job, and where it came from.

    Attributes
    ----------
    name
        Output base name; the file is ``<name>.<render.format>`` in the output folder.
    job
        The fully resolved, validated job (its ``render.name`` equals ``name`` in batches).
    origin
        Human-readable origin, e.g. ``configs/lesson.yaml jobs[0] render.aspect=9:16``.
    """

    name: str
    job: AnyJob
    origin: str


def is_batch(data: Any) -> bool:
    """True when parsed YAML is a batch file (a mapping with ``jobs:``) rather than a config."""
    return isinstance(data, dict) and "jobs" in data and "scene" not in data


def load_batch(path: Path | str, overrides: Iterable[Override | str] = ()) -> list[PlannedJob]:
    """Expand a batch file into validated jobs with unique output names.

    Parameters
    ----------
    path
        The batch YAML file.
    overrides
        Applied to every job last (command-line flags and ``--set``); ``key.path=value`` texts
        are parsed like ``--set``.

    Returns
    -------
    list of PlannedJob
        In file order: jobs in the order written, each fanned out in matrix order.

    Raises
    ------
    ConfigError
        Listing every problem in the batch file and the configs it references, each located
        where the offending value was written.
    """
    path = Path(path)
    overrides = as_overrides(overrides)  # a malformed --set is reported once, not per job
    data, located = parse_yaml(read_text(path), str(path))
    planned = _Expander(path, data, located, overrides).run()
    _check_names(planned)
    return [p.planned for p in planned]


def load_inputs(
    paths: Sequence[Path], overrides: Iterable[Override | str] = ()
) -> list[PlannedJob]:
    """Load configs and batch files (told apart by a top-level ``jobs:``) into one job list.

    Every file is read and every job validated before this returns; all problems in all files
    are raised together, and so are output names that two jobs share.
    """
    overrides = as_overrides(overrides)  # a malformed --set is reported once, not per job
    found: list[_Planned] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            data, located = parse_yaml(read_text(path), str(path))
            if is_batch(data):
                found += _Expander(path, data, located, overrides).run()
                continue
            if overrides:
                data = apply_overrides(data if isinstance(data, dict) else {}, located, overrides)
            job = validate(data, located)
        except ConfigError as error:
            problems += error.problems or [Problem(str(path), None, None, "", error.message)]
            continue
        found.append(_Planned(PlannedJob(job.output_name, job, str(path)), _name_problem(located)))
    if problems:
        raise ConfigError(_unique(problems))
    _check_names(found)
    return [p.planned for p in found]


# --- internals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Planned:
    planned: PlannedJob
    # Where to point when this job's name clashes: (message location factory).
    name_problem: Any


def _name_problem(located: Located) -> Any:
    def make(message: str) -> Problem:
        return located.problem(("render", "name"), message)

    return make


@dataclass(frozen=True)
class _Pick:
    """One ``key: value`` of a matrix combination, and where it was written."""

    key: str
    path: Path_
    value: Any
    prefix: Path_
    key_mark: Mark | None
    tag: str  # a name part for values that are not plain text or numbers (e.g. "matrix2")


@dataclass
class _Combo:
    picks: dict[str, _Pick] = field(default_factory=dict)
    named: list[str] = field(default_factory=list)  # keys that become parts of the name


@dataclass
class _Matrix:
    axes: list[tuple[str, Path_, list[_Pick]]] = field(default_factory=list)
    include: list[list[_Pick]] = field(default_factory=list)
    exclude: list[tuple[Path_, list[_Pick]]] = field(default_factory=list)


class _Expander:
    """Turns one parsed batch file into located, validated jobs."""

    def __init__(self, path: Path, data: Any, located: Located, overrides: list[Override]) -> None:
        self.path = path
        self.data = data
        self.located = located
        self.overrides = overrides
        self.problems: list[Problem] = list(located.problems)
        self.configs: dict[Path, tuple[Any, Located] | None] = {}
        self.excludes_used: set[int] = set()

    def run(self) -> list[_Planned]:
        data = self._top()
        defaults = self._defaults(data)
        matrix = self._matrix(data.get("matrix"))
        jobs = self._jobs(data)
        self._check_size(jobs, matrix)
        planned: list[_Planned] = []
        for index, entry in enumerate(jobs):
            planned += self._job(index, entry, defaults, matrix)
        for index, (where, _) in enumerate(matrix.exclude):
            if index not in self.excludes_used and jobs:
                self.problems.append(
                    self.located.problem(
                        where, "this exclude matches no job; check its keys and values"
                    )
                )
        if not planned and not self.problems:
            self.problems.append(
                self.located.problem(("jobs",), "every job was excluded; nothing to do")
            )
        if self.problems:
            raise ConfigError(_unique(self.problems))
        return planned

    def _top(self) -> dict[str, Any]:
        """The file's mapping, after checking it is a batch file and has only known keys."""
        located, data = self.located, self.data
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else f"the value {data!r}"
            raise ConfigError(
                [
                    located.problem(
                        (),
                        "a batch file is a mapping with jobs: (and optional defaults:, "
                        f"matrix:), not {kind}",
                    )
                ]
            )
        if "jobs" not in data:
            hint = (
                "this is a config, not a batch file; render it with `mnemo-anim render`"
                if "scene" in data
                else "list the videos to make, e.g. jobs: [{config: row_view.yaml}]"
            )
            raise ConfigError([*self.problems, located.problem((), f"'jobs:' is missing; {hint}")])
        for key in data:
            if key not in BATCH_KEYS:
                close = difflib.get_close_matches(str(key), BATCH_KEYS, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"known keys: {', '.join(BATCH_KEYS)}"
                )
                self.problems.append(located.problem((key,), f"unknown key; {hint}", key=True))
        return data

    def _defaults(self, data: dict[str, Any]) -> dict[str, Any]:
        defaults = data.get("defaults") or {}
        if isinstance(defaults, dict):
            return defaults
        self.problems.append(
            self.located.problem(("defaults",), "defaults: is a mapping of config fields")
        )
        return {}

    def _jobs(self, data: dict[str, Any]) -> list[Any]:
        jobs = data["jobs"]
        if isinstance(jobs, list) and jobs:
            return jobs
        self.problems.append(
            self.located.problem(
                ("jobs",), "jobs: is a non-empty list of configs or {config: file} entries"
            )
        )
        return []

    def _check_size(self, jobs: list[Any], matrix: _Matrix) -> None:
        # Count before expanding: a few long matrix axes multiply into billions of jobs.
        fan_out = math.prod(len(picks) for _, _, picks in matrix.axes) + len(matrix.include)
        count = len(jobs) * max(fan_out, 1)
        if count > MAX_JOBS:
            raise ConfigError(
                [
                    *self.problems,
                    self.located.problem(
                        ("matrix",) if matrix.axes else ("jobs",),
                        f"this batch makes {count:,} videos; the limit is "
                        f"{MAX_JOBS:,} per batch file: split it, or shorten the matrix",
                    ),
                ]
            )

    # --- matrix --------------------------------------------------------------------------------

    def _matrix(self, raw: Any) -> _Matrix:
        out = _Matrix()
        if raw is None:
            return out
        if not isinstance(raw, dict):
            self.problems.append(
                self.located.problem(
                    ("matrix",),
                    "matrix: maps field paths to lists of values, e.g. "
                    'render.aspect: ["16:9", "9:16"]',
                )
            )
            return out
        for key, values in raw.items():
            where: Path_ = ("matrix", key)
            if key in _RESERVED_MATRIX_KEYS:
                entries = self._entries(key, values)
                if key == "include":
                    out.include = [picks for _, picks in entries]
                else:
                    out.exclude = entries
                continue
            path = self._field_path(where, key)
            if path is None:
                continue
            if not isinstance(values, list) or not values:
                self.problems.append(
                    self.located.problem(
                        where, f"give a non-empty list of values, e.g. {key}: [a, b]"
                    )
                )
                continue
            mark = self.located.keys.get(where)
            picks = [
                _Pick(key, path, value, (*where, i), mark, f"{_last(path)}{i + 1}")
                for i, value in enumerate(values)
            ]
            out.axes.append((key, path, picks))
        return out

    def _entries(self, key: str, raw: Any) -> list[tuple[Path_, list[_Pick]]]:
        where: Path_ = ("matrix", key)
        if not isinstance(raw, list) or not all(isinstance(item, dict) and item for item in raw):
            self.problems.append(
                self.located.problem(
                    where,
                    f"{key}: is a list of mappings of field paths to values, "
                    'e.g. [{render.aspect: "9:16", style.theme: light}]',
                )
            )
            return []
        entries = []
        for i, item in enumerate(raw):
            picks = []
            for field_key, value in item.items():
                at: Path_ = (*where, i, field_key)
                path = self._field_path(at, field_key)
                if path is not None:
                    mark = self.located.keys.get(at)
                    picks.append(_Pick(field_key, path, value, at, mark, f"{key}{i + 1}"))
            entries.append(((*where, i), picks))
        return entries

    def _field_path(self, where: Path_, key: Any) -> Path_ | None:
        parts = tuple(part.strip() for part in str(key).split("."))
        if not isinstance(key, str) or not all(parts):
            self.problems.append(
                self.located.problem(
                    where, "write a field path such as render.aspect or style.theme", key=True
                )
            )
            return None
        return parts

    def _combos(self, data: Any, matrix: _Matrix) -> list[_Combo]:
        keys = [key for key, _, _ in matrix.axes]
        combos = (
            [
                _Combo({p.key: p for p in picks}, list(keys))
                for picks in itertools.product(*(picks for _, _, picks in matrix.axes))
            ]
            if matrix.axes
            else []  # include-only: each include entry is a job of its own, as in CI
        )
        # exclude first, then include (as CI matrices do); an exclude may also name any field
        # of the job itself, e.g. {scene: composition, render.aspect: "9:16"}.
        kept = []
        for combo in combos:
            resolved = {p.path: p.value for p in combo.picks.values()}
            hit = None
            for index, (_, picks) in enumerate(matrix.exclude):
                if all(_same(_value_at(data, resolved, p.path), p.value) for p in picks):
                    hit = index
                    break
            if hit is None:
                kept.append(combo)
            else:
                self.excludes_used.add(hit)
        originals = [dict(c.picks) for c in kept]
        for picks in matrix.include:
            matched = False
            for combo, original in zip(kept[: len(originals)], originals, strict=True):
                if all(
                    p.key not in original or _same(original[p.key].value, p.value) for p in picks
                ):
                    combo.picks.update({p.key: p for p in picks})
                    matched = True
            if not matched:
                kept.append(_Combo({p.key: p for p in picks}, [p.key for p in picks]))
        if not matrix.axes and not kept:
            kept.append(_Combo())
        return kept

    # --- jobs ----------------------------------------------------------------------------------

    def _job(
        self, index: int, entry: Any, defaults: dict[str, Any], matrix: _Matrix
    ) -> list[_Planned]:
        at: Path_ = ("jobs", index)
        located = self.located
        if isinstance(entry, str):
            entry_data: dict[str, Any] = {"config": entry}
            entry_located: Located = Sourced(located.source)
            entry_located.values[(*at, "config")] = located.values[at]
        elif isinstance(entry, dict):
            entry_data, entry_located = entry, located
        else:
            self.problems.append(
                located.problem(at, "a job is a config mapping or {config: file, …overrides}")
            )
            return []

        sourced = Sourced(located.source)
        data = sourced.layer({}, defaults, located, ("defaults",))
        if "config" in entry_data:
            loaded = self._config(entry_data["config"], entry_located, (*at, "config"))
            if loaded is None:
                return []
            config_data, config_located = loaded
            data = sourced.layer(data, config_data, config_located)
        own = {k: v for k, v in entry_data.items() if k != "config"}
        data = sourced.layer(data, own, entry_located, at)
        # The job's root points at its entry in the batch file ("scene is missing" lands there).
        sourced.values[()] = located.values[at]
        sourced.files[()] = located.source

        out = []
        for combo in self._combos(data, matrix):
            job_located = sourced.copy()
            job_data = data
            for pick in combo.picks.values():
                job_data = job_located.layer(
                    job_data, pick.value, located, pick.prefix, pick.path, key_mark=pick.key_mark
                )
            planned = self._finish(index, job_data, job_located, combo)
            if planned is not None:
                out.append(planned)
        return out

    def _finish(self, index: int, data: Any, located: Sourced, combo: _Combo) -> _Planned | None:
        try:
            if self.overrides:
                data = apply_overrides(data, located, self.overrides)
            name = _output_name(data, combo)
            if name is not None:
                data = {**data, "render": {**data.get("render", {}), "name": name}}
            job = validate(data, located)
        except ConfigError as error:
            self.problems += error.problems or [
                Problem(self.located.source, None, None, "", error.message)
            ]
            return None
        chosen = ", ".join(f"{p.key}={_show(p.value)}" for p in combo.picks.values())
        origin = f"{self.located.source} jobs[{index}]" + (f" {chosen}" if chosen else "")
        line, col = self.located.values.get(("jobs", index), (None, None))
        source = self.located.source

        def name_problem(message: str) -> Problem:
            return Problem(source, line, col, "render.name", message)

        return _Planned(PlannedJob(job.output_name, job, origin), name_problem)

    def _config(self, value: Any, located: Located, at: Path_) -> tuple[Any, Located] | None:
        if not isinstance(value, str) or not value.strip():
            self.problems.append(located.problem(at, "config: is the path of a config file"))
            return None
        target = Path(os.path.normpath(self.path.parent / value))
        key = target.resolve()
        if key == self.path.resolve():
            self.problems.append(
                located.problem(
                    at, "this is the batch file itself; point config: at a scene config"
                )
            )
            return None
        if key in self.configs:
            return self.configs[key]
        self.configs[key] = None
        try:
            text = read_text(target)
        except ConfigError as error:
            reason = error.problems[0].message if error.problems else error.message
            self.problems.append(located.problem(at, f"{reason}: {target}"))
            return None
        try:
            data, config_located = parse_yaml(text, str(target))
        except ConfigError as error:
            self.problems += error.problems
            return None
        self.problems += config_located.problems
        config_located.problems = []
        if is_batch(data):
            self.problems.append(
                located.problem(at, f"{target} is a batch file; config: must name a scene config")
            )
            return None
        if not isinstance(data, dict):
            self.problems.append(
                config_located.problem((), "a config is a mapping of keys (scene:, matrix:, …)")
            )
            return None
        self.configs[key] = (data, config_located)
        return data, config_located


def _output_name(data: Any, combo: _Combo) -> str | None:
    """``render.name`` (or the scene kind) plus one part per matrix value, from the final data."""
    if not isinstance(data, dict):
        return None
    render = data.get("render", {})
    if not isinstance(render, dict):
        return None
    base = render.get("name") or data.get("scene")
    if not isinstance(base, str) or not combo.named:
        return None
    parts = []
    for key in combo.named:
        pick = combo.picks[key]
        if pick.path == ("render", "name"):
            continue  # the name itself varies
        parts.append(_slug(_value_at(data, {}, pick.path), pick))
    return "-".join([base, *parts])


def _slug(value: Any, pick: _Pick) -> str:
    last = _last(pick.path)
    if isinstance(value, bool):
        return last if value else f"no-{last}"
    if value is None:
        return f"no-{last}"
    if isinstance(value, (int, float, str)):
        text = _UNSAFE.sub("_", str(value).replace(":", "x")).strip("._-")
        return text or pick.tag
    return pick.tag


def _last(path: Path_) -> str:
    return str(path[-1]).replace("_", "-")


def _show(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _value_at(data: Any, resolved: dict[Path_, Any], path: Path_) -> Any:
    if path in resolved:
        return resolved[path]
    node = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return _NOTHING
        node = node[part]
    return node


_NOTHING = object()


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps ``true`` and ``1`` apart, as a reader of the YAML would."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _check_names(planned: Sequence[_Planned]) -> None:
    first: dict[str, _Planned] = {}
    problems = []
    for item in planned:
        key = item.planned.name.casefold()  # case-insensitive file systems would merge them
        if key in first:
            other = first[key].planned
            problems.append(
                item.name_problem(
                    f"output name {item.planned.name!r} is also used by {other.origin}; "
                    "give one a different render.name, or vary a field in matrix:"
                )
            )
        else:
            first[key] = item
    if problems:
        raise ConfigError(problems)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once (a config shared by many jobs is read once), grouped by file and line."""
    return sorted(dict.fromkeys(problems), key=lambda p: (p.source, p.line or 0, p.column or 0))


__all__ = ["BATCH_KEYS", "PlannedJob", "is_batch", "load_batch", "load_inputs"]

"""Lecture files: many scene configs and title cards, in order, made into one video.

A lecture file::

    lecture:
      title: Matrix-vector multiplication
      voice: auto                 # one voice, theme, aspect and quality for the whole lecture
      theme: dark
      aspect: "16:9"
      quality: high
      parts:
        - card: {heading: The row view, line: Each output is a dot product}
          narration: Next, the row view.
        - config: row_view.yaml   # a scene config, relative to this file ...
          narration: {equation: ...}   # ... with its own narration and overrides
        - column_view.yaml        # shorthand for {config: column_view.yaml}

Each part becomes a batch job (``mnemo_anim.config.batch``): a config part is layered like a
batch job (the config file, then the part's own keys); a card part is a ``card`` scene. The
lecture's own keys are applied over every part, so they are one for the whole lecture, and the
command line over those. Every value keeps the file and line it was written on.

Chapters: a card starts one, titled with its heading; the scene part right after a card belongs
to the card's chapter; any other scene part is a chapter titled with its ``title``. A part's
``chapter:`` key names its chapter explicitly.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mnemo_anim.config.batch import PlannedJob, _check_names, _Expander, _unique
from mnemo_anim.config.loader import Override, as_overrides
from mnemo_anim.config.yamlread import Located, Path_, parse_yaml, read_text
from mnemo_anim.errors import ConfigError, Problem

# Lecture-level keys that set one field of every part: key → the field's path in a job.
SHARED: dict[str, tuple[str, ...]] = {
    "voice": ("voice",),
    "rate": ("rate",),
    "pad": ("pad",),
    "theme": ("style", "theme"),
    "aspect": ("render", "aspect"),
    "quality": ("render", "quality"),
}
LECTURE_KEYS = ("title", "name", *SHARED, "parts")
MAX_PARTS = 100
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")


@dataclass(frozen=True)
class LecturePart:
    """One part of a lecture: its job and the chapter it starts (``""``: it continues the
    chapter before it)."""

    planned: PlannedJob
    chapter: str


@dataclass(frozen=True)
class Lecture:
    """A validated lecture: its title, output name, and parts in order."""

    title: str
    name: str
    source: str
    parts: tuple[LecturePart, ...]

    @property
    def jobs(self) -> tuple[PlannedJob, ...]:
        return tuple(part.planned for part in self.parts)


def is_lecture(data: Any) -> bool:
    """True when parsed YAML is a lecture file (a mapping with ``lecture:``)."""
    return isinstance(data, dict) and "lecture" in data and "scene" not in data


def lecture_files(paths: Iterable[Path]) -> list[Path]:
    """The lecture files among ``paths`` (files that do not parse are left to the loader)."""
    found = []
    for path in paths:
        if Path(path).suffix.lower() not in (".yaml", ".yml") or not Path(path).is_file():
            continue
        try:
            data, _ = parse_yaml(read_text(Path(path)), str(path))
        except ConfigError:
            continue
        if is_lecture(data):
            found.append(Path(path))
    return found


def load_lecture(path: Path | str, overrides: Iterable[Override | str] = ()) -> Lecture:
    """Read a lecture file and validate every part.

    Parameters
    ----------
    path
        The lecture file.
    overrides
        Applied to every part last (command-line flags and ``--set``).

    Raises
    ------
    ConfigError
        Listing every problem in the lecture file and the configs it names, each located where
        the offending value was written.
    """
    path = Path(path)
    data, located = parse_yaml(read_text(path), str(path))
    return read_lecture(path, data, located, as_overrides(overrides))


def read_lecture(
    path: Path, data: Any, located: Located, overrides: Iterable[Override] = ()
) -> Lecture:
    """:func:`load_lecture` of a file already parsed (``validate`` reads every file once)."""
    return _LectureReader(path, data, located).read(list(overrides))


class _LectureReader:
    def __init__(self, path: Path, data: Any, located: Located) -> None:
        self.path = path
        self.data = data
        self.located = located
        self.problems: list[Problem] = list(located.problems)
        located.problems = []

    def read(self, overrides: list[Override]) -> Lecture:
        top = self._top()
        title, name = self._title(top), self._name(top)
        parts = self._parts(top)
        shared = self._shared(top)
        jobs, chapters = [], []
        moves: dict[Path_, Path_] = {("lecture", "parts"): ("jobs",)}
        for index, part in enumerate(parts):
            job, chapter, move = self._part(index, part, name)
            jobs.append(job)
            chapters.append(chapter)
            moves.update(move)
        if self.problems or not jobs:
            raise ConfigError(_unique(self.problems))
        batch = _moved(self.located, moves)
        try:
            planned = _Expander(self.path, {"jobs": jobs}, batch, [*shared, *overrides]).run()
            _check_names(planned)
        except ConfigError as error:
            # The parts were checked as a batch's jobs: name them as the lecture file does.
            raise ConfigError(
                [replace(p, field=_as_part(p.field)) for p in error.problems]
            ) from None
        out = []
        for index, (item, chapter) in enumerate(zip(planned, chapters, strict=True)):
            if chapter is None:  # a scene part: its own chapter unless a card leads into it
                after_card = index > 0 and jobs[index - 1].get("scene") == "card"
                made = item.planned.job
                chapter = "" if after_card else (made.title or made.scene.replace("_", " "))
            origin = _as_part(item.planned.origin.replace(f"{self.path} ", "", 1))
            planned_job = replace(item.planned, origin=f"{self.path} {origin}")
            out.append(LecturePart(planned_job, chapter))
        return Lecture(title, name, str(self.path), tuple(out))

    def _problem(self, at: Path_, message: str, *, key: bool = False) -> None:
        self.problems.append(self.located.problem(at, message, key=key))

    def _top(self) -> dict[str, Any]:
        data = self.data
        if not is_lecture(data) or not isinstance(data["lecture"], dict):
            raise ConfigError(
                [
                    *self.problems,
                    self.located.problem(
                        ("lecture",) if is_lecture(data) else (),
                        "a lecture file is lecture: {title: ..., parts: [...]}",
                    ),
                ]
            )
        for key in data:
            if key != "lecture":
                self._problem((key,), "unknown key; put everything under lecture:", key=True)
        top: dict[str, Any] = data["lecture"]
        for key in top:
            if key not in LECTURE_KEYS:
                close = difflib.get_close_matches(str(key), LECTURE_KEYS, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "known keys: "
                hint += "" if close else ", ".join(LECTURE_KEYS)
                self._problem(("lecture", key), f"unknown key; {hint}", key=True)
        return top

    def _title(self, top: dict[str, Any]) -> str:
        title = top.get("title")
        if not isinstance(title, str) or not title.strip():
            self._problem(("lecture", "title"), "a lecture needs a title: title: Some words")
            return ""
        return title.strip()

    def _name(self, top: dict[str, Any]) -> str:
        name = top.get("name", self.path.stem)
        if not isinstance(name, str) or not _NAME.match(name):
            self._problem(
                ("lecture", "name"),
                "the output name is letters, digits, '.', '_' or '-', e.g. lecture",
            )
            return "lecture"
        return name

    def _parts(self, top: dict[str, Any]) -> list[Any]:
        parts = top.get("parts")
        if not isinstance(parts, list) or not parts:
            self._problem(
                ("lecture", "parts"),
                "parts: is a non-empty list of scene configs and {card: ...} title cards",
            )
            return []
        if len(parts) > MAX_PARTS:
            self._problem(
                ("lecture", "parts"),
                f"{len(parts)} parts; a lecture has at most {MAX_PARTS}: split it",
            )
            return []
        return parts

    def _shared(self, top: dict[str, Any]) -> list[Override]:
        """The lecture-level keys as overrides of every part, located where they were written."""
        out = []
        for key, field in SHARED.items():
            if key not in top:
                continue
            value = top[key]
            if key == "voice" and isinstance(value, str) and value.endswith(".onnx"):
                value = os.path.normpath(self.path.parent / Path(value).expanduser())
            line, col = self.located.where(("lecture", key)) or (None, None)
            where = f"{self.path}:{line}:{col}" if line else str(self.path)
            out.append(Override(field, value, where))
        return out

    def _part(
        self, index: int, part: Any, name: str
    ) -> tuple[dict[str, Any], str | None, dict[Path_, Path_]]:
        """The batch job of one part, its chapter (``None``: decided from the job), and how
        its written positions move into the batch data."""
        at: Path_ = ("lecture", "parts", index)
        if isinstance(part, str):
            part = {"config": part}
        if not isinstance(part, dict) or ("config" in part) == ("card" in part):
            self._problem(
                at, "a part is a scene config (config: file.yaml) or a title card (card: ...)"
            )
            return {}, "", {}
        chapter = part.get("chapter")
        if chapter is not None and (not isinstance(chapter, str) or not chapter.strip()):
            self._problem((*at, "chapter"), "chapter: is the chapter's title, some words")
            chapter = None
        for key in SHARED.values():
            if _has(part, key):
                self._problem(
                    (*at, *key),
                    f"set by the lecture for every part; write it once under lecture: "
                    f"({_lecture_key(key)}: ...)",
                    key=True,
                )
        job = {k: v for k, v in part.items() if k not in ("chapter", "card")}
        if "card" in part:
            return self._card(index, part, job, name, chapter)
        stem = Path(str(part["config"])).stem
        job["render"] = {**(job.get("render") or {}), "name": f"{name}-{index + 1:02d}-{stem}"}
        return job, chapter, {}

    def _card(
        self, index: int, part: dict[str, Any], job: dict[str, Any], name: str, chapter: Any
    ) -> tuple[dict[str, Any], str | None, dict[Path_, Path_]]:
        at: Path_ = ("lecture", "parts", index)
        card = part["card"]
        if not isinstance(card, dict):
            self._problem((*at, "card"), "card: is {heading: ..., line: ...}")
            return {}, "", {}
        job = {"scene": "card", **card, **job}
        job["render"] = {**(job.get("render") or {}), "name": f"{name}-{index + 1:02d}-card"}
        heading = card.get("heading")
        title = chapter or (heading.strip() if isinstance(heading, str) else "")
        return job, title, {(*at, "card"): ("jobs", index)}


def _as_part(field: str) -> str:
    """``jobs[2].narration`` (a part checked as a batch job) → ``lecture.parts[2].narration``."""
    return "lecture.parts" + field[4:] if field.startswith("jobs[") else field


def _has(data: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _lecture_key(field: tuple[str, ...]) -> str:
    return next(key for key, path in SHARED.items() if path == field)


def _moved(located: Located, moves: dict[Path_, Path_]) -> Located:
    """``located`` with every position under a ``moves`` key moved to its new place (the
    longest matching key wins), so problems in the batch data point into the lecture file."""
    out = Located(located.source)

    def move(path: Path_) -> Path_ | None:
        matches = [old for old in moves if path[: len(old)] == old]
        if not matches:
            return None
        old = max(matches, key=len)
        return (*moves[old], *path[len(old) :])

    for mine, theirs in ((out.values, located.values), (out.keys, located.keys)):
        for path, mark in theirs.items():
            target = move(path)
            if target is not None:
                mine[target] = mark
    return out


__all__ = ["Lecture", "LecturePart", "is_lecture", "lecture_files", "load_lecture"]

"""Configs in: located data (``config.yamlread``) → overrides → a validated, frozen job model.

Every problem in a file is collected and raised once, as a ``ConfigError`` whose lines read
``file:line:col: field.path: what is wrong and what to do``.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mnemo_anim.config.models import JOB_MODELS, AnyJob, FieldError
from mnemo_anim.config.overrides import Override, parse_override
from mnemo_anim.config.yamlread import Located, Mark, Path_, dotted, parse_yaml, read_text
from mnemo_anim.errors import ConfigError, Problem

# --- overrides ---------------------------------------------------------------------------------


def as_overrides(items: Iterable[Override | str]) -> list[Override]:
    """Overrides from structured items or ``key.path=value`` texts (each text parsed once)."""
    return [item if isinstance(item, Override) else parse_override(item) for item in items]


def apply_overrides(
    data: dict[str, Any], located: Located, overrides: Iterable[Override | str]
) -> dict[str, Any]:
    """Set each override in a copy of ``data``; problems with it point at its ``source``."""
    out = _deep_copy(data)
    for override in as_overrides(overrides):
        path = override.path
        target = out
        for i, part in enumerate(path[:-1]):
            child = target.get(part)
            if not isinstance(child, dict):
                if child is not None:
                    raise ConfigError(
                        [
                            Problem(
                                override.source,
                                None,
                                None,
                                dotted(path[: i + 1]),
                                "is not a mapping, so it has no fields to set",
                            )
                        ]
                    )
                child = target[part] = {}
            target = child
        target[path[-1]] = override.value
        for table in (located.values, located.keys):
            for known in [k for k in table if k[: len(path)] == path]:
                del table[known]
        located.override_sources[path] = override.source
    return out


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


# --- validation --------------------------------------------------------------------------------


def validate(data: Any, located: Located) -> AnyJob:
    """Turn plain data into a job model, or raise one ``ConfigError`` listing every problem."""
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else f"the value {data!r}"
        raise ConfigError(
            [located.problem((), f"a config is a mapping of keys (scene:, matrix:, …), not {what}")]
        )
    kinds = ", ".join(JOB_MODELS)
    kind = data.get("scene")
    if kind is None:
        raise ConfigError([located.problem((), f"'scene:' is missing; add one of: {kinds}")])
    if not isinstance(kind, str) or kind not in JOB_MODELS:
        close = difflib.get_close_matches(str(kind), JOB_MODELS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(
            [located.problem(("scene",), f"unknown scene kind {kind!r}{hint} (known: {kinds})")]
        )
    model = JOB_MODELS[kind]
    data = _resolve_audio(data, located)
    try:
        job = typing.cast(AnyJob, model.model_validate(data))
    except ValidationError as error:
        found = [*located.problems, *_problems(error, model, located, data)]
        raise ConfigError(sorted(found, key=lambda p: (p.line or 0, p.column or 0))) from None
    found = [*located.problems, *_audio_problems(job, data, located)]
    if found:
        raise ConfigError(found)
    return job


# --- narration's files: recordings and voices --------------------------------------------------


def _audio_paths(data: dict[str, Any]) -> list[Path_]:
    """Where ``data`` names a file of sound: each recording, and a ``.onnx`` voice."""
    narration = data.get("narration")
    keys: Iterable[Any] = ()
    if isinstance(narration, dict):
        keys = narration
    elif isinstance(narration, list):
        keys = range(len(narration))
    paths: list[Path_] = []
    for key in keys:
        entry = narration[key]  # type: ignore[index]
        if isinstance(entry, dict) and isinstance(entry.get("audio"), str):
            paths.append(("narration", key, "audio"))
    voice = data.get("voice")
    if isinstance(voice, str) and voice.endswith(".onnx"):
        paths.append(("voice",))
    return paths


def _resolve_audio(data: dict[str, Any], located: Located) -> dict[str, Any]:
    """``data`` with every recording and voice file relative to the file it was written in
    (an override's, to the working folder), as the batch loader resolves ``config:``."""
    paths = _audio_paths(data)
    if not paths:
        return data
    out = _deep_copy(data)
    for path in paths:
        node = out
        for part in path[:-1]:
            node = node[part]
        value = Path(node[path[-1]]).expanduser()
        source = Path(located.file_of(path))
        if not value.is_absolute() and source.is_file():
            value = source.parent / value
        node[path[-1]] = os.path.normpath(value)
    return out


def _audio_problems(job: AnyJob, data: dict[str, Any], located: Located) -> list[Problem]:
    """A recording that cannot be played, or a voice that is not installed, located where it
    was named: found now, so that a config that validates renders."""
    if not job.narrated:
        return []
    from mnemo_anim.audio.engines import check_voice, load_recording
    from mnemo_anim.audio.errors import AudioFileError, VoiceUnavailable

    problems = []
    entries = job.narration_entries()
    keys = list(data["narration"]) if isinstance(data.get("narration"), dict) else None
    for index, (name, (text, audio)) in enumerate(entries.items()):
        if audio is None:
            continue
        try:
            load_recording(Path(audio), text)
        except AudioFileError as error:
            key = name if keys is not None else index
            problems.append(_located(located, ("narration", key, "audio"), str(error)))
    if any(audio is None for _, audio in entries.values()):
        try:
            check_voice(job.voice)
        except VoiceUnavailable as error:
            problems.append(_located(located, ("voice",), error.reason))
    return problems


def _problems(
    error: ValidationError, model: type[BaseModel], located: Located, data: Any
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[Path_] = set()
    for item in error.errors(include_url=False):
        loc = _data_path(data, tuple(item["loc"]), keep_last=item["type"] == "extra_forbidden")
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "model_type":
            message = "expected a mapping of keys (key: value lines, or {key: value})"
        original = item.get("ctx", {}).get("error")
        if isinstance(original, FieldError):
            loc = (*loc, original.field)
        if item["type"] == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            problems.append(_located(located, loc, f"unknown key; {hint}", key=True))
            continue
        if loc in seen:  # the same value failed several branches of a union: say it once
            continue
        seen.add(loc)
        problems.append(_located(located, loc, message))
    return problems


def _data_path(data: Any, loc: Path_, *, keep_last: bool) -> Path_:
    """Pydantic's error location without its union-branch tags: only keys the data has."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_mapping or in_list:
            out.append(part)
            node = node[part]
        elif keep_last and i == len(loc) - 1:
            out.append(part)
    return tuple(out)


def _located(located: Located, loc: Path_, message: str, *, key: bool = False) -> Problem:
    for cut in range(len(loc), 0, -1):
        source = located.override_sources.get(loc[:cut])
        if source:
            return Problem(source, None, None, dotted(loc), message)
    return located.problem(loc, message, key=key)


def _fields_at(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    current: Any = model
    for part in path:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


# --- entry points ------------------------------------------------------------------------------


def load_config(path: Path | str, overrides: Iterable[Override | str] = ()) -> AnyJob:
    """Read, override and validate one config file."""
    path = Path(path)
    data, located = parse_yaml(read_text(path), str(path))
    overrides = as_overrides(overrides)
    if overrides:
        data = apply_overrides(data if isinstance(data, dict) else {}, located, overrides)
    return validate(data, located)


def load_mapping(data: Mapping[str, Any], source: str = "<defaults>") -> AnyJob:
    """Validate already-parsed data (no positions known), e.g. a scene's defaults."""
    return validate(dict(data), Located(source))


def load_all(
    paths: Iterable[Path], overrides: Iterable[Override | str] = ()
) -> list[tuple[Path, AnyJob]]:
    """Load every config; if any is bad, raise one ``ConfigError`` listing all their problems."""
    overrides = as_overrides(overrides)
    jobs: list[tuple[Path, AnyJob]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            jobs.append((path, load_config(path, overrides)))
        except ConfigError as error:
            problems += error.problems or [Problem(str(path), None, None, "", error.message)]
    if problems:
        raise ConfigError(problems)
    return jobs


# --- data merged from several files (batch files) ----------------------------------------------

_MISSING = object()


class Sourced(Located):
    """Located data built from several files: each value also remembers the file it came from.

    A batch job is layered from the batch file's ``defaults:``, a referenced config, the job's own
    overrides and matrix values; a problem found in the result must point at the file and line
    where the offending value was written, whichever file that is.
    """

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.files: dict[Path_, str] = {}

    def copy(self) -> Sourced:
        """An independent copy (positions only; problems and overrides start empty)."""
        out = Sourced(self.source)
        out.values = dict(self.values)
        out.keys = dict(self.keys)
        out.files = dict(self.files)
        return out

    def file_of(self, path: Path_) -> str:
        own = super().file_of(path)
        if own != self.source:
            return own
        found = self._found(path, key=False)
        return self.files.get(found[0], self.source) if found else self.source

    def _found(self, path: Path_, *, key: bool) -> tuple[Path_, Mark] | None:
        if key and path in self.keys:
            return path, self.keys[path]
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.values:
                return path[:cut], self.values[path[:cut]]
        return None

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        found = self._found(path, key=key)
        if found is None:
            return Problem(self.source, None, None, dotted(path), message)
        at, (line, col) = found
        return Problem(self.files.get(at, self.source), line, col, dotted(path), message)

    def layer(
        self,
        data: Any,
        top: Any,
        located: Located,
        prefix: Path_ = (),
        at: Path_ = (),
        *,
        key_mark: Mark | None = None,
    ) -> Any:
        """Deep-merge ``top`` into ``data`` at ``at`` and return the result (inputs unchanged).

        ``top`` was written in ``located`` at ``prefix``. Mappings merge key by key; any other
        value (list, number, text, null) replaces what was there. ``key_mark`` is where the key
        that names ``at`` was written when that is not in ``located`` (a dotted matrix key).
        """
        if not at:
            return self._merge(data, top, located, prefix, ())
        root = _deep_copy(data) if isinstance(data, dict) else {}
        node = root
        for i, part in enumerate(at[:-1]):
            child = node.get(part)
            if not isinstance(child, dict):
                self._drop(at[: i + 1])
                child = node[part] = {}
            node = child
        node[at[-1]] = self._merge(node.get(at[-1], _MISSING), top, located, prefix, at)
        if key_mark is not None:
            self.keys[at] = key_mark
            self.files[at] = located.source
        return root

    def _merge(self, base: Any, top: Any, located: Located, prefix: Path_, at: Path_) -> Any:
        if isinstance(base, dict) and isinstance(top, dict):
            self._copy(located, prefix, at, subtree=False)
            out = dict(base)
            for key, value in top.items():
                out[key] = self._merge(
                    base.get(key, _MISSING), value, located, (*prefix, key), (*at, key)
                )
            return out
        self._drop(at)
        self._copy(located, prefix, at, subtree=True)
        return _deep_copy(top)

    def _drop(self, at: Path_) -> None:
        for table in (self.values, self.keys):
            for path in [p for p in table if p[: len(at)] == at]:
                del table[path]

    def _copy(self, located: Located, prefix: Path_, at: Path_, *, subtree: bool) -> None:
        files = located.files if isinstance(located, Sourced) else {}
        cut = len(prefix)
        for mine, theirs in ((self.values, located.values), (self.keys, located.keys)):
            paths = [p for p in theirs if p[:cut] == prefix] if subtree else [prefix]
            for path in paths:
                if path in theirs and (subtree or at or mine is self.values):
                    target = (*at, *path[cut:])
                    mine[target] = theirs[path]
                    self.files[target] = files.get(path, located.source)

"""The only code that reads YAML: text → located data → a validated, frozen job model.

Every problem in a file is collected and raised once, as a ``ConfigError`` whose lines read
``file:line:col: field.path: what is wrong and what to do``. The YAML is composed node by node so
each value keeps its position, duplicate keys are caught, and alias bombs stop at a node budget.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from mnemo_anim.config.models import JOB_MODELS, AnyJob, FieldError
from mnemo_anim.config.overrides import Override, parse_override
from mnemo_anim.errors import ConfigError, Problem

MAX_NODES = 20_000  # far beyond any real config; stops "billion laughs" alias expansion
MAX_BYTES = 1_000_000

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_EXPONENT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")


class Located:
    """Plain data from a YAML document, with where each value (and each key) was written."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.values: dict[Path_, Mark] = {}
        self.keys: dict[Path_, Mark] = {}
        self.override_sources: dict[Path_, str] = {}
        self.problems: list[Problem] = []

    def where(self, path: Path_, *, key: bool = False) -> Mark | None:
        """The mark of ``path``, or of its nearest written ancestor."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.values:
                return self.values[path[:cut]]
        return None

    def file_of(self, path: Path_) -> str:
        """The file the value at ``path`` was written in (or the override that set it)."""
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.override_sources:
                return self.override_sources[path[:cut]]
        return self.source

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        mark = self.where(path, key=key)
        line, col = mark if mark else (None, None)
        return Problem(self.source, line, col, dotted(path), message)


def dotted(path: Path_) -> str:
    """``("matrix", 1, 0)`` → ``matrix[1][0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, located: Located) -> None:
        self.loader = loader
        self.located = located
        self.count = 0
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig()
        self.located.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        # YAML 1.1 reads 16:9 as the base-60 number 969; a config means the text "16:9".
        if node.tag in (_INT, _FLOAT) and ":" in node.value:
            return node.value
        # ...and it reads 1e6 (no dot) as text; YAML 1.2 and every user mean a number.
        if node.tag == _STR and node.style is None and _EXPONENT.fullmatch(node.value):
            return float(node.value)
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # resolves `<<:` merge keys
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    _problem_at(
                        self.located.source, key_node, dotted(path), "keys must be plain words"
                    )
                )
                continue
            key = str(self.loader.construct_object(key_node))
            child = (*path, key)
            if key in out:
                first = self.located.keys[child]
                self.problems.append(
                    _problem_at(
                        self.located.source,
                        key_node,
                        dotted(child),
                        f"duplicate key (first given on line {first[0]}); keep only one",
                    )
                )
                continue
            self.located.keys[child] = _mark(key_node)
            out[key] = self.build(value_node, child)
        return out


class _TooBig(Exception):
    pass


def _mark(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _problem_at(source: str, node: yaml.Node, field: str, message: str) -> Problem:
    line, col = _mark(node)
    return Problem(source, line, col, field, message)


def parse_yaml(text: str, source: str) -> tuple[Any, Located]:
    """Parse one YAML document into plain data plus the position of every value."""
    located = Located(source)
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ConfigError([Problem(source, None, None, "", f"file is over {MAX_BYTES} bytes")])
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        raise ConfigError([_reader_problem(source, text, error)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise ConfigError(
                [Problem(source, 1, 1, "", "the file is empty; start with e.g. 'scene: row_view'")]
            )
        builder = _Builder(loader, located)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as error:
        raise ConfigError([_yaml_problem(source, error)]) from None
    except yaml.reader.ReaderError as error:
        raise ConfigError([_reader_problem(source, text, error)]) from None
    except yaml.YAMLError as error:
        raise ConfigError([Problem(source, None, None, "", f"not valid YAML: {error}")]) from None
    except _TooBig:
        raise ConfigError(
            [
                Problem(
                    source,
                    1,
                    1,
                    "",
                    f"the document holds over {MAX_NODES} values (a huge matrix, or aliases "
                    "that repeat each other); the largest matrix a scene takes is 6×6",
                )
            ]
        ) from None
    except RecursionError:
        raise ConfigError(
            [Problem(source, 1, 1, "", "the document is nested too deeply")]
        ) from None
    finally:
        loader.dispose()
    # Duplicate keys are reported together with whatever validation finds next.
    located.problems.extend(builder.problems)
    return data, located


def _reader_problem(source: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A control character or other byte YAML does not allow, located by line and column."""
    before = text[: error.position]
    line = before.count("\n") + 1
    col = error.position - (before.rfind("\n") + 1) + 1
    char = error.character if isinstance(error.character, str) else chr(error.character)
    return Problem(
        source,
        line,
        col,
        "",
        f"the character {char!r} is not allowed in YAML; delete it (is this a text file?)",
    )


def _yaml_problem(source: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = error.problem or "not valid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        message = "a tab character; YAML indents with spaces only, replace tabs with spaces"
    elif "found duplicate anchor" in problem:
        message = problem
    else:
        context = f" {error.context}" if error.context else ""
        message = f"not valid YAML:{context} {problem}".replace("  ", " ")
    return Problem(source, line, col, "", message)


def read_text(path: Path) -> str:
    """Read a config file, turning OS errors into a located ``ConfigError``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ConfigError(
            [Problem(str(path), None, None, "", "is a directory, not a YAML file")]
        ) from None
    except OSError as error:
        raise ConfigError(
            [Problem(str(path), None, None, "", f"cannot read: {error.strerror}")]
        ) from None
    if len(raw) > MAX_BYTES:
        raise ConfigError([Problem(str(path), None, None, "", f"file is over {MAX_BYTES} bytes")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "",
                    f"not UTF-8 text (byte {error.start}); save it as UTF-8",
                )
            ]
        ) from None


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

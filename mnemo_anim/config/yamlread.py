"""Located YAML: text → plain data that remembers where each value (and key) was written.

The YAML is composed node by node so each value keeps its position, duplicate keys are caught,
and alias bombs stop at a node budget; a problem is a ``Problem`` with the file, line and column.
Needs only PyYAML: the overrides of the command line read their values with it too, without the
models (``config.loader`` turns the data into a validated job).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from mnemo_anim.errors import ConfigError, Problem

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, where PyYAML has it
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
    def __init__(self, loader: Any, located: Located) -> None:
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
        if node.tag == _STR and not node.style and _EXPONENT.fullmatch(node.value):
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
    """Parse one YAML document into plain data plus the position of every value.

    libyaml parses (about ten times faster, with the same marks); a document it rejects is
    parsed again by PyYAML's own parser, whose messages say more ("found character '\\t'"
    where libyaml says "found character that cannot start any token").
    """
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ConfigError([Problem(source, None, None, "", f"file is over {MAX_BYTES} bytes")])
    try:
        # Python's reader finds the characters YAML does not allow; libyaml lets some through.
        yaml.reader.Reader(text)
    except yaml.reader.ReaderError as error:
        raise ConfigError([_reader_problem(source, text, error)]) from None
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            return _parse(text, source, FAST_LOADER)
        except _Rejected:
            pass
    try:
        return _parse(text, source, yaml.SafeLoader)
    except _Rejected as rejected:
        raise ConfigError([rejected.problem]) from None


class _Rejected(Exception):
    """Not valid YAML (as the parser that raised it explains)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _parse(text: str, source: str, loader_class: Any) -> tuple[Any, Located]:
    located = Located(source)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ConfigError(
                [Problem(source, 1, 1, "", "the file is empty; start with e.g. 'scene: row_view'")]
            )
        builder = _Builder(loader, located)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as error:
        raise _Rejected(_yaml_problem(source, error)) from None
    except yaml.reader.ReaderError as error:
        raise _Rejected(_reader_problem(source, text, error)) from None
    except yaml.YAMLError as error:
        raise _Rejected(Problem(source, None, None, "", f"not valid YAML: {error}")) from None
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

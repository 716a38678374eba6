"""Command-line overrides (``--set render.fps=30``, ``--name``): what they are and how a
``--set`` item is read. Light to import: the CLI builds them before any config is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mnemo_anim.errors import ConfigError, Problem


@dataclass(frozen=True)
class Override:
    """One command-line override: set the field at ``path`` to ``value``.

    Attributes
    ----------
    path
        The field's keys, e.g. ``("render", "fps")``.
    value
        The new value, already parsed (a flag's value as given, a ``--set`` value read as YAML).
    source
        Where the user wrote it, named in problems: ``--set render.fps=0``, ``--name``.
    """

    path: tuple[str, ...]
    value: Any
    source: str


def parse_override(text: str) -> Override:
    """``"render.fps=30"`` → ``Override(("render", "fps"), 30, "--set render.fps=30")``; the
    value is read as YAML."""
    source = f"--set {text}"
    key, sep, raw = text.partition("=")
    parts = tuple(part.strip() for part in key.split("."))
    if not sep or not all(parts):
        raise ConfigError(
            [
                Problem(
                    source, None, None, "", "write overrides as key.path=value, e.g. render.fps=30"
                )
            ]
        )
    if not raw.strip():
        return Override(parts, None, source)
    from mnemo_anim.config.yamlread import parse_yaml  # PyYAML, loaded only for a --set

    value, _ = parse_yaml(raw, source)
    return Override(parts, value, source)

"""The one exception tree of mnemo-anim, rooted in Click's so the CLI prints and exits for us.

``ConfigError`` (exit 2) is the user's mistake in a config; ``RenderError`` (exit 1) is a render
that could not finish. Code below the CLI raises these and never calls ``sys.exit``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import click


class MnemoError(click.ClickException):
    """Base of every error mnemo-anim reports to a user."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One located problem in a config: where it is, which field, and what to do."""

    source: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ConfigError(MnemoError):
    """A config (or batch file, or ``--set`` override) is not valid; lists every problem."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            text = problems
        else:
            self.problems = tuple(problems)
            count = len(self.problems)
            head = "invalid config" if count == 1 else f"invalid config ({count} problems)"
            text = head + ":\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(text)


class RenderError(MnemoError):
    """A render failed: Manim, LaTeX, the encoder or the file system said no."""

    exit_code = 1

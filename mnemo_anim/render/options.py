"""What the command line says about how to render: one frozen :class:`RenderOptions`.

Light to import (no models, no pydantic): the CLI builds it before any config is read, and an
unchanged single render is answered from it and the manifest alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mnemo_anim.config.overrides import Override

# Flags that set a field of ``render:``, in the order they are applied, with the field's key.
_RENDER_FLAGS = (
    ("quality", "--quality"),
    ("fps", "--fps"),
    ("aspect", "--aspect"),
    ("format", "--format"),
    ("transparent", "--transparent"),
    ("platform", "--platform"),
    ("name", "--name"),
)


@dataclass(frozen=True)
class RenderOptions:
    """Everything the command line says about how to render a set of jobs.

    Attributes
    ----------
    quality, fps, aspect, format, platform, name
        Override the field of the same name in every job's ``render:`` (``None``: keep it).
    transparent
        Set ``render.transparent`` (``False``: keep what the config says).
    sets
        ``--set`` overrides, applied after the flags so that an explicit ``--set`` wins.
    output_dir
        Where the files (and ``manifest.json``) go.
    jobs
        Jobs rendered at once (``None``: one per CPU).
    executor, scheduler
        Where jobs run: ``local`` or ``dask`` (at ``scheduler``, or a local cluster).
    force
        Render even the jobs the cache says are up to date.
    fail_fast
        Start no new job after the first failure.
    dry_run
        List what would render, render nothing.
    """

    quality: str | None = None
    fps: int | None = None
    aspect: str | None = None
    format: str | None = None
    transparent: bool = False
    platform: str | None = None
    name: str | None = None
    sets: tuple[Override, ...] = ()
    output_dir: Path = Path("output")
    jobs: int | None = None
    executor: str = "local"
    scheduler: str | None = None
    force: bool = False
    fail_fast: bool = False
    dry_run: bool = False

    def overrides(self) -> tuple[Override, ...]:
        """The flags as overrides (each located at its flag), then the ``--set`` items."""
        flags = []
        for key, flag in _RENDER_FLAGS:
            value = getattr(self, key)
            if value is not None and value is not False:
                flags.append(Override(("render", key), value, flag))
        return (*flags, *self.sets)

"""The stamp of a single render: an up-to-date answer before any config is loaded.

``render CONFIG`` records in the job's manifest entry a *stamp*: the SHA-256 of the config
file's bytes, of every file the job reads (recordings, a voice file), of the command-line options
that shape the job, and of the code and library versions the job hash also covers. The next
``render CONFIG`` recomputes it first; when the entry that carries it still vouches for its file
(same status and size as :func:`mnemo_anim.render.cache.is_fresh` asks), the render is up to date,
answered from bytes and the manifest alone: no YAML parsing, no models, no pydantic, no Manim.

The stamp is a shortcut, never the authority. Whatever it does not match (an edited config, a
new recording, another flag, a job of the same name rendered since from another config) sends
the render down the full path, which validates the config and compares the job hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mnemo_anim import __version__
from mnemo_anim.render.cache import GOOD, code_digest, manim_version, package_version, typst_version
from mnemo_anim.render.manifest import read_manifest
from mnemo_anim.render.options import RenderOptions

VERSION = 1  # of the stamp's recipe: a new recipe never matches an old stamp


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _options(options: RenderOptions) -> list[Any]:
    """The options that shape a job (not how or where it runs, nor ``--force``)."""
    sets = [[list(o.path), o.value] for o in options.sets]
    return [
        options.quality,
        options.fps,
        options.aspect,
        options.format,
        options.transparent,
        options.platform,
        options.name,
        sets,
    ]


def digest(
    config: Path, inputs: Iterable[str], packages: Iterable[str], options: RenderOptions
) -> str:
    """The stamp of rendering ``config`` (which reads ``inputs`` and uses ``packages``, such
    as a voice) with ``options``."""
    identity = {
        "v": VERSION,
        "config": _file_digest(config),
        "inputs": {name: _file_digest(Path(name)) for name in sorted(inputs)},
        "packages": {name: package_version(name) for name in sorted(packages)},
        "options": _options(options),
        "mnemo_anim": __version__,
        "code": code_digest(),
        "manim": manim_version(),
        "typst": typst_version(),
    }
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(
    config: Path, inputs: Iterable[Path], packages: Iterable[str], options: RenderOptions
) -> dict[str, Any]:
    """The manifest field that lets the next render of ``config`` skip loading it."""
    names = sorted(str(Path(p).resolve()) for p in inputs)
    used = sorted(packages)
    return {
        "config": str(config.resolve()),
        "inputs": names,
        "packages": used,
        "digest": digest(config, names, used, options),
    }


def up_to_date(config: Path, options: RenderOptions) -> tuple[str, Path] | None:
    """The job name and file of an earlier render of ``config`` with these options, if the
    file still stands. ``None`` sends the caller down the full path (load, validate, compare
    the job hash)."""
    if options.force or options.dry_run:
        return None
    output_dir = Path(options.output_dir)
    where = str(config.resolve())
    for name, entry in read_manifest(output_dir).items():
        recorded = entry.get("stamp")
        if not isinstance(recorded, Mapping) or recorded.get("config") != where:
            continue
        inputs, packages = recorded.get("inputs"), recorded.get("packages")
        if not (isinstance(inputs, list) and isinstance(packages, list)):
            continue
        target = output_dir / str(entry.get("file"))
        if (
            entry.get("status") in GOOD
            and recorded.get("digest") == digest(config, inputs, packages, options)
            and _same_size(target, entry)
        ):
            return name, target
    return None


def _same_size(target: Path, entry: Mapping[str, Any]) -> bool:
    try:
        return target.stat().st_size == entry.get("size")
    except OSError:
        return False

"""The whole-job cache: a content hash of each resolved job, checked against the manifest.

A job is up to date when the manifest records the same hash for it and its file is still there
with the recorded size. The check reads only the manifest and ``stat``s files; it never imports
Manim or PyAV, so a fully cached batch finishes in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mnemo_anim import __version__

if TYPE_CHECKING:
    from mnemo_anim.config.models import AnyJob

# Statuses after which the recorded file is exactly what the recorded hash describes.
GOOD = ("rendered", "cached")


@lru_cache(maxsize=1)
def package_version(name: str) -> str:
    """An installed package's version, read from its metadata (the package is not imported)."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def manim_version() -> str:
    """The installed Manim version."""
    return package_version("manim")


def typst_version() -> str:
    """The installed Typst compiler's version: a new compiler may move glyphs."""
    return package_version("typst")


def source_digest(roots: Iterable[Path]) -> str:
    """SHA-256 (hex) of every ``.py`` file under ``roots``, by relative path and content."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """:func:`source_digest` of the code that draws and encodes a video (the ``mnemo_anim`` and
    ``scenes`` packages): an edited scene or visual re-renders without a version bump.

    Found without importing ``scenes`` (which stays free of Manim until a render); a few
    milliseconds, once per process.
    """
    roots: list[Path] = []
    for name in ("mnemo_anim", "scenes"):
        spec = find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            roots.extend(Path(folder) for folder in spec.submodule_search_locations)
    return source_digest(roots)


def job_identity(job: AnyJob) -> dict[str, Any]:
    """Everything that decides a job's output: the resolved job, our, Manim's and Typst's
    versions, our source, x264; for a narrated job also every audio input's content (each
    recording's bytes, the voice file, engine and speed), so an edited recording re-renders."""
    from mnemo_anim.render.settings import encoder_options

    identity: dict[str, Any] = {
        "job": _without_recording_paths(job.model_dump(mode="json")),
        "mnemo_anim": __version__,
        "code": code_digest(),
        "manim": manim_version(),
        "typst": typst_version(),
        "encoder": encoder_options(job.render),
    }
    if job.narrated:
        from mnemo_anim.render.narration import audio_identity

        identity["audio"] = audio_identity(job)
    return identity


def _without_recording_paths(dump: dict[str, Any]) -> dict[str, Any]:
    """The job with each recording's path left out: its content is in the audio identity, and
    where a file sits (or the folder a render runs from) changes nothing heard or seen."""
    narration = dump.get("narration")
    entries = narration.values() if isinstance(narration, dict) else narration
    for entry in entries if isinstance(entries, Iterable) and not isinstance(entries, str) else ():
        if isinstance(entry, dict) and "audio" in entry:
            entry["audio"] = "recorded"
    return dump


def job_hash(job: AnyJob) -> str:
    """SHA-256 (hex) of :func:`job_identity`; equal for equal jobs, on any machine."""
    text = json.dumps(job_identity(job), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def output_path(output_dir: Path, job: AnyJob) -> Path:
    """Where the runner writes ``job``'s main file (a deck's ``index.html`` for slides)."""
    return Path(output_dir) / job.render.output_file(job.output_name)


def is_fresh(entry: Mapping[str, Any] | None, digest: str, target: Path) -> bool:
    """True when ``entry`` says ``digest`` made ``target`` and ``target`` still has that size.

    Parameters
    ----------
    entry
        The job's manifest entry, or ``None`` when it has none.
    digest
        The job's current :func:`job_hash`.
    target
        The job's output file.
    """
    if not entry or entry.get("hash") != digest or entry.get("status") not in GOOD:
        return False
    try:
        size = target.stat().st_size
    except OSError:
        return False
    return size == entry.get("size")

"""``output/manifest.json``: what each job produced, updated atomically and safely in parallel.

Format::

    {"format": 1,
     "jobs": {"row_view-9x16": {"hash": "…", "file": "row_view-9x16.mp4", "size": 81234,
                                "duration": 9.5, "resolution": "480x854", "width": 480,
                                "height": 854, "fps": 24.0, "frames": 228, "codec": "h264",
                                "seconds": 2.1, "status": "rendered", "origin": "…"}}}

``status`` is ``rendered`` (this entry's file was made by a render), ``cached`` (the last run
found it up to date) or ``failed`` (the last attempt failed; ``error`` says why). Every update
takes an exclusive lock on ``.manifest.json.lock`` beside the manifest, re-reads it, merges its
own entries and writes the file atomically (:mod:`mnemo_anim.files`): two mnemo-anim processes
writing into one folder keep each other's entries, and a reader never sees half a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mnemo_anim import files

MANIFEST_NAME = "manifest.json"
LOCK_NAME = ".manifest.json.lock"
FORMAT = 1


def manifest_path(output_dir: Path) -> Path:
    """The manifest of ``output_dir``."""
    return Path(output_dir) / MANIFEST_NAME


def read_manifest(output_dir: Path) -> dict[str, dict[str, Any]]:
    """The recorded entries by job name; empty when there is no manifest or it is unreadable.

    An unreadable manifest only costs re-renders: nothing counts as cached, and the next update
    writes a good one.
    """
    try:
        data = json.loads(manifest_path(output_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    jobs = data.get("jobs") if isinstance(data, dict) else None
    if not isinstance(jobs, dict):
        return {}
    return {k: v for k, v in jobs.items() if isinstance(v, dict)}


def update_manifest(
    output_dir: Path,
    entries: Mapping[str, Mapping[str, Any]],
    *,
    patch: bool = False,
) -> dict[str, dict[str, Any]]:
    """Merge ``entries`` into the manifest under its lock and write it atomically.

    Parameters
    ----------
    output_dir
        The folder holding the videos and the manifest.
    entries
        Job name → entry. An entry replaces the recorded one, or with ``patch`` updates only the
        fields it gives (for marking jobs ``cached`` without touching what was measured).
    patch
        Update fields of existing entries instead of replacing them.

    Returns
    -------
    dict
        All entries as written.
    """
    output_dir = Path(output_dir)
    with files.lock(output_dir / LOCK_NAME):
        jobs = read_manifest(output_dir)
        for name, entry in entries.items():
            jobs[name] = {**jobs.get(name, {}), **entry} if patch else dict(entry)
        files.write_atomic(
            manifest_path(output_dir),
            json.dumps({"format": FORMAT, "jobs": dict(sorted(jobs.items()))}, indent=2) + "\n",
        )
    return jobs

"""Render a lecture: its parts like a batch (in parallel, each cached), then one joined video.

The parts land in ``<output>/<name>_parts/`` with their own ``manifest.json``, so editing one
part re-renders that part only. The lecture itself is ``<output>/<name>.mp4`` (chapters in the
file), ``<name>.chapters.txt`` (YouTube's chapter lines), ``<name>.srt`` and ``<name>.vtt``;
it is joined again only when a part or a chapter changed (its hash is in
``<output>/manifest.json``). With ``--format slides`` each part is a deck and the lecture is
one deck, ``<output>/<name>_slides/``: a slide per step of every part, titled by its chapter.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mnemo_anim import files
from mnemo_anim.config.lecture import Lecture
from mnemo_anim.errors import RenderError
from mnemo_anim.render.batch import JobReport
from mnemo_anim.render.cache import is_fresh, job_hash
from mnemo_anim.render.manifest import read_manifest, update_manifest


def parts_dir(lecture: Lecture, output_dir: Path) -> Path:
    """Where the lecture's parts are rendered and cached."""
    return Path(output_dir) / f"{lecture.name}_parts"


def lecture_path(lecture: Lecture, output_dir: Path) -> Path:
    """The joined lecture video."""
    return Path(output_dir) / f"{lecture.name}.mp4"


def lecture_hash(lecture: Lecture) -> str:
    """What decides the joined video: each part's job hash and its chapter, in order."""
    identity = [lecture.title, [(job_hash(p.planned.job), p.chapter) for p in lecture.parts]]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()


def deck_name(lecture: Lecture) -> str:
    """The lecture deck's entry in ``<output>/manifest.json`` (the video's is the name)."""
    return f"{lecture.name}_slides"


def join_lecture_deck(
    lecture: Lecture, reports: Sequence[JobReport], output_dir: Path
) -> JobReport:
    """One deck from the parts' decks (``reports``, in part order): every step of every part,
    each slide titled by its part's chapter (a part without one continues the chapter before).

    Skipped (``cached``) when the recorded hash and file say the deck is up to date.

    Raises
    ------
    RenderError
        A part has no deck, its clips do not match its steps, or the deck cannot be written.
    """
    from mnemo_anim.deliver.slides import lecture_slides, section_slides, write_slides
    from mnemo_anim.render.deliverables import palette_of, speaker_notes

    output_dir = Path(output_dir)
    target = output_dir / f"{lecture.name}_slides" / "index.html"
    digest = hashlib.sha256(f"slides:{lecture_hash(lecture)}".encode()).hexdigest()
    if is_fresh(read_manifest(output_dir).get(deck_name(lecture)), digest, target):
        return JobReport(deck_name(lecture), "cached", target, 0.0, None, lecture.source)
    started = time.perf_counter()
    parts, chapter = [], lecture.title
    for part, report in zip(lecture.parts, reports, strict=True):
        if report.file is None or report.file.name != "index.html":
            raise RenderError(f"the part {report.name} has no deck to join")
        job = part.planned.job
        chapter = part.chapter or chapter
        clips = report.file.parent / "clips"
        parts.append((chapter, section_slides(clips, job.steps(), speaker_notes(job))))
    slides = lecture_slides(parts)
    palette = palette_of(lecture.parts[0].planned.job)
    try:
        sound = any(part.planned.job.narrated for part in lecture.parts)
        write_slides(
            output_dir, lecture.name, slides, title=lecture.title, palette=palette, sound=sound
        )
    except OSError as error:
        raise RenderError(f"cannot write {target}: {error.strerror or error}") from error
    seconds = time.perf_counter() - started
    entry = {
        "hash": digest,
        "file": f"{target.parent.name}/{target.name}",
        "size": target.stat().st_size,
        "slides": len(slides),
        "parts": [r.name for r in reports],
        "seconds": round(seconds, 3),
        "status": "rendered",
        "origin": lecture.source,
    }
    update_manifest(output_dir, {deck_name(lecture): entry})
    return JobReport(deck_name(lecture), "rendered", target, seconds, None, lecture.source)


def join_lecture(
    lecture: Lecture,
    reports: Sequence[JobReport],
    output_dir: Path,
    warn: Callable[[str], None] | None = None,
) -> JobReport:
    """Join the rendered parts (``reports``, in part order) into the lecture video.

    Skipped (``cached``) when the recorded hash and file say the video is up to date.

    Raises
    ------
    RenderError
        A part has no file, or the output cannot be written.
    """
    output_dir = Path(output_dir)
    target = lecture_path(lecture, output_dir)
    digest = lecture_hash(lecture)
    if is_fresh(read_manifest(output_dir).get(lecture.name), digest, target):
        return JobReport(lecture.name, "cached", target, 0.0, None, lecture.source)
    from mnemo_anim.deliver.lecture import Part, join

    started = time.perf_counter()
    parts = []
    for part, report in zip(lecture.parts, reports, strict=True):
        if report.file is None:
            raise RenderError(f"the part {report.name} has no video to join")
        captions = report.file.with_suffix(".srt")
        parts.append(Part(report.file, part.chapter, captions if captions.is_file() else None))
    try:
        with files.atomic_path(target) as tmp:
            joined = join(parts, tmp, warn)
        name = lecture.name
        files.write_atomic(output_dir / f"{name}.chapters.txt", joined.youtube_chapters)
        files.write_atomic(output_dir / f"{name}.srt", joined.srt)
        files.write_atomic(output_dir / f"{name}.vtt", joined.vtt)
    except OSError as error:
        raise RenderError(f"cannot write {target}: {error.strerror or error}") from error
    seconds = time.perf_counter() - started
    entry = {
        "hash": digest,
        "file": target.name,
        "size": target.stat().st_size,
        "duration": round(joined.duration, 3),
        "chapters": [[c.title, round(c.start, 3)] for c in joined.chapters],
        "parts": [r.name for r in reports],
        "seconds": round(seconds, 3),
        "status": "rendered",
        "origin": lecture.source,
    }
    update_manifest(output_dir, {lecture.name: entry})
    return JobReport(lecture.name, "rendered", target, seconds, None, lecture.source)

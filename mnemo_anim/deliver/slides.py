"""A slides deck: ``<name>_slides/index.html`` that plays a lesson one step per key press.

The page, its style and its script are the files in ``assets/``, inlined at build time with
the deck's data, so ``index.html`` needs no server, no network and no second request for data
(``file://`` pages may not ``fetch`` local files): double-click it and present. The clips sit
beside it in ``clips/`` (and optional first frames in ``posters/``), linked by relative paths.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mnemo_anim.deliver import Palette
from mnemo_anim.errors import RenderError
from mnemo_anim.files import atomic_dir, write_atomic

CLIP_SUFFIXES = (".mp4", ".webm")


@dataclass(frozen=True)
class Slide:
    """One step of a deck.

    Attributes
    ----------
    name
        The step's name, shown in the footer and the presenter view.
    clip
        Its clip: H.264 MP4 (or VP9 WebM), played from its first frame to its last.
    notes
        Speaker notes: the step's narration or caption.
    poster
        PNG of its first frame, shown before the clip loads and as the presenter's "next"
        picture; taken from the clip when not given.
    part
        Optional part (chapter) title, for a lecture made of several lessons.
    """

    name: str
    clip: Path
    notes: str = ""
    poster: Path | None = None
    part: str | None = None


def slug(text: str) -> str:
    """``text`` as a file-name part: lower-case letters, digits and dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "step"


def section_slides(
    sections_dir: Path,
    step_names: Sequence[str],
    notes: Mapping[str, str] | None = None,
    *,
    part: str | None = None,
) -> list[Slide]:
    """The slides of one rendered lesson: its section clips paired with its steps, in order.

    Parameters
    ----------
    sections_dir
        ``<name>_sections/`` as the runner writes it (``NN-<step>.<ext>``, one clip a step).
    step_names
        The lesson's steps in order (the runner's ``RenderResult.steps`` names).
    notes
        Step name → narration or caption (the job's ``caption_texts()``).
    part
        The part title for every slide, in a lecture.

    Raises
    ------
    RenderError
        When the folder does not hold exactly one clip per step.
    """
    clips = sorted(p for p in Path(sections_dir).iterdir() if p.suffix in CLIP_SUFFIXES)
    if len(clips) != len(step_names):
        raise RenderError(
            f"{sections_dir} holds {len(clips)} clips for {len(step_names)} steps; "
            "render again with render.sections on"
        )
    notes = notes or {}
    return [
        Slide(name, clip, notes.get(name, ""), part=part)
        for name, clip in zip(step_names, clips, strict=True)
    ]


def lecture_slides(parts: Iterable[tuple[str, Sequence[Slide]]]) -> list[Slide]:
    """One deck from the parts of a lecture: every step of every part, each titled by its part."""
    return [
        Slide(s.name, s.clip, s.notes, s.poster, title) for title, slides in parts for s in slides
    ]


def write_slides(
    output_dir: Path,
    name: str,
    slides: Sequence[Slide],
    *,
    title: str | None = None,
    palette: Palette | None = None,
    sound: bool = False,
    move: bool = False,
) -> Path:
    """Write the deck ``<output_dir>/<name>_slides/`` and return its ``index.html``.

    Parameters
    ----------
    output_dir
        The output folder.
    name
        The output base name (the job's ``render.name``).
    slides
        The steps in the order they are presented.
    title
        The page title; ``name`` when not given.
    palette
        Background, text and accent colours (``Palette.from_theme``).
    sound
        Start with sound on. Off by default: a presenter speaks over the clips, and browsers
        let muted clips start without a click (M toggles it).
    move
        Move the clips instead of copying them (they are temporary files of a render).

    Raises
    ------
    RenderError
        When there are no slides, or a clip or poster is missing.

    Notes
    -----
    The folder appears whole: it is built beside the target and renamed into place.
    """
    if not slides:
        raise RenderError(f"the deck {name} has no steps")
    for slide in slides:
        for path in (slide.clip, slide.poster):
            if path is not None and not Path(path).is_file():
                raise RenderError(f"step {slide.name!r}: {path} does not exist")
    output_dir = Path(output_dir)
    target = output_dir / f"{name}_slides"
    with atomic_dir(target) as folder:
        entries = [_place(folder, index, slide, move) for index, slide in enumerate(slides, 1)]
        page = render_page(entries, title or name, palette or Palette(), sound=sound)
        write_atomic(folder / "index.html", page)
    return target / "index.html"


def _place(folder: Path, index: int, slide: Slide, move: bool) -> dict[str, str]:
    """Copy (or move) a slide's files into the deck; its entry in the page's data."""
    stem = f"{index:02d}-{slug(slide.name)}"
    entry = {"name": slide.name, "notes": slide.notes, "part": slide.part or ""}
    files = [("clip", "clips", Path(slide.clip))]
    if slide.poster is not None:
        files.append(("poster", "posters", Path(slide.poster)))
    for key, sub, source in files:
        (folder / sub).mkdir(exist_ok=True)
        dest = folder / sub / f"{stem}{source.suffix.lower()}"
        if move and key == "clip":
            shutil.move(source, dest)
        else:
            shutil.copyfile(source, dest)
        entry[key] = f"{sub}/{dest.name}"
    if slide.poster is None:
        from mnemo_anim.render.encode import first_frame_png

        (folder / "posters").mkdir(exist_ok=True)
        write_atomic(folder / "posters" / f"{stem}.png", first_frame_png(folder / entry["clip"]))
        entry["poster"] = f"posters/{stem}.png"
    return entry


def _asset(name: str) -> str:
    return resources.files("mnemo_anim.deliver").joinpath("assets", name).read_text("utf-8")


def script_json(data: object) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (no ``</script>`` in text)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_page(
    entries: Sequence[Mapping[str, str]], title: str, palette: Palette, *, sound: bool = False
) -> str:
    """The deck's ``index.html`` for placed slide ``entries`` (name, notes, part, clip, poster)."""
    fills = {
        "{{TITLE}}": html.escape(title),
        "{{BACKGROUND}}": palette.background,
        "{{TEXT}}": palette.text,
        "{{ACCENT}}": palette.accent,
        "{{CSS}}": _asset("slides.css"),
        "{{DATA}}": script_json({"steps": list(entries), "sound": sound}),
        "{{SCRIPT}}": _asset("slides.js"),
    }
    page = _asset("slides.html")
    # One pass, so text filled in (a note containing "{{CSS}}") is never filled again.
    pattern = re.compile("|".join(re.escape(key) for key in fills))
    return pattern.sub(lambda m: fills[m.group(0)], page)

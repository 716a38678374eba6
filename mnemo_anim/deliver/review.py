"""The review page: ``output/index.html``, every video of a batch on one sortable page.

Built from ``output/manifest.json`` (see :mod:`mnemo_anim.render.manifest`): each video with its
poster frame, its storyboard when there is one, its captions, length, size, picture, render time
and warnings (longer than a platform takes, low contrast). The page is static and uses relative
paths, so the folder can be zipped and opened anywhere from ``file://``.

Captions are embedded in each ``<track>`` as a ``data:`` URL: Chromium refuses to load a
``.vtt`` file beside a ``file://`` page ("'file:' URLs are treated as unique security origins"),
while a ``data:`` track loads everywhere. The ``.vtt`` file is linked as well.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from mnemo_anim.config.platforms import PLATFORMS
from mnemo_anim.deliver import Palette
from mnemo_anim.files import write_atomic
from mnemo_anim.render.manifest import read_manifest

PAGE_NAME = "index.html"
POSTERS = ".review"  # posters made from the videos, beside the page
POSTER_WIDTH = 640
REVIEW_PALETTE = Palette(background="#FAFAF7", text="#1B1F24", accent="#8A5A00")
ASPECTS = {"16:9": 16 / 9, "9:16": 9 / 16, "1:1": 1.0, "4:5": 4 / 5}
PLAYABLE = {".mp4": "video/mp4", ".webm": "video/webm"}
STILLS = (".gif", ".png")


@dataclass(frozen=True)
class ReviewItem:
    """One row of the page: a manifest entry and the files found beside its video."""

    name: str
    status: str
    file: str
    scene: str
    aspect: str
    duration: float
    size: int
    resolution: str
    fps: float | None
    seconds: float
    origin: str
    poster: str | None = None
    storyboard: str | None = None
    captions: str | None = None  # WebVTT text
    warnings: tuple[str, ...] = field(default=())


def aspect_of(width: int | None, height: int | None) -> str:
    """The named aspect (``16:9``, ``9:16``, ``1:1``, ``4:5``) nearest ``width``/``height``."""
    if not width or not height:
        return "?"
    ratio = width / height
    name, value = min(ASPECTS.items(), key=lambda kv: abs(math.log(kv[1] / ratio)))
    if abs(math.log(value / ratio)) < 0.02:
        return name
    divisor = math.gcd(width, height)
    return f"{width // divisor}:{height // divisor}"


def duration_warnings(duration: float, aspect: str, platform: str | None = None) -> list[str]:
    """Where a video of ``duration`` s is too long: its ``platform``, or every platform that
    takes its aspect when it names none."""
    chosen = (
        {platform: PLATFORMS[platform]}
        if platform in PLATFORMS
        else {n: p for n, p in PLATFORMS.items() if p.aspect == aspect}
    )
    return [
        f"{duration:.0f} s is over the {_length(spec.max_seconds)} that {name} takes"
        for name, spec in chosen.items()
        if duration > spec.max_seconds
    ]


def _length(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def review_items(output_dir: Path, jobs: Mapping[str, Mapping[str, Any]]) -> list[ReviewItem]:
    """The page's rows for manifest ``jobs`` (name → entry), sorted by name.

    Optional entry fields used when present: ``scene``, ``aspect``, ``platform`` and
    ``warnings`` (a list of messages, e.g. the theme's low-contrast warnings). Without
    ``scene`` the job name up to its first ``-`` is taken (batch variants are ``<name>-<pick>``).
    """
    output_dir = Path(output_dir)
    return [_item(output_dir, name, dict(jobs[name])) for name in sorted(jobs)]


def _item(output_dir: Path, name: str, entry: dict[str, Any]) -> ReviewItem:
    file = str(entry.get("file") or name)
    stem = Path(file).stem
    aspect = str(entry.get("aspect") or aspect_of(entry.get("width"), entry.get("height")))
    duration = float(entry.get("duration") or 0.0)
    warnings = [str(w) for w in entry.get("warnings") or ()]
    # A batch records these in the entry already; older entries did not.
    warnings += [
        w for w in duration_warnings(duration, aspect, entry.get("platform")) if w not in warnings
    ]
    if entry.get("status") == "failed":
        warnings.insert(0, f"render failed: {entry.get('error') or 'no reason recorded'}")
    vtt = output_dir / f"{stem}.vtt"
    board = output_dir / f"{stem}.storyboard.png"
    return ReviewItem(
        name=name,
        status=str(entry.get("status") or "rendered"),
        file=file,
        scene=str(entry.get("scene") or name.split("-", 1)[0]),
        aspect=aspect,
        duration=duration,
        size=int(entry.get("size") or 0),
        resolution=str(entry.get("resolution") or ""),
        fps=entry.get("fps"),
        seconds=float(entry.get("seconds") or 0.0),
        origin=str(entry.get("origin") or ""),
        poster=_poster(output_dir, file),
        storyboard=board.name if board.is_file() else None,
        captions=vtt.read_text("utf-8") if vtt.is_file() else None,
        warnings=tuple(warnings),
    )


def _poster(output_dir: Path, file: str) -> str | None:
    """The relative path of the video's poster: its thumbnail, or a frame taken from it."""
    video = output_dir / file
    if video.suffix in STILLS:
        return file if video.is_file() else None
    thumbnail = video.with_suffix(".png")
    if thumbnail.is_file():
        return thumbnail.name
    if not video.is_file():
        return None
    poster = output_dir / POSTERS / f"{video.stem}.png"
    if not poster.is_file() or poster.stat().st_mtime < video.stat().st_mtime:
        data = poster_png(video)
        if data is None:
            return None
        poster.parent.mkdir(exist_ok=True)
        write_atomic(poster, data)
    return f"{POSTERS}/{poster.name}"


def poster_png(video: Path, width: int = POSTER_WIDTH) -> bytes | None:
    """The last frame of ``video`` (the lesson's end state), at most ``width`` px wide, as PNG.

    Seeks to the last second instead of decoding the whole video. ``None`` when the file cannot
    be decoded.
    """
    import io

    import av

    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            if container.duration and container.duration > 1_000_000:
                container.seek(container.duration - 1_000_000, any_frame=False)
            frame = None
            for frame in container.decode(stream):  # noqa: B007 (the last one is wanted)
                pass
    except (av.FFmpegError, IndexError, OSError):
        return None
    if frame is None:
        return None
    image = frame.to_image()
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# -- the page ------------------------------------------------------------------------------


def write_review_page(
    output_dir: Path,
    *,
    jobs: Mapping[str, Mapping[str, Any]] | None = None,
    title: str = "Videos for review",
    palette: Palette | None = None,
) -> Path:
    """Write ``<output_dir>/index.html`` for the manifest's videos (or ``jobs``) and return it.

    Parameters
    ----------
    output_dir
        The batch's output folder, holding ``manifest.json`` and the videos.
    jobs
        Entries by job name; the manifest's when not given.
    title
        The page heading.
    palette
        The page's colours; a light theme by default (a page to read, not a video).

    Notes
    -----
    Posters made from videos go into ``.review/`` beside the page; the page itself is written
    through a temporary file and a rename, so a reader never sees half of it.
    """
    output_dir = Path(output_dir)
    items = review_items(output_dir, read_manifest(output_dir) if jobs is None else jobs)
    page = render_page(items, title, palette or REVIEW_PALETTE)
    target = output_dir / PAGE_NAME
    write_atomic(target, page)
    return target


def _asset(name: str) -> str:
    return resources.files("mnemo_anim.deliver").joinpath("assets", name).read_text("utf-8")


def render_page(items: Sequence[ReviewItem], title: str, palette: Palette) -> str:
    """The review page's HTML for ``items``."""
    import re

    fills = {
        "{{TITLE}}": html.escape(title),
        "{{SUMMARY}}": html.escape(summary(items)),
        "{{BACKGROUND}}": palette.background,
        "{{TEXT}}": palette.text,
        "{{ACCENT}}": palette.accent,
        "{{CSS}}": _asset("review.css"),
        "{{ROWS}}": "\n".join(render_row(item) for item in items),
        "{{SCRIPT}}": _asset("review.js"),
    }
    pattern = re.compile("|".join(re.escape(key) for key in fills))
    return pattern.sub(lambda m: fills[m.group(0)], _asset("review.html"))


def summary(items: Sequence[ReviewItem]) -> str:
    """One line: how many videos, their total length and size, how many need a look."""
    failed = sum(item.status == "failed" for item in items)
    warned = sum(bool(item.warnings) for item in items)
    total = sum(item.duration for item in items)
    parts = [
        f"{len(items)} video{'s' if len(items) != 1 else ''}",
        f"{_clock(total)} in all",
        human_size(sum(item.size for item in items)),
    ]
    if failed:
        parts.append(f"{failed} failed")
    if warned:
        parts.append(f"{warned} with warnings")
    return " · ".join(parts)


def human_size(size: int) -> str:
    """``size`` bytes as kB/MB/GB (powers of 1000, as file managers show them)."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds, 1), 60)
    return f"{int(minutes)}:{rest:04.1f}" if minutes else f"{rest:.1f} s"


def render_row(item: ReviewItem) -> str:
    """One ``<tr>``: data attributes for sorting, then the cells."""
    e = html.escape
    data = (
        f'data-name="{e(item.name)}" data-scene="{e(item.scene)}" data-aspect="{e(item.aspect)}" '
        f'data-duration="{item.duration}" data-size="{item.size}" data-seconds="{item.seconds}"'
    )
    board = (
        f'<a href="{e(item.storyboard)}"><img src="{e(item.storyboard)}" '
        f'alt="Storyboard of {e(item.name)}" loading="lazy"></a>'
        if item.storyboard
        else ""
    )
    warnings = "".join(f"<li>{e(w)}</li>" for w in item.warnings)
    status = {"rendered": "rendered", "cached": "up to date"}.get(item.status, item.status)
    return (
        f'<tr {data} class="{e(item.status)}">'
        f'<td class="preview">{_media(item)}</td>'
        f'<td><div class="name">{e(item.name)}</div>'
        f"<div>{e(item.scene)}{' · ' + e(item.aspect) if item.aspect != '?' else ''}</div>"
        f'<div class="small">{e(item.origin)}</div>{_links(item)}'
        f'<span class="status">{e(status)}</span></td>'
        f"<td>{_details(item)}</td>"
        f'<td class="board">{board}</td>'
        f'<td><ul class="warnings">{warnings}</ul></td></tr>'
    )


def _details(item: ReviewItem) -> str:
    rows = [("render", f"{item.seconds:.1f} s")]
    if item.status != "failed":
        picture = item.resolution + (f" · {item.fps:g} fps" if item.fps else "")
        rows = [
            ("length", _clock(item.duration)),
            ("size", human_size(item.size)),
            ("picture", picture),
            *rows,
        ]
    inner = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    return f"<dl>{inner}</dl>"


def _media(item: ReviewItem) -> str:
    e = html.escape
    suffix = Path(item.file).suffix.lower()
    if item.status == "failed":
        return ""
    if suffix in STILLS:
        return f'<img src="{e(item.file)}" alt="{e(item.name)}" loading="lazy">'
    poster = f' poster="{e(item.poster)}"' if item.poster else ""
    if suffix not in PLAYABLE:
        # ProRes .mov: editors take it, browsers do not play it; show its picture instead.
        return f'<img src="{e(item.poster)}" alt="{e(item.name)}">' if item.poster else ""
    track = ""
    if item.captions is not None:
        data = base64.b64encode(item.captions.encode("utf-8")).decode("ascii")
        track = (
            '<track kind="captions" srclang="en" label="Captions" default '
            f'src="data:text/vtt;base64,{data}">'
        )
    return (
        f'<video controls preload="metadata"{poster}>'
        f'<source src="{e(item.file)}" type="{PLAYABLE[suffix]}">{track}</video>'
    )


def _links(item: ReviewItem) -> str:
    e = html.escape
    stem = Path(item.file).stem
    kind = "slides" if item.file.endswith("_slides/index.html") else Path(item.file).suffix[1:]
    links = [] if item.status == "failed" else [(item.file, kind)]
    if item.captions is not None:
        links.append((f"{stem}.vtt", "captions"))
    inner = "".join(f'<a href="{e(href)}">{e(label)}</a>' for href, label in links)
    return f'<div class="links small">{inner}</div>' if inner else ""

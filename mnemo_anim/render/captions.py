"""Caption sidecars (SubRip ``.srt`` and WebVTT ``.vtt``) and YouTube chapters, from the steps
as they were actually rendered: each cue starts and ends with its step."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from mnemo_anim.config.models import CAPTION_LINE

Step = tuple[str, float, float]


def _clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def cues(steps: Sequence[Step], texts: Mapping[str, str]) -> list[tuple[float, float, str]]:
    """``(start, end, text)`` for every step that has narration, wrapped as on screen."""
    return [
        (start, end, "\n".join(textwrap.wrap(texts[name], CAPTION_LINE)))
        for name, start, end in steps
        if texts.get(name) and end > start
    ]


def to_srt(steps: Sequence[Step], texts: Mapping[str, str]) -> str:
    blocks = [
        f"{i}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{text}\n"
        for i, (start, end, text) in enumerate(cues(steps, texts), 1)
    ]
    return "\n".join(blocks)


def to_vtt(steps: Sequence[Step], texts: Mapping[str, str]) -> str:
    blocks = [
        f"{name}\n{_clock(start, '.')} --> {_clock(end, '.')}\n{text}\n"
        for name, (start, end, text) in zip(
            [n for n, s, e in steps if texts.get(n) and e > s], cues(steps, texts), strict=True
        )
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_chapters(steps: Sequence[Step]) -> str:
    """YouTube's chapter list: ``00:00 Row 0`` per line, starting at 00:00.

    YouTube shows chapters only with at least three of at least ten seconds each; the list is
    written regardless, for the description box.
    """
    lines = []
    for name, start, _ in steps:
        total = int(start)
        h, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        stamp = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
        lines.append(f"{stamp} {name[:1].upper()}{name[1:]}")
    return "\n".join(lines) + "\n"

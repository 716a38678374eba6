"""Caption cues timed from the sound itself, and SubRip/WebVTT in and out.

A cue is ``(text, start, end)`` in seconds, its text already wrapped into at most two lines of
42 characters. How cues are timed:

1. **Sentences** come from the speech: exact for synthesised narration (one synthesis per
   sentence), placed on the recording's pauses for a lecturer's own file.
2. **Within a sentence** too long for one cue, the text is split at clauses (then words) and
   the sentence's measured span is divided by character count; each boundary then moves onto
   the widest pause the waveform shows within :data:`CLAUSE_REACH` seconds (the breath at a
   comma), if there is one. No engine here gives word timings, so nothing relies on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from mnemo_anim.audio import pcm, speech, text
from mnemo_anim.audio.speech import Speech

Cue = tuple[str, float, float]

# A clause boundary guessed from character counts moves at most this far to meet a pause.
CLAUSE_REACH = 0.4
# Pauses inside a sentence worth snapping to (a comma's breath is 0.1–0.3 s).
CLAUSE_PAUSE = 0.08
# A cue stays up across a silence shorter than this, so captions do not flicker between
# sentences.
BRIDGE = 0.8


def _sentence_cues(
    sentence: speech.Sentence, samples_pauses: list[tuple[float, float]]
) -> list[Cue]:
    pieces = text.chunks(sentence.text)
    inside = [g for g in samples_pauses if sentence.start < g[0] and g[1] < sentence.end]
    spans = speech.split_span(
        [len(p) for p in pieces], sentence.start, sentence.end, inside, CLAUSE_REACH
    )
    return [(text.wrap(p), a, b) for p, (a, b) in zip(pieces, spans, strict=True)]


def step_cues(narration: Speech, offset: float = 0.0) -> list[Cue]:
    """The caption cues of one step's speech, shifted by ``offset`` (the step's start)."""
    gaps = pcm.pauses(narration.samples, narration.rate, CLAUSE_PAUSE)
    cues: list[Cue] = []
    for sentence in narration.sentences:
        cues.extend(_sentence_cues(sentence, gaps))
    bridged = [
        (t, a, b2 if 0 <= b2 - b < BRIDGE else b)
        for (t, a, b), (_, b2, _) in zip(cues, [*cues[1:], ("", -1.0, -1.0)], strict=True)
    ]
    return [(t, a + offset, b + offset) for t, a, b in bridged if b > a]


def shift(cues: Iterable[Cue], by: float) -> list[Cue]:
    """``cues`` moved ``by`` seconds later."""
    return [(t, a + by, b + by) for t, a, b in cues]


def timestamp(seconds: float, sep: str = ",") -> str:
    """``HH:MM:SS,mmm`` (SubRip, ``sep=","``) or ``HH:MM:SS.mmm`` (WebVTT)."""
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: Sequence[Cue]) -> str:
    """SubRip text of ``cues``."""
    return "\n".join(
        f"{i}\n{timestamp(a)} --> {timestamp(b)}\n{t}\n" for i, (t, a, b) in enumerate(cues, 1)
    )


def to_vtt(cues: Sequence[Cue]) -> str:
    """WebVTT text of ``cues``."""
    blocks = [f"{timestamp(a, '.')} --> {timestamp(b, '.')}\n{t}\n" for t, a, b in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})")


def _seconds(match: re.Match[str]) -> float:
    h, m, s, ms = match.groups()
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse(document: str) -> list[Cue]:
    """The cues of a SubRip or WebVTT document (cue numbers, ids, settings and notes
    ignored)."""
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", document.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for index, line in enumerate(lines):
            if "-->" in line:
                left, right = line.split("-->", 1)
                start, end = _TIME.search(left), _TIME.search(right)
                if start and end:
                    body = "\n".join(lines[index + 1 :]).strip()
                    cues.append((body, _seconds(start), _seconds(end)))
                break
    return cues

"""One step's narration as sound: the samples and where each sentence is spoken in them.

Synthesised narration is made one sentence at a time, so its sentence times are exact. A
recording is one piece; its sentences are placed on the pauses the waveform shows
(:func:`place`), guided by how much text each sentence has.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mnemo_anim.audio import pcm

# Silence between two synthesised sentences, and before the first: a speaker's breath.
SENTENCE_GAP = 0.30
LEAD_IN = 0.05
# How far (seconds) a boundary guessed from character counts may move to land on a pause.
SENTENCE_REACH = 1.0
EDGE_FADE = 0.005


@dataclass(frozen=True)
class Sentence:
    """A stretch of speech: its text and its start and end in seconds."""

    text: str
    start: float
    end: float


@dataclass(frozen=True, eq=False)
class Speech:
    """Mono float32 samples at :data:`~mnemo_anim.audio.pcm.RATE` and their sentences.

    ``timing`` says where the sentence times came from: ``"synthesised"`` (one synthesis per
    sentence, exact) or ``"pauses"`` (a recording, placed on its pauses).
    """

    samples: np.ndarray
    sentences: tuple[Sentence, ...] = ()
    timing: str = "synthesised"
    rate: int = field(default=pcm.RATE)

    @property
    def duration(self) -> float:
        """Length in seconds, silence included."""
        return len(self.samples) / self.rate


def trim(samples: np.ndarray, rate: int = pcm.RATE) -> np.ndarray:
    """``samples`` without the silence an engine leaves before and after the speech."""
    start, end = pcm.speech_bounds(samples, rate)
    if end <= start:
        return samples[:0]
    cut = samples[int(start * rate) : int(np.ceil(end * rate))].astype(np.float32)
    # The cut lands where the sound is quiet, not at zero: fade over 5 ms so it cannot click.
    fade = min(len(cut) // 2, round(EDGE_FADE * rate))
    ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
    cut[:fade] *= ramp
    cut[len(cut) - fade :] *= ramp[::-1]
    return cut


def join(texts: Sequence[str], clips: Sequence[np.ndarray]) -> Speech:
    """One :class:`Speech` from a synthesised clip per sentence, with :data:`SENTENCE_GAP`
    between them; each sentence's time is exactly where its clip lies."""
    rate = pcm.RATE
    gap = np.zeros(round(SENTENCE_GAP * rate), np.float32)
    parts: list[np.ndarray] = [np.zeros(round(LEAD_IN * rate), np.float32)]
    placed: list[Sentence] = []
    cursor = len(parts[0])
    for index, (text, clip) in enumerate(zip(texts, clips, strict=True)):
        spoken = trim(clip, rate)
        if index:
            parts.append(gap)
            cursor += len(gap)
        placed.append(Sentence(text, cursor / rate, (cursor + len(spoken)) / rate))
        parts.append(spoken.astype(np.float32, copy=False))
        cursor += len(spoken)
    return Speech(np.concatenate(parts), tuple(placed), "synthesised")


def split_span(
    weights: Sequence[float],
    start: float,
    end: float,
    gaps: Sequence[tuple[float, float]],
    reach: float,
) -> list[tuple[float, float]]:
    """Divide ``[start, end]`` into ``len(weights)`` spans proportional to ``weights``, moving
    each boundary onto the middle of the widest pause (from ``gaps``) within ``reach`` seconds.

    A boundary with no pause near keeps its proportional place. Boundaries stay in order.
    """
    total = float(sum(weights)) or 1.0
    bounds = [start]
    running = 0.0
    for weight in weights[:-1]:
        running += weight
        guess = start + (end - start) * running / total
        near = [g for g in gaps if abs((g[0] + g[1]) / 2 - guess) <= reach]
        if near:
            widest = max(near, key=lambda g: (g[1] - g[0], -abs((g[0] + g[1]) / 2 - guess)))
            guess = (widest[0] + widest[1]) / 2
        bounds.append(min(max(guess, bounds[-1]), end))
    bounds.append(end)
    return list(itertools.pairwise(bounds))


def place(texts: Sequence[str], samples: np.ndarray) -> Speech:
    """A recording with its transcript's sentences placed on the recording's pauses."""
    start, end = pcm.speech_bounds(samples)
    spans = (
        split_span([len(t) for t in texts], start, end, pcm.pauses(samples), SENTENCE_REACH)
        if texts
        else []
    )
    sentences = tuple(Sentence(t, a, b) for t, (a, b) in zip(texts, spans, strict=True))
    return Speech(samples, sentences, "pauses")

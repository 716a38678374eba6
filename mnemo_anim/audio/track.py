"""One narration track for a render: each step's speech laid at its step's start."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from mnemo_anim.audio import pcm
from mnemo_anim.audio.cues import Cue, step_cues
from mnemo_anim.audio.speech import Speech

Step = tuple[str, float, float]


def assemble(
    steps: Sequence[Step], narration: Mapping[str, Speech], duration: float | None = None
) -> np.ndarray:
    """Mono float32 samples at 48 kHz: silence, with each step's speech starting at its step's
    start (to the sample).

    Parameters
    ----------
    steps
        ``(name, start, end)`` of every step as rendered (after :func:`plan_steps`).
    narration
        Speech by step name; steps without an entry are silent.
    duration
        The video's length: the track is cut or padded with silence to exactly this. Default:
        the end of the last step or of the last speech, whichever is later.

    Raises
    ------
    KeyError
        ``narration`` names a step that is not in ``steps``.
    """
    rate = pcm.RATE
    known = {name for name, _, _ in steps}
    unknown = sorted(set(narration) - known)
    if unknown:
        raise KeyError(f"narration for steps that do not exist: {', '.join(unknown)}")
    starts = {name: round(start * rate) for name, start, _ in steps}
    end = max([round(e * rate) for _, _, e in steps] or [0])
    end = max([end] + [starts[n] + len(s.samples) for n, s in narration.items()])
    length = end if duration is None else round(duration * rate)
    track = np.zeros(max(end, length), np.float32)
    for name, spoken in narration.items():
        at = starts[name]
        # Added, not assigned: speech longer than its step (timing not applied) overlaps the
        # next one audibly rather than being silently cut.
        track[at : at + len(spoken.samples)] += spoken.samples
    return track[:length]


def track_cues(steps: Sequence[Step], narration: Mapping[str, Speech]) -> list[Cue]:
    """Caption cues of the whole track (:func:`~mnemo_anim.audio.cues.step_cues` of each step,
    shifted to its start), in time order."""
    starts = {name: start for name, start, _ in steps}
    cues: list[Cue] = []
    for name, _, _ in steps:
        if name in narration:
            cues.extend(step_cues(narration[name], starts[name]))
    return sorted(cues, key=lambda cue: cue[1])

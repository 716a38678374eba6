"""Errors of the audio engine, each carrying what the integrator needs to locate it in a config.

They derive from :class:`~mnemo_anim.errors.MnemoError`, so one that escapes still reaches the
user as a message and an exit code, never a traceback; the loader turns :class:`AudioFileError`
and :class:`VoiceUnavailable` into a located ``ConfigError`` (file:line:col of the key).
"""

from __future__ import annotations

from pathlib import Path

from mnemo_anim.errors import MnemoError


class AudioError(MnemoError):
    """Base of every audio problem."""

    exit_code = 1


class AudioFileError(AudioError):
    """A recording is missing, unreadable, or not audio.

    Attributes
    ----------
    path
        The file as the config named it.
    reason
        What is wrong and what to do, without the path (for a located message).
    """

    exit_code = 2

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class VoiceUnavailable(AudioError):
    """A voice was asked for whose engine or voice file is not on this machine."""

    exit_code = 2

    def __init__(self, voice: str, reason: str) -> None:
        self.voice = voice
        self.reason = reason
        super().__init__(f"voice {voice!r}: {reason}")


class SynthesisError(AudioError):
    """A speech engine that is installed failed on the text it was given."""

    exit_code = 1

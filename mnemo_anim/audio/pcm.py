"""Sound as NumPy arrays: decode any audio file with PyAV, resample, write WAV, find silence.

Everything inside the audio package is mono float32 at :data:`RATE` (48 kHz, what video
platforms and the AAC/Opus encoders want); stereo appears only in the final track.
"""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np

from mnemo_anim.audio.errors import AudioFileError

RATE = 48_000
# A 10-ms analysis window: short enough to see the gap between two words.
WINDOW = 0.010
# Windows quieter than this (dBFS RMS) count as silence. Piper, espeak and a quiet room all sit
# below -50 dB between phrases; speech is above -40 dB.
SILENCE_DB = -45.0


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """Decode the first audio stream of ``path`` to mono float32 at ``rate``.

    Raises
    ------
    AudioFileError
        The file is missing, is not a media file, has no audio stream, or holds no samples.
    """
    path = Path(path)
    if not path.is_file():
        raise AudioFileError(path, "the file does not exist; check the path")
    try:
        container = av.open(str(path))
    except av.FFmpegError as error:
        raise AudioFileError(
            path,
            f"cannot be read as audio ({error.strerror or error}); give a wav, flac, mp3 or m4a",
        ) from error
    with container:
        if not container.streams.audio:
            kinds = ", ".join(sorted({s.type for s in container.streams})) or "nothing"
            raise AudioFileError(
                path, f"has no audio stream (it holds {kinds}); give a wav, flac, mp3 or m4a"
            )
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks: list[np.ndarray] = []
        try:
            for frame in container.decode(container.streams.audio[0]):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError as error:
            raise AudioFileError(path, f"is damaged and stops decoding: {error}") from error
    samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if samples.size == 0:
        raise AudioFileError(path, "holds no sound (zero samples); record it again")
    return samples


def to_rate(samples: np.ndarray, source_rate: int, rate: int = RATE) -> np.ndarray:
    """Resample mono float32 ``samples`` with FFmpeg's resampler."""
    if source_rate == rate:
        return samples.astype(np.float32, copy=False)
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(samples, dtype=np.float32)[None, :], format="flt", layout="mono"
    )
    frame.sample_rate = source_rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    parts = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


def read_wav(path: Path) -> np.ndarray:
    """A 16-bit PCM WAV file written by a speech engine, as mono float32 at :data:`RATE`."""
    with wave.open(str(path), "rb") as handle:
        width, channels, source_rate = (
            handle.getsampwidth(),
            handle.getnchannels(),
            handle.getframerate(),
        )
        data = handle.readframes(handle.getnframes())
    if width != 2:
        return decode(path)
    pcm = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        pcm = pcm.reshape(-1, channels).mean(axis=1)
    return to_rate(pcm, source_rate)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    """Write mono (1-D) or interleaved multichannel (samples × channels) float audio as 16-bit
    PCM WAV; values are clipped to [-1, 1]. ``path`` is written in place: pass a staging path
    (``files.atomic_path``) or a private work folder."""
    data = np.asarray(samples, dtype=np.float32)
    channels = 1 if data.ndim == 1 else data.shape[1]
    pcm = (np.clip(data, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())


def levels(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """RMS level in dBFS of each :data:`WINDOW` of ``samples``."""
    size = max(1, round(WINDOW * rate))
    count = len(samples) // size
    if count == 0:
        return np.zeros(0)
    frames = samples[: count * size].reshape(count, size).astype(np.float64)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-9))


def speech_bounds(samples: np.ndarray, rate: int = RATE) -> tuple[float, float]:
    """Seconds from the start to the first and to the end of the last non-silent window.

    ``(0, 0)`` for a silent array.
    """
    loud = np.flatnonzero(levels(samples, rate) > SILENCE_DB)
    if loud.size == 0:
        return 0.0, 0.0
    return float(loud[0] * WINDOW), float((loud[-1] + 1) * WINDOW)


def pauses(
    samples: np.ndarray, rate: int = RATE, minimum: float = 0.12
) -> list[tuple[float, float]]:
    """Silent stretches of at least ``minimum`` seconds inside the speech, as (start, end)."""
    quiet = levels(samples, rate) <= SILENCE_DB
    found: list[tuple[float, float]] = []
    start: int | None = None
    for index, silent in enumerate([*quiet.tolist(), False]):
        if silent and start is None:
            start = index
        elif not silent and start is not None:
            if start > 0 and index < len(quiet) and (index - start) * WINDOW >= minimum:
                found.append((start * WINDOW, index * WINDOW))
            start = None
    return found

"""Loudness: measure (EBU R128 integrated loudness, true peak) and normalise, with FFmpeg's
``ebur128`` and ``alimiter`` filters through PyAV's filter graph.

Normalising: measure, apply the gain that brings the integrated loudness to :data:`TARGET`;
if that would push the true peak above :data:`CEILING`, limit the peaks. The limiter runs at
4× the rate (192 kHz), where sample peaks are true peaks as EBU R128 measures them, then the
sound returns to 48 kHz. A second, small gain step corrects the loudness the limiter took.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.filter
import numpy as np

from mnemo_anim.audio import pcm
from mnemo_anim.audio.errors import AudioFileError

TARGET = -16.0  # LUFS integrated: what YouTube, Apple and the podcast guidelines aim for
CEILING = -1.5  # dBTP: half a dB under the -1 dBTP limit, for the AAC/Opus encoders' overshoot
TOLERANCE = 0.3  # LU: close enough to stop correcting
CHUNK = 4800  # samples a frame pushed into a graph (100 ms at 48 kHz)
SILENT = -70.0  # LUFS: ebur128's absolute gate; quieter than this is silence
OVERSAMPLE = 4


@dataclass(frozen=True)
class Loudness:
    """EBU R128 integrated loudness (LUFS), true peak (dBTP) and loudness range (LU)."""

    integrated: float
    true_peak: float
    lra: float


def _frames(samples: np.ndarray, rate: int) -> Iterator[av.AudioFrame]:
    """Planar float frames of :data:`CHUNK` samples from ``samples`` (channels × n)."""
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    for at in range(0, samples.shape[1], CHUNK):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples[:, at : at + CHUNK], dtype=np.float32),
            format="fltp",
            layout=layout,
        )
        frame.sample_rate = rate
        frame.pts = at
        frame.time_base = Fraction(1, rate)
        yield frame


def _graph(
    samples: np.ndarray, rate: int, chain: list[tuple[str, str]]
) -> tuple[list[av.AudioFrame], av.filter.Graph]:
    """Run ``samples`` (channels × n, float32) through a chain of FFmpeg audio filters."""
    graph = av.filter.Graph()
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    node = graph.add_abuffer(
        format="fltp", sample_rate=rate, layout=layout, time_base=Fraction(1, rate)
    )
    first = node
    # Filters such as alimiter work on packed doubles; ask for planar float back, so every
    # frame reads as channels × samples.
    for name, args in [*chain, ("aformat", "sample_fmts=fltp")]:
        nxt = graph.add(name, args)
        node.link_to(nxt)
        node = nxt
    sink = graph.add("abuffersink")
    node.link_to(sink)
    graph.configure()
    out: list[Any] = []

    def drain() -> None:
        while True:
            try:
                out.append(sink.pull())
            except (av.BlockingIOError, av.EOFError):
                return

    for frame in _frames(samples, rate):
        first.push(frame)
        drain()
    first.push(None)
    drain()
    return out, graph


def _as_channels(samples: np.ndarray) -> np.ndarray:
    data = np.asarray(samples, dtype=np.float32)
    return data[None, :] if data.ndim == 1 else data


def measure_samples(samples: np.ndarray, rate: int = pcm.RATE) -> Loudness:
    """Loudness of mono (n) or multichannel (channels × n) float samples."""
    frames, _ = _graph(_as_channels(samples), rate, [("ebur128", "metadata=1:peak=true")])
    integrated, lra, peak = SILENT - 50, 0.0, 0.0
    for frame in frames:
        meta = frame.metadata
        if "lavfi.r128.I" in meta:
            integrated = float(meta["lavfi.r128.I"])
            lra = float(meta.get("lavfi.r128.LRA", 0.0))
        # true_peak is the largest over channels in this frame, linear.
        peak = max(peak, float(meta.get("lavfi.r128.true_peak", 0.0)))
    return Loudness(integrated, 20 * math.log10(peak) if peak > 0 else -math.inf, lra)


def read_channels(path: Path, rate: int = pcm.RATE) -> np.ndarray:
    """The first audio stream of a file (a muxed video too), channels × n float32 at ``rate``,
    its channel layout kept (loudness of stereo and of mono differ)."""
    path = Path(path)
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            layout = "mono" if stream.codec_context.channels == 1 else "stereo"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
            parts = [
                out.to_ndarray()
                for frame in [*container.decode(stream), None]
                for out in resampler.resample(frame)
            ]
    except (av.FFmpegError, IndexError) as error:
        raise AudioFileError(path, f"has no readable audio: {error}") from error
    if not parts:
        raise AudioFileError(path, "has no audio samples")
    return np.concatenate(parts, axis=1)


def measure(path: Path) -> Loudness:
    """Integrated loudness (LUFS), true peak (dBTP) and loudness range of a file's audio."""
    return measure_samples(read_channels(path))


def _limit(samples: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """Peak-limit at ``ceiling`` dBTP: alimiter at 4× rate, with its delay compensated and its
    auto-levelling off (it would raise the whole track back to 0 dBFS)."""
    limit = 10 ** (ceiling / 20)
    chain = [
        ("aresample", f"{rate * OVERSAMPLE}"),
        ("alimiter", f"limit={limit:.6f}:attack=2:release=50:level=0:latency=1"),
        ("aresample", f"{rate}"),
    ]
    frames, _ = _graph(samples, rate, chain)
    out = np.concatenate([f.to_ndarray() for f in frames], axis=1)
    # Resampling can leave a few samples more or less at the end; keep the length exact.
    fixed = np.zeros_like(samples)
    fixed[:, : min(out.shape[1], samples.shape[1])] = out[:, : samples.shape[1]]
    return fixed


def normalize(
    samples: np.ndarray, rate: int = pcm.RATE, target: float = TARGET, ceiling: float = CEILING
) -> np.ndarray:
    """``samples`` at ``target`` LUFS with true peaks ≤ ``ceiling``, as stereo 2 × n float32.

    A mono track (n, or 1 × n) is made two identical channels first and measured so: that is
    how it is played and measured once muxed (measured as mono it would come out 3 LU louder).
    Silence is returned unchanged; the length never changes.
    """
    data = _as_channels(samples)
    data = np.repeat(data, 2, axis=0) if data.shape[0] == 1 else data.copy()
    level = measure_samples(data, rate)
    if level.integrated <= SILENT:
        return data
    for _ in range(3):
        gain = target - level.integrated
        if abs(gain) <= TOLERANCE and level.true_peak <= ceiling:
            break
        data *= np.float32(10 ** (gain / 20))
        if level.true_peak + gain > ceiling:
            data = _limit(data, rate, ceiling - 0.3)
        level = measure_samples(data, rate)
    return data

"""Content-addressed store of synthesised sentences, and digests of every audio input.

A sentence's sound is stored under the SHA-256 of what decides it: the text, the engine, the
voice file's own digest and the speed. Re-rendering a scene, or another scene saying the same
sentence, reads the stored sound and never starts the engine.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from mnemo_anim.files import cache_root, write_atomic

# Bump when the stored format or the way sound is post-processed changes.
FORMAT = 1


@lru_cache(maxsize=16)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, remembered per (path, size, mtime) in this process.

    A 60 MB Piper voice takes about 0.1 s to hash; a render asks many times.
    """
    stat = Path(path).stat()
    return _file_digest(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


def audio_digest(paths: Iterable[Path], voice: str = "") -> str:
    """One digest of every audio input of a job: each recording's content in order, plus the
    voice's identity (:attr:`Engine.identity`, which covers its voice file and speed).

    Goes into the job cache key, so an edited recording or a new voice file re-renders. A
    missing file is named in the digest rather than raising: the loader reports it.
    """
    digest = hashlib.sha256(f"audio-{FORMAT}\0{voice}\0".encode())
    for path in paths:
        path = Path(path)
        digest.update(file_digest(path).encode() if path.is_file() else f"missing:{path}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


class SpeechCache:
    """Sentences of synthesised sound on disk, keyed by content.

    Parameters
    ----------
    root
        The folder to keep them in; default ``<cache root>/speech`` (``MNEMO_ANIM_CACHE``).
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else cache_root() / "speech"
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(text: str, engine: str, voice_digest: str, speed: float) -> str:
        """The content key of one sentence's sound."""
        fields = {"f": FORMAT, "text": text, "engine": engine, "voice": voice_digest}
        fields["speed"] = f"{speed:.4f}"
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.npy"

    def get(self, key: str) -> np.ndarray | None:
        """The stored samples for ``key``, or ``None``."""
        path = self._path(key)
        try:
            samples = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return samples

    def put(self, key: str, samples: np.ndarray) -> None:
        """Store ``samples`` (written atomically: a concurrent reader sees all or nothing)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(samples, dtype=np.float32), allow_pickle=False)
        write_atomic(path, buffer.getvalue())

"""mnemo-anim: YAML configs in, Manim videos that teach matrix-vector multiplication out."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

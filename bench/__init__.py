"""Benchmarks of mnemo-anim against plain Manim: ``python -m bench`` (see bench/README.md)."""

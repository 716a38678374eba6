"""Rendering: job model → Manim scene → checked, atomically placed file in ``output/``."""

"""The lesson's mathematics per scene kind, without Manim: what a scene shows and what its
narration says are computed here once, and tests compare both with NumPy."""

"""The maths each scene kind teaches, without Manim or visuals: models, narration and scenes
all read the numbers from here."""

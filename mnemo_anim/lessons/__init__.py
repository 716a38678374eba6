"""The numbers each lesson scene shows, computed without Manim: models, narration and scenes
all read them from here, so what is said, drawn and tested is one computation."""

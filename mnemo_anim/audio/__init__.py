"""Narration audio: speech engines, a content-hash cache, caption cues, track assembly,
loudness and muxing, all offline and through PyAV (no ffmpeg binary).

Scenes never touch audio: they expose step boundaries; the renderer asks :func:`plan_steps`
how long each step must hold for its narration, then builds, normalises and muxes the track.
"""

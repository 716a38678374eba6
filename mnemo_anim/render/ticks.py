"""Progress inside one render: the frame total, frames drawn and steps finished, as events.

The runner hooks a :class:`Ticker` into the renderer's frame loop and the scene's step ends;
the ticker turns them into events ``(kind, args)`` for a ``send`` function, which hands them to
the reporter in this process or puts them on a queue back to the parent of a worker process.

Events:

- ``("total", (frames, steps))``: before the first frame, what the job will draw;
- ``("frames", (done,))``: frames drawn so far, at most every :data:`FRAME_INTERVAL` seconds
  (so a 60 fps render sends about five a second, not sixty);
- ``("step", (index, steps, name))``: step ``index`` (from 1) of ``steps`` has ended.

Nothing here imports Manim.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

Send = Callable[[str, tuple[Any, ...]], None]
FRAME_INTERVAL = 0.2  # seconds between frame events


class Ticker:
    """Turns one render's frame and step hooks into throttled progress events.

    Parameters
    ----------
    send
        Called with each event ``(kind, args)``.
    want_total
        Whether the receiver shows a frame bar (a terminal): only then does the runner pay for
        a dry run of the timeline to learn the frame total before the first frame.
    steps
        The job's step names (``job.steps()``), known without running anything.
    """

    def __init__(self, send: Send, *, want_total: bool, steps: list[str]) -> None:
        self.send = send
        self.want_total = want_total
        self.steps = list(steps)
        self.done_steps = 0
        self._last = 0.0

    def total(self, frames: int) -> None:
        """The frames the render will draw (from a dry run), sent before the first one."""
        self.send("total", (int(frames), len(self.steps)))

    def frames(self, done: int) -> None:
        """``done`` frames drawn: called for every frame, sends at most one event a tick."""
        now = time.monotonic()
        if now - self._last >= FRAME_INTERVAL:
            self._last = now
            self.send("frames", (done,))

    def step(self, scene: object, name: str) -> None:
        """A step ended (the signature of a step-end hook: ``hook(scene, name)``)."""
        self.done_steps += 1
        self.send("step", (self.done_steps, len(self.steps), name))


def silent(kind: str, args: tuple[Any, ...]) -> None:
    """A ``send`` that drops every event."""

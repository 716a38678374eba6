"""Delivery: what a lesson becomes besides its video — a lecture, a slides deck, a storyboard,
a review page.

Each module writes static files that work opened from ``file://``:

- :mod:`mnemo_anim.deliver.lecture`: many rendered parts joined into one chaptered video.
- :mod:`mnemo_anim.deliver.slides`: ``<name>_slides/index.html`` and one clip a step.
- :mod:`mnemo_anim.deliver.storyboard`: ``<name>.storyboard.png``, every step's end state tiled.
- :mod:`mnemo_anim.deliver.review`: ``output/index.html``, a batch's videos on one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mnemo_anim.visuals.theme import Theme

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Palette:
    """The colours (``#RRGGBB``) of a page or board, taken from the video's theme so they match.

    Attributes
    ----------
    background
        The ground.
    text
        Text on it.
    accent
        Highlights: step numbers, the progress bar, the presenter's timer.
    """

    background: str = "#0E1116"
    text: str = "#ECEFF4"
    accent: str = "#FFD166"

    def __post_init__(self) -> None:
        for field in ("background", "text", "accent"):
            value = getattr(self, field)
            if not _COLOUR.fullmatch(value):
                raise ValueError(f"{field} colour {value!r} is not of the form #RRGGBB")

    @classmethod
    def from_theme(cls, theme: Theme) -> Palette:
        """The palette of a video theme (``mnemo_anim.visuals.theme.resolve_theme(job.style)``)."""
        return cls(theme.background.upper(), theme.text.upper(), theme.accent.upper())

"""A grid of small planes inside a box, each with a caption below it or beside it (the gallery's
layout).

Every way to arrange the planes is tried — 1 to n columns, caption below or to the right — and
the one with the largest planes wins, counting the room the captions need at that width: a wide
16:9 body gets one row with captions below, a tall 9:16 body one column with captions beside.
``caption_size(width, place)`` says how big the captions are when wrapped to ``width`` below or
beside their planes (``None`` when they cannot be wrapped legibly that narrow), so an
arrangement never shrinks the words. Pure arithmetic on :class:`~mnemo_anim.layout.Box`
es, tested without rendering.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from mnemo_anim.layout import Box

CAPTION_GAP = 0.12  # between a plane and its caption
MIN_SIDE = 0.3
Place = Literal["below", "beside"]
# (width, where) → (width used, height), or None when the captions cannot be that narrow
CaptionSize = Callable[[float, Place], tuple[float, float] | None]


@dataclass(frozen=True)
class Tile:
    """Where one small plane goes (a square) and where its caption goes."""

    plane: Box
    caption: Box


@dataclass(frozen=True)
class _Plan:
    side: float
    cols: int
    place: Place
    cell_w: float
    cell_h: float
    cap_w: float
    cap_h: float


def _plans(box: Box, count: int, caption_size: CaptionSize, gap: float) -> Iterator[_Plan]:
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        cell_w = (box.width - gap * (cols - 1)) / cols
        cell_h = (box.height - gap * (rows - 1)) / rows
        below = caption_size(cell_w, "below")
        if below is not None:
            side = min(cell_w, cell_h - below[1] - CAPTION_GAP)
            yield _Plan(
                side, cols, "below", cell_w, side + CAPTION_GAP + below[1], cell_w, below[1]
            )
        side = min(cell_h, cell_w / 2)
        while side >= MIN_SIDE:  # beside: the plane gives up width until the caption fits
            beside = caption_size(cell_w - side - CAPTION_GAP, "beside")
            if beside is not None and beside[1] <= cell_h:
                cap_w = beside[0]
                yield _Plan(side, cols, "beside", side + CAPTION_GAP + cap_w, cell_h, cap_w, cell_h)
                break
            side *= 0.95


def tile_grid(box: Box, count: int, caption_size: CaptionSize, *, gap: float = 0.3) -> list[Tile]:
    """``count`` square planes with their captions, as large as ``box`` allows.

    Rows fill left to right; a last row that is not full is centred, and so is the whole grid.
    """
    if count < 1:
        raise ValueError("a grid of planes needs at least one plane")
    plans = [p for p in _plans(box, count, caption_size, gap) if p.side >= MIN_SIDE]
    if not plans:
        raise ValueError("the captions leave no room for the planes; shorten them")
    plan = max(plans, key=lambda p: (p.side, -p.cols))
    rows = math.ceil(count / plan.cols)
    top = box.y + (rows * plan.cell_h + gap * (rows - 1)) / 2
    tiles = []
    for k in range(count):
        row, col = divmod(k, plan.cols)
        in_row = min(plan.cols, count - row * plan.cols)
        left = box.x - (in_row * plan.cell_w + gap * (in_row - 1)) / 2
        cell_left = left + col * (plan.cell_w + gap)
        cell_top = top - row * (plan.cell_h + gap)
        if plan.place == "below":
            x = cell_left + plan.cell_w / 2
            plane = Box(x, cell_top - plan.side / 2, plan.side, plan.side)
            caption = Box(
                x, cell_top - plan.side - CAPTION_GAP - plan.cap_h / 2, plan.cap_w, plan.cap_h
            )
        else:
            y = cell_top - plan.cell_h / 2
            plane = Box(cell_left + plan.side / 2, y, plan.side, plan.side)
            cap_x = cell_left + plan.side + CAPTION_GAP + plan.cap_w / 2
            caption = Box(cap_x, y, plan.cap_w, plan.cap_h)
        tiles.append(Tile(plane, caption))
    return tiles


def wrap_words(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap to lines of at most ``max_chars`` characters (a longer word keeps its
    own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines

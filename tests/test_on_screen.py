"""What is on screen at every step of every scene kind in every aspect, from one dry run each
(``tests/step_ends.py``): inside the frame and the safe area, legible, nothing covered.

The layout is checked after every play, not only at step ends: every part inside the frame,
all text inside the safe area, nothing drawn under the stage on it. Legibility at every step
end: each glyph of meaningful text (numbers, labels, equations, titles, notes, captions) at
least as tall as the floor at 1080 px on the short side, and no plane label on another label,
an axis number or name, an arrow, an arrow head or a marked point.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from mnemo_anim.config.models import JOB_MODELS
from tests.step_ends import PX, watch

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]


@pytest.mark.parametrize(
    ("kind", "aspect"),
    [
        pytest.param(kind, aspect, id=f"{kind}-{aspect}")
        for kind in JOB_MODELS
        for aspect in ASPECTS
    ],
)
def test_every_step_fits_the_frame(kind: str, aspect: str) -> None:
    """After every play (not only at step ends): every part inside the frame, all text inside
    the safe area, and nothing drawn under the stage on it."""
    run = watch(kind, aspect)
    moments = run.moments
    # the check saw the equations, labels, notes and captions (a title card: its three lines)
    assert sum(m.texts for m in moments) > (6 if kind == "card" else 20)
    outside = [(m.time, m.outside[:3]) for m in moments if m.outside]
    unsafe = [(m.time, m.unsafe[:3]) for m in moments if m.unsafe]
    assert not outside, outside[:5]
    assert not unsafe, unsafe[:5]
    if run.staged:
        assert sum(m.under for m in moments) > 50  # the title, the panel's matrices, captions
    on_stage = [(m.time, m.on_stage[:3]) for m in moments if m.on_stage]
    assert not on_stage, on_stage[:5]


# Known gaps, each failing for the reason given (strict: the mark goes when the gap closes).
SMALL: dict[tuple[str, str], str] = {}
COVERED: dict[tuple[str, str], str] = {}


def _cases(known: dict[tuple[str, str], str]) -> list[Any]:
    return [
        pytest.param(
            kind,
            aspect,
            id=f"{kind}-{aspect}",
            marks=[pytest.mark.xfail(reason=known[kind, aspect], strict=True)]
            if (kind, aspect) in known
            else [],
        )
        for kind in JOB_MODELS
        for aspect in ASPECTS
    ]


@pytest.mark.parametrize(("kind", "aspect"), _cases(SMALL))
def test_no_meaningful_text_under_the_floor(kind: str, aspect: str) -> None:
    run = watch(kind, aspect)
    ends, floor = run.step_ends(), run.floor
    assert all(np.isfinite(m.smallest) for _, m in ends)  # every step shows text it measured
    small = [(name, m.small[:3]) for name, m in ends if m.small]
    assert not small, f"floor {floor * PX:.0f} px: {small[:4]}"


@pytest.mark.parametrize(("kind", "aspect"), _cases(COVERED))
def test_no_plane_label_covers_a_label_number_or_arrow(kind: str, aspect: str) -> None:
    found = [(name, m.overlaps[:3]) for name, m in watch(kind, aspect).step_ends() if m.overlaps]
    assert not found, found[:4]


@pytest.mark.parametrize(("kind", "aspect"), _cases({}))
def test_no_text_runs_into_other_text(kind: str, aspect: str) -> None:
    """Titles, panel lines, notes, captions and plane labels: no two pieces of text on top of
    each other at any step end."""
    found = [(name, m.crowded[:3]) for name, m in watch(kind, aspect).step_ends() if m.crowded]
    assert not found, found[:4]


SPLIT = (("layout", "split"),)  # composition's two orders side by side, on two small planes


@pytest.mark.parametrize("aspect", ASPECTS)
def test_split_composition_fits_and_covers_nothing(aspect: str) -> None:
    """The split composition, checked like every default: nothing outside the frame or the
    safe area, text at the floor, no plane label on a label, number, arrow or marked point."""
    run = watch("composition", aspect, SPLIT)
    moments = run.moments
    assert not [m.outside for m in moments if m.outside]
    assert not [m.unsafe for m in moments if m.unsafe]
    ends = run.step_ends()
    assert not [(name, m.small[:3]) for name, m in ends if m.small]
    found = [(name, m.overlaps[:3] + m.crowded[:3]) for name, m in ends if m.overlaps or m.crowded]
    assert not found, found[:4]


@pytest.mark.parametrize("aspect", ASPECTS)
def test_linearity_without_captions_covers_nothing(aspect: str) -> None:
    """Without captions the footer holds the scene's notes instead and the plane takes
    another size: every label still finds its place."""
    run = watch("linearity", aspect, (("captions", None),))
    found = [(name, m.overlaps[:3] + m.crowded[:3]) for name, m in run.step_ends()]
    assert not [item for item in found if item[1]], found[:4]
    assert not [(name, m.small[:3]) for name, m in run.step_ends() if m.small]

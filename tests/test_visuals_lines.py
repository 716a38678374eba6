"""Equation lines in a panel without rendering: what a line needs at the legibility floor, the
lines taking turns on a panel one line tall, shorter forms where a line is too wide, and the
portrait split between panel and plane that follows from those measures; and a label set
beside a point on the plane that room around it leaves clear of that point."""

from __future__ import annotations

import numpy as np
import pytest
from manim import VGroup

from mnemo_anim.layout import Box, legible_floor, make_layout
from mnemo_anim.visuals.legible import type_height
from mnemo_anim.visuals.linear_parts import TIGHT_GAP, Col, Lines, Mat, Sym, rebalance
from mnemo_anim.visuals.panels import PIECE_GAP
from mnemo_anim.visuals.plane import fitted_plane
from mnemo_anim.visuals.theme import get_theme

THEME = get_theme("dark")
FLOOR = legible_floor(8.0, 8.0 * 16 / 9)  # a phone held upright: 36 px digits at 1080 px across
A = np.array([[1.0, 1.0], [0.0, 1.0]])
U = np.array([1.5, 2.0])
PRODUCT = [Sym("A(u + v)"), "=", Mat(A, "A"), Col(U, THEME.output), "=", Col(A @ U, "#fff", "y")]
SHORT = [Sym("A(u + v)"), "=", Col(A @ U, "#fff", "y")]
NAMED = [Sym("A"), "=", Mat(A, "A")]


def lines() -> Lines:
    return Lines(THEME, decimals=2)


def panel(width: float, height: float) -> Box:
    return Box(0.0, 0.0, width, height, FLOOR)


def inside(box: Box, mob: object) -> bool:
    left, right = mob.get_left()[0], mob.get_right()[0]  # type: ignore[attr-defined]
    bottom, top = mob.get_bottom()[1], mob.get_top()[1]  # type: ignore[attr-defined]
    return box.contains(left, right, bottom, top, tol=1e-4)


@pytest.mark.parametrize("rows", [[NAMED], [PRODUCT], [NAMED, PRODUCT]], ids=["A", "Ax", "both"])
def test_least_height_is_what_the_layout_needs(rows: list) -> None:
    """In a box as tall as measured the rows are laid out whole, at the floor, inside it; in
    a box a little shorter they are not."""
    need = lines().least_height(6.2, FLOOR, *rows)
    assert need < 12 * FLOOR
    box = panel(6.2, need + 1e-3)
    group = lines().write(box, *([row] for row in rows))
    assert not group.turns and inside(box, group)
    assert type_height(group) == pytest.approx(FLOOR, rel=1e-3) or type_height(group) > FLOOR
    shorter = panel(6.2, need * 0.9)
    squeezed = lines().write(shorter, *([row] for row in rows))
    assert squeezed.turns or not inside(shorter, squeezed)


def test_a_panel_one_line_tall_shows_the_last_line_only() -> None:
    """The lines take turns: the last line comes in alone, at the floor, and only its
    numbers are filed as shown (the earlier line was shown by an earlier call)."""
    made = lines()
    box = panel(6.2, made.least_height(6.2, FLOOR, PRODUCT) + 0.1)
    group = made.write(box, [NAMED], [PRODUCT])
    assert group.turns and inside(box, group)
    assert type_height(group) >= FLOOR - 1e-6
    assert made.shown["A"] in group.get_family() and made.shown["y"] in group.get_family()
    together = lines().write(panel(6.2, 12 * FLOOR), [NAMED], [PRODUCT])
    assert not together.turns  # room for both: both show


def test_a_line_too_wide_takes_its_shorter_form() -> None:
    """Where the complete form is wider than the panel at the floor (and the panel too short
    to break it), the line is written in its shorter form, which fits."""
    made = lines()
    assert made.least_height(3.6, FLOOR, PRODUCT) > 6 * FLOOR  # must break to fit 3.6 across
    box = panel(3.6, 5 * FLOOR)
    group = made.write(box, [PRODUCT, SHORT])
    assert inside(box, group) and "A" not in made.shown
    wide = lines().write(panel(8.0, 5 * FLOOR), [PRODUCT, SHORT])
    assert len(wide.get_family()) > len(group.get_family())  # the complete form where it fits


def test_a_line_that_fits_only_closed_up_is_laid_out_closed_up() -> None:
    """Too narrow for the line at its usual gaps, wide enough with the pieces closer
    together: the layout closes them up rather than break the line or overflow."""
    made = lines()
    tall = made.least_height(50.0, FLOOR, PRODUCT)  # one line
    probe = made.row(*PRODUCT)
    scale = FLOOR / type_height(VGroup(*probe))
    pieces = sum(p.width for p in probe)
    loose, tight = ((pieces + gap * (len(probe) - 1)) * scale for gap in (PIECE_GAP, TIGHT_GAP))
    box = panel((loose + tight) / 2, tall + 0.05)  # too narrow at the usual gaps
    group = made.write(box, [PRODUCT])
    assert inside(box, group) and not group.turns


@pytest.mark.parametrize(
    ("width", "height", "turns"), [(9.0, 16.0, True), (8.0, 8.0, True), (8.0, 10.0, False)]
)
def test_rebalance_gives_the_plane_room_for_its_labels(
    width: float, height: float, turns: bool
) -> None:
    """Two lines of columns at the floor leave a phone's or a square frame's plane too short
    (fewer than 10 digit heights): the panel then holds one line. A 4:5 frame keeps both."""
    frame_width = 8.0 * width / min(width, height)
    frame_height = 8.0 * height / min(width, height)
    base = make_layout(frame_width, frame_height, stage=True, captions=True)
    both, one = 10.5 * base.min_type, 4.9 * base.min_type
    layout = rebalance(base, 0.56, panel_heights=(both, one), stage_digits=10.0)
    assert layout.stage is not None and base.stage is not None
    if turns:
        assert layout.panel.height == pytest.approx(one)
        assert layout.stage.height >= 10.0 * base.min_type
    else:
        assert layout.panel.height >= both - 1e-9
    assert layout.stage.bottom == pytest.approx(base.stage.bottom)
    assert layout.panel.top == pytest.approx(base.panel.top)


def test_rebalance_leaves_landscape_alone() -> None:
    base = make_layout(16 * 8 / 9, 8.0, stage=True)
    assert rebalance(base, 0.56, panel_heights=(9.0, 1.0), stage_digits=10.0) is base


def test_a_label_placed_clear_never_hides_its_point() -> None:
    """Near the window's edge the label is pushed back inside; it must not land on the point
    it names."""
    box = Box(0.0, 0.0, 6.0, 3.0, FLOOR)
    plane = fitted_plane([(0.0, 0.0), (3.0, -2.0), (-3.0, 2.0)], box, THEME)
    label = plane.math("A thin bold(0) + b = b", THEME.accent)
    point = np.array([plane.rect[0] + 0.3, plane.rect[2] + 0.1])  # a corner of the window
    plane.place_clear(label, point, [])
    at = plane.c2p(point)
    left, right = label.get_left()[0], label.get_right()[0]
    bottom, top = label.get_bottom()[1], label.get_top()[1]
    assert not (left - 0.1 < at[0] < right + 0.1 and bottom - 0.1 < at[1] < top + 0.1)

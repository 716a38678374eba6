"""Text that always reads: at every step end of every scene kind in every aspect, each glyph
of meaningful text (numbers, labels, equations, titles, notes, captions) is at least as tall as
the legibility floor at 1080 px on the short side, and no plane label covers another label, an
axis number or an arrow. Measured from the mobjects' boxes in Manim's dry run, without drawing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from manim import Mobject, Text
from PIL import Image, ImageOps

from mnemo_anim.config.loader import load_config
from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.render import FRAME_SHORT_SIDE, RenderSettings
from mnemo_anim.errors import ConfigError
from mnemo_anim.layout import LEGIBLE_PX, REFERENCE_SHORT_PX, legible_floor
from mnemo_anim.maths import fmt
from mnemo_anim.render.runner import render_job
from mnemo_anim.visuals.geometry import segment_hits_rect
from mnemo_anim.visuals.legible import digit_heights, type_height
from mnemo_anim.visuals.plane import PlaneArrow, PlaneLabel
from mnemo_anim.visuals.typeset import Formula, MatrixDisplay, math, matrix
from tests.scene_probe import run_dry

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
PX = REFERENCE_SHORT_PX / FRAME_SHORT_SIDE  # pixels per Manim unit at 1080 px on the short side
TEXT = (Text, Formula, MatrixDisplay)


@dataclass
class Moment:
    """What the checks saw after one play: the smallest text and the overlapping boxes."""

    time: float
    small: list[tuple[float, str]] = field(default_factory=list)
    smallest: float = float("inf")
    overlaps: list[str] = field(default_factory=list)


def _name(mob: Mobject) -> str:
    text = getattr(mob, "text", None) or getattr(mob, "source", None) or repr(mob)
    return f"{type(mob).__name__} {str(text)[:30]!r}"


def _box(mob: Mobject) -> tuple[float, float, float, float]:
    left, bottom = mob.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = mob.get_corner(np.array([1, 1, 0]))[:2]
    return (left, right, bottom, top)


def _overlap(a: tuple[float, ...], b: tuple[float, ...], pad: float = 0.0) -> bool:
    return a[0] < b[1] - pad and b[0] < a[1] - pad and a[2] < b[3] - pad and b[2] < a[3] - pad


def _text_sizes(scene: Any, moment: Moment, floor: float) -> None:
    for top in scene.mobjects:
        for part in top.get_family():
            if not isinstance(part, TEXT):
                continue
            heights = digit_heights(part)
            if not heights:
                continue
            low = min(heights)
            moment.smallest = min(moment.smallest, low)
            if low < floor - 1e-6:
                moment.small.append((round(low * PX, 1), _name(part)))


def _visible(mob: Mobject) -> bool:
    return any(
        len(p.points) and max(p.get_fill_opacity(), p.get_stroke_opacity()) > 0.01
        for p in mob.get_family()
    )


def _plane_boxes(scene: Any) -> tuple[list, list, list]:
    """The visible plane labels, axis numbers and arrows on screen."""
    labels, numbers, arrows = [], [], []
    for top in scene.mobjects:
        for part in top.get_family():
            if isinstance(part, PlaneLabel) and _visible(part.formula):
                labels.append(part)
            elif isinstance(part, PlaneArrow) and _visible(part.shaft):
                arrows.append(part)
            numbers_group = getattr(part, "numbers", None)
            if numbers_group is not None and hasattr(part, "spec"):
                numbers += [n for n in numbers_group if _visible(n)]
    return labels, numbers, arrows


def _overlaps(scene: Any, moment: Moment) -> None:
    labels, numbers, arrows = _plane_boxes(scene)
    boxes = [(_box(label.formula), label) for label in labels]
    for k, (box, label) in enumerate(boxes):
        name = _name(label.formula)
        moment.overlaps += [
            f"{name} on {_name(other.formula)}"
            for other_box, other in boxes[k + 1 :]
            if _overlap(box, other_box)
        ]
        moment.overlaps += [
            f"{name} on the axis number {n.text}" for n in numbers if _overlap(box, _box(n))
        ]
        moment.overlaps += [
            f"{name} on an arrow"
            for arrow in arrows
            if arrow.label is not label and _segment_hits(arrow, box)
        ]
    moment.overlaps += [
        f"axis numbers {a.text} and {b.text}"
        for k, a in enumerate(numbers)
        for b in numbers[k + 1 :]
        if _overlap(_box(a), _box(b))
    ]


def _segment_hits(arrow: PlaneArrow, box: tuple[float, float, float, float]) -> bool:
    start, end = arrow.tail_point()[:2], arrow.tip_point()[:2]
    # A label is allowed to touch its neighbour's shaft by a hair (the backing covers it).
    inner = (box[0] + 0.03, box[1] - 0.03, box[2] + 0.03, box[3] - 0.03)
    return bool(segment_hits_rect(start, end, inner))


@cache
def watch(kind: str, aspect: str) -> tuple[list[Moment], list[tuple[str, float, float]], float]:
    """Every moment of a dry run of ``kind`` in ``aspect``, with the scene's steps and floor."""
    job = JOB_MODELS[kind].model_validate(
        {"title": "Matrix times vector", "captions": "auto", "render": {"aspect": aspect}}
    )
    geo = job.render.geometry()
    floor = legible_floor(geo.frame_width, geo.frame_height)
    moments: list[Moment] = []

    def check(scene: Any) -> None:
        moment = Moment(scene.renderer.time)
        _text_sizes(scene, moment, floor)
        _overlaps(scene, moment)
        moments.append(moment)

    probe = run_dry(job, check)
    return moments, list(probe.scene.steps), floor


def step_ends(kind: str, aspect: str) -> list[tuple[str, Moment]]:
    moments, steps, _ = watch(kind, aspect)
    out = []
    for name, _start, end in steps:
        seen = [m for m in moments if m.time <= end + 1e-9]
        out.append((name, seen[-1]))
    return out


# -- the measure itself ------------------------------------------------------------------------


def test_a_digit_is_measured_as_tall_as_its_glyph() -> None:
    m = matrix([["1", "-20"], ["3.5", "4"]]).scale(0.7)
    entry = m.get_entries()[1]  # "-20": minus, 2, 0: the digits are its tallest glyphs
    digit = max(g.height for g in entry.family_members_with_points())
    assert type_height(m) == pytest.approx(digit, rel=0.03)
    # A lower-case label counts as the digit beside it would: x is shorter than 1, same type.
    x, one = math("x").scale(0.7), math("1").scale(0.7)
    assert x.height < 0.8 * one.height
    assert type_height(x) == pytest.approx(type_height(one), rel=0.03)


def test_pango_text_is_measured_by_its_digits_and_capitals() -> None:
    text = Text("Row 12 of A", font="DejaVu Sans", font_size=30)
    one = text.submobjects[3]  # R, o, w, 1: the digit "1"
    assert type_height(text) == pytest.approx(min(one.height, text.submobjects[4].height))


@pytest.mark.parametrize(("aspect", "px"), [("16:9", 28), ("9:16", 36), ("1:1", 36), ("4:5", 36)])
def test_the_floor_is_defined_once_per_aspect(aspect: str, px: float) -> None:
    geo = RenderSettings(aspect=aspect, quality="high").geometry()
    floor = legible_floor(geo.frame_width, geo.frame_height)
    assert floor * geo.pixel_width / geo.frame_width == pytest.approx(px)
    assert px in LEGIBLE_PX.values()


# -- every scene, every aspect -----------------------------------------------------------------


# Known gaps, each failing for the reason given (strict: the mark goes when the gap closes).
SMALL: dict[tuple[str, str], str] = {}
COVERED = {
    ("linearity", aspect): "on a phone or square frame the plane is a strip about 1.6 units "
    "tall under a two-line panel: in the affine step the labels f(u + v) = (4.5, 1) and "
    "f(u) + f(v) = (5.5, 0) find no free place at the floor, and Au lies on Av"
    for aspect in ("9:16", "1:1")
}


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
    ends = step_ends(kind, aspect)
    floor = watch(kind, aspect)[2]
    assert all(np.isfinite(m.smallest) for _, m in ends)  # every step shows text it measured
    small = [(name, m.small[:3]) for name, m in ends if m.small]
    assert not small, f"floor {floor * PX:.0f} px: {small[:4]}"


@pytest.mark.parametrize(("kind", "aspect"), _cases(COVERED))
def test_no_plane_label_covers_a_label_number_or_arrow(kind: str, aspect: str) -> None:
    found = [(name, m.overlaps[:3]) for name, m in step_ends(kind, aspect) if m.overlaps]
    assert not found, found[:4]


# -- titles and the characters a font can draw -------------------------------------------------


def _problems(tmp_path: Path, text: str) -> str:
    path = tmp_path / "job.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_a_title_too_long_for_two_lines_says_how_many_characters_fit(tmp_path: Path) -> None:
    title = "Each output is one row of the matrix dotted with the whole input vector"
    message = _problems(
        tmp_path, f'scene: row_view\ntitle: "{title}"\nrender: {{aspect: "9:16"}}\n'
    )
    assert "job.yaml:2:8: title:" in message
    fit = int(message.split("about ")[1].split(" of")[0])
    assert 40 < fit < len(title)
    assert "9:16" in message
    # The same title fits two lines of the wider landscape frame.
    path = tmp_path / "wide.yaml"
    path.write_text(f'scene: row_view\ntitle: "{title}"\n', encoding="utf-8")
    assert load_config(path).title == title


def test_a_character_no_font_draws_is_a_located_error(tmp_path: Path) -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig is not installed")
    message = _problems(tmp_path, 'scene: row_view\ntitle: "Launch \U0001f680 day"\n')
    assert "job.yaml:2:8: title:" in message
    assert "U+1F680" in message


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_title_wraps_to_two_lines_at_the_floor_and_an_emoji_is_drawn(aspect: str) -> None:
    title = "Every output is a dot product \U0001f600 of a row"
    job = JOB_MODELS["row_view"].model_validate({"title": title, "render": {"aspect": aspect}})
    drawn: list[Text] = []

    def check(scene: Any) -> None:
        drawn.extend(
            m for m in scene.mobjects if isinstance(m, Text) and "Every" in m.text and not drawn
        )

    probe = run_dry(job, check)
    (mob,) = drawn
    layout = probe.scene.layout
    lines = mob.original_text.count("\n") + 1
    assert lines <= 2
    assert aspect == "16:9" or lines == 2  # the phone frame is too narrow for one line
    assert type_height(mob) >= layout.min_type - 1e-6
    assert layout.safe.contains(*_box(mob))
    # Every character drew a glyph: the emoji too (in its outline form), no box of hex digits.
    assert len(mob.submobjects) == len([c for c in title if not c.isspace()])


# -- read by a machine at full size ------------------------------------------------------------


@pytest.mark.render
def test_tesseract_reads_the_digits_of_a_phone_frames_matrix(tmp_path: Path) -> None:
    """At 1080×1920 the panel's matrix is read digit by digit by OCR (the last frame of a
    9:16 composition shows AB; inverted to dark-on-light, the panel alone, one block)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        pytest.skip("tesseract is not installed")
    job = JOB_MODELS["composition"].model_validate(
        {"render": {"aspect": "9:16", "quality": "high", "format": "png"}}
    )
    still = render_job(job, tmp_path).path
    panel = run_dry(job).scene.layout.panel
    geo = job.render.geometry()
    px = geo.pixel_width / geo.frame_width
    margin = 60  # OCR finds lines badly that touch the image's edge
    top = round((geo.frame_height / 2 - panel.top) * px) - margin
    bottom = round((geo.frame_height / 2 - panel.bottom) * px) + margin
    image = Image.open(still).convert("L").crop((0, top, geo.pixel_width, bottom))
    crop = tmp_path / "panel.png"
    ImageOps.invert(image).save(crop)
    read = subprocess.run(
        [tesseract, str(crop), "-", "--psm", "6", "-c", "tessedit_char_whitelist=0123456789.-=AB"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    numbers = re.findall(r"-?\d", re.sub("[\u2014\u2013\u2212]", "-", read))
    a, b = np.array(job.first, dtype=float), np.array(job.then, dtype=float)
    shown = [fmt(v) for v in (a @ b).flatten()]
    assert numbers[-4:] == shown, read

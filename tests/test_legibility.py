"""Text that always reads: the measure of a glyph's size, the floor per aspect, titles that
wrap, characters a font cannot draw, and OCR of a phone frame. The floor and the overlaps at
every step end of every scene in every aspect are checked in ``tests/test_on_screen.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from manim import Text
from PIL import Image, ImageOps

from mnemo_anim.config.loader import load_config
from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.render import RenderSettings
from mnemo_anim.errors import ConfigError
from mnemo_anim.layout import LEGIBLE_PX, legible_floor
from mnemo_anim.maths import fmt
from mnemo_anim.render.runner import render_job
from mnemo_anim.visuals.legible import type_height
from mnemo_anim.visuals.typeset import math, matrix
from tests.scene_probe import run_dry
from tests.step_ends import box_of

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]


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


@pytest.mark.parametrize("words", ["Map first, then add: 3.5", "office flows, 2 ways"])
def test_text_with_ligatures_is_measured_like_text_without(words: str) -> None:
    """Pango draws ``fi``, ``ff``, ``ffi`` as one glyph: the glyphs still pair with the
    letters they draw, so a caption with a ligature is held to the floor like any other."""
    text = Text(words)
    assert len(text.submobjects) < len("".join(words.split()))  # a ligature was drawn
    plain = Text(words.replace("f", "v"))
    assert type_height(text) == pytest.approx(type_height(plain), rel=0.02)


@pytest.mark.parametrize(("aspect", "px"), [("16:9", 28), ("9:16", 36), ("1:1", 36), ("4:5", 36)])
def test_the_floor_is_defined_once_per_aspect(aspect: str, px: float) -> None:
    geo = RenderSettings(aspect=aspect, quality="high").geometry()
    floor = legible_floor(geo.frame_width, geo.frame_height)
    assert floor * geo.pixel_width / geo.frame_width == pytest.approx(px)
    assert px in LEGIBLE_PX.values()


# -- every scene, every aspect -----------------------------------------------------------------


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
    assert layout.safe.contains(*box_of(mob))
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

"""Themes: every built-in theme is readable; custom palettes are applied and checked."""

from __future__ import annotations

import pytest

from mnemo_anim.config.models import Style
from mnemo_anim.visuals.theme import THEMES, contrast, contrast_warnings, resolve_theme


@pytest.mark.parametrize("name", list(THEMES))
def test_builtin_themes_reach_4_5_to_1(name: str) -> None:
    theme = THEMES[name]
    for role, colour in theme.readable().items():
        assert contrast(colour, theme.background) >= 4.5, (role, colour)
    assert len(set(theme.columns)) == len(theme.columns)


def test_contrast_reference_values() -> None:
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_custom_palette_and_font_apply() -> None:
    style = Style.model_validate(
        {
            "theme": "light",
            "palette": {"background": "#ffffff", "columns": ["#000000"]},
            "font": "Noto Sans",
        }
    )
    theme = resolve_theme(style)
    assert theme.background == "#FFFFFF"
    assert theme.columns == ("#000000",)
    assert theme.font == "Noto Sans"
    assert theme.text == THEMES["light"].text


def test_low_contrast_palette_warns() -> None:
    theme = resolve_theme(Style.model_validate({"palette": {"text": "#222222"}}))
    (warning,) = contrast_warnings(theme)
    assert "text #222222" in warning and "4.5:1" in warning


@pytest.mark.parametrize("bad", ["red", "#12345", "#GGGGGG"])
def test_bad_colours_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not #RRGGBB"):
        Style.model_validate({"palette": {"text": bad}})

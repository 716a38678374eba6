"""Colour themes. Column j of a matrix and entry j of the vector share ``theme.column(j)``.

Every built-in theme keeps text, labels and column colours at a contrast of at least 4.5:1
against its background (WCAG AA for normal text); a custom palette below that gets a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mnemo_anim.config.models import Style

MIN_CONTRAST = 4.5
DEFAULT_FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Theme:
    """The palette and font of a video."""

    name: str
    background: str
    text: str
    muted: str
    accent: str
    output: str
    bias: str
    grid: str
    axis: str
    columns: tuple[str, ...]
    font: str = DEFAULT_FONT

    def column(self, j: int) -> str:
        """Colour of column j (and of x[j]); cycles if there are more columns than colours."""
        return self.columns[j % len(self.columns)]

    def readable(self) -> dict[str, str]:
        """The colours used for text and labels, by name (what must contrast with the ground)."""
        out = {
            "text": self.text,
            "muted": self.muted,
            "output": self.output,
            "bias": self.bias,
            "accent": self.accent,
        }
        out.update({f"columns[{j}]": c for j, c in enumerate(self.columns)})
        return out


THEMES: dict[str, Theme] = {
    "dark": Theme(
        name="dark",
        background="#0E1116",
        text="#ECEFF4",
        muted="#9AA4B2",
        accent="#FFD166",
        output="#FFD166",
        bias="#FF8C61",
        grid="#2B3A4E",
        axis="#7C8A9E",
        columns=("#58C4DD", "#F28C6B", "#83C167", "#C792EA", "#F2C14E", "#5CD6B8"),
    ),
    "light": Theme(
        name="light",
        background="#FAFAF7",
        text="#1B1F24",
        muted="#4F5966",
        accent="#8A5A00",
        output="#A34E00",
        bias="#B3261E",
        grid="#D5DCE4",
        axis="#6B7785",
        columns=("#1F6FB2", "#B83A0B", "#2E7D32", "#7B3FB5", "#7A5F00", "#00766A"),
    ),
    "high-contrast": Theme(
        name="high-contrast",
        background="#000000",
        text="#FFFFFF",
        muted="#E0E0E0",
        accent="#FFFF00",
        output="#FFFF00",
        bias="#FF9E3D",
        grid="#4A4A4A",
        axis="#FFFFFF",
        columns=("#00E5FF", "#FF8A80", "#76FF03", "#EA80FC", "#FFD740", "#64FFDA"),
    ),
    # Okabe & Ito's palette, told apart under every common colour-vision deficiency; the dark
    # blue of the set is left out because it does not reach 4.5:1 on a dark ground.
    "colorblind": Theme(
        name="colorblind",
        background="#101418",
        text="#F5F5F5",
        muted="#B0B7C0",
        accent="#F0E442",
        output="#F0E442",
        bias="#D55E00",
        grid="#2E3A46",
        axis="#8A96A3",
        columns=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00"),
    ),
}


def get_theme(name: str) -> Theme:
    """The built-in theme called ``name``."""
    return THEMES[name]


def resolve_theme(style: Style) -> Theme:
    """The theme a job asks for, with its palette overrides and font applied."""
    theme = THEMES[style.theme]
    changes: dict[str, Any] = {}
    if style.palette is not None:
        for f in fields(theme):
            value = getattr(style.palette, f.name, None)
            if value is not None:
                changes[f.name] = tuple(value) if f.name == "columns" else value
    if style.font:
        changes["font"] = style.font
    return replace(theme, name=f"{theme.name}+custom", **changes) if changes else theme


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_warnings(theme: Theme) -> list[str]:
    """One line per text colour that falls below 4.5:1 against the background."""
    return [
        f"style: {name} {colour} has contrast {contrast(colour, theme.background):.1f}:1 against "
        f"the background {theme.background}; 4.5:1 or more keeps it readable"
        for name, colour in theme.readable().items()
        if contrast(colour, theme.background) < MIN_CONTRAST
    ]

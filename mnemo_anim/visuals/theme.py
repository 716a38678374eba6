"""Colour themes. Column j of a matrix and entry j of the vector share ``theme.column(j)``."""

from __future__ import annotations

from dataclasses import dataclass


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
    font: str = "DejaVu Sans"

    def column(self, j: int) -> str:
        """Colour of column j (and of x[j]); cycles if there are more columns than colours."""
        return self.columns[j % len(self.columns)]


THEMES: dict[str, Theme] = {
    "dark": Theme(
        name="dark",
        background="#0E1116",
        text="#ECEFF4",
        muted="#9AA4B2",
        accent="#FFD166",
        output="#FFD166",
        bias="#FF7F50",
        grid="#2B3A4E",
        axis="#7C8A9E",
        columns=("#58C4DD", "#F28C6B", "#83C167", "#C792EA", "#F2C14E", "#5CD6B8"),
    ),
    "light": Theme(
        name="light",
        background="#FAFAF7",
        text="#1B1F24",
        muted="#5B6573",
        accent="#B8860B",
        output="#B35C00",
        bias="#C0392B",
        grid="#D5DCE4",
        axis="#6B7785",
        columns=("#1F6FB2", "#C2410C", "#2E7D32", "#7B3FB5", "#8A6D00", "#00796B"),
    ),
}


def get_theme(name: str) -> Theme:
    """The theme called ``name`` (validated by the config model before it gets here)."""
    return THEMES[name]

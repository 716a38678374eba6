"""The scene registry: the ``scene:`` name of a config → the Manim scene class that draws it.

Classes are named as strings and imported on demand, so listing scenes never imports Manim.
"""

from __future__ import annotations

import importlib
from typing import Any

REGISTRY: dict[str, str] = {
    "transformation": "scenes.transformation:Transformation",
    "gallery": "scenes.gallery:Gallery",
    "shapes": "scenes.shapes:Shapes",
    "row_view": "scenes.row_view:RowView",
    "column_view": "scenes.column_view:ColumnView",
    "linearity": "scenes.linearity:Linearity",
    "bias": "scenes.bias:Bias",
    "composition": "scenes.composition:Composition",
    "layers": "scenes.layers:Layers",
    "card": "scenes.card:Card",
}


def scene_class(kind: str) -> Any:
    """Import and return the scene class registered for ``kind``."""
    module_name, _, class_name = REGISTRY[kind].partition(":")
    return getattr(importlib.import_module(module_name), class_name)

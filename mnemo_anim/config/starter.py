"""Commented starter configs, written from the models themselves so they never drift."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from mnemo_anim.config.models import JOB_MODELS

_ORDER = ("scene", "title")


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, BaseModel):  # a list entry such as a gallery's {name, matrix}
        items = ", ".join(f"{k}: {_value(getattr(value, k))}" for k in type(value).model_fields)
        return "{" + items + "}"
    if isinstance(value, str):
        return json.dumps(value) if (":" in value or not value) else value
    return json.dumps(value)


def _lines(model: BaseModel, indent: int) -> list[str]:
    pad = "  " * indent
    out: list[str] = []
    fields = sorted(
        type(model).model_fields.items(),
        key=lambda kv: _ORDER.index(kv[0]) if kv[0] in _ORDER else len(_ORDER),
    )
    for name, info in fields:
        value = getattr(model, name)
        if info.description:
            out.append(f"{pad}# {info.description}")
        if isinstance(value, BaseModel):
            doc = (type(value).__doc__ or "").strip().splitlines()[0]
            out.append(f"{pad}{name}:  # {doc}")
            out += _lines(value, indent + 1)
        else:
            out.append(f"{pad}{name}: {_value(value)}")
    return out


def starter_yaml(kind: str) -> str:
    """A complete config for ``kind`` with every field at its default, each explained."""
    model = JOB_MODELS[kind].model_validate({})
    head = [
        f"# mnemo-anim config: {kind}. Every field but scene is optional; delete what you",
        "# do not change. Render with: mnemo-anim render THIS_FILE.yaml",
    ]
    return "\n".join([*head, *_lines(model, 0)]) + "\n"

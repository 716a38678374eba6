"""The base every config model derives from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors and instances never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

"""The base every config model derives from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FieldError(ValueError):
    """A cross-field problem that belongs to one field; the loader points at that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Strict(BaseModel):
    """Unknown keys are errors and instances never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

"""The typed, frozen models a config becomes: one per scene kind, chosen by ``scene:``.

Every model has complete defaults (the lesson's own example), so a scene runs with no config.
Messages say what to do, because the loader shows them to the user next to the file and line.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, model_validator

from mnemo_anim.config import presets
from mnemo_anim.config.base import FieldError, Strict
from mnemo_anim.config.render import RenderSettings

# Limits, documented in the README ("Limits and guarantees"). They keep every render bounded.
MAX_ABS = 1e6
MAX_TITLE = 80


def _number(value: Any) -> float:
    # YAML turns `yes`/`no` into booleans and "3" stays a string: neither is a number here.
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got the boolean {str(value).lower()}")
    if isinstance(value, str):
        raise ValueError(f"expected a number, got the string {value!r}; write it without quotes")
    if value is None:
        raise ValueError("expected a number, got nothing (null or ~)")
    if not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value}")
    if abs(value) > MAX_ABS:
        raise ValueError(f"{value:g} is too large; numbers must lie within ±{MAX_ABS:g}")
    return float(value)


Number = Annotated[float, BeforeValidator(_number)]


def _rows(value: Any) -> Any:
    """Expand a preset and check the rows are a rectangular, non-empty list of lists."""
    if isinstance(value, dict):
        return presets.expand(value)
    if not isinstance(value, list):
        raise ValueError(
            "a matrix is a list of rows, e.g. [[1, 0], [0, 1]], or a preset such as {rotation: 90}"
        )
    if not value:
        raise ValueError("the matrix is empty; give at least one row, e.g. [[1, 2]]")
    if not all(isinstance(row, list) for row in value):
        raise ValueError("each matrix row must be a list of numbers, e.g. [[1, 2], [3, 4]]")
    widths = [len(row) for row in value]
    if 0 in widths:
        raise ValueError("a matrix row is empty; every row needs at least one number")
    if len(set(widths)) > 1:
        raise ValueError(
            f"the rows have different lengths {widths}; every row needs {widths[0]} numbers"
        )
    return value


Matrix = Annotated[list[list[Number]], BeforeValidator(_rows)]


def _vector(value: Any) -> Any:
    if not isinstance(value, list):
        raise ValueError("a vector is a list of numbers, e.g. [3, 1, 2]")
    if not value:
        raise ValueError("the vector is empty; give at least one number")
    return value


Vector = Annotated[list[Number], BeforeValidator(_vector)]

_GREEK = (
    "alpha|beta|gamma|delta|epsilon|theta|lambda|mu|nu|phi|psi|omega|sigma|tau|rho|"
    "Gamma|Delta|Theta|Lambda|Phi|Psi|Omega|Sigma"
)
_LABEL = re.compile(rf"^(?:[A-Za-z]{{1,3}}|\\(?:{_GREEK}))(?:_[A-Za-z0-9]{{1,3}})?'{{0,2}}$")


def _label(value: str) -> str:
    if not _LABEL.match(value):
        raise ValueError(
            f"label {value!r} is not allowed; use 1-3 letters, an optional subscript and primes"
            r" (A, W_1, x', \theta)"
        )
    return value


Label = Annotated[str, AfterValidator(_label)]


class Labels(Strict):
    """Names shown for the matrix, the input vector and the output vector."""

    matrix: Label = Field("A", description="Name of the matrix, e.g. A or W_1.")
    vector: Label = Field("x", description="Name of the input vector.")
    output: Label = Field("y", description="Name of the output vector.")


class Numbers(Strict):
    """How numbers are written on screen."""

    decimals: int = Field(
        2, ge=0, le=4, description="Places after the point for non-whole numbers (0.8660 → 0.87)."
    )


class Timing(Strict):
    """How fast the animation runs."""

    speed: float = Field(1.0, ge=0.25, le=4.0, description="2 plays twice as fast; 0.5 half.")
    pause: float = Field(1.0, ge=0.0, le=5.0, description="Seconds held after each step.")


_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_FONT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,40}$")


def _colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f'colour {value!r} is not #RRGGBB; write e.g. "#1F6FB2" (quoted)')
    return value.upper()


Colour = Annotated[str, AfterValidator(_colour)]


class Palette(Strict):
    """Colours that replace the theme's; any left out keep the theme's."""

    background: Colour | None = None
    text: Colour | None = None
    muted: Colour | None = None
    accent: Colour | None = None
    output: Colour | None = None
    bias: Colour | None = None
    grid: Colour | None = None
    axis: Colour | None = None
    columns: list[Colour] | None = Field(None, min_length=1, max_length=6)


def _font(value: str) -> str:
    if not _FONT.match(value):
        raise ValueError(f'font {value!r} is not a font family name, e.g. "DejaVu Sans"')
    return value


class Style(Strict):
    """The look: colour theme, palette overrides and font."""

    theme: Literal["dark", "light", "high-contrast", "colorblind"] = Field(
        "dark",
        description="dark, light (slides, print), high-contrast, or colorblind (Okabe-Ito).",
    )
    palette: Palette | None = Field(None, description="Colours that override the theme's.")
    font: Annotated[str, AfterValidator(_font)] | None = Field(
        None, description="Font family for text (default DejaVu Sans)."
    )


CAPTION_LINE = 42  # characters a line, the common subtitle guideline
CAPTION_LINES = 2


def _caption(value: str) -> str:
    import textwrap

    text = " ".join(value.split())
    if not text:
        raise ValueError("a caption is empty; write the narration or leave the step out")
    lines = textwrap.wrap(text, CAPTION_LINE)
    if len(lines) > CAPTION_LINES:
        raise ValueError(
            f"caption is too long for the screen ({len(text)} characters); it must fit "
            f"{CAPTION_LINES} lines of {CAPTION_LINE} characters: shorten it or split the step"
        )
    return text


Caption = Annotated[str, AfterValidator(_caption)]


def _by_type(value: Any) -> str | None:
    """Pick a union branch by the YAML value's type, so errors name one branch only."""
    for kind, name in ((str, "text"), (list, "list"), (dict, "mapping"), (int, "number")):
        if isinstance(value, kind) and not isinstance(value, bool):
            return name
    return None


Captions = Annotated[
    Annotated[Literal["auto"], Tag("text")]
    | Annotated[list[Caption], Tag("list")]
    | Annotated[dict[str, Caption], Tag("mapping")],
    Discriminator(
        _by_type,
        custom_error_type="captions",
        custom_error_message="captions is 'auto', a list of lines in step order, "
        "or a mapping {step name: line}",
    ),
]
Detail = Annotated[
    Annotated[Literal["all"], Tag("text")] | Annotated[int, Field(ge=0, le=6), Tag("number")],
    Discriminator(
        _by_type,
        custom_error_type="detail",
        custom_error_message="detail is 'all' or a number of rows to show in full",
    ),
]


class JobBase(Strict):
    """Fields every scene kind shares."""

    scene: str  # each kind narrows this to its own name, which picks the model

    title: str | None = Field(None, max_length=MAX_TITLE, description="Optional on-screen title.")
    numbers: Numbers = Numbers()
    timing: Timing = Timing()
    style: Style = Style()
    captions: Captions | None = Field(
        None,
        description="Narration per step: 'auto', a list in step order, or {step name: text}.",
    )
    render: RenderSettings = RenderSettings()

    @model_validator(mode="after")
    def _caption_steps(self) -> JobBase:
        from mnemo_anim.config.steps import step_names

        if self.captions is None or self.captions == "auto":
            return self
        names = step_names(self)  # type: ignore[arg-type]
        if isinstance(self.captions, list) and len(self.captions) > len(names):
            raise FieldError(
                "captions",
                f"{len(self.captions)} captions but this video has {len(names)} steps "
                f"({', '.join(names)}); give at most {len(names)}",
            )
        if isinstance(self.captions, dict):
            unknown = [key for key in self.captions if key not in names]
            if unknown:
                raise FieldError(
                    "captions",
                    f"no step called {unknown[0]!r}; the steps are: {', '.join(names)}",
                )
        return self

    def caption_texts(self) -> dict[str, str]:
        """Narration by step name (the automatic one for ``captions: auto``)."""
        from mnemo_anim.config.steps import auto_captions, step_names

        if self.captions is None:
            return {}
        if self.captions == "auto":
            return auto_captions(self)  # type: ignore[arg-type]
        if isinstance(self.captions, list):
            return dict(zip(step_names(self), self.captions, strict=False))  # type: ignore[arg-type]
        return dict(self.captions)

    @property
    def output_name(self) -> str:
        return self.render.name or str(getattr(self, "scene", "video"))


def _entries(n: int) -> str:
    return "1 entry" if n == 1 else f"{n} entries"


def _check_shape(
    matrix: list[list[float]],
    vector: list[float],
    *,
    max_rows: int,
    max_cols: int,
    min_rows: int = 1,
    exact_rows: int | None = None,
) -> None:
    rows, cols = len(matrix), len(matrix[0])
    if exact_rows is not None and rows != exact_rows:
        raise FieldError(
            "matrix",
            f"this scene draws in the plane, so the matrix needs {exact_rows} rows (it has {rows})",
        )
    if not min_rows <= rows <= max_rows or not 1 <= cols <= max_cols:
        raise FieldError(
            "matrix",
            f"{rows}×{cols} is too large; this scene takes at most {max_rows} rows and "
            f"{max_cols} columns",
        )
    if len(vector) != cols:
        raise FieldError(
            "vector",
            f"it has {_entries(len(vector))} but the matrix has {cols} columns; "
            f"give {cols} numbers",
        )


class RowViewJob(JobBase):
    """Row view: each y[i] is row i of A dotted with x."""

    scene: Literal["row_view"] = "row_view"
    matrix: Matrix = Field(
        default_factory=lambda: [[1.0, 0.0, -1.0], [0.0, 1.0, 2.0]],
        description="The m×n matrix (1 ≤ m, n ≤ 6), or a preset such as {rotation: 30}.",
    )
    vector: Vector = Field(default_factory=lambda: [3.0, 1.0, 2.0], description="x, n numbers.")
    labels: Labels = Labels()
    detail: Detail = Field(
        "all", description="'all' animates every row in full; k animates the first k in full."
    )

    @model_validator(mode="after")
    def _shapes(self) -> RowViewJob:
        _check_shape(self.matrix, self.vector, max_rows=6, max_cols=6)
        return self

    @property
    def full_rows(self) -> int:
        return len(self.matrix) if self.detail == "all" else min(int(self.detail), len(self.matrix))


def _plane_matrix(max_cols: int) -> Any:
    return Field(
        default_factory=lambda: [[1.0, 0.0, -1.0], [0.0, 1.0, 2.0]],
        description=f"The 2×n matrix A (1 ≤ n ≤ {max_cols}), or a preset such as {{shear: 1}}.",
    )


class ColumnViewJob(JobBase):
    """Column view: Ax is the x-weighted sum of A's columns, added tip to tail."""

    scene: Literal["column_view"] = "column_view"
    matrix: Matrix = _plane_matrix(5)
    vector: Vector = Field(default_factory=lambda: [3.0, 1.0, 2.0], description="x, n numbers.")
    labels: Labels = Labels()

    @model_validator(mode="after")
    def _shapes(self) -> ColumnViewJob:
        _check_shape(self.matrix, self.vector, max_rows=2, max_cols=5, exact_rows=2)
        return self


class BiasLabels(Labels):
    """Names shown for A, x, y and the bias b."""

    bias: Label = Field("b", description="Name of the bias vector.")


class BiasJob(JobBase):
    """Bias: y = Ax + b moves the output off the origin, which A alone never does."""

    scene: Literal["bias"] = "bias"
    matrix: Matrix = _plane_matrix(5)
    vector: Vector = Field(default_factory=lambda: [3.0, 1.0, 2.0], description="x, n numbers.")
    bias: Vector = Field(default_factory=lambda: [1.0, -3.0], description="b, two numbers.")
    labels: BiasLabels = BiasLabels()

    @model_validator(mode="after")
    def _shapes(self) -> BiasJob:
        _check_shape(self.matrix, self.vector, max_rows=2, max_cols=5, exact_rows=2)
        if len(self.bias) != 2:
            raise FieldError(
                "bias", f"it has {_entries(len(self.bias))}; give 2 numbers, e.g. [1, -3]"
            )
        return self


class CompositionLabels(Strict):
    """Names shown for the two matrices and the vector."""

    first: Label = Field("A", description="Name of the matrix applied first.")
    then: Label = Field("B", description="Name of the matrix applied second.")
    vector: Label = Field("x", description="Name of the input vector.")


class CompositionJob(JobBase):
    """Composition: applying A and then B is the single matrix BA, not AB."""

    scene: Literal["composition"] = "composition"
    first: Matrix = Field(
        default_factory=lambda: presets.rotation(90),
        description="The 2×2 matrix applied first (A); numbers or a preset.",
    )
    then: Matrix = Field(
        default_factory=lambda: presets.shear(1),
        description="The 2×2 matrix applied second (B); numbers or a preset.",
    )
    vector: Vector = Field(default_factory=lambda: [1.0, 1.0], description="x, two numbers.")
    labels: CompositionLabels = CompositionLabels()
    layout: Literal["sequential", "split"] = Field(
        "sequential",
        description="sequential: one plane, three paths; split: BA and AB side by side.",
    )

    @model_validator(mode="after")
    def _shapes(self) -> CompositionJob:
        for name, m in (("first", self.first), ("then", self.then)):
            if len(m) != 2 or len(m[0]) != 2:
                raise FieldError(name, f"this scene takes a 2×2 matrix (got {len(m)}×{len(m[0])})")
        if len(self.vector) != 2:
            raise FieldError("vector", f"it has {_entries(len(self.vector))}; give 2 numbers")
        return self


# -- the matrix as a move of the plane (transformation, gallery) -------------------------------


def _square(field: str, m: list[list[float]]) -> None:
    if len(m) != 2 or len(m[0]) != 2:
        raise FieldError(
            field,
            f"this scene moves the plane, so the matrix must be 2×2 (got {len(m)}×{len(m[0])}); "
            "give 2 rows of 2 numbers or a preset such as {rotation: 45}",
        )


class TransformationJob(JobBase):
    """The matrix moves the whole plane: î and ĵ land on its columns, areas scale by det."""

    scene: Literal["transformation"] = "transformation"
    # √2 times a 45° rotation: the grid visibly turns *and* grows (det 2), with whole numbers.
    matrix: Matrix = Field(
        default_factory=lambda: [[1.0, -1.0], [1.0, 1.0]],
        description="The 2×2 matrix A, or a preset such as {rotation: 45} or {projection: [1, 1]}.",
    )
    vector: Vector | None = Field(
        default_factory=lambda: [1.0, 2.0],
        description="x, two numbers, carried along by A; null for none.",
    )
    labels: Labels = Labels()

    @model_validator(mode="after")
    def _shapes(self) -> TransformationJob:
        _square("matrix", self.matrix)
        if self.vector is not None and len(self.vector) != 2:
            raise FieldError(
                "vector",
                f"it has {_entries(len(self.vector))}; give 2 numbers, e.g. [1, 2], or null",
            )
        return self

    def steps(self) -> list[str]:
        from mnemo_anim.lessons.transformation import transformation_steps

        return transformation_steps(self.matrix, self.vector is not None)

    def auto_narration(self) -> dict[str, str]:
        from mnemo_anim.lessons.transformation import transformation_narration

        lab = self.labels
        return transformation_narration(
            self.matrix, self.vector, self.numbers.decimals, lab.matrix, lab.vector
        )


def _gallery_entries(value: Any) -> Any:
    if not isinstance(value, list):
        raise ValueError("matrices is a list of {name, matrix} entries")
    if not 2 <= len(value) <= 6:
        raise ValueError(
            f"{_entries(len(value))}; a gallery shows 2 to 6 matrices side by side"
            + ("; add another" if len(value) < 2 else "; split it into two galleries")
        )
    return value


class GalleryEntry(Strict):
    """One small plane of the gallery: a name and its 2×2 matrix."""

    name: str = Field(..., min_length=1, max_length=24, description="Shown above its effect.")
    matrix: Matrix = Field(..., description="The 2×2 matrix, or a preset.")

    @model_validator(mode="before")
    @classmethod
    def _named(cls, data: Any) -> Any:
        if isinstance(data, dict) and "name" not in data:
            raise ValueError(
                "this entry has no name; write e.g. {name: rotation, matrix: {rotation: 45}}"
            )
        return data

    @model_validator(mode="after")
    def _shape(self) -> GalleryEntry:
        _square("matrix", self.matrix)
        return self


def _lesson_table() -> list[GalleryEntry]:
    # The lesson's table of matrix types, each with numbers that show its effect plainly.
    return [
        GalleryEntry(name="identity", matrix=presets.identity(2)),
        GalleryEntry(name="diagonal", matrix=presets.scale([2, 0.5])),
        GalleryEntry(name="rotation", matrix=presets.rotation(45)),
        GalleryEntry(name="projection", matrix=presets.projection([1, 1])),
        GalleryEntry(name="singular", matrix=[[1.0, 2.0], [0.5, 1.0]]),
    ]


class GalleryJob(JobBase):
    """The lesson's table of matrix types: small planes, all moving at once, each captioned."""

    scene: Literal["gallery"] = "gallery"
    matrices: Annotated[list[GalleryEntry], BeforeValidator(_gallery_entries)] = Field(
        default_factory=_lesson_table,
        description="2 to 6 entries {name, matrix}; matrix is 2×2 numbers or a preset.",
    )

    def steps(self) -> list[str]:
        from mnemo_anim.lessons.transformation import GALLERY_STEPS

        return list(GALLERY_STEPS)

    def auto_narration(self) -> dict[str, str]:
        from mnemo_anim.lessons.transformation import gallery_narration

        pairs = [(e.name, e.matrix) for e in self.matrices]
        return gallery_narration(pairs, self.numbers.decimals)


SCENE_SUMMARIES: dict[str, str] = {
    "row_view": "each y[i] is row i of A dotted with x; the products fill y row by row",
    "column_view": "Ax is the x-weighted sum of A's columns, tip to tail, in the column space",
    "bias": "y = Ax + b: A fixes the origin (A·0 = 0); the bias b moves the output off it",
    "composition": "applying A then B equals the single matrix BA, and AB lands elsewhere",
    "transformation": "A moves the whole plane: î, ĵ land on its columns, areas scale by det A",
    "gallery": "the lesson's table of matrix types, side by side, each with its effect",
}

AnyJob = RowViewJob | ColumnViewJob | BiasJob | CompositionJob | TransformationJob | GalleryJob
JobConfig = Annotated[AnyJob, Field(discriminator="scene")]
JOB_MODELS: dict[str, type[JobBase]] = {
    "row_view": RowViewJob,
    "column_view": ColumnViewJob,
    "bias": BiasJob,
    "composition": CompositionJob,
    "transformation": TransformationJob,
    "gallery": GalleryJob,
}


def job_schema() -> dict[str, Any]:
    """The JSON Schema of a config (any scene kind, chosen by ``scene``)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(JobConfig).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mnemo-anim config"
    return schema

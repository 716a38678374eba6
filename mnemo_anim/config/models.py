"""The typed, frozen models a config becomes: one per scene kind, chosen by ``scene:``.

Every model has complete defaults (the lesson's own example), so a scene runs with no config.
Messages say what to do, because the loader shows them to the user next to the file and line.

Each job model is also the one source of a video's structure: ``steps()`` names the steps its
scene plays, in order (the scene runs one method per name; captions, chapters and
``mnemo-anim scenes --steps`` follow the same list), and ``auto_narration()`` writes what
``captions: auto`` says at each step, from the job's own numbers.
"""

from __future__ import annotations

import math
import re
import textwrap
from abc import abstractmethod
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, model_validator

from mnemo_anim.config import presets
from mnemo_anim.config.base import FieldError, Strict
from mnemo_anim.config.render import RenderSettings
from mnemo_anim.fonts import describe, undrawable
from mnemo_anim.labels import check_label, plain
from mnemo_anim.layout import TITLE_LINES, title_room
from mnemo_anim.wording import CAPTION_LINE, CAPTION_LINES, fits

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
    # -0.0 becomes 0.0: both show as 0 and draw the same, so they must share a cache key.
    return float(value) + 0.0


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

Label = Annotated[str, AfterValidator(check_label)]


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


def _drawable(value: str) -> str:
    """``value`` if an installed font can draw every character of it."""
    missing = undrawable(value)
    if missing:
        raise ValueError(
            f"no installed font can draw {', '.join(describe(c) for c in missing)}: the "
            "screen would show an empty box; leave it out or install a font that has it "
            "(the bootstrap installs Debian's Noto fonts)"
        )
    return value


def _caption(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError("a caption is empty; write the narration or leave the step out")
    _drawable(text)
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


def as_text(labels: Strict | None) -> Any:
    """A job's labels as plain text for narration, by the same field names (``lab.matrix``):
    ``W_1`` → ``W₁``, ``\\theta`` → ``θ``; captions are text, not math."""
    return SimpleNamespace(**{name: plain(value) for name, value in labels or ()})


# How fast a voice speaks (``rate:``): up to this a speed factor (1 = the engine's pace), or
# words per minute within WPM_RANGE. The audio engines read the same limits.
RATE_MAX_FACTOR = 4.0
RATE_WPM_RANGE = (60.0, 500.0)
VOICES = ("auto", "piper", "espeak", "none")
MAX_NARRATION = 1000  # characters a step says: about a minute of speech


def _spoken(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError("the narration is empty; write what is said or leave the step out")
    if len(text) > MAX_NARRATION:
        raise ValueError(
            f"{len(text)} characters is over a minute of speech; keep a step's narration under "
            f"{MAX_NARRATION} characters, or split the step"
        )
    return text


Spoken = Annotated[str, AfterValidator(_spoken)]


class Recorded(Strict):
    """A step said in the lecturer's own voice: the recording and its transcript."""

    text: Spoken = Field(..., description="What the recording says; it becomes the captions.")
    audio: str = Field(
        ...,
        min_length=1,
        description="The recording (wav, flac, mp3, m4a/aac), relative to the config file.",
    )


def _by_entry_type(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    return "recorded" if isinstance(value, dict) else None


NarrationEntry = Annotated[
    Annotated[Spoken, Tag("text")] | Annotated[Recorded, Tag("recorded")],
    Discriminator(
        _by_entry_type,
        custom_error_type="narration",
        custom_error_message="a step's narration is text, or {text: ..., audio: file}",
    ),
]
Narration = Annotated[
    Annotated[Spoken, Tag("text")]
    | Annotated[list[NarrationEntry], Tag("list")]
    | Annotated[dict[str, NarrationEntry], Tag("mapping")],
    Discriminator(
        _by_type,
        custom_error_type="narration",
        custom_error_message="narration is 'auto', a list in step order, a mapping "
        "{step name: text or {text, audio}}, or for a one-step video its text",
    ),
]


def _voice(value: Any) -> Any:
    if isinstance(value, str) and value not in VOICES and not value.endswith(".onnx"):
        raise ValueError(
            f"unknown voice {value!r}; give auto, piper, espeak, none or the path of a Piper "
            ".onnx voice"
        )
    return value


def _rate(value: Any) -> Any:
    if value is None:
        return None
    rate = _number(value)
    low, high = RATE_WPM_RANGE
    if not (0 < rate <= RATE_MAX_FACTOR or low <= rate <= high):
        raise ValueError(
            f"rate {rate:g} is neither a speed factor (0-{RATE_MAX_FACTOR:g}, 1 = normal) nor "
            f"words per minute ({low:g}-{high:g}); give e.g. 1.1 or 170"
        )
    return rate


class JobBase(Strict):
    """Fields every scene kind shares."""

    scene: str  # each kind narrows this to its own name, which picks the model

    title: Annotated[str, Field(max_length=MAX_TITLE), AfterValidator(_drawable)] | None = Field(
        None, description="Optional on-screen title."
    )
    numbers: Numbers = Numbers()
    timing: Timing = Timing()
    style: Style = Style()
    captions: Captions | None = Field(
        None,
        description="Narration per step: 'auto', a list in step order, or {step name: text}.",
    )
    narration: Narration | None = Field(
        None,
        description="What is said at each step: 'auto', a list in step order, or {step name: "
        "text or {text, audio}}; the steps hold until it is said.",
    )
    voice: Annotated[str, BeforeValidator(_voice)] = Field(
        "none",
        description="How narration text is spoken: auto (Piper, else espeak-ng), piper, espeak, "
        "none (silent), or a Piper .onnx voice file.",
    )
    rate: Annotated[float | None, BeforeValidator(_rate)] = Field(
        None, description="Speaking speed: a factor (1.2 = 20% faster) or words per minute."
    )
    pad: float = Field(
        0.5, ge=0.0, le=5.0, description="Seconds of quiet after a step's narration."
    )
    render: RenderSettings = RenderSettings()

    @abstractmethod
    def steps(self) -> list[str]:
        """The named steps a scene of this job plays, in order.

        The scene runs one method per name (see ``LessonScene.play_step``); captions, chapters
        and ``mnemo-anim scenes --steps`` follow the same list. Steps may depend on the numbers
        (a 3-row matrix has three row steps).
        """

    @abstractmethod
    def auto_narration(self) -> dict[str, str]:
        """What ``captions: auto`` says at each step, written from the job's numbers.

        Each text must fit the caption lines for any numbers the model accepts; write a long
        and a short form with ``fits``. (NumPy is imported inside, only when narration is asked
        for: validating a config or checking a cached batch stays free of it.)
        """

    @model_validator(mode="after")
    def _title_fits(self) -> JobBase:
        if not self.title:
            return self
        geo = self.render.geometry()
        room = title_room(self.title, geo.frame_width, geo.frame_height)
        if room is not None:
            raise FieldError(
                "title",
                f"the title needs more than {TITLE_LINES} lines at the smallest legible size in "
                f"{self.render.aspect}; about {room} of its {len(self.title)} characters fit: "
                "shorten it",
            )
        return self

    @model_validator(mode="after")
    def _caption_steps(self) -> JobBase:
        if self.captions is None or self.captions == "auto":
            return self
        names = self.steps()
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

    @model_validator(mode="after")
    def _narration_steps(self) -> JobBase:
        if self.narration is None:
            return self
        if self.captions is not None:
            raise FieldError(
                "captions",
                "narration is shown as captions already; remove captions (or narration)",
            )
        names = self.steps()
        if isinstance(self.narration, str) and self.narration != "auto" and len(names) > 1:
            raise FieldError(
                "narration",
                f"this video has {len(names)} steps ({', '.join(names)}): give 'auto', a list "
                "in step order, or a mapping {step name: text}",
            )
        if isinstance(self.narration, list) and len(self.narration) > len(names):
            raise FieldError(
                "narration",
                f"{len(self.narration)} entries but this video has {len(names)} steps "
                f"({', '.join(names)}); give at most {len(names)}",
            )
        if isinstance(self.narration, dict):
            unknown = [key for key in self.narration if key not in names]
            if unknown:
                raise FieldError(
                    "narration",
                    f"no step called {unknown[0]!r}; the steps are: {', '.join(names)}",
                )
        unspoken = [name for name, (_, audio) in self.narration_entries().items() if not audio]
        if self.voice == "none" and unspoken:
            raise FieldError(
                "narration",
                f"the step {unspoken[0]!r} has text but no recording, and voice is none: set "
                "voice: auto (or piper, espeak, a .onnx voice), or give it {text, audio}",
            )
        return self

    def narration_entries(self) -> dict[str, tuple[str, str | None]]:
        """``(text, recording or None)`` by step name, in step order; empty without narration."""
        if self.narration is None:
            return {}
        names = self.steps()
        if self.narration == "auto":
            texts = self.auto_narration()
            return {name: (texts[name], None) for name in names if name in texts}
        if isinstance(self.narration, str):  # the text of a one-step video
            return {names[0]: (self.narration, None)}
        given = (
            dict(zip(names, self.narration, strict=False))
            if isinstance(self.narration, list)
            else self.narration
        )
        out: dict[str, tuple[str, str | None]] = {}
        for name in names:
            entry = given.get(name)
            if isinstance(entry, Recorded):
                out[name] = (entry.text, entry.audio)
            elif entry is not None:
                out[name] = (entry, None)
        return out

    def recordings(self) -> list[str]:
        """Every recording the narration plays, in step order."""
        return [audio for _, audio in self.narration_entries().values() if audio]

    @property
    def narrated(self) -> bool:
        """Whether the video has a voice: narration that is spoken or recorded."""
        return bool(self.narration_entries())

    def caption_texts(self) -> dict[str, str]:
        """Captions by step name, in step order: the narration's text when there is
        narration, else ``captions`` (the automatic one for ``captions: auto``)."""
        if self.narration is not None:
            return {name: text for name, (text, _) in self.narration_entries().items()}
        if self.captions is None:
            return {}
        if self.captions == "auto":
            texts = self.auto_narration()
            return {name: texts[name] for name in self.steps() if name in texts}
        if isinstance(self.captions, list):
            return dict(zip(self.steps(), self.captions, strict=False))
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

    def steps(self) -> list[str]:
        return ["equation", *(f"row {i}" for i in range(len(self.matrix))), "result"]

    def auto_narration(self) -> dict[str, str]:
        from mnemo_anim.maths import arrays, fmt, vector_text

        a, x = arrays(self.matrix, self.vector)
        y, d, lab = a @ x, self.numbers.decimals, as_text(self.labels)
        rows = {
            f"row {i}": fits(
                f"Row {i} of {lab.matrix} dotted with {lab.vector} gives {fmt(value, d)}.",
                f"Row {i} of {lab.matrix} dotted with {lab.vector}.",
            )
            for i, value in enumerate(y)
        }
        return {
            "equation": f"{lab.output} = {lab.matrix}{lab.vector}: each entry of {lab.output} "
            f"is a row of {lab.matrix} dotted with {lab.vector}.",
            **rows,
            "result": fits(
                f"So {lab.output} = {vector_text(y, d)}: one dot product per row.",
                f"So {lab.output} = {lab.matrix}{lab.vector}: one dot product per row.",
            ),
        }


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

    def steps(self) -> list[str]:
        return ["equation", "columns", "scale", "tip to tail", "result", "column space"]

    def auto_narration(self) -> dict[str, str]:
        from mnemo_anim.maths import arrays, column_span, fmt, vector_text

        a, x = arrays(self.matrix, self.vector)
        d, lab = self.numbers.decimals, as_text(self.labels)
        weights = ", ".join(f"{fmt(w, d)}·{plain('a', index=j)}" for j, w in enumerate(x))
        space = {2: "the whole plane", 1: "a line through the origin", 0: "only the origin"}
        return {
            "equation": f"{lab.matrix}{lab.vector} is a weighted sum of the columns of "
            f"{lab.matrix}.",
            "columns": f"Each column of {lab.matrix} is an arrow from the origin.",
            "scale": fits(
                f"Scale each column by its entry of {lab.vector}: {weights}.",
                f"Scale each column by its entry of {lab.vector}.",
            ),
            "tip to tail": "Add the scaled columns tip to tail.",
            "result": fits(
                f"They end at {lab.matrix}{lab.vector} = {vector_text(a @ x, d)}.",
                f"They end at {lab.matrix}{lab.vector}.",
            ),
            "column space": f"{lab.output} lives in the column space of {lab.matrix}: "
            f"{space[column_span(a).rank]}.",
        }


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

    def steps(self) -> list[str]:
        return ["equation", "origin", "Ax", "bias", "output", "shift"]

    def auto_narration(self) -> dict[str, str]:
        from mnemo_anim.maths import arrays, vector_text

        a, x, b = arrays(self.matrix, self.vector, self.bias)
        d, lab = self.numbers.decimals, as_text(self.labels)
        ax = f"{lab.matrix}{lab.vector}"
        return {
            "equation": f"{lab.output} = {ax} + {lab.bias}: a linear map, then a shift.",
            "origin": f"A linear map fixes the origin: {lab.matrix}·0 = 0.",
            "Ax": fits(f"First {ax} = {vector_text(a @ x, d)}.", f"First {ax}."),
            "bias": fits(
                f"Then add {lab.bias} = {vector_text(b, d)}, from the tip of {ax}.",
                f"Then add {lab.bias}, from the tip of {ax}.",
            ),
            "output": fits(
                f"{lab.output} = {ax} + {lab.bias} = {vector_text(a @ x + b, d)}.",
                f"{lab.output} = {ax} + {lab.bias}.",
            ),
            "shift": f"The bias moves the origin to {lab.bias}; {lab.matrix} alone never could.",
        }


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

    def steps(self) -> list[str]:
        if self.layout == "split":
            return ["matrices", "first", "then", "compare"]
        return ["matrices", "first", "then", "product", "other order"]

    def auto_narration(self) -> dict[str, str]:
        from mnemo_anim.maths import arrays, commute, vector_text

        a, b, x = arrays(self.first, self.then, self.vector)
        d, lab = self.numbers.decimals, as_text(self.labels)
        A, B, v = lab.first, lab.then, lab.vector
        moral = (
            f"Here {A}{B} = {B}{A}: these two commute, so the order does not matter."
            if commute(a, b)
            else fits(
                f"{A}{B} lands at {vector_text(a @ b @ x, d)}: the combined matrix is {B}{A}, "
                f"not {A}{B}.",
                f"{A}{B} lands elsewhere: the combined matrix is {B}{A}, not {A}{B}.",
            )
        )
        if self.layout == "split":
            return {
                "matrices": f"Left: {A} then {B}. Right: {B} then {A}.",
                "first": fits(
                    f"{A}{v} = {vector_text(a @ x, d)} on the left, "
                    f"{B}{v} = {vector_text(b @ x, d)} on the right.",
                    f"{A}{v} on the left, {B}{v} on the right.",
                ),
                "then": fits(
                    f"({B}{A}){v} = {vector_text(b @ a @ x, d)}, "
                    f"({A}{B}){v} = {vector_text(a @ b @ x, d)}.",
                    f"({B}{A}){v} on the left, ({A}{B}){v} on the right.",
                ),
                "compare": moral,
            }
        return {
            "matrices": f"Apply {A} first, then {B}.",
            "first": fits(
                f"{A} moves {v} to {A}{v} = {vector_text(a @ x, d)}.", f"{A} moves {v} to {A}{v}."
            ),
            "then": fits(
                f"{B} moves it on to {B}({A}{v}) = {vector_text(b @ a @ x, d)}.",
                f"{B} moves it on to {B}({A}{v}).",
            ),
            "product": f"One matrix does both: {B}{A}. ({B}{A}){v} lands on the same point.",
            "other order": moral,
        }


def _batch(value: Any) -> Any:
    # A batch is a count of inputs: 32 or 32.0 is fine, 1.5 or "32" or true is not.
    if value is None:
        return None
    if isinstance(value, str):
        raise ValueError(f"got the string {value!r}; write the number of inputs without quotes")
    if isinstance(value, bool):
        raise ValueError(f"got the boolean {str(value).lower()}; give a number of inputs, e.g. 32")
    if not isinstance(value, int | float):
        raise ValueError(f"got {type(value).__name__}; give a whole number of inputs such as 32")
    if not math.isfinite(value) or not float(value).is_integer():
        raise ValueError(f"got {value:g}; a batch is a whole number of inputs such as 32")
    return int(value)


class ShapesJob(JobBase):
    """Shapes: an m×n matrix maps n-D to m-D; input size = columns, output size = rows."""

    scene: Literal["shapes"] = "shapes"
    matrix: Matrix = Field(
        default_factory=lambda: [[1.0, 0.0, -1.0], [0.0, 1.0, 2.0]],
        description="The m×n matrix (1 ≤ m, n ≤ 6); spaces are drawn when m, n ≤ 3.",
    )
    vector: Vector = Field(default_factory=lambda: [3.0, 1.0, 2.0], description="x, n numbers.")
    batch: Annotated[int | None, BeforeValidator(_batch)] = Field(
        None, description="Optional batch size B (1-4096): shows X @ Aᵀ, (B, n) @ (n, m) → (B, m)."
    )
    labels: Labels = Labels()

    @model_validator(mode="after")
    def _shapes(self) -> ShapesJob:
        from mnemo_anim.lessons.shapes import MAX_BATCH, MAX_DIM

        _check_shape(self.matrix, self.vector, max_rows=MAX_DIM, max_cols=MAX_DIM)
        if self.batch is not None and not 1 <= self.batch <= MAX_BATCH:
            raise FieldError(
                "batch",
                f"{self.batch} inputs is out of range; give a batch size from 1 to {MAX_BATCH}",
            )
        return self

    def steps(self) -> list[str]:
        """The scene's steps in order (``batch`` only when a batch size is given)."""
        from mnemo_anim.lessons.shapes import steps

        return steps(self.batch is not None)

    def auto_narration(self) -> dict[str, str]:
        """Narration per step, written from the numbers."""
        from mnemo_anim.lessons.shapes import narration

        return narration(self)


class LinearityLabels(Strict):
    """Names shown for A, u, v, the scalar c and the bias b."""

    matrix: Label = Field("A", description="Name of the matrix.")
    u: Label = Field("u", description="Name of the first vector.")
    v: Label = Field("v", description="Name of the second vector.")
    scalar: Label = Field("c", description="Name of the scalar.")
    bias: Label = Field("b", description="Name of the bias of the affine map.")


def _two(field: str, values: list[float], example: str) -> None:
    if len(values) != 2:
        raise FieldError(field, f"it has {_entries(len(values))}; give 2 numbers, e.g. {example}")


class LinearityJob(JobBase):
    """Linearity: A(u + v) = Au + Av and A(cu) = c·Au; a bias breaks both."""

    scene: Literal["linearity"] = "linearity"
    matrix: Matrix = Field(
        default_factory=lambda: [[1.0, 1.0], [0.0, 1.0]],
        description="The 2×2 matrix A, or a preset such as {rotation: 30}.",
    )
    u: Vector = Field(default_factory=lambda: [1.0, 0.5], description="u, two numbers.")
    v: Vector = Field(default_factory=lambda: [0.5, 1.5], description="v, two numbers.")
    scalar: Number = Field(2.0, description="c, the number u is scaled by.")
    bias: Vector = Field(
        default_factory=lambda: [1.0, -1.0],
        description="b of the affine map x ↦ Ax + b that breaks linearity; two numbers.",
    )
    labels: LinearityLabels = LinearityLabels()

    @model_validator(mode="after")
    def _shapes(self) -> LinearityJob:
        rows, cols = len(self.matrix), len(self.matrix[0])
        if (rows, cols) != (2, 2):
            raise FieldError(
                "matrix", f"this scene draws in the plane, so A must be 2×2 (it is {rows}×{cols})"
            )
        _two("u", self.u, "[1, 0.5]")
        _two("v", self.v, "[0.5, 1.5]")
        _two("bias", self.bias, "[1, -1]")
        return self

    def steps(self) -> list[str]:
        """The scene's steps, in order."""
        return ["vectors", "add then map", "map then add", "scale", "origin", "affine"]

    def auto_narration(self) -> dict[str, str]:
        """Narration per step, written from the numbers."""
        from mnemo_anim.lessons.narration import linearity_narration

        return linearity_narration(self)


MIN_LAYERS, MAX_LAYERS = 2, 4
MIN_POINTS, MAX_POINTS = 2, 64


def _count(what: str, low: int, high: int, example: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, list) and not low <= len(value) <= high:
            name = what if len(value) != 1 else what.rstrip("s").replace("matrice", "matrix")
            raise ValueError(f"{len(value)} {name}; give {low} to {high}, e.g. {example}")
        return value

    return BeforeValidator(check)


def _square_layer(rows: list[list[float]]) -> list[list[float]]:
    if len(rows) != 2 or len(rows[0]) != 2:
        raise ValueError(
            f"this weight is {len(rows)}×{len(rows[0])}; every layer must be 2×2 so it can be "
            "drawn in the plane, e.g. [[1, -1], [1, 1]]"
        )
    return rows


def _pair_of(what: str) -> Any:
    def check(values: list[float]) -> list[float]:
        if len(values) != 2:
            raise ValueError(f"it has {_entries(len(values))}; {what} has 2 numbers, e.g. [1, 0]")
        return values

    return AfterValidator(check)


Point = Annotated[Vector, _pair_of("a point in the plane")]
LayerBias = Annotated[Vector, _pair_of("a bias in the plane")]
ACTIVATIONS = ("relu", "gelu", "none")


def _activation(value: Any) -> Any:
    if isinstance(value, str) and value not in ACTIVATIONS:
        import difflib

        close = difflib.get_close_matches(value, ACTIVATIONS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ValueError(f"unknown activation {value!r}; {hint}use relu, gelu or none")
    return value


def _ring(count: int = 12) -> list[list[float]]:
    """``count`` points round the unit circle, the first on the x-axis (no NumPy here: the
    defaults are built whenever a config is validated)."""
    out = []
    for k in range(count):
        t = 2 * math.pi * k / count
        # four places: the starter config stays readable, and cos 90° (6e-17) is 0 (+0.0: not -0)
        out.append([round(c, 4) + 0.0 for c in (math.cos(t), math.sin(t))])
    return out


class LayersJob(JobBase):
    """A forward pass h₁ = σ(W₁x), …; without σ the stack collapses to one matrix."""

    scene: Literal["layers"] = "layers"
    weights: Annotated[
        list[Annotated[Matrix, AfterValidator(_square_layer)]],
        _count("weight matrices", MIN_LAYERS, MAX_LAYERS, "[[[1, -1], [1, 1]], [[1, -1], [0, 1]]]"),
    ] = Field(
        default_factory=lambda: [
            [[1.0, -1.0], [1.0, 1.0]],
            [[1.0, -1.0], [0.0, 1.0]],
            [[1.0, 0.5], [-0.5, 1.0]],
        ],
        description="W₁, W₂, … (2 to 4 layers), each 2×2 or a preset; W₁ acts first.",
    )
    biases: list[LayerBias] | None = Field(
        None, description="Optional: one bias [x, y] per layer, added after its matrix."
    )
    activation: Annotated[Literal["relu", "gelu", "none"], BeforeValidator(_activation)] = Field(
        "relu", description="σ after every layer but the last: relu, gelu, or none."
    )
    inputs: Annotated[
        list[Point], _count("input points", MIN_POINTS, MAX_POINTS, "[[1, 0], [0, 1]]")
    ] = Field(
        default_factory=_ring,
        description="The input points x (2 to 64), each [x, y]; default 12 on the unit circle.",
    )

    @model_validator(mode="after")
    def _shapes(self) -> LayersJob:
        if self.biases is not None and len(self.biases) != len(self.weights):
            raise FieldError(
                "biases",
                f"{len(self.biases)} biases for {len(self.weights)} layers; give one [x, y] "
                f"per layer ({len(self.weights)}), or leave biases out",
            )
        return self

    def steps(self) -> list[str]:
        """The forward pass (σ after every layer but the last), then, with σ, the same stack
        without it, then the collapse into one matrix."""
        names = ["input"]
        for k in range(1, len(self.weights) + 1):
            names.append(f"layer {k}")
            if self.activation != "none" and k < len(self.weights):
                names.append(f"{self.activation} {k}")
        if self.activation != "none":
            names.append("without activation")
        return [*names, "collapse"]

    def auto_narration(self) -> dict[str, str]:
        """Narration per step, written from the numbers."""
        from mnemo_anim.lessons.narration import layers_narration

        return layers_narration(self)


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

        lab = as_text(self.labels)
        texts = transformation_narration(
            self.matrix, self.vector, self.numbers.decimals, lab.matrix, lab.vector
        )
        return {name: texts[name] for name in self.steps()}


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


class CardJob(JobBase):
    """A title card: a heading and one line on the theme's background, between sections."""

    scene: Literal["card"] = "card"
    heading: str = Field(
        "Matrix-vector multiplication",
        min_length=1,
        max_length=60,
        description="The card's heading, in large letters.",
    )
    line: str | None = Field(
        "A matrix turns one vector into another.",
        max_length=90,
        description="One line under the heading; null for none.",
    )

    def steps(self) -> list[str]:
        return ["card"]

    def auto_narration(self) -> dict[str, str]:
        said = f"{self.heading}. {self.line}" if self.line else f"{self.heading}."
        return {"card": fits(said, f"{self.heading[:80]}.")}


SCENE_SUMMARIES: dict[str, str] = {
    "transformation": "A moves the whole plane: î, ĵ land on its columns, areas scale by det A",
    "gallery": "the lesson's table of matrix types, side by side, each with its effect",
    "shapes": "an m×n matrix maps n-D to m-D: input size = columns, output size = rows",
    "row_view": "each y[i] is row i of A dotted with x; the products fill y row by row",
    "column_view": "Ax is the x-weighted sum of A's columns, tip to tail, in the column space",
    "linearity": "A(u + v) = Au + Av and A(cu) = c·Au; a bias b breaks both",
    "bias": "y = Ax + b: A fixes the origin (A·0 = 0); the bias b moves the output off it",
    "composition": "applying A then B equals the single matrix BA, and AB lands elsewhere",
    "layers": "a forward pass h = σ(Wx) layer by layer; without σ the stack is one matrix",
    "card": "a title card between a lecture's sections: a heading and one line",
}

AnyJob = (
    TransformationJob
    | GalleryJob
    | ShapesJob
    | RowViewJob
    | ColumnViewJob
    | LinearityJob
    | BiasJob
    | CompositionJob
    | LayersJob
    | CardJob
)
JobConfig = Annotated[AnyJob, Field(discriminator="scene")]
JOB_MODELS: dict[str, type[JobBase]] = {
    "transformation": TransformationJob,
    "gallery": GalleryJob,
    "shapes": ShapesJob,
    "row_view": RowViewJob,
    "column_view": ColumnViewJob,
    "linearity": LinearityJob,
    "bias": BiasJob,
    "composition": CompositionJob,
    "layers": LayersJob,
    "card": CardJob,
}


def job_schema() -> dict[str, Any]:
    """The JSON Schema of a config (any scene kind, chosen by ``scene``)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(JobConfig).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mnemo-anim config"
    return schema

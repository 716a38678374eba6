"""Every formula on screen, typeset with Typst: labels, equations, matrices and vectors.

Sources are Typst math (``A x = (1, 5)``, ``y_0 = 1 dot.op 3``); labels from a config go
through :func:`sym` / :func:`indexed` first, which translate the label grammar
(``\\theta`` → ``theta``, ``ABC`` → ``A B C``). Numbers go through
:func:`mnemo_anim.maths.tex`.

One compile per formula, in process, never through a file: the ``typst`` wheel compiles a
formula in about 3 ms with the system font scan skipped (the math font, New Computer Modern
Math, is built into the compiler; scanning the system's fonts costs about 30 ms a compile and
would make frames depend on what is installed). The SVG is read here rather than by Manim's
``SVGMobject``: Typst draws every glyph as a reference to one outline, so each distinct outline
is parsed once per process and a formula's glyphs are placed copies of it (parsing and
deep-copying every glyph, as ``SVGMobject`` does, cost 10-20 ms a glyph here).

Pieces that a scene colours or moves on their own (the terms of a dot product, the entries of
a matrix) are found with colour keys: each piece is compiled in its own reserved fill colour,
which changes no glyph's position, and the glyphs are sorted into pieces by colour after import.
That is one compile for a whole matrix or equation line, where Manim's ``{{ … }}`` capture
groups compile once more per group and per-entry mobjects once per entry. Measured on 2 busy
cores, cold: a 3×3 matrix in 72 ms (one compile), 215 ms (a compile per entry), 2.7 s
(``MathTypst`` capture groups); a 6×6 in 285 ms, 1.5 s and 14 s.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree

import numpy as np
import svgelements as se
import typst
from manim import DEFAULT_FONT_SIZE, VGroup, VMobject
from manim.constants import SCALE_FACTOR_PER_FONT_POINT
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

from mnemo_anim.labels import indexed, product

__all__ = [
    "Formula",
    "Glyph",
    "MatrixDisplay",
    "Piece",
    "TypesetError",
    "indexed",
    "math",
    "matrix",
    "sym",
    "typeset_svg",
]


def sym(*labels: str) -> str:
    """Config labels as Typst math, side by side as a product reads: ``sym("W_1")`` →
    ``W_1``, ``sym("\\theta")`` → ``theta``, ``sym("B", "A", "x")`` → ``B A x``."""
    return product(*labels)


# Typst sizes in points; 10 pt glyphs scaled by ``font_size / 960`` are the size MathTex gave
# at the same ``font_size`` (measured: the digit 1 is within 1 % of MathTex's).
TEXT_PT = 10
# Matrix spacing in em, chosen so a matrix keeps the proportions of Manim's ``Matrix`` that the
# layout was tuned with: 0.55 units between columns and 0.8 between row centres at size 48.
COLUMN_GAP_EM = 1.1
ROW_GAP_EM = 0.6
BRACKET_PAD_EM = 0.4  # Typst's brackets hug the entries; Manim's Matrix left 0.25 units
_PREAMBLE = (
    "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n"
    f"#set text(size: {TEXT_PT}pt)\n"
    f'#set math.mat(delim: "[", align: right, column-gap: {COLUMN_GAP_EM}em, '
    f"row-gap: {ROW_GAP_EM}em)\n"
)


class TypesetError(ValueError):
    """Typst refused a formula (a bug in the code that wrote it: config labels always typeset)."""


@lru_cache(maxsize=4096)
def typeset_svg(body: str) -> bytes:
    """Compile Typst math ``body`` (no ``$``) to SVG bytes."""
    document = f"{_PREAMBLE}$ {body} $\n"
    try:
        return bytes(typst.compile(document.encode(), format="svg", ignore_system_fonts=True))
    except typst.TypstError as err:
        raise TypesetError(f"Typst cannot typeset {body!r}: {err}") from err


# -- colour keys ------------------------------------------------------------------------------

# Glyphs outside every piece stay black (#000000); piece k is drawn in #00xxyy, xxyy = k + 1.
_MAX_KEYS = 0xFFFF


def _key(k: int) -> str:
    if not 0 <= k < _MAX_KEYS:
        raise ValueError(f"at most {_MAX_KEYS} pieces in one formula")
    return f"#00{k + 1:04x}"


def _keyed(k: int, source: str) -> str:
    """``source`` drawn in key colour ``k`` (an argument of Typst's ``text``)."""
    return f'text(fill: #rgb("{_key(k)}"), {_escape_commas(source)})'


def _escape_commas(source: str) -> str:
    """Escape the commas and semicolons that would end a function argument (those outside
    any bracket)."""
    out, depth, quoted = [], 0, False
    for ch in source:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([{":
            depth += 1
        elif not quoted and ch in ")]}":
            depth -= 1
        elif not quoted and ch in ",;" and depth == 0:
            ch = "\\" + ch
        out.append(ch)
    return "".join(out)


def _key_of(leaf: VMobject) -> int | None:
    """The piece a glyph was keyed to, or ``None`` for an unkeyed glyph (brackets)."""
    hexcode = leaf.get_fill_color().to_hex()[1:7].lower()
    value = int(hexcode, 16)
    return value - 1 if 0 < value <= _MAX_KEYS else None


# -- import -----------------------------------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
_HREF = "{http://www.w3.org/1999/xlink}href"
_Affine = np.ndarray  # 3×3, SVG user space (points, y down) of an element → the page


@lru_cache(maxsize=4096)
def _outline(d: str) -> np.ndarray:
    """The Bézier points of an SVG path, parsed once per distinct glyph shape."""
    points = VMobjectFromSVGPath(se.Path(d)).points
    points.flags.writeable = False  # shared by every glyph of this shape
    return points


def _affine(transform: str | None) -> _Affine:
    if not transform:
        return np.eye(3)
    m = se.Matrix(transform)
    return np.array([[m.a, m.c, m.e], [m.b, m.d, m.f], [0.0, 0.0, 1.0]])


class Glyph(VMobject):
    """One drawn glyph; ``outline`` is its SVG path, the same for every copy of one character
    at one size (how :mod:`~mnemo_anim.visuals.legible` tells a digit from a bracket)."""

    def __init__(self, outline: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outline = outline


def _placed(points: np.ndarray, affine: _Affine, fill: str, outline: str = "") -> Glyph:
    """A filled glyph: ``points`` mapped to the page, y turned up."""
    xy = points[:, :2] @ affine[:2, :2].T + affine[:2, 2]
    out = np.zeros_like(points)
    out[:, 0], out[:, 1] = xy[:, 0], -xy[:, 1]
    glyph = Glyph(outline, fill_color=fill, fill_opacity=1.0, stroke_width=0)
    glyph.set_points(out)
    return glyph


def _rule(element: ElementTree.Element, affine: _Affine) -> VMobject:
    """A stroked straight line (a fraction bar, an overline) as the filled bar it draws."""
    path = se.Path(element.get("d", ""))
    segments = [seg for seg in path if not isinstance(seg, se.Move)]
    if len(segments) != 1 or not isinstance(segments[0], se.Line):
        raise TypesetError(f"Typst drew a stroke that is not a straight line: {path.d()}")
    (x0, y0), (x1, y1) = segments[0].start, segments[0].end
    half = float(element.get("stroke-width", "1")) / 2
    dx, dy = x1 - x0, y1 - y0
    length = max(np.hypot(dx, dy), 1e-9)
    nx, ny = -dy / length * half, dx / length * half
    corners = [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]
    d = "M {} {} L {} {} L {} {} L {} {} Z".format(*(c for xy in corners for c in xy))
    return _placed(_outline(d), affine, element.get("stroke", "#000000"))


def _read_svg(svg: bytes) -> list[VMobject]:
    """The glyphs and rules of a Typst SVG, in drawing order, in points with y up."""
    root = ElementTree.fromstring(svg)
    symbols = {el.get("id"): el for el in root.iter(f"{_SVG}symbol")}
    out: list[VMobject] = []

    def walk(element: ElementTree.Element, affine: _Affine, fill: str) -> None:
        for child in element:
            tag = child.tag.removeprefix(_SVG)
            here = affine @ _affine(child.get("transform"))
            colour = child.get("fill", fill)
            if tag == "g":
                walk(child, here, colour)
            elif tag == "use":
                shift = _affine(f"translate({child.get('x', '0')} {child.get('y', '0')})")
                walk(symbols[child.get(_HREF, "").lstrip("#")], here @ shift, colour)
            elif tag == "path" and colour != "none":
                d = child.get("d", "")
                out.append(_placed(_outline(d), here, colour, d))
            elif tag == "path" and child.get("stroke", "none") != "none":
                out.append(_rule(child, here))
            elif tag not in ("defs", "symbol", "path"):
                raise TypesetError(f"Typst drew a <{tag}>, which formulas here do not use")

    walk(root, np.eye(3), "#000000")
    return out


def _glyphs(body: str, font_size: float) -> list[VMobject]:
    """Typeset ``body`` and return its glyphs at ``font_size``, in drawing order."""
    leaves = _read_svg(typeset_svg(body))
    scale = font_size * SCALE_FACTOR_PER_FONT_POINT
    for leaf in leaves:
        leaf.points *= scale
    return leaves


def _sort(leaves: list[VMobject], count: int) -> tuple[list[list[VMobject]], list[VMobject]]:
    """Glyphs sorted into ``count`` keyed pieces, and the unkeyed rest."""
    pieces: list[list[VMobject]] = [[] for _ in range(count)]
    rest = []
    for leaf in leaves:
        k = _key_of(leaf)
        if k is not None and k < count:
            pieces[k].append(leaf)
        else:
            rest.append(leaf)
    return pieces, rest


class Piece(VGroup):
    """One part of a formula or one matrix entry; ``source`` is the Typst it shows."""

    def __init__(self, source: str, glyphs: Sequence[VMobject] = (), **kwargs: Any) -> None:
        super().__init__(*glyphs, **kwargs)
        self.source = source


# -- formulas ---------------------------------------------------------------------------------


class Formula(VGroup):
    """A typeset formula whose submobjects are its parts, as MathTex had its parts.

    ``formula[k]`` is part k (a :class:`Piece`, coloured and moved on its own); ``source`` is
    the whole formula's Typst and ``parts`` the parts' sources, for tests and tools that read
    what is on screen.
    """

    def __init__(
        self,
        parts: Sequence[str],
        *,
        color: str | None = None,
        font_size: float = DEFAULT_FONT_SIZE,
    ) -> None:
        super().__init__()
        self.parts = tuple(parts)
        self.source = " ".join(self.parts)
        rest: list[VMobject] = []
        if len(self.parts) == 1:
            pieces = [_glyphs(self.parts[0], font_size)]
        else:
            body = " ".join(_keyed(k, part) for k, part in enumerate(self.parts))
            pieces, rest = _sort(_glyphs(body, font_size), len(self.parts))
        if rest:  # every glyph of a formula belongs to a part
            raise TypesetError(f"{len(rest)} glyphs of {self.source!r} belong to no part")
        self.add(*(Piece(part, glyphs) for part, glyphs in zip(self.parts, pieces, strict=True)))
        self.center()
        if color is not None:
            self.set_color(color)

    def __repr__(self) -> str:
        return f"Formula({self.source!r})"


def math(
    source: str | Sequence[str],
    *,
    color: str | None = None,
    font_size: float = DEFAULT_FONT_SIZE,
) -> Formula:
    """Typeset Typst math: one source, or a list of parts that stay separately colourable.

    ``math("A x = b")``; ``math(["y_0", "=", "1", "dot.op", "3"])[2].set_color(...)``.
    """
    parts = [source] if isinstance(source, str) else list(source)
    return Formula(parts, color=color, font_size=font_size)


# -- matrices ---------------------------------------------------------------------------------


class MatrixDisplay(VGroup):
    """A bracketed matrix of Typst cells, typeset in one compile.

    Offers what scenes used of Manim's ``Matrix``: :meth:`get_entries` (row by row),
    :meth:`get_rows`, :meth:`get_columns` and :meth:`get_brackets`; each entry is a
    :class:`Piece` whose ``source`` is the number shown.
    """

    def __init__(
        self,
        cells: Sequence[Sequence[str]],
        *,
        color: str | None = None,
        font_size: float = DEFAULT_FONT_SIZE,
    ) -> None:
        super().__init__()
        self.shape = (len(cells), len(cells[0]) if cells else 0)
        flat = [cell for row in cells for cell in row]
        n = self.shape[1]
        # Room inside the brackets, outside every key; the space ends the code expression
        # (a `;` right after it would be read as the end of `#h(…)`, not of the row).
        pad = f" #h({BRACKET_PAD_EM}em) "
        rows = "; ".join(
            ", ".join(
                (pad if j == 0 else "") + _keyed(i * n + j, cell) + (pad if j == n - 1 else "")
                for j, cell in enumerate(row)
            )
            for i, row in enumerate(cells)
        )
        pieces, rest = _sort(_glyphs(f"mat({rows})", font_size), len(flat))
        self.entries = VGroup(
            *(Piece(cell, glyphs) for cell, glyphs in zip(flat, pieces, strict=True))
        )
        middle = self.entries.get_center()[0]
        self.brackets = VGroup(
            VGroup(*(g for g in rest if g.get_center()[0] < middle)),
            VGroup(*(g for g in rest if g.get_center()[0] >= middle)),
        )
        self.add(self.entries, self.brackets)
        self.center()
        if color is not None:
            self.set_color(color)

    def get_entries(self) -> VGroup:
        return self.entries

    def get_brackets(self) -> VGroup:
        return self.brackets

    def get_rows(self) -> VGroup:
        m, n = self.shape
        return VGroup(*(VGroup(*self.entries[i * n : (i + 1) * n]) for i in range(m)))

    def get_columns(self) -> VGroup:
        n = self.shape[1]
        return VGroup(*(VGroup(*self.entries[j::n]) for j in range(n)))

    def __repr__(self) -> str:
        return f"MatrixDisplay({self.shape[0]}x{self.shape[1]})"


def matrix(
    cells: Sequence[Sequence[str]],
    *,
    color: str | None = None,
    font_size: float = DEFAULT_FONT_SIZE,
) -> MatrixDisplay:
    """Typeset a bracketed matrix of Typst cells (a column vector is an n×1 matrix)."""
    return MatrixDisplay(cells, color=color, font_size=font_size)

"""Gallery: the lesson's table of matrix types, as small planes that all move at once.

Storyboard: one small plane per matrix (the grid, î, ĵ and the unit square), each named; every
grid moves from I to its matrix at the same time, a faint copy of the original grid behind it;
under each plane, its effect in the lesson's words ("No change", "Scale axis 1 by 2, axis 2 by
0.5", "Rotate all vectors by 45°", "Squash onto a line", "Collapses some directions to zero"),
computed from the numbers, not from the name. A row of planes on a wide screen, a grid of them on
a square or tall one.

Runs as a plain Manim scene too: ``manim -ql scenes/gallery.py Gallery``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, ORIGIN, UP, Text, VGroup

from mnemo_anim.config.models import GalleryJob
from mnemo_anim.layout import Box
from mnemo_anim.lessons import transformation as lesson
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.geometry import fit_plane
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.mapping import MapDriver
from mnemo_anim.visuals.plane import Plane, PlaneArrow
from mnemo_anim.visuals.tiles import Place, Tile, tile_grid
from mnemo_anim.visuals.transform_parts import MappedShape, unit_square

# Caption type sizes: digits of 28.3 px at 1080p on a 16:9 screen and 36.9 px on the others, just
# above the legibility floor (28 and 36 px): any larger and five captions no longer fit in a row.
CAPTION_SIZE = {"landscape": 20.0, "portrait": 26.0, "square": 26.0}
EFFECT_LINES = 2  # an effect wraps to at most two lines; the grid picks widths that allow it


@dataclass
class MiniPlane:
    """One entry: its plane, moving grid, î, ĵ, unit square, caption parts and driver."""

    matrix: np.ndarray
    plane: Plane
    arrows: tuple[PlaneArrow, PlaneArrow]
    square: MappedShape
    driver: MapDriver
    name: VGroup
    effect: VGroup
    effect_kind: str


class Gallery(LessonScene):
    """The lesson's table of matrix types: small planes, all moving at once, each captioned."""

    job_model = GalleryJob
    job: GalleryJob
    has_stage = False

    def prepare(self) -> None:
        self.note_mob: Text | None = None
        self.build()
        self.show_title()

    # -- set-up ------------------------------------------------------------------------------

    @property
    def caption_size(self) -> float:
        return CAPTION_SIZE[self.layout.orientation]

    def width_of(self, word: str) -> float:
        """The width of ``word`` at the caption size (measured once); for the probe string of
        :attr:`line_height`, its height."""
        if word not in self._widths:
            text = Text(
                word, font=self.theme.font, font_size=self.caption_size, disable_ligatures=True
            )
            self._widths[word] = text.height if word == "ÅÉgjpqy|°" else text.width
        return self._widths[word]

    def wrap(self, content: str, width: float, lines: int) -> list[str] | None:
        """``content`` word-wrapped to ``width``, or ``None`` if it needs more than ``lines``."""
        space = self.width_of("a a") - 2 * self.width_of("a")
        out: list[tuple[str, float]] = []
        for word in content.split():
            w = self.width_of(word)
            if out and out[-1][1] + space + w <= width:
                out[-1] = (out[-1][0] + " " + word, out[-1][1] + space + w)
            elif w <= width:
                out.append((word, w))
            else:
                return None
        return [line for line, _ in out] if len(out) <= lines else None

    def balanced(self, content: str, width: float, lines: int) -> list[str] | None:
        """Like :meth:`wrap`, but the lines as even as the same number of lines allows (no
        lone last word)."""
        found = self.wrap(content, width, lines)
        if found is None or len(found) == 1:
            return found
        low, high = 0.0, width
        for _ in range(20):
            mid = (low + high) / 2
            trial = self.wrap(content, mid, len(found))
            low, high = (low, mid) if trial is not None else (mid, high)
        return self.wrap(content, high, len(found))

    def caption_lines(self, width: float, place: Place) -> list[tuple[list[str], int]] | None:
        """Every entry's caption wrapped to ``width``, with how many of its letters are the name;
        ``None`` if one needs too many lines.

        Below a plane: the name on a line of its own, then the effect in two lines at most.
        Beside one (a column of planes on a tall screen, where every row counts): "name: effect"
        in two lines at most.
        """
        d, out = self.job.numbers.decimals, []
        for entry in self.job.matrices:
            words = lesson.effect(entry.matrix, d).text
            if place == "below":
                name = self.wrap(entry.name, width, 1)
                effect = self.balanced(words, width, EFFECT_LINES)
                lines = None if name is None or effect is None else [*name, *effect]
                letters = len(entry.name)
            else:
                lines = self.balanced(f"{entry.name}: {words}", width, EFFECT_LINES)
                letters = len(entry.name) + 1  # and its colon
            if lines is None:
                return None
            out.append((lines, letters))
        return out

    def caption_fit(self, width: float, place: Place) -> tuple[float, float] | None:
        """(width, tallest caption) when wrapped to ``width``, for :func:`tile_grid`; ``None``
        when some caption needs more lines than allowed."""
        found = self.caption_lines(width, place)
        if found is None:
            return None
        lines = max(len(text) for text, _ in found)
        return width, lines * self.line_height + (lines - 1) * self.line_gap

    @property
    def line_height(self) -> float:
        """The tallest a line of caption can be (accents above, descenders below)."""
        return self.width_of("ÅÉgjpqy|°")  # measured as a height, see ``width_of``

    @property
    def line_gap(self) -> float:
        return 0.15 * self.line_height

    def caption(self, lines: list[str], letters: int, *, left: bool) -> tuple[VGroup, VGroup]:
        """The caption's lines, split into the name's letters (text colour, shown first) and
        the effect's (muted, shown after the move)."""
        th = self.theme
        # Without ligatures a text has one glyph per character (a space is an empty dot), so
        # the name is its first ``letters`` glyphs. A name never breaks across lines: it is
        # wrapped onto one line or starts the first one.
        texts = [
            Text(
                line,
                font=th.font,
                font_size=self.caption_size,
                color=th.muted,
                disable_ligatures=True,
            )
            for line in lines
        ]
        VGroup(*texts).arrange(DOWN, buff=self.line_gap, aligned_edge=LEFT if left else ORIGIN)
        glyphs = [glyph for text in texts for glyph in text.submobjects]
        name, effect = VGroup(*glyphs[:letters]), VGroup(*glyphs[letters:])
        name.set_color(th.text)
        return name, effect

    def gallery_box(self) -> Box:
        """The panel's height and the safe area's width (five planes in a row need all of it);
        on a square or tall screen also the footer's height, down to the captions if any:
        there the planes go one under another and every row counts, and no remark is shown."""
        panel, safe, layout = self.layout.panel, self.layout.safe, self.layout
        if layout.orientation == "landscape":
            return Box(safe.x, panel.y, safe.width, panel.height)
        bottom = layout.caption.top + 0.1 if layout.caption is not None else safe.bottom
        return Box.from_edges(safe.left, safe.right, bottom, panel.top)

    def remark(self, words: str, *, color: str | None = None) -> list:
        """A remark in the footer, on a wide screen only (see :meth:`gallery_box`)."""
        if self.layout.orientation != "landscape":
            return []
        note = self.note(words, color=color)
        out: list = [FadeIn(note)]
        if self.note_mob is not None:
            out.append(FadeOut(self.note_mob))
        self.note_mob = note
        return out

    def build(self) -> None:
        th = self.theme
        self._widths: dict[str, float] = {}
        box = self.gallery_box()
        self.tiles: list[Tile] = tile_grid(box, len(self.job.matrices), self.caption_fit, gap=0.08)
        tile = self.tiles[0]
        beside = tile.caption.x > tile.plane.right
        found = self.caption_lines(tile.caption.width + 1e-6, "beside" if beside else "below")
        assert found is not None  # tile_grid chose a width at which the captions fit
        self.caption_texts = [lines for lines, _ in found]
        captions = [self.caption(lines, letters, left=beside) for lines, letters in found]
        matrices = [lesson.as_matrix(e.matrix) for e in self.job.matrices]
        # One window for every plane, so sizes compare: it holds every square's image.
        points = [p for a in matrices for p in lesson.unit_square(a)] + [(-1.0, -1.0), (1.0, 1.0)]
        side = self.tiles[0].plane.width
        spec = fit_plane(points, side, side, margin=0.08, min_span=2.5, min_cell=0.3)
        self.minis: list[MiniPlane] = []
        for a, tile, (name, effect) in zip(matrices, self.tiles, captions, strict=True):
            plane = Plane(spec, tile.plane, th, text_scale=self.layout.text_scale, numbers=False)
            grid = plane.moving_grid()
            plane.add(grid)
            i_hat = plane.arrow((1.0, 0.0), th.column(0))
            j_hat = plane.arrow((0.0, 1.0), th.column(1))
            square = unit_square(plane, th.accent)
            driver = MapDriver(grid, square, i_hat, j_hat)
            block = VGroup(name, effect)
            if beside:
                block.move_to(tile.caption.center).align_to(
                    np.array([tile.caption.left, 0.0, 0.0]), LEFT
                )
            else:
                block.move_to(tile.caption.center).align_to(
                    np.array([0.0, tile.caption.top, 0.0]), UP
                )
            kind = lesson.effect(a, self.job.numbers.decimals).kind
            self.minis.append(
                MiniPlane(a, plane, (i_hat, j_hat), square, driver, name, effect, kind)
            )

    # -- steps -------------------------------------------------------------------------------

    def step_types(self) -> None:
        self.beat(
            *(FadeIn(VGroup(m.plane, m.square)) for m in self.minis),
            *(FadeIn(m.name) for m in self.minis),
            run_time=0.9,
        )
        self.beat(
            *(arrow.grow() for m in self.minis for arrow in m.arrows),
            *self.remark("the lesson's table of matrix types"),
            run_time=0.7,
        )
        self.hold(0.6)

    def step_move(self) -> None:
        self.beat(*(m.driver.apply(m.matrix) for m in self.minis), run_time=2.5)
        self.hold(0.6)

    def step_effects(self) -> None:
        self.beat(
            *(FadeIn(m.effect, shift=0.1 * DOWN) for m in self.minis),
            *self.remark("each matrix: what it does to vectors", color=self.theme.text),
            run_time=0.9,
        )
        self.hold(2.5)

"""Shapes: an m×n matrix maps n-D to m-D; input size = columns, output size = rows.

Storyboard: the matrix as a machine between its input space and its output space (a turning
3-D view, a plane or a number line; for more than 3 dimensions the space is named, ℝ⁶, and the
vectors are columns of numbers); x in its space and as numbers; x's entries meet A's columns
and each row of A gives one entry of y; y in its space; the shape rule (m×n) @ (n,) → (m,) with
the column count braced under the matrix and the row count beside it; the lesson's pitfall
with this matrix and with its 5×3 example; with ``batch``, X @ Aᵀ as blocks of cells whose
inner sizes match and whose outer sizes carry to the result.

Runs as a plain Manim scene too: ``manim -ql scenes/shapes.py Shapes``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Create,
    Indicate,
    Line,
    Mobject,
    Rectangle,
    RoundedRectangle,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
)

from mnemo_anim.config.models import ShapesJob
from mnemo_anim.labels import plain
from mnemo_anim.layout import Box
from mnemo_anim.lessons.shapes import BLOCK_ROWS, ShapeFacts, maps, space_name, vec_text
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.legible import match_type, type_height
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.matrix import matrix_display, vector_display
from mnemo_anim.visuals.panels import caption, op
from mnemo_anim.visuals.plane import PlaneLabel, coords_tex, fitted_plane
from mnemo_anim.visuals.shapes_parts import (
    CellBlock,
    NumberLine1D,
    Space3D,
    count_brace,
    glyphs_of,
    label_free,
    tagged_text,
)
from mnemo_anim.visuals.typeset import sym

BAND = {"landscape": 1.45, "portrait": 1.5, "square": 1.35}  # height of the text band


class SpaceView:
    """One side's space (number line, plane or turning 3-D view) and the vector drawn in it."""

    def __init__(self, scene: Shapes, box: Box, values: np.ndarray, color: str, name: str) -> None:
        th, d, ts = scene.theme, scene.job.numbers.decimals, scene.layout.text_scale
        self.values, self.dim = values, len(values)
        label = f"{sym(name)} = {coords_tex(values, d)}"
        self.plane, self.label = None, None
        if self.dim == 3:
            names = [plain(name, index=k) for k in range(3)]  # the axes x₀, x₁, x₂
            self.space: Any = Space3D(
                box, values, th, color=color, label=label, axis_names=names, text_scale=ts
            )
            self.frame, self.vector = self.space.frame_parts, None
        elif self.dim == 2:
            # As in the 3-D view, the label names the point from the top of the box: beside
            # the tip of a tall vector it would sit on the arrow's head or the axis numbers.
            self.label = PlaneLabel(label, color, th, scale=0.8 * ts)
            self.label.scale(max(1.0, box.floor_scale(self.label)))
            self.label.move_to(box.center).align_to(box.center + box.height / 2 * UP, UP)
            plane_box = label_free(box, self.label)
            self.plane = self.space = fitted_plane([values], plane_box, th, text_scale=ts)
            self.frame = self.plane
            self.vector = self.plane.arrow(values, color)
        else:
            self.space = NumberLine1D(box, values[0], th, color=color, label=label, text_scale=ts)
            self.frame, self.vector = self.space.frame_parts, None

    def appear(self, scene: Shapes) -> list:
        if self.plane is None:
            scene.add(self.space)  # the vector parts are there, still invisible
        return [FadeIn(self.frame)]

    def grow(self) -> Any:
        if self.label is not None:
            return AnimationGroup(self.vector.grow(), FadeIn(self.label))
        return self.vector.grow() if self.vector is not None else self.space.grow()

    def tip(self) -> np.ndarray:
        """The drawn tip of the vector, in this space's coordinates (for tests)."""
        if self.vector is not None:
            assert self.plane is not None
            return self.plane.p2c(self.vector.tip_point())
        if self.dim == 1:
            return np.array([self.space.tip])
        return np.asarray(self.space.tip)


class Shapes(LessonScene):
    """(m×n) @ (n,) → (m,): an m×n matrix is a machine from n-D to m-D."""

    job_model = ShapesJob
    job: ShapesJob

    # -- set-up ------------------------------------------------------------------------------

    def prepare(self) -> None:
        job, th = self.job, self.theme
        d, lab = job.numbers.decimals, job.labels
        self.facts = facts = ShapeFacts.of(job.matrix, job.vector, job.batch)
        self.colours = {"": th.text, "in": th.column(0), "out": th.output, "batch": th.bias}
        cin, cout = self.colours["in"], self.colours["out"]
        self.a_m = matrix_display(facts.matrix, th, decimals=d, colored=False)
        self.x_col = vector_display(facts.vector, th, decimals=d, colors=[cin] * facts.n)
        self.y_col = vector_display(facts.output, th, decimals=d, colors=[cout] * facts.m)
        # Every word around the machine is set as large as its numbers: scaled together to
        # fit, none drops under the legibility floor before the numbers do.
        self.digit = type_height(self.a_m) or 1.0
        self.machine = self.build_machine()
        self.x_side = self.side(self.x_col, lab.vector, facts.n, cin)
        self.y_side = self.side(self.y_col, lab.output, facts.m, cout)
        kind = self.layout.orientation
        # On a narrow screen every bit of width goes to the numbers: short arrows, tight gaps.
        reach, buff = (0.35, 0.2) if kind == "landscape" else (0.18, 0.1)
        self.arrows = [
            Arrow(
                reach * LEFT,
                reach * RIGHT,
                buff=0,
                color=th.muted,
                max_tip_length_to_length_ratio=0.5,
            )
            for _ in range(2)
        ]
        row = VGroup(self.x_side, self.arrows[0], self.machine, self.arrows[1], self.y_side)
        self.row = row.arrange(RIGHT, buff=buff)
        self.main, self.band = self.layout.panel.rows(
            self.layout.panel.height - BAND[kind], BAND[kind], gap=0.15
        )
        self.views: dict[str, SpaceView] = {}
        self.spaces_leave = False
        if facts.drawn:
            self.place_with_spaces(kind)
        else:
            self.main.fit(row, max_scale=1.1)

    def build_machine(self) -> VGroup:
        """The matrix in a box, its name and size above, its row and column braces (shown at
        the shape rule, but placed now so the box never changes size)."""
        th, f = self.theme, self.facts
        font, size, digit = th.font, 26 * self.layout.text_scale, self.digit
        entries = VGroup(*self.a_m.get_entries())
        self.col_brace = count_brace(
            entries,
            DOWN,
            f"{f.n} column{'s' * (f.n > 1)}",
            self.colours["in"],
            font=font,
            font_size=size,
            digit=digit,
        )
        self.row_brace = count_brace(
            self.a_m,
            RIGHT,
            f"{f.m}\nrow{'s' * (f.m > 1)}",
            self.colours["out"],
            font=font,
            font_size=size,
            digit=digit,
        )
        # Room above the matrix where x's entries come to rest over their columns.
        self.slot = Rectangle(width=self.a_m.width, height=0.34, stroke_opacity=0, fill_opacity=0)
        self.slot.next_to(self.a_m, UP, buff=0.12)
        inside = VGroup(self.slot, self.a_m, self.col_brace, self.row_brace)
        # A phone needs the width for the numbers at the legibility floor: a slimmer margin.
        margin = 0.5 if self.layout.orientation == "landscape" else 0.2
        self.box = RoundedRectangle(
            corner_radius=0.15,
            width=inside.width + margin,
            height=inside.height + 0.3,
            stroke_color=th.muted,
            stroke_width=3,
            fill_color=th.grid,
            fill_opacity=0.25,
        ).move_to(inside)
        self.size_tag = match_type(self.text(f"{f.m}×{f.n}", size=30), digit)
        self.name_tag = match_type(op(sym(self.job.labels.matrix), th), digit)
        tag = VGroup(self.name_tag, self.size_tag).arrange(RIGHT, buff=0.25)
        tag.next_to(self.box, UP, buff=0.15)
        return VGroup(self.box, tag, self.slot, self.a_m, self.col_brace, self.row_brace)

    def side(self, col: Mobject, label: str, dim: int, color: str) -> VGroup:
        """A vector's numbers with its name above and its space's name (ℝⁿ) below."""
        name = match_type(caption(sym(label), color), self.digit)
        name.next_to(col, UP, buff=0.2)
        space = match_type(self.text(space_name(dim), size=30, color=color), self.digit)
        space.next_to(col, DOWN, buff=0.2)
        return VGroup(name, col, space)

    def place_with_spaces(self, kind: str) -> None:
        """Landscape: space | numbers → machine → numbers | space in one row, the text band
        below. Otherwise the numbers and machine at the bottom and the two spaces side by side
        above them; the spaces leave at the shape rule and its text takes their place (on a
        phone there is no room for spaces, machine and text at once)."""
        f, row, main = self.facts, self.row, self.main
        if kind == "landscape":
            scale = min(0.5 * main.width / row.width, main.height / row.height, 1.1)
            row.scale(max(scale, main.floor_scale(row))).move_to(main.center)
            gap = 0.25
            floor = main.min_type
            left = Box.from_edges(
                main.left, row.get_left()[0] - gap, main.bottom, main.top, min_type=floor
            )
            right = Box.from_edges(
                row.get_right()[0] + gap, main.right, main.bottom, main.top, min_type=floor
            )
        else:
            panel = self.layout.panel
            lower = panel.rows(0.5, 0.5)[1]
            scale = min(lower.width / row.width, lower.height / row.height, 1.1)
            row.scale(max(scale, lower.floor_scale(row)))
            row.move_to(np.array([panel.x, panel.bottom + row.height / 2, 0.0]))
            top = Box.from_edges(
                panel.left, panel.right, row.get_top()[1] + 0.25, panel.top, min_type=panel.min_type
            )
            left, right = top.columns(1, 1, gap=0.3)
            self.band = top.shrink(0.1)
            self.spaces_leave = True
        lab = self.job.labels
        self.views["in"] = SpaceView(self, left, f.vector, self.colours["in"], lab.vector)
        self.views["out"] = SpaceView(self, right, f.output, self.colours["out"], lab.output)

    # -- steps -------------------------------------------------------------------------------

    def say(self, words: str) -> None:
        """Replace the remark in the footer with ``words``."""
        note = self.note(words)
        old = getattr(self, "said", None)
        self.beat(FadeIn(note), *([FadeOut(old)] if old is not None else []), run_time=0.4)
        self.said = note

    def step_machine(self) -> None:
        self.show_title()
        frames = [a for view in self.views.values() for a in view.appear(self)]
        braces = (self.col_brace, self.row_brace)
        parts = [m for m in self.machine if m not in braces and m is not self.slot]
        spaces = [self.x_side[2], self.y_side[2]]
        self.beat(*(FadeIn(m) for m in parts), *frames, *(FadeIn(s) for s in spaces), run_time=1)
        f = self.facts
        for view in self.views.values():
            if isinstance(view.space, Space3D):
                view.space.start_turning()
        self.beat(*(Create(a) for a in self.arrows), run_time=0.6)
        pieces = [
            (f"{f.n}D" if f.drawn else space_name(f.n), "in"),
            (" in  →  ", ""),
            (f"{f.m}D" if f.drawn else space_name(f.m), "out"),
            (" out", ""),
        ]
        self.band_lines = tagged_text(
            pieces, self.colours, font=self.theme.font, font_size=40 * self.layout.text_scale
        )
        self.band.fit(self.band_lines, max_scale=1.0)
        if not self.spaces_leave:  # else the band is where the spaces are, until they leave
            self.beat(FadeIn(self.band_lines), run_time=0.6)
        self.say(f"a machine: {f.n} numbers in, {f.m} out")
        self.hold(0.8)

    def step_input(self) -> None:
        shown = [FadeIn(self.x_side[0]), FadeIn(self.x_col)]
        if "in" in self.views:
            shown.append(self.views["in"].grow())
        self.beat(*shown, run_time=1.4)
        f, lab = self.facts, self.job.labels
        where = f"a point in {f.n}D" if f.drawn else f"a point in {space_name(f.n)}"
        self.say(f"{plain(lab.vector)} = {vec_text(f.vector, self.job.numbers.decimals)}: {where}")
        self.hold(1.0)

    def step_map(self) -> None:
        th = self.theme
        # x_j comes to rest over column j: it is the weight of that column.
        columns = self.a_m.get_columns()
        copies = []
        for j, entry in enumerate(self.x_col.get_entries()):
            target = entry.copy().move_to(
                np.array([columns[j].get_center()[0], self.slot.get_center()[1], 0.0])
            )
            copies.append(target)
        self.beat(
            *(
                TransformFromCopy(e, c)
                for e, c in zip(self.x_col.get_entries(), copies, strict=True)
            ),
            run_time=1.2,
        )
        self.weights = VGroup(*copies)
        self.beat(Indicate(self.box, color=th.accent, scale_factor=1.03), run_time=0.6)
        # Row i of A, weighted by x, gives y_i.
        rows = self.a_m.get_rows()
        self.beat(
            *(
                TransformFromCopy(VGroup(rows[i], self.weights), entry)
                for i, entry in enumerate(self.y_col.get_entries())
            ),
            FadeIn(self.y_col.get_brackets()),
            FadeIn(self.y_side[0]),
            run_time=1.4,
        )
        self.beat(FadeOut(self.weights), run_time=0.4)
        lab = self.job.labels
        a, x, y = plain(lab.matrix), plain(lab.vector), plain(lab.output)
        self.say(f"{x} meets {a}'s columns; rows make {y}")
        self.hold(0.8)

    def step_output(self) -> None:
        if "out" in self.views:
            self.beat(self.views["out"].grow(), run_time=1.3)
        else:
            self.beat(Indicate(self.y_side, color=self.colours["out"]), run_time=1.0)
        f, lab = self.facts, self.job.labels
        y = vec_text(f.output, self.job.numbers.decimals)
        where = f"a point in {f.m}D" if f.drawn else f"a point in {space_name(f.m)}"
        self.say(f"{plain(lab.output)} = {y}: {where}")
        self.hold(1.2)

    def step_shape_rule(self) -> None:
        f, th = self.facts, self.theme
        font = th.font
        self.rule = tagged_text(
            f.shape_rule(), self.colours, font=font, font_size=40 * self.layout.text_scale
        )
        size = 28 * self.layout.text_scale
        words = [("input size = columns", "in"), ("output size = rows", "out")]
        sub = VGroup(*(tagged_text([w], self.colours, font=font, font_size=size) for w in words))
        # Side by side in a wide band, one above the other in a tall one.
        sub.arrange(RIGHT, buff=0.6) if not self.spaces_leave else sub.arrange(DOWN, buff=0.2)
        lines = VGroup(self.rule, sub).arrange(DOWN, buff=0.3)
        self.band.fit(lines, max_scale=1.2)
        leaving = [FadeOut(self.band_lines)]
        if self.spaces_leave:
            leaving = self.spaces_out()
        self.beat(FadeIn(self.col_brace), FadeIn(self.row_brace), *leaving)
        self.band_lines = lines
        self.beat(FadeIn(self.rule, shift=0.1 * UP), run_time=0.7)
        self.beat(FadeIn(sub), run_time=0.6)
        self.say("columns take the input, rows give the output")
        self.hold(1.5)

    def step_pitfall(self) -> None:
        lines = VGroup(
            *(
                tagged_text(
                    pieces,
                    self.colours,
                    font=self.theme.font,
                    font_size=32 * self.layout.text_scale,
                )
                for pieces in self.pitfall_rows()
            )
        ).arrange(DOWN, buff=0.22)
        self.band.fit(lines, max_scale=1.2)
        self.pitfall_lines = lines
        self.beat(FadeOut(self.band_lines), run_time=0.4)
        self.beat(FadeIn(lines[0]), Indicate(self.row_brace), run_time=1.0)
        self.hold(0.6)
        if len(lines) > 1:
            self.beat(*(FadeIn(line) for line in lines[1:]), run_time=0.8)
        self.say("output size = number of rows")
        self.hold(1.8)

    def pitfall_rows(self) -> list[list[tuple[str, str]]]:
        """The pitfall's lines as coloured pieces; in a tall band "(not 2D → 3D)" gets a line
        of its own, so the lines stay large."""
        tall = self.spaces_leave or self.band.width < 2.5 * self.band.height
        rows = []
        for k, line in enumerate(self.facts.pitfalls()):
            pieces = self.pitfall_pieces(line, k)
            tail = pieces[-1][0]
            if tall and tail:
                rows += [pieces[:-1], [(f"({tail.lstrip(', ')})", "")]]
            else:
                rows.append(pieces)
        return rows

    def pitfall_pieces(self, line: str, k: int) -> list[tuple[str, str]]:
        """Colour a pitfall line: the row count and output dimension as output, the column
        count and input dimension as input."""
        f = self.facts
        m, n = (f.m, f.n) if k == 0 else (5, 3)
        head = maps(m, n).capitalize()
        assert line.startswith(head)
        return [
            (f"A {m}", "out"),
            ("×", ""),
            (f"{n}", "in"),
            (" matrix maps ", ""),
            (f"{n}D", "in"),
            (" → ", ""),
            (f"{m}D", "out"),
            (line[len(head) :], ""),
        ]

    def spaces_out(self) -> list:
        """Stop the cameras and fade the spaces and their vectors out."""
        out = []
        for view in self.views.values():
            if isinstance(view.space, Space3D):
                view.space.stop_turning()
            out.append(FadeOut(view.space))
            out += [FadeOut(m) for m in (view.vector, view.label) if m is not None]
        return out

    def step_batch(self) -> None:
        out = [FadeOut(m) for m in (self.row, self.pitfall_lines)]
        if not self.spaces_leave:
            out += self.spaces_out()
        self.beat(*out, run_time=0.7)
        f = self.facts
        self.batch_parts = self.build_batch()
        x, xt, y = self.blocks
        p = self.batch_parts
        self.beat(FadeIn(p["x"]), FadeIn(p["at"]), FadeIn(p["ops"][0]), run_time=1.0)
        # The inner sizes match: X's width, turned upright, is Aᵀ's height.
        edge = Line(x.get_corner(DOWN + LEFT), x.get_corner(DOWN + RIGHT))
        edge.set_stroke(self.colours["in"], width=8)
        upright = Line(xt.get_corner(DOWN + LEFT), xt.get_corner(UP + LEFT))
        upright.set_stroke(self.colours["in"], width=8)
        self.beat(Create(edge), run_time=0.5)
        self.beat(edge.animate.become(upright), run_time=1.0)
        self.inner_edge = edge
        rule = p["rule"]
        self.beat(FadeIn(rule), Create(p["match"]), run_time=0.8)
        self.beat(
            FadeIn(p["ops"][1]),
            TransformFromCopy(p["x_rows"], p["y_rows"]),
            TransformFromCopy(p["at_cols"], p["y_cols"]),
            FadeIn(y),
            FadeIn(p["y_name"]),
            run_time=1.3,
        )
        name = self.batch_name(self.job.labels.vector, "X")
        self.say(f"{f.batch} inputs, one per row of {name}")
        self.hold(2.0)

    def build_batch(self) -> dict[str, Any]:
        """Blocks X (B×n), Aᵀ (n×m) and Y (B×m) of equal cells with their braces and names in
        the upper part of the panel; the batched shape rule below them."""
        f, th = self.facts, self.theme
        assert f.batch is not None
        ts, panel = self.layout.text_scale, self.layout.panel
        band_h = BAND[self.layout.orientation]
        main, band = panel.rows(panel.height - band_h, band_h, gap=0.15)
        (b, n), (_, m), _ = f.batch_shapes()
        tall = max(min(b, BLOCK_ROWS), n)
        # Cells as large as the room allows once braces, names and operators have theirs.
        cell = min((main.width - 3.6 * ts) / (n + 2 * m), (main.height - 1.6 * ts) / tall, 0.55)
        parts = self.batch_blocks(cell)
        main.fit(parts["all"], max_scale=1.0)
        pieces = f.batch_rule()
        rule = tagged_text(pieces, self.colours, font=th.font, font_size=40 * ts)
        band.fit(rule, max_scale=1.0)
        inner = VGroup(*(glyphs_of(pieces, rule, k) for k in (3, 4, 5)))
        parts["match"] = SurroundingRectangle(
            inner, color=self.colours["in"], buff=0.08, corner_radius=0.06
        )
        parts["rule"], parts["rule_pieces"] = rule, pieces
        return parts

    def batch_blocks(self, cell: float) -> dict[str, Any]:
        """The three blocks, each with its row and column braces and its name, in a row with
        their tops level, so the rows of X line up with the rows of Y."""
        f, th, lab = self.facts, self.theme, self.job.labels
        (b, n), (_, m), _ = f.batch_shapes()
        size = 28 * self.layout.text_scale
        cin, cout, cb = self.colours["in"], self.colours["out"], self.colours["batch"]
        x = CellBlock(b, n, cell, th, color=cin, font_size=size)
        at = CellBlock(n, m, cell, th, color=th.text, font_size=size)
        y = CellBlock(b, m, cell, th, color=cout, font_size=size)

        def brace(block: Mobject, direction: np.ndarray, count: int, colour: str) -> VGroup:
            return count_brace(block, direction, str(count), colour, font=th.font, font_size=size)

        parts: dict[str, Any] = {
            "x_rows": brace(x, LEFT, b, cb),
            "x_cols": brace(x, DOWN, n, cin),
            "at_rows": brace(at, LEFT, n, cin),
            "at_cols": brace(at, DOWN, m, cout),
            "y_rows": brace(y, RIGHT, b, cb),
            "y_cols": brace(y, DOWN, m, cout),
        }
        groups = [
            VGroup(x, parts["x_rows"], parts["x_cols"]),
            VGroup(at, parts["at_rows"], parts["at_cols"]),
            VGroup(y, parts["y_rows"], parts["y_cols"]),
        ]
        ops = [self.text("@", size=34), self.text("→", size=34)]
        VGroup(groups[0], ops[0], groups[1], ops[1], groups[2]).arrange(
            RIGHT, buff=0.4, aligned_edge=UP
        )
        for op_mob in ops:
            op_mob.set_y(x.get_center()[1])
        names = [
            self.text(self.batch_name(lab.vector, "X"), size=30),
            self.text(f"{plain(lab.matrix)}ᵀ", size=30),
            self.text(self.batch_name(lab.output, "Y"), size=30),
        ]
        for name, block in zip(names, (x, at, y), strict=True):
            name.next_to(block, UP, buff=0.15)
        parts["x"] = VGroup(groups[0], names[0])
        parts["at"] = VGroup(groups[1], names[1])
        parts["y"], parts["y_name"], parts["ops"] = y, names[2], ops
        parts["all"] = VGroup(*groups, *ops, *names)
        self.blocks = (x, at, y)
        return parts

    @staticmethod
    def batch_name(label: str, fallback: str) -> str:
        """The batch of many x is X: a one-letter lower-case label in upper case."""
        name = plain(label)
        return name.upper() if len(name) == 1 and name.islower() else fallback

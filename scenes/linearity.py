"""Linearity: A(u + v) = Au + Av and A(cu) = c·Au, so A·0 = 0; a bias breaks all three.

Storyboard: u, v and their parallelogram closing at u + v; add then map — the plane moves by A
and u + v lands on A(u + v); map then add — u and v are mapped on their own and the
parallelogram of Au and Av closes exactly at A(u + v); scale then map, map then scale — A(cu)
and c·Au are the same point; the origin stays fixed (c = 0); then the affine map x ↦ Ax + b:
the origin moves to b and f(u) + f(v) misses f(u + v) by exactly b — the numbers say so, and
that is why a layer adds its bias after the matrix.

Runs as a plain Manim scene too: ``manim -ql scenes/linearity.py Linearity``.
"""

from __future__ import annotations

import numpy as np
from manim import Circle, Create, Mobject, VGroup

from mnemo_anim.config.models import LinearityJob
from mnemo_anim.lessons.linearity import Linearity as Numbers
from mnemo_anim.maths import tex
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.linear_parts import ROOM, Col, Form, Gap, Lines, Mat, Sym, rebalance
from mnemo_anim.visuals.mapping import MapDriver
from mnemo_anim.visuals.plane import PlaneArrow, coords_tex, fitted_plane, settle_labels
from mnemo_anim.visuals.typeset import sym

PANEL_SHARE = 0.56  # of the body in portrait and square frames: two lines of numbers, legible
# The plane's least height, in digit heights at the legibility floor: its long labels (four to
# a step, each 1.4 tall on its backing) need rows of their own beside the arrows. Where the
# panel's two lines at the floor would leave less, the panel holds one line at a time and its
# lines take turns: in 9:16 and 1:1 frames two lines leave 6 digit heights (one, 12), in 4:5
# 10.4 (one, 18.7), where f(u)'s label ended up beside f(u) + f(v)'s, reading as one.
STAGE_DIGITS = 12.0


def formulas(matrix: str, u: str, v: str, c: str, b: str) -> dict[str, str]:
    """Every formula this scene writes, as Typst math, from the config labels (the one place
    they live): ``formulas("A", "u", …)["a_sum"] == "A(u + v)"``."""
    A, u, v, c, b = (sym(label) for label in (matrix, u, v, c, b))
    return {
        "u": u,
        "v": v,
        "A": A,
        "sum": f"{u} + {v}",
        "au": f"{A} {u}",
        "av": f"{A} {v}",
        "a_sum": f"{A}({u} + {v})",
        "au_plus_av": f"{A} {u} + {A} {v}",
        "cu": f"{c} {u}",
        "a_cu": f"{A}({c} {u})",
        "c_au": f"{c} thin {A} {u}",
        "zero": f"{A} thin bold(0) = bold(0)",
        "zero_why": f"{c} = 0: quad {A}(0 thin {u}) = 0 thin {A} {u} = bold(0)",
        "f": f"f(x) = {A} x + {b}",
        "f0": f"f(bold(0)) = {b}",
        "f_u": f"f({u})",
        "f_v": f"f({v})",
        "f_sum": f"f({u} + {v})",
        "f_plus": f"f({u}) + f({v})",
        "gap": f"f({u}) + f({v}) - f({u} + {v})",
        "scale_gap": f"{c} thin f({u}) - f({c} {u})",
        "c_minus_1_b": f"({c} - 1) thin {b}",
        "b": b,
    }


class Linearity(LessonScene):
    """A(u + v) = Au + Av and A(cu) = c·Au: the two rules, the fixed origin, and the bias."""

    job_model = LinearityJob
    job: LinearityJob
    has_stage = True

    def setup(self) -> None:
        super().setup()
        job, lab = self.job, self.job.labels
        self.m = Numbers.of(job.matrix, job.u, job.v, job.scalar, job.bias)
        self.t = formulas(lab.matrix, lab.u, lab.v, lab.scalar, lab.bias)
        self.lines = Lines(self.theme, job.numbers.decimals)
        self.written = self.equations()
        self.layout = rebalance(
            self.layout,
            PANEL_SHARE,
            panel_heights=self.panel_heights(),
            stage_digits=STAGE_DIGITS,
        )

    def panel_heights(self) -> tuple[float, ...]:
        """What the panel needs at the floor, measured on this job's numbers: to show two lines
        at once (the two tallest), one at a time in their complete forms, and one at a time
        in their shortest (the lines that are too wide for a phone written in two lines)."""
        panel, floor = self.layout.panel, self.layout.min_type
        need = {
            name: [self.lines.least_height(panel.width, floor, form) for form in forms]
            for name, forms in self.written.items()
        }
        tallest = sorted(need, key=lambda name: need[name][0])[-2:]
        both = self.lines.least_height(panel.width, floor, *(self.written[n][0] for n in tallest))
        full = max(heights[0] for heights in need.values())
        least = max(min(heights) for heights in need.values())
        return tuple(height + ROOM * floor for height in (both, full, least))

    def equations(self) -> dict[str, list[Form]]:
        """Every line the panel writes, by name, in its forms (most complete first); numbers a
        test reads carry a key."""
        th, m, t, d = self.theme, self.m, self.t, self.job.numbers.decimals
        cu0, cu1, out, zero = th.column(0), th.column(1), th.output, np.zeros(2)
        lines: dict[str, Form] = {
            "u, v": [
                *(Sym(t["u"], cu0), "=", Col(m.u, cu0, "u")),
                Gap(),
                *(Sym(t["v"], cu1), "=", Col(m.v, cu1, "v")),
            ],
            "u + v": [
                *(Sym(t["sum"], out), "=", Col(m.u, cu0), "+", Col(m.v, cu1)),
                *("=", Col(m.sum, out, "sum")),
            ],
            "A": [Sym(t["A"]), "=", Mat(m.a, "A")],
            "A(u + v)": [
                *(Sym(t["a_sum"], out), "=", Mat(m.a, "A"), Col(m.sum, out)),
                *("=", Col(m.a_sum, out, "a_sum")),
            ],
            "A(u + v) =": [Sym(t["a_sum"], out), "=", Col(m.a_sum, out, "a_sum")],
            "Au + Av": [
                *(Sym(t["au_plus_av"]), "=", Col(m.au, cu0, "au"), "+", Col(m.av, cu1, "av")),
                *("=", Col(m.au_plus_av, out, "au_plus_av")),
            ],
            "cu": [
                *(Sym(t["cu"], th.accent), "=", Sym(tex(m.c, d)), Col(m.u, cu0)),
                *("=", Col(m.cu, th.accent, "cu")),
            ],
            "A(cu)": [
                *(Sym(t["a_cu"], th.accent), "=", Mat(m.a), Col(m.cu, th.accent)),
                *("=", Col(m.a_cu, th.accent, "a_cu")),
            ],
            "c Au": [
                *(Sym(t["c_au"], cu0), "=", Sym(tex(m.c, d)), Col(m.au, cu0)),
                *("=", Col(m.c_au, cu0, "c_au")),
            ],
            "A0": [Mat(m.a), Col(zero, th.accent), "=", Col(zero, th.accent, "zero")],
            "c = 0": [Sym(t["zero_why"], th.accent)],
            "f": [Sym(t["f"], th.bias)],
            "sum gap": [
                *(Sym(t["gap"]), "=", Col(m.additivity_gap, th.bias, "gap")),
                *("=", Sym(t["b"], th.bias)),
            ],
            "scale gap": [
                *(Sym(t["scale_gap"]), "=", Col(m.scaling_gap, th.bias, "scale_gap")),
                *("=", Sym(t["c_minus_1_b"], th.bias)),
            ],
        }
        forms = {name: [form] for name, form in lines.items()}
        # Where a line is too wide for the panel with the matrix in it (decimals on a phone),
        # the matrix, written on the line before, leaves it.
        forms["A(u + v)"].append(lines["A(u + v) ="])
        forms["A(cu)"].append([Sym(t["a_cu"], th.accent), "=", Col(m.a_cu, th.accent, "a_cu")])
        return forms

    # -- set-up ------------------------------------------------------------------------------

    def prepare(self) -> None:
        self.build()
        self.show_title()

    def build(self) -> None:
        th = self.theme
        self.plane = fitted_plane(
            self.m.points(), self.layout.stage, th, text_scale=self.layout.text_scale
        )
        self.grid = self.plane.moving_grid()
        self.origin = self.plane.dot((0.0, 0.0), th.accent, radius=0.09)
        self.driver = MapDriver()
        self.arrows: dict[str, PlaneArrow] = {}  # what is on the plane now, by meaning
        self.panel_group: VGroup | None = None
        self.mark: Mobject | None = None  # the ring where both routes land
        self.zero_label: Mobject | None = None
        self.f0_label: Mobject | None = None

    def label(self, key: str, point: np.ndarray | None = None) -> str:
        """An arrow's label: the formula, and its coordinates when ``point`` is given."""
        if point is None:
            return self.t[key]
        return f"{self.t[key]} = {coords_tex(point, self.job.numbers.decimals)}"

    def arrow(
        self,
        key: str,
        tip: np.ndarray,
        color: str,
        *,
        tail=(0.0, 0.0),
        label: str | None = None,
        opacity: float = 1.0,
    ) -> PlaneArrow:
        """A new arrow on the plane, filed under ``key``, its label placed clear of the rest."""
        avoid = [*self.arrows.values(), *self.free_labels(), *self.marks()]
        arrow = self.plane.arrow(
            tip, color, tail=tail, label=label, opacity=opacity, avoid=avoid if label else None
        )
        self.arrows[key] = arrow
        return arrow

    def drop(self, *keys: str) -> list:
        """Fade arrows out and forget them."""
        return [FadeOut(self.arrows.pop(k)) for k in keys if k in self.arrows]

    def panel(self, *names: str) -> list:
        """Replace the panel with the lines called ``names`` (see :meth:`equations`).

        On a panel one line tall the lines take turns: only the last comes in. The steps are
        written so that each line before it came in with an earlier call (``A``, then ``A``
        and ``A(u + v)``), so a phone shows every line in its turn and a wider panel shows
        them together."""
        group = self.lines.write(self.layout.panel, *(self.written[name] for name in names))
        out = [FadeIn(group)]
        if self.panel_group is not None:
            out.append(FadeOut(self.panel_group))
        self.panel_group = group
        return out

    def ring(self, point: np.ndarray, color: str) -> Circle:
        return Circle(radius=0.2, color=color, stroke_width=4).move_to(self.plane.c2p(point))

    def free_labels(self) -> list[Mobject]:
        """The labels on the plane that belong to no arrow (A·0 = 0, f(0) = b), when shown."""
        on = set(map(id, self.mobjects))
        return [m for m in (self.zero_label, self.f0_label) if m is not None and id(m) in on]

    def marks(self) -> list[Mobject]:
        """The marked points on the plane, which no label hides: the origin's dot (the last
        step moves it to b) and the ring where both routes land, when shown."""
        on = set(map(id, self.mobjects))
        return [self.origin, *(m for m in [self.mark] if m is not None and id(m) in on)]

    def settle(self) -> None:
        """Ease each label that lies on something to where it hides least of the rest. A label
        of no arrow (A·0 = 0, f(0) = b) has said what it says: it leaves when the arrows now
        cover it, or when some arrow's label finds no free place beside it."""
        arrows = list(self.arrows.values())
        gone = [m for m in self.free_labels() if self.plane.covered(m, arrows)]
        kept = [m for m in self.free_labels() if m not in gone]
        moves = [*settle_labels(arrows, [*kept, *self.marks()]), *(FadeOut(m) for m in gone)]
        if moves:
            self.beat(*moves, run_time=0.4)
        kept = self.free_labels()
        if kept and self.crowded(arrows, [*kept, *self.marks()]):
            leave = [FadeOut(m) for m in kept]
            self.beat(*leave, *settle_labels(arrows, self.marks()), run_time=0.4)

    @staticmethod
    def crowded(arrows: list[PlaneArrow], avoid: list[Mobject]) -> bool:
        """Whether an arrow's label lies on another arrow, label or one of ``avoid``."""
        return any(
            arrow.covers([*(other for other in arrows if other is not arrow), *avoid])
            for arrow in arrows
        )

    # -- steps -------------------------------------------------------------------------------

    def step_vectors(self) -> None:
        th, m, t = self.theme, self.m, self.t
        cu0, cu1 = th.column(0), th.column(1)
        self.beat(FadeIn(self.plane), FadeIn(self.grid), FadeIn(self.origin), run_time=0.8)
        u = self.arrow("u", m.u, cu0, label=t["u"])
        v = self.arrow("v", m.v, cu1, label=t["v"])
        self.beat(u.grow(), v.grow(), *self.panel("u, v"), run_time=1.0)
        # the parallelogram: v from u's tip, u from v's tip, meeting at u + v
        v2 = self.arrow("v from u", m.sum, cu1, tail=m.u, opacity=0.55)
        u2 = self.arrow("u from v", m.sum, cu0, tail=m.v, opacity=0.55)
        self.beat(v2.grow(), u2.grow(), run_time=0.9)
        s = self.arrow("sum", m.sum, th.output, label=self.label("sum", m.sum))
        self.beat(s.grow(), *self.panel("u, v", "u + v"), run_time=1.0)
        self.settle()
        self.hold(0.6)

    def step_add_then_map(self) -> None:
        m = self.m
        # Only the sum rides on the plane: it was added first, now it is mapped.
        self.beat(*self.drop("u", "v", "v from u", "u from v"), run_time=0.5)
        self.beat(*self.panel("A"), run_time=0.8)
        s = self.arrows["sum"]
        self.driver.track(self.grid, s, self.origin)
        self.beat(self.driver.apply(m.a), run_time=1.8)
        self.arrows["a_sum"] = self.arrows.pop("sum")
        self.beat(
            s.relabel(self.label("a_sum", m.a_sum)), *self.panel("A", "A(u + v)"), run_time=0.5
        )
        self.settle()
        self.hold(0.6)

    def step_map_then_add(self) -> None:
        th, m, t = self.theme, self.m, self.t
        cu0, cu1 = th.column(0), th.column(1)
        u = self.arrow("u", m.u, cu0, label=t["u"])
        v = self.arrow("v", m.v, cu1, label=t["v"])
        self.beat(u.grow(), v.grow(), run_time=0.7)
        # Map first: u and v on their own (the plane is already where A takes it).
        self.beat(self.driver.apply(m.a, only=[u, v]), run_time=1.4)
        self.arrows["au"], self.arrows["av"] = self.arrows.pop("u"), self.arrows.pop("v")
        self.beat(u.relabel(t["au"]), v.relabel(t["av"]), run_time=0.5)
        # ... then add: the parallelogram of Au and Av closes at A(u + v), written over it (on
        # a panel one line tall, the line before is the last step's, which says the same).
        v2 = self.arrow("av from au", m.au_plus_av, cu1, tail=m.au, opacity=0.55)
        u2 = self.arrow("au from av", m.au_plus_av, cu0, tail=m.av, opacity=0.55)
        self.mark = self.ring(m.au_plus_av, th.output)
        self.beat(v2.grow(), u2.grow(), *self.panel("A(u + v) =", "Au + Av"), run_time=1.2)
        # The numbers are in the panel now: the plane's label can be short.
        self.beat(Create(self.mark), self.arrows["a_sum"].relabel(t["a_sum"]), run_time=0.5)
        self.settle()
        self.hold(1.0)

    def step_scale(self) -> None:
        th, m, t = self.theme, self.m, self.t
        cu0 = th.column(0)
        self.beat(
            *self.drop("av", "av from au", "au from av", "a_sum", "au"),
            FadeOut(self.mark),
            self.driver.reset(only=[self.grid]),
            run_time=1.0,
        )
        u = self.arrow("u", m.u, cu0, label=t["u"])
        cu = self.arrow("cu", m.cu, th.accent, label=self.label("cu", m.cu))
        self.beat(u.grow(), run_time=0.5)
        self.beat(cu.grow(), *self.panel("cu"), run_time=0.9)
        # Scale then map (cu → A(cu)), and u → Au in the same move.
        self.beat(self.driver.apply(m.a, only=[self.grid, u, cu]), run_time=1.6)
        self.arrows["a_cu"], self.arrows["au"] = self.arrows.pop("cu"), self.arrows.pop("u")
        self.beat(
            cu.relabel(self.label("a_cu", m.a_cu)),
            u.relabel(t["au"]),
            *self.panel("A(cu)"),
            run_time=0.5,
        )
        self.mark = self.ring(m.a_cu, th.accent)
        self.beat(Create(self.mark), run_time=0.4)
        # Map then scale: Au stretched by c lands in the ring.
        stretched = self.arrow("c_au", m.au, cu0, opacity=0.8)
        self.add(stretched)
        self.beat(stretched.move(tip=m.c_au), *self.panel("A(cu)", "c Au"), run_time=1.2)
        same = f"{t['a_cu']} = {t['c_au']} = {coords_tex(m.a_cu, self.job.numbers.decimals)}"
        self.beat(cu.relabel(same), run_time=0.5)
        self.settle()
        self.hold(1.0)

    def step_origin(self) -> None:
        th, m, t = self.theme, self.m, self.t
        zero = np.zeros(2)
        self.beat(
            *self.drop("a_cu", "au", "c_au"),
            FadeOut(self.mark),
            self.driver.reset(only=[self.grid]),
            run_time=1.0,
        )
        self.mark = self.ring(zero, th.accent)
        self.zero_label = self.plane.math(t["zero"], th.accent)
        self.plane.place_clear(self.zero_label, zero, [], [m.a @ np.array([1.0, 1.0])])
        self.beat(Create(self.mark), *self.panel("A0"), run_time=0.8)
        # The plane moves by A; the origin (tracked with it) does not move.
        self.beat(self.driver.apply(m.a, only=[self.grid, self.origin]), run_time=1.6)
        self.beat(FadeIn(self.zero_label), *self.panel("A0", "c = 0"), run_time=0.5)
        self.hold(1.0)

    def step_affine(self) -> None:
        th, m, t = self.theme, self.m, self.t
        cu0, cu1 = th.column(0), th.column(1)
        f0 = self.plane.math(t["f0"], th.bias)
        self.plane.place_clear(f0, m.b, [], [np.zeros(2)])
        self.beat(FadeOut(self.mark), FadeOut(self.zero_label), *self.panel("f"), run_time=0.6)
        # x ↦ Ax + b: the whole (already mapped) plane shifts by b, the origin with it.
        self.beat(self.driver.shift(m.b, only=[self.grid, self.origin]), run_time=1.4)
        self.beat(FadeIn(f0), run_time=0.4)
        self.f0_label = f0
        fu = self.arrow("f_u", m.f(m.u), cu0, label=t["f_u"])
        fv = self.arrow("f_v", m.f(m.v), cu1, label=t["f_v"])
        fs = self.arrow("f_sum", m.f_sum, th.output, label=self.label("f_sum", m.f_sum))
        self.beat(fu.grow(), fv.grow(), fs.grow(), run_time=1.0)
        self.settle()
        # f(u) + f(v), tip to tail, misses f(u + v): by exactly b.
        fv2 = self.arrow(
            "f_v from f_u",
            m.f_u_plus_f_v,
            cu1,
            tail=m.f(m.u),
            opacity=0.55,
            label=self.label("f_plus", m.f_u_plus_f_v),
        )
        self.beat(fv2.grow(), run_time=0.8)
        gap = self.arrow("gap", m.f_u_plus_f_v, th.bias, tail=m.f_sum, label=t["b"])
        self.beat(gap.grow(), *self.panel("sum gap"), run_time=1.0)
        self.settle()
        lab = self.plain_labels
        said = self.note(
            f"a bias breaks linearity: {lab.matrix}·0 = 0, but a layer adds {lab.bias}",
            color=th.text,
        )
        self.beat(FadeIn(said), *self.panel("sum gap", "scale gap"), run_time=0.5)
        self.hold(2.0)

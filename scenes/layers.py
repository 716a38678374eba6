"""Layers: a forward pass h₁ = σ(W₁x), h₂ = σ(W₂h₁), output = W₃h₂, and why depth needs σ.

Storyboard: a cloud of input points, coloured by angle so each can be followed, on the grid of
the input plane; each layer moves the whole plane (grid and points) by W_k (then shifts it by
b_k); each σ moves every point by itself — ReLU folds negative coordinates onto the axes, GELU
bends them — and the grid bends with it, so it always shows where the input plane went. Then
the same weights without σ: W₃(W₂(W₁x)); and the single product matrix W₃W₂W₁, computed on
screen, moves every point in one go onto the same spots: "any chain of linear layers can be
collapsed to a single one". With ``activation: none`` the forward pass is already that chain.

Runs as a plain Manim scene too: ``manim -ql scenes/layers.py Layers``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import DOWN, LEFT, Circle, LaggedStart, ReplacementTransform, VGroup

from mnemo_anim.config.models import LayersJob
from mnemo_anim.lessons.layers import Network, grid_samples
from mnemo_anim.visuals.fade import FadeIn, FadeOut
from mnemo_anim.visuals.lesson import LessonScene
from mnemo_anim.visuals.linear_parts import (
    BentGrid,
    Col,
    Lines,
    Mat,
    PointCloud,
    Sym,
    angle_colors,
    move_points,
)
from mnemo_anim.visuals.plane import fitted_plane

GRID_REACH = 1.8  # the input grid spans this many windows, so a shrinking map still fills one


def chain_math(depth: int, activation: str, biases: bool) -> list[str]:
    """The lesson's forward pass as lines of Typst math: ``h_1 = sigma(W_1 x)``, …,
    ``"out" = W_3 h_2`` (no σ with ``activation`` ``none``)."""
    out = []
    for k in range(1, depth + 1):
        inner = f"W_{k} {'x' if k == 1 else f'h_{k - 1}'}" + (f" + b_{k}" if biases else "")
        last = k == depth
        lhs = '"out"' if last else f"h_{k}"
        rhs = inner if last or activation == "none" else f"sigma({inner})"
        out.append(f"{lhs} = {rhs}")
    return out


def product_math(depth: int) -> str:
    """The collapsed stack, last layer on the left: ``W_3 W_2 W_1``."""
    return " ".join(f"W_{k}" for k in range(depth, 0, -1))


SIGMA_MATH = {"relu": "sigma(z) = max(0, z)", "gelu": "sigma(z) = z thin Phi(z)"}


# A line break in Typst math: a remark too wide for a narrow panel takes two lines.
BREAK = "\\"


class Layers(LessonScene):
    """h₁ = σ(W₁x), …: each layer reshapes the plane, σ bends it; without σ, one matrix."""

    job_model = LayersJob
    job: LayersJob
    has_stage = True

    # -- set-up ------------------------------------------------------------------------------

    def prepare(self) -> None:
        self.build()
        self.show_title()

    def build(self) -> None:
        job, th = self.job, self.theme
        self.net = net = Network.of(job.weights, job.biases, job.activation)
        self.x = x = np.array(job.inputs, dtype=float)
        self.plane = plane = fitted_plane(
            net.all_points(x), self.layout.stage, th, text_scale=self.layout.text_scale
        )
        self.cloud = PointCloud(plane, x, angle_colors(x, th), th)
        x0, x1, y0, y1 = plane.rect
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, GRID_REACH / 2
        reach = (cx - r * (x1 - x0), cx + r * (x1 - x0), cy - r * (y1 - y0), cy + r * (y1 - y0))
        verticals, horizontals = grid_samples(reach, plane.spec.step)
        axes = grid_samples(reach, 1e9)  # only the lines through 0: the axes
        keep_v = np.abs(verticals[:, 0, 0]) > 1e-9
        keep_h = np.abs(horizontals[:, 0, 1]) > 1e-9
        self.grid = BentGrid(plane, [verticals[keep_v], horizontals[keep_h]], list(axes), th)
        self.home_grid = [p.copy() for p in self.grid.home]
        self.lines = Lines(th, job.numbers.decimals)
        self.build_panel()
        self.detail: VGroup | None = None
        self.rings = VGroup()

    def build_panel(self) -> None:
        job, box = self.job, self.layout.panel
        if self.layout.orientation == "landscape":
            self.chain_box, self.detail_box = box.rows(0.42, 0.58, gap=0.3)
        else:
            self.chain_box, self.detail_box = box.columns(0.42, 0.58, gap=0.3)
        texts = chain_math(len(job.weights), job.activation, job.biases is not None)
        self.chain = self.stack(texts)

    def stack(self, texts: list[str]) -> VGroup:
        """Formula lines one under another, left-aligned, fitted to the chain's box."""
        lines = VGroup(*(self.lines.piece(Sym(t, self.theme.muted)) for t in texts))
        lines.arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        self.chain_box.fit(lines, max_scale=1.0)
        return lines

    def bias(self, k: int) -> np.ndarray | None:
        return None if self.net.biases is None else self.net.bias(k)

    def focus(self, k: int | None) -> list:
        """Light up line ``k`` of the chain (1-based), dim the others."""
        th = self.theme
        return [
            line.animate.set_color(th.accent if i == k else th.muted)
            for i, line in enumerate(self.chain, start=1)
        ]

    def show_detail(self, *candidates: list[list]) -> list:
        """Replace the detail with new rows (the candidate arrangement largest in its box).
        Where the box holds one row at a time, the rows take turns: only the last comes in,
        the steps having shown each row before it with an earlier call."""
        rows = [[self.lines.row(*r) for r in c] for c in candidates]
        group = self.lines.fit(self.detail_box, *rows)
        out = [FadeIn(group)]
        if self.detail is not None:
            out.append(FadeOut(self.detail))
        self.detail = group
        return out

    def stage_points(self, name: str) -> tuple[np.ndarray, list[np.ndarray]]:
        """Where the points and the grid samples are after stage ``name`` of the forward pass."""
        points = {s.name: s.points for s in self.net.stages(self.x)}[name]
        flat = [h.reshape(-1, 2) for h in self.home_grid]
        grid = [
            {s.name: s.points for s in self.net.stages(f)}[name].reshape(h.shape)
            for f, h in zip(flat, self.home_grid, strict=True)
        ]
        return points, grid

    def move_to(
        self, points: np.ndarray, grid: list[np.ndarray], run_time: float, *also: Any
    ) -> None:
        self.beat(move_points([(self.grid, grid), (self.cloud, points)]), *also, run_time=run_time)

    def apply(
        self, matrix: np.ndarray, bias: np.ndarray | None, run_time: float, *also: Any
    ) -> None:
        """Move points and grid by the affine map h ↦ matrix·h + bias, from where they are
        (with the animations ``also``)."""

        def f(h: np.ndarray) -> np.ndarray:
            return h @ matrix.T + (0.0 if bias is None else bias)

        self.move_to(f(self.cloud.positions), self.grid.mapped(f), run_time, *also)

    # -- steps -------------------------------------------------------------------------------

    def step_input(self) -> None:
        th, n = self.theme, len(self.x)
        self.beat(FadeIn(self.plane), FadeIn(self.grid), FadeIn(self.chain), run_time=0.8)
        self.beat(LaggedStart(*(FadeIn(d) for d in self.cloud), lag_ratio=0.05), run_time=1.0)
        self.add(self.cloud)
        # wrapped to the detail's box (beside the chain on a phone) at a legible size
        label = self.paragraph(
            f"{n} inputs x, coloured by angle", self.detail_box, size=30, color=th.text
        )
        self.detail = VGroup(label)
        self.beat(FadeIn(self.detail), run_time=0.5)
        self.hold(0.8)

    def step_layer(self, k: int) -> None:
        th, net = self.theme, self.net
        w = net.weights[k - 1]
        weights: list = [Sym(f"W_{k}"), "=", Mat(w, f"W{k}")]
        self.beat(*self.focus(k), *self.show_detail([weights]), run_time=0.7)
        self.apply(w, None, 1.6)
        if net.biases is not None:
            bias = [Sym(f"b_{k}", th.bias), "=", Col(net.bias(k), th.bias, f"b{k}")]
            self.apply(np.eye(2), net.bias(k), 1.0, *self.show_detail([weights, bias]))
        self.hold(0.6)

    def step_relu(self, k: int) -> None:
        th, net = self.theme, self.net
        moved = int(net.folded(k, self.x).sum())
        sigma = [Sym(SIGMA_MATH[net.activation], th.accent)]
        self.beat(*self.show_detail([sigma]), run_time=0.6)
        # the count in one line, or in two (a Typst line break) where the panel is narrow
        n = f"{moved} of {len(self.x)}"
        counts = [
            [sigma, [Sym(said, th.muted)]]
            for said in (f'"{n} points move"', f'"{n}" {BREAK} "points move"')
        ]
        points, grid = self.stage_points(f"{net.activation} {k}")
        self.move_to(points, grid, 1.8, *self.show_detail(*counts))
        self.hold(0.8)

    step_gelu = step_relu  # the same storyboard: only the function applied differs

    def step_without_activation(self) -> None:
        th, net = self.theme, self.net
        chain = chain_math(net.depth, "none", net.biases is not None)
        linear = self.stack(chain)
        self.beat(
            ReplacementTransform(self.chain, linear),
            # one line, or two where the panel is narrow (a phone)
            *self.show_detail(
                *(
                    [[Sym(said, th.text)]]
                    for said in (
                        '"the same weights, no " sigma',
                        f'"the same weights," {BREAK} "no " sigma',
                    )
                )
            ),
            move_points([(self.grid, self.home_grid), (self.cloud, self.x)]),
            run_time=1.2,
        )
        self.chain = linear
        for k in range(1, net.depth + 1):
            self.beat(*self.focus(k), run_time=0.3)
            self.apply(net.weights[k - 1], self.bias(k), 1.0)
        self.beat(*self.focus(None), run_time=0.3)
        self.hold(0.5)

    def step_collapse(self) -> None:
        th, net = self.theme, self.net
        self.rings = VGroup(
            *(
                Circle(radius=0.15, color=dot.get_color(), stroke_width=3).move_to(dot.get_center())
                for dot in self.cloud
            )
        )
        names = product_math(net.depth)
        factors = [Mat(w, colored=False) for w in reversed(net.weights)]
        # The chain has been read: the product takes the whole panel, first as the factors
        # (W_L on the left: it acts last), then as the one matrix they make.
        self.detail_box = self.layout.panel
        self.beat(
            FadeIn(self.rings),
            FadeOut(self.chain),
            *self.show_detail([[Sym(names), "=", *factors]], [[Sym(names), "="], factors]),
            move_points([(self.grid, self.home_grid), (self.cloud, self.x)]),
            run_time=1.2,
        )
        self.hold(0.6)
        product: list = [Sym(names, th.accent), "=", Mat(net.product, "product")]
        self.beat(*self.show_detail([product]), run_time=0.8)
        if net.biases is None:
            self.apply(net.product, None, 2.0)
        else:
            bias = [Sym("b", th.bias), "=", Col(net.combined_bias, th.bias, "bias")]
            self.apply(net.product, net.combined_bias, 2.0, *self.show_detail([product, bias]))
        said = self.note(
            "any chain of linear layers can be collapsed to a single one", color=th.text
        )
        self.beat(FadeIn(said), run_time=0.5)
        self.hold(2.0)

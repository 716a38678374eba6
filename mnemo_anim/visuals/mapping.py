"""Our own linear/affine map driver: move a grid, î ĵ and chosen vectors under matrices and shifts.

Why not ``LinearTransformationScene.apply_matrix``: in Manim 0.22 a second call raises
``ValueError: zip() argument 3 is longer…`` (its ``moving_mobjects`` clashes with ``Scene``'s),
and it rebuilds vectors at the origin, which breaks tip-to-tail arrows.

Here every tracked object (``PlaneArrow``, ``PlaneDot``, ``GridLines``, ``SpanHighlight``) keeps
its own affine map and redraws itself from it. :meth:`MapDriver.apply` composes a new step onto
each object's map and animates the change; :meth:`MapDriver.reset` animates back to the
identity. Tails are mapped like tips, so an arrow that starts at a partial sum stays joined to
its neighbours. Any number of applications and resets may follow each other in one scene.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import numpy as np
from manim import Animation, VGroup

from mnemo_anim.visuals.geometry import IDENTITY, Mat, Vec, affine, compose, lerp_map
from mnemo_anim.visuals.plane import Plane, PlaneArrow
from mnemo_anim.visuals.theme import Theme


class Mapped(Protocol):
    """Anything that draws itself at an affine map of its home geometry."""

    fmap: np.ndarray

    def set_fmap(self, fmap: np.ndarray) -> None: ...


class MapAnimation(Animation):
    """Move each item's map from what it is when the animation begins to ``target(map)``.

    Starting maps are read in :meth:`begin`, so animations can be built before earlier ones
    have played. Nothing is copied: items redraw themselves from the interpolated map.
    """

    def __init__(
        self,
        items: Sequence[Mapped],
        target: Callable[[np.ndarray], np.ndarray],
        **kwargs: Any,
    ) -> None:
        if not items:
            raise ValueError("a map animation needs at least one item to move")
        self.items = list(items)
        self.target = target
        self.starts: list[np.ndarray] = []
        self.ends: list[np.ndarray] = []
        mobject = self.items[0] if len(self.items) == 1 else VGroup(*self.items)  # type: ignore[arg-type]
        super().__init__(mobject, **kwargs)  # type: ignore[arg-type]

    def begin(self) -> None:
        self.starts = [np.array(item.fmap, dtype=float) for item in self.items]
        self.ends = [self.target(start) for start in self.starts]
        self.interpolate(0)

    def create_starting_mobject(self) -> Any:  # nothing to copy: items redraw from maps
        return self.mobject

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        for item, start, end in zip(self.items, self.starts, self.ends, strict=True):
            item.set_fmap(lerp_map(start, end, a))


class MapDriver:
    """Applies matrices and shifts to the objects it tracks, as often as a scene likes.

    Examples
    --------
    ::

        driver = MapDriver(grid, i_hat, j_hat, x_arrow)
        self.play(driver.apply(A))          # grid, î, ĵ and x move by A
        self.play(driver.apply(B))          # ... then by B: everything now shows BA
        self.play(driver.reset())           # back where they started
        self.play(driver.apply(B @ A))      # the same picture in one step
        self.play(driver.shift(b))          # translate (an affine map)
    """

    def __init__(self, *items: Mapped) -> None:
        self.items: list[Mapped] = []
        self.track(*items)

    def track(self, *items: Mapped) -> None:
        """Move these too from now on (each keeps the map it has)."""
        for item in items:
            if not any(item is known for known in self.items):
                self.items.append(item)

    def untrack(self, *items: Mapped) -> None:
        self.items = [known for known in self.items if not any(known is item for item in items)]

    def _chosen(self, only: Iterable[Mapped] | None) -> list[Mapped]:
        return list(self.items if only is None else only)

    def apply(
        self,
        matrix: Mat,
        shift: Vec | None = None,
        *,
        only: Iterable[Mapped] | None = None,
        **kwargs: Any,
    ) -> MapAnimation:
        """Animate ``p ↦ matrix·p + shift`` applied after whatever each item already shows."""
        step = affine(np.asarray(matrix, dtype=float), shift)
        return MapAnimation(self._chosen(only), lambda start: compose(step, start), **kwargs)

    def shift(
        self, shift: Vec, *, only: Iterable[Mapped] | None = None, **kwargs: Any
    ) -> MapAnimation:
        """Animate a translation by ``shift``."""
        return self.apply(np.eye(2), shift, only=only, **kwargs)

    def reset(self, *, only: Iterable[Mapped] | None = None, **kwargs: Any) -> MapAnimation:
        """Animate every item back to its home (the identity map)."""
        return MapAnimation(self._chosen(only), lambda start: IDENTITY.copy(), **kwargs)


def basis_arrows(plane: Plane, theme: Theme) -> tuple[PlaneArrow, PlaneArrow]:
    """î and ĵ in the colours of columns 0 and 1: under a 2×2 matrix they land on its columns."""
    i_hat = plane.arrow((1.0, 0.0), theme.column(0), label="hat(dotless.i)")
    j_hat = plane.arrow((0.0, 1.0), theme.column(1), label="hat(dotless.j)")
    return i_hat, j_hat

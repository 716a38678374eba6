"""The numbers of the linearity lesson: A(u + v) = Au + Av, A(cu) = c·Au, A·0 = 0, and how a
bias b breaks all three (f(x) = Ax + b).

No Manim, no visuals: the job model's narration, the scene and the tests read the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Linearity:
    """Every vector the linearity scene draws, from A, u, v, c and the bias b."""

    a: np.ndarray
    u: np.ndarray
    v: np.ndarray
    c: float
    b: np.ndarray

    @classmethod
    def of(cls, matrix: Any, u: Any, v: Any, c: float, b: Any) -> Linearity:
        """Build from plain lists (a job's fields)."""
        return cls(
            np.array(matrix, dtype=float),
            np.array(u, dtype=float),
            np.array(v, dtype=float),
            float(c),
            np.array(b, dtype=float),
        )

    # -- add, then map / map, then add -------------------------------------------------------

    @property
    def sum(self) -> np.ndarray:
        """u + v."""
        return self.u + self.v

    @property
    def au(self) -> np.ndarray:
        return self.a @ self.u

    @property
    def av(self) -> np.ndarray:
        return self.a @ self.v

    @property
    def a_sum(self) -> np.ndarray:
        """A(u + v): add first, then map."""
        return self.a @ self.sum

    @property
    def au_plus_av(self) -> np.ndarray:
        """Au + Av: map first, then add (equal to :attr:`a_sum`)."""
        return self.au + self.av

    # -- scale, then map / map, then scale ---------------------------------------------------

    @property
    def cu(self) -> np.ndarray:
        return self.c * self.u

    @property
    def a_cu(self) -> np.ndarray:
        """A(cu): scale first, then map."""
        return self.a @ self.cu

    @property
    def c_au(self) -> np.ndarray:
        """c·Au: map first, then scale (equal to :attr:`a_cu`)."""
        return self.c * self.au

    # -- the affine map f(x) = Ax + b --------------------------------------------------------

    def f(self, x: Any) -> np.ndarray:
        """The affine map x ↦ Ax + b."""
        return self.a @ np.asarray(x, dtype=float) + self.b

    @property
    def f_sum(self) -> np.ndarray:
        """f(u + v) = A(u + v) + b."""
        return self.f(self.sum)

    @property
    def f_u_plus_f_v(self) -> np.ndarray:
        """f(u) + f(v) = A(u + v) + 2b: off from f(u + v) by b."""
        return self.f(self.u) + self.f(self.v)

    @property
    def f_cu(self) -> np.ndarray:
        """f(cu) = A(cu) + b."""
        return self.f(self.cu)

    @property
    def c_f_u(self) -> np.ndarray:
        """c·f(u) = c·Au + c·b: off from f(cu) by (c − 1)·b."""
        return self.c * self.f(self.u)

    @property
    def additivity_gap(self) -> np.ndarray:
        """(f(u) + f(v)) − f(u + v), which is b."""
        return self.f_u_plus_f_v - self.f_sum

    @property
    def scaling_gap(self) -> np.ndarray:
        """c·f(u) − f(cu), which is (c − 1)·b."""
        return self.c_f_u - self.f_cu

    def points(self) -> list[np.ndarray]:
        """Every point an arrow of the scene reaches (the plane is fitted to them)."""
        return [
            self.u,
            self.v,
            self.sum,
            self.au,
            self.av,
            self.a_sum,
            self.cu,
            self.a_cu,
            self.b,
            self.f(self.u),
            self.f(self.v),
            self.f_sum,
            self.f_u_plus_f_v,
        ]

"""Run a scene's logic without drawing (Manim's dry run) and record what was on screen.

After every ``play``/``wait`` the probe snapshots the math on screen (each typeset formula's
Typst source) and the mobjects of the scene, so tests can compare the numbers a viewer saw with
NumPy's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manim import Mobject, tempconfig
from manim.mobject.text import tex_mobject

from mnemo_anim.config.models import JobBase
from mnemo_anim.files import cache_root
from mnemo_anim.render.settings import dry_run_config
from mnemo_anim.render.writer import StreamRenderer
from mnemo_anim.visuals.typeset import Formula
from scenes import scene_class


@dataclass
class Snapshot:
    time: float
    math: list[str]
    mobjects: list[Mobject]


@dataclass
class Probe:
    scene: Any
    snapshots: list[Snapshot] = field(default_factory=list)

    def all_math(self) -> set[str]:
        return {t for snap in self.snapshots for t in snap.math}


def _math_sources(mobjects: list[Mobject]) -> list[str]:
    """The Typst source of every formula in ``mobjects`` (parts joined by spaces)."""
    return [
        part.source for mob in mobjects for part in mob.get_family() if isinstance(part, Formula)
    ]


def _refuse_latex(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"LaTeX was called: {args}")


@contextmanager
def no_latex() -> Iterator[None]:
    """Manim's LaTeX entry point refuses to run: every dry run proves the scenes typeset with
    Typst alone, whatever labels its job has."""
    saved = tex_mobject.tex_to_svg_file
    tex_mobject.tex_to_svg_file = _refuse_latex  # type: ignore[assignment]
    try:
        yield
    finally:
        tex_mobject.tex_to_svg_file = saved


def run_dry(
    job: JobBase, check: Callable[[Any], None] | None = None, *, scene: type | None = None
) -> Probe:
    """Construct the job's scene in a dry run and return the scene with its snapshots.

    ``check(scene)`` runs after every ``play``/``wait``, while the scene is as it was then.
    ``scene`` replaces the registered scene class (a test's variant of it).
    """
    cls = scene or scene_class(job.scene)
    (cache_root() / "texts").mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="dry-") as media,
        tempconfig(dry_run_config(job.render, media_dir=Path(media))),
        no_latex(),
    ):
        # Skipping jumps each animation to its end state: same mobjects and timings, no frames
        # (the renderer the runner uses, which draws nothing in a skipped play or wait; Manim's
        # own draws a frame for each and throws it away).
        built = cls(job, skip_animations=True, renderer=StreamRenderer(skip_animations=True))
        probe = Probe(built)
        original_play, original_wait = built.play, built.wait

        def snap() -> None:
            if check is not None:
                check(built)
            probe.snapshots.append(
                Snapshot(built.renderer.time, _math_sources(built.mobjects), list(built.mobjects))
            )

        def play(*args: Any, **kwargs: Any) -> None:
            original_play(*args, **kwargs)
            snap()

        def wait(*args: Any, **kwargs: Any) -> None:
            original_wait(*args, **kwargs)
            snap()

        built.play = play  # type: ignore[method-assign]
        built.wait = wait  # type: ignore[method-assign]
        built.render()
    return probe

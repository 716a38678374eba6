"""The text cache lock: every render path takes it, and processes setting the same new texts
into one cache at once all get them whole."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.render.runner import estimate_duration

TEXTS = [f"shared words {k}: a linear map fixes the origin" for k in range(6)]


def test_a_render_process_installs_the_lock() -> None:
    from manim.mobject.svg.svg_mobject import SVGMobject

    estimate_duration(JOB_MODELS["bias"].model_validate({}))
    assert getattr(SVGMobject.generate_mobject, "_mnemo_locked", False)


def _set_texts(text_dir: str) -> list[int]:
    from manim import Text, tempconfig

    from mnemo_anim.render.svglock import install_svg_lock

    install_svg_lock()
    with tempconfig({"text_dir": text_dir}):
        return [len(Text(words).submobjects) for words in TEXTS]


def test_processes_sharing_a_cold_cache_all_get_their_texts(tmp_path: Path) -> None:
    text_dir = str(tmp_path / "texts")
    # fork: the children start with Manim already imported, and race on the cold cache.
    with multiprocessing.get_context("fork").Pool(3) as pool:
        glyphs = pool.map(_set_texts, [text_dir] * 3)
    assert glyphs[0] == glyphs[1] == glyphs[2]
    assert all(count >= 20 for count in glyphs[0])

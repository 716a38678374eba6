"""The LaTeX cache lock: every render path takes it, and processes typesetting the same new
formulas into one cache at once all get them."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.render.runner import estimate_duration

FORMULAS = [rf"\alpha_{{{k}}} + \beta^{{{k}}}" for k in range(3)]


def test_a_render_process_installs_the_lock() -> None:
    import manim.utils.tex_file_writing as writing

    estimate_duration(JOB_MODELS["bias"].model_validate({}))
    assert getattr(writing.tex_to_svg_file, "_mnemo_locked", False)


def _typeset(tex_dir: str) -> list[int]:
    from manim import MathTex, tempconfig

    from mnemo_anim.render.texlock import install_tex_lock

    install_tex_lock()
    with tempconfig({"tex_dir": tex_dir}):
        return [len(MathTex(formula).submobjects[0]) for formula in FORMULAS]


def test_processes_sharing_a_cold_cache_all_get_their_formulas(tmp_path: Path) -> None:
    tex_dir = str(tmp_path / "tex")
    # fork: the children start with Manim already imported, and race on the cold cache.
    with multiprocessing.get_context("fork").Pool(3) as pool:
        glyphs = pool.map(_typeset, [tex_dir] * 3)
    assert glyphs[0] == glyphs[1] == glyphs[2]
    assert all(count >= 3 for count in glyphs[0])

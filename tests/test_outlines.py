"""Text rebuilt from kept outlines (``mnemo_anim.visuals.outlines``) is Manim's text, attribute
for attribute, and a damaged entry is read again."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from manim import MarkupText, Mobject, Text, tempconfig
from manim.mobject.svg.svg_mobject import (
    SVG_HASH_TO_MOB_MAP,
    SVGMobject,
    VMobjectFromSVGPath,
)

from mnemo_anim.visuals import outlines

TEXTS = [
    lambda: Text("Map first, then differ: 12.5", font_size=30),
    lambda: Text("column space\nof A", font_size=44, color="#ffcc00", weight="BOLD"),
    lambda: Text("x₁ · a₁ + x₂ · a₂ = b", font_size=24, t2c={"b": "#ff5555"}),
    lambda: MarkupText("<b>A</b> then <i>B</i>", font_size=36),
]
IDS = ["plain", "lines-bold-colour", "sub-t2c", "markup"]


def fresh(build: Any) -> Mobject:
    """``build()`` set by Pango again, in a new text folder (so Cairo numbers its surface
    anew), and read from its SVG again (``MarkupText`` keeps copies in memory)."""
    SVG_HASH_TO_MOB_MAP.clear()
    with tempfile.TemporaryDirectory() as folder, tempconfig({"text_dir": folder}):
        return build()


def manims(build: Any, monkeypatch: pytest.MonkeyPatch) -> Mobject:
    """``build()`` as Manim alone makes it (its own parse, nothing kept)."""
    with monkeypatch.context() as patch:
        patch.setattr(SVGMobject, "generate_mobject", outlines.MANIM_PARSE)
        return fresh(build)


def differences(a: Mobject, b: Mobject) -> list[str]:
    """Every attribute of every family member that differs (the svgelements path and the
    folder the SVG was set in aside)."""
    out = []
    fa, fb = a.get_family(), b.get_family()
    if [type(m) for m in fa] != [type(m) for m in fb]:
        return [f"family types {len(fa)} vs {len(fb)}"]
    for i, (x, y) in enumerate(zip(fa, fb, strict=True)):
        for name in sorted(set(vars(x)) | set(vars(y))):
            if name in {"path_obj", "submobjects", "id_to_vgroup_dict", "file_name"}:
                continue
            u, v = getattr(x, name, None), getattr(y, name, None)
            if isinstance(u, np.ndarray) or isinstance(v, np.ndarray):
                same = np.asarray(u).tobytes() == np.asarray(v).tobytes() and np.shape(
                    u
                ) == np.shape(v)
            elif isinstance(u, Mobject) or isinstance(v, Mobject):
                continue  # members are compared in their own turn
            elif isinstance(u, list) and u and isinstance(u[0], Mobject):
                same = [fa.index(m) if m in fa else -1 for m in u] == [
                    fb.index(m) if m in fb else -1 for m in v
                ]
            else:
                same = repr(u) == repr(v)
            if not same:
                out.append(f"member {i} ({type(x).__name__}).{name}: {u!r} vs {v!r}"[:300])
    return out


def groups_of(mob: Any) -> dict[str, list[int]]:
    """Each group's parts by index, its name with Cairo's surface number left out."""
    parts = mob.submobjects
    return {
        re.sub(r"surface[0-9]+", "surface", name): [
            next(i for i, p in enumerate(parts) if p is m) for m in group.submobjects
        ]
        for name, group in mob.id_to_vgroup_dict.items()
    }


@pytest.mark.parametrize("build", TEXTS, ids=IDS)
def test_text_from_kept_outlines_is_manims(build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = manims(build, monkeypatch)
    first = fresh(build)  # read by Manim and kept
    entries = list((outlines.files.cache_folder(outlines.FOLDER)).rglob("*.pickle"))
    assert entries
    again = fresh(build)  # rebuilt from the kept outlines
    assert all(type(p) is VMobjectFromSVGPath for p in again.submobjects)
    assert all(isinstance(p.path_obj, outlines._NoPath) for p in again.submobjects)  # a hit
    for made in (first, again):
        assert not differences(theirs, made), differences(theirs, made)[:3]
        assert groups_of(made) == groups_of(theirs)
    names = [n for m in (theirs, first, again) for n in m.id_to_vgroup_dict if "surface" in n]
    assert len(set(names)) == 3  # three settings, three surface numbers: the cache still hit


def test_a_damaged_entry_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    build = TEXTS[0]
    theirs = manims(build, monkeypatch)
    fresh(build)
    for entry in outlines.files.cache_folder(outlines.FOLDER).rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = fresh(build)
    assert not differences(theirs, again)
    assert any(
        outlines._load(e) is not None
        for e in outlines.files.cache_folder(outlines.FOLDER).rglob("*.pickle")
    )


def test_the_key_follows_the_svg_and_the_style() -> None:
    text = Text("A", font_size=30)
    base = outlines.key_of(text, b"<svg/>")
    assert outlines.key_of(text, b"<svg />") != base
    other = Text("A", font_size=30)
    other.svg_default = {**other.svg_default, "fill_color": "#123456"}  # the style round the SVG
    assert outlines.key_of(other, b"<svg/>") != base
    assert outlines.key_of(Text("B", font_size=30), b"<svg/>") == base  # the SVG says which


def test_installed_with_the_lesson_scene() -> None:
    import mnemo_anim.visuals.lesson  # noqa: F401  (installs)

    assert getattr(SVGMobject.generate_mobject, outlines._INSTALLED, False)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MNEMO_ANIM_CACHE", str(tmp_path / "cache"))
    outlines.install()


def test_a_cache_that_cannot_be_made_only_costs_the_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("MNEMO_ANIM_CACHE", str(blocked))
    theirs = manims(TEXTS[0], monkeypatch)
    assert not differences(theirs, fresh(TEXTS[0]))

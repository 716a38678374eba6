"""Gallery: every small plane ends where NumPy says, captions say the computed effect in the
lesson's words, the grid of planes fits and stays legible — 2 and 6 entries, every aspect."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from manim import Dot, Text, VGroup

from mnemo_anim.config.models import GalleryJob
from mnemo_anim.config.render import RenderSettings
from mnemo_anim.render.runner import RenderResult
from mnemo_anim.visuals.geometry import affine
from tests.golden import compare, last_frame, preview_render
from tests.scene_probe import run_dry

ASPECTS = ["16:9", "9:16", "1:1", "4:5"]
LESSON_TABLE = [  # the lesson's own words for its table
    "No change",
    "Scale axis 1 by 2, axis 2 by 0.5",
    "Rotate all vectors by 45°",
    "Squash onto a line",
    "Collapses some directions to zero",
]
SIX = [
    {"name": "identity", "matrix": {"identity": 2}},
    {"name": "diagonal", "matrix": {"scale": [2, 0.5]}},
    {"name": "rotation", "matrix": {"rotation": 45}},
    {"name": "projection", "matrix": {"projection": [1, 1]}},
    {"name": "singular", "matrix": [[1, 2], [0.5, 1]]},
    {"name": "reflection", "matrix": {"reflection": 30}},
]
SIX_EFFECTS = [*LESSON_TABLE, "Reflect across the line at 30°"]
TWO = [
    {"name": "zero", "matrix": [[0, 0], [0, 0]]},
    {"name": "flip", "matrix": [[1, 2], [3, -4]]},
]
TWO_EFFECTS = ["Collapses every direction to zero", "Rank 2, det -10: flips orientation"]
CASES = {"default": (None, LESSON_TABLE), "six": (SIX, SIX_EFFECTS), "two": (TWO, TWO_EFFECTS)}
FLOOR_PX = {"16:9": 28, "9:16": 36, "1:1": 36, "4:5": 36}

_PROBES: dict[tuple[str, str], Any] = {}


def probe(case: str, aspect: str) -> Any:
    if (case, aspect) not in _PROBES:
        entries, _ = CASES[case]
        data: dict[str, Any] = {"title": "Matrix types", "render": {"aspect": aspect}}
        if entries is not None:
            data["matrices"] = entries
        _PROBES[case, aspect] = run_dry(GalleryJob.model_validate(data))
    return _PROBES[case, aspect]


@pytest.fixture(params=[(c, a) for c in CASES for a in ASPECTS], ids=lambda p: f"{p[0]}-{p[1]}")
def run(request: pytest.FixtureRequest) -> tuple[Any, Any, list[str], str]:
    case, aspect = request.param
    p = probe(case, aspect)
    return p, p.scene, CASES[case][1], aspect


def test_every_plane_ends_at_its_matrix(run) -> None:  # type: ignore[no-untyped-def]
    _, scene, _, _ = run
    assert len(scene.minis) == len(scene.job.matrices)
    for entry, mini in zip(scene.job.matrices, scene.minis, strict=True):
        a = np.array(entry.matrix, dtype=float)
        plane = mini.plane
        np.testing.assert_allclose(mini.driver.items[0].fmap, affine(a), atol=1e-12)
        for j, arrow in enumerate(mini.arrows):
            np.testing.assert_allclose(plane.p2c(arrow.tail_point()), [0, 0], atol=1e-7)
            if np.linalg.norm(a[:, j]) > 1e-9:
                np.testing.assert_allclose(plane.p2c(arrow.tip_point()), a[:, j], atol=1e-7)
        corners = np.array([plane.p2c(p) for p in mini.square.body.points[::4][:4]])
        want = np.array([[0, 0], a[:, 0], a[:, 0] + a[:, 1], a[:, 1]])
        np.testing.assert_allclose(corners, want, atol=1e-7)


def test_grids_move_together_in_one_step(run) -> None:  # type: ignore[no-untyped-def]
    p, scene, _, _ = run
    names = [s[0] for s in scene.steps]
    assert names == ["types", "move", "effects"]
    types_end = scene.steps[0][2]
    before = [s for s in p.snapshots if s.time <= types_end + 1e-9]
    assert before  # after "types" every plane still shows I: none moved early
    for mini in scene.minis:
        assert id(mini.effect) not in {id(m) for m in before[-1].mobjects}


def test_captions_say_the_effect_in_the_lessons_words(run) -> None:  # type: ignore[no-untyped-def]
    p, scene, effects, _ = run
    th = scene.theme
    shown_at_end = {id(m) for m in p.snapshots[-1].mobjects for m in m.get_family()}
    beside = scene.tiles[0].caption.x > scene.tiles[0].plane.right
    for entry, mini, words, lines in zip(
        scene.job.matrices, scene.minis, effects, scene.caption_texts, strict=True
    ):
        if beside:  # "name: effect" in two lines at most
            assert " ".join(lines) == f"{entry.name}: {words}"
            assert len(lines) <= 2
        else:  # the name, then the effect in two lines at most
            assert lines[0] == entry.name
            assert " ".join(lines[1:]) == words
            assert len(lines) <= 3
        texts = [m for m in mini.name.get_family() + mini.effect.get_family() if m.points.size]
        assert len(mini.name) + len(mini.effect) == len("".join(lines))
        assert len(mini.name) == len(entry.name) + (1 if beside else 0)
        letters = [g for g in mini.name if not isinstance(g, Dot)]  # a Dot is a space
        effect = [g for g in mini.effect if not isinstance(g, Dot)]
        assert {g.get_color().to_hex().upper() for g in letters} == {th.text}
        assert {g.get_color().to_hex().upper() for g in effect} == {th.muted}
        assert texts and all(id(g) in shown_at_end for g in mini.effect)


def test_planes_and_captions_do_not_overlap_and_stay_safe(run) -> None:  # type: ignore[no-untyped-def]
    _, scene, _, _ = run
    safe = scene.layout.safe
    boxes = []
    for mini in scene.minis:
        # name and effect share lines beside a plane: one caption block per tile
        for mob in (mini.plane.background, VGroup(*mini.name, *mini.effect)):
            left, bottom = mob.get_corner(np.array([-1, -1, 0]))[:2]
            right, top = mob.get_corner(np.array([1, 1, 0]))[:2]
            assert safe.contains(left, right, bottom, top, tol=0.02)
            boxes.append((left, right, bottom, top))
    for k, a in enumerate(boxes):
        for b in boxes[k + 1 :]:
            w = min(a[1], b[1]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[2], b[2])
            assert w <= 0.02 or h <= 0.02, (a, b)


def test_caption_digits_reach_the_legibility_floor(run) -> None:  # type: ignore[no-untyped-def]
    _, scene, _, aspect = run
    geo = RenderSettings(aspect=aspect, quality="high").geometry()
    px = geo.pixel_width / geo.frame_width * 1080 / min(geo.pixel_width, geo.pixel_height)
    digits = Text("0123456789", font=scene.theme.font, font_size=scene.caption_size)
    assert digits.height * px >= FLOOR_PX[aspect]
    for mini in scene.minis:  # and nothing was scaled down after it was made
        for glyph in mini.effect:  # the letters' own size: as made, never scaled down
            assert glyph.height <= digits.height * 1.6


def test_a_wide_screen_gets_one_row_a_tall_one_a_column() -> None:
    wide = probe("default", "16:9").scene
    assert len({round(m.plane.box.y, 6) for m in wide.minis}) == 1
    tall = probe("default", "9:16").scene
    assert len({round(m.plane.box.x, 6) for m in tall.minis}) == 1


def test_names_are_words_never_typeset() -> None:
    """A name is free text, not a label: it is shown letter for letter and never reaches the
    typesetter (names that Typst or LaTeX would read as code included)."""
    names = [r"\theta", "$x$ #sys", '{A}_1 "q"']
    entries = [{"name": n, "matrix": {"rotation": 30 * k}} for k, n in enumerate(names)]
    data = {"matrices": entries, "render": {"aspect": "16:9"}}
    p = run_dry(GalleryJob.model_validate(data))
    assert p.all_math() == set()  # the gallery writes no formula at all
    for name, lines, mini in zip(names, p.scene.caption_texts, p.scene.minis, strict=True):
        assert lines[0] == name
        assert len(mini.name) == len(name)  # one glyph a character: nothing was interpreted


# -- a real render -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return preview_render(GalleryJob, tmp_path_factory)


@pytest.mark.render
def test_render_decodes(video: RenderResult) -> None:
    info = video.probe
    assert (info.codec, info.width, info.height) == ("h264", 854, 480)
    assert info.duration == pytest.approx(video.steps[-1][2], abs=0.2)


@pytest.mark.render
def test_last_frame_matches_golden(video: RenderResult) -> None:
    compare("gallery_last", last_frame(video.path))

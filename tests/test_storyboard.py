"""The storyboard: tiles in order and in their colours, legible names, frames from a dry run."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.deliver import Palette
from mnemo_anim.deliver import storyboard as sb
from mnemo_anim.deliver.storyboard import (
    Tile,
    capture_step_ends,
    compose_storyboard,
    grid_for,
    job_step_frames,
    write_storyboard,
)
from mnemo_anim.errors import RenderError

PALETTE = Palette(background="#0E1116", text="#ECEFF4", accent="#FFD166")
COLOURS = [(200, 40, 40), (40, 180, 70), (50, 90, 220), (230, 200, 40), (160, 60, 200)]
NAMES = ["equation", "first row", "second row", "result", "summary"]


def flat(colour: tuple[int, int, int], size: tuple[int, int], alpha: bool = False) -> np.ndarray:
    width, height = size
    frame = np.zeros((height, width, 4 if alpha else 3), np.uint8)
    frame[..., :3] = colour
    if alpha:
        frame[..., 3] = 255
    return frame


def tile_boxes(board: Image.Image, colours: list[tuple[int, int, int]]) -> list[tuple[int, ...]]:
    """The bounding box of each colour on the board (left, top, right, bottom), checked flat."""
    pixels = np.asarray(board.convert("RGB"))
    boxes = []
    for colour in colours:
        ys, xs = np.nonzero(np.all(pixels == colour, axis=-1))
        assert len(xs), f"colour {colour} is not on the board"
        box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
        inside = pixels[box[1] : box[3], box[0] : box[2]]
        assert np.all(inside == colour), f"the tile of {colour} is not its frame's colour"
        boxes.append(box)
    return boxes


@pytest.mark.parametrize(
    ("aspect", "size", "count", "columns", "tile_w"),
    [
        ("16:9", (854, 480), 5, 3, 480),
        ("16:9", (854, 480), 4, 2, 480),
        ("9:16", (270, 480), 5, 5, 300),
        ("1:1", (480, 480), 3, 3, 420),
    ],
    ids=["16x9-five", "16x9-four", "9x16-five", "1x1-three"],
)
def test_tiles_in_order_and_colour(
    aspect: str, size: tuple[int, int], count: int, columns: int, tile_w: int
) -> None:
    colours = COLOURS[:count]
    tiles = [Tile(n, flat(c, size), f"Text of {n}.") for n, c in zip(NAMES, colours, strict=False)]
    board = compose_storyboard(tiles, palette=PALETTE)
    boxes = tile_boxes(board, colours)
    tile_h = round(tile_w * size[1] / size[0])
    for left, top, right, bottom in boxes:
        # Inside the one-pixel frame line drawn around each tile.
        assert (right - left, bottom - top) == (tile_w - 2, tile_h - 2)
    # Reading order: left to right, then the next row.
    assert sorted(boxes, key=lambda b: (b[1], b[0])) == boxes
    assert len({b[1] for b in boxes[:columns]}) == 1
    assert len({b[0] for b in boxes}) == columns
    assert board.getpixel((1, 1)) == (0x0E, 0x11, 0x16), "the ground is the theme's background"


def test_transparent_frames_sit_on_the_background() -> None:
    frame = flat((200, 40, 40), (320, 180), alpha=True)
    frame[:, :160, 3] = 0  # the left half transparent
    board = np.asarray(compose_storyboard([Tile("a", frame)], palette=PALETTE))
    row = board[sb.GAP + 50]
    assert tuple(row[sb.GAP + 60]) == (0x0E, 0x11, 0x16)
    assert tuple(row[sb.GAP + 400]) == (200, 40, 40)


def test_png_paths_are_frames_too(tmp_path: Path) -> None:
    path = tmp_path / "f.png"
    Image.fromarray(flat((40, 180, 70), (640, 360))).save(path)
    tile_boxes(compose_storyboard([Tile("a", path)]), [(40, 180, 70)])


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_names_and_text_are_legible(tmp_path: Path) -> None:
    size = (854, 480)
    tiles = [
        Tile(n, flat(c, size), f"Row {i} of A dotted with x gives {i * 7}.")
        for i, (n, c) in enumerate(zip(NAMES, COLOURS, strict=True))
    ]
    path = write_storyboard(tmp_path, "row_view", tiles, palette=PALETTE, title="Row view")
    assert path == tmp_path / "row_view.storyboard.png"
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no partial file left"
    read = subprocess.run(
        ["tesseract", str(path), "-", "--psm", "11"], capture_output=True, text=True, check=True
    ).stdout
    for number, name in enumerate(NAMES, 1):
        assert f"{number} {name}" in " ".join(read.split()) or name in read, (name, read)
    assert "gives 28" in read


def test_long_text_is_cut_with_an_ellipsis() -> None:
    from PIL import ImageFont

    font = ImageFont.truetype(sb.font_files()[0], sb.TEXT_PX)
    lines = sb.wrap("word " * 200, font, 480)
    assert len(lines) == sb.MAX_LINES and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 480 for line in lines[:-1])
    assert sb.wrap("", font, 480) == []


def test_no_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sb, "FONTS", (("/nope/a.ttf", "/nope/b.ttf"),))
    monkeypatch.setattr(sb, "_fc_match", lambda family: None)
    sb.font_files.cache_clear()
    try:
        with pytest.raises(RenderError, match="fonts-noto-core"):
            compose_storyboard([Tile("a", flat((1, 2, 3), (16, 9)))])
    finally:
        sb.font_files.cache_clear()


def test_grid_for_every_aspect() -> None:
    assert grid_for(16 / 9, 9) == (3, 480)
    assert grid_for(9 / 16, 6) == (6, 300)
    assert grid_for(9 / 16, 7) == (4, 300)
    assert grid_for(4 / 5, 8) == (4, 420)
    assert grid_for(16 / 9, 1) == (1, 480)


# -- frames from a dry run -----------------------------------------------------------------

TINY = {"matrix": [[2, -1], [1, 3]], "vector": [3, 1], "timing": {"speed": 4, "pause": 0.5}}


def tiny_job(**render: Any) -> RowViewJob:
    return RowViewJob.model_validate({**TINY, "render": {"quality": "preview", **render}})


def test_capture_one_frame_per_step() -> None:
    job = tiny_job()
    frames = job_step_frames(job)
    assert [f.name for f in frames] == job.steps()
    assert all(f.frame.shape == (480, 854, 4) for f in frames)
    assert [f.time for f in frames] == sorted(f.time for f in frames)
    # Each row step writes a new output entry: consecutive end states differ.
    for before, after in itertools.pairwise(frames):
        assert not np.array_equal(before.frame, after.frame), (before.name, after.name)


@pytest.mark.render
def test_last_step_end_is_the_videos_last_frame(tmp_path: Path) -> None:
    from mnemo_anim.render.runner import render_job

    job = tiny_job()
    frames = job_step_frames(job)
    still = render_job(tiny_job(format="png"), tmp_path, warn=None).path
    last = np.asarray(Image.open(still).convert("RGB")).astype(int)
    drawn = frames[-1].frame[..., :3].astype(int)
    assert last.shape == drawn.shape
    assert np.abs(last - drawn).mean() < 1.0


def test_a_scene_with_step_end_hooks_is_hooked_through_them() -> None:
    """The hook proposed for LessonScene: ``step_end_hooks`` called as each step block exits."""
    import contextlib

    from mnemo_anim.render.settings import dry_run_config
    from scenes import scene_class

    base = scene_class("row_view")
    calls: list[str] = []

    class Hooked(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.step_end_hooks: list[Any] = []
            super().__init__(*args, **kwargs)

        @contextlib.contextmanager
        def step(self, name: str) -> Any:
            with super().step(name):
                yield
            calls.append(name)
            for hook in self.step_end_hooks:
                hook(self, name)

    seen: list[str] = []
    job = tiny_job()
    frames = capture_step_ends(
        partial(Hooked, job),
        config=dry_run_config(job.render),
        hooks=[lambda scene, name: seen.append(name)],
    )
    assert [f.name for f in frames] == calls == seen == job.steps()

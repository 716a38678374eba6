"""A storyboard: ``<name>.storyboard.png``, the end state of every step tiled in order.

Two halves. :func:`capture_step_ends` runs a scene without writing a video (Manim's dry run
with animations skipped: each ``play`` jumps to its end state) and draws one frame at the end
of each step. :func:`compose_storyboard` tiles those frames, each under its step number and name
with its narration or caption beneath, in the theme's colours, and :func:`write_storyboard`
saves the PNG atomically. :func:`job_storyboard` does both for a job model.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from mnemo_anim.deliver import Palette
from mnemo_anim.errors import RenderError
from mnemo_anim.files import write_atomic

if TYPE_CHECKING:
    from mnemo_anim.config.models import JobBase

# Checked in this order; the first pair found is used (Debian fonts-noto-core, fonts-dejavu-core).
# DejaVu first: it draws the arrows and maths signs narration uses (→, ×, ≠); Noto Sans does not.
FONTS = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
)
TEXT_PX = 22  # the narration under a tile: legible when the board is seen whole on a screen
NAME_PX = 26
GAP = 24  # between tiles and around the board
MAX_LINES = 6  # of narration under a tile; longer text ends with an ellipsis


@dataclass(frozen=True)
class Tile:
    """One step on the board.

    Attributes
    ----------
    name
        The step's name.
    frame
        Its end state: an RGB or RGBA ``uint8`` array (height × width × 3|4) or a PNG path.
    text
        Its narration or caption ("" for none).
    """

    name: str
    frame: np.ndarray | Path
    text: str = ""


@dataclass(frozen=True)
class StepFrame:
    """The picture at the end of a step, as :func:`capture_step_ends` drew it."""

    name: str
    time: float
    frame: np.ndarray


# -- layout --------------------------------------------------------------------------------


def grid_for(aspect: float, count: int) -> tuple[int, int]:
    """``(columns, tile width in px)`` for ``count`` frames of width/height ``aspect``.

    Landscape frames go three to a row at 480 px; square and 4:5 four at 420 px; tall ones
    (9:16) six at 300 px, so a board stays about as wide as a screen whatever the aspect. The
    rows are balanced: four landscape steps make two rows of two, not three and one.
    """
    if aspect >= 1.2:
        columns, width = 3, 480
    elif aspect >= 0.7:
        columns, width = 4, 420
    else:
        columns, width = 6, 300
    rows = -(-max(count, 1) // columns)
    return -(-max(count, 1) // rows), width


@lru_cache(maxsize=1)
def font_files() -> tuple[str, str]:
    """``(regular, bold)`` TrueType files for the board's text.

    Raises
    ------
    RenderError
        When neither DejaVu Sans nor Noto Sans is installed.
    """
    for regular, bold in FONTS:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else regular
    found = _fc_match("sans-serif")
    if found is not None:
        return found, found
    raise RenderError(
        "no font for the storyboard: install Noto Sans or DejaVu Sans "
        "(Debian: apt-get install fonts-noto-core fonts-dejavu-core)"
    )


def _fc_match(family: str) -> str | None:
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=False
    )
    path = result.stdout.strip()
    return path if path.endswith((".ttf", ".otf")) and Path(path).is_file() else None


def _load_frame(frame: np.ndarray | Path, background: str) -> Image.Image:
    """An RGB picture of ``frame``; transparent parts shown on ``background``."""
    image = Image.open(frame) if isinstance(frame, (str, Path)) else Image.fromarray(frame)
    if image.mode in ("RGBA", "LA", "P"):
        ground = Image.new("RGBA", image.size, background)
        return Image.alpha_composite(ground, image.convert("RGBA")).convert("RGB")
    return image.convert("RGB")


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px, at most ``MAX_LINES`` of them."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    lines = [line for line in lines if line] if text.strip() else []
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], textwrap.shorten(lines[MAX_LINES - 1] + " …", 200)]
        lines[-1] = lines[-1].rstrip(" …") + " …"
    return lines


# -- composing -----------------------------------------------------------------------------


def compose_storyboard(
    tiles: Sequence[Tile], *, palette: Palette | None = None, title: str | None = None
) -> Image.Image:
    """Tile the steps' end frames in order, each with its number, name and text under it.

    Parameters
    ----------
    tiles
        The steps in order; their frames share one aspect (the first one's sets the grid).
    palette
        Background and text colours (``Palette.from_theme``); the accent numbers the steps.
    title
        A heading across the top of the board.

    Returns
    -------
    PIL.Image.Image
        The board, RGB.
    """
    if not tiles:
        raise RenderError("a storyboard needs at least one step")
    palette = palette or Palette()
    regular, bold = font_files()
    body, heading = ImageFont.truetype(regular, TEXT_PX), ImageFont.truetype(bold, NAME_PX)
    frames = [_load_frame(t.frame, palette.background) for t in tiles]
    columns, tile_w = grid_for(frames[0].width / frames[0].height, len(tiles))
    tile_h = round(tile_w * frames[0].height / frames[0].width)
    texts = [wrap(t.text, body, tile_w) for t in tiles]
    line_h = round(TEXT_PX * 1.35)
    caption_h = NAME_PX + 14 + line_h * max(len(lines) for lines in texts)
    cell_h = tile_h + 10 + caption_h
    rows = -(-len(tiles) // columns)
    top = GAP + (NAME_PX + 2 * GAP if title else 0)
    board = Image.new(
        "RGB",
        (GAP + columns * (tile_w + GAP), top + rows * (cell_h + GAP)),
        palette.background,
    )
    draw = ImageDraw.Draw(board)
    if title:
        draw.text((GAP, GAP), title, font=heading, fill=palette.text)
    for index, (tile, frame, lines) in enumerate(zip(tiles, frames, texts, strict=True)):
        x = GAP + (index % columns) * (tile_w + GAP)
        y = top + (index // columns) * (cell_h + GAP)
        board.paste(_fit(frame, tile_w, tile_h, palette.background), (x, y))
        draw.rectangle((x, y, x + tile_w - 1, y + tile_h - 1), outline=palette.text, width=1)
        _caption(draw, (x, y + tile_h + 10), index + 1, tile.name, lines, (heading, body), palette)
    return board


def _fit(frame: Image.Image, width: int, height: int, background: str) -> Image.Image:
    """``frame`` scaled to fit ``width`` × ``height``, centred on ``background``."""
    scale = min(width / frame.width, height / frame.height)
    size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
    scaled = frame.resize(size, Image.Resampling.LANCZOS)
    cell = Image.new("RGB", (width, height), background)
    cell.paste(scaled, ((width - size[0]) // 2, (height - size[1]) // 2))
    return cell


def _caption(
    draw: ImageDraw.ImageDraw,
    at: tuple[int, int],
    number: int,
    name: str,
    lines: Sequence[str],
    fonts: tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont],
    palette: Palette,
) -> None:
    heading, body = fonts
    x, y = at
    label = f"{number}  "
    draw.text((x, y), label, font=heading, fill=palette.accent)
    draw.text((x + heading.getlength(label), y), name, font=heading, fill=palette.text)
    y += NAME_PX + 14
    for line in lines:
        draw.text((x, y), line, font=body, fill=palette.text)
        y += round(TEXT_PX * 1.35)


def write_storyboard(
    output_dir: Path,
    name: str,
    tiles: Sequence[Tile],
    *,
    palette: Palette | None = None,
    title: str | None = None,
) -> Path:
    """Compose the board and write ``<output_dir>/<name>.storyboard.png`` atomically.

    Returns
    -------
    Path
        The PNG written.
    """
    board = compose_storyboard(tiles, palette=palette, title=title)
    buffer = io.BytesIO()
    board.save(buffer, format="PNG", optimize=False, compress_level=6)
    target = Path(output_dir) / f"{name}.storyboard.png"
    write_atomic(target, buffer.getvalue())
    return target


# -- capturing step ends -------------------------------------------------------------------

StepHook = Callable[[Any, str], None]


def capture_step_ends(
    make_scene: Callable[..., Any],
    *,
    config: Mapping[str, Any] | None = None,
    hooks: Sequence[StepHook] = (),
) -> list[StepFrame]:
    """Run a lesson scene without writing a video and draw the picture at each step's end.

    Parameters
    ----------
    make_scene
        Builds the scene; called once, inside ``config``, as ``make_scene(skip_animations=True)``
        (e.g. ``functools.partial(RowView, job)``). Skipping makes each ``play``/``wait`` jump
        to its end state: the same mobjects and timings as a render, no frames drawn.
    config
        Manim config for the run (``mnemo_anim.render.settings.dry_run_config(job.render, …)``:
        its pixel size is the frames' size); the current config when not given.
    hooks
        Also called as ``hook(scene, step_name)`` at each step's end, after the frame is drawn.

    Returns
    -------
    list[StepFrame]
        One per step, in order.

    Notes
    -----
    A step ends when the scene's ``step(name)`` block exits (after its burned-in caption is
    removed: the board prints the text under the picture instead). A scene that has a
    ``step_end_hooks`` list (see the report on ``LessonScene``) is hooked through it; otherwise
    its ``step`` method is wrapped on the instance.
    """
    from manim import tempconfig

    frames: list[StepFrame] = []
    with tempconfig(dict(config or {})):
        scene = make_scene(skip_animations=True)
        renderer = scene.renderer
        draw = renderer.update_frame

        def grab(scene: Any, name: str) -> None:
            # Everything on screen, drawn afresh (not over a cached background of static parts).
            renderer.static_image = None
            draw(scene, ignore_skipping=True)
            frames.append(StepFrame(name, float(renderer.time), renderer.get_frame()))
            for hook in hooks:
                hook(scene, name)

        on_step_end(scene, grab)
        # With animations skipped Manim still draws each play's end state, which nothing here
        # looks at: draw only at step ends (a quarter of the run time for the row view).
        renderer.update_frame = lambda *args, **kwargs: None
        try:
            scene.render()
        finally:
            renderer.update_frame = draw
    return frames


def on_step_end(scene: Any, hook: StepHook) -> None:
    """Call ``hook(scene, step_name)`` each time one of ``scene``'s steps ends."""
    hooks = getattr(scene, "step_end_hooks", None)
    if isinstance(hooks, list):
        hooks.append(hook)
        return
    original = scene.step

    @contextlib.contextmanager
    def step(name: str) -> Iterator[None]:
        with original(name):
            yield
        hook(scene, name)

    scene.step = step


# -- a job, end to end ---------------------------------------------------------------------


def job_step_frames(job: JobBase, hooks: Sequence[StepHook] = ()) -> list[StepFrame]:
    """The end frame of every step of ``job``'s scene, at its render settings' size; ``hooks``
    are also called at each step's end (see :func:`capture_step_ends`)."""
    from functools import partial

    from mnemo_anim.render.settings import dry_run_config
    from scenes import scene_class

    with tempfile.TemporaryDirectory(prefix="storyboard-") as media:
        config = dry_run_config(job.render, media_dir=Path(media))
        return capture_step_ends(partial(scene_class(job.scene), job), config=config, hooks=hooks)


def job_storyboard(job: JobBase, output_dir: Path, hooks: Sequence[StepHook] = ()) -> Path:
    """Write ``<output_dir>/<job's name>.storyboard.png`` for ``job`` without encoding video.

    The text under each step is the job's caption, or the automatic narration when the job
    has no captions. ``hooks`` are called at each step's end (progress).
    """
    from mnemo_anim.visuals.theme import resolve_theme

    frames = job_step_frames(job, hooks)
    texts = job.caption_texts() or job.auto_narration()
    tiles = [Tile(f.name, f.frame, texts.get(f.name, "")) for f in frames]
    palette = Palette.from_theme(resolve_theme(job.style))
    return write_storyboard(
        output_dir, job.output_name, tiles, palette=palette, title=job.title or job.output_name
    )

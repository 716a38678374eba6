"""The stream writer and renderer: the same frames as Manim's own writer, faster.

Frame identity is checked with lossless encodes, where any difference in the frames handed to
the encoder would show in the decoded pictures.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.render import settings
from mnemo_anim.render.writer import StreamEncoder, StreamRenderer
from scenes import scene_class

# A short job: 2x2 matrix, preview quality, four times the normal speed.
SMALL = {
    "matrix": [[1, 2], [3, 4]],
    "vector": [1, -1],
    "timing": {"speed": 4},
    "render": {"quality": "preview"},
}
LOSSLESS_RGB = {
    "video_codec": "libx264rgb",
    "pixel_format": "rgb24",
    "video_encoder_options": {"preset": "ultrafast", "crf": "0"},
}


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def render_scene(job: RowViewJob, media: Path, **renderer: object) -> tuple[Path, object]:
    """Render ``job`` straight through Manim (no runner) in lossless RGB."""
    from manim import tempconfig

    config = settings.manim_config(job.render, media_dir=media, output_file="clip")
    with tempconfig({**config, **LOSSLESS_RGB}):
        # The renderer's camera takes its size from the config: create it inside.
        scene = scene_class(job.scene)(job, renderer=StreamRenderer(**renderer))
        scene.render()
        return Path(scene.renderer.file_writer.movie_file_path), scene


@pytest.mark.render
def test_stream_writer_gives_the_frames_of_manims_writer(tmp_path: Path) -> None:
    job = RowViewJob.model_validate(SMALL)
    theirs, _ = render_scene(job, tmp_path / "manim", fast_writer=False)
    ours, scene = render_scene(job, tmp_path / "ours")
    assert type(scene.renderer.file_writer).__name__ == "StreamWriter"  # type: ignore[attr-defined]
    expected, got = decoded(theirs), decoded(ours)
    assert len(got) == len(expected) > 50
    different = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if (a != b).any()]
    assert different == []


@pytest.mark.render
@pytest.mark.parametrize(
    ("kind", "hits"),
    [("composition", 2_000), ("gallery", 2_000), ("shapes", 10_000)],
)
def test_our_camera_draws_the_pixels_of_manims_camera(tmp_path: Path, kind: str, hits: int) -> None:
    """Planes move under labels and numbers that stay put (composition), captions fade in
    while shifting (gallery), a 3-D view turns (shapes): kept outlines come from the camera's
    cache, changed ones from its own walk, and every frame is the one Manim's camera draws."""
    from manim import Camera

    from mnemo_anim.config.models import CompositionJob, GalleryJob, ShapesJob

    model = {"composition": CompositionJob, "gallery": GalleryJob, "shapes": ShapesJob}[kind]
    job = model.model_validate({"timing": {"speed": 4}, "render": {"quality": "preview"}})
    # Every object drawn on every frame, as Manim does (tests/test_still.py covers the rest).
    theirs, _ = render_scene(job, tmp_path / "manim", camera_class=Camera, still=False)
    ours, scene = render_scene(job, tmp_path / "ours", still=False)
    camera = scene.renderer.camera  # type: ignore[attr-defined]
    assert type(camera).__name__ == "PathCamera"
    assert camera.path_hits > hits  # outlines not walked again
    expected, got = decoded(theirs), decoded(ours)
    assert len(got) == len(expected) > 50
    different = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if (a != b).any()]
    assert different == []


# -- the encoder on its own ---------------------------------------------------------------------


def encoder(target: Path, **options: str) -> StreamEncoder:
    return StreamEncoder(
        target,
        codec="libx264",
        pix_fmt="yuv420p",
        options={"preset": "ultrafast", "crf": "18", **options},
        width=64,
        height=48,
        rate=Fraction(24),
        container_format="mp4",
    )


def solid(rgb: tuple[int, int, int]) -> np.ndarray:
    frame = np.zeros((48, 64, 4), dtype=np.uint8)
    frame[..., :3] = rgb
    frame[..., 3] = 255
    return frame


def test_a_held_frame_is_converted_once_and_encoded_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "held.mp4"
    enc = encoder(target)
    conversions = []
    convert = enc._convert
    monkeypatch.setattr(enc, "_convert", lambda pixels: conversions.append(1) or convert(pixels))
    released = []
    enc.submit(solid((200, 40, 40)), repeat=1, release=lambda: released.append("a"))
    enc.submit(solid((40, 200, 40)), repeat=30, release=lambda: released.append("b"))
    assert enc.finish() == 31
    assert len(conversions) == 2 and released == ["a", "b"]
    with av.open(str(target)) as container:
        frames = [f.pts for f in container.decode(video=0)]
    assert len(frames) == 31


def test_colours_decode_as_drawn(tmp_path: Path) -> None:
    """Converted with the BT.709 matrix the file is tagged with, so a decoder that reads the tag
    (PyAV does) shows the colours that were drawn."""
    target = tmp_path / "colours.mp4"
    enc = encoder(target, crf="0")
    colours = [(230, 40, 40), (40, 200, 90), (255, 209, 102), (14, 17, 22)]
    for rgb in colours:
        enc.submit(solid(rgb))
    enc.finish()
    with av.open(str(target)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.colorspace == 1  # BT.709
        pictures = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    for rgb, picture in zip(colours, pictures, strict=True):
        assert np.abs(picture[24, 32].astype(int) - rgb).max() <= 3


def test_a_frame_the_encoder_does_not_give_back_fails_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One packet a frame is the writer's proof that nothing was lost: a dropped packet fails
    ``finish``."""
    enc = encoder(tmp_path / "short.mp4")
    write = enc._write
    dropped: list[int] = []
    monkeypatch.setattr(
        enc, "_write", lambda packet: dropped.append(1) if not dropped else write(packet)
    )
    enc.submit(solid((10, 20, 30)), repeat=5)
    with pytest.raises(RuntimeError, match=r"5 frames encoded into 4 packets"):
        enc.finish()


def test_a_failing_encoder_raises_and_abort_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "bad.mp4"
    enc = encoder(target)
    enc.submit(np.zeros((48, 64, 4), dtype=np.float32))  # not 8-bit RGBA: rejected
    with pytest.raises(RuntimeError, match=r"encoding bad\.mp4 failed"):
        enc.finish()
    enc = encoder(tmp_path / "dropped.mp4")
    enc.submit(solid((1, 2, 3)), repeat=5)
    enc.abort()
    assert not (tmp_path / "dropped.mp4").exists()


# -- converting only the rows that changed ------------------------------------------------------


def picture(seed: int, height: int = 96, width: int = 128) -> np.ndarray:
    rng = np.random.default_rng(seed)
    frame = rng.integers(0, 256, (height, width, 4), dtype=np.uint8)
    frame[..., 3] = 255
    return frame


def whole(enc: StreamEncoder, pixels: np.ndarray) -> list[np.ndarray]:
    return [p.copy() for p in _planes(enc._convert(pixels))]


def _planes(frame: av.VideoFrame) -> list[np.ndarray]:
    from mnemo_anim.render.writer import _rows

    return [_rows(plane) for plane in frame.planes]


@pytest.mark.parametrize(
    ("rows", "expect"),
    [
        ((40, 41), (32, 56)),  # one row: widened by the chroma's reach, aligned to 8
        ((0, 3), (0, 16)),  # at the top
        ((90, 96), (80, 96)),  # at the bottom
        ((17, 30), (8, 40)),
        ((5, 6), (0, 16)),
    ],
)
def test_a_changed_band_converts_to_the_bytes_of_the_whole_picture(
    tmp_path: Path, rows: tuple[int, int], expect: tuple[int, int]
) -> None:
    enc = StreamEncoder(
        tmp_path / "x.mp4",
        codec="libx264",
        pix_fmt="yuv420p",
        options={"preset": "ultrafast"},
        width=128,
        height=96,
        rate=Fraction(24),
        container_format="mp4",
    )
    try:
        before = picture(1, 96, 128)
        after = before.copy()
        after[rows[0] : rows[1]] = picture(2, 96, 128)[rows[0] : rows[1]]
        patcher = enc._patcher
        assert patcher is not None
        assert patcher.changed(before, after) == expect
        start, stop = expect
        lo, hi = patcher.margins(start, stop)
        patched = patcher.patch(enc._convert(before), enc._convert(after[lo:hi]), start, stop, lo)
        for got, want in zip(_planes(patched), whole(enc, after), strict=True):
            assert np.array_equal(got, want)
        assert patcher.changed(after, after) == (0, 0)
        tall = before.copy()
        tall[:80] = 0
        assert patcher.changed(before, tall) is None  # most of the picture: converted whole
    finally:
        enc.abort()


def test_frames_converted_in_bands_encode_the_bytes_of_whole_frames(tmp_path: Path) -> None:
    """A moving square over a still background, then a held picture: the file is the one the
    whole-picture conversion gives, byte for byte."""
    frames = []
    background = picture(3, 96, 128)
    for step in range(12):
        frame = background.copy()
        frame[10 + step * 3 : 30 + step * 3, 20:60] = (200, 40, 40, 255)
        frames.append(frame)
    frames += [frames[-1].copy(), frames[-1].copy(), picture(4, 96, 128)]

    def encode(target: Path, patch: bool) -> bytes:
        enc = StreamEncoder(
            target,
            codec="libx264",
            pix_fmt="yuv420p",
            options={"preset": "ultrafast", "crf": "18", "threads": "1"},
            width=128,
            height=96,
            rate=Fraction(24),
            container_format="mp4",
            # Without the patcher a repeated picture is not recognised as one, so neither side
            # writes held pictures (tests/test_held.py): the conversion alone is compared.
            held_pictures=False,
        )
        if not patch:
            enc._patcher = None
        for frame in frames:
            enc.submit(frame.copy())
        assert enc.finish() == len(frames)
        return target.read_bytes()

    assert encode(tmp_path / "bands.mp4", True) == encode(tmp_path / "whole.mp4", False)

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
def test_kept_outlines_draw_the_pixels_of_manims_camera(tmp_path: Path) -> None:
    """The plane moves under labels and numbers that stay put: their outlines come from the
    camera's cache, and every frame is the one Manim's own camera draws."""
    from manim import Camera

    from mnemo_anim.config.models import CompositionJob

    job = CompositionJob.model_validate({"timing": {"speed": 4}, "render": {"quality": "preview"}})
    theirs, _ = render_scene(job, tmp_path / "manim", camera_class=Camera)
    ours, scene = render_scene(job, tmp_path / "ours")
    camera = scene.renderer.camera  # type: ignore[attr-defined]
    assert type(camera).__name__ == "PathCamera"
    assert camera.path_hits > 2_000  # outlines not walked again
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

"""Real renders at low resolution, checked the way a decoder sees them."""

from __future__ import annotations

import os
from pathlib import Path

import av
import pytest

from mnemo_anim import files
from mnemo_anim.config.models import RowViewJob
from mnemo_anim.errors import RenderError
from mnemo_anim.render.encode import moov_before_mdat, probe
from mnemo_anim.render.runner import render_job
from tests.golden import compare, last_frame

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def lesson_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render")
    os.environ.setdefault("MNEMO_ANIM_CACHE", str(tmp_path_factory.getbasetemp() / "mnemo-cache"))
    job = RowViewJob.model_validate({"render": {"quality": "preview"}})
    return render_job(job, out).path


def test_stream_is_what_players_expect(lesson_video: Path) -> None:
    info = probe(lesson_video)
    assert (info.width, info.height) == (854, 480)
    assert info.fps == 24
    assert info.codec == "h264"
    assert info.pix_fmt == "yuv420p"
    assert info.profile in {"High", "Main"}
    assert 12 < info.duration < 40
    assert info.frames == pytest.approx(info.duration * 24, abs=2)
    assert moov_before_mdat(lesson_video)


def test_colour_is_tagged_bt709(lesson_video: Path) -> None:
    with av.open(str(lesson_video)) as container:
        ctx = container.streams.video[0].codec_context
        assert ctx.color_primaries == 1 and ctx.colorspace == 1


def test_nothing_but_the_video_lands_in_output(lesson_video: Path) -> None:
    assert [p.name for p in lesson_video.parent.iterdir()] == ["row_view.mp4"]


def test_last_frame_matches_golden(lesson_video: Path) -> None:
    compare("row_view_last", last_frame(lesson_video))


def test_failed_render_keeps_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = tmp_path / "row_view.mp4"
    earlier.write_bytes(b"an earlier good video")

    def broken(source: Path, target: Path) -> None:
        target.write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    import mnemo_anim.render.encode as encode

    monkeypatch.setattr(encode, "faststart_remux", broken)
    job = RowViewJob.model_validate({"render": {"quality": "preview"}, "timing": {"speed": 4}})
    with pytest.raises(RenderError, match="No space left on device"):
        render_job(job, tmp_path)
    assert earlier.read_bytes() == b"an earlier good video"
    assert [p.name for p in tmp_path.iterdir()] == ["row_view.mp4"]
    work = files.cache_root() / "work"
    assert not any(p.name.startswith(f"job-{os.getpid()}-") for p in work.iterdir())


def test_stale_leftovers_of_dead_processes_are_swept(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "work"
    out.mkdir()
    work.mkdir()
    dead_pid = 2**22 + 12345  # above the kernel's default pid_max: never a live process
    stale = out / f".mnemo-row_view-{dead_pid}-1.partial.mp4"
    stale.write_bytes(b"x")
    live = out / f".mnemo-row_view-{os.getpid()}-1.partial.mp4"
    live.write_bytes(b"x")
    (work / f"job-{dead_pid}-abc").mkdir()
    files.sweep_stale(out, work)
    assert not stale.exists() and live.exists()
    assert not (work / f"job-{dead_pid}-abc").exists()

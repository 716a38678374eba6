"""Caption and chapter timings against the steps as rendered: ``.srt``, ``.vtt``,
``<name>.chapters.txt``, the section clips and the caption burned into the picture all start
and end with ``scene.steps`` (one small preview render with ``captions: auto`` and
``sections: true``)."""

from __future__ import annotations

import itertools
import os
import re
import textwrap
from pathlib import Path
from typing import Any

import av
import pytest
import srt

from mnemo_anim.config.models import CAPTION_LINE, JOB_MODELS, JobBase, RowViewJob
from mnemo_anim.render.runner import RenderResult, render_job
from tests.scene_probe import run_dry

JOB = RowViewJob.model_validate(
    {
        "matrix": [[2, -1], [0.5, 3]],
        "vector": [1, 3],
        "title": "Rows dotted with x",
        "captions": "auto",
        "timing": {"speed": 2},
        "render": {"quality": "preview", "sections": True, "name": "timed"},
    }
)
FRAME = 1 / 24  # preview: 24 fps


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    with pytest.MonkeyPatch.context() as mp:
        if "MNEMO_ANIM_CACHE" not in os.environ:
            mp.setenv("MNEMO_ANIM_CACHE", str(tmp_path_factory.getbasetemp() / "mnemo-cache"))
        return render_job(JOB, Path(tmp_path_factory.mktemp("timed")))


def wrapped(name: str) -> str:
    return "\n".join(textwrap.wrap(JOB.caption_texts()[name], CAPTION_LINE))


@pytest.mark.render
def test_steps_tile_the_video(video: RenderResult) -> None:
    steps = video.steps
    assert [s[0] for s in steps] == JOB.steps()
    assert steps[0][1] == 0.0
    for (_, _, end), (_, start, _) in itertools.pairwise(steps):
        assert start == pytest.approx(end, abs=1e-9)
    assert video.probe.duration == pytest.approx(steps[-1][2], abs=2 * FRAME)


@pytest.mark.render
def test_srt_cues_are_the_steps(video: RenderResult) -> None:
    text = video.path.with_suffix(".srt").read_text(encoding="utf-8")
    cues = list(srt.parse(text))
    assert [c.content for c in cues] == [wrapped(name) for name, _, _ in video.steps]
    for cue, (name, start, end) in zip(cues, video.steps, strict=True):
        assert cue.start.total_seconds() == pytest.approx(start, abs=0.0011), name
        assert cue.end.total_seconds() == pytest.approx(end, abs=0.0011), name


def _vtt_seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


@pytest.mark.render
def test_vtt_cues_are_the_steps(video: RenderResult) -> None:
    text = video.path.with_suffix(".vtt").read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\n")
    blocks = [b for b in text[len("WEBVTT\n\n") :].split("\n\n") if b.strip()]
    assert len(blocks) == len(video.steps)
    for block, (name, start, end) in zip(blocks, video.steps, strict=True):
        ident, timing, *lines = block.strip("\n").split("\n")
        assert ident == name
        first, last = re.fullmatch(r"(\S+) --> (\S+)", timing).groups()  # type: ignore[union-attr]
        assert _vtt_seconds(first) == pytest.approx(start, abs=0.0011), name
        assert _vtt_seconds(last) == pytest.approx(end, abs=0.0011), name
        assert "\n".join(lines) == wrapped(name)


@pytest.mark.render
def test_chapters_start_with_their_steps(video: RenderResult) -> None:
    lines = (video.path.parent / "timed.chapters.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(video.steps)
    assert lines[0].startswith("00:00 ")
    for line, (name, start, _) in zip(lines, video.steps, strict=True):
        stamp, title = line.split(" ", 1)
        minutes, seconds = stamp.split(":")
        assert int(minutes) * 60 + int(seconds) == int(start), line
        assert title == name[:1].upper() + name[1:]


@pytest.mark.render
def test_section_clips_last_as_long_as_their_steps(video: RenderResult) -> None:
    clips = sorted((video.path.parent / "timed_sections").glob("*.mp4"))
    assert [c.stem.split("-", 1)[1] for c in clips] == [
        re.sub(r"[^a-z0-9]+", "-", name.lower()) for name, _, _ in video.steps
    ]
    for clip, (name, start, end) in zip(clips, video.steps, strict=True):
        with av.open(str(clip)) as container:
            stream = container.streams.video[0]
            frames = sum(1 for _ in container.decode(stream))
        assert frames * FRAME == pytest.approx(end - start, abs=2 * FRAME), name


@pytest.mark.render
def test_burned_in_caption_is_the_steps_caption(video: RenderResult) -> None:
    """The same job run without drawing: the caption on screen at every moment is the one of
    the step playing then, and the steps are the rendered steps to the frame."""
    probe = run_dry(JOB, (seen := CaptionsSeen(JOB)))
    assert [s[0] for s in probe.scene.steps] == [s[0] for s in video.steps]
    seen.check()
    # In the rendered picture the caption band changes exactly at the rendered step ends:
    # the same inside a step, different from one step to the next.
    band = _band_rows(probe.scene, video.probe.height)
    frames = _frames(video.path)
    first_last = []
    for name, start, end in video.steps:
        a, b = round(start / FRAME) + 1, round(end / FRAME) - 2
        crops = [frames[a][band].astype(int), frames[b][band].astype(int)]
        assert abs(crops[0] - crops[1]).mean() < 0.5, f"the caption changed inside {name!r}"
        first_last.append(crops)
    for (name, _, _), before, after in zip(video.steps, first_last, first_last[1:], strict=False):
        assert abs(before[1] - after[0]).mean() > 2, f"the caption did not change after {name!r}"


class CaptionsSeen:
    """After every play or wait, the step playing and the captions on screen (their words:
    the picture wraps them to its own width, the sidecars to ``CAPTION_LINE``)."""

    def __init__(self, job: JobBase) -> None:
        self.job, self.seen = job, []
        self.texts = {name: _words(text) for name, text in job.caption_texts().items()}

    def __call__(self, scene: Any) -> None:
        shown = {
            _words(m.original_text)
            for top in scene.mobjects
            for m in top.get_family()
            if type(m).__name__ == "Text"
        }
        names = self.job.steps()
        step = names[len(scene.steps)] if len(scene.steps) < len(names) else "<after>"
        self.seen.append((step, float(scene.renderer.time), shown & set(self.texts.values())))

    def check(self) -> None:
        assert self.seen
        for step, time, texts in self.seen:
            assert texts == {self.texts[step]}, f"at {time:.2f} s in {step!r}: {texts}"


def _words(text: str) -> str:
    return " ".join(text.split())


# Scenes whose title fades in as they are built, before the first step's own animations.
LEAD_INS = {
    "composition": {"layout": "split"},
    "bias": {},
    "layers": {},
}


@pytest.mark.parametrize("kind", LEAD_INS)
def test_the_first_caption_shows_with_the_title(kind: str) -> None:
    """The title's lead-in belongs to the first step: its caption is on screen from the first
    frame (the sidecars' first cue and chapter start at 0, see above)."""
    job = JOB_MODELS[kind].model_validate(
        {**LEAD_INS[kind], "title": "A short title", "captions": "auto"}
    )
    seen = CaptionsSeen(job)
    probe = run_dry(job, seen)
    assert probe.scene.steps[0][1] == 0.0
    assert seen.seen[0][0] == job.steps()[0] and seen.seen[0][1] > 0
    seen.check()


def _band_rows(scene: Any, height: int) -> slice:
    """The pixel rows of the caption band (from the scene's layout, in Manim units)."""
    box = scene.layout.caption
    frame_h = scene.camera.frame_height
    top = round((frame_h / 2 - (box.y + box.height / 2)) / frame_h * height)
    bottom = round((frame_h / 2 - (box.y - box.height / 2)) / frame_h * height)
    return slice(max(0, top), min(height, bottom))


def _frames(path: Path) -> list[Any]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]

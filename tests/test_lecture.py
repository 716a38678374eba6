"""Lecture files: parts rendered and cached like batch jobs, joined into one narrated video with
chapters, one sound track and one caption file; editing a part re-renders that part only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from mnemo_anim.audio import mux
from mnemo_anim.audio.cues import parse
from mnemo_anim.cli import cli
from mnemo_anim.config.lecture import load_lecture
from mnemo_anim.errors import ConfigError

LECTURE = """\
lecture:
  title: Rows in a minute
  voice: espeak
  quality: preview
  parts:
    - card: {heading: Rows, line: Each output is a dot product.}
      narration: Rows first.
    - config: row.yaml
      narration: {equation: Each entry of y is a row of A dotted with x.}
    - card: {heading: The end}
      narration: {NARRATION}
"""
ROW = "scene: row_view\ntitle: The row view\ntiming: {speed: 4, pause: 0.2}\n"


def write_lecture(folder: Path, closing: str = "That is all.") -> Path:
    (folder / "row.yaml").write_text(ROW)
    path = folder / "lec.yaml"
    path.write_text(LECTURE.replace("{NARRATION}", closing))
    return path


def test_parts_take_the_lecture_keys_and_chapters(tmp_path: Path) -> None:
    lecture = load_lecture(write_lecture(tmp_path))
    assert lecture.title == "Rows in a minute" and lecture.name == "lec"
    assert [p.planned.name for p in lecture.parts] == ["lec-01-card", "lec-02-row", "lec-03-card"]
    # the card's heading starts a chapter; the scene after it belongs to that chapter
    assert [p.chapter for p in lecture.parts] == ["Rows", "", "The end"]
    for part in lecture.parts:
        job = part.planned.job
        assert (job.voice, job.render.quality, job.render.format) == ("espeak", "preview", "mp4")
    scene = lecture.parts[1].planned.job
    assert scene.timing.speed == 4 and scene.narrated


def test_a_scene_part_without_a_card_is_its_own_chapter(tmp_path: Path) -> None:
    (tmp_path / "row.yaml").write_text(ROW)
    path = tmp_path / "l.yaml"
    path.write_text("lecture:\n  title: T\n  parts: [row.yaml, {card: {heading: End}}]\n")
    assert [p.chapter for p in load_lecture(path).parts] == ["The row view", "End"]


def test_a_missing_part_config_is_located_in_the_lecture(tmp_path: Path) -> None:
    path = tmp_path / "l.yaml"
    path.write_text("lecture:\n  title: T\n  parts:\n    - config: nowhere.yaml\n")
    with pytest.raises(ConfigError) as caught:
        load_lecture(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4:15: lecture.parts[0].config: no such file: {tmp_path / 'nowhere.yaml'}"
    ]


def render(path: Path, out: Path, *flags: str) -> list[str]:
    command = ["render", str(path), "-o", str(out), "--jobs", "1", *flags]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())["jobs"]


@pytest.mark.render
def test_a_lecture_is_one_chaptered_narrated_video(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(write_lecture(tmp_path), out) == [str(out / "lec.mp4")]
    video = out / "lec.mp4"
    parts = manifest(out / "lec_parts")
    lengths = [parts[name]["duration"] for name in ("lec-01-card", "lec-02-row", "lec-03-card")]

    with av.open(str(video)) as container:
        chapters = container.chapters()
        assert len(container.streams.audio) == 1
        fps = float(container.streams.video[0].average_rate)
    assert [c["metadata"]["title"] for c in chapters] == ["Rows", "The end"]
    starts = [float(c["start"] * c["time_base"]) for c in chapters]
    assert starts == pytest.approx([0.0, lengths[0] + lengths[1]], abs=0.002)
    assert (
        out / "lec.chapters.txt"
    ).read_text() == f"00:00 Rows\n00:{int(starts[1]):02d} The end\n"
    # one continuous sound track, as long as the picture
    assert mux.video_duration(video) == pytest.approx(sum(lengths), abs=1 / fps)
    assert abs(mux.stream_duration(video, "audio") - mux.video_duration(video)) <= 1 / fps
    # one caption file: every part's cues, shifted to where the part begins
    cues = parse((out / "lec.srt").read_text())
    assert cues[0][0] == "Rows first." and cues[-1][0] == "That is all."
    assert cues[-1][1] > starts[1] and cues[-1][2] <= sum(lengths)
    assert parse((out / "lec.vtt").read_text()) == cues
    assert manifest(out)["lec"]["chapters"] == [["Rows", 0.0], ["The end", round(starts[1], 3)]]


@pytest.mark.render
def test_editing_one_part_renders_that_part_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write_lecture(tmp_path)
    render(path, out)
    first = manifest(out)["lec"]["hash"]
    write_lecture(tmp_path, closing="That is all for today.")
    render(path, out)
    parts = manifest(out / "lec_parts")
    assert {name: entry["status"] for name, entry in parts.items()} == {
        "lec-01-card": "cached",
        "lec-02-row": "cached",
        "lec-03-card": "rendered",
    }
    assert manifest(out)["lec"]["hash"] != first
    assert parse((out / "lec.srt").read_text())[-1][0] == "That is all for today."
    # nothing changed: nothing renders and the lecture is not joined again
    stamp = (out / "lec.mp4").stat().st_mtime_ns
    render(path, out)
    assert {e["status"] for e in manifest(out / "lec_parts").values()} == {"cached"}
    assert (out / "lec.mp4").stat().st_mtime_ns == stamp


@pytest.mark.render
def test_a_lecture_as_slides_is_one_deck_of_every_parts_steps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write_lecture(tmp_path)
    assert render(path, out, "--format", "slides") == [str(out / "lec_slides" / "index.html")]
    lecture = load_lecture(path)
    steps = [(p.planned.job, p.planned.job.steps()) for p in lecture.parts]
    page = (out / "lec_slides" / "index.html").read_text("utf-8")
    data = json.loads(re.search(r'id="deck-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    slides = data["steps"]
    assert data["sound"] is True  # a narrated lecture's deck speaks
    assert [s["name"] for s in slides] == [name for _, names in steps for name in names]
    # each slide is titled by its part's chapter; the row view continues the card's chapter
    parts = [s["part"] for s in slides]
    assert parts == ["Rows"] * (len(steps[0][1]) + len(steps[1][1])) + ["The end"]
    assert slides[1]["notes"] == "Each entry of y is a row of A dotted with x."
    for slide in slides:
        assert (out / "lec_slides" / slide["clip"]).stat().st_size > 0
    assert manifest(out)["lec_slides"]["slides"] == len(slides)
    # nothing changed: the deck is not built again
    stamp = (out / "lec_slides" / "index.html").stat().st_mtime_ns
    render(path, out, "--format", "slides")
    assert (out / "lec_slides" / "index.html").stat().st_mtime_ns == stamp

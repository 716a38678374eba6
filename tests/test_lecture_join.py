"""Joining parts into one lecture: copied picture, chapters, one continuous sound, captions."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pytest

from mnemo_anim.audio import loudness, mux
from mnemo_anim.deliver.lecture import Part, join
from mnemo_anim.render.encode import moov_before_mdat, probe
from tests.audio_helpers import audio_info, tone, write_video

LENGTHS = (1.0, 1.5, 0.75)
# Whole seconds of these end mid-cycle (at a peak or trough), where a hard cut would click.
TONES = (300.25, 500.5, 700.0)


def make_parts(folder: Path, size: tuple[int, int] = (64, 48)) -> list[Part]:
    parts = []
    for index, (seconds, freq) in enumerate(zip(LENGTHS, TONES, strict=True)):
        silent = write_video(folder / f"silent{index}.mp4", seconds, size=size, shade=40 * index)
        sound = loudness.normalize(tone(seconds, freq))
        narrated = mux.mux_audio(silent, sound, folder / f"part{index}.mp4").path
        captions = folder / f"part{index}.srt"
        captions.write_text(f"1\n00:00:00,100 --> 00:00:00,600\nPart {index} says hello\n")
        parts.append(Part(narrated, f"Part {index}", captions))
    return parts


def packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def test_join_copies_pictures_and_marks_chapters(tmp_path: Path) -> None:
    parts = make_parts(tmp_path)
    warnings: list[str] = []
    joined = join(parts, tmp_path / "lecture.mp4", warn=warnings.append)
    assert not joined.reencoded and warnings == []
    assert packets(joined.path) == [b for p in parts for b in packets(p.path)]
    info = probe(joined.path)
    assert info.frames == sum(round(s * 24) for s in LENGTHS)
    assert info.duration == pytest.approx(sum(LENGTHS), abs=1 / 24)
    assert moov_before_mdat(joined.path)
    with av.open(str(joined.path)) as container:
        chapters = container.chapters()
    assert [c["metadata"]["title"] for c in chapters] == ["Part 0", "Part 1", "Part 2"]
    starts = [float(c["start"] * c["time_base"]) for c in chapters]
    assert starts == pytest.approx([0.0, 1.0, 2.5])
    assert joined.youtube_chapters == "00:00 Part 0\n00:01 Part 1\n00:02 Part 2\n"


def test_join_makes_one_continuous_sound_track(tmp_path: Path) -> None:
    joined = join(make_parts(tmp_path), tmp_path / "lecture.mp4")
    codec, rate, channels, seconds = audio_info(joined.path)
    assert (codec, rate, channels) == ("aac", 48_000, 2)
    assert abs(seconds - probe(joined.path).duration) < 1 / 24
    sound = loudness.read_channels(joined.path)[0]
    for join_at, (before, after) in zip((1.0, 2.5), itertools.pairwise(TONES), strict=True):
        at = round(join_at * 48_000)
        # No gap: every 5-ms window around the join carries sound.
        window = sound[at - 2400 : at + 2400].reshape(-1, 240)
        rms = np.sqrt((window**2).mean(axis=1))
        assert rms.min() > 0.3 * rms.max()
        # No click: the largest step between samples at the join is no larger than the
        # tones' own (2π f A / rate), with room for AAC's rounding.
        amplitude = np.abs(sound[at - 4800 : at + 4800]).max()
        steepest = 2 * np.pi * max(before, after) * amplitude / 48_000
        assert np.abs(np.diff(sound[at - 480 : at + 480])).max() < 1.3 * steepest
        # The tone changes at the join: the sound of each part is in its place.
        spectrum_before = np.abs(np.fft.rfft(sound[at - 9600 : at - 480]))
        spectrum_after = np.abs(np.fft.rfft(sound[at + 480 : at + 9600]))
        freqs = np.fft.rfftfreq(9120, 1 / 48_000)
        assert freqs[spectrum_before.argmax()] == pytest.approx(before, abs=10)
        assert freqs[spectrum_after.argmax()] == pytest.approx(after, abs=10)
    level = loudness.measure(joined.path)
    assert level.integrated == pytest.approx(-16, abs=1) and level.true_peak < -1


def test_join_merges_captions_with_shifted_times(tmp_path: Path) -> None:
    joined = join(make_parts(tmp_path), tmp_path / "lecture.mp4")
    assert [(t, round(a, 3), round(b, 3)) for t, a, b in joined.cues] == [
        ("Part 0 says hello", 0.1, 0.6),
        ("Part 1 says hello", 1.1, 1.6),
        ("Part 2 says hello", 2.6, 3.1),
    ]
    assert "00:00:02,600 --> 00:00:03,100\nPart 2 says hello" in joined.srt
    assert joined.vtt.startswith("WEBVTT\n") and "00:00:01.100 --> 00:00:01.600" in joined.vtt


def test_parts_that_differ_are_encoded_again(tmp_path: Path) -> None:
    parts = make_parts(tmp_path)
    odd = tmp_path / "odd"
    odd.mkdir()
    wide = make_parts(odd, size=(80, 48))[1]
    warnings: list[str] = []
    joined = join([parts[0], wide, parts[2]], tmp_path / "lecture.mp4", warn=warnings.append)
    assert joined.reencoded and "size" in joined.reason
    assert len(warnings) == 1 and "re-encoding" in warnings[0]
    info = probe(joined.path)
    assert (info.width, info.height) == (64, 48)
    assert info.frames == sum(round(s * 24) for s in LENGTHS)
    with av.open(str(joined.path)) as container:
        assert len(container.chapters()) == 3

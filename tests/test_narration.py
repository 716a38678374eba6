"""Narration in configs: the model, the loader's checks of recordings and voices, the cache key,
and narrated renders probed with PyAV (sound, sync, captions, loudness, steps held for speech)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from mnemo_anim.audio import engines, loudness, mux
from mnemo_anim.audio.cues import parse
from mnemo_anim.cli import cli
from mnemo_anim.config.loader import load_config
from mnemo_anim.config.models import CardJob, RowViewJob
from mnemo_anim.errors import ConfigError
from mnemo_anim.render.cache import job_hash
from mnemo_anim.render.runner import render_job
from tests.audio_helpers import babble, tone, write_audio

FAST = {"timing": {"speed": 4, "pause": 0.2}, "render": {"quality": "preview"}}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


# --- the model -----------------------------------------------------------------------------------


def test_narration_forms_give_text_and_recordings_by_step() -> None:
    job = RowViewJob.model_validate(
        {
            "voice": "espeak",
            "narration": {
                "row 1": "Row one gives five.",
                "equation": {"text": "Each entry is a dot product.", "audio": "eq.wav"},
            },
        }
    )
    # in step order, whatever order the mapping was written in
    assert job.narration_entries() == {
        "equation": ("Each entry is a dot product.", "eq.wav"),
        "row 1": ("Row one gives five.", None),
    }
    assert job.recordings() == ["eq.wav"] and job.narrated
    assert job.caption_texts() == {
        "equation": "Each entry is a dot product.",
        "row 1": "Row one gives five.",
    }
    listed = RowViewJob.model_validate({"voice": "auto", "narration": ["a", "b"]})
    assert list(listed.narration_entries()) == ["equation", "row 0"]
    auto = RowViewJob.model_validate({"voice": "auto", "narration": "auto"})
    assert auto.narration_entries()["row 1"][0] == "Row 1 of A dotted with x gives 5."
    card = CardJob.model_validate({"voice": "auto", "narration": "Rows first."})
    assert card.narration_entries() == {"card": ("Rows first.", None)}
    assert not RowViewJob().narrated and RowViewJob().voice == "none"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"voice": "auto", "narration": "Said once."}, "this video has 4 steps"),
        ({"narration": {"equation": "Said."}}, "has text but no recording, and voice is none"),
        ({"voice": "auto", "narration": "auto", "captions": "auto"}, "shown as captions already"),
        ({"voice": "robot"}, "unknown voice 'robot'"),
        ({"rate": 8}, "rate 8 is neither a speed factor"),
        ({"voice": "auto", "narration": {"equation": "  "}}, "the narration is empty"),
    ],
)
def test_bad_narration_is_refused_with_what_to_do(data: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RowViewJob.model_validate(data)


# --- the loader: files named relative to the config ---------------------------------------------


def test_recordings_resolve_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "talk" / "voice").mkdir(parents=True)
    write_audio(tmp_path / "talk" / "voice" / "eq.wav", tone(0.5), "pcm_s16le")
    write(
        tmp_path / "talk",
        "c.yaml",
        "scene: row_view\nnarration:\n  equation: {text: Hi., audio: voice/eq.wav}\n",
    )
    monkeypatch.chdir(tmp_path)
    job = load_config("talk/c.yaml")
    assert job.recordings() == [str(Path("talk/voice/eq.wav"))]


def test_piper_without_the_extra_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "piper_installed", lambda: False)
    config = write(tmp_path, "c.yaml", "scene: card\nvoice: piper\nnarration: Hello.\n")
    result = CliRunner().invoke(cli, ["validate", str(config)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: invalid config:\n"
        f"  {config}:2:8: voice: piper-tts is not installed; install the voice extra: "
        "pip install 'mnemo-anim[voice]'\n"
    )


def test_a_recording_without_sound_is_refused(tmp_path: Path) -> None:
    # a video file with no audio stream: the wrong kind of file, found by the loader
    from tests.audio_helpers import write_video

    write_video(tmp_path / "clip.mp4", 0.5)
    config = write(
        tmp_path, "c.yaml", "scene: card\nnarration: {card: {text: Hi., audio: clip.mp4}}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert str(caught.value.problems[0]) == (
        f"{config}:2:38: narration.card.audio: {tmp_path / 'clip.mp4'}: has no audio stream "
        "(it holds video); give a wav, flac, mp3 or m4a"
    )


# --- the cache key -------------------------------------------------------------------------------


def test_an_edited_recording_changes_the_job_hash(tmp_path: Path) -> None:
    recording = write_audio(tmp_path / "eq.wav", tone(0.5, 300), "pcm_s16le")
    config = write(
        tmp_path, "c.yaml", "scene: card\nnarration: {card: {text: Hi., audio: eq.wav}}\n"
    )
    first = job_hash(load_config(config))
    assert job_hash(load_config(config)) == first
    write_audio(recording, tone(0.5, 400), "pcm_s16le")
    assert job_hash(load_config(config)) != first


def test_where_a_recording_sits_is_not_in_the_job_hash(tmp_path: Path) -> None:
    """The same config and recording in another folder (a moved project, a render from another
    working directory) is the same job; which step is recorded still counts."""
    hashes = []
    for folder, step in (("a", "card"), ("b/c", "card")):
        (tmp_path / folder).mkdir(parents=True)
        write_audio(tmp_path / folder / "eq.wav", tone(0.5, 300), "pcm_s16le")
        text = f"scene: card\nnarration: {{{step}: {{text: Hi., audio: eq.wav}}}}\n"
        hashes.append(job_hash(load_config(write(tmp_path / folder, "c.yaml", text))))
    assert hashes[0] == hashes[1]
    spoken = write(tmp_path / "a", "s.yaml", "scene: card\nvoice: espeak\nnarration: {card: Hi.}\n")
    assert job_hash(load_config(spoken)) != hashes[0]


def test_the_voice_is_in_the_job_hash() -> None:
    said = {"narration": "Hello.", "heading": "Rows"}
    espeak = job_hash(CardJob.model_validate({**said, "voice": "espeak"}))
    faster = job_hash(CardJob.model_validate({**said, "voice": "espeak", "rate": 1.3}))
    assert espeak != faster


# --- narrated renders ----------------------------------------------------------------------------


def speech_windows(samples: np.ndarray, rate: int = 48_000) -> np.ndarray:
    """Start times of the 10-ms windows that carry speech (louder than 5 % of the loudest)."""
    size = rate // 100
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    rms = np.sqrt((frames**2).mean(axis=1))
    return np.flatnonzero(rms > 0.05 * rms.max()) / 100


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    out = tmp_path_factory.mktemp("narrated")
    job = RowViewJob.model_validate(
        {
            **FAST,
            "render": {"quality": "preview", "sections": True},  # a clip per step, for slides
            "voice": "espeak",
            "narration": {
                "equation": "Each entry of y is a row of A, dotted with x. Two rows give two "
                "numbers, one for each row of the matrix.",
                "row 0": "Row zero gives one.",
                "result": "So y is one, five.",
            },
        }
    )
    result = render_job(job, out, warn=None)
    return result.path, result.steps


@pytest.mark.render
def test_a_narrated_render_has_sound_in_sync(narrated: tuple[Path, tuple]) -> None:
    path, _ = narrated
    with av.open(str(path)) as container:
        audio = container.streams.audio[0]
        assert (audio.codec_context.name, audio.sample_rate) == ("aac", 48_000)
        fps = float(container.streams.video[0].average_rate)
    assert abs(mux.stream_duration(path, "audio") - mux.video_duration(path)) <= 1 / fps
    level = loudness.measure(path)
    assert level.integrated == pytest.approx(-16, abs=1)
    assert level.true_peak < -1


def _sound(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        chunks = [f.to_ndarray()[0] for f in container.decode(audio=0)]
    return np.concatenate(chunks)


@pytest.mark.render
def test_each_step_clip_carries_its_stretch_of_the_sound(narrated: tuple[Path, tuple]) -> None:
    """The section clips (a deck's slides) are not silent: each has the video's sound for its
    own stretch, so played one after another they say what the video says, when it says it."""
    path, steps = narrated
    clips = sorted((path.parent / f"{path.stem}_sections").glob("*.mp4"))
    assert [c.stem.split("-", 1)[1] for c in clips] == [s[0].replace(" ", "-") for s in steps]
    whole, rate = _sound(path), 48_000
    at = 0.0
    for clip in clips:
        length = mux.video_duration(clip)
        assert abs(mux.stream_duration(clip, "audio") - length) <= 0.05, clip.name
        own = _sound(clip)
        same = whole[round(at * rate) : round(at * rate) + len(own)]
        # AAC is lossy and each clip starts its encoder afresh: compare loudness, 10 ms a window
        n = min(len(own), len(same)) // 480 * 480
        a = np.sqrt((own[:n].reshape(-1, 480) ** 2).mean(axis=1))
        b = np.sqrt((same[:n].reshape(-1, 480) ** 2).mean(axis=1))
        assert np.abs(a - b).max() < 0.05 * max(whole.max(), 1e-6) + 0.02, clip.name
        at += length
    speaking = [c for c in clips if speech_windows(_sound(c)).size > 0]
    assert {c.stem.split("-", 1)[1] for c in speaking} == {"equation", "row-0", "result"}


@pytest.mark.render
def test_captions_cover_the_speech_and_change_cue_by_cue(narrated: tuple[Path, tuple]) -> None:
    path, steps = narrated
    cues = parse(path.with_suffix(".srt").read_text())
    assert len(cues) == 4  # the first step is two sentences: two cues
    sound = loudness.read_channels(path)[0]
    spoken = speech_windows(sound)
    covered = [any(a - 0.1 <= t <= b + 0.1 for _, a, b in cues) for t in spoken]
    assert np.mean(covered) > 0.97
    assert parse(path.with_suffix(".vtt").read_text()) == cues
    # Every cue is spoken within its step (the step held until the speech ended).
    spans = {name: (a, b) for name, a, b in steps}
    assert all(spans["equation"][0] <= a < b <= spans["equation"][1] for _, a, b in cues[:2])
    # The burned-in caption follows the cues: two cues of one step show different words.
    with av.open(str(path)) as container:
        fps = float(container.streams.video[0].average_rate)
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    band = [frames[round((a + b) / 2 * fps)][-90:] for _, a, b in cues[:2]]
    assert np.abs(band[0].astype(int) - band[1]).mean() > 1


@pytest.mark.render
def test_a_long_recording_holds_its_step(tmp_path: Path) -> None:
    """A 7-s recording for a step that animates in about 2 s: the step lasts 7 s + pad, the
    other steps keep their length, and the recording plays from the step's start."""
    bursts = [(0.3, 3.0), (3.4, 6.7)]
    write_audio(tmp_path / "row0.m4a", babble(7.0, bursts), "aac")
    config = write(
        tmp_path,
        "c.yaml",
        "scene: row_view\ntiming: {speed: 4, pause: 0.2}\nrender: {quality: preview}\npad: 0.5\n"
        "narration:\n  row 0: {text: Row zero., audio: row0.m4a}\n",
    )
    job = load_config(config)
    quiet = render_job(job.model_copy(update={"narration": None}), tmp_path / "quiet", warn=None)
    silent = {n: b - a for n, a, b in quiet.steps}
    assert silent["row 0"] < 3
    result = render_job(job, tmp_path / "out", warn=None)
    lengths = {n: b - a for n, a, b in result.steps}
    fps = result.probe.fps
    # AAC adds its encoder delay to a decoded recording: up to ~1024 samples (21 ms)
    assert lengths["row 0"] == pytest.approx(7.0 + 0.5, abs=0.03 + 1 / fps)
    for name in ("equation", "row 1", "result"):
        assert lengths[name] == pytest.approx(silent[name], abs=1e-6)
    start = dict((n, a) for n, a, _ in result.steps)["row 0"]
    heard = speech_windows(loudness.read_channels(result.path)[0])
    assert heard.min() == pytest.approx(start + 0.3, abs=0.05)
    assert heard.max() == pytest.approx(start + 6.7, abs=0.05)

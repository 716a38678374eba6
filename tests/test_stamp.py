"""The single render's stamp: an unchanged ``render CONFIG`` answers "up to date" before loading
anything, and any change to what the video is made from sends it down the full path."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mnemo_anim.cli import cli
from mnemo_anim.config.choices import PLATFORM_NAMES, SCENE_KINDS
from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.overrides import parse_override
from mnemo_anim.config.platforms import PLATFORMS
from mnemo_anim.render.manifest import read_manifest, update_manifest
from mnemo_anim.render.options import RenderOptions
from mnemo_anim.render.stamp import up_to_date
from tests.audio_helpers import tone, write_audio

REPO = Path(__file__).resolve().parent.parent

NARRATED = "scene: row_view\nnarration:\n  equation: {text: Hi., audio: eq.wav}\n"


def test_the_cli_choices_are_the_models_names() -> None:
    assert tuple(JOB_MODELS) == SCENE_KINDS
    assert tuple(PLATFORMS) == PLATFORM_NAMES


@pytest.fixture
def rendered(
    tmp_path: Path, runner: CliRunner, fake_render: list[str]
) -> tuple[Path, RenderOptions]:
    """A narrated config rendered once (by the stand-in renderer): its entry carries a stamp."""
    write_audio(tmp_path / "eq.wav", tone(0.5), "pcm_s16le")
    config = tmp_path / "a.yaml"
    config.write_text(NARRATED, encoding="utf-8")
    options = RenderOptions(output_dir=tmp_path / "out")
    result = runner.invoke(cli, ["render", str(config), "-o", str(options.output_dir)])
    assert result.exit_code == 0, result.output
    assert fake_render == ["row_view"]
    return config, options


def test_a_single_render_records_its_stamp(rendered: tuple[Path, RenderOptions]) -> None:
    config, options = rendered
    stamp = read_manifest(options.output_dir)["row_view"]["stamp"]
    assert stamp["config"] == str(config.resolve())
    assert str((config.parent / "eq.wav").resolve()) in stamp["inputs"]
    assert up_to_date(config, options) == ("row_view", options.output_dir / "row_view.mp4")


def _edit(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n# edited\n")


CHANGES: dict[str, Any] = {
    "the config's bytes": lambda config, options: (_edit(config), options)[1],
    "a recording": lambda config, options: (
        write_audio(config.parent / "eq.wav", tone(0.7), "pcm_s16le"),
        options,
    )[1],
    "a flag": lambda config, options: dataclasses.replace(options, quality="high"),
    "the name": lambda config, options: dataclasses.replace(options, name="other"),
    "a --set": lambda config, options: dataclasses.replace(
        options, sets=(parse_override("timing.speed=2"),)
    ),
    "the video's size": lambda config, options: (
        (options.output_dir / "row_view.mp4").write_bytes(b"short"),
        options,
    )[1],
    "the entry's status": lambda config, options: (
        update_manifest(options.output_dir, {"row_view": {"status": "failed"}}, patch=True),
        options,
    )[1],
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_misses_the_stamp(rendered: tuple[Path, RenderOptions], change: str) -> None:
    config, options = rendered
    assert up_to_date(config, options) is not None
    assert up_to_date(config, CHANGES[change](config, options)) is None


def test_force_and_dry_run_never_take_the_shortcut(
    rendered: tuple[Path, RenderOptions],
) -> None:
    config, options = rendered
    assert up_to_date(config, dataclasses.replace(options, force=True)) is None
    assert up_to_date(config, dataclasses.replace(options, dry_run=True)) is None


def test_an_edited_config_renders_again_through_the_full_path(
    rendered: tuple[Path, RenderOptions], runner: CliRunner, fake_render: list[str]
) -> None:
    config, options = rendered
    config.write_text(NARRATED.replace("Hi.", "Hello."), encoding="utf-8")
    result = runner.invoke(cli, ["render", str(config), "-o", str(options.output_dir)])
    assert result.exit_code == 0, result.output
    assert fake_render == ["row_view", "row_view"]
    assert up_to_date(config, options) is not None  # stamped again

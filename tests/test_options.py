"""Command-line options: one frozen object per command, overrides located at their flag."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from mnemo_anim.cli import cli
from mnemo_anim.config.loader import Override, load_config, parse_override
from mnemo_anim.render import service
from mnemo_anim.render.service import RenderOptions


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text("scene: row_view\n")
    return path


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[tuple[service.Plan, RenderOptions]]:
    """What the commands hand to the service, instead of rendering."""
    calls: list[tuple[service.Plan, RenderOptions]] = []
    monkeypatch.setattr(service, "run_plan", lambda plan, options: calls.append((plan, options)))
    return calls


def test_flags_become_one_frozen_options_object(
    runner: CliRunner, config: Path, captured: list[tuple[service.Plan, RenderOptions]]
) -> None:
    args = ["render", str(config), "-q", "preview", "--fps", "24", "--aspect", "9:16"]
    args += ["-f", "webm", "--transparent", "--name", "clip", "-o", "out", "-j", "3", "--force"]
    args += ["--set", "timing.speed=2"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    (plan, options), *_ = captured
    assert options == RenderOptions(
        quality="preview",
        fps=24,
        aspect="9:16",
        format="webm",
        transparent=True,
        name="clip",
        sets=(Override(("timing", "speed"), 2, "--set timing.speed=2"),),
        output_dir=Path("out"),
        jobs=3,
        force=True,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.fps = 30  # type: ignore[misc]
    job = plan.jobs[0].job
    assert (job.render.quality, job.render.fps, job.render.aspect) == ("preview", 24, "9:16")
    assert (job.render.format, job.render.transparent, job.output_name) == ("webm", True, "clip")
    assert job.timing.speed == 2


def test_a_scheduler_address_means_dask(
    runner: CliRunner, tmp_path: Path, captured: list[tuple[service.Plan, RenderOptions]]
) -> None:
    batch = tmp_path / "b.yaml"
    batch.write_text("jobs: [{scene: row_view}]\n")
    result = runner.invoke(cli, ["batch", str(batch), "--scheduler", "tcp://h:8786", "--dry-run"])
    assert result.exit_code == 0, result.output
    options = captured[0][1]
    assert (options.executor, options.scheduler, options.dry_run) == ("dask", "tcp://h:8786", True)


def test_overrides_are_flags_first_each_located_at_its_flag() -> None:
    sets = (parse_override("render.fps=30"),)
    options = RenderOptions(quality="high", fps=24, name='a"b', transparent=True, sets=sets)
    assert [(o.path, o.value, o.source) for o in options.overrides()] == [
        (("render", "quality"), "high", "--quality"),
        (("render", "fps"), 24, "--fps"),
        (("render", "transparent"), True, "--transparent"),
        (("render", "name"), 'a"b', "--name"),
        (("render", "fps"), 30, "--set render.fps=30"),
    ]
    assert RenderOptions().overrides() == ()


def test_set_wins_over_its_flag(config: Path) -> None:
    options = RenderOptions(fps=24, sets=(parse_override("render.fps=30"),))
    assert service.plan_configs([config], options).jobs[0].job.render.fps == 30


def test_a_flag_value_is_never_read_as_yaml(config: Path) -> None:
    # As YAML, 'null' would be None and '[1]' a list; a flag's text is the text.
    job = load_config(config, [Override(("title",), "[1]: null", "--title")])
    assert job.title == "[1]: null"


def test_set_values_are_read_as_yaml() -> None:
    assert parse_override("vector=[1, 2]") == Override(("vector",), [1, 2], "--set vector=[1, 2]")
    assert parse_override("render.aspect=9:16").value == "9:16"  # not base-60 969
    assert parse_override("title=").value is None


def test_bad_name_is_located_at_name_not_at_a_set_never_typed(
    runner: CliRunner, config: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["render", str(config), "--name", 'a"b', "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--name: render.name: name 'a\"b' is not a plain file name" in result.output
    assert "--set" not in result.output


def test_bad_aspect_is_located_at_aspect(runner: CliRunner, config: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["render", str(config), "--aspect", '16"9', "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--aspect: render.aspect: aspect '16\"9' is not W:H" in result.output
    assert "--set" not in result.output


@pytest.mark.parametrize("command", ["render", "batch", "validate"])
def test_malformed_set_is_reported_at_the_set(
    runner: CliRunner, config: Path, command: str
) -> None:
    result = runner.invoke(cli, [command, str(config), "--set", "fps30"])
    assert result.exit_code == 2
    assert "--set fps30: write overrides as key.path=value, e.g. render.fps=30" in result.output
    assert "Traceback" not in result.output


def test_bad_set_value_in_validate(runner: CliRunner, config: Path) -> None:
    result = runner.invoke(cli, ["validate", str(config), "-s", "render.fps=0"])
    assert result.exit_code == 2
    assert "--set render.fps=0: render.fps: Input should be greater" in result.output

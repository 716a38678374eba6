"""The CLI as a thin adapter: every command, its help, and exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mnemo_anim import __version__
from mnemo_anim.cli import cli
from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.errors import RenderError

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "job.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command", [[], ["render"], ["validate"], ["scenes"], ["init"], ["schema"]]
)
def test_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_scenes_lists_every_kind(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["scenes"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(JOB_MODELS)


@pytest.mark.parametrize("kind", list(JOB_MODELS))
def test_init_prints_a_valid_commented_config(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    result = runner.invoke(cli, ["init", kind])
    assert result.exit_code == 0
    assert result.output.startswith("# ")
    path = write(tmp_path, result.output)
    assert yaml.safe_load(result.output)["scene"] == kind
    checked = runner.invoke(cli, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output


def test_init_unknown_kind_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", "nope"])
    assert result.exit_code == 2


def test_schema_to_stdout_and_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "mnemo-anim config"
    target = tmp_path / "schema" / "config.json"
    result = runner.invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text()) == schema


def test_validate_ok(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(REPO / "configs" / "row_view.yaml")])
    assert result.exit_code == 0
    assert "ok " in result.output and "row_view" in result.output


def test_validate_bad_config_exit_2_located(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "scene: row_view\nvectr: [1, 2, 3]\n")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:1: vectr: unknown key; did you mean 'vector'?" in result.output
    assert "Traceback" not in result.output


def test_validate_missing_file_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_validate_glob_without_match_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "*.yaml")])
    assert result.exit_code == 2
    assert "no file matches" in result.output


def test_render_bad_config_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path, "scene: row_view\n", "good.yaml")
    bad = write(tmp_path, "scene: row_view\nmatrix: [[1, 2], [3]]\n", "bad.yaml")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(good), str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert "bad.yaml:2:9: matrix:" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_render_bad_flag_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path, "scene: row_view\n")
    result = runner.invoke(cli, ["render", str(good), "--quality", "ultra"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["render", str(good), "--aspect", "sideways", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "render.aspect" in result.output


def test_render_name_with_several_configs_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path, "scene: row_view\n", "a.yaml")
    b = write(tmp_path, "scene: row_view\n", "b.yaml")
    result = runner.invoke(cli, ["render", str(a), str(b), "--name", "x"])
    assert result.exit_code == 2


def test_render_bad_name_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path, "scene: row_view\n")
    result = runner.invoke(
        cli, ["render", str(a), "--name", "../escape", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "render.name" in result.output


def test_render_failure_exit_1(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mnemo_anim.render.runner as runner_module

    def fail(job: object, output_dir: Path, **options: object) -> None:
        raise RenderError("row_view failed to render: boom")

    monkeypatch.setattr(runner_module, "render_job", fail)
    a = write(tmp_path, "scene: row_view\n")
    result = runner.invoke(cli, ["render", str(a), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "boom" in result.output


def test_render_unwritable_output_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path, "scene: row_view\n")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(cli, ["render", str(a), "-o", str(blocker / "sub"), "-q", "preview"])
    assert result.exit_code == 1
    assert "cannot create the output folder" in result.output


@pytest.mark.render
def test_render_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path, "scene: row_view\nmatrix: [[2]]\nvector: [3]\ntiming: {speed: 4}\n")
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["render", str(a), "-q", "preview", "-o", str(out), "--name", "tiny"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "tiny.mp4").is_file()
    assert str(out / "tiny.mp4") in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        ".manifest.json.lock",
        "manifest.json",
        "tiny.mp4",
    ]


def _run_without_importing(args: list[str], module: str) -> None:
    """Run the CLI with ``args`` in a fresh interpreter; fail if it exits non-zero or imports
    ``module``."""
    code = (
        "import sys\nfrom mnemo_anim.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='mnemo-anim')\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        f"assert {module!r} not in sys.modules, '{module} was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)


@pytest.mark.parametrize("args", [["--help"], ["validate", "configs/row_view.yaml"], ["scenes"]])
def test_fast_commands_do_not_import_manim(args: list[str]) -> None:
    _run_without_importing(args, "manim")


@pytest.mark.parametrize("name", ["row_view", "composition", "gallery"])
def test_validating_a_config_without_narration_does_not_import_numpy(name: str) -> None:
    """NumPy's import is about a fifth of ``validate``'s time; only narration needs it."""
    _run_without_importing(["validate", f"configs/{name}.yaml"], "numpy")


def test_python_dash_m_is_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mnemo_anim", "scenes"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split()[0] == "transformation"  # the lesson's first scene


def test_validate_every_shipped_config_and_batch_file(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(cli, ["validate", "configs/*.yaml"])
    assert result.exit_code == 0, result.output
    names = [line.rsplit("→ ", 1)[1] for line in result.output.splitlines()]
    assert "row_view-9x16.mp4" in names and "composition.mp4" in names

"""Batch files: matrix expansion and names, deep-merge layering, overrides, located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnemo_anim.config.batch import PlannedJob, load_batch, load_inputs
from mnemo_anim.errors import ConfigError

ROW = "scene: row_view\nmatrix: [[1, 2]]\nvector: [3, 4]\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def names(jobs: list[PlannedJob]) -> list[str]:
    return [p.name for p in jobs]


def problems(path: Path, overrides: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_batch(path, overrides)
    assert caught.value.exit_code == 2
    # Sources relative to the test folder read like what a user sees.
    return [str(p).replace(str(path.parent) + "/", "") for p in caught.value.problems]


# --- matrix expansion and names ----------------------------------------------------------------


def test_matrix_fans_every_job_out_in_order(tmp_path: Path) -> None:
    write(tmp_path, "row.yaml", ROW)
    batch = write(
        tmp_path,
        "b.yaml",
        "matrix:\n"
        '  render.aspect: ["16:9", "9:16"]\n'
        "  style.theme: [dark, light]\n"
        "jobs:\n"
        "  - config: row.yaml\n"
        "  - {scene: bias, render: {name: shift}}\n",
    )
    jobs = load_batch(batch)
    assert names(jobs) == [
        "row_view-16x9-dark",
        "row_view-16x9-light",
        "row_view-9x16-dark",
        "row_view-9x16-light",
        "shift-16x9-dark",
        "shift-16x9-light",
        "shift-9x16-dark",
        "shift-9x16-light",
    ]
    first = jobs[2].job
    assert (first.render.aspect, first.style.theme, first.render.name) == (
        "9:16",
        "dark",
        "row_view-9x16-dark",
    )
    assert jobs[2].origin == f"{batch} jobs[0] render.aspect=9:16, style.theme=dark"


def test_names_are_deterministic(tmp_path: Path) -> None:
    batch = write(
        tmp_path, "b.yaml", "matrix:\n  render.aspect: ['1:1', '4:5']\njobs: [{scene: row_view}]\n"
    )
    assert names(load_batch(batch)) == names(load_batch(batch)) == ["row_view-1x1", "row_view-4x5"]


@pytest.mark.parametrize(
    ("axis", "values", "expected"),
    [
        ("render.thumbnail", "[false, true]", ["row_view-no-thumbnail", "row_view-thumbnail"]),
        ("render.fps", "[24, 30]", ["row_view-24", "row_view-30"]),
        ("timing.speed", "[0.5, 2]", ["row_view-0.5", "row_view-2"]),
        ("render.platform", "[null, reels]", ["row_view-no-platform", "row_view-reels"]),
        ("matrix", "[[[1, 2]], {shear: 1}]", ["row_view-matrix1", "row_view-matrix2"]),
        ("render.name", "[intro, outro]", ["intro", "outro"]),
    ],
    ids=["bool", "int", "float", "null", "non-scalar", "name-axis"],
)
def test_name_parts(tmp_path: Path, axis: str, values: str, expected: list[str]) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        f"matrix:\n  {axis}: {values}\n"
        "jobs:\n  - {scene: row_view, matrix: [[1, 2]], vector: [1, 2]}\n",
    )
    assert names(load_batch(batch)) == expected


def test_exclude_then_include_like_ci(tmp_path: Path) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "matrix:\n"
        '  render.aspect: ["16:9", "9:16"]\n'
        "  style.theme: [dark, light]\n"
        "  exclude:\n"
        '    - {render.aspect: "9:16", style.theme: light}\n'
        "  include:\n"
        '    - {render.aspect: "9:16", render.fps: 30}\n'  # extends the 9:16 combination
        '    - {render.aspect: "1:1", style.theme: dark}\n'  # matches none: a new one
        "jobs: [{scene: row_view}]\n",
    )
    jobs = {p.name: p.job for p in load_batch(batch)}
    assert list(jobs) == [
        "row_view-16x9-dark",
        "row_view-16x9-light",
        "row_view-9x16-dark",
        "row_view-1x1-dark",
    ]
    assert jobs["row_view-9x16-dark"].render.fps == 30
    assert jobs["row_view-16x9-dark"].render.fps is None


def test_exclude_may_name_a_field_of_the_job(tmp_path: Path) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "matrix:\n"
        '  render.aspect: ["16:9", "9:16"]\n'
        '  exclude: [{scene: composition, render.aspect: "9:16"}]\n'
        "jobs: [{scene: row_view}, {scene: composition}]\n",
    )
    assert names(load_batch(batch)) == ["row_view-16x9", "row_view-9x16", "composition-16x9"]


def test_include_only_makes_one_job_per_entry(tmp_path: Path) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "matrix:\n  include: [{style.theme: dark}, {style.theme: light}]\n"
        "jobs: [{scene: row_view}]\n",
    )
    assert names(load_batch(batch)) == ["row_view-dark", "row_view-light"]


def test_no_matrix_keeps_plain_names_and_string_shorthand(tmp_path: Path) -> None:
    write(tmp_path, "row.yaml", ROW)
    batch = write(tmp_path, "b.yaml", "jobs:\n  - row.yaml\n  - {scene: bias}\n")
    jobs = load_batch(batch)
    assert names(jobs) == ["row_view", "bias"]
    assert jobs[0].job.render.name is None


# --- layering: deep merge and overrides ---------------------------------------------------------


def test_layers_merge_deeply_in_order(tmp_path: Path) -> None:
    write(
        tmp_path,
        "row.yaml",
        ROW + "timing: {speed: 2}\nrender: {quality: medium, fps: 30}\nlabels: {matrix: W}\n",
    )
    batch = write(
        tmp_path,
        "b.yaml",
        "defaults:\n"
        "  timing: {speed: 3, pause: 0.5}\n"  # speed loses to the config, pause survives
        "  render: {quality: high, aspect: '1:1'}\n"
        "  title: From defaults\n"
        "matrix:\n  render.quality: [preview]\n"
        "jobs:\n"
        "  - config: row.yaml\n"
        "    render: {fps: null}\n"  # null replaces: back to the quality's rate
        "    labels: {vector: v}\n"  # merges with the config's labels
        "    matrix: [[5, 6]]\n",  # lists replace, never merge
    )
    (planned,) = load_batch(batch, ["title=From the command line"])
    job = planned.job
    assert job.timing.speed == 2 and job.timing.pause == 0.5
    assert job.render.quality == "preview"  # the matrix beats the config
    assert job.render.aspect == "1:1" and job.render.fps is None
    assert (job.labels.matrix, job.labels.vector) == ("W", "v")
    assert job.matrix == [[5, 6]]
    assert job.title == "From the command line"


def test_command_line_overrides_win_and_can_collapse_the_matrix(tmp_path: Path) -> None:
    batch = write(
        tmp_path,
        "b.yaml",
        "matrix:\n  render.aspect: ['16:9', '9:16']\njobs: [{scene: row_view}]\n",
    )
    # Names come from the final values: both jobs would now write row_view-1x1.
    found = problems(batch, ('render.aspect="1:1"',))
    assert len(found) == 1
    assert "b.yaml:3:8: render.name: output name 'row_view-1x1' is also used by" in found[0]


def test_malformed_override_reported_once(tmp_path: Path) -> None:
    batch = write(tmp_path, "b.yaml", "jobs: [{scene: row_view}, {scene: bias}]\n")
    assert problems(batch, ("fps30",)) == [
        "--set fps30: write overrides as key.path=value, e.g. render.fps=30"
    ]


def test_bad_override_value_located_at_the_option(tmp_path: Path) -> None:
    batch = write(tmp_path, "b.yaml", "jobs: [{scene: row_view}, {scene: bias}]\n")
    assert problems(batch, ("render.fps=0",)) == [
        "--set render.fps=0: render.fps: Input should be greater than or equal to 1"
    ]


# --- problems, each where it was written ---------------------------------------------------------


def test_every_problem_located_in_its_own_file(tmp_path: Path) -> None:
    write(tmp_path, "row.yaml", "scene: row_view\nmatrix: [[1, 2, 3]]\nrender: {fps: 0}\n")
    batch = write(
        tmp_path,
        "b.yaml",
        "defaults:\n"
        "  timing: {speed: 9}\n"
        "matrix:\n"
        '  render.aspect: ["16:9", "sideways"]\n'
        "  style.thme: [dark]\n"
        "jobz: 1\n"
        "jobs:\n"
        "  - config: missing.yaml\n"
        "  - config: b.yaml\n"
        "  - config: row.yaml\n"
        "  - 5\n",
    )
    found = problems(batch)
    expected = [
        "b.yaml:2:19: timing.speed: Input should be less than or equal to 4",
        "b.yaml:4:27: render.aspect: aspect 'sideways' is not W:H; write e.g. \"16:9\"",
        "b.yaml:5:3: style.thme: unknown key; did you mean 'theme'?",
        "b.yaml:6:1: jobz: unknown key; did you mean 'jobs'?",
        "b.yaml:8:13: jobs[0].config: no such file: missing.yaml",
        "b.yaml:9:13: jobs[1].config: this is the batch file itself",
        "b.yaml:11:5: jobs[3]: a job is a config mapping",
        "row.yaml:3:15: render.fps: Input should be greater than or equal to 1",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in found), (want, found)
    assert len(found) == len(set(found)) == len(expected)  # each once, though 2 jobs share row.yaml


def test_cross_field_problem_points_at_the_layer_that_wrote_it(tmp_path: Path) -> None:
    write(tmp_path, "row.yaml", "scene: row_view\nmatrix: [[1, 2, 3]]\n")
    batch = write(tmp_path, "b.yaml", "jobs:\n  - config: row.yaml\n    vector: [1, 2]\n")
    assert problems(batch) == [
        "b.yaml:3:13: vector: it has 2 entries but the matrix has 3 columns; give 3 numbers"
    ]


def test_referenced_config_syntax_error_is_located_there(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", "scene: row_view\nmatrix: [[1, 2]\n")
    batch = write(tmp_path, "b.yaml", "jobs:\n  - config: broken.yaml\n  - config: broken.yaml\n")
    found = problems(batch)
    assert len(found) == 1 and found[0].startswith("broken.yaml:3:1: not valid YAML")


def test_config_that_is_a_batch_file(tmp_path: Path) -> None:
    write(tmp_path, "other.yaml", "jobs: [{scene: row_view}]\n")
    batch = write(tmp_path, "b.yaml", "jobs:\n  - config: other.yaml\n")
    assert problems(batch) == [
        "b.yaml:2:13: jobs[0].config: other.yaml is a batch file; config: must name a scene config"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scene: row_view\n", "b.yaml:1:1: 'jobs:' is missing; this is a config, not a batch"),
        ("defaults: {}\n", "b.yaml:1:1: 'jobs:' is missing; list the videos to make"),
        ("- 1\n", "b.yaml:1:1: a batch file is a mapping with jobs:"),
        ("jobs: []\n", "b.yaml:1:7: jobs: jobs: is a non-empty list"),
        ("jobs: [{matrix: [[1]]}]\n", "b.yaml:1:8: 'scene:' is missing"),
        ("matrix: [1]\njobs: [{scene: bias}]\n", "b.yaml:1:9: matrix: matrix: maps field paths"),
        (
            "matrix: {render.fps: 30}\njobs: [{scene: bias}]\n",
            "b.yaml:1:22: matrix.render.fps: give a non-empty list of values",
        ),
        (
            "matrix: {render..fps: [30]}\njobs: [{scene: bias}]\n",
            "b.yaml:1:10: matrix.render..fps: write a field path",
        ),
        (
            "matrix: {exclude: [{scene: nope}]}\njobs: [{scene: bias}]\n",
            "b.yaml:1:20: matrix.exclude[0]: this exclude matches no job",
        ),
        (
            "matrix: {include: [1]}\njobs: [{scene: bias}]\n",
            "b.yaml:1:19: matrix.include: include: is a list of mappings",
        ),
        (
            "matrix: {style.theme: [dark], exclude: [{style.theme: dark}]}\n"
            "jobs: [{scene: bias}]\n",
            "b.yaml:2:7: jobs: every job was excluded",
        ),
        (
            "jobs: [{scene: bias}, {scene: bias}]\n",
            "b.yaml:1:23: render.name: output name 'bias' is also used by b.yaml jobs[0]",
        ),
        (
            "jobs: [{scene: bias, render: {name: Intro}}, {scene: bias, render: {name: intro}}]\n",
            "b.yaml:1:46: render.name: output name 'intro' is also used by",
        ),
    ],
    ids=[
        "a-config",
        "no-jobs",
        "not-mapping",
        "empty-jobs",
        "no-scene",
        "matrix-not-mapping",
        "axis-not-list",
        "bad-field-path",
        "exclude-unused",
        "include-not-mappings",
        "all-excluded",
        "name-clash",
        "name-clash-case",
    ],
)
def test_batch_file_problems(tmp_path: Path, text: str, expected: str) -> None:
    found = problems(write(tmp_path, "b.yaml", text))
    assert any(line.startswith(expected) for line in found), found


def test_missing_batch_file(tmp_path: Path) -> None:
    assert "no such file" in problems(tmp_path / "nope.yaml")[0]


# --- render with several inputs ------------------------------------------------------------------


def test_load_inputs_mixes_configs_and_batch_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", ROW + "render: {name: a}\n")
    b = write(tmp_path, "b.yaml", "matrix: {style.theme: [dark, light]}\njobs: [{scene: bias}]\n")
    jobs = load_inputs([a, b], ["render.quality=preview"])
    assert names(jobs) == ["a", "bias-dark", "bias-light"]
    assert {p.job.render.quality for p in jobs} == {"preview"}
    assert jobs[0].origin == str(a)


def test_load_inputs_reports_name_clashes_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", ROW)
    b = write(tmp_path, "b.yaml", "scene: row_view\n")
    with pytest.raises(ConfigError) as caught:
        load_inputs([a, b])
    (problem,) = caught.value.problems
    assert problem.source == str(b) and problem.field == "render.name"
    assert f"output name 'row_view' is also used by {a}" in problem.message

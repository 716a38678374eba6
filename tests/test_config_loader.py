"""The loader: YAML with positions → model, every problem located and reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnemo_anim.config.loader import load_all, load_config
from mnemo_anim.config.models import CompositionJob, RowViewJob
from mnemo_anim.errors import ConfigError


def write(tmp_path: Path, text: str, name: str = "job.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, overrides: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path, overrides)
    assert caught.value.exit_code == 2
    return [str(p) for p in caught.value.problems]


def test_loads_the_shipped_example() -> None:
    job = load_config(Path(__file__).parent.parent / "configs" / "row_view.yaml")
    assert isinstance(job, RowViewJob)
    assert job.matrix == [[1, 0, -1], [0, 1, 2]]


def test_presets_expand(tmp_path: Path) -> None:
    job = load_config(
        write(tmp_path, "scene: composition\nfirst: {rotation: 90}\nthen: {shear: 1}\n")
    )
    assert isinstance(job, CompositionJob)
    assert job.first == [[0, -1], [1, 0]]


CASES = {
    "not-yaml": ("scene: row_view\nmatrix: [[1, 2]\n", ["job.yaml:3:1: not valid YAML"]),
    "tab": ("scene: row_view\nmatrix:\n\t- [1]\n", ["job.yaml:3:1: a tab character"]),
    "not-mapping": ("- 1\n- 2\n", ["job.yaml:1:1: a config is a mapping"]),
    "scalar": ("hello\n", ["job.yaml:1:1: a config is a mapping"]),
    "empty": ("", ["job.yaml:1:1: the file is empty"]),
    "comments-only": ("# nothing\n", ["job.yaml:1:1: the file is empty"]),
    "no-scene": ("matrix: [[1]]\n", ["job.yaml:1:1: 'scene:' is missing"]),
    "unknown-scene": (
        "scene: row_veiw\n",
        ["job.yaml:1:8: scene: unknown scene kind 'row_veiw'; did you mean 'row_view'?"],
    ),
    "unknown-key": (
        "scene: row_view\nmatirx: [[1]]\n",
        ["job.yaml:2:1: matirx: unknown key; did you mean 'matrix'?"],
    ),
    "unknown-nested-key": (
        "scene: row_view\nrender: {qualty: high}\n",
        ["job.yaml:2:10: render.qualty: unknown key; did you mean 'quality'?"],
    ),
    "ragged": (
        "scene: row_view\nmatrix: [[1, 2], [3]]\nvector: [1, 2]\n",
        ["job.yaml:2:9: matrix: the rows have different lengths [2, 1]"],
    ),
    "non-numeric": (
        "scene: row_view\nvector: [3, one, 2]\n",
        ["job.yaml:2:13: vector[1]: expected a number, got the string 'one'"],
    ),
    "yes-no": (
        "scene: row_view\nvector: [3, yes, no]\n",
        [
            "job.yaml:2:13: vector[1]: expected a number, got the boolean true",
            "job.yaml:2:18: vector[2]: expected a number, got the boolean false",
        ],
    ),
    "nan": (
        "scene: row_view\nvector: [.nan, 1, 2]\n",
        ["job.yaml:2:10: vector[0]: expected a finite number"],
    ),
    "inf": (
        "scene: row_view\nvector: [-.inf, 1, 2]\n",
        ["job.yaml:2:10: vector[0]: expected a finite number"],
    ),
    "too-large": (
        "scene: row_view\nmatrix: [[1,1,1,1,1,1,1]]\nvector: [1,1,1,1,1,1,1]\n",
        ["job.yaml:2:9: matrix: 1×7 is too large; this scene takes at most 6 rows and 6 columns"],
    ),
    "length-mismatch": (
        "scene: row_view\nmatrix: [[1, 2, 3]]\nvector: [1, 2]\n",
        ["job.yaml:3:9: vector: it has 2 entries but the matrix has 3 columns; give 3 numbers"],
    ),
    "unknown-preset": (
        "scene: row_view\nmatrix: {rotate: 3}\nvector: [1, 2]\n",
        ["job.yaml:2:9: matrix: unknown matrix preset 'rotate'; did you mean 'rotation'?"],
    ),
    "duplicate-key": (
        "scene: row_view\nvector: [1, 2, 3]\nvector: [1, 2, 3]\n",
        ["job.yaml:3:1: vector: duplicate key (first given on line 2)"],
    ),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        ["job.yaml:1:1: the document holds over 20000 values"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_located_problems(tmp_path: Path, text: str, expected: list[str]) -> None:
    found = problems(write(tmp_path, text))
    for want in expected:
        assert any(want in str(Path(p)).replace(str(tmp_path) + "/", "") for p in found), found


def test_every_problem_at_once(tmp_path: Path) -> None:
    found = problems(
        write(tmp_path, "scene: row_view\nmatrx: 1\nvector: [a, 2, 3]\nstyle: {theme: neon}\n")
    )
    assert len(found) == 3
    lines = [p.split(":")[1] for p in found]
    assert lines == ["2", "3", "4"]  # in file order


def test_aspect_written_plainly_is_not_base_60(tmp_path: Path) -> None:
    # YAML 1.1 reads 16:9 as 969; the loader keeps it as the text the user meant.
    job = load_config(write(tmp_path, "scene: row_view\nrender: {aspect: 9:16}\n"))
    assert job.render.aspect == "9:16"


def test_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "scene: row_view\n")
    job = load_config(path, ["render.fps=30", "vector=[1, 2, 3]", "render.aspect=1:1", "title=Hi"])
    assert job.render.fps == 30
    assert job.vector == [1, 2, 3]
    assert job.render.aspect == "1:1"
    assert job.title == "Hi"


def test_bad_override_is_located_at_the_option(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "scene: row_view\n"), ("render.fps=0",))
    assert found == ["--set render.fps=0: render.fps: Input should be greater than or equal to 1"]


@pytest.mark.parametrize("text", ["fps30", "=3", "render..fps=3"])
def test_malformed_override(tmp_path: Path, text: str) -> None:
    found = problems(write(tmp_path, "scene: row_view\n"), (text,))
    assert "write overrides as key.path=value" in found[0]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in problems(tmp_path / "nope.yaml")[0]
    assert "is a directory" in problems(tmp_path)[0]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("scene: row_view\ntitle: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in problems(path)[0]


def test_load_all_collects_every_file(tmp_path: Path) -> None:
    good = write(tmp_path, "scene: row_view\n", "good.yaml")
    bad1 = write(tmp_path, "scene: nope\n", "bad1.yaml")
    bad2 = write(tmp_path, "scene: row_view\nvector: [1]\n", "bad2.yaml")
    with pytest.raises(ConfigError) as caught:
        load_all([good, bad1, bad2])
    sources = {Path(p.source).name for p in caught.value.problems}
    assert sources == {"bad1.yaml", "bad2.yaml"}


def _parsed(text: str, loader: object) -> object:
    import yaml

    from mnemo_anim.config import yamlread

    try:
        data, located = yamlread._parse(text, "job.yaml", loader)
    except (yamlread._Rejected, ConfigError, yaml.YAMLError):
        return "rejected"
    return data, located.values, located.keys, [str(p) for p in located.problems]


def test_libyaml_reads_every_config_as_python_does() -> None:
    """Data, the line and column of every value and key, and duplicate keys: the same from
    libyaml (the fast path) and PyYAML's own parser, for every shipped and test config."""
    import yaml

    from mnemo_anim.config.yamlread import FAST_LOADER

    assert FAST_LOADER is yaml.CSafeLoader  # PyYAML's wheel carries libyaml
    repo = Path(__file__).parent.parent
    paths = sorted((repo / "configs").glob("*.yaml")) + sorted((repo / "tests").rglob("*.yaml"))
    assert len(paths) > 100
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _parsed(text, FAST_LOADER) == _parsed(text, yaml.SafeLoader), path

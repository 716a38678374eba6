"""The bad-input corpus: every malformed config in tests/data/bad gives exit code 2 and exactly
the located message stored beside it, with no traceback and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mnemo_anim.cli import cli
from mnemo_anim.config.loader import parse_yaml, validate
from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "data" / "bad"
CASES = sorted(BAD.glob("*.yaml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_config(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    expected = path.with_suffix(".expected").read_text()
    _refused(str(path.relative_to(REPO)), expected, tmp_path / "out")


def test_a_config_over_a_megabyte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A 1000×1000 matrix: 3 MB, written here rather than kept in git.
    row = "[" + ", ".join(["1"] * 1000) + "]"
    text = "scene: row_view\nmatrix: [" + ", ".join([row] * 1000) + "]\nvector: [1]\n"
    assert len(text) > 3_000_000
    (tmp_path / "matrix-1000x1000.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    expected = "Error: invalid config:\n  matrix-1000x1000.yaml: file is over 1000000 bytes\n"
    _refused("matrix-1000x1000.yaml", expected, tmp_path / "out")


def _refused(relative: str, expected: str, out: Path) -> None:
    """``validate`` and ``render`` both refuse ``relative`` with exactly ``expected``, exit
    code 2, no traceback, and nothing in ``out``."""
    for command in (["validate", relative], ["render", relative, "-o", str(out)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert result.stderr == expected
        assert "Traceback" not in result.output
        # every line names the file, and a line and column where the file has any
        for line in result.stderr.splitlines()[1:]:
            assert line.strip().startswith(relative)
    assert not out.exists() or not any(out.iterdir())


# --- property-based: anything YAML-ish either loads or is a ConfigError ------------------------

KEYS = [
    "scene",
    "matrix",
    "vector",
    "bias",
    "first",
    "then",
    "labels",
    "title",
    "render",
    "timing",
    "style",
    "numbers",
    "captions",
    "detail",
    "layout",
    "quality",
    "fps",
    "aspect",
    "name",
    "theme",
    "speed",
    "pause",
    "rotation",
    "shear",
    "x",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(list(JOB_MODELS)),
    st.sampled_from(["16:9", "auto", "all"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=40,
)
documents = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)
    ),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_loader_returns_a_model_or_a_config_error(text: str) -> None:
    try:
        data, located = parse_yaml(text, "fuzz.yaml")
        job = validate(data, located)
    except ConfigError as error:
        assert error.exit_code == 2
        assert all(p.source == "fuzz.yaml" for p in error.problems)
        return
    assert job.scene in JOB_MODELS

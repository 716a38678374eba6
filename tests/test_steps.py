"""Each job model's steps and automatic narration: narration fits the caption lines for any
numbers a config allows, and states the facts the scene shows."""

from __future__ import annotations

import textwrap

import pytest

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.maths import column_span, commute

BIG = -123456.7891
EXTREMES = {
    "row_view": {
        "matrix": [[BIG] * 6] * 6,
        "vector": [BIG] * 6,
        "numbers": {"decimals": 4},
        "labels": {"matrix": "Wab_1", "vector": "hid", "output": "out"},
    },
    "column_view": {"matrix": [[BIG] * 5] * 2, "vector": [BIG] * 5, "numbers": {"decimals": 4}},
    "bias": {
        "matrix": [[BIG] * 5] * 2,
        "vector": [BIG] * 5,
        "bias": [BIG, BIG],
        "numbers": {"decimals": 4},
    },
    "composition": {
        "first": [[BIG, BIG], [BIG, 1]],
        "then": [[1, BIG], [BIG, BIG]],
        "vector": [BIG, BIG],
        "numbers": {"decimals": 4},
    },
    "shapes": {
        "matrix": [[BIG] * 6] * 6,
        "vector": [BIG] * 6,
        "batch": 4096,
        "numbers": {"decimals": 4},
        "labels": {"matrix": "Wab_1", "vector": "hid", "output": "out"},
    },
    "linearity": {
        "matrix": [[BIG, BIG], [BIG, 1]],
        "u": [BIG, BIG],
        "v": [BIG, 1],
        "scalar": BIG,
        "bias": [BIG, BIG],
        "numbers": {"decimals": 4},
        "labels": {"matrix": "Wab_1", "u": "uvw", "v": "xyz", "scalar": "\\lambda", "bias": "bia"},
    },
    "layers": {
        "weights": [[[BIG, BIG], [BIG, BIG]]] * 4,
        "biases": [[BIG, BIG]] * 4,
        "inputs": [[BIG, BIG]] * 64,
        "numbers": {"decimals": 4},
    },
    "transformation": {
        "matrix": [[BIG, BIG], [BIG, 1]],
        "vector": [BIG, BIG],
        "numbers": {"decimals": 4},
        "labels": {"matrix": "Wab_1", "vector": "hid"},
    },
    "gallery": {
        "matrices": [{"name": "n" * 24, "matrix": [[BIG, BIG], [BIG, 1]]}] * 6,
        "numbers": {"decimals": 4},
    },
    "card": {"heading": "Hw " * 20, "line": "Lw " * 30},
}


@pytest.mark.parametrize("kind", list(JOB_MODELS))
@pytest.mark.parametrize("extreme", [False, True], ids=["defaults", "extreme"])
def test_auto_captions_fit_two_lines(kind: str, extreme: bool) -> None:
    data = EXTREMES[kind] if extreme else {}
    layouts = ["sequential", "split"] if kind == "composition" else [None]
    for layout in layouts:
        job = JOB_MODELS[kind].model_validate({**data, **({"layout": layout} if layout else {})})
        names = job.steps()
        assert len(names) == len(set(names))
        texts = job.auto_narration()
        assert list(texts) == names  # every step narrated, in order
        for text in texts.values():
            assert 1 <= len(textwrap.wrap(text, 42)) <= 2, text


def test_commuting_matrices_are_said_to_commute() -> None:
    job = JOB_MODELS["composition"].model_validate(
        {"first": {"scale": [2, 3]}, "then": {"scale": [0.5, 4]}}
    )
    assert "commute" in job.auto_narration()["other order"]


def test_narration_and_scene_agree_on_nearly_commuting_matrices() -> None:
    # AB and BA differ by 6e-9: within np.allclose's default tolerance, but not the same
    # matrix to the scene, which says the order matters. The narration must say so too.
    job = JOB_MODELS["composition"].model_validate(
        {"first": [[1, 6e-9], [0, 1]], "then": [[2, 0], [0, 1]]}
    )
    assert not commute(job.first, job.then)  # type: ignore[attr-defined]
    assert "commute" not in job.auto_narration()["other order"]


@pytest.mark.parametrize(
    "matrix",
    [[[1e6, 0], [0, 1e-4]], [[1e-10, 0], [0, 0]]],
    ids=["tiny-second-direction", "tiny-matrix"],
)
def test_narration_and_scene_agree_on_the_rank(matrix: list[list[float]]) -> None:
    # An absolute tolerance calls the first matrix rank 2 and the second rank 0; on screen,
    # relative to its largest column, each is one line. The narration says what the scene draws.
    job = JOB_MODELS["column_view"].model_validate({"matrix": matrix, "vector": [1, 1]})
    assert column_span(matrix).rank == 1
    assert job.auto_narration()["column space"].endswith("a line through the origin.")


def test_captions_follow_the_steps_of_the_job() -> None:
    job = JOB_MODELS["row_view"].model_validate(
        {"matrix": [[1, 2], [3, 4], [5, 6]], "vector": [1, 1], "captions": ["a", "b", "c"]}
    )
    assert job.steps() == ["equation", "row 0", "row 1", "row 2", "result"]
    assert job.caption_texts() == {"equation": "a", "row 0": "b", "row 1": "c"}


@pytest.mark.parametrize(
    ("kind", "data", "names"),
    [
        ("row_view", {}, ["equation", "row 0", "row 1", "result"]),
        (
            "column_view",
            {},
            ["equation", "columns", "scale", "tip to tail", "result", "column space"],
        ),
        ("bias", {}, ["equation", "origin", "Ax", "bias", "output", "shift"]),
        ("composition", {}, ["matrices", "first", "then", "product", "other order"]),
        ("composition", {"layout": "split"}, ["matrices", "first", "then", "compare"]),
        ("card", {}, ["card"]),
    ],
    ids=["row_view", "column_view", "bias", "composition", "composition-split", "card"],
)
def test_step_names_users_write_captions_for(kind: str, data: dict, names: list[str]) -> None:
    # Configs name steps in `captions: {step: text}`: renaming one breaks them, so it is a
    # change to make on purpose (and to write in the README), not by accident.
    assert JOB_MODELS[kind].model_validate(data).steps() == names

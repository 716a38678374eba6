"""Step names and automatic narration: fit the caption lines for any numbers a config allows."""

from __future__ import annotations

import textwrap

import pytest

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.config.steps import auto_captions, step_names
from mnemo_anim.visuals.geometry import commute

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
}


@pytest.mark.parametrize("kind", list(JOB_MODELS))
@pytest.mark.parametrize("extreme", [False, True], ids=["defaults", "extreme"])
def test_auto_captions_fit_two_lines(kind: str, extreme: bool) -> None:
    data = EXTREMES[kind] if extreme else {}
    layouts = ["sequential", "split"] if kind == "composition" else [None]
    for layout in layouts:
        job = JOB_MODELS[kind].model_validate({**data, **({"layout": layout} if layout else {})})
        names = step_names(job)  # type: ignore[arg-type]
        assert len(names) == len(set(names))
        texts = auto_captions(job)  # type: ignore[arg-type]
        assert list(texts) == names  # every step narrated, in order
        for text in texts.values():
            assert 1 <= len(textwrap.wrap(text, 42)) <= 2, text


def test_commuting_matrices_are_said_to_commute() -> None:
    job = JOB_MODELS["composition"].model_validate(
        {"first": {"scale": [2, 3]}, "then": {"scale": [0.5, 4]}}
    )
    assert "commute" in auto_captions(job)["other order"]  # type: ignore[arg-type]


def test_narration_and_scene_agree_on_nearly_commuting_matrices() -> None:
    # AB and BA differ by 6e-9: within np.allclose's default tolerance, but not the same
    # matrix to the scene, which says the order matters. The narration must say so too.
    job = JOB_MODELS["composition"].model_validate(
        {"first": [[1, 6e-9], [0, 1]], "then": [[2, 0], [0, 1]]}
    )
    assert not commute(job.first, job.then)  # type: ignore[attr-defined]
    assert "commute" not in auto_captions(job)["other order"]  # type: ignore[arg-type]

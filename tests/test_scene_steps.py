"""Every scene plays exactly the steps its job model declares, one method a step.

The model's ``steps()`` is the one list captions, chapters and ``mnemo-anim scenes --steps``
follow; these tests hold every registered scene kind to it (a new kind is covered as soon as it
is in the registry).
"""

from __future__ import annotations

from typing import Any

import pytest

from mnemo_anim.config.models import JOB_MODELS, RowViewJob
from mnemo_anim.visuals.lesson import step_method
from scenes import REGISTRY, scene_class
from tests.scene_probe import run_dry

# Jobs whose steps differ from the defaults' (another layout, more rows, rows done fast).
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "row_view": [{"matrix": [[1, 2], [3, 4], [5, 6]], "vector": [1, -1], "detail": 1}],
    "composition": [{"layout": "split"}],
}
JOBS = [
    pytest.param(kind, data, id=f"{kind}-{i}")
    for kind in REGISTRY
    for i, data in enumerate([{}, *VARIANTS.get(kind, [])])
]


def test_every_scene_kind_has_a_model_and_a_scene() -> None:
    assert set(REGISTRY) == set(JOB_MODELS)
    for kind, model in JOB_MODELS.items():
        assert scene_class(kind).job_model is model


@pytest.mark.parametrize(("kind", "data"), JOBS)
def test_scene_plays_exactly_the_steps_of_its_model(kind: str, data: dict[str, Any]) -> None:
    job = JOB_MODELS[kind].model_validate(data)
    scene = run_dry(job).scene
    played = [name for name, _, _ in scene.steps]
    assert played == job.steps()
    # The steps tile the video: each begins where the one before ended.
    assert scene.steps[0][1] == 0.0
    for (_, _, end), (_, start, _) in zip(scene.steps, scene.steps[1:], strict=False):
        assert start == pytest.approx(end)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("equation", ("equation", ())),
        ("tip to tail", ("tip_to_tail", ())),
        ("Ax", ("ax", ())),
        ("row 12", ("row", (12,))),
        ("other order", ("other_order", ())),
    ],
)
def test_step_names_map_to_methods(name: str, method: tuple[str, tuple[int, ...]]) -> None:
    assert step_method(name) == method


@pytest.mark.parametrize("name", ["", "row-2", "2 rows", "tip  to tail!"])
def test_step_names_that_name_no_method_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="step name"):
        step_method(name)


class _Forgetful(RowViewJob):
    """A model that declares a step its scene has no method for."""

    def steps(self) -> list[str]:
        return [*super().steps(), "summary"]


def test_a_step_without_a_method_is_named_in_the_error() -> None:
    with pytest.raises(NotImplementedError, match=r"RowView has no method step_summary\(\)"):
        run_dry(_Forgetful())


def test_a_scene_that_plays_other_steps_fails() -> None:
    class Nesting(scene_class("row_view")):  # type: ignore[misc]
        def step_row(self, i: int) -> None:
            # A step inside another: its caption would land on the wrong picture.
            with self.step("extra"):
                super().step_row(i)

    with pytest.raises(RuntimeError, match="played steps"):
        run_dry(RowViewJob(), scene=Nesting)

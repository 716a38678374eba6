"""The job models: defaults, presets, shapes and the messages users see."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import ValidationError

from mnemo_anim.config import presets
from mnemo_anim.config.models import JOB_MODELS, RowViewJob, job_schema
from mnemo_anim.config.render import RenderSettings, parse_aspect


def test_defaults_are_the_lesson_example() -> None:
    job = RowViewJob()
    a, x = np.array(job.matrix), np.array(job.vector)
    assert a.tolist() == [[1, 0, -1], [0, 1, 2]]
    assert (a @ x).tolist() == [1, 5]


@pytest.mark.parametrize("kind", list(JOB_MODELS))
def test_every_kind_has_complete_defaults(kind: str) -> None:
    job = JOB_MODELS[kind]()
    assert job.scene == kind
    assert job.output_name == kind


def test_models_are_frozen() -> None:
    job = RowViewJob()
    with pytest.raises(ValidationError):
        job.vector = [1.0]  # type: ignore[misc]


VALID = {
    "decimals": {"matrix": [[0.5, -1.25]], "vector": [2, 4]},
    "one-by-one": {"matrix": [[7]], "vector": [-3]},
    "six-by-six": {"matrix": [[1] * 6] * 6, "vector": [1] * 6},
    "preset-rotation": {"matrix": {"rotation": 30}, "vector": [1, 0]},
    "preset-identity": {"matrix": {"identity": 3}, "vector": [1, 2, 3]},
    "detail-k": {"detail": 1},
    "light-theme": {"style": {"theme": "light"}},
    "custom-labels": {"labels": {"matrix": "W_1", "vector": "h", "output": "z'"}},
    "greek-label": {"labels": {"matrix": r"\Sigma"}},
    "name": {"render": {"name": "lesson-01.row"}},
    "aspect-portrait": {"render": {"aspect": "9:16"}},
}


@pytest.mark.parametrize("data", VALID.values(), ids=VALID.keys())
def test_valid_configs(data: dict) -> None:
    RowViewJob.model_validate(data)


INVALID = {
    "ragged": ({"matrix": [[1, 2], [3]]}, "matrix", "different lengths"),
    "empty-matrix": ({"matrix": []}, "matrix", "the matrix is empty"),
    "empty-row": ({"matrix": [[]]}, "matrix", "row is empty"),
    "not-a-matrix": ({"matrix": 5}, "matrix", "a matrix is a list of rows"),
    "string-number": ({"vector": [1, "2", 3]}, "vector.1", "got the string '2'"),
    "boolean-number": ({"vector": [1, True, 3]}, "vector.1", "boolean true"),
    "nan": ({"vector": [1, math.nan, 3]}, "vector.1", "finite"),
    "inf": ({"matrix": [[math.inf, 0, 0]], "vector": [1, 2, 3]}, "matrix.0.0", "finite"),
    "huge": ({"vector": [1e308, 0, 0]}, "vector.0", "too large"),
    "too-many-rows": ({"matrix": [[1]] * 7, "vector": [1]}, "", "at most 6 rows"),
    "shape-mismatch": ({"vector": [1, 2]}, "", "give 3 numbers"),
    "unknown-preset": ({"matrix": {"rotate": 30}}, "matrix", "did you mean 'rotation'"),
    "preset-argument": ({"matrix": {"identity": 9}}, "matrix", "from 1 to 6"),
    "zero-projection": ({"matrix": {"projection": [0, 0]}}, "matrix", "must not be [0, 0]"),
    "bad-theme": ({"style": {"theme": "neon"}}, "style.theme", "'high-contrast' or 'colorblind'"),
    "speed": ({"timing": {"speed": 100}}, "timing.speed", "less than or equal to 4"),
    "unknown-key": ({"colour": "red"}, "colour", "Extra inputs"),
    "label-injection": ({"labels": {"matrix": r"\input{x}"}}, "labels.matrix", "not allowed"),
    "name-escape": ({"render": {"name": "../x"}}, "render.name", "not a plain file name"),
    "name-device": ({"render": {"name": "CON"}}, "render.name", "reserved device"),
    "aspect": ({"render": {"aspect": "wide"}}, "render.aspect", "not W:H"),
    "fps-zero": ({"render": {"fps": 0}}, "render.fps", "greater than or equal to 1"),
}


@pytest.mark.parametrize(("data", "field", "message"), INVALID.values(), ids=INVALID.keys())
def test_invalid_configs(data: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RowViewJob.model_validate(data)
    errors = caught.value.errors()
    assert any(".".join(map(str, e["loc"])) == field and message in e["msg"] for e in errors), (
        errors
    )


ANGLES = [0, 30, 45, 90, 135, 180, 270, -60]


@pytest.mark.parametrize("deg", ANGLES)
def test_rotation_and_reflection_presets(deg: float) -> None:
    t = np.radians(deg)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    np.testing.assert_allclose(presets.rotation(deg), rot, atol=1e-12)
    u = np.array([np.cos(t), np.sin(t)])
    np.testing.assert_allclose(presets.reflection(deg), 2 * np.outer(u, u) - np.eye(2), atol=1e-12)


def test_other_presets() -> None:
    np.testing.assert_allclose(presets.scale([2, 0.5]), np.diag([2, 0.5]))
    np.testing.assert_allclose(presets.shear(1), [[1, 1], [0, 1]])
    np.testing.assert_allclose(presets.shear([1, 2]), [[1, 1], [2, 1]])
    u = np.array([3.0, 4.0])
    np.testing.assert_allclose(presets.projection([3, 4]), np.outer(u, u) / u.dot(u))
    np.testing.assert_allclose(presets.identity(4), np.eye(4))


@pytest.mark.parametrize(
    ("quality", "aspect", "size", "fps"),
    [
        ("preview", "16:9", (854, 480), 24),
        ("medium", "16:9", (1280, 720), 30),
        ("high", "16:9", (1920, 1080), 60),
        ("4k", "16:9", (3840, 2160), 60),
        ("high", "9:16", (1080, 1920), 60),
        ("high", "1:1", (1080, 1080), 60),
        ("high", "4:5", (1080, 1350), 60),
    ],
)
def test_quality_scales_the_aspect(
    quality: str, aspect: str, size: tuple[int, int], fps: int
) -> None:
    geo = RenderSettings(quality=quality, aspect=aspect).geometry()  # type: ignore[arg-type]
    assert (geo.pixel_width, geo.pixel_height) == size
    assert geo.fps == fps
    assert min(geo.frame_width, geo.frame_height) == 8.0
    assert geo.frame_width / geo.frame_height == pytest.approx(size[0] / size[1], rel=0.01)


def test_preview_is_at_least_24_fps_and_fps_overrides() -> None:
    assert RenderSettings(quality="preview").geometry().fps >= 24
    assert RenderSettings(quality="preview", fps=30).geometry().fps == 30


@pytest.mark.parametrize("bad", ["16-9", "0:1", "10:1", "abc", ""])
def test_bad_aspects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_aspect(bad)


def test_schema_covers_every_kind() -> None:
    schema = job_schema()
    text = str(schema)
    for kind in JOB_MODELS:
        assert kind in text

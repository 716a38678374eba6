"""The job cache key: any change to a field that reaches the picture, the sound or the file
changes ``job_hash``; spellings that validate to the same job (key order, ``1`` vs ``1.0``, a
preset vs its numbers, ``" 16 : 9 "``) do not.

Fields are enumerated from the models themselves (``model_fields``, recursively), so a field
added to any model is covered without editing this file: the coverage test fails if no valid
change to it can be found.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from mnemo_anim.config import presets
from mnemo_anim.config.loader import parse_yaml, validate
from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.render.cache import job_hash

Path_ = tuple[str | int, ...]

# Strings tried for a text field: each field's validator keeps the ones it accepts (labels,
# colours, fonts, names, aspects, Literal choices, captions, titles).
WORDS = [
    "B",
    "W_1",
    "v",
    "\\theta",
    "#1F6FB2",
    "#ABCDEF",
    "DejaVu Sans Mono",
    "clip-2",
    "9:16",
    "1:1",
    "4:5",
    "Another title",
    "Say this instead.",
]

# A base job per kind with every optional block filled, so nested fields (palette colours,
# captions, fps, name) exist to be changed.
RICH: dict[str, Any] = {
    "title": "A title",
    "style": {"palette": {"text": "#EEEEEE", "columns": ["#58C4DD", "#F28C6B"]}, "font": "Ubuntu"},
    "captions": "auto",
    "render": {"fps": 30, "name": "clip", "quality": "preview", "format": "webm"},
}


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (Annotated, Optional and unions opened)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for t in _unwrap(annotation):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def field_paths(model: type[BaseModel], prefix: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every leaf field of ``model`` with its annotation; models (and lists of models, through
    their first item) are walked into."""
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        annotation = info.annotation
        inner = _model_in(annotation)
        if inner is not None:
            yield from field_paths(inner, path)
            continue
        listed = [
            _model_in(typing.get_args(t)[0])
            for t in _unwrap(annotation)
            if typing.get_origin(t) is list
        ]
        if any(listed):
            yield path, annotation  # the list as a whole
            yield from field_paths(next(m for m in listed if m), (*path, 0))
            continue
        yield path, annotation


def get(data: Any, path: Path_) -> Any:
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def put(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for key in path[:-1]:
        if isinstance(node, dict) and node.get(key) is None:
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    return out


# Fields whose valid values depend on other fields (one bias per layer).
EXTRA: dict[tuple[str, Path_], list[Any]] = {
    ("layers", ("biases",)): [[[0, 1], [1, 0], [0.5, -0.5]]],
}


def candidates(value: Any, annotation: Any) -> list[Any]:
    """Values to try instead of ``value`` (most of them valid for the field)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | float):
        return [value + 1, value - 0.5, -value if value else 2, 0 if value else 1]
    if isinstance(value, str):
        literals = [
            a for t in _unwrap(annotation) for a in typing.get_args(t) if isinstance(a, str)
        ]
        return [w for w in [*literals, *WORDS, *fresh(annotation)] if w != value]
    if isinstance(value, list) and value:
        out = []
        for i, item in enumerate(value):
            for new in candidates(item, typing.Any)[:2]:
                out.append([*value[:i], new, *value[i + 1 :]])
        return [*out, value[:-1], [*value, value[-1]]]
    if isinstance(value, dict) and value:
        key = next(iter(value))
        return [{**value, key: new} for new in candidates(value[key], typing.Any)]
    return fresh(annotation)


def fresh(annotation: Any) -> list[Any]:
    """Values for a field that is unset (``None``): one per type it allows."""
    out: list[Any] = []
    for t in _unwrap(annotation):
        origin = typing.get_origin(t)
        if t is type(None):
            continue
        if origin is typing.Literal:
            out += list(typing.get_args(t))
        elif t is bool:
            out += [True, False]
        elif t in (int, float):
            out += [1, 2, 30, 0.5]
        elif t is str:
            out += WORDS
        elif origin is list:
            out += [[w] for w in fresh(typing.get_args(t)[0])[:6]]
        elif origin is dict:
            out += [{"equation": "Say this instead."}]
        elif isinstance(t, type) and issubclass(t, BaseModel):
            out.append({})
    return out


def base(kind: str) -> dict[str, Any]:
    return JOB_MODELS[kind].model_validate(RICH).model_dump(mode="json")


def changed(kind: str, path: Path_, new: Any) -> Any | None:
    """The job with ``path`` set to ``new``, or ``None`` when that is not a valid job."""
    data = put(base(kind), path, new)
    try:
        return JOB_MODELS[kind].model_validate(data)
    except ValidationError:
        return None


# ``scene`` picks the model itself (see test_the_scene_kind_changes_the_key).
PATHS = [
    (kind, path, ann)
    for kind, model in JOB_MODELS.items()
    for path, ann in field_paths(model)
    if path != ("scene",)
]


def test_the_scene_kind_changes_the_key() -> None:
    same = {"matrix": [[1, 0], [0, 1]], "vector": [1, 2]}
    keys = {job_hash(JOB_MODELS[kind].model_validate(same)) for kind in ("row_view", "column_view")}
    assert len(keys) == 2


def test_fields_are_enumerated_from_the_models() -> None:
    paths = {(kind, ".".join(map(str, path))) for kind, path, _ in PATHS}
    # a sample of what must be there, at every depth
    for expected in [
        ("row_view", "matrix"),
        ("row_view", "vector"),
        ("row_view", "labels.output"),
        ("bias", "labels.bias"),
        ("composition", "then"),
        ("row_view", "style.palette.columns"),
        ("row_view", "render.transparent"),
        ("row_view", "timing.pause"),
        ("gallery", "matrices.0.name"),
    ]:
        assert expected in paths
    assert len(paths) > 150


@pytest.mark.parametrize(
    ("kind", "path"),
    [(k, p) for k, p, _ in PATHS],
    ids=[f"{k}:{'.'.join(map(str, p))}" for k, p, _ in PATHS],
)
def test_every_field_has_a_valid_change_and_it_changes_the_key(kind: str, path: Path_) -> None:
    """Deterministic coverage: some valid change to each field exists, and changes the key."""
    annotation = dict(field_paths(JOB_MODELS[kind]))[path]
    old = JOB_MODELS[kind].model_validate(base(kind))
    value = get(base(kind), path)
    effective = []
    for new in [*candidates(value, annotation), *EXTRA.get((kind, path), [])]:
        job = changed(kind, path, new)
        if job is not None and job.model_dump(mode="json") != old.model_dump(mode="json"):
            effective.append(job)
    assert effective, f"no valid change to {kind}.{path} was found; add a candidate for it"
    for job in effective:
        assert job_hash(job) != job_hash(old), f"{kind}.{path} changed but the key did not"


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, Path_, Any]:
    kind, path, annotation = draw(st.sampled_from(PATHS))
    value = get(base(kind), path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        new = draw(st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 3)))
    elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        i = draw(st.integers(0, len(value) - 1))
        j = draw(st.integers(0, len(value[i]) - 1))
        entry = draw(st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 3)))
        new = copy.deepcopy(value)
        new[i][j] = entry
    else:
        new = draw(st.sampled_from(candidates(value, annotation) or [value]))
    return kind, path, new


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(edits())
def test_any_valid_edit_that_changes_the_job_changes_the_key(edit: tuple[str, Path_, Any]) -> None:
    kind, path, new = edit
    job = changed(kind, path, new)
    assume(job is not None)
    old = JOB_MODELS[kind].model_validate(base(kind))
    same = job.model_dump(mode="json") == old.model_dump(mode="json")
    assert (job_hash(job) == job_hash(old)) == same, f"{kind}.{path} = {new!r}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-9, 9, allow_nan=False).map(lambda v: round(v, 2)), min_size=6, max_size=6),
    st.lists(st.floats(-9, 9, allow_nan=False).map(lambda v: round(v, 2)), min_size=6, max_size=6),
)
def test_only_the_matrix_numbers_changed(first: list[float], second: list[float]) -> None:
    """The bug the key exists for: an edited matrix must not be served the old video."""
    a = RowViewJob_(first)
    b = RowViewJob_(second)
    assert (job_hash(a) == job_hash(b)) == (a.matrix == b.matrix)


def RowViewJob_(numbers: list[float]) -> Any:
    return JOB_MODELS["row_view"].model_validate(
        {"matrix": [numbers[:3], numbers[3:]], "vector": [3, 1, 2]}
    )


# -- what must not change the key --------------------------------------------------------------

YAML = """\
scene: bias
title: Shift it
matrix: [[1, 0, -1], [0, 1, 2]]
vector: [3, 1, 2]
bias: [1, -3]
labels: {matrix: A, vector: x, output: y, bias: b}
style: {theme: light, palette: {text: "#112233"}}
timing: {speed: 1.5, pause: 0.5}
captions: [First the equation., Then the origin.]
render: {quality: preview, aspect: "16:9", fps: 24, name: shifted}
"""


def load(text: str) -> Any:
    data, located = parse_yaml(text, "job.yaml")
    return validate(data, located)


def _reordered(data: Any, draw: st.DrawFn) -> Any:
    if isinstance(data, dict):
        keys = draw(st.permutations(list(data)))
        return {k: _reordered(data[k], draw) for k in keys}
    return data


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_key_order_in_yaml_does_not_change_the_key(data: st.DataObject) -> None:
    import yaml

    plain = yaml.safe_load(YAML)
    shuffled = _reordered(plain, data.draw)
    text = yaml.safe_dump(shuffled, sort_keys=False)
    assert job_hash(load(text)) == job_hash(load(YAML))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("[[1, 0, -1], [0, 1, 2]]", "[[1.0, 0.0, -1.0], [0.0, 1.0, 2.0]]"),
        ("[[1, 0, -1], [0, 1, 2]]", "[[1, -0.0, -1], [0, 1, 2]]"),
        ("vector: [3, 1, 2]", "vector: [3.0, 1.0, 2.00]"),
        ('aspect: "16:9"', 'aspect: " 16 : 9 "'),
        ('"#112233"', '"#112233"'.lower()),
        ("[First the equation.", "[First   the equation."),
        ("speed: 1.5", "speed: 1.50"),
        ("fps: 24", "fps: 24.0"),
    ],
)
def test_equivalent_spellings_share_a_key(old: str, new: str) -> None:
    assert old in YAML
    first, second = load(YAML), load(YAML.replace(old, new, 1))
    assert first == second
    assert job_hash(first) == job_hash(second)


def test_a_preset_and_its_numbers_share_a_key() -> None:
    preset = JOB_MODELS["composition"].model_validate({"first": {"rotation": 90}})
    numbers = JOB_MODELS["composition"].model_validate({"first": presets.rotation(90)})
    assert job_hash(preset) == job_hash(numbers)


def test_the_key_names_the_installed_manim_and_typst() -> None:
    """A Manim or Typst upgrade may move pixels: the key carries their real versions."""
    from importlib.metadata import version

    from mnemo_anim.render import cache

    assert cache.manim_version() == version("manim")
    assert cache.typst_version() == version("typst")
    identity = cache.job_identity(JOB_MODELS["row_view"].model_validate({}))
    assert identity["manim"] == version("manim") and identity["typst"] == version("typst")

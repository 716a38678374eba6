r"""Labels written as text: notes, captions, narration and tags show W₁ and θ, never the
label's source (``W_1``, ``\theta``)."""

from __future__ import annotations

from typing import Any

import pytest

from mnemo_anim.config.models import JOB_MODELS
from mnemo_anim.labels import plain
from mnemo_anim.visuals.lesson import LessonScene
from tests.scene_probe import run_dry


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("A", "A"),
        ("ABC", "ABC"),
        ("W_1", "W₁"),
        ("W_12", "W₁₂"),
        ("x_ij", "xᵢⱼ"),
        (r"\theta", "θ"),
        (r"\Sigma_2", "Σ₂"),
        (r"\epsilon", "ϵ"),  # the shape the typeset label shows (LaTeX's lunate epsilon)
        (r"\phi", "ϕ"),
        ("x'", "x′"),
        ("x''", "x′′"),
        ("W_1'", "W₁′"),
        # no Unicode subscript for b, Q: the subscript stays whole, level, with no underscore
        ("W_Q", "WQ"),
        ("x_1b", "x1b"),
    ],
)
def test_plain_writes_a_label_as_text(label: str, text: str) -> None:
    assert plain(label) == text


@pytest.mark.parametrize(
    ("label", "text"), [("x", "x₀"), ("x_1", "x₁,₀"), ("x'", "x₀′"), (r"\theta", "θ₀")]
)
def test_an_index_joins_the_subscript(label: str, text: str) -> None:
    assert plain(label, index=0) == text


def test_plain_refuses_what_the_grammar_refuses() -> None:
    with pytest.raises(ValueError, match="not allowed"):
        plain("x_{1}")


# The matrix is called W_1 and the input vector \theta, in each kind's own label fields; the
# other fields take the other forms a LaTeX-era config wrote (capital Greek, primes, several
# letters, subscripts on Greek). Every dry run refuses LaTeX (``tests.scene_probe.no_latex``).
LABELS: dict[str, dict[str, str]] = {
    "row_view": {"matrix": "W_1", "vector": r"\theta", "output": "y_1'"},
    "column_view": {"matrix": "W_1", "vector": r"\theta", "output": "ABC"},
    "bias": {"matrix": "W_1", "vector": r"\theta", "output": "in", "bias": r"\beta_0"},
    "composition": {"first": "W_1", "then": r"\Omega'", "vector": r"\theta"},
    "shapes": {"matrix": "W_1", "vector": r"\theta", "output": "max"},
    "linearity": {
        "matrix": "W_1",
        "u": r"\theta",
        "v": "v'",
        "scalar": "in",
        "bias": r"\beta_0",
    },
    "layers": {},  # no labels: its layers are always W₁, W₂, …
    "transformation": {"matrix": "W_1", "vector": r"\theta", "output": "det"},
    "gallery": {},  # no labels: its entries are named in words, shown as written
    "card": {},  # no labels: a heading and a line of words
}
EXTRA: dict[str, dict[str, Any]] = {
    "composition": {"layout": "sequential"},
    "shapes": {"batch": 8},
}


def test_every_kind_is_covered() -> None:
    assert set(LABELS) == set(JOB_MODELS)


@pytest.mark.parametrize("kind", sorted(JOB_MODELS))
def test_notes_and_captions_write_labels_as_text(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = {"labels": LABELS[kind]} if LABELS[kind] else {}
    job = JOB_MODELS[kind].model_validate({**fields, **EXTRA.get(kind, {}), "captions": "auto"})
    notes: list[str] = []
    original = LessonScene.note

    def note(self: LessonScene, content: str, **kwargs: Any) -> Any:
        notes.append(content)
        return original(self, content, **kwargs)

    monkeypatch.setattr(LessonScene, "note", note)
    probe = run_dry(job)
    captions = list(job.caption_texts().values())
    # every piece of plain text drawn at any time: notes, captions, tags, axis names, braces
    drawn = {
        part.text
        for snap in probe.snapshots
        for mob in snap.mobjects
        for part in mob.get_family()
        if hasattr(part, "text") and isinstance(part.text, str)
    }
    for text in [*notes, *captions, *drawn]:
        assert "\\" not in text and "_" not in text, (kind, text)
    if kind not in ("gallery", "card"):
        assert any("W₁" in c for c in captions), (kind, captions)
    if LABELS[kind]:
        assert any("θ" in c for c in captions), (kind, captions)
        assert any("W₁" in n for n in notes), (kind, notes)

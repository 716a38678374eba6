"""Row view: the numbers on screen equal NumPy's, row by row (Manim dry run, no drawing)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mnemo_anim.config.models import RowViewJob
from mnemo_anim.maths import shown
from tests.scene_probe import run_dry

# (matrix, vector, decimals, rows worked out in full; the rest are filled in fast)
CASES = {
    "lesson": ([[1, 0, -1], [0, 1, 2]], [3, 1, 2], 2, "all"),
    "negatives-decimals": ([[1.5, -2.25], [-0.5, 3]], [2, -1.5], 2, "all"),
    "one-by-one": ([[-4]], [2.5], 2, "all"),
    "six-by-six": (np.arange(36).reshape(6, 6) % 7 - 3, [1, -1, 2, 0, 3, -2], 2, 2),
    "three-decimals": ([[0.8660254, -0.5], [0.5, 0.8660254]], [1, 2], 3, "all"),
}


def numbers_in(source: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", source.replace("_", " _"))]


@pytest.mark.parametrize(
    ("matrix", "vector", "decimals", "detail"), CASES.values(), ids=CASES.keys()
)
def test_numbers_on_screen_match_numpy(matrix, vector, decimals, detail) -> None:  # type: ignore[no-untyped-def]
    a = np.asarray(matrix, dtype=float)
    x = np.asarray(vector, dtype=float)
    job = RowViewJob.model_validate(
        {
            "matrix": a.tolist(),
            "vector": x.tolist(),
            "numbers": {"decimals": decimals},
            "detail": detail,
        }
    )
    probe = run_dry(job)
    y = a @ x
    seen = probe.all_math()
    for i in range(job.full_rows):
        # terms line: y_i = a_i0 · x_0 + ...
        terms = [t for t in seen if t.startswith(f"y_{i} =")]
        assert len(terms) == 1, terms
        pairs = numbers_in(terms[0].split("=", 1)[1])
        np.testing.assert_allclose(pairs[0::2], [shown(v, decimals) for v in a[i]])
        np.testing.assert_allclose(pairs[1::2], [shown(v, decimals) for v in x])
        # products line and the sum
        products = [shown(v, decimals) for v in a[i] * x]
        assert (
            any(numbers_in(t) == products for t in seen if t.startswith("= ") and "+" in t)
            or len(x) == 1
        )
        assert f"= {shown(y[i], decimals):g}" in {
            f"= {float(t[2:]):g}" for t in seen if re.fullmatch(r"= -?[\d.]+", t)
        }
    # the final frame shows y, entry by entry, equal to A @ x
    final = probe.scene.y_m.get_entries()
    assert [float(e.source) for e in final] == [shown(v, decimals) for v in y]
    assert all(
        e in probe.snapshots[-1].mobjects
        or any(e in m.get_family() for m in probe.snapshots[-1].mobjects)
        for e in final
    )


def test_detail_k_animates_the_rest_fast() -> None:
    job = RowViewJob.model_validate(
        {"matrix": [[1, 2], [3, 4], [5, 6]], "vector": [1, 1], "detail": 1}
    )
    probe = run_dry(job)
    terms = {t for t in probe.all_math() if re.match(r"y_\d =", t)}
    assert terms == {"y_0 = 1 dot.op 1 + 2 dot.op 1"}
    names = [s[0] for s in probe.scene.steps]
    assert names == ["equation", "row 0", "row 1", "row 2", "result"]
    durations = {name: end - start for name, start, end in probe.scene.steps}
    assert durations["row 1"] < durations["row 0"] / 2


def test_speed_scales_duration() -> None:
    slow = run_dry(RowViewJob()).scene.steps[-1][2]
    fast = run_dry(RowViewJob.model_validate({"timing": {"speed": 2}})).scene.steps[-1][2]
    assert fast == pytest.approx(slow / 2, rel=0.01)

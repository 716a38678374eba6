"""Golden last frames: small downsampled images in tests/data/golden/, compared with a tolerance.

A missing golden file fails the test (locally and in CI alike): a test that writes its own
expectation would pass whatever it renders. Set ``MNEMO_UPDATE_GOLDEN=1`` to (re)write the
golden files from the current renders, then look at them before committing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from mnemo_anim.config.models import JobBase
from mnemo_anim.render.runner import RenderResult, render_job

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
FACTOR = 4  # 854×480 → 213×120: small in git, still shows a misplaced matrix or label


UPDATE_ENV = "MNEMO_UPDATE_GOLDEN"


def updating() -> bool:
    """Whether this run (re)writes the golden files (``MNEMO_UPDATE_GOLDEN=1``)."""
    return os.environ.get(UPDATE_ENV) == "1"


def last_frame(video: Path) -> np.ndarray:
    """The last decoded frame of ``video`` as an RGB uint8 array."""
    frame = None
    with av.open(str(video)) as container:
        for decoded in container.decode(video=0):
            frame = decoded
    assert frame is not None, f"{video} has no frames"
    return frame.to_ndarray(format="rgb24")


def downsample(image: np.ndarray, factor: int = FACTOR) -> np.ndarray:
    h, w = (image.shape[0] // factor) * factor, (image.shape[1] // factor) * factor
    blocks = image[:h, :w].reshape(h // factor, factor, w // factor, factor, -1)
    return blocks.mean(axis=(1, 3)).round().astype(np.uint8)


# Measured on the four plane/equation goldens (preview, speed 2, 213×120 after downsampling):
# swapping the colours of one term (x_0 in row_view, the terms x_0·a_0 and x_1·a_1 in
# column_view, two columns of A in bias and composition) moves the mean by only 0.03-0.08 but
# puts 13-35 pixels more than 40 levels off (max 61-92); re-rendering unchanged code gives a
# mean of 0-0.05, no pixel more than 5 off. So the mean guards against global shifts and the
# count of far pixels against a wrong colour: at most 5 of 25 560 (0.02 %).
MEAN_TOL = 0.5
PIXEL_TOL = 40
FAR_TOL = 0.0002


def compare(
    name: str,
    image: np.ndarray,
    *,
    mean_tol: float = MEAN_TOL,
    pixel_tol: int = PIXEL_TOL,
    far_tol: float = FAR_TOL,
) -> None:
    """Assert ``image`` matches the golden ``name``: small mean error, almost no pixel far off
    (a one-term colour swap exceeds ``far_tol``)."""
    small = downsample(image)
    path = GOLDEN / f"{name}.npz"
    if updating():
        GOLDEN.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, frame=small)
    elif not path.exists():
        raise AssertionError(
            f"golden frame {path.name} is missing; render it with MNEMO_UPDATE_GOLDEN=1 "
            "and check the picture before committing it"
        )
    want = np.load(path)["frame"]
    assert want.shape == small.shape, f"size changed: {want.shape} vs {small.shape}"
    diff = np.abs(want.astype(int) - small.astype(int))
    far = float((diff.max(axis=2) > pixel_tol).mean())
    assert diff.mean() <= mean_tol and far <= far_tol, (
        f"{name}: mean abs diff {diff.mean():.2f}, {far:.2%} pixels differ by > {pixel_tol}"
    )


def preview_render(
    model: type[JobBase], factory: pytest.TempPathFactory, **data: Any
) -> RenderResult:
    """A test module's real render: ``model`` with ``data`` at preview quality and speed 2
    (half the frames to encode; the last frame is the same picture), in the suite's cache."""
    job = model.model_validate({**data, "render": {"quality": "preview"}, "timing": {"speed": 2}})
    with pytest.MonkeyPatch.context() as mp:
        if "MNEMO_ANIM_CACHE" not in os.environ:
            mp.setenv("MNEMO_ANIM_CACHE", str(factory.getbasetemp() / "mnemo-cache"))
        return render_job(job, Path(factory.mktemp(job.scene)))

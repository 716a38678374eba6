"""The whole-job cache and the manifest: hashes, hits, misses, invalidation, parallel writers."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from mnemo_anim.config.batch import PlannedJob, load_batch
from mnemo_anim.config.models import AnyJob, RowViewJob
from mnemo_anim.render import cache, settings
from mnemo_anim.render.batch import run_batch, up_to_date
from mnemo_anim.render.encode import Probe
from mnemo_anim.render.executors import SerialExecutor
from mnemo_anim.render.manifest import (
    LOCK_NAME,
    MANIFEST_NAME,
    read_manifest,
    update_manifest,
)
from mnemo_anim.render.runner import RenderResult

REPO = Path(__file__).resolve().parent.parent


class FakeRenderer:
    """Writes a small file instead of rendering, and remembers what it was asked to do."""

    def __init__(self, fail: frozenset[str] = frozenset()) -> None:
        self.calls: list[str] = []
        self.fail = fail

    def __call__(self, job: AnyJob, output_dir: Path) -> RenderResult:
        from mnemo_anim.errors import RenderError

        self.calls.append(job.output_name)
        if job.output_name in self.fail:
            raise RenderError(f"{job.output_name} failed to render: boom")
        output_dir.mkdir(parents=True, exist_ok=True)
        target = output_dir / f"{job.output_name}.{job.render.format}"
        target.write_bytes(f"video of {job.model_dump_json()}".encode())
        geo = job.render.geometry()
        probe = Probe("h264", "High", "yuv420p", geo.pixel_width, geo.pixel_height, 24.0, 48, 2.0)
        return RenderResult(target, probe, 0.25)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the hash ----------------------------------------------------------------------------------


def test_hash_is_stable_and_covers_the_whole_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    job = RowViewJob.model_validate({"render": {"quality": "preview"}})
    same = RowViewJob.model_validate({"render": {"quality": "preview"}})
    first = cache.job_hash(job)
    assert first == cache.job_hash(same) and len(first) == 64
    changed = {cache.job_hash(job.model_copy(update={"title": "Other"}))}
    monkeypatch.setattr(cache, "__version__", "99.0")
    changed.add(cache.job_hash(job))
    monkeypatch.undo()
    monkeypatch.setattr(cache, "manim_version", lambda: "0.99")
    changed.add(cache.job_hash(job))
    monkeypatch.undo()
    # looked up where it is defined, when the hash is taken (the cache module loads it lazily)
    monkeypatch.setattr(settings, "encoder_options", lambda settings: {"crf": "1"})
    changed.add(cache.job_hash(job))
    monkeypatch.undo()
    monkeypatch.setattr(cache, "code_digest", lambda: "edited")
    changed.add(cache.job_hash(job))
    assert first not in changed and len(changed) == 5


def test_an_edited_scene_or_visual_changes_the_code_digest(tmp_path: Path) -> None:
    package, scenes = tmp_path / "mnemo_anim", tmp_path / "scenes"
    for folder in (package / "visuals", scenes):
        folder.mkdir(parents=True)
    (package / "visuals" / "plane.py").write_text("GRID = 40\n")
    (scenes / "bias.py").write_text("class Bias: ...\n")
    (scenes / "notes.txt").write_text("not code")
    roots = [package, scenes]
    first = cache.source_digest(roots)
    assert first == cache.source_digest(roots)
    (scenes / "notes.txt").write_text("still not code")
    assert cache.source_digest(roots) == first
    (package / "visuals" / "plane.py").write_text("GRID = 41\n")
    assert cache.source_digest(roots) != first
    (package / "visuals" / "plane.py").write_text("GRID = 40\n")
    (scenes / "bias.py").rename(scenes / "other.py")
    assert cache.source_digest(roots) != first


def test_identity_names_its_parts() -> None:
    identity = cache.job_identity(RowViewJob())
    assert set(identity) == {"job", "mnemo_anim", "code", "manim", "typst", "encoder"}
    assert identity["code"] == cache.code_digest() and len(identity["code"]) == 64
    assert identity["manim"] == "0.22.0"
    assert identity["typst"].startswith("0.15.")
    assert identity["job"]["scene"] == "row_view"


def test_hashing_does_not_import_manim() -> None:
    code = (
        "import sys\nfrom mnemo_anim.config.models import RowViewJob\n"
        "from mnemo_anim.render.cache import job_hash\njob_hash(RowViewJob())\n"
        "assert 'manim' not in sys.modules and 'av' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


@pytest.mark.parametrize(
    ("entry", "size", "fresh"),
    [
        ({"hash": "h", "status": "rendered", "size": 5}, 5, True),
        ({"hash": "h", "status": "cached", "size": 5}, 5, True),
        ({"hash": "other", "status": "rendered", "size": 5}, 5, False),
        ({"hash": "h", "status": "failed", "size": 5}, 5, False),
        ({"hash": "h", "status": "rendered", "size": 5}, 6, False),
        ({"hash": "h", "status": "rendered", "size": 5}, None, False),
        (None, 5, False),
    ],
    ids=["hit", "hit-cached", "hash-changed", "failed", "file-changed", "file-gone", "no-entry"],
)
def test_is_fresh(tmp_path: Path, entry: dict | None, size: int | None, fresh: bool) -> None:
    target = tmp_path / "a.mp4"
    if size is not None:
        target.write_bytes(b"x" * size)
    assert cache.is_fresh(entry, "h", target) is fresh


# --- the manifest ------------------------------------------------------------------------------


def test_manifest_merges_patches_and_writes_atomically(tmp_path: Path) -> None:
    update_manifest(tmp_path, {"a": {"hash": "1", "status": "rendered", "size": 3}})
    update_manifest(tmp_path, {"b": {"hash": "2", "status": "failed"}})
    update_manifest(tmp_path, {"a": {"status": "cached"}}, patch=True)
    data = json.loads((tmp_path / MANIFEST_NAME).read_text())
    assert data == {
        "format": 1,
        "jobs": {
            "a": {"hash": "1", "status": "cached", "size": 3},
            "b": {"hash": "2", "status": "failed"},
        },
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME, MANIFEST_NAME]


def test_unreadable_manifest_counts_as_empty_and_is_rewritten(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).write_text("{not json")
    assert read_manifest(tmp_path) == {}
    update_manifest(tmp_path, {"a": {"hash": "1"}})
    assert read_manifest(tmp_path) == {"a": {"hash": "1"}}


def _write_many(folder: str, prefix: str, count: int) -> None:
    for i in range(count):
        update_manifest(Path(folder), {f"{prefix}{i}": {"hash": str(i), "status": "rendered"}})


def test_two_processes_keep_each_others_entries(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=_write_many, args=(str(tmp_path), prefix, 25)) for prefix in "ab"
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    assert sorted(read_manifest(tmp_path)) == sorted(f"{p}{i}" for p in "ab" for i in range(25))


# --- hits, misses and invalidation through run_batch --------------------------------------------


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    write(tmp_path, "row.yaml", "scene: row_view\nmatrix: [[1, 2]]\nvector: [3, 4]\n")
    write(tmp_path, "bias.yaml", "scene: bias\n")
    return write(
        tmp_path,
        "lesson.yaml",
        "defaults: {render: {quality: preview}}\n"
        "matrix: {render.aspect: ['16:9', '9:16']}\n"
        "jobs: [row.yaml, bias.yaml]\n",
    )


def run(planned: list[PlannedJob], out: Path, fake: FakeRenderer, **options: bool) -> dict:
    reports = run_batch(planned, out, SerialExecutor(fake), **options)
    return {r.name: r.status for r in reports}


def test_cache_hit_miss_and_invalidation(tmp_path: Path, lesson: Path) -> None:
    out = tmp_path / "out"
    fake = FakeRenderer()
    everything = {"row_view-16x9", "row_view-9x16", "bias-16x9", "bias-9x16"}

    assert run(load_batch(lesson), out, fake) == dict.fromkeys(everything, "rendered")
    assert set(fake.calls) == everything

    fake.calls.clear()
    assert run(load_batch(lesson), out, fake) == dict.fromkeys(everything, "cached")
    assert fake.calls == []

    # Changing one config re-renders only the jobs it feeds.
    write(tmp_path, "row.yaml", "scene: row_view\nmatrix: [[1, 2]]\nvector: [3, 5]\n")
    assert run(load_batch(lesson), out, fake) == {
        "row_view-16x9": "rendered",
        "row_view-9x16": "rendered",
        "bias-16x9": "cached",
        "bias-9x16": "cached",
    }
    # So does an override from the command line, and a file that was changed or removed.
    fake.calls.clear()
    (out / "bias-16x9.mp4").write_bytes(b"edited by hand")
    (out / "row_view-9x16.mp4").unlink()
    statuses = run(load_batch(lesson), out, fake)
    assert sorted(fake.calls) == ["bias-16x9", "row_view-9x16"]
    assert statuses["bias-9x16"] == "cached"
    fake.calls.clear()
    run(load_batch(lesson, ["timing.speed=2"]), out, fake)
    assert set(fake.calls) == everything

    fake.calls.clear()
    assert run(load_batch(lesson, ["timing.speed=2"]), out, fake, force=True) == dict.fromkeys(
        everything, "rendered"
    )
    assert set(fake.calls) == everything


def test_manifest_contents(tmp_path: Path, lesson: Path) -> None:
    out = tmp_path / "out"
    planned = load_batch(lesson)
    run(planned, out, FakeRenderer(fail=frozenset({"bias-9x16"})))
    entries = read_manifest(out)
    ok = entries["row_view-9x16"]
    assert ok == {
        "hash": cache.job_hash(planned[1].job),
        "file": "row_view-9x16.mp4",
        "size": (out / "row_view-9x16.mp4").stat().st_size,
        "duration": 2.0,
        "resolution": "480x854",
        "width": 480,
        "height": 854,
        "fps": 24.0,
        "frames": 48,
        "codec": "h264",
        "seconds": 0.25,
        "status": "rendered",
        "origin": f"{lesson} jobs[0] render.aspect=9:16",
        # What the review page shows and sorts by.
        "scene": "row_view",
        "aspect": "9:16",
        "platform": None,
        "format": "mp4",
        "warnings": [],
    }
    failed = entries["bias-9x16"]
    assert failed["status"] == "failed" and "boom" in failed["error"]
    assert failed["file"] == "bias-9x16.mp4" and "size" not in failed
    assert failed["scene"] == "bias" and failed["aspect"] == "9:16"

    # A failed job is never a cache hit; the others are.
    fake = FakeRenderer()
    statuses = run(load_batch(lesson), out, fake)
    assert fake.calls == ["bias-9x16"] and statuses["bias-9x16"] == "rendered"
    assert read_manifest(out)["row_view-9x16"]["status"] == "cached"
    assert read_manifest(out)["row_view-9x16"]["seconds"] == 0.25  # what the render took


def test_up_to_date_reads_only_the_manifest(tmp_path: Path, lesson: Path) -> None:
    out = tmp_path / "out"
    planned = load_batch(lesson)
    assert up_to_date(planned, out) == set()
    run(planned, out, FakeRenderer())
    assert up_to_date(planned, out) == {p.name for p in planned}


def test_without_manifest_nothing_is_cached_or_recorded(tmp_path: Path, lesson: Path) -> None:
    out = tmp_path / "out"
    fake = FakeRenderer()
    planned = load_batch(lesson)[:1]
    run(planned, out, fake, manifest=False)
    run(planned, out, fake, manifest=False)
    assert fake.calls == ["row_view-16x9", "row_view-16x9"]
    assert [p.name for p in out.iterdir()] == ["row_view-16x9.mp4"]

"""The file-system module: cache folders, atomic writes and folder swaps, locks, the stale sweep."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mnemo_anim import files
from mnemo_anim.errors import RenderError

REPO = Path(__file__).resolve().parent.parent
OLD = b"the old, complete file\n"
CHUNK = b"x" * 65536
CHUNKS = 200  # 13 MB written in small steps: a kill lands mid-write

# Writes argv[1] through the atomic writer in chunks, saying when it has started.
WRITER = f"""
import sys, time
from pathlib import Path
from mnemo_anim import files
with files.atomic_path(Path(sys.argv[1])) as tmp, open(tmp, "wb") as handle:
    for i in range({CHUNKS}):
        handle.write(b"x" * 65536)
        handle.flush()
        if i == 0:
            print("started", flush=True)
        time.sleep(0.002)
print("done", flush=True)
"""


def litter(*folders: Path) -> list[str]:
    """Partial files and folders left in ``folders``."""
    return sorted(p.name for f in folders if f.is_dir() for p in f.glob(".mnemo-*"))


def staging() -> Path:
    return files.cache_root() / "staging"


# --- folders -----------------------------------------------------------------------------------


def test_cache_root_is_the_env_override_or_the_per_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(files.CACHE_ENV, str(tmp_path / "mine"))
    assert files.cache_root() == tmp_path / "mine"
    monkeypatch.delenv(files.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert files.cache_root() == tmp_path / "xdg" / "mnemo-anim"


def test_cache_folder_that_cannot_be_made_is_a_render_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv(files.CACHE_ENV, str(tmp_path / "file"))
    with pytest.raises(RenderError, match="cannot create the cache folder"):
        files.cache_folder("work")


def test_ensure_writable(tmp_path: Path) -> None:
    assert files.ensure_writable(tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(RenderError, match="cannot create the output folder"):
        files.ensure_writable(tmp_path / "file" / "sub")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):  # root may write anywhere
        pytest.skip("running as root")
    with pytest.raises(RenderError, match="is not writable"):
        files.ensure_writable(locked)


def test_work_dir_is_removed_afterwards(tmp_path: Path) -> None:
    with files.work_dir("t-") as folder:
        (folder / "f").write_text("x")
        assert folder.name.startswith(f"job-{os.getpid()}-t-")
    assert not folder.exists()


# --- atomic writes -----------------------------------------------------------------------------


def test_write_atomic_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "clip.srt"
    target.write_bytes(OLD)
    files.write_atomic(target, "new text ü\n")
    assert target.read_text(encoding="utf-8") == "new text ü\n"
    files.write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["clip.srt"]
    assert litter(staging()) == []


@pytest.mark.parametrize("durable", [True, False])
def test_a_write_syncs_to_disk_only_when_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(files, "_fsync", synced.append)
    target = tmp_path / "entry.pickle"
    files.write_atomic(target, b"kept", durable=durable)
    assert target.read_bytes() == b"kept"
    assert len(synced) == (2 if durable else 0)  # the file, then its folder
    assert litter(staging()) == []


def test_an_exception_mid_write_keeps_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "video.mp4"
    target.write_bytes(OLD)
    with pytest.raises(OSError, match="No space left"), files.atomic_path(target) as tmp:
        tmp.write_bytes(CHUNK)  # half of the new file is on disk ...
        raise OSError(28, "No space left on device")  # ... when the disk fills up
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["video.mp4"]
    assert litter(tmp_path, staging()) == []


def test_a_kill_mid_write_leaves_the_old_or_the_whole_new_file(tmp_path: Path) -> None:
    """SIGKILL at several moments of a write: the target is always the old file or the complete
    new one; a killed writer's temp file is swept by the next run, a finished one leaves none."""
    target = tmp_path / "manifest.json"
    seen = set()
    for delay in (0.0, 0.05, 0.2, None):  # None: let it finish
        target.write_bytes(OLD)
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "started"
        if delay is None:
            assert child.wait(timeout=60) == 0
        else:
            threading.Event().wait(delay)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
        content = target.read_bytes()
        assert content in (OLD, CHUNK * CHUNKS), len(content)
        seen.add("new" if content != OLD else "old")
        files.sweep_stale(tmp_path)
        assert litter(tmp_path, staging()) == []
    assert seen == {"old", "new"}  # some kill landed mid-write, and the finished write landed


def test_copy_atomic(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"abc")
    files.copy_atomic(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_bytes() == b"abc"


def test_folder_swap_replaces_the_whole_folder(tmp_path: Path) -> None:
    target = tmp_path / "clip_sections"
    target.mkdir()
    (target / "00-old.mp4").write_bytes(OLD)
    with files.atomic_dir(target) as folder:
        (folder / "00-new.mp4").write_bytes(b"new")
        (folder / "01-new.mp4").write_bytes(b"new")
        assert sorted(p.name for p in target.iterdir()) == ["00-old.mp4"]  # not yet
    assert sorted(p.name for p in target.iterdir()) == ["00-new.mp4", "01-new.mp4"]
    assert [p.name for p in tmp_path.iterdir()] == ["clip_sections"]
    assert litter(staging()) == []


def test_a_failed_folder_swap_keeps_the_old_folder(tmp_path: Path) -> None:
    target = tmp_path / "clip_sections"
    target.mkdir()
    (target / "00-old.mp4").write_bytes(OLD)
    with pytest.raises(RuntimeError), files.atomic_dir(target) as folder:
        (folder / "00-new.mp4").write_bytes(b"new")
        raise RuntimeError("encoder failed")
    assert sorted(p.name for p in target.iterdir()) == ["00-old.mp4"]
    assert litter(tmp_path, staging()) == []


# --- locks and the sweep -----------------------------------------------------------------------


def test_lock_is_reentrant_in_a_thread_and_exclusive_between_threads(tmp_path: Path) -> None:
    path = tmp_path / ".x.lock"
    other_got_it = threading.Event()

    def other() -> None:
        with files.lock(path):
            other_got_it.set()

    with files.lock(path), files.lock(path):  # nested: no deadlock
        thread = threading.Thread(target=other)
        thread.start()
        assert not other_got_it.wait(0.3)
    thread.join(timeout=10)
    assert other_got_it.is_set()
    assert path.exists()  # the lock file stays


def test_stale_sweep_removes_only_leftovers_of_dead_processes(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "work"
    out.mkdir()
    work.mkdir()
    dead = 2**22 + 12345  # above the kernel's default pid_max: never a live process
    stale = [
        out / f".mnemo-row_view-9x16-{dead}-1.partial.mp4",
        staging() / f".mnemo-clip_sections-{dead}-abc_12.partial",
        work / f"job-{dead}-xyz",
    ]
    live = [out / f".mnemo-row_view-{os.getpid()}-1.partial.mp4", work / f"job-{os.getpid()}-a"]
    staging().mkdir(parents=True, exist_ok=True)
    stale[1].mkdir()
    stale[2].mkdir()
    stale[0].write_bytes(b"x")
    live[0].write_bytes(b"x")
    live[1].mkdir()
    files.sweep_stale(out, work)
    assert [p.exists() for p in stale] == [False, False, False]
    assert [p.exists() for p in live] == [True, True]

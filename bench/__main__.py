"""``python -m bench``: mnemo-anim against the same lessons written as plain Manim scenes.

One run measures, alternating ours and the peer's runs so drift cancels:

1. **Scenes** — each scene kind's default config (``configs/<kind>.yaml``, 1080p60) through
   ``mnemo-anim render``, and ``bench/baseline/<kind>.py`` through ``manim -qh`` (Manim's
   defaults). Both start warm (LaTeX cached, one untimed run each) and render from scratch (a
   fresh output/media folder per run). Medians of wall time, CPU time, peak memory.
2. **Quality** — SSIM of each side's video against a lossless encode of its own frames.
   **Cold** — a render with an empty cache, then at once a warm one, in pairs (the ratio is
   the median of the pairs').
3. **CLI** — ``--help``, ``validate``, and a fully cached ``batch`` re-render (and whether it
   imported Manim).
4. **Batch** — ``configs/lesson.yaml`` with ``--jobs 1`` and ``--jobs 2`` against the baseline
   scenes rendered one after another (throughput in seconds of video per wall second).
5. **Encoders** (``--encoders``) — the x264 settings table the presets were chosen from.

Writes ``bench/results.json`` and prints a markdown table. ``--quick`` is a small version
(preview quality, one scene, one run) for the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import measure, quality
from mnemo_anim.render.settings import X264_OPTIONS

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
SCENES = {  # the lesson's order (configs/lesson.yaml)
    "transformation": "Transformation",
    "gallery": "Gallery",
    "shapes": "Shapes",
    "row_view": "RowView",
    "column_view": "ColumnView",
    "linearity": "Linearity",
    "bias": "Bias",
    "composition": "Composition",
    "layers": "Layers",
}
# The two peers: Manim's defaults, and Manim as a user who knows its speed flags runs it
# (encoding overlapped with drawing, x264's fastest preset).
PEERS: dict[str, tuple[str, ...]] = {
    "peer": (),
    "tuned": ("--max-inflight-encoders", "2", "--encoder-option", "preset=ultrafast"),
}
SIDES = ("ours", *PEERS)
# ``--quick`` (the test suite's run) proves the bench works end to end, not a speed: every side
# renders at 480p and this frame rate, half of Manim's -ql, to keep the suite short.
QUICK_FPS = 12
# The candidates of the encoder sweep (x264 presets from fastest to Manim's default).
HIGH = {"x264-params": "cabac=1:8x8dct=1"}  # CABAC and 8x8 transforms: H.264 High profile
CANDIDATES = [
    {"preset": "ultrafast", "crf": "23", "threads": "1"},  # Constrained Baseline: not used
    {"preset": "ultrafast", "crf": "23", "threads": "1", **HIGH},  # chosen against Manim's default
    {"preset": "ultrafast", "crf": "18", "threads": "1", **HIGH},  # chosen against the tuned peer
    dict(X264_OPTIONS["high"]),  # chosen: what every render uses (finer chroma, see settings)
    {"preset": "superfast", "crf": "23", "threads": "1"},
    {"preset": "veryfast", "crf": "23", "threads": "1"},
    {"preset": "veryfast", "crf": "18", "threads": "1"},  # mnemo-anim before bench/
    {"preset": "medium", "crf": "23"},  # Manim's default
]
TARGETS = {
    "scene_speedup": 2.0,  # against the tuned peer
    "ssim": 0.98,
    "video_s_per_wall_s": 2.0,
    "video_s_per_wall_s_row_view": 3.0,
    "cold_vs_warm": 1.3,
    "peak_pss_mb": 290.0,  # "about 280 MB", the figure before the tuned peer was added
    "cached_s": 0.3,
    "help_s": 0.3,
    "validate_s": 0.3,
    "batch_throughput": 2.5,
}


class Bench:
    """One benchmark run; ``results`` becomes ``bench/results.json``."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.quick: bool = args.quick
        self.runs: int = args.runs
        self.work: Path = args.work
        # Our LaTeX cache and work folders (kept between runs: warm).
        self.cache = args.cache or self.work / "cache"
        self.peer_tex = self.work / "peer-tex"  # the peer's LaTeX cache (kept: warm)
        self.scratch = self.work / "run"  # outputs of this run
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True)
        self.cache.mkdir(parents=True, exist_ok=True)
        self.peer_tex.mkdir(parents=True, exist_ok=True)
        self.peer_cfg = self.work / "manim.cfg"
        # The peer gets a warm LaTeX cache too, like a Manim user's project folder after its
        # first render; its media folder (partial movie cache) is fresh for every run.
        self.peer_cfg.write_text(f"[CLI]\ntex_dir = {self.peer_tex}\n")
        self.env = {"MNEMO_ANIM_CACHE": str(self.cache), "PYTHONUNBUFFERED": "1"}
        self.results: dict[str, Any] = {"meta": self.meta(), "scenes": {}}

    # -- helpers ---------------------------------------------------------------------------

    def meta(self) -> dict[str, Any]:
        try:
            rev = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            dirty = bool(
                subprocess.run(
                    ["git", "status", "--porcelain", "--untracked-files=no"],
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.strip()
            )
        except OSError:
            rev, dirty = "", False
        from importlib.metadata import version

        return {
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "git": rev + ("+dirty" if dirty else ""),
            "quick": self.quick,
            "runs": self.runs,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "manim": version("manim"),
            "av": version("av"),
            "load_before": list(measure.load()),
        }

    def say(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def check(self, run: measure.Run, what: str) -> measure.Run:
        if run.returncode != 0:
            raise SystemExit(f"{what} failed ({run.returncode}):\n{run.stderr[-3000:]}")
        return run

    def ours_command(self, kind: str, out: Path, level: str = "high") -> list[str]:
        command = [str(BIN / "mnemo-anim"), "render", str(REPO / "configs" / f"{kind}.yaml")]
        command += ["-o", str(out)]
        if self.quick:
            command += ["-q", "preview", "--set", f"render.fps={QUICK_FPS}"]
        elif level != "high":
            command += ["-q", level]
        return command

    def peer_command(
        self, kind: str, media: Path, *extra: str, level: str = "high", cfg: Path | None = None
    ) -> list[str]:
        if self.quick:
            quality_flags = ["-ql", "--fps", str(QUICK_FPS)]
        else:
            quality_flags = ["-qk"] if level == "4k" else ["-qh"]
        return [
            str(BIN / "manim"),
            "render",
            *quality_flags,
            "--media_dir",
            str(media),
            "-c",
            str(cfg or self.peer_cfg),
            "--progress_bar",
            "none",
            "-v",
            "WARNING",
            *extra,
            str(HERE / "baseline" / f"{kind}.py"),
            SCENES[kind],
        ]

    def side_run(self, side: str, kind: str, out: Path, level: str = "high") -> measure.Run:
        """One timed render by ``side`` (``ours`` or a peer's name) into the fresh ``out``."""
        if side == "ours":
            run = measure.run(self.ours_command(kind, out, level), env=self.env)
        else:
            run = measure.run(self.peer_command(kind, out, *PEERS[side], level=level))
        return self.check(run, f"{side} {kind} {level}")

    def side_video(self, side: str, kind: str, out: Path) -> Path:
        return next(out.glob("*.mp4")) if side == "ours" else self.peer_video(out, kind)

    @staticmethod
    def peer_video(media: Path, kind: str) -> Path:
        found = [
            p for p in media.rglob(f"{SCENES[kind]}.mp4") if "partial_movie_files" not in p.parts
        ]
        if not found:
            raise SystemExit(f"manim wrote no {SCENES[kind]}.mp4 under {media}")
        return found[0]

    @staticmethod
    def video_facts(path: Path) -> dict[str, Any]:
        from mnemo_anim.render.encode import probe

        info = probe(path)
        return {
            "frames": info.frames,
            "duration": info.duration,
            "size": f"{info.width}x{info.height}@{info.fps:g}",
            "mbit_per_s": path.stat().st_size * 8 / max(info.duration, 1e-9) / 1e6,
        }

    # -- 1 and 2: scenes and quality -----------------------------------------------------------

    def scene(self, kind: str, level: str = "high", runs: int | None = None) -> dict[str, Any]:
        """Ours and both peers, ``runs`` times each, rotating who goes first so drift cancels."""
        runs = runs or self.runs
        self.say(f"== {kind} ({level})")
        base = self.scratch / f"{kind}-{level}"
        if not self.quick and level == "high":  # warm the caches and the OS file cache
            for side in SIDES:
                self.side_run(side, kind, base / f"warm-{side}", level)
        measured: dict[str, list[measure.Run]] = {side: [] for side in SIDES}
        for i in range(runs):
            order = SIDES[i % len(SIDES) :] + SIDES[: i % len(SIDES)]
            for side in order:
                run = self.side_run(side, kind, base / f"{side}-{i}", level)
                measured[side].append(run)
                self.say(f"  {side:5s} run {i + 1}: {run.wall:6.2f} s  cpu {run.cpu:6.2f} s")
        videos = {side: self.side_video(side, kind, base / f"{side}-{runs - 1}") for side in SIDES}
        entry: dict[str, Any] = {}
        for side in SIDES:
            row = {**measure.summary(measured[side]), **self.video_facts(videos[side])}
            row["frames_per_wall_s"] = row["frames"] / row["wall"]
            row["video_s_per_wall_s"] = row["duration"] / row["wall"]
            entry[side] = row
        for peer in PEERS:
            entry[f"speedup_vs_{peer}"] = entry[peer]["wall"] / entry["ours"]["wall"]
            entry[f"duration_ratio_{peer}"] = entry["ours"]["duration"] / entry[peer]["duration"]
        entry["speedup"] = entry["speedup_vs_tuned"]
        entry["duration_ratio"] = entry["duration_ratio_tuned"]
        entry["memory_ratio"] = _ratio(entry["ours"]["peak_pss_mb"], entry["tuned"]["peak_pss_mb"])
        if not self.args.no_quality and level == "high":
            entry["quality"] = self.quality(kind, base, videos)
        for i in range(runs - 1):  # keep only the last videos (for the quality check)
            for side in SIDES:
                shutil.rmtree(base / f"{side}-{i}", ignore_errors=True)
        return entry

    def quality(self, kind: str, base: Path, videos: dict[str, Path]) -> dict[str, Any]:
        self.say(f"  quality: lossless renders of {kind}")
        sets = ["--set", "render.quality=preview", "--set", f"render.fps={QUICK_FPS}"]
        sets = sets if self.quick else []
        lossless_dir = base / "lossless-ours"
        command = [sys.executable, "-m", "bench.quality", "lossless"]
        command += [str(REPO / "configs" / f"{kind}.yaml"), str(lossless_dir), *sets]
        self.check(measure.run(command, env=self.env, cwd=REPO), f"lossless {kind}")
        result = {"ours": quality.ssim(videos["ours"], next(lossless_dir.glob("*.mp4")))}
        # Both peers draw the same frames: one lossless encode of them serves as the reference
        # for each.
        media = base / "lossless-peer"
        lossless = ("--encoder-option", "preset=ultrafast", "--encoder-option", "crf=0")
        self.check(measure.run(self.peer_command(kind, media, *lossless)), f"lossless {kind}")
        reference = self.peer_video(media, kind)
        for peer in PEERS:
            result[peer] = quality.ssim(videos[peer], reference)
        return result

    def cold(self, kind: str) -> dict[str, Any]:
        """A first render on a new machine against the warm one right after it.

        Ours: ``self.runs`` pairs, each a render with an empty cache and a fresh output folder,
        then the same render again with the cache it filled (also a fresh output folder). The
        ratio is the median of the pairs' ratios: the two renders of a pair run back to back,
        so a host whose speed drifts over the bench moves both. The tuned peer: one render with
        an empty Typst folder and a fresh media folder, for comparison.
        """
        self.say(f"== {kind} cold")
        base = self.scratch / f"{kind}-cold"
        colds: list[measure.Run] = []
        warms: list[measure.Run] = []
        for i in range(max(1, self.runs)):
            pair = base / f"pair-{i}"
            env = {**self.env, "MNEMO_ANIM_CACHE": str(pair / "cache")}
            cold = self.check(measure.run(self.ours_command(kind, pair / "cold"), env=env), "cold")
            warm = self.check(measure.run(self.ours_command(kind, pair / "warm"), env=env), "warm")
            self.say(f"  pair {i + 1}: cold {cold.wall:6.2f} s, warm {warm.wall:6.2f} s")
            colds.append(cold)
            warms.append(warm)
            shutil.rmtree(pair, ignore_errors=True)
        tex = base / "peer-tex"
        tex.mkdir(parents=True)
        cfg = base / "manim.cfg"
        cfg.write_text(f"[CLI]\ntex_dir = {tex}\n")
        command = self.peer_command(kind, base / "tuned", *PEERS["tuned"], cfg=cfg)
        tuned = self.check(measure.run(command), "cold tuned")
        self.say(f"  tuned {tuned.wall:6.2f} s")
        shutil.rmtree(base, ignore_errors=True)
        return {
            "ours": measure.summary(colds),
            "ours_warm": measure.summary(warms),
            "ratio": statistics.median(c.wall / w.wall for c, w in zip(colds, warms, strict=True)),
            "tuned": tuned.as_dict(),
        }

    def narrated(self, kind: str = "row_view") -> dict[str, Any]:
        """The scene narrated (``narration: auto``, ``voice: auto``): its steps hold until the
        narration is said, and the soundtrack is muxed in. No peer: Manim does not speak. One
        untimed run first (the speech cache then holds the sentences), then timed runs."""
        self.say(f"== {kind} narrated")
        base = self.scratch / f"{kind}-narrated"
        narration = ["--set", "narration=auto", "--set", "voice=auto"]
        runs: list[measure.Run] = []
        for i in range(self.runs + 1):
            command = [*self.ours_command(kind, base / f"run-{i}"), *narration]
            run = self.check(measure.run(command, env=self.env), f"narrated {kind}")
            if i:
                runs.append(run)
                self.say(f"  run {i}: {run.wall:6.2f} s  cpu {run.cpu:6.2f} s")
        row = {**measure.summary(runs), **self.video_facts(next((base / f"run-{i}").glob("*.mp4")))}
        row["video_s_per_wall_s"] = row["duration"] / row["wall"]
        row["scene"] = kind
        return row

    # -- 3: the command line -------------------------------------------------------------------

    def cli(self) -> None:
        self.say("== command line")
        tool = str(BIN / "mnemo-anim")
        configs = sorted(str(p) for p in (REPO / "configs").glob("*.yaml") if p.stem != "lesson")
        repeats = 3 if self.quick else 7
        out: dict[str, Any] = {}
        for name, command in (
            ("help", [tool, "--help"]),
            ("validate", [tool, "validate", *configs]),
        ):
            runs = [
                self.check(measure.run(command, env=self.env, memory=False), name)
                for _ in range(repeats)
            ]
            out[name] = measure.summary(runs)
        self.results["cli"] = out

    # -- 4: batches ----------------------------------------------------------------------------

    def batch_file(self) -> Path:
        if not self.quick:
            return REPO / "configs" / "lesson.yaml"
        path = self.work / "quick-batch.yaml"
        config = os.path.relpath(REPO / "configs" / "row_view.yaml", self.work)
        path.write_text(
            f'matrix:\n  render.aspect: ["16:9", "9:16"]\njobs:\n  - config: {config}\n'
        )
        return path

    def batch(self) -> None:
        self.say("== batch")
        tool = str(BIN / "mnemo-anim")
        file = self.batch_file()
        out = self.scratch / "batch"
        flags = ["-q", "preview", "--set", "timing.speed=4"] if self.quick else []
        runs: dict[int, list[measure.Run]] = {1: [], 2: []}
        count = self.args.batch_runs or (1 if self.quick else self.runs)
        for i in range(count):
            for jobs in (1, 2) if i % 2 == 0 else (2, 1):
                command = [tool, "batch", str(file), "-o", str(out), "--force", "--jobs", str(jobs)]
                command += flags
                run = self.check(measure.run(command, env=self.env), f"batch --jobs {jobs}")
                runs[jobs].append(run)
                self.say(f"  --jobs {jobs} run {i + 1}: {run.wall:6.2f} s  cpu {run.cpu:6.2f} s")
        videos = sorted(out.glob("*.mp4"))
        seconds = sum(self.video_facts(v)["duration"] for v in videos)
        shown = file.relative_to(REPO) if file.is_relative_to(REPO) else file
        result: dict[str, Any] = {"file": str(shown), "videos": len(videos)}
        result["video_seconds"] = seconds
        for jobs, measured in runs.items():
            summary = measure.summary(measured)
            summary["video_s_per_wall_s"] = seconds / summary["wall"]
            result[f"jobs{jobs}"] = summary
        result["jobs2_vs_jobs1"] = result["jobs1"]["wall"] / result["jobs2"]["wall"]
        # The peers: the same lessons as plain Manim scenes, one `manim` after another (the
        # per-scene medians measured above, summed).
        scenes = self.results["scenes"]
        best = max(result["jobs1"]["video_s_per_wall_s"], result["jobs2"]["video_s_per_wall_s"])
        for peer in PEERS if scenes else ():
            peer_wall = sum(s[peer]["wall"] for s in scenes.values())
            peer_video = sum(s[peer]["duration"] for s in scenes.values())
            result[f"{peer}_sequential"] = {
                "scenes": sorted(scenes),
                "wall": peer_wall,
                "video_seconds": peer_video,
                "video_s_per_wall_s": peer_video / peer_wall,
            }
            result[f"throughput_vs_{peer}"] = (
                best / result[f"{peer}_sequential"]["video_s_per_wall_s"]
            )
        # A fully cached re-render: every job is up to date now.
        cached = [
            self.check(
                measure.run(
                    [tool, "batch", str(file), "-o", str(out), *flags], env=self.env, memory=False
                ),
                "cached",
            )
            for _ in range(3 if self.quick else 7)
        ]
        result["cached"] = measure.summary(cached)
        traced = [sys.executable, "-X", "importtime", "-m", "mnemo_anim", "batch", str(file)]
        trace = subprocess.run(
            [*traced, "-o", str(out), *flags],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=False,
        )
        result["cached"]["imports_manim"] = any(
            line.rstrip().endswith("| manim") for line in trace.stderr.splitlines()
        )
        self.results["batch"] = result

    # -- 5: encoder settings -------------------------------------------------------------------

    def encoders(self) -> None:
        self.say("== encoder sweep")
        table: dict[str, Any] = {}
        kind = "composition"  # the most motion: the hardest for a fast encoder
        for level in ("preview", "medium", "high"):
            folder = self.scratch / f"sweep-{level}"
            command = [sys.executable, "-m", "bench.quality", "lossless"]
            command += [str(REPO / "configs" / f"{kind}.yaml"), str(folder)]
            command += ["--set", f"render.quality={level}"]
            self.check(measure.run(command, env=self.env, cwd=REPO), f"lossless {level}")
            reference = next(folder.glob("*.mp4"))
            self.say(f"  {level}: {reference.name}")
            table[level] = quality.sweep(reference, CANDIDATES, folder)
        self.results["encoders"] = {"scene": kind, "table": table}

    # -- report --------------------------------------------------------------------------------

    def verdicts(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        scenes = self.results["scenes"]
        for kind, entry in scenes.items():
            out[kind] = self.scene_verdicts(kind, entry)
        cli = self.results.get("cli", {})
        if cli:
            out["help_ok"] = cli["help"]["wall"] <= TARGETS["help_s"]
            out["validate_ok"] = cli["validate"]["wall"] <= TARGETS["validate_s"]
        batch = self.results.get("batch", {})
        if batch:
            out["cached_ok"] = (
                batch["cached"]["wall"] <= TARGETS["cached_s"]
                and not batch["cached"]["imports_manim"]
            )
            out["jobs2_not_slower"] = batch["jobs2"]["wall"] <= batch["jobs1"]["wall"]
            if "throughput_vs_tuned" in batch:
                out["batch_throughput_ok"] = (
                    batch["throughput_vs_tuned"] >= TARGETS["batch_throughput"]
                )
        return out

    def scene_verdicts(self, kind: str, entry: dict[str, Any]) -> dict[str, Any]:
        """The issue's goals for one scene at 1080p60."""
        q = entry.get("quality", {})
        ours, tuned = q.get("ours"), q.get("tuned")
        key = "video_s_per_wall_s_row_view" if kind == "row_view" else "video_s_per_wall_s"
        floor = TARGETS[key]
        pss = entry["ours"]["peak_pss_mb"]
        verdict: dict[str, Any] = {
            "speedup_vs_tuned_ok": entry["speedup_vs_tuned"] >= TARGETS["scene_speedup"],
            "video_s_per_wall_s_ok": entry["ours"]["video_s_per_wall_s"] >= floor,
            "ssim_ok": (
                ours["mean"] >= max(TARGETS["ssim"], tuned["mean"]) and ours["min"] >= tuned["min"]
                if ours and tuned
                else None
            ),
            "memory_ok": pss <= TARGETS["peak_pss_mb"] if pss is not None else None,
        }
        cold = self.results.get("cold", {}).get(kind)
        if cold:
            ratio = cold["ratio"]
            verdict["cold_vs_warm"] = ratio
            verdict["cold_ok"] = ratio <= TARGETS["cold_vs_warm"]
        return verdict

    def run(self) -> dict[str, Any]:
        kinds = self.args.scenes or (["row_view"] if self.quick else list(SCENES))
        if self.args.only_4k:  # the 4K rows on their own (a second, shorter sitting)
            self.results["scenes_4k"] = {
                kind: self.scene(kind, "4k", runs=self.args.runs_4k) for kind in kinds
            }
            self.results["meta"]["load_after"] = list(measure.load())
            return self.results
        for kind in kinds:
            self.results["scenes"][kind] = self.scene(kind)
        if not (self.quick or self.args.no_cold):
            self.results["cold"] = {kind: self.cold(kind) for kind in kinds}
        if not (self.quick or self.args.no_narrated) and _speaks():
            self.results["narrated"] = self.narrated()
        if not (self.quick or self.args.no_4k):
            self.results["scenes_4k"] = {
                kind: self.scene(kind, "4k", runs=self.args.runs_4k) for kind in kinds
            }
        if not self.args.no_cli:
            self.cli()
        if not self.args.no_batch:
            self.batch()
        if self.args.encoders:
            self.encoders()
        self.results["targets"] = TARGETS
        self.results["verdicts"] = self.verdicts()
        self.results["meta"]["load_after"] = list(measure.load())
        return self.results


def _speaks() -> bool:
    """Whether this tree's jobs take narration (the narrated row is skipped otherwise)."""
    from mnemo_anim.config.models import JobBase

    return "narration" in JobBase.model_fields and "voice" in JobBase.model_fields


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def markdown(results: dict[str, Any]) -> str:
    """The results as markdown tables."""
    meta = results["meta"]
    lines = [
        f"mnemo-anim bench — {meta['date']}, git {meta['git']}, {meta['cpus']} CPUs, "
        f"Manim {meta['manim']}, {meta['runs']} run(s){' (quick)' if meta['quick'] else ''}, "
        f"load {meta['load_before'][0]:.2f} → {meta.get('load_after', [0])[0]:.2f}",
        "",
        *_scene_table(results["scenes"], "1080p60"),
    ]
    if results.get("scenes_4k"):
        lines += ["", *_scene_table(results["scenes_4k"], "4K60")]
    narrated = results.get("narrated")
    if narrated:
        lines += [
            "",
            f"narrated `{narrated['scene']}` (narration: auto, voice: auto): "
            f"{narrated['wall']:.2f} s wall, {narrated['cpu']:.1f} s CPU for "
            f"{narrated['duration']:.1f} s of video ({narrated['video_s_per_wall_s']:.2f} "
            "video s / wall s)",
        ]
    if results.get("cold"):
        lines += [
            "",
            "| cold first render (pairs: cold, then warm) | ours cold s | ours warm s "
            "| cold / warm | tuned cold s | tuned warm s |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for kind, cold in results["cold"].items():
            warm = results["scenes"][kind]
            lines.append(
                f"| {kind} | {cold['ours']['wall']:.2f} | {cold['ours_warm']['wall']:.2f} "
                f"| {cold['ratio']:.2f} "
                f"| {cold['tuned']['wall']:.2f} | {warm['tuned']['wall']:.2f} |"
            )
    lines += _command_tables(results)
    enc = results.get("encoders")
    if enc:
        lines += [
            "",
            f"x264 settings on the lossless frames of `{enc['scene']}`:",
            "",
            "| quality | options | cpu ms/frame | Mbit/s | SSIM mean | SSIM min |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for level, rows in enc["table"].items():
            for r in rows:
                lines.append(
                    f"| {level} | {r['options']} | {r['cpu_ms_per_frame']:.1f} "
                    f"| {r['mbit_per_s']:.2f} | {r['ssim_mean']:.5f} | {r['ssim_min']:.5f} |"
                )
    verdicts = results.get("verdicts", {})
    if verdicts:
        lines += ["", "targets: " + json.dumps(verdicts)]
    return "\n".join(lines)


def _command_tables(results: dict[str, Any]) -> list[str]:
    """The command-line timings and the batch table."""
    lines: list[str] = []
    cli, batch = results.get("cli"), results.get("batch")
    if cli or batch:
        lines += ["", "| command | median s | target |", "|---|---:|---|"]
    if cli:
        lines.append(f"| `mnemo-anim --help` | {cli['help']['wall']:.3f} | ≤ 0.3 s |")
        lines.append(
            f"| `mnemo-anim validate configs/*.yaml` | {cli['validate']['wall']:.3f} | ≤ 0.3 s |"
        )
    if batch:
        c = batch["cached"]
        lines.append(
            f"| cached `batch {batch['file']}` | {c['wall']:.3f} "
            f"| ≤ 0.3 s, imports Manim: {'yes' if c['imports_manim'] else 'no'} |"
        )
        lines += [
            "",
            f"| batch `{batch['file']}` ({batch['videos']} videos, {batch['video_seconds']:.0f} s "
            "of video) | wall s | cpu s | video s per wall s |",
            "|---|---:|---:|---:|",
        ]
        for jobs in (1, 2):
            b = batch[f"jobs{jobs}"]
            lines.append(
                f"| `--jobs {jobs}` | {b['wall']:.1f} | {b['cpu']:.1f} "
                f"| {b['video_s_per_wall_s']:.2f} |"
            )
        for peer in PEERS:
            seq = batch.get(f"{peer}_sequential")
            if seq:
                flags = " ".join(("manim -qh", *PEERS[peer]))
                lines.append(
                    f"| {peer}: {len(seq['scenes'])} baseline scenes, `{flags}` one after "
                    f"another | {seq['wall']:.1f} | | {seq['video_s_per_wall_s']:.2f} |"
                )
        if "throughput_vs_tuned" in batch:
            lines.append(
                f"\nbatch throughput vs `manim -qh`: **{batch['throughput_vs_peer']:.2f}×**, "
                f"vs tuned: **{batch['throughput_vs_tuned']:.2f}×**; "
                f"`--jobs 2` vs `--jobs 1`: {batch['jobs2_vs_jobs1']:.2f}×"
            )
    return lines


def _scene_table(scenes: dict[str, Any], label: str) -> list[str]:
    """One row per scene: wall seconds of the three sides, ratios, CPU, memory, SSIM."""
    lines = [
        f"| scene ({label}) | video | `manim` s | tuned s | ours s | vs `manim` | vs tuned "
        "| ours video s/s | tuned video s/s | ours cpu | tuned cpu | ours MB | tuned MB "
        "| ours SSIM | tuned SSIM | `manim` SSIM |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, e in scenes.items():
        o, p, t = e["ours"], e["peer"], e["tuned"]
        q = e.get("quality", {})
        lines.append(
            f"| {kind} | {o['size']}, {o['duration']:.1f} s (peer {t['duration']:.1f} s) "
            f"| {p['wall']:.2f} | {t['wall']:.2f} | {o['wall']:.2f} "
            f"| {e['speedup_vs_peer']:.2f}× | **{e['speedup_vs_tuned']:.2f}×** "
            f"| {o['video_s_per_wall_s']:.2f} | {t['video_s_per_wall_s']:.2f} "
            f"| {o['cpu']:.1f} | {t['cpu']:.1f} "
            f"| {_mb(o['peak_pss_mb'])} | {_mb(t['peak_pss_mb'])} "
            f"| {_ssim(q.get('ours'))} | {_ssim(q.get('tuned'))} | {_ssim(q.get('peer'))} |"
        )
    return lines


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _ssim(entry: dict[str, Any] | None) -> str:
    return "–" if not entry else f"{entry['mean']:.4f} (min {entry['min']:.4f})"


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark mnemo-anim against plain Manim (see bench/README.md).",
    )
    parser.add_argument("--quick", action="store_true", help="A small run: preview, one scene.")
    parser.add_argument("--runs", type=int, default=None, help="Runs per scene (default 3).")
    parser.add_argument("--scenes", nargs="+", choices=sorted(SCENES), help="Scene kinds.")
    parser.add_argument("--batch-runs", type=int, default=None, help="Runs per --jobs value.")
    parser.add_argument("--no-quality", action="store_true", help="Skip the SSIM check.")
    parser.add_argument("--no-cli", action="store_true", help="Skip --help/validate timing.")
    parser.add_argument("--no-batch", action="store_true", help="Skip the batch measurements.")
    parser.add_argument("--encoders", action="store_true", help="Also sweep x264 settings.")
    parser.add_argument("--no-cold", action="store_true", help="Skip the cold-cache renders.")
    parser.add_argument("--no-4k", action="store_true", help="Skip the 4K60 renders.")
    parser.add_argument("--no-narrated", action="store_true", help="Skip the narrated render.")
    parser.add_argument("--runs-4k", type=int, default=1, help="Runs per scene at 4K60.")
    parser.add_argument("--only-4k", action="store_true", help="Only the 4K60 renders.")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="Scratch folder.")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="Results file.")
    parser.add_argument(
        "--cache", type=Path, default=None, help="mnemo-anim's cache folder (default: WORK/cache)."
    )
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    bench = Bench(args)
    results = bench.run()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))
    print(f"\nwrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

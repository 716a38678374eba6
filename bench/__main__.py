"""``python -m bench``: mnemo-anim against the same lessons written as plain Manim scenes.

One run measures, alternating ours and the peer's runs so drift cancels:

1. **Scenes** — each scene kind's default config (``configs/<kind>.yaml``, 1080p60) through
   ``mnemo-anim render``, and ``bench/baseline/<kind>.py`` through ``manim -qh`` (Manim's
   defaults). Both start warm (LaTeX cached, one untimed run each) and render from scratch (a
   fresh output/media folder per run). Medians of wall time, CPU time, peak memory.
2. **Quality** — SSIM of each side's video against a lossless encode of its own frames.
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
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import measure, quality

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
SCENES = {
    "row_view": "RowView",
    "column_view": "ColumnView",
    "bias": "Bias",
    "composition": "Composition",
}
# The candidates of the encoder sweep (x264 presets from fastest to Manim's default).
HIGH = {"x264-params": "cabac=1:8x8dct=1"}  # CABAC and 8x8 transforms: H.264 High profile
CANDIDATES = [
    {"preset": "ultrafast", "crf": "23", "threads": "1"},  # Constrained Baseline: not used
    {"preset": "ultrafast", "crf": "23", "threads": "1", **HIGH},  # chosen
    {"preset": "ultrafast", "crf": "18", "threads": "1", **HIGH},
    {"preset": "superfast", "crf": "23", "threads": "1"},
    {"preset": "veryfast", "crf": "23", "threads": "1"},
    {"preset": "veryfast", "crf": "18", "threads": "1"},  # mnemo-anim before bench/
    {"preset": "medium", "crf": "23"},  # Manim's default
]
TARGETS = {
    "scene_speedup": 2.0,
    "ssim": 0.98,
    "video_s_per_wall_s": 1.0,
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

    def ours_command(self, kind: str, out: Path) -> list[str]:
        command = [str(BIN / "mnemo-anim"), "render", str(REPO / "configs" / f"{kind}.yaml")]
        command += ["-o", str(out)]
        if self.quick:
            command += ["-q", "preview"]
        return command

    def peer_command(self, kind: str, media: Path, *extra: str) -> list[str]:
        quality_flags = ["-ql", "--fps", "24"] if self.quick else ["-qh"]
        return [
            str(BIN / "manim"),
            "render",
            *quality_flags,
            "--media_dir",
            str(media),
            "-c",
            str(self.peer_cfg),
            "--progress_bar",
            "none",
            "-v",
            "WARNING",
            *extra,
            str(HERE / "baseline" / f"{kind}.py"),
            SCENES[kind],
        ]

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

    def scene(self, kind: str) -> None:
        self.say(f"== {kind}")
        base = self.scratch / kind
        if not self.quick:  # warm both LaTeX caches and the OS file cache; not timed
            self.check(measure.run(self.ours_command(kind, base / "warm-ours"), env=self.env), kind)
            self.check(measure.run(self.peer_command(kind, base / "warm-peer")), kind)
        ours: list[measure.Run] = []
        peer: list[measure.Run] = []
        for i in range(self.runs):
            order = ("ours", "peer") if i % 2 == 0 else ("peer", "ours")
            for side in order:
                if side == "ours":
                    run = measure.run(self.ours_command(kind, base / f"ours-{i}"), env=self.env)
                    ours.append(self.check(run, f"mnemo-anim render {kind}"))
                else:
                    run = measure.run(self.peer_command(kind, base / f"peer-{i}"))
                    peer.append(self.check(run, f"manim {kind}"))
                self.say(f"  {side:4s} run {i + 1}: {run.wall:6.2f} s  cpu {run.cpu:6.2f} s")
        last = self.runs - 1
        our_video = next((base / f"ours-{last}").glob("*.mp4"))
        peer_video = self.peer_video(base / f"peer-{last}", kind)
        entry: dict[str, Any] = {
            "ours": {**measure.summary(ours), **self.video_facts(our_video)},
            "peer": {**measure.summary(peer), **self.video_facts(peer_video)},
        }
        for side in ("ours", "peer"):
            row = entry[side]
            row["frames_per_wall_s"] = row["frames"] / row["wall"]
            row["video_s_per_wall_s"] = row["duration"] / row["wall"]
        entry["speedup"] = entry["peer"]["wall"] / entry["ours"]["wall"]
        entry["memory_ratio"] = _ratio(entry["ours"]["peak_pss_mb"], entry["peer"]["peak_pss_mb"])
        entry["duration_ratio"] = entry["ours"]["duration"] / entry["peer"]["duration"]
        if not self.args.no_quality:
            entry["quality"] = self.quality(kind, base, our_video, peer_video)
        self.results["scenes"][kind] = entry
        for i in range(self.runs - 1):  # keep only the last videos (for the quality check)
            shutil.rmtree(base / f"ours-{i}", ignore_errors=True)
            shutil.rmtree(base / f"peer-{i}", ignore_errors=True)

    def quality(self, kind: str, base: Path, our_video: Path, peer_video: Path) -> dict[str, Any]:
        self.say(f"  quality: lossless renders of {kind}")
        sets = ["--set", "render.quality=preview"] if self.quick else []
        lossless_dir = base / "lossless-ours"
        command = [sys.executable, "-m", "bench.quality", "lossless"]
        command += [str(REPO / "configs" / f"{kind}.yaml"), str(lossless_dir), *sets]
        self.check(measure.run(command, env=self.env, cwd=REPO), f"lossless {kind}")
        result = {"ours": quality.ssim(our_video, next(lossless_dir.glob("*.mp4")))}
        if not self.quick:
            media = base / "lossless-peer"
            lossless = ("--encoder-option", "preset=ultrafast", "--encoder-option", "crf=0")
            self.check(measure.run(self.peer_command(kind, media, *lossless)), f"lossless {kind}")
            result["peer"] = quality.ssim(peer_video, self.peer_video(media, kind))
        return result

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
            runs = [self.check(measure.run(command, env=self.env), name) for _ in range(repeats)]
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
        # The peer: the same lessons as plain Manim scenes, one `manim -qh` after another (the
        # per-scene medians measured above, summed).
        scenes = self.results["scenes"]
        if scenes:
            peer_wall = sum(s["peer"]["wall"] for s in scenes.values())
            peer_video = sum(s["peer"]["duration"] for s in scenes.values())
            result["peer_sequential"] = {
                "scenes": sorted(scenes),
                "wall": peer_wall,
                "video_seconds": peer_video,
                "video_s_per_wall_s": peer_video / peer_wall,
            }
            best = max(result["jobs1"]["video_s_per_wall_s"], result["jobs2"]["video_s_per_wall_s"])
            result["throughput_vs_peer"] = best / result["peer_sequential"]["video_s_per_wall_s"]
        # A fully cached re-render: every job is up to date now.
        cached = [
            self.check(
                measure.run([tool, "batch", str(file), "-o", str(out), *flags], env=self.env),
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
            q = entry.get("quality", {}).get("ours", {})
            out[kind] = {
                "speedup_ok": entry["speedup"] >= TARGETS["scene_speedup"],
                "ssim_ok": q.get("mean", 1.0) >= TARGETS["ssim"] if q else None,
                "memory_ok": (entry["memory_ratio"] or 0) <= 1.0,
                "stretch_video_s_ok": entry["ours"]["video_s_per_wall_s"]
                >= TARGETS["video_s_per_wall_s"],
            }
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
            if "throughput_vs_peer" in batch:
                out["batch_throughput_ok"] = (
                    batch["throughput_vs_peer"] >= TARGETS["batch_throughput"]
                )
        return out

    def run(self) -> dict[str, Any]:
        kinds = self.args.scenes or (["row_view"] if self.quick else list(SCENES))
        for kind in kinds:
            self.scene(kind)
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
        "| scene | video | peer (manim) s | ours s | speedup | ours fps | peer fps "
        "| ours video s/s | peer video s/s | ours cpu s | peer cpu s | ours mem MB "
        "| peer mem MB | ours SSIM | peer SSIM |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, e in results["scenes"].items():
        o, p = e["ours"], e["peer"]
        q = e.get("quality", {})
        qo, qp = q.get("ours"), q.get("peer")
        lines.append(
            f"| {kind} | {o['size']}, {o['duration']:.1f} s (peer {p['duration']:.1f} s) "
            f"| {p['wall']:.2f} | {o['wall']:.2f} | **{e['speedup']:.2f}×** "
            f"| {o['frames_per_wall_s']:.0f} | {p['frames_per_wall_s']:.0f} "
            f"| {o['video_s_per_wall_s']:.2f} | {p['video_s_per_wall_s']:.2f} "
            f"| {o['cpu']:.1f} | {p['cpu']:.1f} "
            f"| {_mb(o['peak_pss_mb'])} | {_mb(p['peak_pss_mb'])} "
            f"| {_ssim(qo)} | {_ssim(qp)} |"
        )
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
        peer = batch.get("peer_sequential")
        if peer:
            lines.append(
                f"| peer: {len(peer['scenes'])} baseline scenes, `manim -qh` one after another "
                f"| {peer['wall']:.1f} | | {peer['video_s_per_wall_s']:.2f} |"
            )
            lines.append(
                f"\nbatch throughput vs peer: **{batch['throughput_vs_peer']:.2f}×**; "
                f"`--jobs 2` vs `--jobs 1`: {batch['jobs2_vs_jobs1']:.2f}×"
            )
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

"""What each optimisation bought: the same renders with one change at a time.

``python -m bench.ablation [--scenes ...] [--runs N] [--before REV]`` renders each scene's
default config (1080p60) through the CLI in these variants, alternating them run by run:

* ``before`` — the renderer as it was before ``bench/`` (git ``REV``, checked out into a
  worktree): Manim's own file writer, x264 ``veryfast`` crf 18;
* ``manim-writer`` — today's renderer but Manim's file writer (segments, copies, a conversion
  per repeated frame), x264 ``veryfast`` crf 18;
* ``stream-writer`` — our writer (no copies, each distinct frame converted once, conversion
  and encoding on their own threads, one encoder), x264 ``veryfast`` crf 18, the finished file
  decoded again to check it;
* ``ultrafast`` — the same with today's x264 settings (``ultrafast`` + CABAC + 8x8dct, crf 23,
  one thread);
* ``now`` — what ``mnemo-anim render`` does today: the same, but every packet is decoded as it
  is written (in the encoder thread) instead of decoding the finished file again;
* ``previous`` — the renderer of git ``--previous`` (default ``e48ca12``, the state above): a
  moving grid of one object per line, and the title, panel and notes drawn above the plane;
* ``grid-paths`` — ``now`` with the title, panel and notes drawn above the plane again (so
  Manim redraws them every frame while the plane moves): what one path per grid family bought.

The round after the tuned peer was added (``--variants start no-decode path-cache now``):

* ``start`` — the renderer of git ``--start`` (default ``d42e7de``): every packet decoded again
  as it is written, every outline walked point by point on every frame, every distinct frame
  converted whole;
* ``no-decode`` — ``now`` with Manim's own outline walk and whole-frame conversion: the packets
  are counted, not decoded (and short vectors measured with ``math.hypot``);
* ``path-cache`` — ``now`` with whole-frame conversion: the camera appends the kept outline of
  every object whose points did not change;
* ``now`` — and only the rows that changed since the last frame converted.

(A ``split`` variant, one video rendered in two processes, was measured slower on 2 cores in
every run and removed with its code; its figures stay in bench/README.md.)

The variants that need older code (``before``, ``previous``) run from git worktrees.

Prints a markdown table of median wall and CPU seconds and writes
``bench/work/ablation.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import measure
from bench.__main__ import HERE, REPO, SCENES

# Runs inside the render process: switch one piece off before the CLI starts.
PATCH = """
import sys
from mnemo_anim.render import settings, writer
if "veryfast" in sys.argv[1]:
    veryfast = {"preset": "veryfast", "crf": "18"}
    settings.X264_OPTIONS = dict.fromkeys(settings.X264_OPTIONS, veryfast)
if "manim-writer" in sys.argv[1]:
    writer.StreamWriter.handles = classmethod(lambda cls, output: False)
if "full-probe" in sys.argv[1]:
    from mnemo_anim.render import runner
    runner._verified = lambda scene: None
if "whole-paths" in sys.argv[1]:
    from manim import Camera
    from mnemo_anim.render import camera
    camera.PathCamera.set_cairo_context_path = Camera.set_cairo_context_path
if "whole-frames" in sys.argv[1]:
    writer.RowPatcher.changed = lambda self, before, after: None
if "on-top" in sys.argv[1]:
    from mnemo_anim.visuals import lesson
    lesson.off_stage = lambda mob, stage: False
from mnemo_anim.cli import main
sys.argv = ["mnemo-anim", *sys.argv[2:]]
main()
"""
VARIANTS = {
    "before": "",
    "manim-writer": "manim-writer,veryfast",
    "stream-writer": "veryfast,full-probe",
    "ultrafast": "full-probe",
    "previous": "",
    "grid-paths": "on-top",
    "start": "",
    "no-decode": "whole-paths,whole-frames",
    "path-cache": "whole-frames",
    "now": "",
}
OLD_CODE = ("before", "previous", "start")  # run from a worktree of an older commit


def worktree(rev: str, work: Path) -> Path:
    """A checkout of ``rev`` (an older renderer) beside the scratch folder."""
    path = work / f"rev-{rev}"
    if not path.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=REPO, check=True)
    return path


def command(
    variant: str, kind: str, out: Path, trees: dict[str, Path]
) -> tuple[list[str], dict[str, str], Path]:
    config = str(REPO / "configs" / f"{kind}.yaml")
    render = ["render", config, "-o", str(out)]
    if variant in OLD_CODE:
        # Its own mnemo_anim and scenes come first on the path.
        tree = trees[variant]
        return [sys.executable, "-m", "mnemo_anim", *render], {"PYTHONPATH": str(tree)}, tree
    return [sys.executable, "-c", PATCH, VARIANTS[variant] or "-", *render], {}, REPO


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ablation")
    parser.add_argument("--scenes", nargs="+", choices=sorted(SCENES), default=list(SCENES))
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--before", default="5ac2934", help="The commit before bench/.")
    parser.add_argument("--previous", default="e48ca12", help="The commit before grid paths.")
    parser.add_argument("--start", default="d42e7de", help="The commit before the path cache.")
    parser.add_argument("--work", type=Path, default=HERE / "work")
    args = parser.parse_args(argv)
    cache = args.work / "cache"
    revs = {"before": args.before, "previous": args.previous, "start": args.start}
    trees = {v: worktree(revs[v], args.work) for v in OLD_CODE if v in args.variants}
    results: dict[str, dict[str, Any]] = {}
    for kind in args.scenes:
        runs: dict[str, list[measure.Run]] = {v: [] for v in args.variants}
        for i in range(args.runs + 1):  # the first round warms caches and is not counted
            order = args.variants if i % 2 == 0 else list(reversed(args.variants))
            for variant in order:
                out = args.work / "run" / f"ablation-{kind}-{variant}-{i}"
                cmd, env, cwd = command(variant, kind, out, trees)
                run = measure.run(cmd, env={"MNEMO_ANIM_CACHE": str(cache), **env}, cwd=cwd)
                if run.returncode != 0:
                    raise SystemExit(f"{variant} {kind} failed:\n{run.stderr[-2000:]}")
                if i:
                    runs[variant].append(run)
                print(
                    f"{kind} {variant} {i}: {run.wall:.2f} s cpu {run.cpu:.2f} s", file=sys.stderr
                )
        results[kind] = {v: measure.summary(r) for v, r in runs.items()}
    (args.work / "ablation.json").write_text(json.dumps(results, indent=2))
    print("| scene | " + " | ".join(args.variants) + " |")
    print("|---|" + "---:|" * len(args.variants))
    for kind, row in results.items():
        base = row[args.variants[0]]["wall"]
        cells = [
            f"{row[v]['wall']:.2f} s ({base / row[v]['wall']:.2f}×), cpu {row[v]['cpu']:.1f}"
            for v in args.variants
        ]
        print(f"| {kind} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

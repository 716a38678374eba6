"""The quality check: our encoded frames against a lossless encode of the same frames.

* :func:`render_lossless` renders a job exactly as ``mnemo-anim render`` would, but with x264 in
  lossless mode (``qp=0``), so its decoded frames are the frames our encoder was given.
* :func:`ssim` runs FFmpeg's ``ssim`` filter (through PyAV) over two videos of the same frames,
  frame by frame, and returns the mean and the worst frame (the "All" value: Y, U and V
  weighted by size).
* :func:`sweep` re-encodes the lossless frames with each candidate x264 setting and reports CPU
  time per frame, bitrate and SSIM: the table the encoder settings in
  ``mnemo_anim/render/settings.py`` were chosen from.

Run ``python -m bench.quality lossless CONFIG OUT_DIR [--set key=value ...]`` for a lossless
render in its own process (it changes the encoder settings of the process), and
``python -m bench.quality held LOSSLESS_VIDEO OUT_DIR`` for what held pictures
(``mnemo_anim/render/held.py``) save: the frames re-encoded with and without them, alternating.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

# crf 0 is lossless for 8-bit x264 (Manim adds crf=23 to x264 options unless one is given,
# and crf wins over qp).
LOSSLESS = {"preset": "ultrafast", "crf": "0"}


def render_lossless(config: Path, out_dir: Path, overrides: Sequence[str] = ()) -> Path:
    """Render ``config`` with lossless x264 into ``out_dir``; return the file."""
    from mnemo_anim.config.loader import load_config
    from mnemo_anim.render import settings
    from mnemo_anim.render.runner import render_job

    job = load_config(config, overrides)
    settings.X264_OPTIONS = {quality: dict(LOSSLESS) for quality in settings.X264_OPTIONS}
    return render_job(job, out_dir, warn=None).path


def ssim(video: Path, reference: Path) -> dict[str, Any]:
    """SSIM of every frame of ``video`` against the same frame of ``reference``."""
    import av
    from av.filter import Graph

    values: list[float] = []
    with av.open(str(video)) as a, av.open(str(reference)) as b:
        sa, sb = a.streams.video[0], b.streams.video[0]
        for stream in (sa, sb):
            stream.thread_type = "AUTO"
        graph = Graph()
        main, ref = graph.add_buffer(template=sa), graph.add_buffer(template=sb)
        compare, sink = graph.add("ssim"), graph.add("buffersink")
        main.link_to(compare, 0, 0)
        ref.link_to(compare, 0, 1)
        compare.link_to(sink)
        graph.configure()
        frames = 0
        for fa, fb in zip(a.decode(sa), b.decode(sb), strict=False):
            frames += 1
            main.push(fa)
            ref.push(fb)
            try:
                while True:
                    values.append(float(sink.pull().metadata["lavfi.ssim.All"]))
            except (av.error.BlockingIOError, av.error.EOFError):
                pass
    if not values:
        raise RuntimeError(f"no frames compared between {video} and {reference}")
    return {
        "mean": statistics.fmean(values),
        "min": min(values),
        "frames": frames,
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sweep(
    reference: Path, candidates: Sequence[dict[str, str]], work: Path
) -> list[dict[str, Any]]:
    """Encode the frames of ``reference`` with each candidate; measure cost, size and SSIM."""
    import av

    with av.open(str(reference)) as container:
        stream = container.streams.video[0]
        rate = stream.guessed_rate or stream.average_rate or Fraction(60)
        frames = list(container.decode(stream))
    seconds = len(frames) / float(rate)
    rows = []
    for options in candidates:
        label = " ".join(f"{k}={v}" for k, v in options.items())
        target = work / ("sweep-" + label.replace(" ", "_").replace("=", "") + ".mp4")
        with av.open(str(target), "w", format="mp4") as out:
            video = out.add_stream("libx264", rate=rate, options=dict(options))
            video.pix_fmt = "yuv420p"
            video.width, video.height = frames[0].width, frames[0].height
            wall, cpu = time.perf_counter(), _cpu()
            for index, frame in enumerate(frames):
                frame.pts = index
                frame.time_base = Fraction(rate.denominator, rate.numerator)
                for packet in video.encode(frame):
                    out.mux(packet)
            for packet in video.encode():
                out.mux(packet)
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        score = ssim(target, reference)
        rows.append(
            {
                "options": label,
                "cpu_ms_per_frame": 1000 * cpu / len(frames),
                "wall_ms_per_frame": 1000 * wall / len(frames),
                "mbit_per_s": target.stat().st_size * 8 / seconds / 1e6,
                "ssim_mean": score["mean"],
                "ssim_min": score["min"],
            }
        )
        target.unlink()
    return rows


def held(reference: Path, work: Path, runs: int = 2) -> list[dict[str, Any]]:
    """Re-encode the frames of ``reference`` through the stream encoder with and without held
    pictures (alternating, ``runs`` each): the CPU of conversion and encoding, frames held, size
    and SSIM against ``reference``."""
    import av
    import numpy as np

    from mnemo_anim.render import settings
    from mnemo_anim.render.writer import StreamEncoder

    with av.open(str(reference)) as container:
        stream = container.streams.video[0]
        rate = stream.guessed_rate or stream.average_rate or Fraction(60)
        pictures = [f.to_ndarray(format="rgba") for f in container.decode(stream)]
    rows = []
    for run in range(2 * runs):
        holds = run % 2 == 0
        target = work / f"held-{holds}-{run}.mp4"
        enc = StreamEncoder(
            target,
            codec="libx264",
            pix_fmt="yuv420p",
            options=dict(settings.X264_OPTIONS["high"]),
            width=pictures[0].shape[1],
            height=pictures[0].shape[0],
            rate=Fraction(rate),
            container_format="mp4",
            held_pictures=holds,
        )
        cpu = _cpu()
        for picture in pictures:
            enc.submit(np.ascontiguousarray(picture))
        frames = enc.finish()
        cpu = _cpu() - cpu
        score = ssim(target, reference)
        rows.append(
            {
                "held_pictures": holds,
                "frames": frames,
                "held": frames - enc.frames_encoded,
                "cpu_s": cpu,
                "kbytes": target.stat().st_size // 1024,
                "ssim_mean": score["mean"],
                "ssim_min": score["min"],
            }
        )
        target.unlink()
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quality")
    parser.add_argument("action", choices=["lossless", "held"])
    parser.add_argument("config", type=Path, help="lossless: a config; held: a lossless video")
    parser.add_argument("out", type=Path)
    parser.add_argument("--set", dest="sets", action="append", default=[])
    args = parser.parse_args(argv)
    if args.action == "held":
        args.out.mkdir(parents=True, exist_ok=True)
        for row in held(args.config, args.out):
            print(json.dumps(row), flush=True)
        return
    print(render_lossless(args.config, args.out, args.sets))


if __name__ == "__main__":
    main(sys.argv[1:])

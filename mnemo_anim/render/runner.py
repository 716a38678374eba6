"""Render one job: Manim into a private temporary media folder, then an atomic move to output/.

Nothing in ``output/`` is ever half-written: the finished file is remuxed into a staging file
(see :mod:`mnemo_anim.files`), read back to prove it is whole (every packet of our stream writer's
MP4s counted, any other file decoded), and renamed into place. A
failed or interrupted render leaves an earlier file of the same name untouched.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mnemo_anim import files
from mnemo_anim.config.models import AnyJob
from mnemo_anim.errors import RenderError
from mnemo_anim.render.encode import Probe
from mnemo_anim.render.narration import SOUND_FORMATS, Voiced, soundtrack, voice_job

if TYPE_CHECKING:
    import numpy as np

    from mnemo_anim.render.ticks import Ticker

Steps = tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class RenderResult:
    """A finished render: where it landed, what a decoder sees, how long it took."""

    path: Path
    probe: Probe
    seconds: float
    steps: Steps = field(default=())


def _say(message: str) -> None:
    import click

    click.echo(f"warning: {message}", err=True)


def preflight_warnings(job: AnyJob, seconds: float | None = None) -> list[str]:
    """What to tell the user before rendering: unreadable colours, a video too long for its
    platform (measured by running the scene's logic without drawing, unless ``seconds``, the
    video's length, is already known)."""
    from mnemo_anim.visuals.theme import contrast_warnings, resolve_theme

    messages = contrast_warnings(resolve_theme(job.style)) if job.style.palette else []
    platform = job.render.platform
    if platform is not None:
        from mnemo_anim.config.platforms import PLATFORMS

        limit = PLATFORMS[platform].max_seconds
        seconds = estimate_duration(job) if seconds is None else seconds
        if seconds > limit:
            messages.append(
                f"{job.output_name}: the video runs {seconds:.0f} s but {platform} takes at most "
                f"{limit:.0f} s; raise timing.speed or lower timing.pause"
            )
    return messages


def estimate_duration(job: AnyJob, voiced: Voiced | None = None) -> float:
    """Seconds of video the job will produce, from a dry run of the scene (no frames drawn).

    A narrated job's steps hold until their narration ends: give its ``voiced`` (from
    :func:`~mnemo_anim.render.narration.voice_job`), or it is made here (from the speech cache
    when said before).
    """
    from manim import tempconfig

    from mnemo_anim.render.settings import dry_run_config
    from mnemo_anim.render.svglock import install_svg_lock
    from mnemo_anim.render.writer import StreamRenderer
    from scenes import scene_class

    install_svg_lock()  # other processes may be setting text into the same cache
    with (
        files.work_dir("dry-") as media,
        tempconfig(dry_run_config(job.render, media_dir=media)),
    ):
        voiced = voiced or voice_job(job)
        minimums = voiced.minimums if voiced else None
        # Our renderer draws nothing for skipped plays (Manim's draws each one's end state):
        # 1.3 s instead of 1.8 s for the row view here.
        renderer = StreamRenderer(skip_animations=True)
        scene = scene_class(job.scene)(
            job, renderer=renderer, skip_animations=True, minimums=minimums
        )
        scene.render()
        return float(scene.renderer.time)


def render_job(
    job: AnyJob,
    output_dir: Path,
    *,
    warn: Callable[[str], None] | None = _say,
    ticker: Ticker | None = None,
) -> RenderResult:
    """Render ``job`` into ``output_dir`` and return what was written.

    Writes ``<name>.<format>``, plus ``<name>.srt``/``.vtt`` when the job has captions,
    ``<name>.png`` for ``render.thumbnail``, and ``<name>_sections/`` with ``<name>.chapters.txt``
    for ``render.sections``. Every file appears atomically (the ``slides`` and ``storyboard``
    formats are made by :func:`mnemo_anim.render.deliverables.render_any`, which calls this).
    ``ticker`` hears of frames and steps as they are drawn.
    """
    from mnemo_anim.render.svglock import install_svg_lock

    install_svg_lock()  # other renders, on this machine or in this batch, share the text cache
    started = time.perf_counter()
    # The narration is spoken before the picture is drawn: its length times the steps.
    voiced = voice_job(job, warn)
    seconds = _announce_total(job, ticker, voiced)
    if warn is not None:
        for message in preflight_warnings(job, seconds):
            warn(message)
    output_dir = files.ensure_writable(Path(output_dir))
    files.sweep_stale(output_dir)
    with files.work_dir() as media:
        produced, sections_dir, steps, verified = _render_media(job, media, voiced, ticker)
        try:
            info = _finish(
                job, produced, output_dir, _Made(steps, sections_dir, verified, voiced, media)
            )
        except OSError as error:
            raise RenderError(
                f"cannot write into {output_dir}: {error.strerror or error}"
            ) from error
    target = output_dir / f"{job.output_name}.{job.render.format}"
    return RenderResult(target, info, time.perf_counter() - started, steps)


def _announce_total(job: AnyJob, ticker: Ticker | None, voiced: Voiced | None) -> float | None:
    """Tell ``ticker`` the frame total before the first frame, when it shows a bar; return the
    video's length when it was measured (the platform check needs it too)."""
    if ticker is None or not ticker.want_total:
        return None
    seconds = estimate_duration(job, voiced)
    ticker.total(round(seconds * job.render.geometry().fps))
    return seconds


def _render_media(
    job: AnyJob, media: Path, voiced: Voiced | None = None, ticker: Ticker | None = None
) -> tuple[Path, Path | None, Steps, int | None]:
    """Render ``job`` with Manim into ``media``; return the file it made, its section clips'
    folder (for ``render.sections``), the step times and how many frames were already decoded
    while the video was written (``None``: decode the file afterwards)."""
    # Manim is imported here, not at module import, so the CLI's --help and validate stay fast.
    from manim import tempconfig

    from mnemo_anim.render.settings import manim_config
    from scenes import scene_class

    name = job.output_name
    scene_cls = scene_class(job.scene)
    with tempconfig(manim_config(job.render, media_dir=media, output_file=name)):
        try:
            scene = _render_scene(job, scene_cls, voiced, ticker)
        except (KeyboardInterrupt, RenderError):
            raise
        except Exception as error:
            raise _explain(job, error) from error
        writer = scene.renderer.file_writer
        produced = Path(
            writer.image_file_path if job.render.format == "png" else writer.movie_file_path
        )
        sections_dir = Path(writer.sections_output_dir) if job.render.sections else None
        steps = tuple(scene.steps)
    if not produced.is_file():
        raise RenderError(f"Manim finished but wrote no file for {name}")
    return produced, sections_dir, steps, _verified(scene)


def _render_scene(
    job: AnyJob, scene_cls: Any, voiced: Voiced | None = None, ticker: Ticker | None = None
) -> Any:
    """Render ``job`` inside its ``tempconfig`` and return the scene.

    Video goes through our stream writer (:mod:`mnemo_anim.render.writer`) when it handles
    the format. A narrated scene gets each step's minimum length and caption cues; ``ticker``
    is told of every frame and every step's end.
    """
    from mnemo_anim.deliver.storyboard import on_step_end
    from mnemo_anim.render.writer import StreamRenderer

    timed = {"minimums": voiced.minimums, "cues": voiced.cues} if voiced else {}
    scene = scene_cls(job, renderer=StreamRenderer(), **timed)
    if ticker is not None:
        scene.renderer.frame_hook = ticker.frames
        on_step_end(scene, ticker.step)
    try:
        scene.render()
    except BaseException:
        # Manim only closes its encoder for errors inside ``construct``; a long-lived batch
        # worker must not keep a stray encoder thread.
        scene.renderer.file_writer.abort_encode_jobs()
        raise
    return scene


def _verified(scene: Any) -> int | None:
    """The frames our stream writer wrote, each given back by the encoder as a packet (its
    ``finish`` raises otherwise); ``None`` for Manim's writer."""
    from mnemo_anim.render.writer import StreamWriter

    writer = scene.renderer.file_writer
    if isinstance(writer, StreamWriter) and writer.frames_written > 0:
        return int(writer.frames_written)
    return None


def _explain(job: AnyJob, error: Exception) -> RenderError:
    text = str(error)
    first_line = text.splitlines()[0] if text else type(error).__name__
    if type(error).__name__ == "TypesetError":
        # Every label the validator accepts typesets (tests/test_typeset.py): this is a bug in
        # a formula the scene builds, not in the config.
        return RenderError(f"{job.scene}: a formula failed to typeset ({first_line})")
    return RenderError(f"{job.scene} failed to render: {type(error).__name__}: {text}")


@dataclass(frozen=True)
class _Made:
    """What the scene's render left for :func:`_finish`.

    ``verified`` is the number of frames the stream writer's encoder gave back as packets (an
    MP4 is then checked packet by packet instead of decoded); ``media`` the render's
    private work folder.
    """

    steps: Steps
    sections_dir: Path | None = None
    verified: int | None = None
    voiced: Voiced | None = None
    media: Path | None = None


def _finish(job: AnyJob, produced: Path, output_dir: Path, made: _Made) -> Probe:
    """Check what Manim wrote, lay the narration under it, and move it and its companions
    into ``output_dir``."""
    from mnemo_anim.render import encode

    name, fmt = job.output_name, job.render.format
    steps, voiced = made.steps, made.voiced
    target = output_dir / f"{name}.{fmt}"
    track = soundtrack(voiced, steps) if voiced is not None and fmt in SOUND_FORMATS else None
    with files.atomic_path(target) as tmp:
        if track is not None:
            from mnemo_anim.audio.mux import mux_audio

            with files.work_dir("mux-") as scratch:
                silent = scratch / f"silent.{fmt}"
                _place_main(job, produced, silent, made.verified)
                mux_audio(silent, track, tmp)
            info = encode.probe(tmp, decode=False)
        else:
            info = _place_main(job, produced, tmp, made.verified)
    _write_captions(job, output_dir, steps, voiced)
    sections_dir = made.sections_dir
    if job.render.thumbnail and fmt != "png":
        files.write_atomic(output_dir / f"{name}.png", encode.last_frame_png(target))
    if job.render.sections and sections_dir is not None:
        from mnemo_anim.render.captions import to_chapters

        _place_sections(name, fmt, sections_dir, output_dir, steps, track)
        files.write_atomic(output_dir / f"{name}.chapters.txt", to_chapters(steps))
    return info


def _write_captions(job: AnyJob, output_dir: Path, steps: Steps, voiced: Voiced | None) -> None:
    """``<name>.srt`` and ``.vtt``: the narration's cues as spoken, or a caption per step."""
    from mnemo_anim.render import captions

    name = job.output_name
    if voiced is not None:
        from mnemo_anim.audio import cues

        spoken = voiced.track_cues(steps)
        files.write_atomic(output_dir / f"{name}.srt", cues.to_srt(spoken))
        files.write_atomic(output_dir / f"{name}.vtt", cues.to_vtt(spoken))
        return
    texts = job.caption_texts()
    if texts:
        files.write_atomic(output_dir / f"{name}.srt", captions.to_srt(steps, texts))
        files.write_atomic(output_dir / f"{name}.vtt", captions.to_vtt(steps, texts))


def _place_main(job: AnyJob, produced: Path, tmp: Path, verified: int | None) -> Probe:
    """Write the deliverable version of ``produced`` to ``tmp`` and return what a decoder sees."""
    from mnemo_anim.render import encode

    fmt = job.render.format
    if fmt == "mp4":
        encode.faststart_remux(produced, tmp)
    elif fmt == "mov":
        tag = "ap4h" if job.render.transparent else None
        encode.faststart_remux(produced, tmp, container="mov", codec_tag=tag)
    else:
        shutil.copyfile(produced, tmp)
    if fmt == "png":
        return encode.probe_image(tmp)
    if fmt == "mp4" and verified is not None:
        return _probe_packets(tmp, verified)
    return encode.probe(tmp)


def _probe_packets(path: Path, frames: int) -> Probe:
    """What a decoder sees in ``path``, a stream our writer made one packet a frame: every
    packet is read and counted (neither the encoder nor the remux lost one), none decoded."""
    from mnemo_anim.render import encode

    info = encode.probe(path, decode=False)
    if info.frames != frames:
        raise RenderError(f"the rendered file {path.name} has {info.frames} of {frames} frames")
    return info


def _place_sections(
    name: str,
    fmt: str,
    sections_dir: Path,
    output_dir: Path,
    steps: Steps,
    track: np.ndarray | None = None,
) -> None:
    """Move Manim's per-section clips to ``<name>_sections/NN-<step>.<fmt>`` atomically.

    With the video's sound ``track``, each clip gets its own stretch of it: the clips follow
    one another as the video does, so a clip's sound starts where the clips before it end.
    """
    clips = sorted(p for p in sections_dir.glob(f"*.{fmt}") if p.is_file())
    at = 0
    with files.atomic_dir(output_dir / f"{name}_sections") as staging:
        for index, (clip, (step, _, _)) in enumerate(zip(clips, steps, strict=False)):
            slug = re.sub(r"[^A-Za-z0-9]+", "-", step).strip("-").lower()
            dest = staging / f"{index:02d}-{slug}.{fmt}"
            if track is None:
                shutil.copyfile(clip, dest)
                continue
            from mnemo_anim.audio import pcm
            from mnemo_anim.audio.mux import mux_audio, video_duration

            end = at + round(video_duration(clip) * pcm.RATE)
            mux_audio(clip, track[..., at:end], dest)
            at = end

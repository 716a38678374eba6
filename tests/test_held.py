"""Held frames written as pictures of skipped macroblocks (mnemo_anim/render/held.py).

A decoder (FFmpeg's, through PyAV, set to stop at the first error it detects) must read every
file whole, show each held picture as an exact copy of the picture before it, and show every
other frame as x264 coded it.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from mnemo_anim.render import held, writer
from mnemo_anim.render.held import (
    START_CODE,
    BitReader,
    BitWriter,
    HeldPictures,
    escape,
    unescape,
)
from mnemo_anim.render.settings import X264_OPTIONS
from mnemo_anim.render.writer import StreamEncoder

WIDTH, HEIGHT = 96, 64
X264 = X264_OPTIONS["high"]  # the settings every render uses


def picture(seed: int) -> np.ndarray:
    """A picture of coloured 8×8 blocks (hard for the encoder: every block differs)."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, (HEIGHT // 8, WIDTH // 8, 3), dtype=np.uint8)
    frame = np.full((HEIGHT, WIDTH, 4), 255, dtype=np.uint8)
    frame[..., :3] = blocks.repeat(8, 0).repeat(8, 1)
    return frame


def encode(
    target: Path, plan: list[tuple[int, int]], *, holds: bool = True, **options: str
) -> StreamEncoder:
    """Encode ``plan``: ``(picture seed, repeat)`` pairs, each picture submitted once."""
    enc = StreamEncoder(
        target,
        codec="libx264",
        pix_fmt="yuv420p",
        options={**X264, **options},
        width=WIDTH,
        height=HEIGHT,
        rate=Fraction(60),
        container_format="mp4",
        held_pictures=holds,
    )
    for seed, repeat in plan:
        enc.submit(picture(seed), repeat=repeat)
    enc.finish()
    return enc


def decode(path: Path) -> list[av.VideoFrame]:
    """Every frame, decoded by a decoder that raises on any error it detects."""
    with av.logging.Capture() as logs, av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.codec_context.options = {"err_detect": "crccheck+bitstream+buffer+explode"}
        frames = list(container.decode(stream))
    assert [entry for entry in logs if entry[0] <= av.logging.WARNING] == []
    return frames


def planes(frame: av.VideoFrame) -> np.ndarray:
    return frame.to_ndarray(format="yuv420p")


# Pictures repeated, then a run of single new pictures, then a long hold (past the 16 values
# x264's frame_num takes at ultrafast, so the numbers wrap while held pictures are written).
PLAN = [(0, 1), (1, 4), (2, 1), (2, 1), (3, 1), (4, 40), (5, 1), (6, 1), (6, 3), (7, 2)]


def expected_shown(plan: list[tuple[int, int]]) -> list[int]:
    return [seed for seed, repeat in plan for _ in range(repeat)]


def test_held_pictures_decode_as_copies_of_the_picture_before(tmp_path: Path) -> None:
    enc = encode(tmp_path / "held.mp4", PLAN)
    shown = expected_shown(PLAN)
    assert enc.frames == enc.packets == len(shown)
    # x264 was given each picture once; its repeats were held pictures.
    assert enc.frames_encoded == len(_runs(shown)) < len(shown)
    frames = decode(tmp_path / "held.mp4")
    assert [f.pts for f in frames] == [i * frames[1].pts for i in range(len(shown))]
    assert all((planes(frames[i]) == planes(frames[i - 1])).all() for i in held_at(shown))


def held_at(shown: list[int]) -> list[int]:
    """The frames written as held pictures: every repeat of the picture before."""
    return [i for i in range(1, len(shown)) if shown[i] == shown[i - 1]]


def _runs(shown: list[int]) -> list[list[int]]:
    groups: list[list[int]] = []
    for i, seed in enumerate(shown):
        if i and seed == shown[i - 1] and groups:
            groups[-1].append(seed)
        else:
            groups.append([seed])
    return groups


def test_frame_numbers_count_up_by_one_from_each_key_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every picture is a reference and gaps are not allowed (x264's SPS): each frame_num is
    the last one plus one, modulo the SPS's maximum, from 0 at every IDR picture (7.4.3).
    FFmpeg's decoder forgives a wrong number, so the numbers are read from the file."""
    monkeypatch.setattr(writer, "KEY_INTERVAL", 30)
    enc = encode(tmp_path / "numbers.mp4", PLAN)
    with av.open(str(enc.target)) as container:
        stream = container.streams.video[0]
        pictures = HeldPictures.from_headers(_annex_b(stream.codec_context.extradata))
        assert pictures is not None
        units = [(p.is_keyframe, _annex_b_sample(bytes(p))) for p in container.demux(stream)]
    numbers = []
    for key, data in units[: enc.frames]:
        found = pictures.frame_num(data)
        assert found is not None
        numbers.append((key, found[1]))
    top = pictures.max_frame_num(0)
    assert len(numbers) == enc.frames and numbers[0] == (True, 0)
    for (_, before), (key, number) in itertools.pairwise(numbers):
        assert number == (0 if key else (before + 1) % top)
    assert [i for i, (key, _) in enumerate(numbers) if key] == [0, 30]


def _annex_b(avcc: bytes | None) -> bytes:
    """The SPS and PPS of an MP4's avcC box as an Annex B stream."""
    assert avcc is not None and avcc[0] == 1
    out, at = [], 5
    for mask in (0x1F, 0xFF):  # the SPS count (in 5 bits), then the PPS count
        count = avcc[at] & mask
        at += 1
        for _ in range(count):
            size = int.from_bytes(avcc[at : at + 2], "big")
            out.append(START_CODE + avcc[at + 2 : at + 2 + size])
            at += 2 + size
    return b"".join(out)


def _annex_b_sample(sample: bytes) -> bytes:
    """An MP4 sample (4-byte lengths before each NAL unit) as Annex B."""
    out, at = [], 0
    while at < len(sample):
        size = int.from_bytes(sample[at : at + 4], "big")
        out.append(START_CODE + sample[at + 4 : at + 4 + size])
        at += 4 + size
    return b"".join(out)


def test_every_frame_shows_the_picture_it_was_given(tmp_path: Path) -> None:
    """Renumbering kept the encoder's predictions: each decoded frame is as close to its own
    picture as the frames of a stream without held pictures are to theirs."""
    frames = decode(encode(tmp_path / "held.mp4", PLAN).target)
    plain = decode(encode(tmp_path / "plain.mp4", PLAN, holds=False).target)
    shown = expected_shown(PLAN)
    sources = {seed: _yuv(picture(seed)) for seed in set(shown)}

    def error(frame: av.VideoFrame, seed: int) -> float:
        return float(np.abs(planes(frame).astype(int) - sources[seed]).mean())

    ours = [error(f, s) for f, s in zip(frames, shown, strict=True)]
    theirs = [error(f, s) for f, s in zip(plain, shown, strict=True)]
    assert max(ours) < 1.5 * max(theirs) + 1
    # A different picture would be off by ~85 on average (random blocks).
    assert max(ours) < 15


def _yuv(rgba: np.ndarray) -> np.ndarray:
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba[..., :3]), format="rgb24")
    converted = frame.reformat(
        format="yuv420p", dst_colorspace=writer.COLORSPACE, dst_color_range=writer.COLOR_RANGE
    )
    return converted.to_ndarray().astype(int)


def test_key_frames_stay_as_far_apart_as_x264_places_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x264 counts only the frames it is given; key frames are placed by the video's frames."""
    monkeypatch.setattr(writer, "KEY_INTERVAL", 10)
    plan = [(0, 35), (1, 1), (2, 12)]
    frames = decode(encode(tmp_path / "keys.mp4", plan).target)
    keys = [i for i, frame in enumerate(frames) if frame.key_frame]
    assert keys == [0, 10, 20, 30, 40]
    shown = expected_shown(plan)
    copies = [i for i in held_at(shown) if i not in keys]
    assert len(copies) > 30
    assert all((planes(frames[i]) == planes(frames[i - 1])).all() for i in copies)


def test_cavlc_streams_get_held_pictures_too(tmp_path: Path) -> None:
    enc = encode(tmp_path / "cavlc.mp4", PLAN, **{"x264-params": "cabac=0"})
    assert enc._held is not None and enc.frames_encoded < enc.frames
    frames = decode(enc.target)
    shown = expected_shown(PLAN)
    assert len(frames) == len(shown)
    assert all((planes(frames[i]) == planes(frames[i - 1])).all() for i in held_at(shown))


def test_streams_with_b_frames_are_encoded_frame_by_frame(tmp_path: Path) -> None:
    """B-frames order pictures by a count in the slice header (POC type 0): no held pictures."""
    enc = encode(tmp_path / "b.mp4", PLAN, preset="medium", bframes="2")
    assert enc._held is None and enc.frames_encoded == enc.frames
    assert len(decode(enc.target)) == len(expected_shown(PLAN))


# -- the pure parts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rbsp",
    [
        b"\x00\x00\x00\x00\x01",
        b"\x00\x00\x03\x00\x00\x02",
        b"\x01\x00\x00\x04\x00\x00",
        b"\x00\x00\x00",
        bytes(range(0, 4)) * 3,
    ],
)
def test_emulation_prevention_round_trips(rbsp: bytes) -> None:
    escaped = escape(rbsp)
    for i in range(len(escaped) - 2):
        # no start-code prefix and no unescaped 00 00 0x (x <= 3) remains
        assert not (escaped[i] == escaped[i + 1] == 0 and escaped[i + 2] <= 2)
    assert unescape(escaped) == rbsp


def test_exp_golomb_codes_read_back() -> None:
    w = BitWriter()
    values = [0, 1, 2, 7, 8, 254, 255, 8159, 32400]
    signed = [0, 1, -1, 5, -26]
    for v in values:
        w.ue(v)
    for v in signed:
        w.se(v)
    w.u(5, 21)
    r = BitReader(w.to_bytes())
    assert [r.ue() for _ in values] == values
    assert [r.se() for _ in signed] == signed
    assert r.u(5) == 21
    # The standard's own codewords (Table 9-2): 1, 010, 011, 00100.
    w = BitWriter()
    for v in (0, 1, 2, 3):
        w.ue(v)
    assert format(w.value, f"0{w.size}b") == "1" + "010" + "011" + "00100"


def test_cavlc_skip_run_is_one_code_and_a_stop_bit() -> None:
    value, size = held.skipped_slice_data(8160, False)
    # ue(8160): 12 zeros, then 8161 in 13 bits; then the rbsp_stop_one_bit.
    assert size == 26
    assert format(value, "026b") == "0" * 12 + format(8161, "013b") + "1"


def test_cabac_skips_are_coded_once_per_size() -> None:
    first = held.skipped_slice_data(120 * 68, True)
    assert held.skipped_slice_data(120 * 68, True) is first
    value, size = first
    assert value & 1 == 1  # the flush's last bit is the stop bit
    # 8160 decisions, each the most probable symbol at a state near the top: a few hundred bits.
    assert 50 < size < 2_000


def test_unreadable_or_foreign_headers_give_no_held_pictures() -> None:
    assert HeldPictures.from_headers(None) is None
    assert HeldPictures.from_headers(b"") is None
    assert HeldPictures.from_headers(b"\x00\x00\x00\x01\x67\x64") is None  # a cut SPS


def test_renumbering_changes_frame_num_and_nothing_else() -> None:
    """Slices with a run that needs an emulation-prevention byte at every place near the cut
    between the rewritten head and the kept rest: each comes back as its own RBSP with only
    frame_num changed, escaped as the standard asks."""
    pictures = HeldPictures.from_headers(_x264_headers())
    assert pictures is not None
    width = pictures.max_frame_num(0).bit_length() - 1
    rng = np.random.default_rng(7)
    for trial in range(400):
        body = bytearray(rng.integers(0, 256, 40, dtype=np.uint8).tobytes())
        at = trial % 30
        body[at : at + 3] = bytes([0, 0, trial % 4])  # needs escaping, wherever it falls
        old, new = trial % (1 << width), (trial * 5 + 3) % (1 << width)
        unit = bytes([0x41]) + escape(_slice_rbsp(width, old, bytes(body)))
        out = pictures.renumber(START_CODE + unit, new)
        assert out[:4] == START_CODE and b"\x00\x00\x01" not in out[4:]
        assert out[4:] == bytes([0x41]) + escape(_slice_rbsp(width, new, bytes(body)))


def _slice_rbsp(width: int, frame_num: int, body: bytes) -> bytes:
    w = BitWriter()
    w.ue(0)  # first_mb_in_slice
    w.ue(held.P_SLICE)
    w.ue(0)  # pic_parameter_set_id
    w.u(width, frame_num)
    w.bits(int.from_bytes(body, "big"), len(body) * 8)
    w.u(1, 1)  # rbsp_stop_one_bit (to_bytes adds the alignment zeros)
    return w.to_bytes()


def _x264_headers() -> bytes:
    """The first packet of a one-frame x264 stream: its SPS and PPS in band."""
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height, ctx.pix_fmt = WIDTH, HEIGHT, "yuv420p"
    ctx.time_base = Fraction(1, 60)
    ctx.options = dict(X264)
    frame = av.VideoFrame(WIDTH, HEIGHT, "yuv420p")
    frame.pts = 0
    packets = [*ctx.encode(frame), *ctx.encode(None)]
    return bytes(packets[0])

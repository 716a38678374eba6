"""Held frames written as H.264 pictures of skipped macroblocks, without the encoder.

A lesson holds its picture still for much of its length (every ``wait``, the end of every
write), and x264 ``ultrafast`` spends 4–5 ms of CPU on a 1080p frame even when it equals the
last one (bench/README). A frame that repeats the one before it is written here instead as a
P picture in which every macroblock is skipped: zero motion, no residual, no edge to filter, so
a decoder shows the picture before it again, bit for bit.

* The slice data of such a picture depends only on its number of macroblocks and on the
  arithmetic coder's start state (the slice's quantizer and ``cabac_init_idc``), so it is coded
  once per size (:func:`skipped_slice_data`); each held picture differs only in its
  ``frame_num``.
* The encoder never sees the held frames, so its own pictures after one are renumbered: their
  ``frame_num`` (a fixed-width field a few bits into the slice header) is rewritten and the rest
  of the slice is kept byte for byte (:meth:`HeldPictures.renumber`). Their reference is the held
  picture, which decodes to the pixels the encoder predicted from, so nothing drifts.
* Only streams whose headers this can write are handled (:meth:`HeldPictures.from_headers`):
  one slice group, progressive frames, picture order from ``frame_num`` (POC type 2, which x264
  uses when it makes no B-frames), no redundant pictures. For anything else it gives ``None``
  and every frame goes to the encoder.

References: ITU-T H.264, 7.3.3 (slice header), 7.3.4 (slice data), 9.3.1.1 (context
initialisation), 9.3.4 (the arithmetic encoder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

START_CODE = b"\x00\x00\x00\x01"
NAL_SLICE, NAL_IDR, NAL_SPS, NAL_PPS = 1, 5, 7, 8
P_SLICE = 5  # slice_type 5: P, and every slice of the picture is P

# Profiles whose SPS carries chroma format, bit depths and scaling matrices (7.3.2.1.1).
_HIGH_PROFILES = frozenset({100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135})

# Table 9-44: rangeTabLPS[pStateIdx][qCodIRangeIdx].
RANGE_LPS = (
    (128, 176, 208, 240), (128, 167, 197, 227), (128, 158, 187, 216), (123, 150, 178, 205),
    (116, 142, 169, 195), (111, 135, 160, 185), (105, 128, 152, 175), (100, 122, 144, 166),
    (95, 116, 137, 158), (90, 110, 130, 150), (85, 104, 123, 142), (81, 99, 117, 135),
    (77, 94, 111, 128), (73, 89, 105, 122), (69, 85, 100, 116), (66, 80, 95, 110),
    (62, 76, 90, 104), (59, 72, 86, 99), (56, 69, 81, 94), (53, 65, 77, 89),
    (51, 62, 73, 85), (48, 59, 69, 80), (46, 56, 66, 76), (43, 53, 63, 72),
    (41, 50, 59, 69), (39, 48, 56, 65), (37, 45, 54, 62), (35, 43, 51, 59),
    (33, 41, 48, 56), (32, 39, 46, 53), (30, 37, 43, 50), (29, 35, 41, 48),
    (27, 33, 39, 45), (26, 31, 37, 43), (24, 30, 35, 41), (23, 28, 33, 39),
    (22, 27, 32, 37), (21, 26, 30, 35), (20, 24, 29, 33), (19, 23, 27, 31),
    (18, 22, 26, 30), (17, 21, 25, 28), (16, 20, 23, 27), (15, 19, 22, 25),
    (14, 18, 21, 24), (14, 17, 20, 23), (13, 16, 19, 22), (12, 15, 18, 21),
    (12, 14, 17, 20), (11, 14, 16, 19), (11, 13, 15, 18), (10, 12, 15, 17),
    (10, 12, 14, 16), (9, 11, 13, 15), (9, 11, 12, 14), (8, 10, 12, 14),
    (8, 9, 11, 13), (7, 9, 11, 12), (7, 9, 10, 12), (7, 8, 10, 11),
    (6, 8, 9, 11), (6, 7, 9, 10), (6, 7, 8, 9), (2, 2, 2, 2),
)  # fmt: skip
# Table 9-45: transIdxLPS[pStateIdx] (transIdxMPS is min(pStateIdx + 1, 62)).
TRANS_LPS = (
    0, 0, 1, 2, 2, 4, 4, 5, 6, 7, 8, 9, 9, 11, 11, 12, 13, 13, 15, 15, 16, 16, 18, 18, 19, 19,
    21, 21, 22, 22, 23, 24, 24, 25, 26, 26, 27, 27, 28, 29, 29, 30, 30, 30, 31, 32, 32, 33, 33,
    33, 34, 34, 35, 35, 35, 36, 36, 36, 37, 37, 37, 38, 38, 63,
)  # fmt: skip
# Table 9-13, cabac_init_idc 0: (m, n) of mb_skip_flag's context when neither neighbour codes
# a macroblock (ctxIdx 11). In a picture of skips every macroblock's neighbours are skipped
# or absent, so this is the only context used.
SKIP_FLAG_INIT = (23, 33)
# The quantizer a held picture declares. It codes no residual: only the coder's start state
# reads it.
HELD_QP = 26

_EMULATED = re.compile(rb"\x00\x00(?=[\x00-\x03])")


class Unsupported(ValueError):
    """A header this module cannot read or write a held picture for."""


def unescape(payload: bytes) -> bytes:
    """A NAL unit's payload without its emulation-prevention bytes (7.4.1)."""
    return payload.replace(b"\x00\x00\x03", b"\x00\x00")


def escape(rbsp: bytes) -> bytes:
    """``rbsp`` with an emulation-prevention byte after every ``00 00`` followed by 0–3."""
    return _EMULATED.sub(b"\x00\x00\x03", rbsp)


def nal_units(data: bytes) -> list[bytes]:
    """The NAL units of an Annex B byte stream, without their start codes."""
    units = []
    for part in data.split(b"\x00\x00\x01"):
        part = part.rstrip(b"\x00") if part.endswith(b"\x00") else part
        if part:
            units.append(part)
    return units


class BitReader:
    """Fixed-width and Exp-Golomb reads over an RBSP."""

    def __init__(self, rbsp: bytes) -> None:
        self.value = int.from_bytes(rbsp, "big")
        self.size = len(rbsp) * 8
        self.pos = 0

    def u(self, n: int) -> int:
        if self.pos + n > self.size:
            raise Unsupported("read past the end of a NAL unit")
        self.pos += n
        return (self.value >> (self.size - self.pos)) & ((1 << n) - 1)

    def ue(self) -> int:
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 31:
                raise Unsupported("an Exp-Golomb code longer than 32 bits")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        k = self.ue()
        return (k + 1) // 2 if k % 2 else -(k // 2)


class BitWriter:
    """Bits gathered into an integer, in order."""

    def __init__(self) -> None:
        self.value = 0
        self.size = 0

    def u(self, n: int, v: int) -> None:
        self.value = (self.value << n) | (v & ((1 << n) - 1))
        self.size += n

    def ue(self, v: int) -> None:
        code = v + 1
        self.u(2 * code.bit_length() - 1, code)

    def se(self, v: int) -> None:
        self.ue(2 * v - 1 if v > 0 else -2 * v)

    def bits(self, value: int, size: int) -> None:
        self.value = (self.value << size) | value
        self.size += size

    def to_bytes(self) -> bytes:
        """The bits, padded with zeros to a whole byte."""
        pad = -self.size % 8
        return (self.value << pad).to_bytes((self.size + pad) // 8, "big")


@dataclass(frozen=True)
class SequenceHeader:
    """What a slice header's syntax depends on in a sequence parameter set (7.3.2.1.1)."""

    log2_max_frame_num: int
    poc_type: int
    frame_mbs_only: bool
    separate_colour_plane: bool
    macroblocks: int

    @classmethod
    def parse(cls, rbsp: bytes) -> tuple[int, SequenceHeader]:
        r = BitReader(rbsp)
        profile = r.u(8)
        r.u(16)  # constraint flags, level
        sps_id = r.ue()
        separate = False
        if profile in _HIGH_PROFILES:
            chroma = r.ue()
            if chroma == 3:
                separate = bool(r.u(1))
            r.ue()  # bit depths
            r.ue()
            r.u(1)  # qpprime_y_zero_transform_bypass_flag
            if r.u(1):
                for i in range(12 if chroma == 3 else 8):
                    if r.u(1):
                        _skip_scaling_list(r, 16 if i < 6 else 64)
        log2_max_frame_num = r.ue() + 4
        poc_type = r.ue()
        if poc_type == 0:
            r.ue()
        elif poc_type == 1:
            r.u(1)
            r.se()
            r.se()
            for _ in range(r.ue()):
                r.se()
        r.ue()  # max_num_ref_frames
        r.u(1)  # gaps_in_frame_num_value_allowed_flag
        width = r.ue() + 1
        height = r.ue() + 1
        frame_mbs_only = bool(r.u(1))
        macroblocks = width * height * (1 if frame_mbs_only else 2)
        return sps_id, cls(log2_max_frame_num, poc_type, frame_mbs_only, separate, macroblocks)


def _skip_scaling_list(r: BitReader, size: int) -> None:
    last = following = 8
    for _ in range(size):
        if following:
            following = (last + r.se() + 256) % 256
        last = following or last


@dataclass(frozen=True)
class PictureHeader:
    """What a slice header's syntax depends on in a picture parameter set (7.3.2.2)."""

    sps_id: int
    cabac: bool
    slice_groups: int
    pic_init_qp: int
    deblocking_control: bool
    redundant_pic_cnt: bool

    @classmethod
    def parse(cls, rbsp: bytes) -> tuple[int, PictureHeader]:
        r = BitReader(rbsp)
        pps_id, sps_id = r.ue(), r.ue()
        cabac = bool(r.u(1))
        r.u(1)  # bottom_field_pic_order_in_frame_present_flag
        slice_groups = r.ue() + 1
        if slice_groups > 1:
            return pps_id, cls(sps_id, cabac, slice_groups, 26, False, False)
        r.ue()  # num_ref_idx_l0_default_active_minus1 (a held picture states its own)
        r.ue()
        r.u(1)  # weighted_pred_flag (a held picture's one reference is unweighted either way)
        r.u(2)
        pic_init_qp = 26 + r.se()
        r.se()
        r.se()
        deblocking = bool(r.u(1))
        r.u(1)  # constrained_intra_pred_flag
        redundant = bool(r.u(1))
        return pps_id, cls(sps_id, cabac, slice_groups, pic_init_qp, deblocking, redundant)


class ArithmeticCoder:
    """H.264's binary arithmetic encoder (9.3.4.2), writing into a :class:`BitWriter`."""

    def __init__(self, out: BitWriter) -> None:
        self.out = out
        self.low, self.range, self.outstanding, self.first = 0, 510, 0, True

    def decision(self, context: list[int], bit: int) -> None:
        """Code ``bit`` with ``context`` (``[pStateIdx, valMPS]``, updated in place)."""
        state, mps = context
        lps = RANGE_LPS[state][(self.range >> 6) & 3]
        self.range -= lps
        if bit != mps:
            self.low += self.range
            self.range = lps
            if state == 0:
                context[1] = 1 - mps
            context[0] = TRANS_LPS[state]
        else:
            context[0] = min(state + 1, 62)
        self._renormalise()

    def terminate(self, bit: int) -> None:
        """Code ``bit`` in the terminating context; 1 also flushes (9.3.4.5)."""
        self.range -= 2
        if not bit:
            self._renormalise()
            return
        self.low += self.range
        self.range = 2
        self._renormalise()
        self._put((self.low >> 9) & 1)
        # Its last bit is the rbsp_stop_one_bit.
        self.out.u(2, ((self.low >> 7) & 3) | 1)

    def _renormalise(self) -> None:
        while self.range < 256:
            if self.low < 256:
                self._put(0)
            elif self.low >= 512:
                self.low -= 512
                self._put(1)
            else:
                self.low -= 256
                self.outstanding += 1
            self.range <<= 1
            self.low <<= 1

    def _put(self, bit: int) -> None:
        if self.first:
            self.first = False
        else:
            self.out.u(1, bit)
        if self.outstanding:
            self.out.bits((1 << self.outstanding) - 1 if bit == 0 else 0, self.outstanding)
            self.outstanding = 0


def context_state(m: int, n: int, qp: int) -> list[int]:
    """``[pStateIdx, valMPS]`` of a context initialised with ``(m, n)`` at ``qp`` (9.3.1.1)."""
    pre = max(1, min(126, ((m * max(0, min(51, qp))) >> 4) + n))
    return [63 - pre, 0] if pre <= 63 else [pre - 64, 1]


@lru_cache(maxsize=8)
def skipped_slice_data(macroblocks: int, cabac: bool) -> tuple[int, int]:
    """``(bits, length)``: the slice data of ``macroblocks`` skipped macroblocks, the last
    ending the slice, up to and with the ``rbsp_stop_one_bit``.

    With CAVLC it is one ``mb_skip_run``. With CABAC each macroblock is ``mb_skip_flag`` 1 then
    ``end_of_slice_flag`` (0, and 1 for the last), coded from the state :data:`SKIP_FLAG_INIT`
    gives at :data:`HELD_QP`.
    """
    out = BitWriter()
    if not cabac:
        out.ue(macroblocks)
        out.u(1, 1)  # rbsp_stop_one_bit
        return out.value, out.size
    coder = ArithmeticCoder(out)
    skip_flag = context_state(*SKIP_FLAG_INIT, HELD_QP)
    for index in range(macroblocks):
        coder.decision(skip_flag, 1)
        coder.terminate(1 if index == macroblocks - 1 else 0)
    return out.value, out.size


class HeldPictures:
    """Held pictures and renumbered slices for one H.264 stream (see the module docstring)."""

    # The bytes of a slice NAL unit read to find its frame_num: the header's first fields
    # (first_mb_in_slice, slice_type, pic_parameter_set_id, frame_num) take a few bytes.
    HEAD = 16

    def __init__(self, sps: dict[int, SequenceHeader], pps: dict[int, PictureHeader]) -> None:
        self._sps, self._pps = sps, pps
        self._pictures: dict[tuple[int, int], bytes] = {}

    @classmethod
    def from_headers(cls, data: bytes | None) -> HeldPictures | None:
        """Held pictures for the stream whose SPS and PPS are in ``data`` (Annex B, as an
        encoder's extradata or first packet), or ``None`` if they cannot be written."""
        if not data:
            return None
        sps: dict[int, SequenceHeader] = {}
        pps: dict[int, PictureHeader] = {}
        try:
            for unit in nal_units(data):
                kind = unit[0] & 0x1F
                if kind == NAL_SPS:
                    key, seq = SequenceHeader.parse(unescape(unit[1:]))
                    sps[key] = seq
                elif kind == NAL_PPS:
                    key, pic = PictureHeader.parse(unescape(unit[1:]))
                    pps[key] = pic
        except Unsupported:
            return None
        usable = {
            key: pic
            for key, pic in pps.items()
            if pic.sps_id in sps
            and pic.slice_groups == 1
            and not pic.redundant_pic_cnt
            and sps[pic.sps_id].poc_type == 2
            and sps[pic.sps_id].frame_mbs_only
            and not sps[pic.sps_id].separate_colour_plane
        }
        if not usable or len(usable) != len(pps):
            return None
        return cls(sps, usable)

    def max_frame_num(self, pps_id: int) -> int:
        return 1 << self._sps[self._pps[pps_id].sps_id].log2_max_frame_num

    def picture(self, pps_id: int, frame_num: int) -> bytes:
        """An access unit (Annex B) of one P slice whose every macroblock is skipped."""
        key = (pps_id, frame_num)
        made = self._pictures.get(key)
        if made is None:
            made = self._pictures[key] = self._build(pps_id, frame_num)
        return made

    def _build(self, pps_id: int, frame_num: int) -> bytes:
        pic = self._pps[pps_id]
        seq = self._sps[pic.sps_id]
        w = BitWriter()
        w.ue(0)  # first_mb_in_slice
        w.ue(P_SLICE)
        w.ue(pps_id)
        w.u(seq.log2_max_frame_num, frame_num)
        w.u(1, 1)  # num_ref_idx_active_override_flag: one reference,
        w.ue(0)  # the picture before
        w.u(1, 0)  # ref_pic_list_modification_flag_l0
        w.u(1, 0)  # adaptive_ref_pic_marking_mode_flag: sliding window
        if pic.cabac:
            w.ue(0)  # cabac_init_idc
        w.se(HELD_QP - pic.pic_init_qp)  # slice_qp_delta
        if pic.deblocking_control:
            w.ue(1)  # disable_deblocking_filter_idc: nothing to filter
        if pic.cabac:
            w.bits((1 << (-w.size % 8)) - 1, -w.size % 8)  # cabac_alignment_one_bit
        w.bits(*skipped_slice_data(seq.macroblocks, pic.cabac))
        # nal_ref_idc 3 (a reference: the next picture predicts from it), nal_unit_type 1.
        return START_CODE + bytes([0x60 | NAL_SLICE]) + escape(w.to_bytes())

    def frame_num(self, data: bytes) -> tuple[int, int] | None:
        """``(pps_id, frame_num)`` of the first slice in the access unit ``data``, or ``None``
        when it has none."""
        for unit in nal_units(data):
            if unit[0] & 0x1F in (NAL_SLICE, NAL_IDR):
                pps_id, frame_num, _, _ = self._slice_head(unescape(unit[1 : 1 + self.HEAD]))
                return pps_id, frame_num
        return None

    def renumber(self, data: bytes, frame_num: int) -> bytes:
        """The access unit ``data`` (Annex B) with every non-IDR slice's ``frame_num`` set to
        ``frame_num``; everything else is kept byte for byte."""
        out = []
        for unit in nal_units(data):
            if unit[0] & 0x1F == NAL_SLICE:
                unit = self._renumbered(unit, frame_num)
            out.append(START_CODE + unit)
        return b"".join(out)

    def _renumbered(self, unit: bytes, frame_num: int) -> bytes:
        # The head is cut after a byte that is neither zero nor 3, so no emulation-prevention
        # sequence spans the cut or ends it, and the head can be unescaped, changed and
        # escaped again on its own.
        cut = min(len(unit), 1 + self.HEAD)
        while cut < len(unit) and unit[cut - 1] in (0, 3):
            cut += 1
        head = bytearray(unescape(unit[1:cut]))
        _, old, start, width = self._slice_head(bytes(head))
        if old == frame_num:
            return unit
        if start + width > (len(head) - 1) * 8:
            raise Unsupported("a slice header longer than its head")  # never for x264's
        value = int.from_bytes(head, "big")
        shift = len(head) * 8 - start - width
        value &= ~(((1 << width) - 1) << shift)
        value |= frame_num << shift
        return unit[:1] + escape(value.to_bytes(len(head), "big")) + unit[cut:]

    def _slice_head(self, rbsp: bytes) -> tuple[int, int, int, int]:
        """``(pps_id, frame_num, bit offset of frame_num, its width)`` of a slice header."""
        r = BitReader(rbsp)
        r.ue()  # first_mb_in_slice
        r.ue()  # slice_type
        pps_id = r.ue()
        width = self._sps[self._pps[pps_id].sps_id].log2_max_frame_num
        start = r.pos
        return pps_id, r.u(width), start, width

r"""The label grammar: the names a config may give (``A``, ``W_1``, ``x'``, ``\theta``) and the
Typst math each one is typeset as.

A label is 1-3 letters or a Greek letter written LaTeX-style (``\theta``), then an optional
subscript of 1-3 letters or digits, then up to two primes. Configs written when formulas went
through LaTeX keep validating and keep their meaning:

=============  ===============  =====================================================
label          Typst math       why
=============  ===============  =====================================================
``A``          ``A``
``ABC``        ``A B C``        Typst reads ``ABC`` as one identifier (an unknown
                                variable, or a function such as ``sum`` or ``in``);
                                spaced letters are three italic letters, as LaTeX
                                showed them
``\theta``     ``theta``        the Greek names are Typst's symbol names
``\epsilon``   ``epsilon.alt``  LaTeX's ``\epsilon`` is the lunate ϵ, Typst's
                                ``epsilon`` the ε of LaTeX's ``\varepsilon``
``\phi``       ``phi.alt``      likewise: LaTeX's ``\phi`` is ϕ
``W_1``        ``W_1``
``W_12``       ``W_12``         the whole number is lowered (LaTeX lowered only
                                the ``1``: ``W_12`` showed W₁2)
``x_ab``       ``x_(a b)``
``x'``         ``x'``
``W_1'``       ``W'_1``         the prime stands over the subscript, as in LaTeX
=============  ===============  =====================================================

Nothing else reaches the typesetter from a config, so every label that validates typesets (the
property test in ``tests/test_typeset.py`` holds us to it). This module imports neither Manim
nor Typst: the config models use it to validate and to write narration, the visuals to typeset.

Where a label is written in plain text (notes, captions, narration, titles drawn as ``Text``)
:func:`plain` gives the text a reader expects: ``W_1`` → W₁, ``\theta`` → θ, ``x'`` → x′.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GREEK = (
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "theta",
    "lambda",
    "mu",
    "nu",
    "phi",
    "psi",
    "omega",
    "sigma",
    "tau",
    "rho",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Phi",
    "Psi",
    "Omega",
    "Sigma",
)
# LaTeX and Typst name these two shapes the other way round.
_TYPST_GREEK = {"epsilon": "epsilon.alt", "phi": "phi.alt"}
# The letters each Greek name stands for, as the typeset label shows them (LaTeX's \epsilon
# and \phi are the lunate ϵ and the open ϕ).
_GREEK_TEXT = dict(zip(GREEK, "αβγδϵθλμνϕψωστρΓΔΘΛΦΨΩΣ", strict=True))
# Unicode has subscript forms for the digits and for these lower-case letters only.
_SUBSCRIPT = dict(zip("0123456789aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))

LABEL_RE = re.compile(
    rf"(?P<base>[A-Za-z]{{1,3}}|\\(?:{'|'.join(GREEK)}))"
    r"(?:_(?P<sub>[A-Za-z0-9]{1,3}))?(?P<primes>'{0,2})"
)
LABEL_HINT = r"use 1-3 letters, an optional subscript and primes (A, W_1, x', \theta)"


@dataclass(frozen=True)
class Label:
    """A parsed label: ``base`` letters or ``\\greek``, ``sub`` subscript, ``primes`` 0-2."""

    base: str
    sub: str | None
    primes: int

    def typst(self, *, index: int | str | None = None) -> str:
        """The Typst math for this label; ``index`` adds one more subscript (``y`` → ``y_0``)."""
        subs = [_spaced(self.sub)] if self.sub else []
        if index is not None:
            subs.append(str(index))
        text = _base(self.base) + "'" * self.primes
        if subs:
            sub = ", ".join(subs)
            text += f"_{sub}" if _atomic(sub) else f"_({sub})"
        return text


def check_label(value: str) -> str:
    """``value`` if it is in the grammar; else a ``ValueError`` saying what is allowed."""
    if not isinstance(value, str) or not LABEL_RE.fullmatch(value):
        raise ValueError(f"label {value!r} is not allowed; {LABEL_HINT}")
    return value


def parse(value: str) -> Label:
    """Split a label into base, subscript and primes (``ValueError`` outside the grammar)."""
    match = LABEL_RE.fullmatch(check_label(value))
    assert match is not None  # check_label refused everything else
    return Label(match["base"], match["sub"], len(match["primes"]))


def to_typst(value: str) -> str:
    """The Typst math for label ``value``: ``W_1`` → ``W_1``, ``\\theta`` → ``theta``."""
    return parse(value).typst()


def indexed(value: str, index: int | str) -> str:
    """Label ``value`` with a subscript index: ``y``, 0 → ``y_0``; ``y_1``, 0 → ``y_(1, 0)``."""
    return parse(value).typst(index=index)


def plain(value: str, *, index: int | str | None = None) -> str:
    """Label ``value`` as plain text: ``W_1`` → ``W₁``, ``\\theta`` → ``θ``, ``x'`` → ``x′``.

    For notes, captions and narration, which are text, not math. ``index`` adds one more
    subscript, as :func:`indexed` does (``x``, 0 → ``x₀``; ``x_1``, 0 → ``x₁,₀``). A subscript
    with a character Unicode cannot lower (``b``, ``Q``) is written level after the base,
    whole (``W_Q`` → ``WQ``, ``x_1b`` → ``x1b``): half-lowered it would read as another name,
    and an underscore is the source, not the label.
    """
    label = parse(value)
    base = label.base
    text = _GREEK_TEXT[base[1:]] if base.startswith("\\") else base
    subs = [s for s in (label.sub, None if index is None else str(index)) if s]
    if subs:
        sub = ",".join(subs)
        if all(c in _SUBSCRIPT or c == "," for c in sub):
            text += "".join(_SUBSCRIPT.get(c, c) for c in sub)
        else:
            text += sub
    return text + "′" * label.primes


def product(*values: str) -> str:
    """Labels written side by side, as a product reads: ``B``, ``A``, ``x`` → ``B A x``."""
    return " ".join(to_typst(v) for v in values)


def _base(base: str) -> str:
    if base.startswith("\\"):
        name = base[1:]
        return _TYPST_GREEK.get(name, name)
    # One letter each: several letters together would be a Typst identifier.
    return " ".join(base)


def _spaced(sub: str) -> str:
    """A subscript's letters spaced apart, its digits kept together as one number."""
    return " ".join(re.findall(r"[0-9]+|[A-Za-z]", sub))


def _atomic(sub: str) -> bool:
    """Whether ``sub`` is one Typst token (a number or one letter), needing no parentheses."""
    return bool(re.fullmatch(r"[0-9]+|[A-Za-z]", sub))

"""Text outlines read once: Manim's reading of a text's SVG, kept on disk by the SVG's bytes.

Every ``Text`` in Manim is set by Pango into an SVG (a millisecond), which ``SVGMobject`` then
parses with svgelements and turns into one path per glyph: 30–60 ms for a caption, most of a
lesson's build. The SVG of a text is the same from render to render, and so is what Manim makes
of it, so ``install`` keeps it: the first time a text's SVG is read, each part's points (after
the SVG's transforms, before Manim's flip) and the style the SVG gave it are written to the cache
folder ``outlines``, under a hash of the SVG's bytes and the style Manim puts round them (the
bytes with Cairo's surface ids, a count kept per process, made the same). The next time, the
parts are rebuilt from those: the same class (``VMobjectFromSVGPath``, with no svgelements path
behind it), the same points, the same ``set_style`` call and the same flip, so every attribute
is Manim's (``tests/test_outlines.py`` compares whole families).

Only ``Text`` and ``MarkupText`` go this way, and only when every part Manim made is a plain
path; anything else is parsed as before. Entries are written atomically; one that cannot be
read is parsed again and rewritten, and a cache that cannot be written only costs the time.
Installed by ``mnemo_anim.visuals.lesson``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import re
from pathlib import Path
from typing import Any

import manim
import numpy as np
from manim import RIGHT, MarkupText, Text, VGroup
from manim.mobject.svg.svg_mobject import SVGMobject, VMobjectFromSVGPath

from mnemo_anim import files
from mnemo_anim.errors import RenderError

FORMAT = "1"  # bump when what is stored changes
FOLDER = "outlines"
_INSTALLED = "_mnemo_outlines"
SURFACE = re.compile(rb'id="(surface[0-9]+)"')
MANIM_PARSE = SVGMobject.generate_mobject  # as imported (before any wrapper is installed)


class _NoPath:
    """Stands in for the svgelements path a kept outline was first read from."""

    def approximate_arcs_with_quads(self) -> None:
        pass

    def __iter__(self) -> Any:
        return iter(())


def _style_of(shape: Any) -> dict[str, Any]:
    """What ``SVGMobject.apply_style_to_mobject`` gives ``set_style`` for ``shape``."""
    return {
        "stroke_width": shape.stroke_width if shape.stroke.value is not None else 0,
        "stroke_color": shape.stroke.hexrgb,
        "stroke_opacity": shape.stroke.opacity,
        "fill_color": shape.fill.hexrgb,
        "fill_opacity": shape.fill.opacity,
    }


def surfaces(svg: bytes) -> list[str]:
    """The ids Cairo numbered the SVG's surfaces with, in order (a count kept per process)."""
    return [m.decode() for m in SURFACE.findall(svg)]


def key_of(mob: SVGMobject, svg: bytes) -> str:
    seed = repr(
        (
            FORMAT,
            manim.__version__,
            type(mob).__name__,
            sorted(mob.generate_config_style_dict().items()),
            sorted(mob.path_string_config.items()),
        )
    )
    same_anywhere = SURFACE.sub(b'id="surface"', svg)  # the same text, set in any process
    return hashlib.sha256(seed.encode() + b"\0" + same_anywhere).hexdigest()


def _entry(key: str) -> Path:
    return files.cache_folder(FOLDER) / key[:2] / f"{key}.pickle"


def _load(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            kept = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return kept if isinstance(kept, dict) and kept.get("format") == FORMAT else None


def _read_and_keep(mob: SVGMobject, parse: Any, path: Path, ids: list[str]) -> None:
    """Manim's own reading, with the style of each part noted; then kept when plain."""
    styles: dict[int, dict[str, Any]] = {}
    unflipped: list[np.ndarray] = []

    def apply_style(part: Any, shape: Any) -> Any:
        style = _style_of(shape)
        styles[id(part)] = style
        part.set_style(**style)
        return part

    def flip(*args: Any, **kwargs: Any) -> Any:  # Manim's last step: note the points before
        unflipped.extend(p.points.copy() for p in mob.submobjects)
        return type(mob).flip(mob, *args, **kwargs)

    mob.apply_style_to_mobject = apply_style  # type: ignore[method-assign,assignment]
    mob.flip = flip  # type: ignore[method-assign]
    try:
        parse(mob)
    finally:
        del mob.apply_style_to_mobject, mob.flip
    parts = list(mob.submobjects)
    if len(unflipped) != len(parts):
        return
    if not parts or any(type(p) is not VMobjectFromSVGPath or id(p) not in styles for p in parts):
        return
    index = {id(p): i for i, p in enumerate(parts)}
    groups = {
        (ids.index(name) if name in ids else name): [index.get(id(p)) for p in group.submobjects]
        for name, group in mob.id_to_vgroup_dict.items()
    }
    if any(i is None for members in groups.values() for i in members):
        return  # a group holds something that is not one of the parts
    kept = {
        "format": FORMAT,
        "points": unflipped,
        "styles": [styles[id(p)] for p in parts],
        "groups": groups,  # a surface's group by its place among the surfaces
        "surfaces": len(ids),
    }
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        files.write_atomic(path, payload, durable=False)


def _rebuild(mob: SVGMobject, kept: dict[Any, Any], ids: list[str]) -> None:
    parts = []
    for points, style in zip(kept["points"], kept["styles"], strict=True):
        part = VMobjectFromSVGPath(_NoPath(), **mob.path_string_config)  # type: ignore[arg-type]
        part.points = np.array(points, dtype=np.float64)
        part.set_style(**style)
        parts.append(part)
    mob.add(*parts)
    mob.id_to_vgroup_dict = {
        (ids[name] if isinstance(name, int) else name): VGroup(*(parts[i] for i in members))
        for name, members in kept["groups"].items()
    }
    mob.flip(RIGHT)  # as Manim ends its reading: y down in the SVG, up on screen


def _outlined(parse: Any) -> Any:
    @functools.wraps(parse)  # keeps the text-cache lock's mark, if it wraps ``parse``
    def generate_mobject(self: SVGMobject) -> SVGMobject:
        if not isinstance(self, (Text, MarkupText)):
            parse(self)
            return self
        svg = Path(self.get_file_path()).read_bytes()
        try:
            path, ids = _entry(key_of(self, svg)), surfaces(svg)
        except RenderError:  # no cache folder: read as Manim does, keep nothing
            parse(self)
            return self
        kept = _load(path)
        if kept is None or kept["surfaces"] != len(ids):
            _read_and_keep(self, parse, path, ids)
        else:
            _rebuild(self, kept, ids)
        return self

    setattr(generate_mobject, _INSTALLED, True)
    return generate_mobject


def install() -> None:
    """Read text outlines through the cache (idempotent; composes with the text-cache lock)."""
    if getattr(SVGMobject.generate_mobject, _INSTALLED, False):
        return
    SVGMobject.generate_mobject = _outlined(SVGMobject.generate_mobject)  # type: ignore[method-assign]

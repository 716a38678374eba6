"""A machine without LaTeX, for the tests of the bench's plain-Manim peers."""

from __future__ import annotations

import os
from pathlib import Path


def no_tex_env(folder: Path) -> dict[str, str]:
    """The environment with LaTeX's programs replaced by ones that fail: whatever still calls
    LaTeX (a ``MathTex``, Manim's ``Matrix`` brackets, ``add_coordinates``) fails loudly."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("latex", "pdflatex", "xelatex", "lualatex", "dvisvgm"):
        stub = folder / name
        stub.write_text("#!/bin/sh\necho 'no TeX on this machine' >&2\nexit 127\n")
        stub.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}

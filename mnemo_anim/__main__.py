"""Allow ``python -m mnemo_anim`` as the same CLI as ``mnemo-anim``."""

from __future__ import annotations

from mnemo_anim.cli import main

if __name__ == "__main__":
    main()

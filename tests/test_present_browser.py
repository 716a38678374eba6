"""The real thing in headless Chromium: ``render configs/row_view.yaml --format slides``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mnemo_anim.config.batch import load_inputs
from tests.browser import browser, console_errors, wait_for
from tests.test_slides import at_end, press, state

__all__ = ["browser"]  # the fixture, imported for the tests below

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "configs" / "row_view.yaml"
SHOTS = os.environ.get("MNEMO_ANIM_SCREENSHOTS")  # a folder to keep the screenshots in


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("present") / "output"
    command = [sys.executable, "-m", "mnemo_anim", "render", str(CONFIG), "--format", "slides"]
    done = subprocess.run(
        # at four times the pace: the same steps and clips, a quarter of the frames to play
        [*command, "-q", "preview", "--set", "timing.speed=4", "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    index = Path(done.stdout.strip())
    assert index == out / "row_view_slides" / "index.html"
    return index


def _shot(driver: Any, folder: Path, name: str) -> None:
    driver.save_screenshot(str(folder / name))
    if SHOTS:
        driver.save_screenshot(str(Path(SHOTS) / name))


@pytest.mark.render
def test_row_view_deck_steps_one_key_press_at_a_time(
    browser: Any, deck: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    (planned,) = load_inputs([CONFIG])
    steps = planned.job.steps()
    browser.get(deck.as_uri())
    wait_for(lambda: at_end(state(browser)), timeout=30, message="step 1 to stop at its end")
    assert state(browser)["step"] == "1"
    _shot(browser, tmp_path, "row_view-slides-1.png")
    for number in range(2, len(steps) + 1):
        press(browser, Keys.ARROW_RIGHT)
        wait_for(lambda n=number: state(browser)["step"] == str(n), message=f"step {number}")
        assert state(browser)["clip"].startswith(f"clips/{number:02d}-")
        wait_for(lambda: at_end(state(browser)), timeout=30, message=f"step {number} to end")
        assert state(browser)["step"] == str(number), "a step stops at its end, no run-on"
    _shot(browser, tmp_path, "row_view-slides-last.png")
    press(browser, Keys.ARROW_RIGHT)  # past the end: stays on the last step
    assert state(browser)["step"] == str(len(steps))
    press(browser, Keys.ARROW_LEFT)
    wait_for(lambda: state(browser)["step"] == str(len(steps) - 1), message="← one step back")
    assert browser.find_element("id", "where").text.endswith(steps[-2])
    assert console_errors(browser) == []

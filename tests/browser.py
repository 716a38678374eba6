"""Headless browsers and tiny H.264 clips to feed them: Chromium driven by Selenium, and
Firefox driven over Marionette, its own remote protocol (``marionette-driver``: no geckodriver,
nothing downloaded).

Import the fixtures into a test module (``from tests.browser import browser, firefox``). Tests
that use them are skipped when Debian's ``chromium``/``chromium-driver`` (or ``firefox-esr``)
are not installed.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FIREFOX = "/usr/bin/firefox-esr"
# Firefox preferences for a test profile: Marionette on our port, clips may start themselves
# (as a presenter's click would let them), and nothing phones home.
FIREFOX_PREFS = {
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "browser.startup.homepage_override.mstone": "ignore",
}

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1280,800",
    "--mute-audio",
)


def _driver(profile: Path) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    # Console messages of every level, so a test can insist on none.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@contextlib.contextmanager
def _in_own_profile(prefix: str, start: Callable[[Path], Any]) -> Iterator[Any]:
    """A browser started with a fresh profile folder; quit and the folder removed after."""
    profile = Path(tempfile.mkdtemp(prefix=prefix))
    driver = start(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A fresh headless Chromium with its own profile, shared by one test module."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed")
    with _in_own_profile("chromium-profile-", _driver) as driver:
        yield driver


class Firefox:
    """A headless Firefox over Marionette, with the few calls the page tests make."""

    def __init__(self, profile: Path) -> None:
        from marionette_driver.marionette import Marionette

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        prefs = {**FIREFOX_PREFS, "marionette.port": port}
        lines = [f'user_pref("{name}", {json.dumps(v)});' for name, v in prefs.items()]
        (profile / "user.js").write_text("\n".join(lines) + "\n")
        command = [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(profile)]
        command.append("--window-size=1280,800")
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.client = Marionette(host="127.0.0.1", port=port)
        self.client.raise_for_port(timeout=120)
        self.client.start_session()

    def get(self, url: str) -> None:
        self.client.navigate(url)

    def execute_script(self, script: str) -> Any:
        return self.client.execute_script(script)

    def press(self, key: str) -> None:
        """A real key press (``Keys.RIGHT`` and the like, from ``marionette_driver.keys``)."""
        self.client.actions.sequence("key", "keyboard").key_down(key).key_up(key).perform()

    def find_element(self, by: str, value: str) -> Any:
        """An element, by a WebDriver strategy (``"id"``, ``"css selector"``); it can click."""
        return self.client.find_element(by, value)

    def get_screenshot_as_png(self) -> bytes:
        return bytes(self.client.screenshot(format="binary"))

    def quit(self) -> None:
        try:
            self.client.delete_session()
        finally:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def firefox() -> Iterator[Firefox]:
    """A fresh headless Firefox with its own profile, shared by one test module."""
    if not Path(FIREFOX).exists():
        pytest.skip("Debian firefox-esr is not installed")
    pytest.importorskip("marionette_driver")
    with _in_own_profile("firefox-profile-", Firefox) as driver:
        yield driver


def video_errors(driver: Any) -> list[str]:
    """The ``<video>`` elements of the page that failed to load or decode (``MediaError``)."""
    return list(
        driver.execute_script(
            "return [...document.querySelectorAll('video')]"
            ".filter(v => v.error).map(v => `${v.getAttribute('src')}: ${v.error.code}`);"
        )
    )


def console_errors(driver: Any) -> list[str]:
    """Console errors (and failed loads) logged since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def wait_for(
    condition: Callable[[], Any], timeout: float = 10.0, message: str = "condition"
) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.05)


def make_clip(
    path: Path,
    colour: tuple[int, int, int],
    *,
    frames: int = 12,
    fps: int = 24,
    size: tuple[int, int] = (320, 180),
) -> Path:
    """Write an H.264 MP4 of ``frames`` frames of one flat colour (yuv420p, like our videos).

    The last frame carries a white square in its top-left corner, so a test can tell the end
    state of a step from its first frame.
    """
    width, height = size
    with av.open(str(path), "w", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "18"}
        for index in range(frames):
            pixels = np.empty((height, width, 3), np.uint8)
            pixels[:] = colour
            if index == frames - 1:
                pixels[: height // 3, : width // 4] = 255
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path

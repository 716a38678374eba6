"""The slides deck: files written, data embedded, and the page driven in headless Chromium."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from mnemo_anim.deliver import Palette
from mnemo_anim.deliver.slides import (
    Slide,
    lecture_slides,
    script_json,
    section_slides,
    write_slides,
)
from mnemo_anim.errors import RenderError
from tests.browser import (
    Firefox,
    browser,
    console_errors,
    firefox,
    make_clip,
    video_errors,
    wait_for,
)

__all__ = ["browser", "firefox"]  # the fixtures, imported for the tests below

COLOURS = [(220, 40, 40), (40, 200, 60), (40, 80, 230)]
NAMES = ["show the matrix", "first row", "second row"]
PARTS = ["Rows", "Result"]
NOTES = ["We start from A and x.", "Row one times x gives y1.", "Row two <b>gives</b> y2."]


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lecture of two parts, three steps of one-second clips, one flat colour each."""
    root = tmp_path_factory.mktemp("deck")
    steps = [
        Slide(name, make_clip(root / f"c{i}.mp4", colour, frames=24), note)
        for i, (name, colour, note) in enumerate(zip(NAMES, COLOURS, NOTES, strict=True))
    ]
    slides = lecture_slides([(PARTS[0], steps[:2]), (PARTS[1], steps[2:])])
    palette = Palette(background="#101820", text="#F0F0F0", accent="#FFD166")
    return write_slides(root / "output", "row_view", slides, title="Row view", palette=palette)


def deck_data(index: Path) -> dict[str, Any]:
    text = index.read_text("utf-8")
    found = re.search(r'<script type="application/json" id="deck-data">(.*?)</script>', text, re.S)
    assert found is not None
    return json.loads(found.group(1))


# -- files ---------------------------------------------------------------------------------


def test_deck_files_and_relative_paths(deck: Path) -> None:
    assert deck.name == "index.html" and deck.parent.name == "row_view_slides"
    data = deck_data(deck)
    assert [s["name"] for s in data["steps"]] == NAMES
    assert [s["notes"] for s in data["steps"]] == NOTES
    for step, colour in zip(data["steps"], COLOURS, strict=True):
        assert not Path(step["clip"]).is_absolute()
        assert (deck.parent / step["clip"]).is_file()
        # each step's poster is its clip's first frame (the clips' last frames differ)
        poster = Image.open(deck.parent / step["poster"]).convert("RGB")
        assert near(poster.getpixel((5, 5)), colour)
    page = deck.read_text("utf-8")
    assert "--bg: #101820" in page and "--fg: #F0F0F0" in page
    assert "<title>Row view</title>" in page
    assert not re.search(r"\bsrc=\"(https?:)?//", page), "the page must not load anything remote"


def test_rewrite_replaces_the_folder(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4", (1, 2, 3), frames=2)
    out = tmp_path / "out"
    write_slides(out, "x", [Slide("one", clip), Slide("two", clip)])
    index = write_slides(out, "x", [Slide("only", clip)])
    assert sorted(p.name for p in (index.parent / "clips").iterdir()) == ["01-only.mp4"]
    assert [p.name for p in out.iterdir()] == ["x_slides"], "no staging leftovers"


def test_missing_clip_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        write_slides(tmp_path, "x", [Slide("one", tmp_path / "nope.mp4")])
    with pytest.raises(RenderError, match="no steps"):
        write_slides(tmp_path, "x", [])
    assert list(tmp_path.iterdir()) == []


def test_move_takes_the_clips(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "a.mp4", (1, 2, 3), frames=2)
    write_slides(tmp_path / "out", "x", [Slide("one", clip)], move=True)
    assert not clip.exists()


def test_bad_colour() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        Palette(background="red")


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"notes": "</script><script>alert(1)</script>"})
    assert "</script" not in text
    assert json.loads(text) == {"notes": "</script><script>alert(1)</script>"}


def test_section_slides_pair_clips_with_steps(tmp_path: Path) -> None:
    for index, name in enumerate(NAMES):
        (tmp_path / f"{index:02d}-{name.replace(' ', '-')}.mp4").write_bytes(b"x")
    (tmp_path / "row_view.chapters.txt").write_text("")
    slides = section_slides(tmp_path, NAMES, {"first row": "note"}, part="Part 1")
    assert [s.clip.name[:2] for s in slides] == ["00", "01", "02"]
    assert [s.notes for s in slides] == ["", "note", ""]
    assert {s.part for s in slides} == {"Part 1"}
    with pytest.raises(RenderError, match="3 clips for 2 steps"):
        section_slides(tmp_path, NAMES[:2])


def test_lecture_is_one_deck_titled_by_part(tmp_path: Path) -> None:
    one, two = Slide("a", tmp_path / "a.mp4"), Slide("b", tmp_path / "b.mp4")
    slides = lecture_slides([("Rows", [one, two]), ("Columns", [two])])
    assert [(s.part, s.name) for s in slides] == [("Rows", "a"), ("Rows", "b"), ("Columns", "b")]


# -- in the browser ------------------------------------------------------------------------


def state(driver: Any) -> dict[str, Any]:
    """The step on screen, its phase, and the visible player's position."""
    return driver.execute_script(
        """const v = document.querySelector('#stage video.on');
        return {step: document.body.dataset.step, phase: document.body.dataset.phase,
                clip: v.getAttribute('src'), paused: v.paused, time: v.currentTime,
                duration: v.duration};"""
    )


def centre_colour(driver: Any) -> tuple[int, int, int]:
    """The colour in the middle of the visible clip, from a screenshot of the page."""
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    return shot.getpixel((shot.width // 2, shot.height * 2 // 3))  # type: ignore[return-value]


def near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(colour, expected, strict=True))


def press(driver: Any, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def at_end(s: dict[str, Any]) -> bool:
    return s["phase"] == "done" and s["paused"] and s["time"] >= s["duration"] - 0.05


def test_deck_in_chromium(browser: Any, deck: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(deck.as_uri())
    # Step 1 plays on its own and stops on its last frame.
    wait_for(lambda: state(browser)["phase"] == "playing", message="step 1 to play")
    wait_for(lambda: at_end(state(browser)), message="step 1 to stop at its end")
    assert state(browser)["step"] == "1" and state(browser)["clip"].startswith("clips/01-")
    assert near(centre_colour(browser), COLOURS[0])
    browser.save_screenshot(str(tmp_path / "slides.png"))

    press(browser, Keys.ARROW_RIGHT)
    wait_for(lambda: state(browser)["step"] == "2", message="→ to show step 2")
    assert state(browser)["clip"].startswith("clips/02-")
    assert near(centre_colour(browser), COLOURS[1])
    assert browser.find_element("id", "where").text == f"{PARTS[0]} · {NAMES[1]}"
    wait_for(lambda: at_end(state(browser)), message="step 2 to stop at its end")

    # Back: step 1 as it ended, held (not replayed).
    press(browser, Keys.ARROW_LEFT)
    wait_for(lambda: state(browser)["step"] == "1", message="← to show step 1")
    assert at_end(state(browser))
    assert near(centre_colour(browser), COLOURS[0])

    press(browser, Keys.END)
    wait_for(lambda: state(browser)["step"] == "3", message="End to jump to the last step")
    assert at_end(state(browser))
    press(browser, Keys.HOME)
    wait_for(lambda: state(browser)["step"] == "1", message="Home to jump to step 1")
    wait_for(lambda: at_end(state(browser)), message="step 1 to play again from Home")

    # A click during a step finishes it; the next click moves on (PageDown like a clicker).
    press(browser, Keys.PAGE_DOWN)
    wait_for(lambda: state(browser)["step"] == "2", message="PageDown to play step 2")
    browser.find_element("id", "stage").click()
    wait_for(lambda: at_end(state(browser)), message="a click to finish step 2")
    assert state(browser)["step"] == "2"
    assert console_errors(browser) == []


def test_presenter_view_shows_notes(browser: Any, deck: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(deck.as_uri())
    wait_for(lambda: at_end(state(browser)), message="step 1 to stop at its end")
    audience = browser.current_window_handle
    press(browser, "s")
    wait_for(lambda: len(browser.window_handles) == 2, message="S to open the presenter view")
    notes = next(h for h in browser.window_handles if h != audience)
    browser.switch_to.window(notes)
    text = lambda id_: browser.find_element("id", id_).text  # noqa: E731
    wait_for(lambda: text("p-notes") == NOTES[0], message="the notes of step 1")
    assert text("p-name") == NAMES[0] and text("p-next-name") == f"{PARTS[0]} · {NAMES[1]}"
    assert text("p-part").lower() == PARTS[0].lower()  # shown in capitals
    # The next step's first frame: its poster, taken from its clip when the deck was written.
    preview = "document.querySelector('#p-preview img')"
    assert browser.execute_script(f"return {preview}.src").endswith("/posters/02-first-row.png")
    wait_for(lambda: browser.execute_script(f"return {preview}.naturalWidth") > 0, message="it")
    browser.save_screenshot(str(tmp_path / "presenter.png"))

    # The presenter's keys drive the audience window; both follow.
    press(browser, Keys.ARROW_RIGHT)
    wait_for(lambda: text("p-notes") == NOTES[1], message="the presenter to follow step 2")
    assert text("p-count") == "Step 2 / 3"
    browser.switch_to.window(audience)
    assert state(browser)["step"] == "2"
    press(browser, Keys.END)
    browser.switch_to.window(notes)
    wait_for(lambda: text("p-notes") == NOTES[2], message="notes of the last step")
    assert "<b>" in text("p-notes"), "notes are text, never markup"
    assert text("p-next-name") == "End of the deck"
    assert console_errors(browser) == []
    browser.close()
    browser.switch_to.window(audience)


def test_deck_in_firefox(firefox: Firefox, deck: Path) -> None:
    """The same deck in Firefox (over Marionette, with real key presses): each step plays and
    stops on its last frame, → and ← move one step, End and Home jump, no clip fails."""
    from marionette_driver.keys import Keys

    firefox.get(deck.as_uri())
    wait_for(lambda: at_end(state(firefox)), timeout=30, message="step 1 to stop at its end")
    assert state(firefox)["step"] == "1" and state(firefox)["clip"].startswith("clips/01-")
    assert near(centre_colour(firefox), COLOURS[0])

    firefox.press(Keys.RIGHT)
    wait_for(lambda: state(firefox)["step"] == "2", message="→ to show step 2")
    wait_for(lambda: at_end(state(firefox)), message="step 2 to stop at its end")
    assert near(centre_colour(firefox), COLOURS[1])
    assert firefox.execute_script("return document.getElementById('where').textContent") == (
        f"{PARTS[0]} · {NAMES[1]}"
    )
    firefox.press(Keys.LEFT)
    wait_for(lambda: state(firefox)["step"] == "1", message="← to show step 1")
    assert at_end(state(firefox)) and near(centre_colour(firefox), COLOURS[0])
    firefox.press(Keys.END)
    wait_for(lambda: state(firefox)["step"] == "3", message="End to jump to the last step")
    firefox.press(Keys.HOME)
    wait_for(lambda: state(firefox)["step"] == "1", message="Home to jump to step 1")
    assert video_errors(firefox) == []

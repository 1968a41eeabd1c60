"""The green-screen studio in a real browser: a practice photo on the beach and in space,
and a film made from the practice clip.

Like the other journeys, each key screen is checked for cut-off text and small targets
on a laptop and at 200% zoom, kept as a screenshot, and no request may leave the machine.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import AppPage
from workshop_app.media.samples import sample_photos
from workshop_app.media.video import probe_clip

try:
    from playwright.sync_api import expect
except ImportError:  # the browser tests skip (see conftest.py)
    expect = None

pytestmark = pytest.mark.browser


def test_pupil_puts_a_practice_photo_on_the_beach_then_in_space(app: AppPage):
    creased = next(p for p in sample_photos("greenscreen") if "creased" in p.path.stem)
    app.open()
    app.go_to("Picture", section="Green screen")
    expect(app.heading).to_have_text("Green-screen picture")
    app.open_tab("Practice photos")
    # Just after installing, the first key waits while the keyer is built (10-20 s).
    app.press(app.button(creased.title), timeout=120_000)
    expect(app.main.get_by_text("You are on the beach!")).to_be_visible()
    app.snap("greenscreen-1-beach")

    app.press(app.button("Space"))
    app.press(app.main.get_by_text("Show the mask", exact=True))
    expect(app.main.get_by_text("White is you.", exact=False)).to_be_visible()
    app.snap("greenscreen-2-mask")
    app.press(app.main.get_by_text("Show the mask", exact=True))

    # The eyedropper: a click on the cloth picks its colour; a click on the red shirt is
    # not a screen colour, and says so; "Find it for me" goes back to the colour found.
    app.open_tab("Screen colour")
    expect(app.main.get_by_text("We found the colour of your screen:")).to_be_visible()
    dropper = app.main.get_by_role("img", name="Your photo. Click on the cloth to pick its colour.")
    click_at(app, dropper, 0.85, 0.3)  # the cloth, right of the raised arm
    find_again = app.button("Find it for me")
    expect(find_again).to_be_visible()
    expect(app.main.get_by_text("We found the colour of your screen:")).to_have_count(0)
    app.snap("greenscreen-3-picked")
    click_at(app, dropper, 0.42, 0.8)  # the shirt
    expect(app.main.get_by_text("That colour is not a green screen colour.")).to_be_visible()
    app.snap("greenscreen-4-not-a-screen-colour")
    app.press(find_again.first)
    expect(app.main.get_by_text("That colour is not a green screen colour.")).to_have_count(0)
    # Back where the pupil was: on the screen colour's tab, with the colour found again.
    expect(app.main.get_by_text("We found the colour of your screen:")).to_be_visible()
    app.open_tab("Background")

    data = app.download(app.main.get_by_role("button", name="Download my picture"))
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "JPEG"
    assert picture.size == Image.open(creased.path).size  # full size, not the preview
    assert not picture.getexif()
    pixels = np.asarray(picture.convert("RGB")).astype(int)
    corner = pixels[:50, :50].reshape(-1, 3).mean(axis=0)
    assert not corner[1] > corner[0] + 40, f"the green cloth still shows: {corner}"
    app.assert_stayed_on_machine()


def click_at(app: AppPage, picture, across: float, down: float) -> None:
    """Click a picture at a point given as shares of its width and height."""
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    assert box is not None, "the picture is not on the page"
    with app.reruns():
        picture.click(position={"x": across * box["width"], "y": down * box["height"]})


def test_pupil_makes_a_film_from_the_practice_clip(app: AppPage, tmp_path):
    app.open()
    app.go_to("Film", section="Green screen")
    expect(app.heading).to_have_text("Make a green-screen film")
    app.open_tab("Practice clip")
    app.press(app.main.get_by_role("button", name="Use the practice clip").first, timeout=120_000)
    expect(app.main.get_by_text("The first frame of your film")).to_be_visible()
    app.press(app.button("Beach"))
    app.snap("film-1-first-frame")

    app.press(app.button("Make my film"))
    expect(app.main.get_by_text("Your film is ready!", exact=True)).to_be_visible(timeout=180_000)
    expect(app.main.locator("video")).to_have_count(1)
    app.snap("film-2-ready")

    data = app.download(app.main.get_by_role("button", name="Download my film"))
    film = tmp_path / "film"
    film.write_bytes(data)
    info = probe_clip(film)
    assert (info.width, info.height) == (1280, 720)
    assert info.seconds == pytest.approx(7, abs=0.5)
    assert info.has_audio  # the clip's sound is kept
    app.assert_stayed_on_machine()

"""The photo lab and the code lab in a real browser: upload, feedback, edit, download; puzzle.

Like the lesson journeys, each key screen is checked for cut-off text and small targets
on a laptop and at 200% zoom, kept as a screenshot, and no request may leave the machine.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.conftest import AppPage
from workshop_app.media.samples import sample_photos

try:
    from playwright.sync_api import expect
except ImportError:  # the browser tests skip (see conftest.py)
    expect = None

pytestmark = pytest.mark.browser


def test_pupil_uploads_a_portrait_gets_feedback_edits_and_downloads(app: AppPage):
    portrait = sample_photos("portrait")[0]
    app.open()
    app.go_to("Portrait", section="Photo lab")
    expect(app.heading).to_have_text("Portrait studio")
    app.open_tab("Upload a photo")
    with app.page.expect_file_chooser() as chooser:
        app.main.get_by_test_id("stFileUploaderDropzone").first.click()
    with app.reruns(timeout=30_000):  # the upload, then the rerun that looks at the photo
        chooser.value.set_files(
            files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": portrait.read()}]
        )
    expect(app.main.get_by_text("Your next step", exact=True)).to_be_visible()
    expect(app.page.get_by_test_id("stProgress")).to_contain_text("Photo score:")
    app.snap("photo-1-portrait-feedback")

    app.press(app.button("Improve it with edits"))
    expect(app.heading).to_have_text("Edit your photo")
    edits = app.main.get_by_test_id("stButtonGroup")
    app.press(edits.get_by_text("Black and white", exact=True))
    slider = app.main.get_by_role("slider").first
    for _ in range(10):  # each step is a rerun of the editor: one at a time
        app.press_key(slider, "ArrowRight")
    expect(app.button("Undo")).to_be_enabled()
    app.snap("photo-2-editor")

    data = app.download(app.main.get_by_role("button", name="Download my photo"))
    photo = Image.open(io.BytesIO(data))
    assert photo.format == "JPEG"
    assert photo.size == Image.open(portrait.path).size  # full size, as uploaded
    assert not photo.getexif()  # no metadata leaves with it
    app.assert_stayed_on_machine()


def test_pupil_orders_blocks_and_sees_a_friendly_error_then_the_flag(app: AppPage):
    app.open()
    app.go_to("Code", section="Code lab")
    expect(app.heading).to_have_text("Code lab")
    picker = app.main.get_by_test_id("stSelectbox")
    picker.click()
    app.press(app.page.get_by_role("option", name="Put the flag in order"))
    expect(app.main.get_by_role("heading", name="Put the flag in order")).to_be_visible()

    app.press(app.button("Run"))
    error = app.main.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("middle")
    expect(error).not_to_contain_text("Traceback")
    app.snap("code-1-friendly-error")

    # `middle = white` is the third block: move it to the top, one place at a time, and
    # see each move on screen before the next click (a slow machine may still be redrawing).
    blocks = app.main.get_by_test_id("stCode")
    for place in (2, 1):
        app.press(app.main.get_by_role("button", name="Up", exact=True).nth(place))
        expect(blocks.nth(place - 1)).to_have_text("middle = white")
    app.press(app.button("Run"))
    expect(app.main.get_by_test_id("stAlertContentSuccess")).to_contain_text("Well done")
    app.snap("code-2-flag-done")
    app.assert_stayed_on_machine()

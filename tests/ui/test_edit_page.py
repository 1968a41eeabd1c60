"""The photo editor page, driven by AppTest with an uploaded synthetic photo."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from workshop_app.media.photos import encode_jpeg

APP = str(Path(__file__).parents[2] / "streamlit_app.py")
EDIT = "workshop_app/ui/pages/edit.py"


def photo_bytes(seed: int = 3) -> bytes:
    rng = np.random.default_rng(seed)
    rows, cols = 300, 400
    gradient = np.linspace(40, 200, cols, dtype=np.float32)[None, :, None]
    noise = rng.normal(0, 8, (rows, cols, 3))
    return encode_jpeg(np.clip(gradient + noise, 0, 255).astype(np.uint8))


@pytest.fixture
def editor() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(EDIT).run()
    assert not at.exception
    return at


def test_editor_asks_for_a_photo_first(editor):
    assert editor.title[0].value == "Edit your photo"
    assert "First take a photo, or upload one." in [m.value for m in editor.markdown]
    assert len(editor.get("camera_input")) == 1
    assert len(editor.get("file_uploader")) == 1


def test_upload_edit_undo_redo_and_reset(editor):
    at = editor
    at.get("file_uploader")[0].set_value(("holiday.jpg", photo_bytes(), "image/jpeg")).run()
    assert not at.exception
    assert [b.label for b in at.button if b.label in ("Undo", "Redo", "Start again")] == [
        "Undo",
        "Redo",
        "Start again",
    ]
    undo = next(b for b in at.button if b.label == "Undo")
    assert undo.disabled

    slider = at.slider(key=next(s.key for s in at.slider if s.key.endswith("-crop-zoom")))
    slider.set_value(150.0).run()
    assert not at.exception
    undo = next(b for b in at.button if b.label == "Undo")
    assert not undo.disabled
    undo.click().run()
    assert at.slider(key=slider.key).value == 100.0  # the slider follows the undo
    next(b for b in at.button if b.label == "Redo").click().run()
    assert at.slider(key=slider.key).value == 150.0
    next(b for b in at.button if b.label == "Start again").click().run()
    assert at.slider(key=slider.key).value == 100.0
    downloads = at.get("download_button")
    assert len(downloads) == 1
    assert "400 x 300 pixels" in downloads[0].proto.label


def test_a_broken_file_gets_a_friendly_message_and_nothing_breaks(editor):
    at = editor
    at.get("file_uploader")[0].set_value(("notes.jpg", b"not a photo", "image/jpeg")).run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("notes.jpg: ")
    assert "Try" in error
    assert "Traceback" not in error

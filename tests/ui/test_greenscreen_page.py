"""The green-screen studio page, driven by AppTest with synthetic green-screen photos."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from workshop_app.bench.greenscreen_frames import FrameSpec, make_frame
from workshop_app.media.album import Album
from workshop_app.media.photos import encode_jpeg, load_image
from workshop_app.studio.scene import StudioWork
from workshop_app.ui.exercises import EXERCISE_PAGES
from workshop_app.ui.messages import MESSAGES
from workshop_app.ui.pages import PAGES_DIR

APP = str(Path(__file__).parents[2] / "streamlit_app.py")
STUDIO = "workshop_app/ui/pages/greenscreen.py"


def green_screen_photo(rows: int = 300, cols: int = 400, *, screen: str = "green") -> bytes:
    spec = FrameSpec("page test", 41, screen=screen, shirt="red", hair="brown")
    return encode_jpeg(make_frame(spec, rows, cols).image)


def photo_without_a_screen() -> bytes:
    rng = np.random.default_rng(2)
    gradient = np.linspace(60, 200, 400, dtype=np.float32)[None, :, None]
    return encode_jpeg(np.clip(gradient + rng.normal(0, 8, (300, 400, 3)), 0, 255).astype(np.uint8))


class RecordingMediaFiles(MediaFileManager):
    """Keeps the callables behind deferred downloads, so a test can make the file."""

    made: ClassVar[dict[str, Callable[[], bytes]]] = {}

    def add_deferred(self, data_callable, *args, **kwargs):
        file_id = super().add_deferred(data_callable, *args, **kwargs)
        RecordingMediaFiles.made[file_id] = data_callable
        return file_id


@pytest.fixture
def studio() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(STUDIO).run()
    assert not at.exception
    return at


def studio_work(at: AppTest) -> StudioWork:
    return at.session_state["kit.store"].get(StudioWork)


def album(at: AppTest) -> Album:
    return at.session_state["kit.store"].get(Album)


def upload(at: AppTest, data: bytes, name: str = "me.jpg") -> AppTest:
    at.get("file_uploader")[0].set_value((name, data, "image/jpeg")).run()
    assert not at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def slider(at: AppTest, label: str):
    return next(s for s in at.slider if s.label == label)


def toggle(at: AppTest, label: str):
    return next(t for t in at.toggle if t.label == label)


def info(at: AppTest) -> str:
    [text] = [i.value for i in at.info]
    return text


def test_the_studio_asks_for_a_photo_and_offers_practice_photos(studio):
    assert studio.title[0].value == "Green-screen picture"
    assert len(studio.get("camera_input")) == 1
    assert len(studio.get("file_uploader")) == 1
    labels = [b.label for b in studio.button]
    assert "Creased green cloth" in labels
    assert "Blue cloth" in labels


def test_an_uploaded_photo_appears_on_the_beach_with_its_controls(studio):
    at = upload(studio, green_screen_photo())
    assert not at.error
    assert not at.warning
    assert "beach" in info(at)
    assert len(at.get("image")) >= 10  # the picture, backgrounds and stickers
    labels = [s.label for s in at.slider]
    for label in (
        "How much green to remove",
        "Soft edges",
        "Fix green glow",
        "Move left or right",
        "Move down or up",
        "Make smaller or bigger",
    ):
        assert label in labels
    tabs = [t.label for t in at.tabs][:5]  # then the tabs of "Add another photo"
    assert tabs == ["Background", "Edges", "Move", "Stickers", "Screen colour"]
    # the eyedropper: Streamlit's own component, its code inline, nothing fetched
    [dropper] = at.get("bidi_component")
    assert dropper.proto.component_name == "workshop_eyedropper"
    assert "http" not in dropper.proto.js_content
    assert "src" in dropper.proto.json


def test_sliders_and_the_mask_view(studio):
    at = upload(studio, green_screen_photo())
    slider(at, "How much green to remove").set_value(80).run()
    slider(at, "Soft edges").set_value(10).run()
    slider(at, "Fix green glow").set_value(100).run()
    assert not at.exception
    toggle(at, "Show the mask").set_value(True).run()
    assert not at.exception
    assert any("White is you" in c.value for c in at.caption)
    toggle(at, "Invisibility cloak (green clothes disappear)").set_value(True).run()
    assert not at.exception
    slider(at, "Make smaller or bigger").set_value(60).run()
    slider(at, "Move left or right").set_value(-20).run()
    assert not at.exception
    button(at, "Put me back").click().run()
    assert slider(at, "Make smaller or bigger").value == 100


def test_choosing_a_background_and_uploading_my_own(studio):
    at = upload(studio, green_screen_photo())
    button(at, "Space").click().run()
    assert not at.exception
    assert studio_work(at).scene.background == "space"
    assert button(at, "Space").proto.type == "primary"
    assert "mask" in info(at)

    own = next(u for u in at.get("file_uploader") if u.label == "Use my own background")
    rng = np.random.default_rng(4)
    picture = rng.integers(0, 255, (90, 160, 3), dtype=np.uint8)
    own.set_value(("holiday.png", encode_jpeg(picture), "image/jpeg")).run()
    assert not at.exception
    assert studio_work(at).scene.background == "own"
    assert button(at, "My background").proto.type == "primary"

    own = next(u for u in at.get("file_uploader") if u.label == "Use my own background")
    own.set_value(("notes.jpg", b"not a photo", "image/jpeg")).run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "Try" in error
    assert "Traceback" not in error


def test_stickers_and_frames(studio):
    at = upload(studio, green_screen_photo())
    button(at, "Crown").click().run()
    button(at, "Gold").click().run()
    assert not at.exception
    assert studio_work(at).scene.sticker == "sticker_crown"
    assert studio_work(at).scene.frame == "frame_gold"
    slider(at, "Sticker size").set_value(50).run()
    assert not at.exception
    button(at, "Crown").click().run()  # pressed again: taken off
    assert studio_work(at).scene.sticker is None
    assert "Sticker size" not in [s.label for s in at.slider]


def test_the_download_is_the_full_size_picture(studio, monkeypatch):
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFiles)
    at = studio
    button(at, "Creased green cloth").click().run()  # 1600 x 1200; the preview is 1024 wide
    assert not at.exception
    [download] = at.get("download_button")
    assert download.proto.label == "Download my picture"
    assert "Full size: 1600 x 1200 pixels." in [c.value for c in at.caption]
    data = RecordingMediaFiles.made[download.proto.deferred_file_id]()
    assert data[:2] == b"\xff\xd8"
    picture = load_image(data)
    assert picture.shape == (1200, 1600, 3)
    # where the photo showed the green cloth, the picture shows the beach instead
    photo = album(at).latest().full_size().astype(int)
    cloth = photo[..., 1] - np.maximum(photo[..., 0], photo[..., 2]) > 40
    assert cloth.mean() > 0.5
    unchanged = (np.abs(picture.astype(int) - photo).max(axis=-1) < 12) & cloth
    assert unchanged.sum() < 0.01 * cloth.sum()

    button(at, "Crown").click().run()
    button(at, "Rainbow").click().run()
    [download] = at.get("download_button")
    with_layers = load_image(RecordingMediaFiles.made[download.proto.deferred_file_id]())
    assert with_layers.shape == (1200, 1600, 3)
    assert np.abs(with_layers.astype(int) - picture).max(axis=-1).mean() > 5


def test_one_next_step_at_a_time(studio):
    at = upload(studio, green_screen_photo())
    assert "pick a background" in info(at)
    button(at, "Jungle").click().run()
    assert "Show the mask" in info(at)
    toggle(at, "Show the mask").set_value(True).run()
    assert "Move" in info(at)
    slider(at, "Move down or up").set_value(10).run()
    assert "Download" in info(at)


def test_keep_it_puts_the_full_size_picture_among_my_photos(studio):
    at = studio
    button(at, "Blue cloth").click().run()
    assert "blue" in slider(at, "How much blue to remove").label
    button(at, "Keep it in my photos").click().run()
    assert not at.exception
    photos = album(at)
    assert len(photos) == 2
    assert photos.latest().size == (1200, 1600)
    assert any("in your photos" in s.value for s in at.success)


def test_a_photo_without_a_screen_gets_a_friendly_message(studio):
    at = upload(studio, photo_without_a_screen(), "cat.jpg")
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert warning == MESSAGES["no-screen"]
    assert "Traceback" not in warning
    assert "new one" in info(at)
    assert not at.slider  # nothing to set until the screen is found
    assert not at.get("download_button")
    assert len(at.get("bidi_component")) == 1  # click on a cloth to show its colour


def test_a_lesson_step_can_open_the_studio():
    script, label = EXERCISE_PAGES["greenscreen"]
    assert (PAGES_DIR / script).is_file()
    assert "green-screen" in label


def test_settings_and_the_mask_are_kept_while_the_pupil_visits_another_page(studio):
    at = upload(studio, green_screen_photo())
    toggle(at, "Show the mask").set_value(True).run()
    slider(at, "Soft edges").set_value(80).run()
    at.switch_page("workshop_app/ui/pages/home.py").run()
    at.switch_page(STUDIO).run()
    assert not at.exception
    assert toggle(at, "Show the mask").value is True
    assert slider(at, "Soft edges").value == 80
    assert studio_work(at).scene.keying.softness == 80

"""Portrait, action and street pages, driven by AppTest with the kit's practice photos."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.ui.pupil import give_work
from workshop_app.lessons.model import ActionExercise
from workshop_app.media.samples import sample_photos

APP = str(Path(__file__).parents[2] / "streamlit_app.py")
PAGES = "workshop_app/ui/pages/"


def open_page(name: str, *, exercise=None) -> AppTest:
    at = give_work(AppTest.from_file(APP, default_timeout=60), exercise=exercise)
    at.run()
    at.switch_page(PAGES + name).run()
    assert not at.exception
    return at


def press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    uploader = at.get("file_uploader")[0]
    uploader.set_value([(name, data, "image/jpeg") for name, data in files]).run()
    assert not at.exception
    return at


def test_portrait_gives_a_score_and_one_next_step():
    at = press(open_page("portrait.py"), "Astronaut")
    assert at.title[0].value == "Portrait studio"
    assert at.subheader[0].value == "Your next step"
    [progress] = at.get("progress")
    assert "Photo score:" in progress.proto.text
    first_card = (*at.info, *at.success, *at.warning)[0].value
    assert first_card.startswith("**")
    assert len(at.get("image")) >= 2  # the practice photos, and the photo with its grid
    at = press(at, "Improve it with edits")
    assert at.title[0].value == "Edit your photo"


def test_portrait_refuses_a_broken_file_kindly():
    at = upload(open_page("portrait.py"), ("face.jpg", b"\xff\xd8\xff\xe0 broken"))
    [error] = [e.value for e in at.error]
    assert error.startswith("face.jpg: ")
    assert "Try another photo" in error


def test_action_burst_picks_the_sharpest_with_a_reason():
    burst = [s for s in sample_photos("action") if s.title.startswith("Burst")]
    assert len(burst) >= 2
    at = upload(
        open_page("action.py", exercise=ActionExercise(kind="action", burst_max=5)),
        *[(s.path.name, s.read()) for s in burst],
    )
    [reason] = [s.value for s in at.success]
    assert "sharpest" in reason
    captions = [c for image in at.get("image") for c in [image.proto.imgs[0].caption]]
    assert sum("the sharpest!" in c for c in captions) == 1


def test_shutter_simulator_needs_a_photo_then_blurs_it():
    at = open_page("action.py")
    assert "Take or upload a photo in 'Find the sharpest' first." in [i.value for i in at.info]
    at = press(at, "Burst 1")
    at.select_slider(key="shutter-speed").set_value("1/15 s").run()
    assert not at.exception
    at.toggle(key="shutter-pan").set_value(True).run()
    assert not at.exception


def test_street_camera_opens_only_after_the_promises_and_blurs_faces():
    at = open_page("street.py")
    assert "Tick all three promises to open the camera." in [i.value for i in at.info]
    assert not at.get("file_uploader")
    for box in at.checkbox:
        box.check()
    at.run()
    portrait = next(s for s in sample_photos("portrait"))
    at = upload(at, (portrait.path.name, portrait.read()))
    assert any(s.value.startswith("We blurred 1 face") for s in at.success), at.success
    at.toggle(key="street-lines").set_value(True).run()
    assert not at.exception

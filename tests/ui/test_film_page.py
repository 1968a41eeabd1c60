"""The film page, driven by AppTest: practice clip, upload, make, stop, bad clips."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.pupil import give_work, work_of
from workshop_app.bench.film import write_green_screen_clip
from workshop_app.lessons.model import FilmExercise
from workshop_app.media.photos import encode_png
from workshop_app.media.video import ClipInfo
from workshop_app.studio.project import FilmProject
from workshop_app.ui.messages import MESSAGES

APP = str(Path(__file__).parents[2] / "streamlit_app.py")
FILM = "workshop_app/ui/pages/film.py"

pytestmark = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="films need ffmpeg and ffprobe: `sudo apt-get install ffmpeg` (CI installs it)",
)


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("film-page") / "me.mp4"
    return write_green_screen_clip(path, seconds=1.0, rows=120, cols=160, seed=5).read_bytes()


def open_film_page(*, exercise=None) -> AppTest:
    at = give_work(AppTest.from_file(APP, default_timeout=60), exercise=exercise)
    at.run()
    at.switch_page(FILM).run()
    assert not at.exception
    return at


def press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label.startswith(label)).click().run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, data, "video/mp4")).run()
    assert not at.exception
    return at


def wait_for_film(at: AppTest, seconds: float = 60) -> AppTest:
    """Rerun as the progress fragment would, until the bar is gone."""
    deadline = time.monotonic() + seconds
    while at.get("progress") and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
        assert not at.exception
    assert not at.get("progress"), "the film was not finished in time"
    return at


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_the_page_asks_for_a_clip_first():
    at = open_film_page()
    assert at.title[0].value == "Make a green-screen film"
    assert "Use the practice clip" in at.info[0].value
    assert len(at.get("file_uploader")) == 1
    assert "up to 60 seconds" in at.get("file_uploader")[0].proto.label
    assert any(b.label.startswith("Use the practice clip") for b in at.button)
    assert not at.slider


def test_the_practice_clip_shows_its_first_frame_sliders_and_backgrounds():
    at = press(open_film_page(), "Use the practice clip")
    assert texts(at.subheader) == [
        "1. Your clip",
        "2. Choose a background",
        "3. Check your first frame",
        "4. Make your film",
    ]
    assert "Your clip is 7 seconds long, with sound." in texts(at.success)
    assert [s.label for s in at.slider] == [
        "How much green to remove",
        "Soft edges",
        "Fix green glow",
    ]
    labels = [b.label for b in at.button]
    assert "Beach" in labels
    assert "Twinkling stars (moving)" in labels
    assert "Make my film" in labels
    assert "1280 x 720 pixels and 7 seconds long" in at.caption[-1].value


def test_upload_make_a_film_on_a_moving_background_then_delete_it(tiny_clip):
    at = upload(open_film_page(), "me.mp4", tiny_clip)
    assert "Your clip is 1 second long, with sound." in texts(at.success)
    at = press(at, "Twinkling stars (moving)")
    at.radio(key="film-format").set_value("webm").run()
    at = press(at, "Make my film")
    assert "Your film is being made" in at.info[0].value
    at = wait_for_film(at)
    assert "Your film is ready!" in texts(at.success)
    assert len(at.get("video")) == 1
    [download] = at.get("download_button")
    assert download.proto.label.startswith("Download my film (WEBM, ")
    film_path = work_of(at, FilmProject).result.path
    found = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(film_path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert [s["codec_name"] for s in found["streams"]] == ["vp9", "opus"]
    at = press(at, "Delete my film")
    assert not film_path.exists()
    assert not at.get("video")
    clip_path = work_of(at, FilmProject).clip.path
    assert clip_path.exists()
    at = press(at, "Delete my clip and film")
    assert not clip_path.exists()
    assert not at.slider  # back to choosing a clip


def test_a_film_can_be_stopped():
    at = press(press(open_film_page(), "Use the practice clip"), "Make my film")
    assert any(b.label == "Stop making the film" for b in at.button)
    at = press(at, "Stop making the film")
    at = wait_for_film(at)
    assert "You stopped the film. Press Make my film to start again." in texts(at.info)
    assert not at.get("video")
    assert any(b.label == "Make my film" for b in at.button)


def test_a_lesson_limit_shortens_the_film():
    exercise = FilmExercise(kind="film", max_seconds=3)
    at = press(open_film_page(exercise=exercise), "Use the practice clip")
    assert "Your film will use the first 3 seconds of it." in texts(at.info)
    assert "and 3 seconds long" in at.caption[-1].value


def test_a_file_that_is_not_a_video_gets_a_friendly_message_and_nothing_breaks():
    at = upload(open_film_page(), "holiday.mp4", b"this is not a video at all" * 50)
    [error] = texts(at.error)
    assert error == f"holiday.mp4: {MESSAGES['not-a-video']}"
    assert "Traceback" not in error
    at = press(at, "Use the practice clip")  # the page still works
    assert not at.error
    assert len(at.slider) == 3


def test_a_clip_without_a_green_screen_says_what_to_do(tmp_path):
    grey = tmp_path / "grey.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=0x907050:s=96x64:r=10:d=1"]
        + ["-pix_fmt", "yuv420p", str(grey)],
        check=True,
    )
    at = upload(open_film_page(), "grey.mp4", grey.read_bytes())
    assert MESSAGES["clip-no-screen"] in texts(at.error)
    assert at.expander[0].proto.expanded  # the uploader is open for a new clip
    assert "film a new clip" in at.info[0].value
    assert not at.slider
    assert not any(b.label == "Make my film" for b in at.button)


def test_my_own_background_picture_or_video(tiny_clip):
    at = press(open_film_page(), "Use the practice clip")
    [own] = [u for u in at.get("file_uploader") if u.key == "film-own-upload"]
    picture = encode_png(np.full((90, 160, 3), (250, 120, 200), np.uint8))
    own.set_value(("pink.png", picture, "image/png")).run()
    assert not at.exception
    mine = next(b for b in at.button if b.label == "My background")
    assert mine.proto.type == "primary"  # chosen at once
    [own] = [u for u in at.get("file_uploader") if u.key == "film-own-upload"]
    own.set_value(("broken.mp4", b"not a video", "video/mp4")).run()
    assert f"broken.mp4: {MESSAGES['not-a-video']}" in texts(at.error)
    [own] = [u for u in at.get("file_uploader") if u.key == "film-own-upload"]
    own.set_value(("moving.mp4", tiny_clip, "video/mp4")).run()
    assert not at.error
    assert isinstance(work_of(at, FilmProject).own_background, ClipInfo)

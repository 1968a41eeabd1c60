from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workshop_app.errors import ImageError
from workshop_app.imaging.motion import simulate_shutter
from workshop_app.media import load_image
from workshop_app.photolab import SHUTTER_SPEEDS, pick_sharpest
from workshop_app.ui.messages import explain

PHOTOS = Path(__file__).parents[2] / "sample_media" / "photos"


@pytest.fixture(scope="module")
def scene() -> np.ndarray:
    return load_image((PHOTOS / "portrait_astronaut.jpg").read_bytes())


def test_picks_the_sharp_frame_and_names_the_streaked_one(scene):
    burst = [
        simulate_shutter(scene, shutter=15, angle=90),
        simulate_shutter(scene, shutter=40, angle=0),
        scene,
    ]
    pick = pick_sharpest(burst)
    assert pick.index == 2
    assert len(pick.sharpness) == len(pick.blur) == 3
    assert pick.sharpness[2] == max(pick.sharpness)
    assert pick.reason.startswith("Photo 3 is the sharpest")
    assert "Photo 2 has motion blur going left to right." in pick.reason


def test_without_streaks_the_most_blurry_is_named(scene):
    pick = pick_sharpest([scene, cv2.GaussianBlur(scene, (0, 0), 3)])
    assert pick.index == 0
    assert (
        pick.reason
        == "Photo 1 is the sharpest: its edges are the crispest. Photo 2 is the most blurry."
    )


def test_the_sample_burst():
    burst = [load_image((PHOTOS / f"action_burst_{n}.jpg").read_bytes()) for n in (1, 2, 3)]
    assert pick_sharpest(burst).index == 1


def test_frames_of_different_sizes_compare(scene):
    small = cv2.resize(scene, (256, 256), interpolation=cv2.INTER_AREA)
    streaked = simulate_shutter(scene, shutter=30)
    assert pick_sharpest([streaked, small]).index == 1


def test_one_photo_is_its_own_pick(scene):
    pick = pick_sharpest([scene])
    assert pick.index == 0
    assert "only one photo" in pick.reason


def test_the_burst_is_left_alone(scene):
    before = scene.copy()
    pick_sharpest((scene, scene))
    np.testing.assert_array_equal(scene, before)


def test_an_empty_burst_is_a_friendly_image_error():
    with pytest.raises(ImageError) as caught:
        pick_sharpest([])
    assert caught.value.cause == "no-burst"
    assert "burst" in explain(caught.value)


def test_a_frame_that_is_not_a_photo_is_an_image_error(scene):
    with pytest.raises(ImageError):
        pick_sharpest([scene, np.zeros((10, 10), np.uint8)])


def test_shutter_speeds_go_from_frozen_to_streaked():
    dials = [dial for _, dial in SHUTTER_SPEEDS]
    assert dials[0] == 0
    assert dials == sorted(dials)
    assert max(dials) <= 100

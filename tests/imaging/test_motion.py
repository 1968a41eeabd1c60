from __future__ import annotations

import numpy as np
import pytest

from tests.imaging.conftest import laplacian_variance, synthetic_photo
from tests.imaging.test_analysis import texture
from workshop_app.errors import ImageError
from workshop_app.imaging.analysis import motion_blur
from workshop_app.imaging.motion import pan, simulate_shutter, streak_length


@pytest.fixture
def big_photo() -> np.ndarray:
    return synthetic_photo(240, 320, seed=11)


@pytest.mark.parametrize("function", [simulate_shutter, pan])
def test_defaults_change_nothing_and_return_a_new_array(function, photo):
    result = function(photo)
    assert not np.shares_memory(result, photo)
    np.testing.assert_array_equal(result, photo)


@pytest.mark.parametrize("angle", [0, 90, 30, -45, 135, 180])
def test_shutter_keeps_shape_and_dtype_and_leaves_the_input_alone(big_photo, angle):
    before = big_photo.copy()
    result = simulate_shutter(big_photo, shutter=50, angle=angle)
    np.testing.assert_array_equal(big_photo, before)
    assert result.shape == big_photo.shape
    assert result.dtype == np.uint8
    assert not np.array_equal(result, big_photo)


def test_a_longer_shutter_blurs_more(big_photo):
    values = [
        laplacian_variance(simulate_shutter(big_photo, shutter=s, angle=20))
        for s in (0, 20, 60, 100)
    ]
    assert values == sorted(values, reverse=True)
    assert values[-1] < values[0] / 3


@pytest.mark.parametrize("angle", [0, 30, 60, 90, 120, 150])
def test_the_streaks_go_the_way_of_the_angle(angle):
    found = motion_blur(simulate_shutter(texture(), shutter=80, angle=angle))
    assert found.direction is not None
    difference = abs(found.direction - angle) % 180
    assert min(difference, 180 - difference) < 8


def test_a_single_dot_becomes_a_line_of_the_streak_length():
    photo = np.zeros((101, 201, 3), np.uint8)
    photo[50, 100] = 255
    streaked = simulate_shutter(photo, shutter=100, angle=0)
    lit = np.nonzero(streaked[:, :, 0])
    assert set(lit[0]) == {50}
    assert len(lit[1]) == streak_length(photo, 100) == 20


def test_a_streak_the_same_size_on_a_preview_and_the_full_photo(big_photo):
    assert streak_length(big_photo, 50) * 4 == streak_length(
        np.repeat(np.repeat(big_photo, 4, 0), 4, 1), 50
    )


def test_tiny_shutter_changes_nothing(photo):
    np.testing.assert_array_equal(simulate_shutter(photo, shutter=1), photo)


@pytest.mark.parametrize(
    ("option", "value"), [("shutter", -1), ("shutter", 101), ("angle", 400), ("shutter", "slow")]
)
def test_bad_settings_are_image_errors(photo, option, value):
    with pytest.raises(ImageError):
        simulate_shutter(photo, **{option: value})


def test_pan_keeps_the_subject_sharp_and_streaks_the_background(big_photo):
    before = big_photo.copy()
    box = (60, 100, 120, 120)
    panned = pan(big_photo, subject=box, amount=80, angle=0)
    np.testing.assert_array_equal(big_photo, before)
    middle = (slice(90, 150), slice(130, 190))
    np.testing.assert_array_equal(panned[middle], big_photo[middle])
    background = (slice(0, 40), slice(None))
    assert laplacian_variance(panned[background]) < laplacian_variance(big_photo[background]) / 2


@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_pan_with_a_mask(big_photo, dtype):
    mask = np.zeros(big_photo.shape[:2], dtype)
    mask[50:150, 50:150] = 255 if dtype == np.uint8 else 1.0
    panned = pan(big_photo, subject=mask, amount=60, angle=90)
    np.testing.assert_array_equal(panned[50:150, 50:150], big_photo[50:150, 50:150])
    assert not np.array_equal(panned[160:], big_photo[160:])


def test_pan_without_a_subject_streaks_everything(big_photo):
    np.testing.assert_array_equal(
        pan(big_photo, amount=50, angle=10), simulate_shutter(big_photo, shutter=50, angle=10)
    )


@pytest.mark.parametrize(
    "subject",
    [(0, 0, 10), np.zeros((5, 5), np.uint8), (500, 500, 10, 10), "runner"],
    ids=["short box", "wrong mask size", "outside", "text"],
)
def test_bad_subject_is_an_image_error(big_photo, subject):
    with pytest.raises(ImageError):
        pan(big_photo, subject=subject, amount=50)

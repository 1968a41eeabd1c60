from __future__ import annotations

import numpy as np
import pytest

from workshop_app.errors import ImageError
from workshop_app.imaging import images
from workshop_app.imaging.adjust import brightness, contrast, exposure, saturation, warmth

ADJUSTMENTS = [brightness, contrast, exposure, saturation, warmth]
CHANGES = [
    (brightness, {"amount": 30}),
    (contrast, {"amount": 40}),
    (exposure, {"stops": 1}),
    (exposure, {"gamma": 2}),
    (saturation, {"amount": 50}),
    (warmth, {"amount": -60}),
]


@pytest.mark.parametrize("function", ADJUSTMENTS)
def test_defaults_change_nothing_and_return_a_new_array(function, photo):
    result = function(photo)
    assert result is not photo
    assert not np.shares_memory(result, photo)
    np.testing.assert_array_equal(result, photo)


@pytest.mark.parametrize(("function", "options"), CHANGES)
def test_changes_keep_shape_and_dtype_and_leave_the_input_alone(function, options, photo):
    before = photo.copy()
    result = function(photo, **options)
    np.testing.assert_array_equal(photo, before)
    assert result.shape == photo.shape
    assert result.dtype == np.uint8
    assert not np.array_equal(result, photo)


def test_brightness_raises_and_lowers_the_mean(photo):
    assert brightness(photo, amount=20).mean() > photo.mean() + 20
    assert brightness(photo, amount=-20).mean() < photo.mean() - 20


def test_brightness_adds_a_percent_of_white_and_clips(photo):
    expected = np.clip(photo.astype(int) + round(0.1 * 255), 0, 255)
    np.testing.assert_array_equal(brightness(photo, amount=10), expected)
    assert (brightness(photo, amount=100) == 255).all()
    assert (brightness(photo, amount=-100) == 0).all()


def test_contrast_spreads_or_squeezes_the_levels(photo):
    assert contrast(photo, amount=50).std() > photo.std() * 1.5
    assert contrast(photo, amount=-50).std() < photo.std() * 0.6
    flat = contrast(photo, amount=-100)
    assert flat.std() < photo.std() / 3


def test_exposure_stops_double_the_light_and_gamma_keeps_black_and_white():
    ramp = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
    brighter = exposure(ramp, stops=1).astype(int)
    assert (brighter >= ramp).all()
    assert brighter[0, 128, 0] > 160  # one stop brighter than sRGB mid-grey
    lifted = exposure(ramp, gamma=2).astype(int)
    assert lifted[0, 0, 0] == 0
    assert lifted[0, 255, 0] == 255
    assert lifted[0, 64, 0] > 64


def test_full_desaturation_is_grey_and_more_saturation_spreads_channels(photo):
    grey = saturation(photo, amount=-100)
    assert (grey[..., 0] == grey[..., 1]).all()
    assert (grey[..., 1] == grey[..., 2]).all()
    spread = np.ptp(photo.astype(int), axis=2).mean()
    assert np.ptp(saturation(photo, amount=60).astype(int), axis=2).mean() > spread * 1.3


def test_warmth_moves_red_against_blue(photo):
    def red_minus_blue(image: np.ndarray) -> float:
        return float(image[..., 0].astype(int).mean() - image[..., 2].astype(int).mean())

    assert red_minus_blue(warmth(photo, amount=50)) > red_minus_blue(photo) + 10
    assert red_minus_blue(warmth(photo, amount=-50)) < red_minus_blue(photo) - 10


@pytest.mark.parametrize("bad", [101, -101, float("nan"), float("inf"), "10", True, None])
@pytest.mark.parametrize("function", [brightness, contrast, saturation, warmth])
def test_bad_amounts_are_image_errors(function, bad, photo):
    with pytest.raises(ImageError, match="amount"):
        function(photo, amount=bad)


@pytest.mark.parametrize("options", [{"stops": 6}, {"gamma": 0}, {"gamma": -1}])
def test_bad_exposure_options_are_image_errors(options, photo):
    with pytest.raises(ImageError):
        exposure(photo, **options)


@pytest.mark.parametrize(
    "bad_image",
    [
        np.zeros((4, 4), np.uint8),
        np.zeros((4, 4, 4), np.uint8),
        np.zeros((4, 4, 3), np.float32),
        np.zeros((0, 4, 3), np.uint8),
        [[[0, 0, 0]]],
    ],
    ids=["grey-2d", "rgba", "float", "empty", "list"],
)
@pytest.mark.parametrize("function", ADJUSTMENTS)
def test_images_that_are_not_rgb_uint8_are_image_errors(function, bad_image):
    with pytest.raises(ImageError, match="RGB|numpy|empty"):
        function(bad_image)


def test_the_srgb_curve_goes_there_and_back():
    levels = np.arange(256, dtype=np.float64)
    linear = images.srgb_to_linear(levels)
    assert linear[0] == 0
    assert linear[-1] == 1
    assert np.all(np.diff(linear) > 0)
    np.testing.assert_allclose(images.linear_to_srgb(linear), levels, atol=1e-9)

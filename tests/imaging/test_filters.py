from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.imaging.conftest import laplacian_variance, synthetic_photo
from workshop_app.errors import ImageError
from workshop_app.imaging.filters import black_and_white, blur, pixelate, sepia, sharpen, vignette

DIALS = [blur, sharpen, pixelate, vignette]
CHANGES = [
    (blur, {"amount": 50}),
    (sharpen, {"amount": 50}),
    (pixelate, {"size": 5}),
    (vignette, {"amount": 50}),
    (black_and_white, {}),
    (sepia, {}),
]


@pytest.mark.parametrize("function", DIALS)
def test_defaults_change_nothing_and_return_a_new_array(function, photo):
    result = function(photo)
    assert not np.shares_memory(result, photo)
    np.testing.assert_array_equal(result, photo)


@pytest.mark.parametrize(("function", "options"), CHANGES)
def test_filters_keep_shape_and_dtype_and_leave_the_input_alone(function, options, photo):
    before = photo.copy()
    result = function(photo, **options)
    np.testing.assert_array_equal(photo, before)
    assert result.shape == photo.shape
    assert result.dtype == np.uint8
    assert not np.array_equal(result, photo)


def test_blurred_is_less_sharp_and_sharpened_is_sharper():
    photo = synthetic_photo(384, 512)
    sharpness = laplacian_variance(photo)
    assert laplacian_variance(blur(photo, amount=30)) < sharpness / 2
    assert laplacian_variance(blur(photo, amount=60)) < laplacian_variance(blur(photo, amount=30))
    assert laplacian_variance(sharpen(photo, amount=60)) > sharpness * 1.5


def test_tiny_blur_on_a_small_image_changes_nothing(photo):
    np.testing.assert_array_equal(blur(photo, amount=1), photo)


@pytest.mark.parametrize(("rows", "cols", "size", "block"), [(100, 100, 10, 10), (95, 120, 10, 12)])
def test_pixelate_makes_uniform_blocks_of_the_mean_colour(rows, cols, size, block):
    image = synthetic_photo(rows, cols, seed=7)
    result = pixelate(image, size=size)
    for top in range(0, rows, block):
        for left in range(0, cols, block):
            cell = result[top : top + block, left : left + block].reshape(-1, 3)
            assert (cell == cell[0]).all(), (top, left)
            mean = image[top : top + block, left : left + block].reshape(-1, 3).mean(axis=0)
            np.testing.assert_allclose(cell[0], mean, atol=1)


def test_vignette_keeps_the_middle_and_darkens_the_corners():
    grey = np.full((120, 160, 3), 200, np.uint8)
    framed = vignette(grey, amount=60)
    assert (framed[60, 80] == 200).all()
    assert (framed[0, 0] < 100).all()
    assert framed[0, 0, 0] < framed[0, 80, 0] < framed[30, 80, 0] <= 200
    assert (vignette(grey, amount=100)[0, 0] == 0).all()


@pytest.mark.parametrize(
    ("function", "options"),
    [(blur, {"amount": 60}), (vignette, {"amount": 70}), (pixelate, {"size": 10})],
)
def test_a_preview_looks_like_the_full_size_result(function, options):
    """Settings are relative to the photo's size, so a preview matches the export."""
    full = synthetic_photo(240, 320, seed=3)
    preview = cv2.resize(full, (160, 120), interpolation=cv2.INTER_AREA)
    from_full = cv2.resize(function(full, **options), (160, 120), interpolation=cv2.INTER_AREA)
    difference = np.abs(function(preview, **options).astype(int) - from_full).mean()
    assert difference < 4


def test_black_and_white_has_equal_channels_and_keeps_lightness(photo):
    grey = black_and_white(photo)
    assert (grey[..., 0] == grey[..., 1]).all()
    assert (grey[..., 1] == grey[..., 2]).all()
    assert abs(grey.mean() - photo.mean()) < 15


def test_sepia_is_brown_toned(photo):
    toned = sepia(photo).astype(int)
    assert (toned[..., 0] >= toned[..., 1]).all()
    assert (toned[..., 1] >= toned[..., 2]).all()
    assert toned[..., 0].mean() > toned[..., 2].mean() + 20


@pytest.mark.parametrize(
    ("function", "options"),
    [
        (blur, {"amount": -1}),
        (blur, {"amount": 101}),
        (sharpen, {"amount": 200}),
        (sharpen, {"amount": 10, "radius": 0}),
        (pixelate, {"size": 25}),
        (vignette, {"amount": float("nan")}),
    ],
)
def test_bad_settings_are_image_errors(function, options, photo):
    with pytest.raises(ImageError):
        function(photo, **options)


@pytest.mark.parametrize("function", [black_and_white, sepia, *DIALS])
def test_images_that_are_not_rgb_uint8_are_image_errors(function):
    with pytest.raises(ImageError):
        function(np.zeros((4, 4), np.uint8))

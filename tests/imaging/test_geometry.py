from __future__ import annotations

import cv2
import numpy as np
import pytest

from workshop_app.errors import ImageError
from workshop_app.imaging.geometry import (
    ASPECT_PRESETS,
    crop,
    crop_to_aspect,
    flip,
    mirror,
    rotate,
    straighten,
)

WITH_OPTIONS = [crop, crop_to_aspect, rotate, straighten]


@pytest.mark.parametrize("function", WITH_OPTIONS)
def test_defaults_change_nothing_and_return_a_new_array(function, photo):
    result = function(photo)
    assert not np.shares_memory(result, photo)
    np.testing.assert_array_equal(result, photo)


@pytest.mark.parametrize(
    ("function", "options"),
    [
        (crop, {"top": 3, "left": 5, "height": 20, "width": 30}),
        (crop_to_aspect, {"aspect": "1:1", "zoom": 1.5}),
        (rotate, {"turns": 1}),
        (straighten, {"angle": 4}),
        (mirror, {}),
        (flip, {}),
    ],
)
def test_results_are_new_contiguous_uint8_and_the_input_is_untouched(function, options, photo):
    before = photo.copy()
    result = function(photo, **options)
    np.testing.assert_array_equal(photo, before)
    assert result.dtype == np.uint8
    assert result.ndim == 3
    assert result.shape[2] == 3
    assert result.flags.c_contiguous
    assert not np.shares_memory(result, photo)


def test_crop_cuts_the_box_given_in_rows_and_columns(photo):
    np.testing.assert_array_equal(
        crop(photo, top=10, left=20, height=30, width=40), photo[10:40, 20:60]
    )
    np.testing.assert_array_equal(crop(photo, top=50), photo[50:])


@pytest.mark.parametrize(
    ("box", "cause"),
    [
        ({"top": -1}, "crop-outside-photo"),
        ({"left": 128}, "crop-outside-photo"),
        ({"height": 0}, "crop-outside-photo"),
        ({"top": 90, "height": 10}, "crop-outside-photo"),
        ({"left": 100, "width": 40}, "crop-outside-photo"),
        ({"top": 1.5}, "edit-failed"),
    ],
)
def test_crop_boxes_outside_the_photo_are_image_errors(box, cause, photo):
    with pytest.raises(ImageError) as caught:
        crop(photo, **box)
    assert caught.value.cause == cause


@pytest.mark.parametrize("preset", [name for name in ASPECT_PRESETS if name != "original"])
def test_aspect_presets_give_that_shape_as_large_as_fits(preset, photo):
    result = crop_to_aspect(photo, aspect=preset)
    rows, cols = result.shape[:2]
    assert cols / rows == pytest.approx(ASPECT_PRESETS[preset], rel=0.03)
    assert rows == photo.shape[0] or cols == photo.shape[1]  # touches two edges


def test_crop_to_aspect_zooms_and_slides(photo):
    rows, cols = photo.shape[:2]
    zoomed = crop_to_aspect(photo, zoom=2)
    np.testing.assert_array_equal(zoomed, photo[rows // 4 : rows // 4 + 48, cols // 4 : 96])
    corner = crop_to_aspect(photo, aspect=1.0, across=0, down=0, zoom=2)
    np.testing.assert_array_equal(corner, photo[:48, :48])
    far = crop_to_aspect(photo, aspect=1.0, across=1, down=1, zoom=2)
    np.testing.assert_array_equal(far, photo[-48:, -48:])


@pytest.mark.parametrize(
    "options", [{"aspect": "5:4"}, {"aspect": 0}, {"zoom": 0.5}, {"across": 2}, {"down": -0.1}]
)
def test_bad_crop_shapes_and_positions_are_image_errors(options, photo):
    with pytest.raises(ImageError):
        crop_to_aspect(photo, **options)


def test_rotate_turns_clockwise_in_quarter_turns(photo):
    np.testing.assert_array_equal(rotate(photo, turns=1), np.rot90(photo, -1))
    np.testing.assert_array_equal(rotate(photo, turns=2), photo[::-1, ::-1])
    np.testing.assert_array_equal(rotate(photo, turns=-1), np.rot90(photo, 1))
    np.testing.assert_array_equal(rotate(photo, turns=4), photo)


@pytest.mark.parametrize("bad", [1.5, "1", True])
def test_rotate_needs_whole_turns(bad, photo):
    with pytest.raises(ImageError, match="turns"):
        rotate(photo, turns=bad)


def _line_rows(image: np.ndarray, col: int) -> float:
    """Mean row of the dark pixels in column ``col``."""
    dark = np.nonzero(image[:, col, 0] < 128)[0]
    return float(dark.mean())


def test_straighten_levels_a_horizon_tilted_anticlockwise():
    image = np.full((200, 300, 3), 255, np.uint8)
    # A horizon rising 5 degrees to the right (rows grow downwards).
    rise = np.tan(np.radians(5)) * 150
    cv2.line(image, (0, round(100 + rise)), (299, round(100 - rise)), (0, 0, 0), 3)
    assert _line_rows(image, 60) - _line_rows(image, 240) > 10
    level = straighten(image, angle=5)
    assert level.shape == image.shape
    assert abs(_line_rows(level, 60) - _line_rows(level, 240)) < 1.5
    tilted_more = straighten(image, angle=-5)
    assert _line_rows(tilted_more, 60) - _line_rows(tilted_more, 240) > 20


def test_straighten_leaves_no_empty_corners():
    white = np.full((100, 160, 3), 255, np.uint8)
    assert (straighten(white, angle=12) == 255).all()
    with pytest.raises(ImageError):
        straighten(white, angle=50)


def test_mirror_and_flip_swap_sides_and_undo_themselves(photo):
    np.testing.assert_array_equal(mirror(photo), photo[:, ::-1])
    np.testing.assert_array_equal(flip(photo), photo[::-1])
    np.testing.assert_array_equal(mirror(mirror(photo)), photo)
    np.testing.assert_array_equal(flip(flip(photo)), photo)

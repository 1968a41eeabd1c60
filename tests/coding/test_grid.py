"""The pupils' grid API and the photo <-> grid conversion."""

from __future__ import annotations

import numpy as np
import pytest

from workshop_app.coding.grid import (
    COLOURS,
    ColourError,
    CoordinateError,
    Grid,
    blank,
    check_colour,
    colour_name,
    from_image,
    practice_picture,
    pupil_api,
    to_image,
)
from workshop_app.errors import ImageError


def test_named_colours_are_the_nine_the_packs_list():
    assert list(COLOURS) == [
        "red", "green", "blue", "yellow", "white", "black", "orange", "purple", "pink"
    ]  # fmt: skip
    assert "grey" not in COLOURS  # step 4 of the 8-9 pack: grey is not on the list
    assert "brown" not in COLOURS


def test_x_counts_from_the_left_and_y_from_the_top():
    grid = blank(8)
    grid.set(7, 0, COLOURS["red"])
    grid.set(0, 7, COLOURS["green"])
    assert grid.pixels[7] == COLOURS["red"]  # top row, right end
    assert grid.pixels[7 * 8] == COLOURS["green"]  # bottom row, left end
    assert grid.get(7, 0) == (255, 0, 0)


@pytest.mark.parametrize(
    ("x", "y", "problem", "text"),
    [
        (8, 0, "x-range", "x must be from 0 to 7, but it was 8"),
        (-1, 0, "x-range", "x must be from 0 to 7, but it was -1"),
        (0, 8, "y-range", "y must be from 0 to 7, but it was 8"),
        (3.5, 0, "x-whole", "x must be a whole number"),
        (0, True, "y-whole", "y must be a whole number"),
    ],
)
def test_bad_coordinates_say_what_is_allowed(x, y, problem, text):
    with pytest.raises(CoordinateError, match=text) as caught:
        blank(8).get(x, y)
    assert caught.value.details["problem"] == problem
    assert caught.value.details["limit"] == 7
    assert isinstance(caught.value, IndexError)


@pytest.mark.parametrize(
    ("colour", "problem"),
    [
        (None, "colour-none"),
        ("red", "colour-text"),
        ((1, 2), "colour-shape"),
        (5, "colour-shape"),
        ((1.5, 2, 3), "colour-whole"),
        ((300, 0, 0), "colour-range"),
        ((0, -1, 0), "colour-range"),
    ],
)
def test_bad_colours_are_refused(colour, problem):
    with pytest.raises(ColourError) as caught:
        blank(8).set(0, 0, colour)
    assert caught.value.details["problem"] == problem
    assert isinstance(caught.value, ValueError)


def test_lists_work_as_colours_and_are_stored_as_tuples():
    assert check_colour([1, 2, 3]) == (1, 2, 3)


def test_json_round_trip_and_untrusted_json_is_checked():
    grid = practice_picture(8)
    assert Grid.from_json(grid.to_json()) == grid
    for bad in (
        {},
        {"width": 2, "height": 2, "pixels": [[0, 0, 0]]},
        {"width": 1, "height": 1, "pixels": [[0, 0, 999]]},
        {"width": 1, "height": 1, "pixels": [[0, 0, 0]], "extra": 1},
        {"width": 100, "height": 1, "pixels": [[0, 0, 0]] * 100},
        [1, 2, 3],
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - each bad input has its own words
            Grid.from_json(bad)


def test_copy_and_equality():
    grid = practice_picture(8)
    copy = grid.copy()
    copy.set(0, 0, (1, 2, 3))
    assert copy != grid
    assert grid == practice_picture(8)


def test_practice_picture_is_fixed_and_not_symmetric():
    picture = practice_picture(16)
    assert picture == practice_picture(16)
    mirrored = [picture.get(15 - x, y) for y in range(16) for x in range(16)]
    flipped = [picture.get(x, 15 - y) for y in range(16) for x in range(16)]
    assert list(picture.pixels) != mirrored
    assert list(picture.pixels) != flipped
    assert any(r > g and r > b for r, g, b in picture.pixels)  # something red to count
    assert any(r == g == b for r, g, b in picture.pixels)  # and some grey


def test_pupil_api_names():
    grid = blank(8)
    api = pupil_api(grid)
    assert {"width", "height", "get", "set", *COLOURS} == set(api)
    api["set"](1, 2, api["red"])
    assert api["get"](1, 2) == (255, 0, 0)
    assert (api["width"], api["height"]) == (8, 8)


def test_colour_names():
    assert colour_name((255, 0, 0)) == "red"
    assert colour_name((30, 30, 220)) == "(30, 30, 220)"


def test_from_image_keeps_the_middle_square_and_averages():
    image = np.zeros((40, 80, 3), np.uint8)  # wide: the middle 40x40 is kept
    image[:, :20] = (255, 255, 255)  # cut off on the left
    image[:20, 20:60] = (200, 0, 0)  # top half of the middle
    image[20:, 20:60] = (0, 0, 100)
    grid = from_image(image, 8)
    assert grid.size == (8, 8)
    assert grid.get(0, 0) == (200, 0, 0)
    assert grid.get(7, 7) == (0, 0, 100)
    assert np.array_equal(image[:20, 20:60], np.full((20, 40, 3), (200, 0, 0), np.uint8))


def test_from_image_refuses_other_arrays():
    with pytest.raises(ImageError):
        from_image(np.zeros((4, 4), np.uint8), 8)
    with pytest.raises(ImageError):
        from_image(np.zeros((4, 4, 3), np.float32), 8)


def test_to_image_scales_each_square():
    grid = blank(2)
    grid.set(1, 0, (9, 8, 7))
    image = to_image(grid, scale=3)
    assert image.shape == (6, 6, 3)
    assert image.dtype == np.uint8
    assert tuple(image[0, 5]) == (9, 8, 7)
    assert tuple(image[5, 0]) == (0, 0, 0)
    assert from_image(to_image(grid, 4), 2) == grid

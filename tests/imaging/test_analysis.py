from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.imaging.conftest import synthetic_photo
from workshop_app.errors import ImageError
from workshop_app.imaging.analysis import (
    exposure,
    grey_copy,
    horizon_tilt,
    line_segments,
    motion_blur,
    sharpness,
)
from workshop_app.imaging.filters import blur
from workshop_app.imaging.geometry import straighten
from workshop_app.imaging.motion import simulate_shutter

MEASURES = [exposure, sharpness, motion_blur, horizon_tilt, line_segments]


def texture(rows: int = 300, cols: int = 400, *, seed: int = 5) -> np.ndarray:
    """Blotches of every size and fine grain: edges in every direction, no lines."""
    rng = np.random.default_rng(seed)
    picture = np.full((rows, cols, 3), 120.0)
    for cells, weight in ((8, 40.0), (40, 30.0), (160, 20.0)):
        field = rng.normal(0, 1, (cells * rows // cols, cells, 3)).astype(np.float32)
        picture += weight * cv2.resize(field, (cols, rows), interpolation=cv2.INTER_CUBIC)
    picture += rng.normal(0, 8, picture.shape)
    return np.clip(picture, 0, 255).astype(np.uint8)


def landscape(tilt: float, *, rows: int = 300, cols: int = 400) -> np.ndarray:
    """Light sky over dark ground whose edge rises to the right by ``tilt`` degrees."""
    photo = np.full((rows, cols, 3), (190, 210, 235), dtype=np.uint8)
    rise = np.tan(np.radians(tilt)) * (cols - 1)
    middle = rows * 0.6
    ground = np.array(
        [[0, middle + rise / 2], [cols - 1, middle - rise / 2], [cols - 1, rows], [0, rows]]
    )
    cv2.fillPoly(photo, [np.rint(ground).astype(np.int32)], (60, 100, 50))
    return photo


@pytest.mark.parametrize("measure", MEASURES)
def test_measurements_leave_the_input_alone(measure, photo):
    before = photo.copy()
    measure(photo)
    np.testing.assert_array_equal(photo, before)


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize(
    "bad", [np.zeros((10, 10), np.uint8), np.zeros((10, 10, 3), np.float32), "photo"]
)
def test_not_an_image_is_a_friendly_image_error(measure, bad):
    with pytest.raises(ImageError) as caught:
        measure(bad)
    assert caught.value.cause == "edit-failed"


def test_grey_copy_shrinks_to_the_long_side_and_keeps_small_photos():
    assert grey_copy(np.zeros((3000, 4000, 3), np.uint8)).shape == (384, 512)
    assert grey_copy(np.zeros((100, 50, 3), np.uint8)).shape == (100, 50)
    assert grey_copy(np.zeros((100, 50, 3), np.uint8), exact=True).shape == (512, 256)


@pytest.mark.parametrize(
    ("level", "verdict"),
    [(20, "too dark"), (60, "too dark"), (128, "good"), (200, "too bright"), (240, "too bright")],
)
def test_exposure_verdict_of_flat_photos(level, verdict):
    result = exposure(np.full((50, 60, 3), level, np.uint8))
    assert result.verdict == verdict
    assert result.mean == pytest.approx(level)


def test_exposure_finds_clipped_highlights_in_a_well_lit_photo():
    photo = synthetic_photo(200, 300)
    assert exposure(photo).verdict == "good"
    photo[:30] = 255  # a blown-out sky, 15 % of the photo
    result = exposure(photo)
    assert result.verdict == "clipped highlights"
    assert result.clipped_highlights == pytest.approx(0.15, abs=0.02)


def test_exposure_fractions():
    photo = np.zeros((100, 100, 3), np.uint8)
    photo[50:] = 255
    result = exposure(photo)
    assert result.dark_fraction == pytest.approx(0.5)
    assert result.bright_fraction == pytest.approx(0.5)
    assert result.clipped_shadows == pytest.approx(0.5)
    assert result.clipped_highlights == pytest.approx(0.5)


def test_blurred_copy_is_less_sharp():
    photo = synthetic_photo(384, 512)
    assert sharpness(blur(photo, amount=30)) < sharpness(photo) / 2
    assert sharpness(blur(photo, amount=60)) < sharpness(blur(photo, amount=30))


def test_sharpness_of_a_flat_photo_is_zero():
    assert sharpness(np.full((40, 40, 3), 77, np.uint8)) == 0.0


def test_sharpness_hardly_depends_on_the_photo_size():
    photo = synthetic_photo(1200, 1600, seed=2)
    half = cv2.resize(photo, (800, 600), interpolation=cv2.INTER_AREA)
    assert sharpness(half) == pytest.approx(sharpness(photo), rel=0.3)
    raw = [
        cv2.Laplacian(cv2.cvtColor(p, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var() for p in (photo, half)
    ]
    assert max(raw) > 1.5 * min(raw)  # unlike the plain variance of the Laplacian


def test_a_sharp_photo_has_no_motion_blur():
    blur_found = motion_blur(texture())
    assert blur_found.direction is None
    assert blur_found.words is None
    assert blur_found.strength < 0.2


@pytest.mark.parametrize(
    ("angle", "expected", "words"),
    [
        (0, 0, "left to right"),
        (90, 90, "up and down"),
        (45, 45, "from corner to corner"),
        (135, 135, "from corner to corner"),
    ],
)
def test_motion_blur_direction(angle, expected, words):
    streaked = simulate_shutter(texture(), shutter=60, angle=angle)
    found = motion_blur(streaked)
    assert found.strength > 0.6
    assert found.direction is not None
    difference = abs(found.direction - expected) % 180
    assert min(difference, 180 - difference) < 6
    assert found.words == words


def test_motion_blur_grows_with_the_streak():
    photo = texture()
    strengths = [motion_blur(simulate_shutter(photo, shutter=s)).strength for s in (0, 10, 30)]
    assert strengths[0] < strengths[1] < strengths[2]


@pytest.mark.parametrize("tilt", [-6.0, -2.5, 3.0, 8.0])
def test_horizon_tilt_measures_the_lean_and_straighten_levels_it(tilt):
    photo = landscape(tilt)
    found = horizon_tilt(photo)
    assert found == pytest.approx(tilt, abs=0.75)
    levelled = horizon_tilt(straighten(photo, angle=found))
    assert levelled is not None
    assert abs(levelled) < 1.0


def test_no_horizon_in_a_photo_without_long_lines():
    assert horizon_tilt(np.full((200, 300, 3), 128, np.uint8)) is None
    assert horizon_tilt(texture()) is None


def test_steep_lines_are_not_horizons():
    photo = np.full((300, 400, 3), 200, np.uint8)
    cv2.line(photo, (0, 299), (200, 0), (0, 0, 0), 5)  # about 56 degrees
    assert horizon_tilt(photo) is None


def test_line_segments_are_found_longest_first_in_the_photos_pixels():
    photo = np.full((1000, 1500, 3), 60, np.uint8)  # bigger than the analysis copy
    cv2.line(photo, (100, 900), (1400, 100), (255, 255, 255), 8)
    cv2.line(photo, (200, 200), (800, 200), (255, 255, 255), 8)
    lines = line_segments(photo)
    assert len(lines) >= 2
    assert lines[0].length >= lines[-1].length
    assert lines[0].length == pytest.approx(np.hypot(1300, 800), rel=0.1)
    assert lines[0].angle == pytest.approx(np.degrees(np.arctan2(800, 1300)), abs=2)
    assert any(abs(line.angle) < 2 and abs(line.start[0] - 200) < 10 for line in lines)


@pytest.mark.parametrize("min_length", [0.0, 2.0, float("nan")])
def test_line_segments_refuse_a_bad_length(photo, min_length):
    with pytest.raises(ImageError):
        line_segments(photo, min_length=min_length)

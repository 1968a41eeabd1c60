from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workshop_app.imaging.analysis import Segment
from workshop_app.imaging.faces import find_faces
from workshop_app.media import load_image
from workshop_app.photolab import draw_overlay, leading_lines, prepare_street_photo, thirds_overlay

PHOTOS = Path(__file__).parents[2] / "sample_media" / "photos"


def sample(name: str) -> np.ndarray:
    return load_image((PHOTOS / name).read_bytes())


@pytest.mark.parametrize("name", ["portrait_astronaut.jpg", "street_photographer.jpg"])
def test_every_face_is_blurred_before_the_photo_is_kept(name):
    photo = sample(name)
    before = photo.copy()
    kept = prepare_street_photo(photo)
    np.testing.assert_array_equal(photo, before)
    assert 1 <= kept.faces_blurred <= len(kept.boxes)
    assert kept.image.shape == photo.shape
    assert not np.shares_memory(kept.image, photo)
    for face in find_faces(kept.image, min_size=0.04):
        row, col = face.centre
        assert not any(
            box.top <= row <= box.bottom and box.left <= col <= box.right for box in kept.boxes
        )


def test_a_photo_without_faces_is_kept_unchanged():
    photo = sample("street_brick_lines.jpg")
    kept = prepare_street_photo(photo)
    assert kept.faces_blurred == 0
    assert kept.boxes == ()
    np.testing.assert_array_equal(kept.image, photo)


def road() -> np.ndarray:
    photo = np.full((400, 600, 3), 110, np.uint8)
    cv2.line(photo, (50, 399), (290, 100), (250, 250, 250), 6)  # two edges of a road
    cv2.line(photo, (550, 399), (310, 100), (250, 250, 250), 6)
    cv2.line(photo, (0, 100), (599, 100), (40, 40, 40), 3)  # the horizon
    return photo


def test_leading_lines_finds_each_line_once():
    lines = leading_lines(road())
    assert len(lines) == 3
    angles = sorted(round(line.angle) for line in lines)
    assert angles[0] == pytest.approx(-51, abs=3)
    assert angles[1] == pytest.approx(0, abs=2)
    assert angles[2] == pytest.approx(51, abs=3)


def test_leading_lines_keeps_at_most_max_lines():
    assert len(leading_lines(road(), max_lines=1)) == 1
    assert leading_lines(np.full((200, 300, 3), 90, np.uint8)) == []


def test_draw_overlay_draws_on_a_copy():
    photo = road()
    before = photo.copy()
    lines = leading_lines(photo)
    drawn = draw_overlay(photo, lines)
    np.testing.assert_array_equal(photo, before)
    assert not np.shares_memory(drawn, photo)
    start = lines[0].start
    middle = [round((a + b) / 2) for a, b in zip(lines[0].start, lines[0].end, strict=True)]
    assert drawn[middle[0], middle[1]].tolist() == [255, 214, 0]
    assert start is lines[0].start
    np.testing.assert_array_equal(draw_overlay(photo, []), photo)


def test_draw_overlay_colour():
    photo = np.zeros((60, 60, 3), np.uint8)
    drawn = draw_overlay(photo, [Segment((30.0, 0.0), (30.0, 59.0))], colour=(0, 255, 0))
    assert drawn[30, 30].tolist() == [0, 255, 0]


def test_thirds_overlay_draws_the_grid_and_nothing_else():
    photo = np.full((300, 450, 3), 100, np.uint8)
    grid = thirds_overlay(photo)
    for row, col in [(100, 10), (200, 10), (10, 150), (10, 300)]:
        assert (grid[row, col] == 255).all()
    untouched = np.ones(photo.shape[:2], bool)
    for row in (100, 200):
        untouched[row - 3 : row + 4] = False
    for col in (150, 300):
        untouched[:, col - 3 : col + 4] = False
    np.testing.assert_array_equal(grid[untouched], photo[untouched])
    assert (photo == 100).all()

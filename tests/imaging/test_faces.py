from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from tests.imaging.conftest import synthetic_photo
from workshop_app.errors import ImageError
from workshop_app.imaging.faces import Face, blur_faces, find_faces
from workshop_app.media import load_image

PHOTOS = Path(__file__).parents[2] / "sample_media" / "photos"


def sample(name: str) -> np.ndarray:
    return load_image((PHOTOS / name).read_bytes())


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return sample("portrait_astronaut.jpg")


def centre_inside(face: Face, box: Face) -> bool:
    row, col = face.centre
    return box.top <= row <= box.bottom and box.left <= col <= box.right


def padded(face: Face, rows: int, cols: int) -> tuple[slice, slice]:
    """The rows and columns blur_faces may change for ``face`` (30 % padding)."""
    pad_r, pad_c = round(face.height * 0.3), round(face.width * 0.3)
    return (
        slice(max(0, face.top - pad_r), min(rows, face.bottom + pad_r)),
        slice(max(0, face.left - pad_c), min(cols, face.right + pad_c)),
    )


def test_finds_the_one_face_in_the_portrait(astronaut):
    found = find_faces(astronaut)
    assert len(found) == 1
    face = found[0]
    # Eileen Collins' face: about rows 60-165, columns 170-275 of the 512 x 512 photo.
    assert face.centre == pytest.approx((113, 224), abs=15)
    assert 80 <= face.height <= 130
    assert face.top + 0.25 * face.height < face.eyes_row < face.top + 0.55 * face.height


@pytest.mark.parametrize("thorough", [True, False])
def test_boxes_are_in_the_pixels_of_the_photo_passed_in(astronaut, thorough):
    small = find_faces(astronaut, thorough=thorough)[0]
    big_photo = np.repeat(np.repeat(astronaut, 2, axis=0), 2, axis=1)
    big = find_faces(big_photo, thorough=thorough)[0]
    assert big.centre == pytest.approx((2 * small.centre[0], 2 * small.centre[1]), abs=16)
    assert big.height == pytest.approx(2 * small.height, rel=0.2)


def test_no_faces_in_a_photo_without_people():
    assert find_faces(synthetic_photo(240, 320)) == []
    assert find_faces(np.full((300, 400, 3), 128, np.uint8), min_size=0.03) == []


def test_faces_too_small_for_min_size_are_left_out(astronaut):
    assert find_faces(astronaut, min_size=0.5) == []


def test_a_face_seen_from_the_side_is_found_when_thorough():
    photographer = sample("street_photographer.jpg")
    found = find_faces(photographer, min_size=0.04)
    assert len(found) >= 1
    # His face is near the camera, around row 150, column 225.
    assert any(abs(f.centre[0] - 150) < 40 and abs(f.centre[1] - 225) < 40 for f in found)


def test_finding_faces_leaves_the_input_alone(astronaut):
    before = astronaut.copy()
    find_faces(astronaut)
    np.testing.assert_array_equal(astronaut, before)


def test_threads_can_find_faces_at_the_same_time(astronaut):
    expected = find_faces(astronaut)
    results: list[list[Face]] = []
    workers = [
        threading.Thread(target=lambda: results.append(find_faces(astronaut))) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results == [expected] * 4


@pytest.mark.parametrize("min_size", [0.0, 0.01, 1.5, "big"])
def test_bad_min_size_is_an_image_error(astronaut, min_size):
    with pytest.raises(ImageError):
        find_faces(astronaut, min_size=min_size)


def test_blurred_faces_are_no_longer_found_and_the_rest_is_unchanged(astronaut):
    found = find_faces(astronaut, min_size=0.04)
    hidden = blur_faces(astronaut, found)
    for face in find_faces(hidden, min_size=0.04):
        assert not any(centre_inside(face, original) for original in found)
    changed = np.zeros(astronaut.shape[:2], bool)
    for face in found:
        changed[padded(face, *astronaut.shape[:2])] = True
    np.testing.assert_array_equal(hidden[~changed], astronaut[~changed])
    face = found[0]
    inside = (slice(face.top, face.bottom), slice(face.left, face.right))
    # Detail inside the face is gone: only a soft blob of colour is left.
    assert hidden[inside].std(axis=(0, 1)).max() < 0.5 * astronaut[inside].std(axis=(0, 1)).max()


def test_blurring_faces_leaves_the_input_alone_and_returns_a_new_array(astronaut):
    before = astronaut.copy()
    face = Face(60, 170, 105, 105, 103.0)
    hidden = blur_faces(astronaut, [face])
    np.testing.assert_array_equal(astronaut, before)
    assert not np.shares_memory(hidden, astronaut)
    assert hidden.dtype == np.uint8
    assert hidden.shape == astronaut.shape


@pytest.mark.parametrize("options", [{"strength": 0}, {}], ids=["strength 0", "no faces"])
def test_nothing_to_blur_changes_nothing(astronaut, options):
    faces = [Face(60, 170, 105, 105, 103.0)] if options else []
    result = blur_faces(astronaut, faces, **options)
    np.testing.assert_array_equal(result, astronaut)
    assert not np.shares_memory(result, astronaut)


def test_weaker_blur_keeps_more_detail(astronaut):
    face = Face(60, 170, 105, 105, 103.0)
    inside = (slice(face.top, face.bottom), slice(face.left, face.right))
    detail = [
        np.abs(
            np.diff(blur_faces(astronaut, [face], strength=s)[inside].astype(int), axis=1)
        ).mean()
        for s in (0.25, 1.0)
    ]
    assert detail[0] > detail[1]


def test_faces_at_the_edge_of_the_photo_are_blurred_without_error(astronaut):
    corner = Face(-20, 480, 60, 60, 5.0)
    hidden = blur_faces(astronaut, [corner])
    assert not np.array_equal(hidden[:40, 470:], astronaut[:40, 470:])
    np.testing.assert_array_equal(hidden[100:], astronaut[100:])


def test_bad_strength_is_an_image_error(astronaut):
    with pytest.raises(ImageError):
        blur_faces(astronaut, [], strength=2)

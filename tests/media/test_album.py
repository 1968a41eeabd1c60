"""The album: photos kept upright, without metadata, with a screen-sized copy."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from workshop_app.errors import ImageError
from workshop_app.imaging import Recipe
from workshop_app.media import album as album_module
from workshop_app.media.album import PREVIEW_SIDE, Album, make_photo
from workshop_app.media.photos import load_image
from workshop_app.ui.messages import explain


def phone_jpeg(rows: int = 1500, cols: int = 2000, *, orientation: int = 6) -> bytes:
    """A JPEG with a GPS tag and an EXIF orientation, like a phone's."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (rows, cols, 3), dtype=np.uint8)
    pixels[: rows // 4] = (250, 20, 20)  # a red top band, to check the turn
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS: latitude
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def test_photo_is_upright_metadata_free_and_has_a_preview():
    photo = make_photo(phone_jpeg(), source="upload")
    assert photo.size == (2000, 1500)  # orientation 6: turned a quarter
    assert max(photo.preview.shape[:2]) == PREVIEW_SIDE
    assert photo.preview.dtype == np.uint8
    kept = Image.open(io.BytesIO(photo.original))
    assert not kept.getexif()
    assert "exif" not in kept.info
    full = photo.full_size()
    assert full.shape == (2000, 1500, 3)
    assert full[:, -100:, 0].mean() > 200  # the red band is now on the right


def test_ids_are_random_not_names():
    first = make_photo(phone_jpeg(40, 60), source="camera")
    second = make_photo(phone_jpeg(40, 60), source="camera")
    assert first.id != second.id
    assert len(first.id) == 12


def test_prepare_changes_the_photo_before_it_is_kept():
    photo = make_photo(
        phone_jpeg(40, 60, orientation=1), source="upload", prepare=lambda full: full * 0
    )
    assert photo.preview.max() == 0
    assert load_image(photo.original).max() < 8  # only JPEG noise left


def test_export_applies_the_recipe_at_full_size():
    photo = make_photo(phone_jpeg(orientation=1), source="upload")
    history = photo.history.push(Recipe().set("black-and-white", amount=100))
    album = Album()
    album.add(photo)
    exported = load_image(album.update(photo.id, history=history).export_jpeg())
    assert exported.shape == (1500, 2000, 3)
    spread = exported.astype(int).max(axis=2) - exported.astype(int).min(axis=2)
    assert spread.mean() < 4  # grey: red, green and blue the same (JPEG noise aside)


def test_broken_file_is_an_image_error():
    with pytest.raises(ImageError):
        make_photo(b"this is not a photo", source="upload")


def test_album_keeps_order_updates_and_removes(monkeypatch):
    album = Album()
    photos = [album.add(make_photo(phone_jpeg(20, 30), source="camera")) for _ in range(3)]
    assert [p.id for p in album] == [p.id for p in photos]
    assert album.latest() is photos[-1]
    album.remove(photos[-1].id)
    assert album.latest() is photos[1]
    assert photos[-1].id not in album
    with pytest.raises(ImageError, match="no photo"):
        album.get(photos[-1].id)


def test_full_album_refuses_kindly(monkeypatch):
    monkeypatch.setattr(album_module, "MAX_PHOTOS", 2)
    album = Album()
    for _ in range(2):
        album.add(make_photo(phone_jpeg(20, 30), source="camera"))
    with pytest.raises(ImageError) as caught:
        album.add(make_photo(phone_jpeg(20, 30), source="camera"))
    assert caught.value.cause == "album-full"
    assert explain(caught.value) == (
        "You have 2 photos already. Delete one you don't need to make room."
    )

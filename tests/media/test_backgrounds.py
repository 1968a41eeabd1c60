"""The shipped backgrounds, stickers and frames: every file opens, has the right size,
and is listed with its source and licence."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pytest

from workshop_app.errors import MediaError
from workshop_app.imaging.layers import overlay, resize_layer
from workshop_app.media import backgrounds as module
from workshop_app.media.backgrounds import (
    BACKGROUNDS,
    Background,
    Sticker,
    backgrounds,
    frame_border,
    stickers,
)
from workshop_app.ui.messages import explain

README = BACKGROUNDS / "README.md"


def test_there_are_six_to_eight_backgrounds_and_the_beach_comes_first():
    found = backgrounds()
    assert 6 <= len(found) <= 8
    assert found[0].name == "beach"
    assert len({b.title for b in found}) == len(found)


@pytest.mark.parametrize("background", backgrounds(), ids=lambda b: b.name)
def test_every_background_opens_at_1920_by_1080_and_is_small(background):
    assert background.path.stat().st_size < 400_000
    picture = background.image()
    assert picture.shape == (1080, 1920, 3)
    assert picture.dtype == np.uint8
    assert picture.std() > 10  # a picture, not a flat colour
    assert background.image(max_side=480).shape == (270, 480, 3)
    assert background.read()[:2] == b"\xff\xd8"  # JPEG


def test_background_titles_read_as_words():
    assert Background(BACKGROUNDS / "city_at_night.jpg").title == "City at night"


def test_thumbnails_are_small_jpegs():
    thumbnail = backgrounds()[0].thumbnail()
    assert thumbnail[:2] == b"\xff\xd8"
    assert len(thumbnail) < 40_000


@pytest.mark.parametrize("layer", stickers(), ids=lambda s: s.name)
def test_every_sticker_and_frame_is_an_rgba_picture(layer):
    pixels = layer.layer()
    assert pixels.dtype == np.uint8
    assert pixels.ndim == 3
    assert pixels.shape[2] == 4
    alpha = pixels[..., 3]
    assert (alpha == 0).any(), "a layer must be see-through somewhere"
    assert (alpha == 255).any(), "and solid somewhere"
    if layer.kind == "frame":
        assert pixels.shape[:2] == (1080, 1920)
        rows, cols = pixels.shape[:2]
        assert (alpha[rows // 4 : -rows // 4, cols // 4 : -cols // 4] == 0).all()  # see-through
    else:
        assert max(pixels.shape[:2]) <= 800
    thumbnail = cv2.imdecode(np.frombuffer(layer.thumbnail(), np.uint8), cv2.IMREAD_UNCHANGED)
    assert thumbnail.shape == (200, 200, 4)


def test_stickers_and_frames_are_told_apart():
    assert stickers("frame")
    assert stickers("sticker")
    assert all(s.kind == "frame" for s in stickers("frame"))
    assert len(stickers()) == len(stickers("frame")) + len(stickers("sticker"))
    crown = Sticker(BACKGROUNDS / "stickers" / "sticker_crown.png")
    assert (crown.kind, crown.title) == ("sticker", "Crown")


def test_a_frame_fits_a_portrait_photo_with_even_sides():
    frame = stickers("frame")[0].layer()
    fitted = resize_layer(frame, size=(1024, 768), border=frame_border(frame))
    alpha = fitted[..., 3]
    left = int(np.argmin(alpha[512, :384] > 0))  # how far the border reaches in
    top = int(np.argmin(alpha[:512, 384] > 0))
    assert abs(left - top) <= 3
    assert overlay(np.zeros((1024, 768, 3), np.uint8), fitted).shape == (1024, 768, 3)


def test_the_readme_lists_every_file_with_a_licence():
    text = README.read_text(encoding="utf-8")
    files = sorted(BACKGROUNDS.glob("*.jpg")) + sorted((BACKGROUNDS / "stickers").glob("*.png"))
    assert len(files) >= 10
    for path in files:
        rows = [line for line in text.splitlines() if f"`{path.name}`" in line]
        assert rows, f"{path.name} is not listed in {README}"
        assert re.search(r"CC0|[Pp]ublic domain", rows[0]), f"{path.name} has no licence"
    listed = set(re.findall(r"`([\w-]+\.(?:jpg|png))`", text))
    assert listed <= {path.name for path in files}, "the README lists files that are not there"


def test_a_missing_file_is_a_friendly_media_error(tmp_path):
    with pytest.raises(MediaError) as caught:
        Background(tmp_path / "gone.jpg").read()
    assert caught.value.cause == "picture-missing"
    assert "Pick another" in explain(caught.value)
    broken = tmp_path / "sticker_broken.png"
    broken.write_bytes(b"not a png")
    with pytest.raises(MediaError):
        Sticker(broken).layer()


def test_an_empty_folder_lists_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(module, "BACKGROUNDS", tmp_path / "none")
    monkeypatch.setattr(module, "STICKERS", tmp_path / "none" / "stickers")
    assert backgrounds() == []
    assert stickers() == []

"""Layers: a background cut to fit, stickers and frames drawn over a picture."""

from __future__ import annotations

import numpy as np
import pytest

from tests.imaging.conftest import synthetic_photo
from workshop_app.errors import ImageError
from workshop_app.imaging.layers import cover, overlay, resize_layer


def sticker(rows: int = 20, cols: int = 30, *, seed: int = 5) -> np.ndarray:
    """A solid yellow disc with a soft edge on a see-through square."""
    rng = np.random.default_rng(seed)
    layer = np.zeros((rows, cols, 4), np.uint8)
    layer[..., :3] = (250, 210, 20)
    ys, xs = np.mgrid[0:rows, 0:cols]
    distance = np.hypot(ys - rows / 2, xs - cols / 2)
    layer[..., 3] = np.clip((min(rows, cols) / 2 - distance) * 80, 0, 255).astype(np.uint8)
    layer[..., :3] = np.where(layer[..., 3:] == 0, rng.integers(0, 255, (rows, cols, 3)), 250)
    return layer


def frame_layer(rows: int = 90, cols: int = 160, band: int = 10) -> np.ndarray:
    layer = np.zeros((rows, cols, 4), np.uint8)
    for part in (np.s_[:band], np.s_[-band:], np.s_[:, :band], np.s_[:, -band:]):
        layer[part] = (200, 160, 40, 255)
    layer[:band, :band] = (255, 0, 0, 255)  # the top-left corner is red
    return layer


# cover


@pytest.mark.parametrize(("size"), [(50, 50), (120, 90), (7, 300), (96, 128)])
def test_cover_fills_exactly_the_size_asked(photo, size):
    out = cover(photo, size=size)
    assert out.shape == (*size, 3)
    assert out.dtype == np.uint8


def test_cover_keeps_the_shape_and_crops_the_middle():
    wide = np.zeros((100, 400, 3), np.uint8)
    wide[:, 150:250] = 255  # a white band in the middle
    square = cover(wide, size=(100, 100))
    assert square.min() == 255  # the middle 100 columns: no stretching, no bars


def test_cover_without_a_size_changes_nothing_and_never_touches_the_input(photo):
    before = photo.copy()
    out = cover(photo)
    np.testing.assert_array_equal(out, photo)
    assert out is not photo
    cover(photo, size=(10, 10))
    np.testing.assert_array_equal(photo, before)


@pytest.mark.parametrize("size", [(0, 10), (10,), "big", (10.5, 3), (True, 4)])
def test_cover_refuses_bad_sizes(photo, size):
    with pytest.raises(ImageError):
        cover(photo, size=size)


# overlay


def test_overlay_with_a_see_through_layer_changes_nothing(photo):
    clear = np.zeros((30, 40, 4), np.uint8)
    clear[..., :3] = 255  # colour under zero alpha must not show
    np.testing.assert_array_equal(overlay(photo, clear, position=(5, 5)), photo)


def test_overlay_at_zero_opacity_changes_nothing(photo):
    np.testing.assert_array_equal(overlay(photo, sticker(), opacity=0.0), photo)


def test_overlay_draws_solid_pixels_exactly_and_leaves_the_rest(photo):
    layer = sticker()
    out = overlay(photo, layer, position=(10, 20))
    solid = layer[..., 3] == 255
    region = out[10:30, 20:50]
    np.testing.assert_array_equal(region[solid], layer[..., :3][solid])
    np.testing.assert_array_equal(
        region[layer[..., 3] == 0], photo[10:30, 20:50][layer[..., 3] == 0]
    )
    outside = np.ones(photo.shape[:2], bool)
    outside[10:30, 20:50] = False
    np.testing.assert_array_equal(out[outside], photo[outside])


def test_overlay_mixes_half_see_through_pixels():
    grey = np.full((4, 4, 3), 100, np.uint8)
    half = np.zeros((4, 4, 4), np.uint8)
    half[...] = (200, 200, 200, 128)
    out = overlay(grey, half)
    assert np.all(np.abs(out.astype(int) - 150) <= 1)
    faint = overlay(grey, half, opacity=0.5)
    assert np.all(np.abs(faint.astype(int) - 125) <= 1)


@pytest.mark.parametrize("position", [(-15, -25), (90, 120), (-5, 110), (200, 200), (-100, 0)])
def test_overlay_clips_a_layer_partly_or_wholly_off_the_picture(photo, position):
    out = overlay(photo, sticker(), position=position)
    assert out.shape == photo.shape
    if position in ((200, 200), (-100, 0)):
        np.testing.assert_array_equal(out, photo)


def test_overlay_never_touches_its_inputs(photo):
    layer = sticker()
    before_photo, before_layer = photo.copy(), layer.copy()
    overlay(photo, layer, position=(3, 4), opacity=0.7)
    np.testing.assert_array_equal(photo, before_photo)
    np.testing.assert_array_equal(layer, before_layer)


@pytest.mark.parametrize(
    ("layer", "options"),
    [
        (np.zeros((4, 4, 3), np.uint8), {}),  # no alpha
        (np.zeros((4, 4, 4), np.float32), {}),
        (np.zeros((0, 4, 4), np.uint8), {}),
        ("sticker", {}),
        (np.zeros((4, 4, 4), np.uint8), {"opacity": 1.5}),
        (np.zeros((4, 4, 4), np.uint8), {"position": "top"}),
    ],
)
def test_overlay_refuses_bad_layers_and_settings(photo, layer, options):
    with pytest.raises(ImageError):
        overlay(photo, layer, **options)


# resize_layer


def test_resize_layer_without_a_size_changes_nothing():
    layer = sticker()
    out = resize_layer(layer)
    np.testing.assert_array_equal(out, layer)
    assert out is not layer


def test_resize_layer_does_not_darken_edges():
    """See-through pixels of any colour must not bleed into the edge when resizing."""
    layer = sticker(40, 40)
    small = resize_layer(layer, size=(13, 13))
    edge = (small[..., 3] > 0) & (small[..., 3] < 255)
    assert edge.any()
    # uint8 colour is coarse where a pixel is nearly see-through, but never dark
    error = np.abs(small[..., :3].astype(int) - 250).max(axis=-1)
    assert error[edge].max() <= 12
    assert error[edge & (small[..., 3] >= 64)].max() <= 3


def test_nine_slice_keeps_corners_and_border_thickness():
    frame = frame_layer()
    tall = resize_layer(frame, size=(180, 90), border=20)
    assert tall.shape == (180, 90, 4)
    # the zoom is set by the shorter sides (90 -> 90), so the band stays 10 pixels thick
    # on every side and the red corner stays square
    for side in (tall[:, 0], tall[:, -1], tall[0], tall[-1]):
        assert np.all(side[..., 3] == 255)
    assert np.all(tall[12:-12, 12:-12, 3] == 0)
    assert np.all(tall[:10, :10, :3] == (255, 0, 0))
    assert tall[10, 45, 3] == 0
    assert tall[45, 10, 3] == 0


def test_plain_stretch_would_thin_the_sides():
    stretched = resize_layer(frame_layer(), size=(180, 90))
    assert stretched[90, 7, 3] == 0  # a 10-pixel band squeezed to about 6


def test_resize_layer_refuses_bad_settings():
    with pytest.raises(ImageError):
        resize_layer(frame_layer(), size=(10, 10), border=46)  # more than half the layer
    with pytest.raises(ImageError):
        resize_layer(frame_layer(), size=(10, 10), border=2.5)
    with pytest.raises(ImageError):
        resize_layer(frame_layer(), size=(0, 10))


def test_a_frame_over_many_tiles_matches_a_plain_blend():
    """Big layers are blended tile by tile, skipping see-through tiles: same result."""
    rng = np.random.default_rng(3)
    picture = rng.integers(0, 256, (700, 1100, 3), dtype=np.uint8)
    frame = resize_layer(frame_layer(1080, 1920, band=90), size=(700, 1100), border=270)
    frame[300:320, 500:520] = (10, 200, 30, 100)  # a lone half see-through patch
    out = overlay(picture, frame)
    a = frame[..., 3:].astype(np.float64) / 255
    expected = frame[..., :3] * a + picture * (1 - a)
    assert np.abs(out.astype(np.float64) - expected).max() <= 1.01
    np.testing.assert_array_equal(out[350:600, 350:700], picture[350:600, 350:700])


def test_works_on_a_photo_like_image():
    picture = synthetic_photo(60, 80)
    out = overlay(cover(picture, size=(30, 30)), sticker(), position=(5, 0))
    assert out.shape == (30, 30, 3)

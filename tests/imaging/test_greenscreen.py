"""The green-screen keyer: quality on frames with known truth, key finding, API contract."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from tests.imaging.conftest import synthetic_photo
from workshop_app.bench import greenscreen as bench
from workshop_app.bench.greenscreen_frames import (
    FrameSpec,
    TruthFrame,
    make_background,
    make_frame,
    scoring_specs,
)
from workshop_app.errors import ImageError, NoScreenError
from workshop_app.imaging import _keying, _plate_passes, greenscreen
from workshop_app.imaging.greenscreen import Keyed, chroma_key, composite
from workshop_app.imaging.layers import cover
from workshop_app.ui.messages import explain

ROWS, COLS = 270, 480
SPECS = {spec.name: spec for spec in scoring_specs()}


@cache
def frame(name: str) -> TruthFrame:
    return make_frame(SPECS[name], ROWS, COLS)


@cache
def beach() -> np.ndarray:
    return make_background(ROWS, COLS)


# quality: bounds are about 1.3x what the keyer scores today, so a regression fails


@pytest.mark.parametrize(
    ("name", "max_sad", "max_mse", "max_comp"),
    [
        ("green, red shirt", 0.52, 1.06, 8.3),
        ("green, olive shirt", 0.71, 2.29, 9.9),
        ("green, fast arm", 0.57, 1.26, 4.5),
        ("blue, white shirt", 0.66, 1.6, 6.6),
    ],
)
def test_quality_on_frames_with_known_truth(name, max_sad, max_mse, max_comp):
    truth = frame(name)
    keyed = chroma_key(truth.image)
    scores = bench.score(truth, keyed.alpha, keyed.foreground, beach(), bench.band_region(truth))
    assert scores.sad <= max_sad
    assert scores.mse <= max_mse
    assert scores.comp <= max_comp


def test_screen_far_from_the_subject_is_fully_removed_and_the_body_is_solid():
    truth = frame("green, red shirt")
    alpha = chroma_key(truth.image).alpha
    assert np.all(alpha[truth.alpha == 0][::7] <= 0.05) or np.mean(alpha[truth.alpha == 0]) < 2e-3
    assert np.mean(alpha[truth.alpha == 1] >= 0.98) > 0.98


def test_greenish_clothes_are_kept_and_can_be_made_see_through():
    truth = frame("green, olive shirt")
    solid = chroma_key(truth.image).alpha
    cloak = chroma_key(truth.image, keep_inside=False).alpha
    body = truth.alpha == 1
    assert np.mean(solid[body]) > 0.97
    assert np.mean(cloak[body]) < np.mean(solid[body]) - 0.05


def test_spill_is_removed_from_the_subject():
    truth = frame("green, red shirt")
    body = truth.alpha == 1
    glow = chroma_key(truth.image, spill=100).foreground[body].astype(int)
    kept = chroma_key(truth.image, spill=0).foreground[body].astype(int)
    green_excess = lambda rgb: np.mean(np.maximum(rgb[:, 1] - np.maximum(rgb[:, 0], rgb[:, 2]), 0))  # noqa: E731
    assert green_excess(glow) < 0.5
    assert green_excess(kept) > green_excess(glow) + 1


# the key colour


@pytest.mark.parametrize("name", ["green, red shirt", "green, creased, dim", "blue, teal shirt"])
def test_finds_the_screen_colour(name):
    truth = frame(name)
    found = np.array(chroma_key(truth.image).key)
    assert int(np.argmax(found)) == int(np.argmax(truth.key))
    assert np.abs(found - np.array(truth.key)).max() <= 16


def test_a_given_key_is_used():
    truth = frame("green, red shirt")
    assert chroma_key(truth.image, key=(60, 160, 70)).key == (60, 160, 70)
    assert chroma_key(truth.image, key=np.array([60, 160, 70])).key == (60, 160, 70)


@pytest.mark.parametrize("key", [(128, 128, 128), (220, 40, 40), "green", (1, 2), (0, 300, 0)])
def test_a_key_that_is_not_a_screen_colour_is_refused(key):
    with pytest.raises(ImageError) as error:
        chroma_key(frame("green, red shirt").image, key=key)
    assert error.value.cause == "not-a-screen-colour"
    assert "pick" in explain(error.value)


@pytest.mark.parametrize(
    "photo",
    [
        synthetic_photo(120, 160),
        make_background(120, 200),  # blue sky, sea and sand: not a screen
        np.full((50, 80, 3), 128, np.uint8),
        np.zeros((50, 80, 3), np.uint8),
    ],
    ids=["photo", "beach", "grey", "black"],
)
def test_a_photo_without_a_screen_is_explained_not_cut_up(photo):
    with pytest.raises(ImageError) as error:
        chroma_key(photo)
    assert isinstance(error.value, NoScreenError)
    assert error.value.cause == "no-screen"
    assert "green" in explain(error.value)


# API contract


def test_shapes_dtypes_ranges_and_the_input_is_untouched():
    image = frame("blue, white shirt").image
    before = image.copy()
    keyed = chroma_key(image)
    assert isinstance(keyed, Keyed)
    assert keyed.alpha.dtype == np.float32
    assert keyed.alpha.shape == image.shape[:2]
    assert keyed.foreground.dtype == np.uint8
    assert keyed.foreground.shape == image.shape
    assert 0.0 <= keyed.alpha.min()
    assert keyed.alpha.max() <= 1.0
    assert isinstance(keyed.key, tuple)
    assert len(keyed.key) == 3
    assert all(isinstance(v, int) for v in keyed.key)
    np.testing.assert_array_equal(image, before)
    assert not np.shares_memory(keyed.foreground, image)


@pytest.mark.parametrize("shape", [(2, 3), (7, 5), (33, 61), (481, 643)])
@pytest.mark.parametrize("key", [None, (60, 170, 70)])
def test_any_size_works(shape, key):
    image = np.zeros((*shape, 3), np.uint8)
    image[:] = (60, 170, 70)
    image[shape[0] // 2 :, shape[1] // 2 :] = (200, 40, 40)
    keyed = chroma_key(image, key=key)
    assert keyed.alpha.shape == shape
    assert keyed.alpha[0, 0] == 0.0
    assert keyed.alpha[-1, -1] == 1.0
    out = composite(keyed, np.full((3, 3, 3), 9, np.uint8))
    assert out.shape == image.shape


@pytest.mark.parametrize(
    ("option", "value"),
    [("strength", -1), ("softness", 101), ("spill", float("nan")), ("strength", "lots")],
)
def test_bad_settings_raise_image_error(option, value):
    with pytest.raises(ImageError):
        chroma_key(frame("green, red shirt").image, **{option: value})


def test_unknown_options_raise_image_error():
    with pytest.raises(ImageError, match="sparkle"):
        chroma_key(frame("green, red shirt").image, sparkle=1)


@pytest.mark.parametrize("bad", [np.zeros((10, 10), np.uint8), np.zeros((4, 4, 3)), "photo"])
def test_not_a_photo_raises_image_error(bad):
    with pytest.raises(ImageError):
        chroma_key(bad)


@pytest.mark.parametrize("strength", [0, 100])
@pytest.mark.parametrize("softness", [0, 100])
def test_sliders_keep_results_valid(strength, softness):
    keyed = chroma_key(frame("green, fast arm").image, strength=strength, softness=softness)
    assert 0 <= keyed.alpha.min()
    assert keyed.alpha.max() <= 1


def test_more_strength_removes_more():
    image = frame("green, fast arm").image
    assert chroma_key(image, strength=100).alpha.sum() < chroma_key(image, strength=0).alpha.sum()


# composite


@pytest.mark.parametrize("bg_shape", [(10, 10), (ROWS, COLS), (900, 120), (40, 2000), (271, 481)])
@pytest.mark.parametrize(("scale", "offset"), [(1.0, (0, 0)), (0.5, (30, -80)), (2.5, (-40, 10))])
def test_composite_covers_the_frame(bg_shape, scale, offset):
    keyed = chroma_key(frame("green, red shirt").image)
    background = np.full((*bg_shape, 3), (250, 200, 10), np.uint8)
    out = composite(keyed, background, scale=scale, offset=offset)
    assert out.shape == (ROWS, COLS, 3)
    assert out.dtype == np.uint8
    # Everywhere the (moved) subject is not, the background shows: nothing is left black.
    assert np.all(out[0, 0] == (250, 200, 10))
    assert np.mean(np.all(out == (250, 200, 10), axis=-1)) > 0.3


def test_composite_puts_the_subject_on_the_background():
    truth = frame("green, red shirt")
    keyed = chroma_key(truth.image)
    out = composite(keyed, beach())
    body, screen = keyed.alpha == 1, truth.alpha == 0
    assert np.mean(body[truth.alpha == 1]) > 0.95
    assert np.abs(out[screen].astype(int) - beach()[screen]).mean() < 1.5
    assert np.abs(out[body].astype(int) - keyed.foreground[body]).max() <= 1


@pytest.mark.parametrize("bg_shape", [(171, 257), (ROWS, COLS), (900, 120)])
def test_the_background_is_cut_as_the_previews_cut_it(bg_shape):
    """One cover crop: the composite's background is :func:`layers.cover`'s, pixel for pixel."""
    rng = np.random.default_rng(5)
    background = rng.integers(0, 256, (*bg_shape, 3), np.uint8)
    clear = Keyed(np.zeros((217, 260), np.float32), np.zeros((217, 260, 3), np.uint8), (0, 255, 0))
    expected = cover(background, size=(217, 260))
    np.testing.assert_array_equal(composite(clear, background), expected)


def test_composite_moves_the_subject_and_leaves_inputs_alone():
    keyed = chroma_key(frame("green, red shirt").image)
    alpha_before, fg_before = keyed.alpha.copy(), keyed.foreground.copy()
    background = np.full((5, 5, 3), 7, np.uint8)
    moved = composite(keyed, background, offset=(0, 60))
    still = composite(keyed, background)
    np.testing.assert_array_equal(moved[:, 100:200], np.roll(still, 60, axis=1)[:, 100:200])
    assert not np.array_equal(moved, still)
    np.testing.assert_array_equal(keyed.alpha, alpha_before)
    np.testing.assert_array_equal(keyed.foreground, fg_before)
    np.testing.assert_array_equal(background, np.full((5, 5, 3), 7, np.uint8))


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("green, red shirt", {}),
        ("green, olive shirt", {"strength": 80, "softness": 10, "spill": 100}),
        ("green, fast arm", {"keep_inside": False}),
        ("blue, white shirt", {"spill": 0}),
    ],
)
def test_composite_in_one_pass_is_the_same_as_keying_first(name, options):
    # A keyed frame nobody has read yet is keyed and composited in one pass (films);
    # the picture must be exactly the one made from its alpha and foreground.
    image = frame(name).image
    before = image.copy()
    one_pass = chroma_key(image, **options)
    picture = composite(one_pass, beach())
    keyed_first = chroma_key(image, **options)
    assert keyed_first.foreground.shape == image.shape  # keyed whole now
    np.testing.assert_array_equal(picture, composite(keyed_first, beach()))
    # and the one-pass one can still be read afterwards, the same
    np.testing.assert_array_equal(one_pass.alpha8, keyed_first.alpha8)
    np.testing.assert_array_equal(one_pass.foreground, keyed_first.foreground)
    np.testing.assert_array_equal(image, before)


def test_a_keyed_photo_knows_its_size_before_it_is_keyed_whole():
    keyed = chroma_key(frame("green, red shirt").image)
    assert keyed.shape == (ROWS, COLS)
    assert repr(keyed) == f"Keyed({COLS}x{ROWS}, key={keyed.key})"
    assert keyed.alpha.shape == keyed.shape


def test_composite_works_on_a_hand_made_keyed():
    alpha = np.zeros((4, 6), np.float32)
    alpha[:, 3:] = 1.0
    keyed = Keyed(alpha, np.full((4, 6, 3), 200, np.uint8), (0, 255, 0))
    out = composite(keyed, np.zeros((2, 3, 3), np.uint8))
    assert out[:, :3].max() == 0
    assert out[:, 3:].min() == 200


@pytest.mark.parametrize("scale", [0, -1, 11])
def test_composite_refuses_bad_scales(scale):
    keyed = chroma_key(frame("green, red shirt").image)
    with pytest.raises(ImageError):
        composite(keyed, beach(), scale=scale)


# the bench's helpers, so the benchmark cannot rot unnoticed


def test_truth_frames_are_seeded_and_consistent():
    spec = FrameSpec("tiny", 5, "blue", "lime", motion=3)
    one, two = make_frame(spec, 60, 100), make_frame(spec, 60, 100)
    np.testing.assert_array_equal(one.image, two.image)
    assert one.alpha.min() >= 0
    assert one.alpha.max() <= 1
    assert 0 < np.mean((one.alpha > 0) & (one.alpha < 1))
    assert int(np.argmax(one.key)) == 2


def test_obs_port_keys_a_clean_screen():
    truth = frame("green, red shirt")
    dist, linear = bench.obs_distance(truth.image, truth.key)
    alpha, rgb = bench.obs_chroma_key(dist, linear, similarity=0.1, smoothness=0.05, spill=0.1)
    assert alpha.shape == truth.alpha.shape
    assert rgb.shape == truth.image.shape
    assert np.mean(np.abs(alpha - truth.alpha)) < 0.05


def test_prepare_readies_the_compiled_passes_without_a_photo():
    greenscreen.prepare()  # compiles, or loads from numba's cache; raises nothing
    assert _keying.key_pixels.signatures  # compiled for the types the keyer uses
    assert _keying.blend.signatures
    assert _plate_passes.classify_screen.signatures
    assert _plate_passes.screen_samples.signatures

"""The green-screen picture as pure code: the scene, its picture, the download, the studio kept."""

from __future__ import annotations

import numpy as np
import pytest

from workshop_app.bench.greenscreen_frames import FrameSpec, make_frame
from workshop_app.media.album import make_photo
from workshop_app.media.photos import encode_jpeg, load_image
from workshop_app.pupil_work import round_trip
from workshop_app.studio.keying import KeyingSettings
from workshop_app.studio.scene import (
    OWN_BACKGROUND,
    STEPS,
    Scene,
    StudioWork,
    colour_at,
    export_jpeg,
    fitted_background,
    hex_to_rgb,
    preview_picture,
    render_picture,
    rgb_to_hex,
)


@pytest.fixture(scope="module")
def photo():
    spec = FrameSpec("scene test", 7, screen="green", shirt="red", hair="brown")
    return make_photo(encode_jpeg(make_frame(spec, 240, 320).image), source="upload")


def test_scene_but_changes_keying_settings_by_their_own_names():
    scene = Scene().but(strength=70, cloak=True, background="space")
    assert scene.keying == KeyingSettings(strength=70, cloak=True)
    assert scene.background == "space"
    assert Scene().keying.strength == 50  # the original is never changed


def test_a_scene_is_moved_only_when_its_place_or_size_changes():
    assert not Scene().moved
    assert Scene(size=120).moved
    assert not Scene(sticker="sticker_crown").moved


def test_the_studio_remembers_a_colour_for_each_photo_and_forgets_it_on_request():
    work = StudioWork().with_key("a", (10, 200, 30))
    assert work.scene_for("a").keying.key == (10, 200, 30)
    assert work.scene_for("b").keying.key is None
    assert work.with_key("a", None).scene_for("a").keying.key is None


def test_the_next_step_is_the_first_not_done():
    work = StudioWork()
    for step in STEPS:
        assert work.next_step() == step
        work = work.with_step(step)
    assert work.next_step() is None


def test_studio_work_survives_a_round_trip_with_its_own_background(photo):
    work = (
        StudioWork()
        .with_scene(background=OWN_BACKGROUND, sticker="sticker_crown", left_right=-10)
        .with_key(photo.id, (20, 190, 40))
        .with_step("background")
        .but(own_background=photo, show_mask=True)
    )
    again = round_trip(work)
    assert again.scene == work.scene
    assert again.keys == work.keys
    assert again.done == work.done
    assert again.show_mask
    assert again.own_background.original == photo.original
    assert again.own_background.preview.shape == photo.preview.shape


def test_the_picture_puts_the_beach_where_the_cloth_was(photo):
    scene = Scene()
    keyed = scene.keying.key_photo(photo.preview)
    picture = preview_picture(keyed, scene)
    assert picture.shape == photo.preview.shape
    beach = fitted_background("beach", photo.preview.shape[:2])
    cloth = keyed.alpha8 == 0
    assert cloth.mean() > 0.3
    assert np.abs(picture[cloth].astype(int) - beach[cloth]).max() <= 1


def test_render_never_changes_its_inputs(photo):
    keyed = KeyingSettings().key_photo(photo.preview)
    background = np.full((*photo.preview.shape[:2], 3), 90, np.uint8)
    before = background.copy()
    render_picture(keyed, background, Scene(size=150, sticker_size=50))
    assert np.array_equal(background, before)


def test_the_download_is_full_size_and_keyed_like_the_preview(photo):
    scene = Scene(frame="frame_gold")
    keyed = scene.keying.key_photo(photo.preview)
    data = export_jpeg(photo, scene, key=keyed.key)
    assert data[:2] == b"\xff\xd8"
    assert load_image(data).shape == (*photo.size, 3)


def test_colour_at_takes_the_median_of_a_small_square():
    rgb = np.full((50, 50, 3), (20, 200, 40), np.uint8)
    rgb[25, 25] = (255, 0, 0)  # one noisy pixel does not decide
    assert colour_at(rgb, across=0.5, down=0.5) == (20, 200, 40)
    assert colour_at(rgb, across=1.5, down=-1) == (20, 200, 40)  # clamped to the photo


@pytest.mark.parametrize("colour", [(0, 0, 0), (255, 255, 255), (18, 52, 86)])
def test_hex_colours_round_trip(colour):
    assert hex_to_rgb(rgb_to_hex(colour)) == colour

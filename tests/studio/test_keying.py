"""One keying-settings model for pictures and films, and one screen-colour word."""

from __future__ import annotations

import numpy as np
import pytest

from workshop_app.studio import keying
from workshop_app.studio.keying import KeyingSettings, screen_colour


@pytest.mark.parametrize(
    ("key", "screen", "word"),
    [
        ((40, 180, 60), "auto", "green"),
        ((30, 60, 200), "auto", "blue"),
        ((30, 60, 200), "green", "blue"),  # a found colour says what the cloth is
        (None, "blue", "blue"),
        (None, "auto", "green"),
    ],
)
def test_the_screen_colour_word(key, screen, word):
    assert screen_colour(key, screen=screen) == word


def test_settings_round_trip_as_plain_data():
    settings = KeyingSettings(strength=70, softness=20, spill=0, key=(1, 2, 3), cloak=True)
    assert KeyingSettings.from_dict(settings.to_dict()) == settings
    assert KeyingSettings.from_dict({}) == KeyingSettings()


def test_key_photo_passes_every_setting_to_the_keyer(monkeypatch):
    seen = {}
    monkeypatch.setattr(keying, "chroma_key", lambda rgb, **options: seen.update(options))
    settings = KeyingSettings(strength=70, softness=20, spill=10, key=(1, 200, 3), cloak=True)
    settings.key_photo(np.zeros((4, 4, 3), np.uint8))
    assert seen == {
        "key": (1, 200, 3),
        "strength": 70,
        "softness": 20,
        "spill": 10,
        "keep_inside": False,  # the cloak: clothes of the screen's colour vanish too
    }
    settings.key_photo(np.zeros((4, 4, 3), np.uint8), key=(9, 9, 200))
    assert seen["key"] == (9, 9, 200)

"""The keyer's screen: the plate behind the subject and the push-pull fill it is made with.

What the keyer does with them is tested through its API in test_greenscreen.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from workshop_app.imaging import _keying
from workshop_app.imaging.screen_plate import channel_order, push_pull, screen_plate


@pytest.mark.parametrize("channels", [None, 1, 3])
def test_push_pull_fills_a_hole_from_around_it_and_keeps_the_rest(channels):
    shape = (40, 60) if channels is None else (40, 60, channels)
    values = np.full(shape, 0.25, np.float32)
    values[10:30, 20:40] = 9.0  # behind the subject: never read
    weight = np.ones((40, 60), np.float32)
    weight[10:30, 20:40] = 0
    filled = push_pull(values, weight)
    assert filled.shape == values.shape
    assert filled.dtype == np.float32
    assert np.allclose(filled, 0.25, atol=1e-5)


def test_push_pull_blends_the_sides_of_a_hole():
    values = np.zeros((32, 64), np.float32)
    values[:, 32:] = 1.0
    weight = np.ones((32, 64), np.float32)
    weight[:, 24:40] = 0  # the hole spans the step
    filled = push_pull(values, weight)
    across = filled[16, 24:40]
    assert np.all(np.diff(across) >= -1e-6)  # rises from one side to the other
    assert across[0] < 0.5 < across[-1]


def screen_with_a_subject(primary: int) -> tuple[np.ndarray, np.ndarray]:
    """Linear 0..255 plate-size pixels: a screen lit brighter to the right, a red block."""
    key = np.array([60, 60, 60], np.uint8)
    key[primary] = 170
    photo = np.empty((60, 90, 3), np.uint8)
    photo[:] = key
    photo[..., primary] = np.linspace(150, 200, 90).astype(np.uint8)  # uneven light
    photo[20:60, 35:55] = (200, 40, 40)
    return _keying.TO_LINEAR_255[photo], _keying.TO_LINEAR_255[key]


@pytest.mark.parametrize("primary", [1, 2])
def test_the_plate_is_the_screen_behind_the_subject(primary):
    small, key_lin = screen_with_a_subject(primary)
    plate, screen, samples = screen_plate(small, key_lin, channel_order(primary))
    assert plate.shape == small.shape
    assert screen.dtype == np.uint8
    assert screen[30, 10] == 1
    assert screen[40, 45] == 0  # the subject is not screen
    assert not samples[20:60, 34:56].any()  # nor next to it
    # Behind the subject the plate carries on the screen's light from either side (the
    # subject's dark main channel does not pull it down), in the screen's hue.
    behind = plate[40, 35:55]
    assert small[40, 25, primary] <= behind[:, primary].min()
    assert behind[:, primary].max() <= small[40, 65, primary]
    others = [c for c in range(3) if c != primary]
    assert np.abs(behind[:, others] - small[5, 45, others]).max() < 1

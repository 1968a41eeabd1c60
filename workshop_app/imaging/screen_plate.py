"""The green-screen keyer's screen: its colour, and its plate behind the subject.

Steps 1 and 2 of :func:`workshop_app.imaging.greenscreen.chroma_key` (how they work is
described at the top of :mod:`workshop_app.imaging.greenscreen`):

- :func:`find_key` finds the screen colour on a thumbnail (or raises
  :class:`~workshop_app.errors.NoScreenError`); :func:`as_key` checks one given as a
  setting;
- :func:`screen_plate` works out where the screen shows and its colour everywhere, the
  subject's place filled in by :func:`push_pull`.

:func:`channel_order` and :func:`middle` are the small helpers the keyer's other steps
share with these.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError, NoScreenError
from workshop_app.imaging import _plate_passes
from workshop_app.imaging.images import RGBImage

__all__ = ["as_key", "channel_order", "find_key", "middle", "push_pull", "screen_plate"]

_THUMB_SIDE = 100
"""The thumbnail the screen colour is found on is halved until its long side is below
twice this."""

_MIN_SCREEN = 0.12
"""Fraction of the thumbnail that must look like a screen for the photo to count."""

_DISC = np.ones((21, 21), np.uint8)  # a square: OpenCV dilates by a rectangle much faster
"""Reach of the local brightest-screen reference (in plate-size pixels)."""

_SQUARE = np.ones((3, 3), np.uint8)


def as_key(key: object) -> tuple[int, int, int]:
    """``key`` as an RGB colour of three whole numbers 0..255; else ImageError."""
    try:
        values = [float(v) for v in np.asarray(key, dtype=np.float64).reshape(-1)]
    except (TypeError, ValueError):
        values = []
    if len(values) != 3 or not all(0 <= v <= 255 for v in values):
        msg = f"key must be an RGB colour of three numbers 0..255, got {key!r}"
        raise ImageError(msg, cause="not-a-screen-colour")
    r, g, b = (round(v) for v in values)
    return (r, g, b)


def channel_order(primary: int) -> tuple[int, int, int]:
    """Channel order (primary, other, other) for a screen whose main channel is ``primary``.

    >>> channel_order(1), channel_order(2)
    ((1, 0, 2), (2, 0, 1))
    """
    others = tuple(c for c in (0, 1, 2) if c != primary)
    return (primary, others[0], others[1])


def find_key(image: RGBImage) -> tuple[int, int, int]:
    """The screen colour: the most common strongly green or blue colour; else NoScreenError."""
    thumb = image
    while max(thumb.shape[:2]) >= 2 * _THUMB_SIDE:  # halving: OpenCV's fast case
        half_rows, half_cols = thumb.shape[0] // 2, thumb.shape[1] // 2
        thumb = cv2.resize(
            thumb[: 2 * half_rows, : 2 * half_cols],  # even sizes: exact halves
            (half_cols, half_rows),
            interpolation=cv2.INTER_AREA,
        )
    thumb = thumb.reshape(-1, 3).astype(np.int16)
    best: tuple[float, int, NDArray[np.bool_]] | None = None
    for primary in (1, 2):  # green, blue
        p, o1, o2 = (thumb[:, c] for c in channel_order(primary))
        excess = p - np.maximum(o1, o2)
        screen = (excess >= 28) & (excess >= 0.3 * p)
        share = float(screen.mean())
        if best is None or share > best[0]:
            best = (share, primary, screen)
    assert best is not None
    share, primary, screen = best
    if share < _MIN_SCREEN:
        msg = (
            f"no green or blue screen found: only {share:.0%} of the photo is screen-coloured "
            f"(at least {_MIN_SCREEN:.0%} needed)"
        )
        raise NoScreenError(msg)
    pixels = thumb[np.flatnonzero(screen)[::2]]  # half of them tell the same
    # One screen, one hue: the bulk of the screen-coloured pixels must share a hue.
    hue = np.arctan2(*(pixels[:, c] - pixels[:, primary] for c in channel_order(primary)[1:]))
    spread = float(np.mean(np.abs(hue - middle(hue)) < 0.35))
    if spread < 0.6:
        msg = f"the green or blue in this photo is not one screen (hue agreement {spread:.0%})"
        raise NoScreenError(msg)
    # The brighter half of the screen is the cloth as it was meant to be lit.
    level = pixels[:, primary]
    bright = pixels[level >= middle(level)]
    r, g, b = (int(middle(bright[:, c])) for c in range(3))
    return (r, g, b)


def middle(values: NDArray[Any]) -> Any:
    """The median of a non-empty 1-D array (the upper one of an even count): a partial
    sort, cheaper than ``np.median``.

    >>> import numpy as np
    >>> int(middle(np.array([5, 1, 4, 2])))
    4
    """
    half = len(values) // 2
    return np.partition(values, half)[half]


def push_pull(values: NDArray[np.float32], weight: NDArray[np.float32]) -> NDArray[np.float32]:
    """Fill where ``weight`` is 0 from the weighted values around it (a pyramid, coarse to fine).

    ``values`` is ``(rows, cols)`` or ``(rows, cols, channels)``; so is the result.
    """
    rows, cols = weight.shape
    channels = 1 if values.ndim == 2 else values.shape[2]
    # The weighted values and the weight travel as one image: a pyramid level is then
    # one OpenCV call, not one per plane (the small levels cost more in calls than work).
    packed = np.empty((rows, cols, channels + 1), np.float32)
    _plate_passes.pack_weighted(values.reshape(rows, cols, channels), weight, packed)
    levels = [packed]
    while min(levels[-1].shape[:2]) > 2:
        levels.append(cv2.pyrDown(levels[-1]))
    totals = levels[-1].reshape(-1, channels + 1).sum(axis=0)
    out = np.empty((*levels[-1].shape[:2], channels), np.float32)
    out[...] = totals[:channels] / max(float(totals[channels]), 1e-6)
    for level in reversed(levels):
        up = cv2.resize(out, (level.shape[1], level.shape[0]), interpolation=cv2.INTER_LINEAR)
        out = up.reshape(level.shape[0], level.shape[1], channels)
        _plate_passes.pull_level(level, out)
    return out.reshape(values.shape)


def screen_plate(
    small: NDArray[np.float32], key_lin: NDArray[np.float32], order: tuple[int, int, int]
) -> tuple[NDArray[np.float32], NDArray[np.uint8], NDArray[np.uint8]]:
    """The screen's colour everywhere (linear, 0..255), where the screen shows (0/1) and
    the same shrunk by a pixel (the samples the plate is made from).

    A pixel is screen if its saturation and hue match the plate's (so creases and
    shadows count) and it is not much darker than the brightest screen nearby (so dark,
    glowing hair does not). Two rounds: the key colour first, then the local plate.
    """
    # One plane per channel, merged: numpy's broadcast of three values is ten times
    # slower. (C order, as every plate here: classify_screen is compiled once.)
    plate = cv2.merge([np.full(small.shape[:2], value, np.float32) for value in key_lin])
    reference = np.full(small.shape[:2], key_lin[order[0]], np.float32)
    p = np.ascontiguousarray(small[..., order[0]])
    screen = np.empty(small.shape[:2], np.uint8)
    ratio = np.empty(small.shape[:2], np.float32)
    mask = screen
    for tolerance in (0.5, 0.3):
        _plate_passes.classify_screen(
            small, plate, reference, *order, np.float32(tolerance), screen, ratio
        )
        mask = cv2.erode(screen, _SQUARE)
        if tolerance == 0.3:
            mask = _drop_mixed(mask, ratio, p)
            plate = push_pull(small, mask.astype(np.float32))
            break
        reference = cv2.dilate(p * mask, _DISC)  # for the second round
        if min(small.shape[:2]) < 16:
            plate = push_pull(small, mask.astype(np.float32))
        else:  # a first guess of the plate, to classify against: half size is enough
            half = (max(1, small.shape[1] // 2), max(1, small.shape[0] // 2))
            guess = push_pull(
                cv2.resize(small, half, interpolation=cv2.INTER_AREA),
                cv2.resize(mask.astype(np.float32), half, interpolation=cv2.INTER_AREA),
            )
            plate = cv2.resize(
                guess, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_LINEAR
            )
    return plate, screen, mask


def _drop_mixed(
    mask: NDArray[np.uint8], ratio: NDArray[np.float32], level: NDArray[np.float32]
) -> NDArray[np.uint8]:
    """``mask`` without the screen pixels near the subject that are mixed with it.

    Such pixels are less saturated than the screen around them (blond hair, a blurred
    arm), or darker than the brightest screen right next to them (dark hair: strands
    darken the screen without changing its colour). Kept, they would pull the plate
    down there and the edge would turn see-through. The subject's shadow and creases are
    darker screen of the same saturation too, but they darken smoothly: within a pixel
    or two of the plate they are nearly as bright as their neighbours, and stay.
    """
    near = cv2.dilate(cv2.bitwise_not(mask * 255), _NEAR) > 0
    purest = cv2.dilate(ratio * mask, _NEAR)
    brightest = cv2.dilate(level * mask, _SQUARE)
    mixed = near & ((ratio < _DULL * purest) | (level < _DARK * brightest))
    kept = mask & ~mixed.view(np.uint8)
    return kept if kept.any() else mask


_NEAR = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
"""How near the subject (in plate pixels) a dull screen pixel is taken for mixed."""
_DULL = 0.97
_DARK = 0.9
"""A screen pixel near the subject this much darker than its brightest neighbour is
mixed with dark hair (chosen on the tuning frames)."""

"""The green-screen keyer's work-size maps, and the pass over the full-size pixels that
reads them.

Steps 3 and 4 of :func:`workshop_app.imaging.greenscreen.chroma_key` (how they work is
described at the top of :mod:`workshop_app.imaging.greenscreen`):
:func:`full_size_pass` makes the maps at a quarter of the size (the plate, two guesses
at the subject's colour, where the subject is solid, the outline band, the specks, clear
screen) and the levels that count as all screen and all subject, following the screen's
noise. It returns them as a :class:`FullSizePass`, which runs the compiled pass
(:func:`workshop_app.imaging._keying.key_pixels`) when the result is first needed.

The constants below were chosen on the tuning frames of ``python -m workshop_app.bench
greenscreen``, not on the frames it scores.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.imaging import _keying, _plate_passes
from workshop_app.imaging.images import RGBImage
from workshop_app.imaging.screen_plate import middle, push_pull

__all__ = ["FullSizePass", "full_size_pass"]

_SQUARE = np.ones((3, 3), np.uint8)


def full_size_pass(
    rgb: RGBImage,
    factor: int,
    small: RGBImage,
    small8: RGBImage,
    plate: NDArray[np.float32],
    screen: NDArray[np.uint8],
    samples: NDArray[np.uint8],
    order: tuple[int, int, int],
    *,
    strength: float,
    softness: float,
    spill: float,
    keep_inside: bool,
) -> FullSizePass:
    """The pass over the full-size pixels of ``rgb``, with the work-size maps it reads.

    ``small`` is ``rgb`` shrunk ``factor`` times each way (work size); ``small8`` is
    ``small`` halved (plate size; the same size for tiny photos). ``plate``, ``screen``
    and ``samples`` are :func:`~workshop_app.imaging.screen_plate.screen_plate`'s, at
    plate size; ``order`` is the screen's :func:`channel order
    <workshop_app.imaging.screen_plate.channel_order>`. The settings are
    :func:`~workshop_app.imaging.greenscreen.chroma_key`'s.
    """
    work = (small.shape[1], small.shape[0])  # OpenCV sizes: (cols, rows)
    coarse = (small8.shape[1], small8.shape[0])
    maps = np.empty((_keying.MAPS, work[1], work[0]), np.float32)
    plate_w = cv2.resize(plate, work, interpolation=cv2.INTER_LINEAR)  # 0..255
    p, o1, o2 = order
    raw_w, like_screen = _keying.work_maps(
        small,
        plate_w,
        p,
        o1,
        o2,
        _keying.TO_LINEAR,
        np.float32(_OUTLINE_ALPHA),
        np.float32(_OUTLINE_SATURATION),
        maps,
    )
    screen_w = cv2.resize(screen, work, interpolation=cv2.INTER_NEAREST)
    samples_w = cv2.resize(samples, work, interpolation=cv2.INTER_NEAREST)
    low, high = _levels(rgb, factor, maps, samples_w, order, strength, softness)

    # Specks are found at plate size (four times cheaper; a speck is far smaller than
    # the subject at any size), on the work-size pixels any part of which is touched.
    touched = (raw_w > 0.25 * low).view(np.uint8) * np.uint8(255)
    keep = _keep_map(cv2.resize(touched, coarse, interpolation=cv2.INTER_AREA) > 0)
    # The screen, as classified at plate size, is a plate pixel (8 full-size pixels) out
    # along the subject's outline; there the work-size colour difference says where the
    # outline is, so the solid inside never reaches over it on to the cloth.
    # (Only pixels as saturated as the screen count: lime and olive clothes are as green,
    # but not as saturated.)
    near_screen = cv2.dilate(screen_w, _OUTLINE) > 0
    screen_w = screen_w | (near_screen & like_screen).view(np.uint8)
    subject = cv2.bitwise_not(screen_w * np.uint8(255))
    depth = cv2.distanceTransform(subject, cv2.DIST_L2, 3)
    # In one pass from the depth: the outline band, where the colour difference alone is
    # not trusted (a lime stripe is as green as the screen, a dark hair strand's colour
    # is smeared by JPEG) and every pixel is placed on the line from the plate to the
    # subject's colour; the solid inside; the specks; where only clear screen is; and,
    # at plate size, the subject's inside and its surely solid pixels (below).
    clear = np.empty(depth.shape, np.uint8)
    inside = np.empty(coarse[::-1], np.float32)
    sure = np.empty(coarse[::-1], np.uint8)
    _keying.outline_maps(
        depth,
        cv2.dilate(subject, _SQUARE),  # reaches one pixel out
        raw_w,
        keep,
        np.float32(low),
        keep_inside,
        _OUTLINE_DEPTHS,
        maps,
        clear,
        inside,
        sure,
    )
    # Clear screen (and specks), a work-size pixel away from anything else: the full-size
    # pass gives it alpha 0 without looking at its pixels. Most of a frame is clear.
    maps[_keying.CLEAR] = cv2.erode(clear, _SQUARE)
    # The subject's colour, pushed out from its solid inside (worked out at plate size:
    # the colour changes slowly, and the pyramid is four times cheaper there).
    coarse_lin = cv2.LUT(small8, _keying.TO_LINEAR)
    if inside.any():
        front = push_pull(coarse_lin, inside)
        front = cv2.resize(front, work, interpolation=cv2.INTER_LINEAR)
        for channel in range(3):
            maps[_keying.FRONT + channel] = front[..., channel]
    else:  # no solid subject: no projection (the subject's colour is the plate's)
        maps[_keying.FRONT : _keying.FRONT + 3] = maps[_keying.PLATE : _keying.PLATE + 3]

    # A second guess at the subject's colour: that of the nearest surely solid pixel
    # (deep inside and subject-coloured, or deeper still). Right for stripes, sleeves
    # and the hairline, where the pushed-out colour is an average; the full-size pass
    # takes whichever of the two the pixel lies closer to the line of. (Found at plate
    # size, where it is four times cheaper.)
    if sure.any():
        _, labels = cv2.distanceTransformWithLabels(
            sure ^ np.uint8(1), cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_PIXEL
        )
        _plate_passes.fill_from_labels(
            labels, np.flatnonzero(sure), coarse_lin, maps, _keying.NEAREST
        )
    else:
        maps[_keying.NEAREST : _keying.NEAREST + 3] = maps[_keying.PLATE : _keying.PLATE + 3]

    _keying.line_maps(maps, np.float32(_TRUST))
    return FullSizePass(
        np.ascontiguousarray(rgb), maps, blue=order[0] == 2, low=low, high=high, spill=spill
    )


_BAND_IN = 4.0
"""Work-size pixels the outline band reaches into the subject (and out on to the screen:
one)."""
_SOLID_FROM = 3.0
"""Work-size pixels in from the screen where the subject starts to be made solid."""
_SURE_DEPTH = 4.5
_SURE_RAW = 0.92
_SURE_DEEP = 5.0
"""Surely solid: this deep (work-size pixels) and this far from the screen's colour, or
deeper still (greenish clothes)."""
_INSIDE = 1.5
"""Work-size pixels in from the screen where the subject's colour is pushed out from."""
_TRUST = 0.0003
"""Squared linear-light distance between plate and subject colour at which a projection
counts half (closer colours trust the colour difference more).

All of these were chosen on the tuning frames of ``python -m workshop_app.bench
greenscreen``, not on the frames it scores."""
_OUTLINE_DEPTHS = np.array(
    [_BAND_IN, _SOLID_FROM, _INSIDE, _SURE_DEPTH, _SURE_RAW, _SURE_DEEP], np.float32
)
"""The depths above, in the order :func:`_keying.outline_maps` reads them."""
_OUTLINE = np.ones((5, 5), np.uint8)
_OUTLINE_ALPHA = 0.5
_OUTLINE_SATURATION = 0.7
"""Near the plate-size screen (``_OUTLINE``), a work-size pixel still counts as screen
if its raw alpha is below ``_OUTLINE_ALPHA`` and it is at least ``_OUTLINE_SATURATION``
times as saturated as the plate there."""


def _levels(
    rgb: RGBImage,
    factor: int,
    maps: NDArray[np.float32],
    samples_w: NDArray[np.uint8],
    order: tuple[int, int, int],
    strength: float,
    softness: float,
) -> tuple[float, float]:
    """The raw alpha that counts as all screen (``low``) and as all subject (``high``).

    Both follow the screen's noise, measured on full-size pixels one per plate pixel:
    JPEG noise and fabric texture must not show through as a speckled, see-through
    screen. The child's sliders move them from there.
    """
    # One full-size pixel in every other work-size pixel's block, each way, and every
    # fourth of those on the screen: enough for medians, and cheap.
    on_screen = _plate_passes.screen_samples(
        rgb, 2 * factor, maps[_keying.EXCESS], samples_w, *order, _keying.TO_LINEAR
    )
    if on_screen.size >= 16:
        centre = float(middle(on_screen))
        noise = 1.4826 * float(middle(np.abs(on_screen - centre)))
    else:
        centre, noise = 0.0, 0.05
    low = centre + _NOISE_LOW * noise + (strength - 50) / 50 * 0.3
    low = min(max(low, 0.0), 0.9)
    high = 1 - _NOISE_HIGH * noise
    width = max(high - low, 0.05) * 2 ** ((softness - 50) / 25)
    return low, min(low + max(width, 0.02), 1.0)


_NOISE_LOW = 3.0
_NOISE_HIGH = 2.0


def _keep_map(touched: NDArray[np.bool_]) -> NDArray[np.uint8]:
    """1 on the subject and a pixel around it, 0 on specks far smaller than the subject."""
    count, labels = cv2.connectedComponents(touched.view(np.uint8), connectivity=8)
    if count <= 2:
        return np.ones(touched.shape, np.uint8)
    # Only the areas are needed: counted here, four times cheaper than OpenCV's stats
    # (screen noise makes a thousand specks or more).
    areas = np.bincount(labels.ravel(), minlength=count)[1:]
    keep = np.zeros(count, np.uint8)
    keep[1:] = areas >= max(areas.max() * 0.02, 4)
    return cv2.dilate(keep[labels], _SQUARE)


_NO_ROWS = np.zeros((0, 0, 3), np.uint8)
"""An image of no rows: nothing to composite into (never written)."""


class FullSizePass:
    """What the full-size pass needs: the photo, the work-size maps and the levels."""

    __slots__ = ("blue", "high", "low", "maps", "pixels", "spill")

    def __init__(
        self,
        pixels: RGBImage,
        maps: NDArray[np.float32],
        *,
        blue: bool,
        low: float,
        high: float,
        spill: float,
    ) -> None:
        self.pixels, self.maps = pixels, maps
        self.blue, self.low, self.high, self.spill = blue, low, high, spill

    def run(
        self,
        alpha8: NDArray[np.uint8],
        foreground: RGBImage,
        background: RGBImage = _NO_ROWS,
        out: RGBImage = _NO_ROWS,
    ) -> None:
        """Key every pixel into ``alpha8`` and ``foreground``; composited over
        ``background`` into ``out`` in the same pass when ``out`` is frame-sized (then
        ``alpha8`` and ``foreground`` need only hold one row)."""
        _keying.key_pixels(
            self.pixels,
            self.maps,
            _keying.TO_LINEAR,
            _keying.TO_SRGB,
            self.blue,
            np.float32(self.low),
            np.float32(self.high),
            np.float32(self.spill / 100),
            np.float32(_FLOOR),
            np.float32(1 / (_CEILING - _FLOOR)),
            alpha8,
            foreground,
            background,
            out,
        )


_FLOOR = 0.1
_CEILING = 0.82
"""Levels of the projected alpha that count as all screen and all subject (noise and
spill keep pure screen and pure subject pixels from landing exactly on 0 and 1)."""

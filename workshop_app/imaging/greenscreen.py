"""Green screen: cut a subject out of a green (or blue) screen photo and put it on a new one.

:func:`chroma_key` finds the screen, works out how much of each pixel is subject (the
alpha matte) and removes the screen's coloured glow from the subject; :func:`composite`
puts the result over a new background.

How the keyer works: small maps first, then one compiled pass over the full-size pixels.

1. **Find the screen** on a thumbnail: the most common strongly green (or blue) colour.
   A photo without one raises :class:`~workshop_app.errors.ImageError` with words a
   child can act on, instead of cutting the picture to pieces.
2. **Estimate the screen plate** at an eighth of the size: which pixels are screen
   (matched by hue and saturation, so creases and shadows still count), then their
   colour filled in behind the subject by a push-pull pyramid. Screen pixels next to the
   subject that are less saturated than the screen around them, or darker than the
   brightest screen beside them, are mixed with hair and are left out, so the plate does
   not sag there.
3. **Work-size maps** (a quarter of the size): the plate, two guesses at the subject's
   colour nearby (pushed out from its solid inside; that of the nearest surely solid
   pixel), where the subject is solid (far from any screen pixel, the screen's edge
   along the outline found at this size: greenish clothes stay whole, and the fill
   never reaches over the cloth), and where only specks are (removed). The levels that
   count as all screen and all subject follow the screen's measured noise.
4. **One pass per pixel** (:mod:`workshop_app.imaging._keying`, compiled with numba):
   alpha from the colour difference ``P - max(others)`` (``P`` the screen's main
   channel) over the plate's. Pixels that come out soft, and every pixel along the
   outline, are then placed on the line from the plate to the subject's colour (the
   guess that fits better): this tells green-lit hair and lime or olive clothes from
   see-through ones, and reads hair strands whose colour JPEG has smeared. Those
   pixels are unmixed from the plate in linear light; every pixel's glow is limited
   (``P <= max(others)``). The pass runs when its result is first needed: given
   straight to :func:`composite` (a film's frames), each row is blended over the new
   background as soon as it is keyed.

``python -m workshop_app.bench greenscreen`` scores it against FFmpeg's and OBS's keyers
and times it on 1920x1080 frames.
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError, NoScreenError
from workshop_app.imaging import _keying
from workshop_app.imaging.images import (
    RGBImage,
    check_image,
    check_number,
    linear_to_srgb,
    srgb_to_linear,
)
from workshop_app.imaging.layers import cover

__all__ = ["Keyed", "chroma_key", "composite", "prepare"]

_WORK_SIDE = 480
"""Long side of the quarter-size working copy (plate, masks)."""

_THUMB_SIDE = 100
"""The thumbnail the screen colour is found on is halved until its long side is below
twice this."""

_DISC = np.ones((21, 21), np.uint8)  # a square: OpenCV dilates by a rectangle much faster
"""Reach of the local brightest-screen reference (in work-size pixels)."""

_SQUARE = np.ones((3, 3), np.uint8)

_TO_LINEAR_F = srgb_to_linear(np.arange(256, dtype=np.float64)).astype(np.float32)
"""sRGB code -> linear light 0..1."""
_TO_LINEAR_255 = _TO_LINEAR_F * np.float32(255)
"""sRGB code -> linear light 0..255 (the scale the plate is worked out in)."""
_TO_SRGB = np.rint(linear_to_srgb(np.linspace(0.0, 1.0, 4096))).astype(np.uint8)
"""Linear light (0..1 in 4096 steps) -> sRGB code."""

_MIN_SCREEN = 0.12
"""Fraction of the thumbnail that must look like a screen for the photo to count."""


class Keyed:
    """A keyed photo.

    Attributes
    ----------
    alpha
        ``float32`` ``(rows, cols)``, 0..1: 1 where the subject is, 0 where the screen is.
    foreground
        RGB ``uint8`` ``(rows, cols, 3)``: the subject's colours with the screen's glow
        removed (meaningful where ``alpha > 0``).
    key
        The screen colour used, RGB.

    :func:`chroma_key` makes the small maps at once and leaves the pass over the
    full-size pixels until ``alpha``, ``alpha8`` or ``foreground`` is first read, or
    :func:`composite` needs it: a frame of a film that is only composited is then keyed
    and composited in one pass, without its alpha and foreground ever being written out
    whole. (The keyed photo is kept by reference until then; the kit never changes a
    photo in place.) The keyer works in 8-bit alpha; the ``float32`` copy is made the
    first time ``alpha`` is read.
    """

    __slots__ = ("_alpha", "_alpha8", "_foreground", "_pending", "key")

    def __init__(
        self,
        alpha: NDArray[np.float32] | None,
        foreground: RGBImage | None,
        key: tuple[int, int, int],
        alpha8: NDArray[np.uint8] | None = None,
        *,
        pending: _FullSizePass | None = None,
    ) -> None:
        if pending is None and (foreground is None or (alpha is None and alpha8 is None)):
            msg = "Keyed needs a foreground and alpha or alpha8"
            raise ImageError(msg)
        self._alpha = alpha
        self._alpha8 = alpha8
        self._foreground = foreground
        self._pending = pending
        self.key = key

    @property
    def alpha(self) -> NDArray[np.float32]:
        if self._alpha is None:
            self._alpha = self.alpha8.astype(np.float32)
            self._alpha *= np.float32(1 / 255)
        return self._alpha

    @property
    def alpha8(self) -> NDArray[np.uint8]:
        """Alpha as ``uint8`` (255 = subject)."""
        if self._alpha8 is None:
            if self._pending is not None:
                self._finish()
            else:
                assert self._alpha is not None
                self._alpha8 = np.clip(np.rint(self._alpha * 255), 0, 255).astype(np.uint8)
        assert self._alpha8 is not None
        return self._alpha8

    @property
    def foreground(self) -> RGBImage:
        if self._foreground is None:
            self._finish()
        assert self._foreground is not None
        return self._foreground

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)`` of the keyed photo."""
        if self._pending is not None:
            return self._pending.pixels.shape[:2]
        assert self._foreground is not None
        return self._foreground.shape[:2]

    def _finish(self) -> None:
        """Run the full-size pass into whole alpha and foreground arrays."""
        assert self._pending is not None
        rows, cols = self.shape
        alpha8 = np.empty((rows, cols), np.uint8)
        foreground = np.empty((rows, cols, 3), np.uint8)
        self._pending.run(alpha8, foreground)
        self._alpha8, self._foreground, self._pending = alpha8, foreground, None

    def __repr__(self) -> str:
        rows, cols = self.shape
        return f"Keyed({cols}x{rows}, key={self.key})"


_NO_ROWS = np.zeros((0, 0, 3), np.uint8)
"""An image of no rows: nothing to composite into (never written)."""


class _FullSizePass:
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
            _TO_LINEAR_F,
            _TO_SRGB,
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


# helpers


def _as_key(key: object) -> tuple[int, int, int]:
    try:
        values = [float(v) for v in np.asarray(key, dtype=np.float64).reshape(-1)]
    except (TypeError, ValueError):
        values = []
    if len(values) != 3 or not all(0 <= v <= 255 for v in values):
        msg = f"key must be an RGB colour of three numbers 0..255, got {key!r}"
        raise ImageError(msg, cause="not-a-screen-colour")
    r, g, b = (round(v) for v in values)
    return (r, g, b)


def _order(primary: int) -> tuple[int, int, int]:
    """Channel order (primary, other, other) for a screen whose main channel is ``primary``."""
    others = tuple(c for c in (0, 1, 2) if c != primary)
    return (primary, others[0], others[1])


def _find_key(image: RGBImage) -> tuple[int, int, int]:
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
        p, o1, o2 = (thumb[:, c] for c in _order(primary))
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
    hue = np.arctan2(*(pixels[:, c] - pixels[:, primary] for c in _order(primary)[1:]))
    spread = float(np.mean(np.abs(hue - _middle(hue)) < 0.35))
    if spread < 0.6:
        msg = f"the green or blue in this photo is not one screen (hue agreement {spread:.0%})"
        raise NoScreenError(msg)
    # The brighter half of the screen is the cloth as it was meant to be lit.
    level = pixels[:, primary]
    bright = pixels[level >= _middle(level)]
    r, g, b = (int(_middle(bright[:, c])) for c in range(3))
    return (r, g, b)


def _middle(values: NDArray[Any]) -> Any:
    """The median of a non-empty 1-D array (the upper one of an even count): a partial
    sort, cheaper than ``np.median``."""
    half = len(values) // 2
    return np.partition(values, half)[half]


def _push_pull(values: NDArray[np.float32], weight: NDArray[np.float32]) -> NDArray[np.float32]:
    """Fill where ``weight`` is 0 from the weighted values around it (a pyramid, coarse to fine).

    ``values`` is ``(rows, cols)`` or ``(rows, cols, channels)``; so is the result.
    """
    rows, cols = weight.shape
    channels = 1 if values.ndim == 2 else values.shape[2]
    # The weighted values and the weight travel as one image: a pyramid level is then
    # one OpenCV call, not one per plane (the small levels cost more in calls than work).
    packed = np.empty((rows, cols, channels + 1), np.float32)
    _keying.pack_weighted(values.reshape(rows, cols, channels), weight, packed)
    levels = [packed]
    while min(levels[-1].shape[:2]) > 2:
        levels.append(cv2.pyrDown(levels[-1]))
    totals = levels[-1].reshape(-1, channels + 1).sum(axis=0)
    out = np.empty((*levels[-1].shape[:2], channels), np.float32)
    out[...] = totals[:channels] / max(float(totals[channels]), 1e-6)
    for level in reversed(levels):
        up = cv2.resize(out, (level.shape[1], level.shape[0]), interpolation=cv2.INTER_LINEAR)
        out = up.reshape(level.shape[0], level.shape[1], channels)
        _keying.pull_level(level, out)
    return out.reshape(values.shape)


# actions


def chroma_key(
    rgb: RGBImage,
    *,
    key: object = None,
    strength: float = 50.0,
    softness: float = 50.0,
    spill: float = 50.0,
    keep_inside: bool = True,
    **options: Any,
) -> Keyed:
    """Cut the subject out of a green- or blue-screen photo.

    Parameters
    ----------
    rgb
        RGB ``uint8`` photo, shape ``(rows, cols, 3)``; never modified.
    key
        The screen colour, RGB (e.g. from an eyedropper click); ``None`` finds it: any
        shade of green or blue.
    strength
        0 to 100, "how much green to remove": higher removes more of the screen (and of
        see-through edges); lower keeps more of the subject.
    softness
        0 to 100, "soft edges": 0 gives crisp edges, 100 wide, soft ones.
    spill
        0 to 100, "fix green glow": how much of the screen's coloured glow is taken off
        the subject (0 none).
    keep_inside
        Make the inside of the subject solid (greenish clothes stay); pupils may turn it
        off to make an invisibility cloak.
    options
        No other options exist yet; unknown names raise ImageError.

    Returns
    -------
    Keyed
        ``alpha`` (``float32``, 1 = subject), ``foreground`` (``uint8``, glow removed)
        and ``key`` (the screen colour used).

    Raises
    ------
    NoScreenError
        If the photo has no green or blue screen (an :class:`ImageError`).
    ImageError
        If a setting is out of range, or ``key`` is not a screen colour (cause
        ``"not-a-screen-colour"``).

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((60, 80, 3), np.uint8)
    >>> photo[:] = (60, 170, 70)            # a green screen ...
    >>> photo[20:60, 30:50] = (200, 40, 40)  # ... and a red jumper
    >>> keyed = chroma_key(photo)
    >>> keyed.key
    (60, 170, 70)
    >>> float(keyed.alpha[40, 40]), float(keyed.alpha[5, 5])
    (1.0, 0.0)
    """
    check_image(rgb)
    if options:
        msg = f"unknown chroma_key option(s): {', '.join(sorted(options))}"
        raise ImageError(msg)
    strength = check_number("strength", strength, 0, 100)
    softness = check_number("softness", softness, 0, 100)
    spill = check_number("spill", spill, 0, 100)
    rows, cols = rgb.shape[:2]
    factor = max(1, math.ceil(max(rows, cols) / _WORK_SIDE))
    work = (max(1, cols // factor), max(1, rows // factor))  # OpenCV sizes: (cols, rows)
    # Whole blocks of factor x factor pixels only: OpenCV then takes its fast path.
    small = _shrink(rgb[: work[1] * factor, : work[0] * factor], work)
    halve = max(work) >= 64  # tiny photos are classified at work size
    coarse = (max(1, work[0] // 2), max(1, work[1] // 2)) if halve else work
    small8 = _shrink(small, coarse)
    key_rgb = _find_key(small8) if key is None else _as_key(key)
    primary = int(np.argmax(key_rgb))
    if primary == 0:  # red is skin and lips, never a screen
        msg = f"key {key_rgb} is red, not green or blue"
        raise ImageError(msg, cause="not-a-screen-colour")
    order = _order(primary)
    key_lin = _TO_LINEAR_255[np.array(key_rgb)]
    key_excess = key_lin[primary] - max(key_lin[order[1]], key_lin[order[2]])
    if key_excess < 20 or key_excess < 0.3 * key_lin[primary]:
        msg = f"key {key_rgb} is not a saturated screen colour"
        raise ImageError(msg, cause="not-a-screen-colour")

    # 1. The screen plate at an eighth of the size, in linear light: its colour behind
    #    the subject (pushed and pulled in from the screen around it).
    plate, screen, samples = _plate(cv2.LUT(small8, _TO_LINEAR_255), key_lin, order)
    if not screen.any():
        msg = f"no pixel of the photo matches the screen colour {key_rgb}"
        raise NoScreenError(msg)
    if not samples.any():
        samples = screen

    # 2. Work-size maps for the full-size pass: plate, subject colour, solid, keep.
    maps = np.empty((_keying.MAPS, work[1], work[0]), np.float32)
    plate_w = cv2.resize(plate, work, interpolation=cv2.INTER_LINEAR)  # 0..255
    p, o1, o2 = order
    raw_w, like_screen = _keying.work_maps(
        small,
        plate_w,
        p,
        o1,
        o2,
        _TO_LINEAR_F,
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
    coarse_lin = cv2.LUT(small8, _TO_LINEAR_F)
    if inside.any():
        front = _push_pull(coarse_lin, inside)
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
        _keying.fill_from_labels(labels, np.flatnonzero(sure), coarse_lin, maps, _keying.NEAREST)
    else:
        maps[_keying.NEAREST : _keying.NEAREST + 3] = maps[_keying.PLATE : _keying.PLATE + 3]

    _keying.line_maps(maps, np.float32(_TRUST))

    # 3. The pass over the full-size pixels: when the result is first needed.
    full_size = _FullSizePass(
        np.ascontiguousarray(rgb), maps, blue=primary == 2, low=low, high=high, spill=spill
    )
    return Keyed(None, None, key_rgb, pending=full_size)


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
_FLOOR = 0.1
_CEILING = 0.82
"""Levels of the projected alpha that count as all screen and all subject (noise and
spill keep pure screen and pure subject pixels from landing exactly on 0 and 1)."""
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

    Both follow the screen's noise, measured on full-size pixels one per work-size pixel:
    JPEG noise and fabric texture must not show through as a speckled, see-through
    screen. The child's sliders move them from there.
    """
    # One full-size pixel in every other work-size pixel's block, each way, and every
    # fourth of those on the screen: enough for medians, and cheap.
    on_screen = _keying.screen_samples(rgb, 2 * factor, maps, samples_w, *order, _TO_LINEAR_F)
    if on_screen.size >= 16:
        centre = float(_middle(on_screen))
        noise = 1.4826 * float(_middle(np.abs(on_screen - centre)))
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


def _shrink(rgb: RGBImage, size: tuple[int, int]) -> RGBImage:
    """Area-average ``rgb`` down to ``size``, OpenCV's ``(cols, rows)`` (halving first:
    faster than one big step)."""
    image = rgb
    while image.shape[1] >= 4 * size[0] and image.shape[0] >= 4 * size[1]:
        image = cv2.resize(
            image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA
        )
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _plate(
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
        _keying.classify_screen(
            small, plate, reference, *order, np.float32(tolerance), screen, ratio
        )
        mask = cv2.erode(screen, _SQUARE)
        if tolerance == 0.3:
            mask = _drop_mixed(mask, ratio, p)
            plate = _push_pull(small, mask.astype(np.float32))
            break
        reference = cv2.dilate(p * mask, _DISC)  # for the second round
        if min(small.shape[:2]) < 16:
            plate = _push_pull(small, mask.astype(np.float32))
        else:  # a first guess of the plate, to classify against: half size is enough
            half = (max(1, small.shape[1] // 2), max(1, small.shape[0] // 2))
            guess = _push_pull(
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


def composite(
    keyed: Keyed,
    background: RGBImage,
    *,
    scale: float = 1.0,
    offset: tuple[int, int] = (0, 0),
) -> RGBImage:
    """Put the keyed subject over ``background``.

    Parameters
    ----------
    keyed
        The result of :func:`chroma_key`.
    background
        RGB ``uint8`` image of any size; it is scaled and centre-cropped to cover the
        frame (never stretched, never letter-boxed).
    scale
        0.1 to 10: the subject's size; 1 leaves it as photographed. Scaling is about the
        frame's centre.
    offset
        ``(rows, cols)`` to move the subject by, in pixels of the result (down, right).

    Returns
    -------
    numpy.ndarray
        RGB ``uint8``, the shape of ``keyed.foreground``.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((40, 40, 3), np.uint8)
    >>> photo[:] = (60, 170, 70)
    >>> photo[10:30, 10:30] = (200, 40, 40)
    >>> beach = np.full((10, 20, 3), (240, 210, 150), np.uint8)
    >>> out = composite(chroma_key(photo), beach)
    >>> out.shape, tuple(int(v) for v in out[0, 0]), tuple(int(v) for v in out[20, 20])
    ((40, 40, 3), (240, 210, 150), (200, 40, 40))
    """
    check_image(background)
    scale = check_number("scale", scale, 0.1, 10)
    rows, cols = keyed.shape
    if background.shape[:2] != (rows, cols):
        background = cover(background, size=(rows, cols))
    bg = np.ascontiguousarray(background)
    dy, dx = (int(round(v)) for v in offset)
    out = np.empty((rows, cols, 3), np.uint8)
    if keyed._pending is not None and scale == 1.0 and not dy and not dx:
        # Not keyed at full size yet: key and composite in one pass, a row at a time.
        keyed._pending.run(np.empty((1, cols), np.uint8), np.empty((1, cols, 3), np.uint8), bg, out)
        return out
    fg, alpha8 = keyed.foreground, keyed.alpha8
    if scale != 1.0 or dy or dx:
        move = np.float32(
            [
                [scale, 0, (1 - scale) * (cols - 1) / 2 + dx],
                [0, scale, (1 - scale) * (rows - 1) / 2 + dy],
            ]
        )
        fg = cv2.warpAffine(fg, move, (cols, rows), flags=cv2.INTER_LINEAR)
        alpha8 = cv2.warpAffine(alpha8, move, (cols, rows), flags=cv2.INTER_LINEAR)
    _keying.blend(np.ascontiguousarray(fg), np.ascontiguousarray(alpha8), bg, out)
    return out


def prepare() -> None:
    """Compile (or load from numba's cache) the keyer's per-pixel passes now.

    The first key after the kit is installed otherwise pauses for a few seconds while
    they compile; the pages call this when they open, before a photo is chosen.
    """
    frame = np.zeros((48, 64, 3), np.uint8)
    frame[:] = (60, 170, 70)
    frame[12:48, 24:40] = (200, 40, 40)
    keyed = chroma_key(frame)
    composite(keyed, frame)  # keyed and composited in one pass
    keyed.alpha8  # noqa: B018 (keyed whole: alpha and foreground)
    composite(keyed, frame)  # the blend of a keyed photo

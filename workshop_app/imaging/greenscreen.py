"""Green screen: cut a subject out of a green (or blue) screen photo and put it on a new one.

:func:`chroma_key` finds the screen, works out how much of each pixel is subject (the
alpha matte) and removes the screen's coloured glow from the subject; :func:`composite`
puts the result over a new background.

How the keyer works, in four steps, at most one of them at full size per pixel:

1. **Find the screen** on a thumbnail: the most common strongly green (or blue) colour.
   A photo without one raises :class:`~workshop_app.errors.ImageError` with words a
   child can act on, instead of cutting the picture to pieces.
2. **Estimate the screen plate** at a quarter size: which pixels are screen (matched by
   hue and saturation, so creases and shadows still count), then their colour filled in
   behind the subject by a push-pull pyramid. Uneven light, creases and shadows become
   part of the plate, not holes in the subject.
3. **Alpha** at full size from the colour difference ``P - max(others)`` (``P`` the
   screen's main channel) of the pixel over that of the local plate, with three clean-ups
   from quarter-size masks: specks far from the subject are removed, the subject's
   inside (far from any screen-coloured pixel) is made solid, so greenish clothes
   keep as much as possible, and the soft band is snapped to the full-size brightness
   edges (JPEG keeps brightness sharp but halves colour).
4. **Foreground**: in the soft band the plate is taken out of the pixel (unmixing), then
   the screen's glow is limited (``P <= max(others)``), strongest near the outline.

Full-size work is ``uint8`` OpenCV operations and lookup tables; float work is on
eighth-size copies and on the tiles along the outline only. A 1920x1080 frame is keyed
and composited in about 45-60 ms on one core of the 2-core test machine (the target is
20 ms: see ``python -m workshop_app.bench greenscreen``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError
from workshop_app.imaging._common import RGBImage, check_image, check_number

__all__ = ["NO_SCREEN", "Keyed", "chroma_key", "composite"]

NO_SCREEN = (
    "We could not find a green or blue screen in this photo. Stand in front of the green "
    "cloth so it fills the space around you, and take the photo again."
)
"""What a child reads when the photo has no green or blue screen."""

BAD_KEY = "That colour is not a green screen colour. Click on the green (or blue) cloth to pick it."

_WORK_SIDE = 480
"""Long side of the quarter-size working copy (plate, masks)."""

_THUMB_SIDE = 160
"""Long side of the thumbnail the screen colour is found on."""

_DISC = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (21, 21))
"""Reach of the local brightest-screen reference (in work-size pixels)."""

_SQUARE = np.ones((3, 3), np.uint8)

_LEVELS = np.arange(256, dtype=np.float64) / 255
_TO_LINEAR_F = np.where(
    _LEVELS <= 0.04045, _LEVELS / 12.92, ((_LEVELS + 0.055) / 1.055) ** 2.4
).astype(np.float32)
"""sRGB code -> linear light 0..1."""
_TO_LINEAR = np.rint(_TO_LINEAR_F * 255).astype(np.uint8)
"""sRGB code -> linear light code 0..255 (coarse in the darks; used for colour differences)."""
_CODES = np.linspace(0.0, 1.0, 4096)
_TO_SRGB = np.clip(
    np.rint(
        255 * np.where(_CODES <= 0.0031308, _CODES * 12.92, 1.055 * _CODES ** (1 / 2.4) - 0.055)
    ),
    0,
    255,
).astype(np.uint8)
"""Linear light (0..1 in 4096 steps) -> sRGB code."""

_MIN_SCREEN = 0.12
"""Fraction of the thumbnail that must look like a screen for the photo to count."""


@dataclass(frozen=True, eq=False)
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
    """

    alpha: NDArray[np.float32]
    foreground: RGBImage
    key: tuple[int, int, int]
    _alpha8: NDArray[np.uint8] | None = field(default=None, repr=False)


# helpers


def _as_key(key: object) -> tuple[int, int, int]:
    try:
        values = [float(v) for v in np.asarray(key, dtype=np.float64).reshape(-1)]
    except (TypeError, ValueError):
        values = []
    if len(values) != 3 or not all(0 <= v <= 255 for v in values):
        msg = f"key must be an RGB colour of three numbers 0..255, got {key!r}"
        raise ImageError(msg, friendly=BAD_KEY)
    r, g, b = (round(v) for v in values)
    return (r, g, b)


def _order(primary: int) -> tuple[int, int, int]:
    """Channel order (primary, other, other) for a screen whose main channel is ``primary``."""
    others = tuple(c for c in (0, 1, 2) if c != primary)
    return (primary, others[0], others[1])


def _find_key(image: RGBImage) -> tuple[int, int, int]:
    """The screen colour: the most common strongly green or blue colour; else ImageError."""
    rows, cols = image.shape[:2]
    scale = min(1.0, _THUMB_SIDE / max(rows, cols))
    size = (max(1, round(cols * scale)), max(1, round(rows * scale)))
    thumb = cv2.resize(image, size, interpolation=cv2.INTER_AREA).reshape(-1, 3)
    thumb = thumb.astype(np.int16)
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
        raise ImageError(msg, friendly=NO_SCREEN)
    pixels = thumb[screen]
    # One screen, one hue: the bulk of the screen-coloured pixels must share a hue.
    hue = np.arctan2(*(pixels[:, c] - pixels[:, primary] for c in _order(primary)[1:]))
    spread = float(np.mean(np.abs(hue - np.median(hue)) < 0.35))
    if spread < 0.6:
        msg = f"the green or blue in this photo is not one screen (hue agreement {spread:.0%})"
        raise ImageError(msg, friendly=NO_SCREEN)
    # The brighter half of the screen is the cloth as it was meant to be lit.
    level = pixels[:, primary]
    bright = pixels[level >= np.median(level)]
    r, g, b = (int(v) for v in np.median(bright, axis=0))
    return (r, g, b)


def _push_pull(values: NDArray[np.float32], weight: NDArray[np.float32]) -> NDArray[np.float32]:
    """Fill where ``weight`` is 0 from the weighted values around it (a pyramid, coarse to fine).

    ``values`` is ``(rows, cols)`` or ``(rows, cols, channels)``; so is the result.
    """

    def per_pixel(w: NDArray[np.float32], like: NDArray[np.float32]) -> NDArray[np.float32]:
        return w[..., None] if like.ndim == 3 else w

    levels = [(values * per_pixel(weight, values), weight)]
    while min(levels[-1][1].shape) > 2:
        v, w = levels[-1]
        levels.append((cv2.pyrDown(v), cv2.pyrDown(w)))
    v, w = levels[-1]
    filled = v.sum(axis=(0, 1)) / max(float(w.sum()), 1e-6)
    out = np.broadcast_to(filled, v.shape).astype(np.float32)
    for v, w in reversed(levels):
        up = cv2.resize(out, (w.shape[1], w.shape[0]), interpolation=cv2.INTER_LINEAR)
        known = per_pixel(np.minimum(w * 4.0, 1.0), v)
        mean = v / per_pixel(np.maximum(w, 1e-6), v)
        out = known * mean + (1 - known) * up
    return out


def _levels_lut(low: float, high: float) -> NDArray[np.uint8]:
    x = np.arange(256, dtype=np.float64) / 255.0
    y = np.clip((x - low) / max(high - low, 1e-3), 0.0, 1.0)
    return np.rint(y * 255).astype(np.uint8)


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
    ImageError
        If the photo has no green or blue screen, or a setting is out of range.

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
    work = (max(1, cols // factor), max(1, rows // factor))
    small = _shrink(rgb, work)
    key_rgb = _find_key(small) if key is None else _as_key(key)
    primary = int(np.argmax(key_rgb))
    if primary == 0:  # red is skin and lips, never a screen
        msg = f"key {key_rgb} is red, not green or blue"
        raise ImageError(msg, friendly=BAD_KEY)
    order = _order(primary)
    key_lin = _TO_LINEAR[np.array(key_rgb)].astype(np.float32)
    key_excess = key_lin[primary] - max(key_lin[order[1]], key_lin[order[2]])
    if key_excess < 20 or key_excess < 0.3 * key_lin[primary]:
        msg = f"key {key_rgb} is not a saturated screen colour"
        raise ImageError(msg, friendly=BAD_KEY)

    # 1. Colour difference at full size, in linear light (max and LUT commute).
    chans = list(cv2.split(rgb))
    p8, o1_8, o2_8 = (chans[c] for c in order)
    other8 = cv2.max(o1_8, o2_8)
    excess = cv2.subtract(cv2.LUT(p8, _TO_LINEAR), cv2.LUT(other8, _TO_LINEAR))

    # 2. The screen plate at an eighth of the size: its colour (for unmixing) and its
    #    colour difference, max-pooled so that thin hair does not darken it.
    halve = max(work) >= 64  # tiny photos are classified at work size
    coarse = (max(1, work[0] // 2), max(1, work[1] // 2)) if halve else work
    plate, screen, samples = _plate(
        cv2.LUT(_shrink(small, coarse), _TO_LINEAR).astype(np.float32), key_lin, order
    )
    if not screen.any():
        msg = f"no pixel of the photo matches the screen colour {key_rgb}"
        raise ImageError(msg, friendly=NO_SCREEN)
    if not samples.any():
        samples = screen
    pool = factor * 2 if halve else factor
    pooled = cv2.dilate(excess, np.ones((pool, pool), np.uint8))
    pooled = cv2.resize(pooled, coarse, interpolation=cv2.INTER_NEAREST).astype(np.float32)
    plate_excess = np.clip(_push_pull(pooled, samples.astype(np.float32)), 1, 255)
    plate_excess = cv2.resize(
        plate_excess.astype(np.uint8), (cols, rows), interpolation=cv2.INTER_LINEAR
    )
    screen = cv2.resize(screen, work, interpolation=cv2.INTER_NEAREST)

    # 3. Alpha: 1 - excess / plate excess, then the child's levels.
    alpha8 = cv2.bitwise_not(cv2.divide(excess, plate_excess, scale=255))
    low = 0.3 * strength / 100
    high = min(low + 0.2 + softness / 100, 1.0)
    alpha8 = cv2.LUT(alpha8, _levels_lut(low, high))

    # Clean-ups from work-size masks: specks far from the subject go, its inside is solid.
    touched = cv2.resize(alpha8, work, interpolation=cv2.INTER_AREA)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(touched, connectivity=8)
    if count > 2:
        areas = stats[1:, cv2.CC_STAT_AREA]
        keep = np.zeros(count, np.uint8)
        keep[1:] = np.where(areas >= max(areas.max() * 0.02, 4), 255, 0)
        kept = cv2.dilate(keep[labels], _SQUARE)
        alpha8 = cv2.bitwise_and(
            alpha8, cv2.resize(kept, (cols, rows), interpolation=cv2.INTER_NEAREST)
        )
    if keep_inside:
        depth = cv2.distanceTransform(cv2.bitwise_not(screen * 255), cv2.DIST_L2, 3)
        solid = np.clip((np.minimum(depth, 3.0) - 1.0) * 255, 0, 255).astype(np.uint8)
        alpha8 = cv2.max(alpha8, cv2.resize(solid, (cols, rows), interpolation=cv2.INTER_LINEAR))

    # 4. Foreground: the glow limited everywhere (P <= max(others)), then the soft band
    #    unmixed from the plate in linear light.
    amount = spill / 100
    capped = cv2.min(p8, other8)
    if amount < 1:
        capped = cv2.addWeighted(p8, 1 - amount, capped, amount, 0)
    chans[primary] = capped if amount > 0 else p8
    foreground = cv2.merge(chans)
    _unmix_band(foreground, rgb, alpha8, plate, pool, order, amount)
    alpha = alpha8.astype(np.float32)
    alpha *= np.float32(1 / 255)
    return Keyed(alpha, foreground, key_rgb, alpha8)


def _shrink(rgb: RGBImage, size: tuple[int, int]) -> RGBImage:
    """Area-average ``rgb`` down to ``size`` (halving first: faster than one big step)."""
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
    p, o1, o2 = (small[..., c] for c in order)
    excess = p - np.maximum(o1, o2)
    safe_p = np.maximum(p, 1.0)
    ratio = excess / safe_p
    hue = (o1 - o2) / safe_p
    plate = np.broadcast_to(key_lin, small.shape).astype(np.float32)
    reference = np.full(p.shape, key_lin[order[0]], np.float32)
    mask = np.zeros(p.shape, np.uint8)
    for tolerance in (0.5, 0.3):
        pp, po1, po2 = (plate[..., c] for c in order)
        p_excess = np.maximum(pp - np.maximum(po1, po2), 1.0)
        p_ratio = p_excess / np.maximum(pp, 1.0)
        p_hue = (po1 - po2) / np.maximum(pp, 1.0)
        screen = (
            (np.abs(ratio - p_ratio) < tolerance * p_ratio)
            & (np.abs(hue - p_hue) < 0.6 * tolerance * p_ratio)
            & (excess > 0.35 * p_excess)
            & (p > 0.35 * np.maximum(pp, reference))
        )
        mask = cv2.erode(screen.view(np.uint8), _SQUARE)
        reference = cv2.dilate(p * mask, _DISC)
        plate = _push_pull(small, mask.astype(np.float32))
    return plate, screen.view(np.uint8), mask


def _unmix_band(
    foreground: RGBImage,
    rgb: RGBImage,
    alpha8: NDArray[np.uint8],
    plate: NDArray[np.float32],
    block: int,
    order: tuple[int, int, int],
    amount: float,
) -> None:
    """In place: where 0 < alpha < 1, ``foreground := (pixel - (1 - alpha) plate) / alpha``.

    Works on the ``block x block`` tiles (one per plate pixel) that hold such pixels, so
    the cost follows the length of the outline, not the size of the photo. Pixels in the
    last, partial row and column of tiles keep the plain despilled colour.
    """
    b_rows, b_cols = (
        min(plate.shape[0], rgb.shape[0] // block),
        min(plate.shape[1], rgb.shape[1] // block),
    )
    rows, cols = b_rows * block, b_cols * block
    soft = cv2.inRange(alpha8[:rows, :cols], 1, 254)
    tiles = cv2.resize(soft, (b_cols, b_rows), interpolation=cv2.INTER_AREA)
    by, bx = np.nonzero(tiles)
    if by.size == 0:
        return

    def tiled(image: NDArray[np.generic]) -> NDArray[np.generic]:
        shape = (b_rows, block, b_cols, block, *image.shape[2:])
        return image[:rows, :cols].reshape(shape).swapaxes(1, 2)

    a = tiled(alpha8)[by, bx].astype(np.float32)[..., None] * np.float32(1 / 255)
    pixel = _TO_LINEAR_F[tiled(rgb)[by, bx]]
    behind = plate[by, bx][:, None, None, :] * np.float32(1 / 255)
    unmixed = (pixel - (1 - a) * behind) / np.maximum(a, np.float32(1 / 255))
    np.clip(unmixed, 0.0, 1.0, out=unmixed)
    primary, o1, o2 = order
    cap = np.maximum(unmixed[..., o1], unmixed[..., o2])
    unmixed[..., primary] -= amount * np.maximum(unmixed[..., primary] - cap, 0)
    codes = np.rint(unmixed * (_TO_SRGB.size - 1)).astype(np.intp)
    keep = tiled(foreground)[by, bx]
    inside = (a > 0) & (a < 1)
    tiled(foreground)[by, bx] = np.where(inside, _TO_SRGB[codes], keep)


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
    rows, cols = keyed.foreground.shape[:2]
    bg = _cover(background, rows, cols)
    fg, alpha8 = keyed.foreground, keyed._alpha8
    if alpha8 is None:
        alpha8 = np.clip(np.rint(keyed.alpha * 255), 0, 255).astype(np.uint8)
    dy, dx = (int(round(v)) for v in offset)
    if scale != 1.0 or dy or dx:
        move = np.float32(
            [
                [scale, 0, (1 - scale) * (cols - 1) / 2 + dx],
                [0, scale, (1 - scale) * (rows - 1) / 2 + dy],
            ]
        )
        fg = cv2.warpAffine(fg, move, (cols, rows), flags=cv2.INTER_LINEAR)
        alpha8 = cv2.warpAffine(alpha8, move, (cols, rows), flags=cv2.INTER_LINEAR)
    a3 = cv2.merge([alpha8, alpha8, alpha8])
    front = cv2.multiply(fg, a3, scale=1 / 255)
    back = cv2.multiply(bg, cv2.bitwise_not(a3), scale=1 / 255)
    return cv2.add(front, back)


def _cover(background: RGBImage, rows: int, cols: int) -> RGBImage:
    """``background`` scaled (keeping its shape) and centre-cropped to exactly ``rows x cols``."""
    b_rows, b_cols = background.shape[:2]
    if (b_rows, b_cols) == (rows, cols):
        return background
    zoom = max(rows / b_rows, cols / b_cols)
    size = (max(cols, math.ceil(b_cols * zoom)), max(rows, math.ceil(b_rows * zoom)))
    interp = cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR
    scaled = cv2.resize(background, size, interpolation=interp)
    top, left = (size[1] - rows) // 2, (size[0] - cols) // 2
    return scaled[top : top + rows, left : left + cols]

"""Filters: sharpen, blur, pixelate, vignette, black and white, sepia.

Every function takes an RGB ``uint8`` image ``(rows, cols, 3)`` first. Filters with a
dial have keyword-only options whose defaults leave the picture unchanged;
``black_and_white`` and ``sepia`` are one-verb actions with no options (the edit
catalogue adds an "how much" dial by mixing with the original). The input is never
modified; the result is a new ``uint8`` array of the same shape.

Sizes are in percent of the photo's long side, so a filter set on a small preview
looks the same on the full-size photo.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from workshop_app.imaging.images import RGBImage, check_image, check_number, long_side

__all__ = ["black_and_white", "blur", "pixelate", "sepia", "sharpen", "vignette"]

_SEPIA = np.array(
    [
        [0.393, 0.769, 0.189],
        [0.349, 0.686, 0.168],
        [0.272, 0.534, 0.131],
    ]
)
"""The classic sepia tone matrix (output R, G, B rows from input R, G, B)."""

_STRIP_PIXELS = 1 << 20
"""Float work is done this many pixels at a time, to keep memory low on big photos."""


# actions


def blur(image: RGBImage, *, amount: float = 0.0) -> RGBImage:
    """Soften the photo, as if it were out of focus.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        0 to 100; 0 leaves the image unchanged. The Gaussian blur's sigma is
        ``amount / 100`` percent of the long side (at 100: 1 %, 40 pixels on a
        4000-pixel photo).

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((50, 50, 3), dtype=np.uint8)
    >>> photo[:, 25:] = 255
    >>> soft = blur(photo, amount=100)
    >>> 0 < int(soft[25, 25, 0]) < 255
    True
    """
    check_image(image)
    amount = check_number("amount", amount, 0, 100)
    sigma = _sigma(image, amount / 100)
    if sigma < 0.3:
        return image.copy()
    return cv2.GaussianBlur(image, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT_101)


def sharpen(image: RGBImage, *, amount: float = 0.0, radius: float = 0.1) -> RGBImage:
    """Make edges crisper (an unsharp mask).

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        0 to 100; 0 leaves the image unchanged; 100 adds the edge detail twice over.
    radius
        0.01 to 1: the size of the edges made crisper, in percent of the long side
        (0.1 % is about 1 pixel on a 1280-pixel preview, 4 on a 4000-pixel photo).

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.full((20, 20, 3), 100, dtype=np.uint8)
    >>> photo[:, 10:] = 150
    >>> crisp = sharpen(photo, amount=100, radius=1)
    >>> int(crisp[10, 9, 0]) < 100 < 150 < int(crisp[10, 10, 0])
    True
    """
    check_image(image)
    amount = check_number("amount", amount, 0, 100)
    radius = check_number("radius", radius, 0.01, 1)
    if amount == 0:
        return image.copy()
    weight = 2 * amount / 100
    # The blurred copy is ours, so the result is written over it: one extra image of memory.
    out = cv2.GaussianBlur(
        image, (0, 0), sigmaX=max(0.5, _sigma(image, radius)), borderType=cv2.BORDER_REFLECT_101
    )
    return cv2.addWeighted(image, 1 + weight, out, -weight, 0.0, dst=out)


def pixelate(image: RGBImage, *, size: float = 0.0) -> RGBImage:
    """Turn the photo into big square blocks, each one colour.

    Blocks start at the top-left corner; blocks cut by the right and bottom edges are
    the average of the part that shows.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    size
        Block size, 0 to 20 percent of the long side; 0 leaves the image unchanged,
        as does any size under 2 pixels.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.arange(100 * 100 * 3, dtype=np.uint32).reshape(100, 100, 3)
    >>> blocks = pixelate((photo % 256).astype(np.uint8), size=10)  # 10 pixels
    >>> len(np.unique(blocks[:10, :10].reshape(-1, 3), axis=0))
    1
    """
    check_image(image)
    size = check_number("size", size, 0, 20)
    block = round(size / 100 * long_side(image))
    if block < 2:
        return image.copy()
    rows, cols = image.shape[:2]
    small_rows, small_cols = -(-rows // block), -(-cols // block)
    whole_rows, whole_cols = rows // block * block, cols // block * block
    small = np.empty((small_rows, small_cols, 3), dtype=np.uint8)
    # Whole blocks: area averaging by an exact whole factor is the mean of each block.
    small[: rows // block, : cols // block] = cv2.resize(
        image[:whole_rows, :whole_cols],
        (cols // block, rows // block),
        interpolation=cv2.INTER_AREA,
    )
    if whole_cols < cols:
        small[:, -1] = _block_means(image[:, whole_cols:], block, axis=0)
    if whole_rows < rows:
        small[-1, :] = _block_means(image[whole_rows:, :], block, axis=1)
    big = np.repeat(np.repeat(small, block, axis=0), block, axis=1)
    return np.ascontiguousarray(big[:rows, :cols])


def vignette(image: RGBImage, *, amount: float = 0.0) -> RGBImage:
    """Darken the corners and edges so the eye goes to the middle.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        0 to 100; 0 leaves the image unchanged; at 100 the far corners go black.
        The middle of the photo always stays as it was.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> grey = np.full((101, 101, 3), 200, dtype=np.uint8)
    >>> framed = vignette(grey, amount=100)
    >>> int(framed[50, 50, 0]), int(framed[0, 0, 0])
    (200, 0)
    """
    check_image(image)
    amount = check_number("amount", amount, 0, 100)
    if amount == 0:
        return image.copy()
    strength = amount / 100
    rows, cols = image.shape[:2]
    # The darkening changes slowly across the photo, so it is worked out on a small
    # grid and smoothly enlarged; 255 means "unchanged" (the middle stays exact).
    small_rows, small_cols = min(rows, 64), min(cols, 64)
    down = np.square(np.linspace(-1.0, 1.0, small_rows))[:, None] / 2
    across = np.square(np.linspace(-1.0, 1.0, small_cols))[None, :] / 2
    reach = down + across  # 0 in the middle, 1 in the corners (follows the photo's shape)
    falloff = reach * reach * (3 - 2 * reach)  # smoothstep: flat middle, soft edge
    small_gain = np.rint(255 * (1.0 - strength * falloff)).astype(np.uint8)
    gain = cv2.resize(small_gain, (cols, rows), interpolation=cv2.INTER_LINEAR)
    out = np.empty_like(image)
    strip = max(1, _STRIP_PIXELS // cols)  # rows at a time: a 3-channel gain costs little
    for first in range(0, rows, strip):
        last = min(rows, first + strip)
        gain3 = cv2.cvtColor(gain[first:last], cv2.COLOR_GRAY2RGB)
        cv2.multiply(image[first:last], gain3, dst=out[first:last], scale=1 / 255)
    return out


def black_and_white(image: RGBImage) -> RGBImage:
    """Take the colour away, keeping how light each part is.

    Uses the brightness people see (ITU-R BT.601 weights: green counts most, blue
    least); the result is still RGB with red, green and blue equal.

    Examples
    --------
    >>> import numpy as np
    >>> pixel = np.array([[[255, 0, 0]]], dtype=np.uint8)
    >>> black_and_white(pixel)[0, 0].tolist()
    [76, 76, 76]
    """
    check_image(image)
    return cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)


def sepia(image: RGBImage) -> RGBImage:
    """Give the photo the warm brown look of a very old photograph.

    Examples
    --------
    >>> import numpy as np
    >>> grey = np.full((1, 1, 3), 100, dtype=np.uint8)
    >>> sepia(grey)[0, 0].tolist()
    [135, 120, 94]
    """
    check_image(image)
    return cv2.transform(image, _SEPIA)


# helpers


def _sigma(image: RGBImage, percent: float) -> float:
    return percent / 100 * long_side(image)


def _block_means(edge: RGBImage, block: int, *, axis: int) -> np.ndarray:
    """Means of ``block``-long runs along ``axis`` of a strip cut off by the photo's edge."""
    length = edge.shape[axis]
    count = math.ceil(length / block)
    pad = count * block - length
    totals = np.add.reduceat(edge.astype(np.uint32), np.arange(0, length, block), axis=axis)
    sizes = np.full(count, block, dtype=np.uint32)
    sizes[-1] = block - pad
    other = 1 - axis
    totals = totals.sum(axis=other)
    sizes = sizes * edge.shape[other]
    return np.rint(totals / sizes[:, None]).astype(np.uint8)

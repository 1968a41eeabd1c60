"""Per-pixel light and colour adjustments, done with lookup tables where possible.

Every function takes an RGB ``uint8`` image ``(rows, cols, 3)`` first and keyword-only
options whose defaults leave the picture unchanged. The input is never modified; the
result is a new ``uint8`` array of the same shape.

Slider units are the option units: ``amount`` runs from -100 to 100 (0 = no change),
``stops`` is photographers' exposure stops (each stop doubles or halves the light).
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.imaging.images import (
    RGBImage,
    apply_lut,
    check_image,
    check_number,
    linear_to_srgb,
    make_lut,
    srgb_to_linear,
)

__all__ = ["brightness", "contrast", "exposure", "saturation", "warmth"]

_MID_GREY = 127.5


# actions


def brightness(image: RGBImage, *, amount: float = 0.0) -> RGBImage:
    """Make the whole picture lighter or darker.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        -100 (black) to 100 (white); 0 leaves the image unchanged. Adds ``amount``
        percent of full white to every level.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> grey = np.full((2, 2, 3), 100, dtype=np.uint8)
    >>> int(brightness(grey, amount=20)[0, 0, 0])
    151
    >>> bool((brightness(grey) == grey).all())
    True
    """
    check_image(image)
    amount = check_number("amount", amount, -100, 100)
    if amount == 0:
        return image.copy()
    offset = round(amount * 255 / 100)  # the same whole step for every level
    return apply_lut(image, make_lut(lambda levels: levels + offset))


def contrast(image: RGBImage, *, amount: float = 0.0) -> RGBImage:
    """Make light parts lighter and dark parts darker (or flatten them towards grey).

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        -100 to 100; 0 leaves the image unchanged. Levels move away from mid-grey by a
        factor of ``2 ** (amount / 50)``: 50 doubles the contrast, -50 halves it.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> ramp = np.array([[[64, 128, 192]]], dtype=np.uint8)
    >>> contrast(ramp, amount=50)[0, 0].tolist()
    [0, 128, 255]
    """
    check_image(image)
    amount = check_number("amount", amount, -100, 100)
    if amount == 0:
        return image.copy()
    factor = 2.0 ** (amount / 50)
    return apply_lut(image, make_lut(lambda levels: (levels - _MID_GREY) * factor + _MID_GREY))


def exposure(image: RGBImage, *, stops: float = 0.0, gamma: float = 1.0) -> RGBImage:
    """Let in more or less light, like a camera's exposure; ``gamma`` lifts the mid-tones.

    ``stops`` scales the light in linear (not sRGB) units, so +1 is what one more stop
    on a camera would give; then ``gamma`` above 1 lightens the mid-tones and below 1
    darkens them, leaving black and white in place.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    stops
        -5 to 5; 0 leaves the image unchanged. +1 doubles the light, -1 halves it.
    gamma
        0.1 to 10; 1 leaves the image unchanged.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> dark = np.full((1, 1, 3), 50, dtype=np.uint8)
    >>> int(exposure(dark, stops=1)[0, 0, 0]) > 50
    True
    >>> int(exposure(dark, gamma=2)[0, 0, 0]) > 50
    True
    """
    check_image(image)
    stops = check_number("stops", stops, -5, 5)
    gamma = check_number("gamma", gamma, 0.1, 10)
    if stops == 0 and gamma == 1:
        return image.copy()
    gain = 2.0**stops

    def curve(levels: NDArray[np.float64]) -> NDArray[np.float64]:
        exposed = linear_to_srgb(srgb_to_linear(levels) * gain)
        return 255.0 * (exposed / 255.0) ** (1.0 / gamma)

    return apply_lut(image, make_lut(curve))


def saturation(image: RGBImage, *, amount: float = 0.0) -> RGBImage:
    """Make colours stronger, or fade them towards grey.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        -100 (no colour at all) to 100 (twice as colourful); 0 leaves it unchanged.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> red = np.array([[[200, 50, 50]]], dtype=np.uint8)
    >>> faded = saturation(red, amount=-100)[0, 0]
    >>> bool(faded[0] == faded[1] == faded[2])
    True
    """
    check_image(image)
    amount = check_number("amount", amount, -100, 100)
    if amount == 0:
        return image.copy()
    factor = 1.0 + amount / 100
    # Mix with the grey version in place: one grey plane and one output array of memory.
    out = cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    return cv2.addWeighted(image, factor, out, 1.0 - factor, 0.0, dst=out)


def warmth(image: RGBImage, *, amount: float = 0.0) -> RGBImage:
    """Make the picture warmer (more orange, like sunset) or cooler (more blue).

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    amount
        -100 (cool, blue) to 100 (warm, orange); 0 leaves the image unchanged.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> grey = np.full((1, 1, 3), 128, dtype=np.uint8)
    >>> r, g, b = warmth(grey, amount=50)[0, 0].tolist()
    >>> r > g > b
    True
    """
    check_image(image)
    amount = check_number("amount", amount, -100, 100)
    if amount == 0:
        return image.copy()
    shift = amount / 100
    gains = (1 + 0.25 * shift, 1 + 0.05 * shift, 1 - 0.25 * shift)
    lut = np.stack([make_lut(lambda levels, k=gain: levels * k) for gain in gains], axis=1)
    return apply_lut(image, lut)

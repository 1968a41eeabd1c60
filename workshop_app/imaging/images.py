"""Helpers shared by the imaging modules: the image type, checks, lookup tables and the
sRGB curve.

- :data:`RGBImage`: the type of every photo, ``uint8`` ``(rows, cols, 3)``.
- :func:`check_image`, :func:`check_number`: the checks every action starts with.
- :func:`make_lut`, :func:`apply_lut`, :func:`mix`, :func:`long_side`: small tools.
- :func:`srgb_to_linear`, :func:`linear_to_srgb`: the sRGB transfer curve (IEC
  61966-2-1), for work that must be done in linear light (exposure, keying).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError

RGBImage = NDArray[np.uint8]
"""An RGB photo: ``uint8``, shape ``(rows, cols, 3)``."""

_LEVELS = np.arange(256, dtype=np.float64)


# helpers


def check_image(image: object) -> RGBImage:
    """Return ``image`` if it is an RGB ``uint8`` array ``(rows, cols, 3)``, else raise."""
    if not isinstance(image, np.ndarray):
        msg = f"expected a numpy array, got {type(image).__name__}"
        raise ImageError(msg, cause="edit-failed")
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        msg = (
            f"expected an RGB uint8 image of shape (rows, cols, 3), got {image.dtype} "
            f"{image.shape}; load photos with workshop_app.media.load_image"
        )
        raise ImageError(msg, cause="edit-failed")
    if image.shape[0] == 0 or image.shape[1] == 0:
        msg = f"the image is empty: shape {image.shape}"
        raise ImageError(msg, cause="edit-failed")
    return image


def check_number(name: str, value: object, low: float, high: float) -> float:
    """Return ``value`` as a float if it is a finite number in ``[low, high]``, else raise."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        msg = f"{name} must be a number from {low:g} to {high:g}, got {value!r}"
        raise ImageError(msg, cause="edit-failed")
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        msg = f"{name} must be from {low:g} to {high:g}, got {value!r}"
        raise ImageError(msg, cause="edit-failed")
    return number


def long_side(image: RGBImage) -> int:
    """The longer of the image's two sides, in pixels."""
    return max(image.shape[0], image.shape[1])


def make_lut(function: Callable[[NDArray[np.float64]], NDArray[np.float64]]) -> NDArray[np.uint8]:
    """A 256-entry ``uint8`` table from ``function`` of the levels 0..255 (rounded, clipped)."""
    return np.clip(np.rint(function(_LEVELS)), 0, 255).astype(np.uint8)


def apply_lut(image: RGBImage, lut: NDArray[np.uint8]) -> RGBImage:
    """Map every pixel through ``lut``: shape ``(256,)`` for all channels or ``(256, 3)``.

    ``cv2.LUT`` is several times faster than numpy indexing on large photos.
    """
    if lut.ndim == 2:
        lut = np.ascontiguousarray(lut.reshape(1, 256, 3))
    return cv2.LUT(image, lut)


def srgb_to_linear(levels: NDArray[np.floating]) -> NDArray[np.float64]:
    """sRGB code values (0..255) to linear light (0..1): the standard sRGB curve.

    Examples
    --------
    >>> import numpy as np
    >>> srgb_to_linear(np.array([0.0, 255.0])).tolist()
    [0.0, 1.0]
    >>> round(float(srgb_to_linear(np.array([128.0]))[0]), 3)  # mid-grey is 22 % light
    0.216
    """
    c = levels / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: NDArray[np.floating]) -> NDArray[np.float64]:
    """Linear light (0..1; clipped) to sRGB code values (0..255, not rounded).

    The inverse of :func:`srgb_to_linear`.

    Examples
    --------
    >>> import numpy as np
    >>> np.rint(linear_to_srgb(np.array([-1.0, 0.0, 1.0, 2.0]))).tolist()
    [0.0, 0.0, 255.0, 255.0]
    >>> round(float(linear_to_srgb(srgb_to_linear(np.array([128.0])))[0]), 6)
    128.0
    """
    c = np.clip(linear, 0.0, 1.0)
    return 255.0 * np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)


def mix(image: RGBImage, effect: RGBImage, amount: float) -> RGBImage:
    """Blend ``amount`` (0..1) of ``effect`` over ``image``; a new array, inputs untouched."""
    if amount <= 0:
        return image.copy()
    if amount >= 1:
        return effect if effect is not image else image.copy()
    return cv2.addWeighted(image, 1.0 - amount, effect, amount, 0.0)

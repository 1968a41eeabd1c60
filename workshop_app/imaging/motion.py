"""The shutter simulator: what a slower shutter, or panning, would have done to a photo.

Webcams and most phones do not let you choose the shutter speed, so the action
exercise shows it in software: :func:`simulate_shutter` smears the whole photo along
one direction, as if the camera or the scene moved while the shutter was open, and
:func:`pan` smears only the background while the subject stays sharp, as when the
camera follows a runner.

Every function takes an RGB ``uint8`` image ``(rows, cols, 3)`` first and
keyword-only options whose defaults leave the picture unchanged; the input is never
modified. Angles are in degrees on the screen: 0 is left-right, 90 up-down.
Lengths are in percent of the photo's long side, so a preview and the full-size
photo look the same.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError
from workshop_app.imaging.images import (
    RGBImage,
    check_image,
    check_number,
    long_side,
)

__all__ = ["MAX_STREAK", "pan", "simulate_shutter", "streak_length"]

MAX_STREAK = 10.0
"""Streak length at ``shutter=100``, in percent of the long side (128 px on 1280)."""

_KERNEL_LIMIT = 15
"""Longest diagonal streak, in pixels, drawn with a 2-D line kernel."""

Box = tuple[int, int, int, int]
"""A rectangle ``(top, left, height, width)`` in pixels."""


# helpers


def streak_length(image: RGBImage, shutter: float) -> int:
    """Length in pixels of the streak ``shutter`` (0 to 100) makes on ``image``.

    Examples
    --------
    >>> import numpy as np
    >>> streak_length(np.zeros((720, 1280, 3), dtype=np.uint8), 50)
    64
    """
    return round(shutter / 100 * MAX_STREAK / 100 * long_side(image))


def _line_kernel(length: int, angle: float) -> NDArray[np.float32]:
    """A normalised kernel: an anti-aliased line ``length`` pixels long at ``angle``."""
    size = length if length % 2 == 1 else length + 1
    kernel = np.zeros((size, size), dtype=np.float32)
    centre = size // 2
    half = (length - 1) / 2
    dx = math.cos(math.radians(angle)) * half
    dy = -math.sin(math.radians(angle)) * half  # rows grow downwards
    shift = 4  # sub-pixel ends: coordinates in 1/16 pixel
    ends = [
        (round((centre - dx) * (1 << shift)), round((centre - dy) * (1 << shift))),
        (round((centre + dx) * (1 << shift)), round((centre + dy) * (1 << shift))),
    ]
    cv2.line(kernel, ends[0], ends[1], 1.0, thickness=1, lineType=cv2.LINE_AA, shift=shift)
    total = float(kernel.sum())
    if total <= 0:
        kernel[centre, centre] = 1.0
        return kernel
    return kernel / total


def _streak(image: RGBImage, length: int, angle: float) -> RGBImage:
    """``image`` smeared ``length`` pixels along ``angle``; a new array."""
    if abs(math.sin(math.radians(angle))) < 1e-6:  # level: a box filter, much faster
        return cv2.blur(image, (length, 1), borderType=cv2.BORDER_REFLECT_101)
    if abs(math.cos(math.radians(angle))) < 1e-6:  # upright
        return cv2.blur(image, (1, length), borderType=cv2.BORDER_REFLECT_101)
    if length <= _KERNEL_LIMIT:
        kernel = _line_kernel(length, angle)
        return cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REFLECT_101)
    # Long diagonal streaks: turn the photo so the movement is level, smear it with a
    # fast box filter and turn it back (a big 2-D kernel would take ten times longer).
    rows, cols = image.shape[:2]
    theta = math.radians(angle)
    cos, sin = abs(math.cos(theta)), abs(math.sin(theta))
    size = (math.ceil(cols * cos + rows * sin) + 2, math.ceil(cols * sin + rows * cos) + 2)
    turn = cv2.getRotationMatrix2D(((cols - 1) / 2, (rows - 1) / 2), -angle, 1.0)
    turn[0, 2] += (size[0] - cols) / 2
    turn[1, 2] += (size[1] - rows) / 2
    level = cv2.warpAffine(
        image, turn, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101
    )
    level = cv2.blur(level, (length, 1), borderType=cv2.BORDER_REFLECT_101)
    return cv2.warpAffine(
        level,
        turn,
        (cols, rows),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REFLECT_101,
    )


def _subject_mask(image: RGBImage, subject: object) -> NDArray[np.float32]:
    """A float32 mask (1 = subject, kept sharp) from a box or a mask, edges softened."""
    rows, cols = image.shape[:2]
    if isinstance(subject, np.ndarray):
        if subject.shape != (rows, cols):
            msg = f"the subject mask must have shape {(rows, cols)}, got {subject.shape}"
            raise ImageError(msg, cause="edit-failed")
        mask = subject.astype(np.float32)
        if subject.dtype == np.uint8:
            mask /= 255.0
        return np.clip(mask, 0.0, 1.0)
    if not (isinstance(subject, tuple | list) and len(subject) == 4):
        msg = f"subject must be a (top, left, height, width) box or a mask, got {subject!r}"
        raise ImageError(msg, cause="edit-failed")
    top, left, height, width = (int(v) for v in subject)
    bottom, right = min(rows, top + height), min(cols, left + width)
    top, left = max(0, top), max(0, left)
    if bottom <= top or right <= left:
        msg = f"the subject box {subject!r} is outside the photo ({rows}x{cols})"
        raise ImageError(msg, cause="edit-failed")
    # Drawn on a small copy and enlarged, so the soft edge costs little on big photos.
    scale = min(1.0, 256 / max(rows, cols))
    small = np.zeros((max(1, round(rows * scale)), max(1, round(cols * scale))), np.float32)
    small[
        round(top * scale) : max(round(top * scale) + 1, round(bottom * scale)),
        round(left * scale) : max(round(left * scale) + 1, round(right * scale)),
    ] = 1.0
    feather = max(0.5, 0.1 * min(bottom - top, right - left) * scale)
    small = cv2.GaussianBlur(small, (0, 0), feather)
    small = np.maximum(small, _inner(small.shape, top, left, bottom, right, scale, feather))
    return cv2.resize(small, (cols, rows), interpolation=cv2.INTER_LINEAR)


def _inner(
    shape: tuple[int, ...],
    top: int,
    left: int,
    bottom: int,
    right: int,
    scale: float,
    feather: float,
) -> NDArray[np.float32]:
    """1 inside the box shrunk by the feather: the subject's middle stays fully sharp."""
    inner = np.zeros(shape, np.float32)
    pad = math.ceil(feather)
    r0, r1 = round(top * scale) + pad, round(bottom * scale) - pad
    c0, c1 = round(left * scale) + pad, round(right * scale) - pad
    if r1 > r0 and c1 > c0:
        inner[r0:r1, c0:c1] = 1.0
    return inner


# actions


def simulate_shutter(image: RGBImage, *, shutter: float = 0.0, angle: float = 0.0) -> RGBImage:
    """Show the photo as a slower shutter would have taken it: streaked by movement.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    shutter
        0 to 100: how long the shutter stays open. 0 (the default) is a frozen moment
        and leaves the photo unchanged; 100 streaks it by 10 % of its long side.
    angle
        Direction of the movement in degrees, -180 to 180 (0 left-right, 90 up-down).

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((50, 100, 3), dtype=np.uint8)
    >>> photo[:, 50] = 255  # a thin upright line
    >>> moved = simulate_shutter(photo, shutter=100)  # a 10-pixel streak, left-right
    >>> int((moved[25, :, 0] > 0).sum())
    10
    >>> bool((simulate_shutter(photo) == photo).all())
    True
    """
    check_image(image)
    shutter = check_number("shutter", shutter, 0, 100)
    angle = check_number("angle", angle, -180, 180)
    length = streak_length(image, shutter)
    if length < 2:
        return image.copy()
    return _streak(image, length, angle)


def pan(
    image: RGBImage,
    *,
    subject: Box | NDArray[np.generic] | None = None,
    amount: float = 0.0,
    angle: float = 0.0,
) -> RGBImage:
    """Show a panning shot: the background streaks while the subject stays sharp.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    subject
        What the camera follows: a box ``(top, left, height, width)`` in pixels (its
        edges are softened), or a mask of shape ``(rows, cols)`` (``uint8`` 0-255 or
        float 0-1; 1 stays sharp). None streaks the whole photo.
    amount
        0 to 100: how much the background streaks (as ``shutter`` in
        :func:`simulate_shutter`); 0 (the default) leaves the photo unchanged.
    angle
        Direction the camera turned, in degrees, -180 to 180 (0 left-right).

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.random.default_rng(0).integers(0, 256, (60, 200, 3), dtype=np.uint8)
    >>> panned = pan(photo, subject=(20, 80, 20, 40), amount=100)
    >>> bool((panned[25:35, 90:110] == photo[25:35, 90:110]).all())  # the subject
    True
    >>> bool((panned[:, :40] == photo[:, :40]).all())  # the background streaked
    False
    """
    check_image(image)
    amount = check_number("amount", amount, 0, 100)
    angle = check_number("angle", angle, -180, 180)
    length = streak_length(image, amount)
    if length < 2:
        return image.copy()
    streaked = _streak(image, length, angle)
    if subject is None:
        return streaked
    mask = _subject_mask(image, subject)
    return cv2.blendLinear(image, streaked, mask, 1.0 - mask)

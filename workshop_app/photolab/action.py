"""The action exercise: pick the sharpest photo of a burst and say why.

A burst is several photos taken one after another. :func:`pick_sharpest` measures
each one's sharpness and streaks (motion blur) and explains the pick in a child's
words. The shutter simulator itself is :mod:`workshop_app.imaging.motion`;
:data:`SHUTTER_SPEEDS` links its dial to real shutter speeds for the lesson.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop_app.errors import ImageError
from workshop_app.imaging import RGBImage
from workshop_app.imaging.analysis import MotionBlur, motion_blur, sharpness
from workshop_app.imaging.images import check_image

__all__ = ["SHUTTER_SPEEDS", "BurstPick", "pick_sharpest"]

SHUTTER_SPEEDS: tuple[tuple[str, float], ...] = (
    ("1/1000 s", 0.0),
    ("1/250 s", 5.0),
    ("1/60 s", 20.0),
    ("1/15 s", 60.0),
    ("1/4 s", 100.0),
)
"""Shutter speeds and the ``shutter`` dial of ``imaging.motion.simulate_shutter`` that
shows them for a runner crossing the picture: frozen at 1/1000 s, streaked at 1/4 s."""

_MOTION_WORTH_SAYING = 0.4


@dataclass(frozen=True)
class BurstPick:
    """The sharpest photo of a burst.

    Attributes
    ----------
    index
        Position of the sharpest photo in the burst, from 0 (children see
        ``index + 1``).
    sharpness
        Every photo's sharpness (variance of the Laplacian), in burst order.
    blur
        Every photo's motion blur, in burst order.
    reason
        Why it was picked, in a child's words, numbering photos from 1.
    """

    index: int
    sharpness: tuple[float, ...]
    blur: tuple[MotionBlur, ...]
    reason: str


def pick_sharpest(frames: Sequence[RGBImage]) -> BurstPick:
    """Pick the sharpest photo of a burst and explain why, in plain words.

    Parameters
    ----------
    frames
        The burst: RGB ``uint8`` images, any sizes (sharpness is measured on copies
        of the same size, so they compare).

    Returns
    -------
    BurstPick
        The sharpest photo's index, all the figures and the reason.

    Raises
    ------
    ImageError
        If the burst is empty or a photo is not an RGB image.

    Examples
    --------
    >>> import cv2, numpy as np
    >>> sharp = np.random.default_rng(0).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    >>> pick = pick_sharpest([cv2.blur(sharp, (15, 1)), sharp])
    >>> pick.index
    1
    >>> print(pick.reason)  # doctest: +NORMALIZE_WHITESPACE
    Photo 2 is the sharpest: its edges are the crispest.
    Photo 1 has motion blur going left to right.
    """
    if len(frames) == 0:
        msg = "pick_sharpest needs at least one photo, got an empty burst"
        raise ImageError(msg, cause="no-burst")
    for frame in frames:
        check_image(frame)
    values = tuple(sharpness(frame) for frame in frames)
    blurs = tuple(motion_blur(frame) for frame in frames)
    best = max(range(len(values)), key=values.__getitem__)
    if len(frames) == 1:
        reason = "There is only one photo, so it is the sharpest. Take a burst to compare."
        return BurstPick(best, values, blurs, reason)
    reason = f"Photo {best + 1} is the sharpest: its edges are the crispest."
    streaked = [
        number
        for number in range(len(frames))
        if number != best and blurs[number].strength >= _MOTION_WORTH_SAYING
    ]
    if streaked:
        worst = max(streaked, key=lambda number: blurs[number].strength)
        reason += f" Photo {worst + 1} has motion blur going {blurs[worst].words}."
    else:
        softest = min(range(len(values)), key=values.__getitem__)
        if softest != best:
            reason += f" Photo {softest + 1} is the most blurry."
    return BurstPick(best, values, blurs, reason)

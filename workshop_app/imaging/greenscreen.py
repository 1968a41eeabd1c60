"""Green screen: cut a subject out of a green (or blue) screen photo and put it on a new one.

:func:`chroma_key` finds the screen, works out how much of each pixel is subject (the
alpha matte) and removes the screen's coloured glow from the subject; :func:`composite`
puts the result over a new background.

How the keyer works: small maps first, then one compiled pass over the full-size pixels.

1. **Find the screen** on a thumbnail: the most common strongly green (or blue) colour.
   A photo without one raises :class:`~workshop_app.errors.NoScreenError` (cause
   ``"no-screen"``: the app shows words a child can act on), instead of cutting the
   picture to pieces.
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

This module is the keyer's public home (:func:`chroma_key`, :func:`composite`,
:class:`Keyed`, :func:`prepare`); :func:`chroma_key` runs the steps, which are in

- :mod:`~workshop_app.imaging.screen_plate`: steps 1 and 2, the screen colour and plate;
- :mod:`~workshop_app.imaging.keying_maps`: step 3, and the full-size pass that reads
  the maps;
- :mod:`~workshop_app.imaging.keyed`: :class:`Keyed`, the result that runs that pass
  when it is first needed, and :func:`composite`;
- :mod:`~workshop_app.imaging._keying` and :mod:`~workshop_app.imaging._plate_passes`:
  the passes compiled with numba.
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np

from workshop_app.errors import ImageError, NoScreenError
from workshop_app.imaging import _keying
from workshop_app.imaging.images import RGBImage, check_image, check_number
from workshop_app.imaging.keyed import Keyed, composite
from workshop_app.imaging.keying_maps import full_size_pass
from workshop_app.imaging.screen_plate import as_key, channel_order, find_key, screen_plate

__all__ = ["Keyed", "chroma_key", "composite", "prepare"]

_WORK_SIDE = 480
"""Long side of the quarter-size working copy (plate, masks)."""


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
    # 1. The screen colour: found, or the one given checked.
    key_rgb = find_key(small8) if key is None else as_key(key)
    primary = int(np.argmax(key_rgb))
    if primary == 0:  # red is skin and lips, never a screen
        msg = f"key {key_rgb} is red, not green or blue"
        raise ImageError(msg, cause="not-a-screen-colour")
    order = channel_order(primary)
    key_lin = _keying.TO_LINEAR_255[np.array(key_rgb)]
    key_excess = key_lin[primary] - max(key_lin[order[1]], key_lin[order[2]])
    if key_excess < 20 or key_excess < 0.3 * key_lin[primary]:
        msg = f"key {key_rgb} is not a saturated screen colour"
        raise ImageError(msg, cause="not-a-screen-colour")

    # 2. The screen plate at an eighth of the size, in linear light: its colour behind
    #    the subject (pushed and pulled in from the screen around it).
    plate, screen, samples = screen_plate(cv2.LUT(small8, _keying.TO_LINEAR_255), key_lin, order)
    if not screen.any():
        msg = f"no pixel of the photo matches the screen colour {key_rgb}"
        raise NoScreenError(msg)
    if not samples.any():
        samples = screen

    # 3. The work-size maps now; 4. the pass over the full-size pixels that reads them
    #    when the result is first needed.
    full_size = full_size_pass(
        rgb,
        factor,
        small,
        small8,
        plate,
        screen,
        samples,
        order,
        strength=strength,
        softness=softness,
        spill=spill,
        keep_inside=keep_inside,
    )
    return Keyed(None, None, key_rgb, pending=full_size)


def _shrink(rgb: RGBImage, size: tuple[int, int]) -> RGBImage:
    """Area-average ``rgb`` down to ``size``, OpenCV's ``(cols, rows)`` (halving first:
    faster than one big step)."""
    image = rgb
    while image.shape[1] >= 4 * size[0] and image.shape[0] >= 4 * size[1]:
        image = cv2.resize(
            image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA
        )
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


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

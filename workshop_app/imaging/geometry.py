"""Cropping, turning and flipping photos.

Every function takes an RGB ``uint8`` image ``(rows, cols, 3)`` first and keyword-only
options whose defaults leave the picture unchanged (``mirror`` and ``flip`` are
one-verb actions with no options, as in Pillow's ``ImageOps``). The input is never
modified; the result is a new, C-contiguous ``uint8`` array.

Positions are ``(row, col)``; sizes given as fractions are of the image's own height
and width, so a recipe made on a small preview crops a full-size photo the same way.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from workshop_app.errors import ImageError
from workshop_app.imaging.images import RGBImage, check_image, check_number

__all__ = [
    "ASPECT_PRESETS",
    "crop",
    "crop_to_aspect",
    "flip",
    "mirror",
    "rotate",
    "straighten",
]

ASPECT_PRESETS: dict[str, float | None] = {
    "original": None,
    "3:2": 3 / 2,
    "2:3": 2 / 3,
    "4:3": 4 / 3,
    "3:4": 3 / 4,
    "1:1": 1.0,
    "16:9": 16 / 9,
    "9:16": 9 / 16,
}
"""Crop shapes as width : height; ``"original"`` keeps the photo's own shape.

3:2 is a camera's own frame, which the thirds grid is usually drawn on; 4:3 is a
phone's, 1:1 a square and 16:9 a wide screen. The x:y pairs stand on their end.
"""


# actions


def crop(
    image: RGBImage,
    *,
    top: int = 0,
    left: int = 0,
    height: int | None = None,
    width: int | None = None,
) -> RGBImage:
    """Cut out a rectangle of the photo (a free crop, in pixels).

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    top, left
        Row and column of the rectangle's top-left corner; 0 by default.
    height, width
        Size of the rectangle; by default, everything below and right of the corner.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of shape ``(height, width, 3)``.

    Raises
    ------
    ImageError
        If the rectangle is empty or does not fit inside the photo.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((30, 40, 3), dtype=np.uint8)
    >>> crop(photo, top=5, left=10, height=20, width=15).shape
    (20, 15, 3)
    >>> crop(photo).shape
    (30, 40, 3)
    """
    check_image(image)
    rows, cols = image.shape[:2]
    height = rows - top if height is None else height
    width = cols - left if width is None else width
    for name, value in (("top", top), ("left", left), ("height", height), ("width", width)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            msg = f"crop {name} must be a whole number of pixels, got {value!r}"
            raise ImageError(msg, cause="edit-failed")
    if not (0 <= top < rows and 0 <= left < cols and height > 0 and width > 0):
        msg = f"crop box top={top} left={left} height={height} width={width} is empty or outside"
        raise ImageError(msg, cause="crop-outside-photo")
    if top + height > rows or left + width > cols:
        msg = (
            f"crop box top={top} left={left} height={height} width={width} does not fit "
            f"in a {rows}x{cols} image"
        )
        raise ImageError(msg, cause="crop-outside-photo")
    return image[top : top + height, left : left + width].copy()


def crop_to_aspect(
    image: RGBImage,
    *,
    aspect: float | str | None = None,
    zoom: float = 1.0,
    across: float = 0.5,
    down: float = 0.5,
) -> RGBImage:
    """Crop to a shape (such as 3:2 or square), optionally zoomed in and moved.

    The crop is the largest rectangle of the given shape, made ``zoom`` times smaller,
    then slid ``across`` and ``down`` inside the photo.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    aspect
        Width divided by height (e.g. ``1.5``), a key of :data:`ASPECT_PRESETS` such as
        ``"3:2"``, or ``None`` / ``"original"`` to keep the photo's shape.
    zoom
        1 (no zoom) to 10; 2 keeps half the width and half the height.
    across, down
        0 to 1: where the crop sits, from the left / top edge (0) to the right / bottom
        edge (1); 0.5 is the middle.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((300, 400, 3), dtype=np.uint8)
    >>> crop_to_aspect(photo, aspect="1:1").shape
    (300, 300, 3)
    >>> crop_to_aspect(photo, aspect="3:2").shape
    (267, 400, 3)
    >>> crop_to_aspect(photo, zoom=2).shape
    (150, 200, 3)
    """
    check_image(image)
    ratio = _aspect_ratio(aspect)
    zoom = check_number("zoom", zoom, 1, 10)
    across = check_number("across", across, 0, 1)
    down = check_number("down", down, 0, 1)
    rows, cols = image.shape[:2]
    if ratio is None:
        ratio = cols / rows
    if cols / rows > ratio:  # the photo is wider than the shape: keep the full height
        height, width = rows, rows * ratio
    else:
        height, width = cols / ratio, cols
    height = max(1, min(rows, round(height / zoom)))
    width = max(1, min(cols, round(width / zoom)))
    top = round((rows - height) * down)
    left = round((cols - width) * across)
    return image[top : top + height, left : left + width].copy()


def rotate(image: RGBImage, *, turns: int = 0) -> RGBImage:
    """Turn the photo clockwise by whole quarter turns (90 degrees each).

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    turns
        Quarter turns clockwise; 0 (the default) leaves it unchanged, -1 turns it
        anticlockwise, 4 turns it all the way round.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image; its rows and columns swap for odd ``turns``.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((30, 40, 3), dtype=np.uint8)
    >>> photo[0, 0] = 255  # top-left corner
    >>> turned = rotate(photo, turns=1)
    >>> turned.shape, int(turned[0, -1, 0])  # now top-right
    ((40, 30, 3), 255)
    """
    check_image(image)
    if isinstance(turns, bool) or not isinstance(turns, int | np.integer | float):
        msg = f"turns must be a whole number of quarter turns, got {turns!r}"
        raise ImageError(msg, cause="edit-failed")
    if turns != int(turns):
        msg = f"turns must be a whole number of quarter turns, got {turns!r}"
        raise ImageError(msg, cause="edit-failed")
    quarter = int(turns) % 4
    if quarter == 0:
        return image.copy()
    code = (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE)[quarter - 1]
    return cv2.rotate(image, code)


def straighten(image: RGBImage, *, angle: float = 0.0) -> RGBImage:
    """Turn the photo by a small angle to level a tilted horizon, cropping the corners.

    The photo is turned about its centre and zoomed just enough that no empty
    corners show, so the result has the same size as the input.

    Parameters
    ----------
    image
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    angle
        Degrees clockwise, -45 to 45; 0 leaves the image unchanged.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((30, 40, 3), dtype=np.uint8)
    >>> straighten(photo, angle=5).shape
    (30, 40, 3)
    """
    check_image(image)
    angle = check_number("angle", angle, -45, 45)
    if angle == 0:
        return image.copy()
    rows, cols = image.shape[:2]
    theta = math.radians(abs(angle))
    cos, sin = math.cos(theta), math.sin(theta)
    # The largest same-shape rectangle inside the turned photo, as a fraction of it.
    fit = min(cols / (cols * cos + rows * sin), rows / (cols * sin + rows * cos))
    centre = ((cols - 1) / 2, (rows - 1) / 2)
    # OpenCV turns anticlockwise for positive angles (image rows grow downwards).
    matrix = cv2.getRotationMatrix2D(centre, -angle, 1 / fit)
    return cv2.warpAffine(
        image,
        matrix,
        (cols, rows),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )


def mirror(image: RGBImage) -> RGBImage:
    """Swap left and right, like a mirror.

    Examples
    --------
    >>> import numpy as np
    >>> row = np.array([[[1, 1, 1], [2, 2, 2]]], dtype=np.uint8)
    >>> mirror(row)[0, :, 0].tolist()
    [2, 1]
    """
    check_image(image)
    return cv2.flip(image, 1)


def flip(image: RGBImage) -> RGBImage:
    """Turn the photo upside down by swapping top and bottom.

    Examples
    --------
    >>> import numpy as np
    >>> column = np.array([[[1, 1, 1]], [[2, 2, 2]]], dtype=np.uint8)
    >>> flip(column)[:, 0, 0].tolist()
    [2, 1]
    """
    check_image(image)
    return cv2.flip(image, 0)


# helpers


def fit_within(image: RGBImage, *, max_side: int | None = None) -> RGBImage:
    """Shrink ``image`` so that its longer side is at most ``max_side`` pixels.

    Uses area averaging (sharp, no moire). Never enlarges; ``None`` keeps the size.

    Examples
    --------
    >>> import numpy as np
    >>> fit_within(np.zeros((300, 400, 3), np.uint8), max_side=100).shape
    (75, 100, 3)
    >>> fit_within(np.zeros((30, 40, 3), np.uint8), max_side=100).shape
    (30, 40, 3)
    """
    check_image(image)
    if max_side is not None and (
        isinstance(max_side, bool) or not isinstance(max_side, int) or max_side < 1
    ):
        msg = f"max_side must be a whole number of pixels, 1 or more, got {max_side!r}"
        raise ImageError(msg, cause="edit-failed")
    rows, cols = image.shape[:2]
    if max_side is None or max(rows, cols) <= max_side:
        return image.copy()
    scale = max_side / max(rows, cols)
    size = (max(1, round(cols * scale)), max(1, round(rows * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _aspect_ratio(aspect: float | str | None) -> float | None:
    if aspect is None or isinstance(aspect, str):
        if aspect is None or aspect in ASPECT_PRESETS:
            return ASPECT_PRESETS[aspect or "original"]
        msg = f"unknown crop shape {aspect!r}; use one of {', '.join(ASPECT_PRESETS)}"
        raise ImageError(msg, cause="edit-failed")
    return check_number("aspect", aspect, 0.05, 20)

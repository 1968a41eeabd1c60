"""Layers: a background cut to fit, stickers and frames drawn over a picture.

A *layer* is an RGBA ``uint8`` array ``(rows, cols, 4)`` with straight (not
premultiplied) alpha, as a PNG file stores it: 255 is solid, 0 is see-through.

- :func:`cover` scales a background (keeping its shape) and crops it to fill a frame.
- :func:`resize_layer` sizes a sticker or frame; a frame keeps its corners round and
  its border as thick on every side (nine-slice scaling), whatever the picture's shape.
- :func:`overlay` draws a layer over an RGB picture at a position.

Every function takes the image first, keyword-only options whose defaults change
nothing, never modifies its input and returns a new array. Work is ``uint8`` OpenCV
arithmetic (a 12-megapixel picture with a frame takes a few tens of milliseconds).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError
from workshop_app.imaging.images import RGBImage, check_image, check_number

__all__ = ["RGBALayer", "cover", "overlay", "resize_layer"]

RGBALayer = NDArray[np.uint8]
"""A sticker or frame: ``uint8``, shape ``(rows, cols, 4)``, straight alpha."""


# helpers


def _check_layer(layer: object) -> RGBALayer:
    if not isinstance(layer, np.ndarray) or layer.dtype != np.uint8 or layer.ndim != 3:
        msg = (
            f"expected an RGBA uint8 layer (rows, cols, 4), got {getattr(layer, 'shape', layer)!r}"
        )
        raise ImageError(msg, cause="edit-failed")
    if layer.shape[2] != 4 or layer.shape[0] == 0 or layer.shape[1] == 0:
        msg = f"expected an RGBA uint8 layer (rows, cols, 4), got shape {layer.shape}"
        raise ImageError(msg, cause="edit-failed")
    return layer


def _check_size(size: object) -> tuple[int, int]:
    if (
        not isinstance(size, tuple | list)
        or len(size) != 2
        or not all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in size)
        or min(size) < 1
    ):
        msg = f"size must be (rows, cols), two whole numbers of pixels, 1 or more, got {size!r}"
        raise ImageError(msg, cause="edit-failed")
    return int(size[0]), int(size[1])


_TILE = 256
"""Layers are blended in tiles of this many pixels a side; see-through tiles are skipped
(a frame over a big photo touches only the tiles along its border)."""


def _tiles(alpha: NDArray[np.uint8]) -> Iterator[tuple[slice, slice, bool]]:
    """The tiles of ``alpha`` with something in them: (rows, cols, whether all solid)."""
    alpha = np.ascontiguousarray(alpha)
    rows, cols = alpha.shape
    # Pad to whole tiles with copies of the edge (which changes no tile's lowest or
    # highest value), then take each tile's range in two reshaped reductions.
    padded = cv2.copyMakeBorder(alpha, 0, -rows % _TILE, 0, -cols % _TILE, cv2.BORDER_REPLICATE)
    down, across = padded.shape[0] // _TILE, padded.shape[1] // _TILE
    bands = padded.reshape(down, _TILE, -1)
    highest = bands.max(axis=1).reshape(down, across, _TILE).max(axis=2)
    lowest = bands.min(axis=1).reshape(down, across, _TILE).min(axis=2)
    for i, j in zip(*np.nonzero(highest), strict=True):
        top, left = int(i) * _TILE, int(j) * _TILE
        yield slice(top, top + _TILE), slice(left, left + _TILE), bool(lowest[i, j] == 255)


def _premultiply(layer: RGBALayer) -> RGBALayer:
    """Colour times alpha, so that resizing does not bleed see-through colours into edges."""
    return _by_alpha(layer, lambda rgb, a3: cv2.multiply(rgb, a3, scale=1 / 255))


def _unpremultiply(layer: RGBALayer) -> RGBALayer:
    # cv2.divide gives 0 where alpha is 0, and saturates rounding overshoots at 255.
    return _by_alpha(layer, lambda rgb, a3: cv2.divide(rgb, a3, scale=255))


def _by_alpha(layer: RGBALayer, change) -> RGBALayer:
    """``layer`` with ``change(colour, alpha)`` applied on the tiles that are partly
    see-through; solid tiles are copied, fully see-through ones left at zero."""
    out = np.zeros(layer.shape, np.uint8)  # calloc: untouched see-through tiles cost nothing
    out[..., 3] = layer[..., 3]
    for rows, cols, solid in _tiles(layer[..., 3]):
        rgb = layer[rows, cols, :3]
        if solid:
            out[rows, cols, :3] = rgb
        else:
            a = layer[rows, cols, 3]
            out[rows, cols, :3] = change(np.ascontiguousarray(rgb), cv2.merge([a, a, a]))
    return out


def _resize(pixels: NDArray[np.uint8], rows: int, cols: int) -> NDArray[np.uint8]:
    if pixels.shape[:2] == (rows, cols):
        return pixels
    shrinking = rows * cols < pixels.shape[0] * pixels.shape[1]
    interp = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(pixels, (cols, rows), interpolation=interp)


def _nine_slice(premult: RGBALayer, rows: int, cols: int, border: int) -> RGBALayer:
    """Corners scaled evenly, edges stretched along their length only, middle stretched."""
    l_rows, l_cols = premult.shape[:2]
    zoom = min(rows, cols) / min(l_rows, l_cols)
    edge = max(1, min(round(border * zoom), rows // 2, cols // 2))
    src_r = (0, border, l_rows - border, l_rows)
    src_c = (0, border, l_cols - border, l_cols)
    dst_r = (0, edge, rows - edge, rows)
    dst_c = (0, edge, cols - edge, cols)
    out = np.zeros((rows, cols, 4), np.uint8)
    for i in range(3):
        for j in range(3):
            height, width = dst_r[i + 1] - dst_r[i], dst_c[j + 1] - dst_c[j]
            if height <= 0 or width <= 0:
                continue
            piece = premult[src_r[i] : src_r[i + 1], src_c[j] : src_c[j + 1]]
            out[dst_r[i] : dst_r[i + 1], dst_c[j] : dst_c[j + 1]] = _resize(piece, height, width)
    return out


# actions


def cover(image: RGBImage, *, size: tuple[int, int] | None = None) -> RGBImage:
    """Scale ``image`` (keeping its shape) and crop its middle to exactly ``size``.

    The way a background fills a picture: never stretched, never with bars.

    Parameters
    ----------
    image
        RGB ``uint8``, shape ``(rows, cols, 3)``; never modified.
    size
        ``(rows, cols)`` of the result; ``None`` keeps the image as it is.

    Returns
    -------
    numpy.ndarray
        RGB ``uint8`` of shape ``(*size, 3)``.

    Examples
    --------
    >>> import numpy as np
    >>> wide = np.zeros((100, 400, 3), np.uint8)
    >>> cover(wide, size=(50, 50)).shape
    (50, 50, 3)
    >>> cover(wide).shape
    (100, 400, 3)
    """
    check_image(image)
    if size is None:
        return image.copy()
    rows, cols = _check_size(size)
    i_rows, i_cols = image.shape[:2]
    zoom = max(rows / i_rows, cols / i_cols)
    scaled_cols = max(cols, math.ceil(i_cols * zoom - 1e-9))
    scaled_rows = max(rows, math.ceil(i_rows * zoom - 1e-9))
    scaled = _resize(image, scaled_rows, scaled_cols)
    top, left = (scaled_rows - rows) // 2, (scaled_cols - cols) // 2
    return np.ascontiguousarray(scaled[top : top + rows, left : left + cols])


def resize_layer(
    layer: RGBALayer, *, size: tuple[int, int] | None = None, border: int = 0
) -> RGBALayer:
    """Resize a sticker or frame layer to ``size``.

    Parameters
    ----------
    layer
        RGBA ``uint8``, shape ``(rows, cols, 4)``, straight alpha; never modified.
    size
        ``(rows, cols)`` of the result; ``None`` keeps the layer's size.
    border
        For frames: the width, in the layer's pixels, of the outer band holding the
        frame's corners and edges. That band is scaled evenly in both directions
        (corners stay round, every side keeps the same thickness) and only the middle
        is stretched to the new shape ("nine-slice" scaling). ``0`` stretches the
        whole layer, which suits stickers resized without changing their shape.

    Returns
    -------
    numpy.ndarray
        RGBA ``uint8`` of shape ``(*size, 4)``.

    Examples
    --------
    >>> import numpy as np
    >>> frame = np.zeros((90, 160, 4), np.uint8)
    >>> frame[:10], frame[-10:], frame[:, :10], frame[:, -10:] = 255, 255, 255, 255
    >>> tall = resize_layer(frame, size=(180, 90), border=10)
    >>> tall.shape
    (180, 90, 4)
    >>> int(tall[0, 45, 3]), int(tall[90, 5, 3]), int(tall[90, 45, 3])  # edge, side, middle
    (255, 255, 0)
    """
    _check_layer(layer)
    if size is None:
        return layer.copy()
    rows, cols = _check_size(size)
    if isinstance(border, bool) or not isinstance(border, int | np.integer):
        msg = f"border must be a whole number of pixels, got {border!r}"
        raise ImageError(msg, cause="edit-failed")
    if not 0 <= border <= min(layer.shape[:2]) // 2:
        msg = f"border must be from 0 to half the layer's shorter side, got {border}"
        raise ImageError(msg, cause="edit-failed")
    if layer.shape[:2] == (rows, cols):
        return layer.copy()
    premult = _premultiply(layer)
    if border:
        resized = _nine_slice(premult, rows, cols, int(border))
    else:
        resized = _resize(premult, rows, cols)
    return _unpremultiply(resized)


def overlay(
    image: RGBImage,
    layer: RGBALayer,
    *,
    position: tuple[int, int] = (0, 0),
    opacity: float = 1.0,
) -> RGBImage:
    """Draw an RGBA layer (a sticker, a frame) over an RGB picture.

    Parameters
    ----------
    image
        RGB ``uint8``, shape ``(rows, cols, 3)``; never modified.
    layer
        RGBA ``uint8``, shape ``(rows, cols, 4)``, straight alpha, drawn at its own size
        (size it first with :func:`resize_layer`).
    position
        ``(row, col)`` of the layer's top-left corner in the picture, in pixels. It may
        be negative or past the edge: the part outside the picture is left out.
    opacity
        0 to 1: how solid the whole layer is (1 as drawn, 0 invisible).

    Returns
    -------
    numpy.ndarray
        RGB ``uint8``, the shape of ``image``.

    Examples
    --------
    >>> import numpy as np
    >>> sky = np.full((4, 4, 3), 200, np.uint8)
    >>> star = np.zeros((2, 2, 4), np.uint8)
    >>> star[0, 0] = (255, 220, 0, 255)          # one solid yellow pixel
    >>> out = overlay(sky, star, position=(1, 1))
    >>> tuple(int(v) for v in out[1, 1]), tuple(int(v) for v in out[2, 2])
    ((255, 220, 0), (200, 200, 200))
    >>> out = overlay(sky, star, position=(-1, -1))  # the yellow pixel is off the edge
    >>> bool((out == sky).all())
    True
    """
    check_image(image)
    _check_layer(layer)
    opacity = check_number("opacity", opacity, 0, 1)
    try:
        top, left = (int(round(float(v))) for v in position)
    except (TypeError, ValueError):
        msg = f"position must be (row, col) in pixels, got {position!r}"
        raise ImageError(msg, cause="edit-failed") from None
    rows, cols = image.shape[:2]
    l_rows, l_cols = layer.shape[:2]
    r0, c0 = max(0, top), max(0, left)
    r1, c1 = min(rows, top + l_rows), min(cols, left + l_cols)
    out = image.copy()
    if r0 >= r1 or c0 >= c1 or opacity == 0:
        return out
    piece = layer[r0 - top : r1 - top, c0 - left : c1 - left]
    alpha = np.ascontiguousarray(piece[..., 3])
    if opacity < 1:
        alpha = cv2.convertScaleAbs(alpha, alpha=opacity)
    region = out[r0:r1, c0:c1]  # a view: tiles are written straight into the result
    for rows, cols, solid in _tiles(alpha):
        front = np.ascontiguousarray(piece[rows, cols, :3])
        if solid:
            region[rows, cols] = front
            continue
        a = alpha[rows, cols]
        a3 = cv2.merge([a, a, a])
        back = region[rows, cols]
        region[rows, cols] = cv2.add(
            cv2.multiply(front, a3, scale=1 / 255),
            cv2.multiply(np.ascontiguousarray(back), cv2.bitwise_not(a3), scale=1 / 255),
        )
    return out

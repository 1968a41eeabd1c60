"""The green-screen keyer's result, :class:`Keyed`, and :func:`composite`, which puts
it over a new background.

Import both from :mod:`workshop_app.imaging.greenscreen`, their public home, where
:func:`~workshop_app.imaging.greenscreen.chroma_key` makes a :class:`Keyed`. A keyed
photo holds the pass over its full-size pixels
(:class:`~workshop_app.imaging.keying_maps.FullSizePass`) until its alpha or foreground
is needed: :func:`composite` of a photo not yet keyed at full size runs that pass and
the blend in one go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError
from workshop_app.imaging import _keying
from workshop_app.imaging.images import RGBImage, check_image, check_number
from workshop_app.imaging.layers import cover

if TYPE_CHECKING:
    from workshop_app.imaging.keying_maps import FullSizePass

__all__ = ["Keyed", "composite"]


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

    :func:`~workshop_app.imaging.greenscreen.chroma_key` makes the small maps at once
    and leaves the pass over the full-size pixels until ``alpha``, ``alpha8`` or
    ``foreground`` is first read, or :func:`composite` needs it: a frame of a film that
    is only composited is then keyed and composited in one pass, without its alpha and
    foreground ever being written out whole. (The keyed photo is kept by reference until
    then; the kit never changes a photo in place.) The keyer works in 8-bit alpha; the
    ``float32`` copy is made the first time ``alpha`` is read.
    """

    __slots__ = ("_alpha", "_alpha8", "_foreground", "_pending", "key")

    def __init__(
        self,
        alpha: NDArray[np.float32] | None,
        foreground: RGBImage | None,
        key: tuple[int, int, int],
        alpha8: NDArray[np.uint8] | None = None,
        *,
        pending: FullSizePass | None = None,
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
        The result of :func:`~workshop_app.imaging.greenscreen.chroma_key`.
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
    >>> from workshop_app.imaging.greenscreen import chroma_key
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

"""Finding faces, and blurring them so nobody can be recognised.

Faces are found with the Haar cascades that ship inside opencv-python-headless 4.x
(``cv2.data.haarcascades``): no model files of our own and no internet. Two frontal
cascades (``default`` and ``alt2``) and the profile cascade, both ways round, are run
on a small grey copy of the photo and their boxes merged, so that faces seen from the
front or the side are found (for blurring, missing a face is worse than blurring a
patch of wallpaper). An eye cascade then places the eyes' line in each face.

Each cascade file is read once per process. OpenCV does not promise that a
``CascadeClassifier`` may be used by two threads at once (Streamlit runs each
browser session in its own thread), so detection holds a lock; it takes tens of
milliseconds.

Boxes are in ``(row, col)`` terms, in the pixels of the photo passed in.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError
from workshop_app.imaging.images import RGBImage, check_image, check_number

__all__ = ["Face", "blur_faces", "find_faces"]

_CASCADES = {
    "front": "haarcascade_frontalface_default.xml",
    "front2": "haarcascade_frontalface_alt2.xml",
    "side": "haarcascade_profileface.xml",
    "eyes": "haarcascade_eye.xml",
}
_EYES_AT = 0.4
"""Where the eyes sit in a Haar face box, as a fraction of its height from the top."""

_SMALLEST = 24
"""Pixels across the smallest face looked for, in the grey copy the cascades search."""

_PAD = 0.3
"""Blurred area around each face box, as a fraction of the box (hair, ears, chin)."""

_BLOCKS_ACROSS = 8
"""Pixel blocks across a face at full strength: too few to recognise anyone."""

_BLUR_BLOCKS = 2.0
"""The blocks are then blurred by this many blocks (Gaussian sigma): a soft blob with
no block edges. The cascades rarely find the face again, though a blob framed by
hair can pass for a bigger face (``photolab.street`` looks again and re-blurs)."""

_lock = threading.Lock()
_loaded: dict[str, cv2.CascadeClassifier] = {}


@dataclass(frozen=True)
class Face:
    """A face found in a photo: its box and the row its eyes are on, in pixels.

    Examples
    --------
    >>> face = Face(top=10, left=20, height=40, width=30, eyes_row=26.0)
    >>> face.bottom, face.right, face.centre
    (50, 50, (30.0, 35.0))
    """

    top: int
    left: int
    height: int
    width: int
    eyes_row: float

    @property
    def bottom(self) -> int:
        """The first row below the box."""
        return self.top + self.height

    @property
    def right(self) -> int:
        """The first column right of the box."""
        return self.left + self.width

    @property
    def centre(self) -> tuple[float, float]:
        """The box's centre, ``(row, col)``."""
        return (self.top + self.height / 2, self.left + self.width / 2)


# helpers


def _cascade(name: str) -> cv2.CascadeClassifier:
    """The named cascade, read from OpenCV's data folder once (call with the lock held)."""
    cascade = _loaded.get(name)
    if cascade is None:
        path = Path(cv2.data.haarcascades) / _CASCADES[name]
        cascade = cv2.CascadeClassifier(str(path))
        if cascade.empty():
            msg = (
                f"the face cascade {path} is missing or broken; reinstall opencv-python-headless<5"
            )
            raise ImageError(msg, cause="faces-not-checked")
        _loaded[name] = cascade
    return cascade


def _detect(
    cascade: cv2.CascadeClassifier,
    grey: NDArray[np.uint8],
    smallest: int,
    neighbours: int,
    step: float,
) -> NDArray[np.int32]:
    found = cascade.detectMultiScale(
        grey, scaleFactor=step, minNeighbors=neighbours, minSize=(smallest, smallest)
    )
    return np.asarray(found, dtype=np.int32).reshape(-1, 4)  # x, y, w, h


def _merge(boxes: NDArray[np.int32]) -> list[NDArray[np.int32]]:
    """Boxes of one face (overlapping, or one's centre inside another) become one.

    Earlier boxes win: they come from the more precise cascades.
    """
    kept: list[NDArray[np.int32]] = []
    for box in boxes:
        x, y, w, h = box
        cx, cy = x + w / 2, y + h / 2
        duplicate = False
        for other in kept:
            ox, oy, ow, oh = other
            inside = ox <= cx <= ox + ow and oy <= cy <= oy + oh
            other_inside = x <= ox + ow / 2 <= x + w and y <= oy + oh / 2 <= y + h
            if inside or other_inside:
                duplicate = True
                break
        if not duplicate:
            kept.append(box)
    return kept


def _eyes_row(
    grey: NDArray[np.uint8], box: NDArray[np.int32], eyes: cv2.CascadeClassifier
) -> float:
    """Row of the eyes inside ``box`` (of ``grey``), or the usual place if none are found."""
    x, y, w, h = (int(v) for v in box)
    top, bottom = y + h // 6, y + (3 * h) // 5  # eyes are in this band of a face box
    band = grey[top:bottom, x : x + w]
    smallest = max(6, w // 8)
    found = eyes.detectMultiScale(
        band,
        scaleFactor=1.1,
        minNeighbors=4,
        minSize=(smallest, smallest),
        maxSize=(w // 2, w // 2),
    )
    found = np.asarray(found, dtype=np.float64).reshape(-1, 4)
    if len(found) == 0:
        return y + _EYES_AT * h
    biggest = found[np.argsort(-found[:, 2])[:2]]
    return top + float(np.mean(biggest[:, 1] + biggest[:, 3] / 2))


def _oval(height: int, width: int) -> NDArray[np.float32]:
    """A float32 mask: 1 in an oval filling the box, falling softly to 0 at its edges."""
    scale = min(1.0, 128 / max(height, width))  # drawn small, enlarged smoothly
    rows, cols = max(2, round(height * scale)), max(2, round(width * scale))
    feather = max(0.5, min(rows, cols) / 40)
    axes = (max(1, round(cols / 2 - 2 * feather)), max(1, round(rows / 2 - 2 * feather)))
    mask = np.zeros((rows, cols), dtype=np.float32)
    cv2.ellipse(mask, (cols // 2, rows // 2), axes, 0, 0, 360, 1.0, thickness=-1)
    mask = cv2.GaussianBlur(mask, (0, 0), feather)
    return cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR)


# actions


def find_faces(rgb: RGBImage, *, min_size: float = 0.08, thorough: bool = True) -> list[Face]:
    """Find the faces in a photo, seen from the front or from the side.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    min_size
        Smallest face looked for, as a fraction (0.02 to 1) of the photo's shorter
        side. Smaller values find faces further away but take longer.
    thorough
        True (the default, for hiding faces): both frontal cascades and the profile
        cascade both ways round; missing a face is worse than blurring a patch of
        wall. False (for portrait feedback): the default frontal cascade alone,
        about four times faster.

    Returns
    -------
    list of Face
        Biggest face first; empty if there are none.

    Examples
    --------
    >>> import numpy as np
    >>> find_faces(np.full((120, 160, 3), 128, dtype=np.uint8))
    []
    """
    check_image(rgb)
    min_size = check_number("min_size", min_size, 0.02, 1)
    rows, cols = rgb.shape[:2]
    # A grey copy just big enough for the smallest face to be _SMALLEST pixels, never
    # bigger than the photo: the cascades' time grows with the copy's area.
    scale = min(1.0, _SMALLEST / min_size / min(rows, cols))
    size = (max(1, round(cols * scale)), max(1, round(rows * scale)))
    grey = cv2.cvtColor(
        cv2.resize(rgb, size, interpolation=cv2.INTER_AREA) if scale < 1 else rgb,
        cv2.COLOR_RGB2GRAY,
    )
    grey = cv2.equalizeHist(grey)
    smallest = max(20, round(min_size * min(grey.shape)))
    if smallest > min(grey.shape):
        return []
    width = grey.shape[1]
    with _lock:
        step = 1.15  # size step between searches (1.2 misses faces)
        found = [_detect(_cascade("front"), grey, smallest, 5, step)]
        if thorough:
            found.append(_detect(_cascade("front2"), grey, smallest, 4, step))
            found.append(_detect(_cascade("side"), grey, smallest, 5, step))
            flipped = np.ascontiguousarray(grey[:, ::-1])
            right = _detect(_cascade("side"), flipped, smallest, 5, step)
            right[:, 0] = width - right[:, 0] - right[:, 2]  # back to the unflipped photo
            found.append(right)
        boxes = _merge(np.concatenate(found))
        eyes = _cascade("eyes")
        eye_rows = [_eyes_row(grey, box, eyes) for box in boxes]
    faces = [
        Face(
            top=int(round(y / scale)),
            left=int(round(x / scale)),
            height=int(round(h / scale)),
            width=int(round(w / scale)),
            eyes_row=round(eye_row / scale, 1),
        )
        for (x, y, w, h), eye_row in zip(boxes, eye_rows, strict=True)
    ]
    return sorted(faces, key=lambda face: face.height * face.width, reverse=True)


def blur_faces(rgb: RGBImage, faces: list[Face], *, strength: float = 1.0) -> RGBImage:
    """Hide faces: pixelate and blur an oval over each one, a little bigger than the face.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    faces
        The faces to hide, e.g. from :func:`find_faces`; an empty list changes nothing.
    strength
        0 to 1. At 1 (the default) each face becomes about 8 blurred blocks across,
        too few to recognise anyone; 0 changes nothing (for the trainer's "unblur").

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape; outside the padded face boxes
        every pixel is unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((100, 100, 3), dtype=np.uint8)
    >>> photo[::2] = 255  # fine stripes
    >>> hidden = blur_faces(photo, [Face(30, 30, 40, 40, 46.0)])
    >>> int(hidden[50, 50].std()) == 0 and 100 < int(hidden[50, 50, 0]) < 160
    True
    >>> bool((hidden[:15] == photo[:15]).all())
    True
    """
    check_image(rgb)
    strength = check_number("strength", strength, 0, 1)
    out = rgb.copy()
    if strength == 0:
        return out
    rows, cols = rgb.shape[:2]
    for face in faces:
        pad_rows, pad_cols = round(face.height * _PAD), round(face.width * _PAD)
        top, left = max(0, face.top - pad_rows), max(0, face.left - pad_cols)
        bottom, right = min(rows, face.bottom + pad_rows), min(cols, face.right + pad_cols)
        if bottom - top < 2 or right - left < 2:
            continue
        patch = out[top:bottom, left:right]
        height, width = patch.shape[:2]
        # Pixelate (~8 blocks across the face at full strength, more as strength falls),
        # blur the blocks into each other, and enlarge smoothly: all at the blocks' size.
        block = max(2.0, face.width * strength / _BLOCKS_ACROSS)
        small = cv2.resize(
            patch,
            (max(1, round(width / block)), max(1, round(height / block))),
            interpolation=cv2.INTER_AREA,
        )
        small = cv2.GaussianBlur(small, (0, 0), _BLUR_BLOCKS, borderType=cv2.BORDER_REPLICATE)
        hidden = cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)
        mask = _oval(height, width)
        out[top:bottom, left:right] = cv2.blendLinear(hidden, patch, mask, 1.0 - mask)
    return out

"""Measurements of a photo: exposure, sharpness, motion blur, horizon tilt, long lines.

Every function takes an RGB ``uint8`` image ``(rows, cols, 3)`` first, never modifies
it and returns plain numbers or small frozen dataclasses. The work is done on a grey
copy shrunk to about 512 pixels on its long side, so measuring a screen-sized preview
takes a few milliseconds and photos of different sizes give comparable figures.

Angles are in degrees as seen on the screen: 0 is left-right, 90 is up-down, and
positive angles turn anticlockwise. Positions are ``(row, col)`` in the pixels of the
image passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError
from workshop_app.imaging.images import RGBImage, check_image

__all__ = [
    "ANALYSIS_SIDE",
    "Exposure",
    "MotionBlur",
    "Segment",
    "exposure",
    "grey_copy",
    "horizon_tilt",
    "line_segments",
    "motion_blur",
    "sharpness",
]

ANALYSIS_SIDE = 512
"""Long side, in pixels, of the grey copy every measurement is made on."""

ExposureVerdict = Literal["too dark", "too bright", "clipped highlights", "good"]

# Exposure thresholds, in grey levels 0-255 and fractions of the photo.
_DARK_LEVEL, _BRIGHT_LEVEL = 50, 205
_SHADOW_CLIP, _HIGHLIGHT_CLIP = 5, 250
_TOO_DARK_MEAN, _TOO_BRIGHT_MEAN = 70.0, 185.0
_TOO_DARK_SHARE, _TOO_BRIGHT_SHARE = 0.6, 0.6
_CLIPPED_SHARE = 0.05

_SHARPNESS_SIGMA = 0.7

# Motion blur: the coherence of the fine detail's structure tensor is usually under
# 0.35 in a sharp photo; a streak of 1-3 % of the photo's width pushes it over 0.6.
_COHERENCE_SHARP, _COHERENCE_BLURRED = 0.35, 0.8
_BLUR_REPORTED = 0.2


# results


@dataclass(frozen=True)
class Exposure:
    """How light the photo is, from the histogram of its grey copy.

    Attributes
    ----------
    mean
        Average brightness, 0 (black) to 255 (white).
    dark_fraction, bright_fraction
        Share of the photo darker than 50 or lighter than 205.
    clipped_shadows, clipped_highlights
        Share of the photo that is pure black (<= 5) or pure white (>= 250): detail
        there is lost.
    verdict
        ``"too dark"``, ``"too bright"``, ``"clipped highlights"`` or ``"good"``.
    """

    mean: float
    dark_fraction: float
    bright_fraction: float
    clipped_highlights: float
    clipped_shadows: float
    verdict: ExposureVerdict


@dataclass(frozen=True)
class MotionBlur:
    """Blur that streaks the photo one way (the camera or the subject moved).

    Attributes
    ----------
    strength
        0 (no streaks) to 1 (strongly streaked).
    direction
        Direction of the streaks in degrees, 0 to 180 (0 left-right, 90 up-down,
        45 from bottom-left to top-right); None when ``strength`` is under 0.2.
    """

    strength: float
    direction: float | None

    @property
    def words(self) -> str | None:
        """The direction in a child's words ("left to right" ...), or None."""
        if self.direction is None:
            return None
        angle = self.direction % 180
        if angle < 22.5 or angle >= 157.5:
            return "left to right"
        if 67.5 <= angle < 112.5:
            return "up and down"
        return "from corner to corner"


@dataclass(frozen=True)
class Segment:
    """A straight line in the photo, from ``start`` to ``end``, as ``(row, col)``."""

    start: tuple[float, float]
    end: tuple[float, float]

    @property
    def length(self) -> float:
        """Length in pixels."""
        return math.hypot(self.end[0] - self.start[0], self.end[1] - self.start[1])

    @property
    def angle(self) -> float:
        """Direction on the screen in degrees, -90 (exclusive) to 90; 0 is level."""
        rise = self.start[0] - self.end[0]  # rows grow downwards
        run = self.end[1] - self.start[1]
        angle = math.degrees(math.atan2(rise, run))
        if angle <= -90:
            angle += 180
        elif angle > 90:
            angle -= 180
        return angle


# helpers


def grey_copy(
    rgb: RGBImage, *, side: int = ANALYSIS_SIDE, exact: bool = False
) -> NDArray[np.uint8]:
    """A grey ``uint8`` copy of the photo, shrunk so its long side is at most ``side``.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    side
        Largest long side of the copy, in pixels.
    exact
        If True, small photos are enlarged too, so the long side is exactly ``side``
        (used where figures must not depend on the photo's size).

    Returns
    -------
    numpy.ndarray
        ``uint8``, shape ``(rows', cols')``; a new array.

    Examples
    --------
    >>> import numpy as np
    >>> grey_copy(np.zeros((1000, 2000, 3), dtype=np.uint8)).shape
    (256, 512)
    """
    check_image(rgb)
    rows, cols = rgb.shape[:2]
    scale = side / max(rows, cols)
    if scale >= 1 and not exact:
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    size = (max(1, round(cols * scale)), max(1, round(rows * scale)))
    if scale < 0.5:  # shrink by a whole factor first: fast, and averages like INTER_AREA
        factor = int(1 / scale)
        rgb = cv2.resize(
            rgb, (max(1, cols // factor), max(1, rows // factor)), interpolation=cv2.INTER_AREA
        )
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if grey.shape[::-1] == size:
        return grey
    method = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(grey, size, interpolation=method)


def _fixed_grey(rgb: RGBImage) -> NDArray[np.uint8]:
    return grey_copy(rgb, side=ANALYSIS_SIDE, exact=True)


# measurements


def exposure(rgb: RGBImage) -> Exposure:
    """Measure how light the photo is and whether it is too dark or too bright.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.

    Returns
    -------
    Exposure
        The figures and a ``verdict``, checked in this order: ``"too dark"`` (average
        under 70 or 60 % of the photo dark), ``"too bright"`` (average over 185 or
        60 % bright), ``"clipped highlights"`` (5 % pure white), else ``"good"``.

    Examples
    --------
    >>> import numpy as np
    >>> exposure(np.full((40, 40, 3), 20, dtype=np.uint8)).verdict
    'too dark'
    >>> exposure(np.full((40, 40, 3), 128, dtype=np.uint8)).verdict
    'good'
    """
    return _exposure_of(grey_copy(rgb))


def _exposure_of(grey: NDArray[np.uint8]) -> Exposure:
    counts = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    share = counts / max(1.0, float(counts.sum()))
    cumulative = np.cumsum(share)
    mean = float(np.dot(share, np.arange(256)))
    dark = float(cumulative[_DARK_LEVEL - 1])
    bright = float(1.0 - cumulative[_BRIGHT_LEVEL])
    shadows = float(cumulative[_SHADOW_CLIP])
    highlights = float(1.0 - cumulative[_HIGHLIGHT_CLIP - 1])
    verdict: ExposureVerdict
    if mean < _TOO_DARK_MEAN or dark > _TOO_DARK_SHARE:
        verdict = "too dark"
    elif mean > _TOO_BRIGHT_MEAN or bright > _TOO_BRIGHT_SHARE:
        verdict = "too bright"
    elif highlights > _CLIPPED_SHARE:
        verdict = "clipped highlights"
    else:
        verdict = "good"
    return Exposure(mean, dark, bright, highlights, shadows, verdict)


def sharpness(rgb: RGBImage) -> float:
    """How crisp the photo's edges are: the variance of the Laplacian.

    The photo is first resized to 512 pixels on its long side (small photos are
    enlarged, and so score lower) and very lightly smoothed, so a preview and the
    full-size photo give about the same figure (within about 30 %). Higher is
    sharper; a well-focused photo usually scores over 40, a blurry one under 10
    (flat scenes such as a white wall score low even when sharp, so compare photos
    of the same scene).

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.

    Returns
    -------
    float
        0 for a flat photo, higher for crisper ones.

    Examples
    --------
    >>> import numpy as np
    >>> sharpness(np.full((30, 30, 3), 90, dtype=np.uint8))
    0.0
    >>> stripes = np.zeros((512, 512, 3), dtype=np.uint8)
    >>> stripes[:, ::4] = 255
    >>> sharpness(stripes) > 40
    True
    """
    return _sharpness_of(_fixed_grey(rgb))


def _sharpness_of(grey: NDArray[np.uint8]) -> float:
    # A touch of blur first: pixel-sized grain would otherwise count as detail, and
    # the grain left after resizing depends on the photo's size.
    smooth = cv2.GaussianBlur(grey, (0, 0), _SHARPNESS_SIGMA)
    laplacian = cv2.Laplacian(smooth, cv2.CV_32F, ksize=1)
    _, deviation = cv2.meanStdDev(laplacian)
    return float(deviation[0, 0] ** 2)


def motion_blur(rgb: RGBImage) -> MotionBlur:
    """Find blur that streaks the whole photo in one direction.

    Uses the photo's gradient structure tensor: in a sharp photo edges point every
    way; when the camera moves, the edges along the movement are smeared away and
    the remaining ones all point across it. (A photo made mostly of parallel lines,
    such as blinds, can look streaked too.)

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.

    Returns
    -------
    MotionBlur
        ``strength`` 0..1 and the streaks' ``direction`` in degrees (None if weak).

    Examples
    --------
    >>> import cv2, numpy as np
    >>> dots = np.random.default_rng(0).integers(0, 256, (200, 200, 3), dtype=np.uint8)
    >>> motion_blur(dots).direction is None
    True
    >>> streaked = cv2.blur(dots, (31, 1))  # moved left-right
    >>> blur = motion_blur(streaked)
    >>> blur.strength > 0.5, round(blur.direction) % 180
    (True, 0)
    """
    return _motion_blur_of(_fixed_grey(rgb))


def _motion_blur_of(grey: NDArray[np.uint8]) -> MotionBlur:
    # Fine detail only (the photo minus a blurred copy): big soft shapes would
    # otherwise decide, and motion blur shows first in the fine detail.
    detail = grey.astype(np.float32)
    detail -= cv2.GaussianBlur(detail, (0, 0), 3.0)
    gx = cv2.Sobel(detail, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(detail, cv2.CV_32F, 0, 1, ksize=3)
    jxx = float(cv2.sumElems(cv2.multiply(gx, gx))[0])
    jyy = float(cv2.sumElems(cv2.multiply(gy, gy))[0])
    jxy = float(cv2.sumElems(cv2.multiply(gx, gy))[0])
    total = jxx + jyy
    if total <= 1e-6:
        return MotionBlur(0.0, None)
    coherence = math.hypot(jxx - jyy, 2 * jxy) / total
    strength = (coherence - _COHERENCE_SHARP) / (_COHERENCE_BLURRED - _COHERENCE_SHARP)
    strength = float(min(1.0, max(0.0, strength)))
    if strength < _BLUR_REPORTED:
        return MotionBlur(strength, None)
    # The edges left point across the movement (image x right, y down).
    gradient = 0.5 * math.degrees(math.atan2(2 * jxy, jxx - jyy))
    # Streaks run at right angles to it; flip y so angles turn anticlockwise on screen.
    direction = (-(gradient + 90.0)) % 180.0
    return MotionBlur(strength, round(direction, 1) % 180.0)


def line_segments(rgb: RGBImage, *, min_length: float = 0.25, max_lines: int = 20) -> list[Segment]:
    """Find long straight lines (edges of roads, fences, walls, the horizon).

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    min_length
        Shortest line kept, as a fraction (0.05 to 1) of the photo's long side.
    max_lines
        At most this many lines are returned, longest first.

    Returns
    -------
    list of Segment
        Longest first, in the pixels of ``rgb``; empty if there are none.

    Examples
    --------
    >>> import cv2, numpy as np
    >>> photo = np.full((200, 300, 3), 40, dtype=np.uint8)
    >>> _ = cv2.line(photo, (0, 190), (299, 10), (255, 255, 255), 3)
    >>> lines = line_segments(photo)
    >>> len(lines) >= 1, round(lines[0].angle)
    (True, 31)
    """
    check_image(rgb)
    if not 0.05 <= min_length <= 1:
        msg = f"min_length must be from 0.05 to 1, got {min_length!r}"
        raise ImageError(msg, cause="photo-not-checked")
    grey = grey_copy(rgb)
    return _segments_of(grey, rgb.shape[0] / grey.shape[0], min_length, max_lines)


def _segments_of(
    grey: NDArray[np.uint8], scale: float, min_length: float, max_lines: int
) -> list[Segment]:
    side = max(grey.shape)
    smooth = cv2.GaussianBlur(grey, (5, 5), 0)
    edges = cv2.Canny(smooth, 50, 150)
    found = cv2.HoughLinesP(
        edges,
        rho=2,
        theta=np.pi / 360,
        threshold=max(20, round(side * min_length / 4)),
        minLineLength=max(10, round(side * min_length)),
        maxLineGap=max(3, round(side / 50)),
    )
    if found is None:
        return []
    ends = found.reshape(-1, 4).astype(np.float64) * scale  # x1, y1, x2, y2
    lengths = np.hypot(ends[:, 2] - ends[:, 0], ends[:, 3] - ends[:, 1])
    order = np.argsort(-lengths, kind="stable")[:max_lines]
    return [
        Segment((float(y1), float(x1)), (float(y2), float(x2))) for x1, y1, x2, y2 in ends[order]
    ]


def horizon_tilt(rgb: RGBImage, *, max_tilt: float = 20.0) -> float | None:
    """How far to turn the photo to level its main nearly-level line (the horizon).

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    max_tilt
        Lines leaning more than this many degrees are not horizons and are ignored.

    Returns
    -------
    float or None
        Degrees clockwise, ready for ``geometry.straighten(photo, angle=...)``:
        positive when the line rises to the right. None when there is no long,
        nearly-level line (at least 30 % of the photo's width).

    Examples
    --------
    >>> import cv2, numpy as np
    >>> photo = np.full((300, 400, 3), 200, dtype=np.uint8)
    >>> ground = np.array([[0, 180], [399, 145], [399, 299], [0, 299]])  # rises to the right
    >>> _ = cv2.fillPoly(photo, [ground], (40, 90, 40))
    >>> round(horizon_tilt(photo))
    5
    >>> horizon_tilt(np.full((300, 400, 3), 200, dtype=np.uint8)) is None
    True
    """
    check_image(rgb)
    grey = grey_copy(rgb)
    return _tilt_of(grey, max_tilt)


def _tilt_of(grey: NDArray[np.uint8], max_tilt: float) -> float | None:
    width = grey.shape[1]
    lines = _segments_of(grey, 1.0, 0.25, 50)
    level = [
        line
        for line in lines
        if abs(line.angle) <= max_tilt and abs(line.end[1] - line.start[1]) >= 0.3 * width
    ]
    if not level:
        return None
    # The longest line decides; others within 2 degrees of it strengthen the estimate.
    main = level[0]
    agreeing = [line for line in level if abs(line.angle - main.angle) <= 2.0]
    weights = np.array([line.length for line in agreeing])
    angles = np.array([line.angle for line in agreeing])
    return round(float(np.dot(weights, angles) / weights.sum()), 2)

"""The street exercise: faces hidden before anything is kept, and composition overlays.

:func:`prepare_street_photo` is the only way the street exercise keeps a photo: it
finds every face (front and side views, small faces too) and blurs it, so nothing
that shows who someone is gets saved or shared. Un-blurring is the trainer's
decision and is not offered here.

:func:`leading_lines` finds the strong straight lines that lead the eye, and
:func:`draw_overlay` / :func:`thirds_overlay` draw lines or the thirds grid over a
copy of the photo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from workshop_app.imaging import RGBImage
from workshop_app.imaging.analysis import Segment, line_segments
from workshop_app.imaging.faces import Face, blur_faces, find_faces
from workshop_app.imaging.images import check_image, long_side

__all__ = [
    "STREET_FACE_SIZE",
    "StreetPhoto",
    "draw_overlay",
    "leading_lines",
    "prepare_street_photo",
    "thirds_overlay",
]

STREET_FACE_SIZE = 0.04
"""Smallest face hidden, as a fraction of the photo's shorter side (people further
away than this cannot be recognised on a screen-sized photo anyway)."""

_PASSES = 3

_LINE_COLOUR = (255, 214, 0)  # a bright yellow, visible on most photos
_GRID_COLOUR = (255, 255, 255)
_SHADOW = (30, 30, 30)


@dataclass(frozen=True)
class StreetPhoto:
    """A street photo that is safe to keep.

    Attributes
    ----------
    image
        The photo with every face found blurred (a new array).
    faces_blurred
        How many faces (people) were blurred.
    boxes
        Every area blurred (for the trainer's view): the faces, and any face-like
        blob still found after blurring, which was blurred again.
    """

    image: RGBImage
    faces_blurred: int
    boxes: tuple[Face, ...]


def prepare_street_photo(rgb: RGBImage) -> StreetPhoto:
    """Blur every face in a street photo: the only way the exercise keeps a photo.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``; the preview or the full photo.

    Returns
    -------
    StreetPhoto
        A new image with the faces blurred, how many, and where.

    Examples
    --------
    >>> import numpy as np
    >>> wall = np.full((120, 160, 3), 140, dtype=np.uint8)
    >>> kept = prepare_street_photo(wall)
    >>> kept.faces_blurred, kept.image is wall
    (0, False)
    """
    check_image(rgb)
    image = rgb
    boxes: list[Face] = []
    people = 0
    # The blurred blob with the hair round it can still look like a (bigger) face to
    # the cascades, so look again and blur whatever is still found, a few times over.
    for _ in range(_PASSES):
        found = find_faces(image, min_size=STREET_FACE_SIZE, thorough=True)
        if not found:
            break
        people += sum(not any(_inside(face, box) for box in boxes) for face in found)
        boxes += found
        image = blur_faces(image, found)
    return StreetPhoto(image if image is not rgb else rgb.copy(), people, tuple(boxes))


def _inside(face: Face, box: Face) -> bool:
    """True when the centre of ``face`` lies in ``box`` (the same person)."""
    row, col = face.centre
    return box.top <= row <= box.bottom and box.left <= col <= box.right


def leading_lines(rgb: RGBImage, *, max_lines: int = 8) -> list[Segment]:
    """Find the strong, long straight lines that lead the eye through the photo.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    max_lines
        At most this many lines, longest first; lines that nearly repeat a longer
        one (same direction and place) are left out.

    Returns
    -------
    list of Segment
        In the pixels of ``rgb``; empty if there are none.

    Examples
    --------
    >>> import cv2, numpy as np
    >>> road = np.full((200, 300, 3), 90, dtype=np.uint8)
    >>> _ = cv2.line(road, (0, 199), (150, 60), (250, 250, 250), 4)
    >>> [round(line.angle) for line in leading_lines(road)][:1]
    [43]
    """
    check_image(rgb)
    kept: list[Segment] = []
    for line in line_segments(rgb, min_length=0.2, max_lines=40):
        if not any(_same_line(line, other, long_side(rgb)) for other in kept):
            kept.append(line)
        if len(kept) >= max_lines:
            break
    return kept


def _same_line(line: Segment, other: Segment, side: int) -> bool:
    """True when ``line`` is nearly on top of the longer ``other`` (an edge's two sides)."""
    turn = abs(line.angle - other.angle)
    if min(turn, 180 - turn) > 5:
        return False
    (r0, c0), (r1, c1) = other.start, other.end
    mid_row = (line.start[0] + line.end[0]) / 2
    mid_col = (line.start[1] + line.end[1]) / 2
    # Distance from the middle of ``line`` to the straight line through ``other``.
    distance = abs((c1 - c0) * (r0 - mid_row) - (c0 - mid_col) * (r1 - r0)) / max(
        1e-9, other.length
    )
    return distance < 0.03 * side


def draw_overlay(
    rgb: RGBImage, lines: Sequence[Segment], *, colour: tuple[int, int, int] = _LINE_COLOUR
) -> RGBImage:
    """Draw lines over a copy of the photo (thick, with a dark edge so they show).

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    lines
        Segments in the photo's pixels, e.g. from :func:`leading_lines`.
    colour
        RGB colour of the lines.

    Returns
    -------
    numpy.ndarray
        A new RGB ``uint8`` image of the same shape; with no lines, an unchanged copy.

    Examples
    --------
    >>> import numpy as np
    >>> photo = np.zeros((100, 100, 3), dtype=np.uint8)
    >>> drawn = draw_overlay(photo, [Segment((50.0, 0.0), (50.0, 99.0))])
    >>> drawn[50, 50].tolist(), photo[50, 50].tolist()
    ([255, 214, 0], [0, 0, 0])
    """
    check_image(rgb)
    out = rgb.copy()
    width = max(2, round(long_side(rgb) / 250))
    for line in lines:
        start = (round(line.start[1]), round(line.start[0]))  # OpenCV wants (x, y)
        end = (round(line.end[1]), round(line.end[0]))
        cv2.line(out, start, end, _SHADOW, width + 2, cv2.LINE_AA)
        cv2.line(out, start, end, colour, width, cv2.LINE_AA)
    return out


def thirds_overlay(rgb: RGBImage) -> RGBImage:
    """Draw the rule-of-thirds grid (two upright and two level lines) over a copy.

    Examples
    --------
    >>> import numpy as np
    >>> grid = thirds_overlay(np.zeros((90, 90, 3), dtype=np.uint8))
    >>> grid[30, 10].tolist(), grid[10, 60].tolist(), grid[10, 10].tolist()
    ([255, 255, 255], [255, 255, 255], [0, 0, 0])
    """
    check_image(rgb)
    rows, cols = rgb.shape[:2]
    lines = [Segment((rows * k / 3, 0.0), (rows * k / 3, cols - 1.0)) for k in (1, 2)]
    lines += [Segment((0.0, cols * k / 3), (rows - 1.0, cols * k / 3)) for k in (1, 2)]
    width = max(1, round(long_side(rgb) / 400))
    out = rgb.copy()
    for line in lines:
        start = (round(line.start[1]), round(line.start[0]))
        end = (round(line.end[1]), round(line.end[0]))
        cv2.line(out, start, end, _SHADOW, width + 2)
    for line in lines:
        start = (round(line.start[1]), round(line.start[0]))
        end = (round(line.end[1]), round(line.end[0]))
        cv2.line(out, start, end, _GRID_COLOUR, width)
    return np.ascontiguousarray(out)

"""The portrait exercise: check a portrait and say the one thing to try next.

:func:`review_portrait` finds the main face, measures where the eyes and face sit
against the thirds grid, the space above the head, how much of the frame the face
fills, and the photo's light, sharpness and tilt; it turns them into a score out of
100 and feedback cards in plain words, the first card being the one next step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from workshop_app.imaging import RGBImage
from workshop_app.imaging.analysis import Exposure, exposure, horizon_tilt, sharpness
from workshop_app.imaging.faces import Face, find_faces

__all__ = ["POINTS", "FeedbackCard", "PortraitReport", "review_portrait"]

POINTS = {
    "eyes": 25,
    "size": 15,
    "light": 15,
    "sharpness": 15,
    "headroom": 10,
    "side": 10,
    "level": 10,
}
"""Points each check can give; they add up to 100."""

_FRAMING = ("eyes", "size", "headroom", "side")

_FACE_MIN_SIZE = 0.1
"""Portrait faces are big: only faces at least this fraction of the short side count."""

# Sharpness (imaging.analysis.sharpness): no points at or under _BLURRY, all points
# from _SHARP, on a log scale in between.
_BLURRY, _SHARP = 5.0, 60.0
_TOO_BLURRY = 12.0
"""Under this, the photo gets a "blurry" card."""

_LIGHT_PARTS = {"good": 1.0, "clipped highlights": 0.5, "too dark": 0.0, "too bright": 0.0}

_HEAD_ABOVE_EYES = 0.75
"""The top of the head is about this many face-box heights above the eyes."""


@dataclass(frozen=True)
class FeedbackCard:
    """One piece of feedback for a child: what we saw and one thing to do next.

    Attributes
    ----------
    kind
        ``"good"`` (praise), ``"tip"`` (a way to make it better) or ``"problem"``
        (fix this first).
    title
        Two or three words, e.g. ``"Too dark"``.
    message
        One or two short sentences in plain words with one next step.

    Examples
    --------
    >>> FeedbackCard("tip", "Come closer", "Take a step closer.").kind
    'tip'
    """

    kind: Literal["good", "tip", "problem"]
    title: str
    message: str


@dataclass(frozen=True)
class PortraitReport:
    """What :func:`review_portrait` found.

    Attributes
    ----------
    score
        0 to 100; following the first card raises it. With no face only light,
        sharpness and level are counted (at most 40): the framing points are not
        given, as there is no framing to judge, and finding a face raises the score.
    cards
        Feedback, the one next step first, then the rest (problems, tips, praise).
    faces
        All faces found, biggest first; the first one is the one checked.
    exposure, sharpness, tilt
        The light, the sharpness figure and the horizon tilt (degrees clockwise to
        level it, or None), from :mod:`workshop_app.imaging.analysis`.
    eyes_row
        Eyes' height as a fraction of the photo's height from the top (the top
        thirds line is 1/3), or None with no face.
    face_column
        Face centre as a fraction of the width from the left (thirds at 1/3, 2/3).
    headroom
        Space above the head as a fraction of the height (negative: head cut off).
    face_size
        Face height as a fraction of the photo's height.
    points
        The points each check gave (keys of :data:`POINTS`).
    """

    score: int
    cards: tuple[FeedbackCard, ...]
    faces: tuple[Face, ...]
    exposure: Exposure
    sharpness: float
    tilt: float | None
    eyes_row: float | None = None
    face_column: float | None = None
    headroom: float | None = None
    face_size: float | None = None
    points: dict[str, float] = field(default_factory=dict)

    @property
    def next_step(self) -> FeedbackCard:
        """The one card to show first."""
        return self.cards[0]


# helpers


def _ramp(value: float, zero: float, full: float) -> float:
    """0 at ``zero``, 1 at ``full``, straight in between, clipped to 0..1."""
    if full == zero:
        return 1.0 if value >= full else 0.0
    return min(1.0, max(0.0, (value - zero) / (full - zero)))


def _sharpness_part(value: float) -> float:
    if value <= _BLURRY:
        return 0.0
    return _ramp(math.log(value), math.log(_BLURRY), math.log(_SHARP))


def _level_part(tilt: float | None) -> float:
    return 1.0 if tilt is None else _ramp(abs(tilt), 8.0, 2.0)


# Each card: (order, lost points) decides its place; the lowest order comes first.
_Ranked = tuple[int, float, FeedbackCard]


def _light_cards(light: Exposure, lost: float) -> list[_Ranked]:
    if light.verdict == "too dark":
        card = FeedbackCard(
            "problem",
            "Too dark",
            "Your photo is too dark. Move closer to a window or switch on a light, "
            "then take it again.",
        )
    elif light.verdict == "too bright":
        card = FeedbackCard(
            "problem",
            "Too bright",
            "Your photo is too bright. Move out of the strong sun and take it again.",
        )
    elif light.verdict == "clipped highlights":
        card = FeedbackCard(
            "tip",
            "White patches",
            "Some parts are pure white. Turn so the bright light is not behind your friend.",
        )
    else:
        return [(9, 0.0, FeedbackCard("good", "Good light", "The light is just right."))]
    return [(0, lost, card)]


def _sharpness_cards(value: float, lost: float) -> list[_Ranked]:
    if value < _TOO_BLURRY:
        card = FeedbackCard(
            "problem",
            "A bit blurry",
            "Your photo is blurry. Hold the camera very still with both hands and try again.",
        )
        return [(1, lost, card)]
    return [(9, 0.0, FeedbackCard("good", "Nice and sharp", "Your photo is nice and sharp."))]


def _level_cards(tilt: float | None, lost: float) -> list[_Ranked]:
    if tilt is not None and abs(tilt) > 2.0:
        card = FeedbackCard(
            "tip",
            "Leaning",
            "Your picture is leaning. Hold the camera straight, or use the Straighten slider.",
        )
        return [(3, lost, card)]
    return []


def _framing_cards(
    eyes: float, column: float, headroom: float, size: float, lost: dict[str, float]
) -> list[_Ranked]:
    cards: list[_Ranked] = []
    centred = abs(eyes - 0.5) < 0.08 and abs(column - 0.5) < 0.08
    if abs(eyes - 1 / 3) <= 0.05:
        cards.append(
            (9, 0.0, FeedbackCard("good", "Eyes on the line", "The eyes are on the top line."))
        )
    elif centred:
        cards.append(
            (
                2,
                lost["eyes"],
                FeedbackCard(
                    "tip",
                    "Face in the middle",
                    "Your face is right in the middle - try putting your eyes on the top line.",
                ),
            )
        )
    elif eyes > 1 / 3:
        cards.append(
            (
                2,
                lost["eyes"],
                FeedbackCard(
                    "tip",
                    "Eyes too low",
                    "The eyes are below the top line. Tilt the camera down a little "
                    "so the eyes move up to the line.",
                ),
            )
        )
    else:
        cards.append(
            (
                2,
                lost["eyes"],
                FeedbackCard(
                    "tip",
                    "Eyes too high",
                    "The eyes are above the top line. Tilt the camera up a little "
                    "so the eyes move down to the line.",
                ),
            )
        )
    if size < 0.15:
        cards.append(
            (
                2,
                lost["size"],
                FeedbackCard(
                    "tip",
                    "Come closer",
                    "The face is small. Take a step closer so it fills more of the picture.",
                ),
            )
        )
    elif size > 0.55:
        cards.append(
            (
                2,
                lost["size"],
                FeedbackCard(
                    "tip",
                    "Step back",
                    "The face is very close. Take a small step back so we see the shoulders.",
                ),
            )
        )
    else:
        cards.append((9, 0.0, FeedbackCard("good", "Good size", "The face fills the frame well.")))
    if headroom < 0:
        cards.append(
            (
                2,
                lost["headroom"],
                FeedbackCard(
                    "tip",
                    "Head cut off",
                    "The top of the head is cut off. Tilt the camera up a little.",
                ),
            )
        )
    elif headroom > 0.3:
        cards.append(
            (
                2,
                lost["headroom"],
                FeedbackCard(
                    "tip",
                    "Lots of space on top",
                    "There is lots of empty space above the head. Tilt the camera down "
                    "or step closer.",
                ),
            )
        )
    if lost["side"] > 0 and not centred:
        cards.append(
            (
                4,
                lost["side"],
                FeedbackCard(
                    "tip",
                    "Try a side line",
                    "Try putting the face on one of the two upright lines.",
                ),
            )
        )
    return cards


def _no_face_card() -> _Ranked:
    return (
        1,
        0.0,
        FeedbackCard(
            "tip",
            "No face found",
            "I can't find a face yet. Ask your friend to look at the camera, then take "
            "the photo again.",
        ),
    )


# actions


def review_portrait(rgb: RGBImage) -> PortraitReport:
    """Check a portrait and give a score and feedback cards, one next step first.

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``: a screen-sized preview is
        enough (the checks use a 512-pixel copy).

    Returns
    -------
    PortraitReport
        The score, the cards (``cards[0]`` is the next step) and the measurements.

    Examples
    --------
    >>> import numpy as np
    >>> report = review_portrait(np.full((240, 320, 3), 15, dtype=np.uint8))
    >>> report.next_step.title, report.faces
    ('Too dark', ())
    """
    light = exposure(rgb)  # checks the image
    crisp = sharpness(rgb)
    tilt = horizon_tilt(rgb)
    faces = tuple(find_faces(rgb, min_size=_FACE_MIN_SIZE, thorough=False))
    rows, cols = rgb.shape[:2]

    parts = {
        "light": _LIGHT_PARTS[light.verdict],
        "sharpness": _sharpness_part(crisp),
        "level": _level_part(tilt),
    }
    eyes = column = headroom = size = None
    framing = None
    if faces:
        face = faces[0]
        eyes = face.eyes_row / rows
        column = (face.left + face.width / 2) / cols
        size = face.height / rows
        headroom = (face.eyes_row - _HEAD_ABOVE_EYES * face.height) / rows
        thirds = min(abs(column - 1 / 3), abs(column - 2 / 3))
        parts["eyes"] = _ramp(abs(eyes - 1 / 3), 1 / 6, 0.03)
        parts["side"] = max(_ramp(thirds, 1 / 6, 0.04), 0.4 * _ramp(abs(column - 0.5), 0.2, 0.05))
        parts["size"] = min(_ramp(size, 0.05, 0.2), _ramp(size, 0.8, 0.5))
        parts["headroom"] = min(_ramp(headroom, -0.1, 0.02), _ramp(headroom, 0.4, 0.2))
        framing = (eyes, column, headroom, size)
    points = {name: round(POINTS[name] * part, 1) for name, part in parts.items()}
    lost = {name: POINTS[name] - points[name] for name in points}
    score = round(sum(points.values()))

    ranked = _light_cards(light, lost["light"]) + _sharpness_cards(crisp, lost["sharpness"])
    ranked += _level_cards(tilt, lost["level"])
    if framing is None:
        ranked.append(_no_face_card())
    else:
        ranked += _framing_cards(*framing, lost)
    order = {"problem": 0, "tip": 1, "good": 2}
    ranked.sort(key=lambda item: (order[item[2].kind], item[0], -item[1]))
    return PortraitReport(
        score=score,
        cards=tuple(card for _, _, card in ranked),
        faces=faces,
        exposure=light,
        sharpness=crisp,
        tilt=tilt,
        eyes_row=eyes,
        face_column=column,
        headroom=headroom,
        face_size=size,
        points=points,
    )

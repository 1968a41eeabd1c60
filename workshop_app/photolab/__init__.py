"""The photo lab's exercises: portrait, action and street (no Streamlit, no files).

Each exercise turns measurements from :mod:`workshop_app.imaging` into something a
child can act on:

portrait
    :func:`review_portrait` gives a score out of 100 and :class:`FeedbackCard` s,
    the one next step first.
action
    :func:`pick_sharpest` picks the sharpest photo of a burst and says why;
    :data:`SHUTTER_SPEEDS` links the shutter simulator
    (``imaging.motion.simulate_shutter``, ``pan``) to real shutter speeds.
street
    :func:`prepare_street_photo` blurs every face: the only way the street
    exercise keeps a photo. :func:`leading_lines`, :func:`draw_overlay` and
    :func:`thirds_overlay` draw composition guides.
"""

from __future__ import annotations

from workshop_app.photolab.action import SHUTTER_SPEEDS, BurstPick, pick_sharpest
from workshop_app.photolab.portrait import POINTS, FeedbackCard, PortraitReport, review_portrait
from workshop_app.photolab.street import (
    STREET_FACE_SIZE,
    StreetPhoto,
    draw_overlay,
    leading_lines,
    prepare_street_photo,
    thirds_overlay,
)

__all__ = [
    "POINTS",
    "SHUTTER_SPEEDS",
    "STREET_FACE_SIZE",
    "BurstPick",
    "FeedbackCard",
    "PortraitReport",
    "StreetPhoto",
    "draw_overlay",
    "leading_lines",
    "pick_sharpest",
    "prepare_street_photo",
    "review_portrait",
    "thirds_overlay",
]

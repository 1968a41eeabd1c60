"""What a pupil reads when something goes wrong: one catalogue, looked up by cause.

The pure layers raise :class:`~workshop_app.errors.WorkshopError` subclasses that carry
a stable ``cause`` and the ``details`` the words need; only the edge (the error edge in
:mod:`workshop_app.ui.shell` and the pages) turns them into words, here. Each entry is
short, plain words with a next step; an entry may have variants for an age group
(``"8-9"``), chosen when the pupil's age group is known. Details are filled in with
:meth:`str.format`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from workshop_app.errors import WorkshopError

log = logging.getLogger(__name__)

Wording = str | Mapping[str, str]
"""One sentence or two; or a mapping from age group (``"8-9"``) to words, with the
key ``"default"`` for everyone else."""

MESSAGES: dict[str, Wording] = {
    # --- any page -----------------------------------------------------------------
    "unexpected": "Something went wrong. Ask your trainer for help.",
    "page-failed": (
        "Oops! Something went wrong on this page. Your work is safe. "
        "Press Back, or ask your trainer for help."
    ),
    "file-unusable": "This file could not be used. Try another one.",
    # --- lessons ------------------------------------------------------------------
    "lesson-broken": "This lesson could not be opened. Ask your trainer to check it.",
    # --- photos -------------------------------------------------------------------
    "photo-unreadable": "This photo could not be opened. Try another photo, or take a new one.",
    "not-a-photo": (
        "This file is not a photo we can open. Try a JPEG, PNG or HEIC photo, or take a new one."
    ),
    "photo-broken": (
        "This photo seems to be broken or only half saved. Try another photo, or take a new one."
    ),
    "photo-too-big": (
        "This photo is too big for this computer. Try a smaller photo, or take a new one."
    ),
    "file-empty": "This file is empty. Try another photo, or take a new one.",
    "photo-not-saved": "This photo could not be saved. Try again.",
    "album-full": "You have {limit} photos already. Delete one you don't need to make room.",
    "photo-gone": "That photo is not here any more.",
    "picture-missing": (
        "This picture is missing from the kit. Pick another one, or ask your trainer."
    ),
    # --- editing and checking photos ----------------------------------------------
    "edit-failed": "This edit did not work on this photo. Try another setting.",
    "crop-outside-photo": "That crop is outside the photo. Try a smaller crop.",
    "photo-not-checked": "This photo could not be checked. Try another photo, or take a new one.",
    "faces-not-checked": "Faces could not be checked in this photo. Try another photo.",
    "no-burst": "There are no photos to choose from. Take a burst of photos first.",
    # --- green screen -------------------------------------------------------------
    "no-screen": (
        "We could not find a green or blue screen in this photo. Stand in front of the green "
        "cloth so it fills the space around you, and take the photo again."
    ),
    "not-a-screen-colour": (
        "That colour is not a green screen colour. Click on the green (or blue) cloth to pick it."
    ),
    # --- code lab -----------------------------------------------------------------
    "code-not-started": "Your program could not be started. Press Run again in a moment.",
    "too-many-programs": "Lots of programs are running. Press Run again.",
    "task-not-checked": "This task could not be checked. Press Run again, or tell your trainer.",
    "task-missing": "This coding task is missing. Ask your trainer.",
    # --- films --------------------------------------------------------------------
    "not-a-video": (
        "This file is not a video. Choose a clip that ends in .mp4, .mov or .webm, "
        "or use the practice clip."
    ),
    "clip-damaged": (
        "This video is damaged, so we cannot play it. Copy it from the camera again, "
        "or film a new clip."
    ),
    "clip-too-short": "This clip is too short to make a film. Film at least one second.",
    "clip-too-long": (
        "This clip is {seconds} seconds long. Films can be up to {limit:g} seconds. "
        "Cut it shorter on the camera, or film a shorter clip."
    ),
    "clip-too-big": (
        "This clip is very big ({width} x {height} pixels). Set the camera to 1080p "
        "or 720p and film again."
    ),
    "clip-file-too-big": (
        "This file is too big ({megabytes:.0f} MB). Films can be up to "
        "{limit_megabytes:.0f} MB. Film a shorter clip."
    ),
    "clip-hdr-unsupported": (
        "This clip was filmed in HDR, and this laptop cannot read its colours. Turn off "
        "HDR video in the phone's camera settings and film it again, or ask your trainer."
    ),
    "ffmpeg-missing": (
        "The film studio needs a helper program called FFmpeg, and this laptop does not "
        "have it. Ask your trainer."
    ),
    "clip-no-screen": (
        "We could not find the green screen in your clip. Film yourself in front of the "
        "green cloth, so it fills the space around you."
    ),
    "clip-wrong-screen": (
        "This lesson uses a {screen} screen, but your clip has a {found} one. "
        "Film in front of the right cloth, or ask your trainer."
    ),
    "film-too-slow": "Making your film took too long, so we stopped. Try a shorter clip.",
    "film-failed": "Your film could not be made. Press Make my film again, or ask your trainer.",
    "background-video-failed": (
        "This background video could not be played. Choose another background."
    ),
}


def explain(error: WorkshopError, *, ages: str | None = None) -> str:
    """The words a pupil reads for ``error``, for their age group if it has its own."""
    wording = MESSAGES.get(error.cause)
    if wording is None:  # a cause without words: a bug, caught by tests/ui/test_messages.py
        log.error("no words for cause %r", error.cause)
        return MESSAGES["unexpected"]
    if not isinstance(wording, str):
        wording = wording.get(ages or "", wording["default"])
    try:
        return wording.format(**error.details)
    except (KeyError, IndexError, ValueError):  # a raise without the details its words need
        log.exception("the words for cause %r could not be filled in", error.cause)
        return MESSAGES["unexpected"]

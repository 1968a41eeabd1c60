"""Pure image functions: numpy in, numpy out; no Streamlit, no files.

Images are RGB ``uint8`` arrays of shape ``(rows, cols, 3)``. Every function takes
the image first and keyword-only options whose defaults change nothing, never
modifies its input and returns a new ``uint8`` array. Bad settings raise
:class:`~workshop_app.errors.ImageError` (a ``ValueError``) that names its cause
(``"edit-failed"``, ``"no-screen"`` ...); the words pupils read for each cause are in
:mod:`workshop_app.ui.messages`, never here (``tests/test_architecture.py`` checks).

Sizes are ``(rows, cols)`` and positions ``(row, col)`` everywhere in this package, as
numpy indexes them (``size=(rows, cols)``, ``offset=(rows, cols)``, ``Keyed.shape``,
``Face.centre``). Only the OpenCV calls inside the functions take ``(width, height)``.

Modules
-------
images
    What the others share: the ``RGBImage`` type, ``check_image`` and
    ``check_number``, lookup-table helpers (``make_lut``, ``apply_lut``, ``mix``) and
    the sRGB curve (``srgb_to_linear``, ``linear_to_srgb``).
adjust
    Light and colour by lookup tables: brightness, contrast, exposure, saturation,
    warmth.
geometry
    crop, crop_to_aspect (3:2, 4:3, 1:1, 16:9 ... presets), rotate, straighten,
    mirror, flip, fit_within (screen-sized copies).
filters
    sharpen, blur, pixelate, vignette, black_and_white, sepia.
edits
    The guided-edit catalogue ``EDITS`` (edits as data with slider settings), the
    ``Recipe`` of steps and its undo/redo ``History``.
analysis, faces, motion
    What the photo-lab exercises measure: exposure, sharpness, blur direction, faces,
    thirds; simulated shutter speeds and panning.
greenscreen
    ``chroma_key`` (alpha, despilled foreground, screen colour) and ``composite``; how
    the keyer works. Its parts: ``screen_plate`` (the screen colour and plate),
    ``keying_maps`` (the work-size maps and the full-size pass), ``keyed`` (``Keyed``
    and ``composite``), and the passes compiled with numba, ``_keying`` and
    ``_plate_passes``.
layers
    ``cover`` (a background scaled and cropped to fill a frame: the one cover crop),
    stickers and frames with their own transparency, laid over a picture.
"""

from __future__ import annotations

from workshop_app.imaging.adjust import brightness, contrast, exposure, saturation, warmth
from workshop_app.imaging.edits import EDITS, Choice, Edit, History, Param, Recipe, Step, get_edit
from workshop_app.imaging.filters import (
    black_and_white,
    blur,
    pixelate,
    sepia,
    sharpen,
    vignette,
)
from workshop_app.imaging.geometry import (
    ASPECT_PRESETS,
    crop,
    crop_to_aspect,
    fit_within,
    flip,
    mirror,
    rotate,
    straighten,
)
from workshop_app.imaging.images import RGBImage

__all__ = [
    "ASPECT_PRESETS",
    "EDITS",
    "Choice",
    "Edit",
    "History",
    "Param",
    "RGBImage",
    "Recipe",
    "Step",
    "black_and_white",
    "blur",
    "brightness",
    "contrast",
    "crop",
    "crop_to_aspect",
    "exposure",
    "fit_within",
    "flip",
    "get_edit",
    "mirror",
    "pixelate",
    "rotate",
    "saturation",
    "sepia",
    "sharpen",
    "straighten",
    "vignette",
    "warmth",
]

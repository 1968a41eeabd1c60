"""Photos and media in and out of the kit: the boundary between files and arrays.

:func:`load_image` turns uploaded or captured photo bytes into RGB arrays (the right
way up, metadata removed); :func:`encode_jpeg` and :func:`encode_png` turn arrays back
into bytes for download, with no metadata.
"""

from __future__ import annotations

from workshop_app.media.photos import MAX_PIXELS, encode_jpeg, encode_png, load_image

__all__ = ["MAX_PIXELS", "encode_jpeg", "encode_png", "load_image"]

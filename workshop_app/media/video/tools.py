"""Finding FFmpeg's two programs, and the input options that keep them to local files.

The one place the kit looks for ``ffmpeg`` and ``ffprobe``, shared by :mod:`.probe` and
:mod:`.ffmpeg` (which re-exports :func:`ffmpeg_tool`).
"""

from __future__ import annotations

import shutil

from workshop_app.errors import MediaError

__all__ = ["PROBE_SECONDS", "SAFE_INPUT", "ffmpeg_tool"]

PROBE_SECONDS = 20.0
"""Longest wait for a quick look at a clip (``ffprobe``, one preview frame, the list of
filters): far more than a healthy file needs, so only a stuck program hits it."""

SAFE_INPUT = (
    "-protocol_whitelist",
    "file",
    "-format_whitelist",
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm",
)
"""Input options for pupils' files: local files only, MP4/MOV and Matroska/WebM only.
Without them a crafted "video" (an HLS playlist, a concat list) could make ffmpeg fetch
URLs or read other files."""


def ffmpeg_tool(name: str = "ffmpeg") -> str:
    """The path of ``ffmpeg`` or ``ffprobe``.

    Raises
    ------
    MediaError
        ``cause="ffmpeg-missing"`` when it is not installed.
    """
    found = shutil.which(name)
    if found is None:
        msg = f"{name} is not installed: `sudo apt-get install ffmpeg` (Debian/Ubuntu)"
        raise MediaError(msg, cause="ffmpeg-missing")
    return found

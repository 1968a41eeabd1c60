"""Video in and out of the kit with FFmpeg: generic clip I/O, nothing about keying.

Modules
-------
tools
    Where ``ffmpeg`` and ``ffprobe`` are, and the input options that keep them to local
    MP4/MOV and Matroska/WebM files.
probe
    :func:`probe_clip` and :class:`ClipInfo`: what a clip is, which clips are accepted
    (the limits), and how HDR phone clips are turned into ordinary colour.
ffmpeg
    Decoding to RGB frames on a pipe, encoding frames to MP4 or WebM films with no
    metadata, starting and stopping the processes, :func:`preview_frame`.
workspace
    :class:`Workspace`, a pupil's private temporary folder, deleted with the session.

The film pipeline that uses them is :mod:`workshop_app.studio.film`. Sizes are
``(rows, cols)``, as everywhere in the kit.
"""

from __future__ import annotations

from workshop_app.media.video.ffmpeg import FilmFormat, preview_frame
from workshop_app.media.video.probe import (
    MAX_CLIP_BYTES,
    MAX_FPS,
    MAX_SECONDS,
    MIN_SECONDS,
    WORK_SIZE,
    ClipInfo,
    HdrColours,
    probe_clip,
    working_shape,
)
from workshop_app.media.video.tools import ffmpeg_tool
from workshop_app.media.video.workspace import Workspace

__all__ = [
    "MAX_CLIP_BYTES",
    "MAX_FPS",
    "MAX_SECONDS",
    "MIN_SECONDS",
    "WORK_SIZE",
    "ClipInfo",
    "FilmFormat",
    "HdrColours",
    "Workspace",
    "ffmpeg_tool",
    "preview_frame",
    "probe_clip",
    "working_shape",
]

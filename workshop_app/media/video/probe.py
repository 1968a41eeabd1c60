"""What a clip is, read with ``ffprobe``, and which clips the kit accepts.

:func:`probe_clip` reads a clip's length, picture size, frame rate and sound, and
refuses files that are not videos, are damaged or cut off, shorter than
:data:`MIN_SECONDS`, longer than :data:`MAX_SECONDS`, bigger than 1080p or than
:data:`MAX_CLIP_BYTES`. Each refusal is a :class:`~workshop_app.errors.MediaError` whose
``cause`` (``"not-a-video"``, ``"clip-damaged"``, ``"clip-too-long"``...) and
``details`` give the pupil's words in :mod:`workshop_app.ui.messages`.

Phones film HDR video by default (HLG, or PQ on some): such clips are converted to
ordinary (BT.709) colour as they are decoded (:func:`from_hdr`, FFmpeg's ``zscale``),
or the screen would look grey-green and no frame could be keyed.

Sizes are ``(rows, cols)``, as everywhere in the kit's pictures; a clip's own
:attr:`ClipInfo.width` and :attr:`ClipInfo.height` say which is which.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

from workshop_app.errors import MediaError
from workshop_app.media.video.tools import PROBE_SECONDS, SAFE_INPUT, ffmpeg_tool

__all__ = [
    "MAX_CLIP_BYTES",
    "MAX_FPS",
    "MAX_LONG_SIDE",
    "MAX_SECONDS",
    "MAX_SHORT_SIDE",
    "MIN_SECONDS",
    "WORK_SIZE",
    "ClipInfo",
    "HdrColours",
    "as_clip",
    "can_convert_hdr",
    "film_fps",
    "from_hdr",
    "probe_clip",
    "working_shape",
]

MAX_SECONDS = 60
"""Longest clip accepted, in seconds (a lesson step may allow less)."""
MAX_LONG_SIDE, MAX_SHORT_SIDE = 1920, 1080
"""Largest clip accepted: 1080p, landscape or portrait."""
MAX_CLIP_BYTES = 300 * 1024 * 1024
"""Largest clip file accepted (a 60-second 1080p phone clip is about 100-150 MB)."""
WORK_SIZE = (720, 1280)
"""Films are made at most this big: ``(rows, cols)`` of a landscape film, and the other
way round for an upright one. 720p is what the 2-core classroom laptop keys at 25
frames a second, and plenty for a classroom screen."""
MAX_FPS = Fraction(30)
"""At most this many frames a second: 50 and 60 fps clips are halved."""
MIN_SECONDS = 0.3
"""Shorter clips are refused: there is no film in them."""

_CONTAINER_MAGIC = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
"""ISO base media boxes that can come first in an MP4 or MOV (at byte 4)."""
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
"""The first bytes of a Matroska or WebM file."""

_HDR_TRANSFERS = ("arib-std-b67", "smpte2084")
"""HLG (iPhones and most phones that film HDR) and PQ (HDR10)."""
_HDR_WHITE_NITS = 203
"""HDR's reference white (ITU-R BT.2408): it becomes the ordinary video's white, and
brighter highlights are clipped."""


class HdrColours(NamedTuple):
    """How an HDR clip's picture is to be read, in ffmpeg's names (a phone's HLG clip:
    ``arib-std-b67``, ``bt2020``, ``bt2020nc``, ``tv``)."""

    transfer: str
    primaries: str
    matrix: str
    value_range: str


@dataclass(frozen=True)
class ClipInfo:
    """What :func:`probe_clip` found out about a clip.

    Attributes
    ----------
    path
        The file.
    seconds
        Its length.
    width, height
        Its picture size as shown (a phone clip filmed upright is taller than wide).
    fps
        Frames a second, as an exact fraction (``30000/1001`` for 29.97).
    has_audio
        Whether it has a sound track.
    size_bytes
        The file's size.
    hdr
        ``None`` for ordinary video; for HDR video, how its picture is to be read.
    """

    path: Path
    seconds: float
    width: int
    height: int
    fps: Fraction
    has_audio: bool
    size_bytes: int
    hdr: HdrColours | None = None

    @property
    def film_fps(self) -> Fraction:
        """The film's frame rate: the clip's, halved until it is at most :data:`MAX_FPS`."""
        return film_fps(self.fps)

    @property
    def working_shape(self) -> tuple[int, int]:
        """``(rows, cols)`` of the film's frames (see :func:`working_shape`)."""
        return working_shape(self.height, self.width)

    def frame_count(self, max_seconds: float | None = None) -> int:
        """How many frames a film of this clip has (at most ``max_seconds`` long)."""
        seconds = self.seconds if max_seconds is None else min(self.seconds, max_seconds)
        return max(1, round(seconds * self.film_fps))


def film_fps(fps: Fraction) -> Fraction:
    """``fps`` halved until it is at most :data:`MAX_FPS` (50 -> 25, 60 -> 30)."""
    while fps > MAX_FPS:
        fps /= 2
    return fps


def working_shape(rows: int, cols: int) -> tuple[int, int]:
    """``(rows, cols)`` scaled down (never up) to fit :data:`WORK_SIZE` in either
    orientation, rounded to even numbers (as H.264 and VP9 need).

    >>> working_shape(1080, 1920), working_shape(1920, 1080), working_shape(480, 640)
    ((720, 1280), (1280, 720), (480, 640))
    """
    short_limit, long_limit = WORK_SIZE
    scale = min(1.0, long_limit / max(rows, cols), short_limit / min(rows, cols))
    return (max(2, round(rows * scale / 2) * 2), max(2, round(cols * scale / 2) * 2))


def as_clip(clip: ClipInfo | str | Path) -> ClipInfo:
    """``clip`` itself, or the file probed (:func:`probe_clip`)."""
    return clip if isinstance(clip, ClipInfo) else probe_clip(clip)


def probe_clip(path: str | Path, *, max_seconds: float = MAX_SECONDS) -> ClipInfo:
    """What a clip is: its length, picture size, frame rate and sound.

    Parameters
    ----------
    path
        An MP4, MOV or WebM file.
    max_seconds
        Longest clip accepted (at most :data:`MAX_SECONDS` makes sense).

    Returns
    -------
    ClipInfo

    Raises
    ------
    MediaError
        When the file is not a video (``"not-a-video"``), is damaged
        (``"clip-damaged"``), too short (``"clip-too-short"``), longer than
        ``max_seconds`` (``"clip-too-long"``: ``seconds``, ``limit``), bigger than
        1080p (``"clip-too-big"``: ``width``, ``height``) or than
        :data:`MAX_CLIP_BYTES` (``"clip-file-too-big"``: ``megabytes``,
        ``limit_megabytes``), HDR with no converter (``"clip-hdr-unsupported"``), or
        when ffprobe is not installed (``"ffmpeg-missing"``).
    """
    path = Path(path)
    size_bytes = _file_size(path)
    found, video = _video_stream(path)
    width, height = _shown_size(path, video)
    fps = _fraction(video.get("avg_frame_rate")) or _fraction(video.get("r_frame_rate"))
    if fps is None or fps < 1:
        fps = Fraction(25)
    seconds = _seconds(path, video, found, fps)
    if seconds < MIN_SECONDS:
        msg = f"{path} is {seconds:.2f} s long, less than {MIN_SECONDS} s"
        raise MediaError(msg, cause="clip-too-short", seconds=seconds, limit=MIN_SECONDS)
    if seconds > max_seconds + 0.5:  # a "60 s" phone clip may be 60.04 s
        msg = f"{path} is {seconds:.1f} s long, more than {max_seconds:g} s"
        raise MediaError(msg, cause="clip-too-long", seconds=math.ceil(seconds), limit=max_seconds)
    has_audio = any(s.get("codec_type") == "audio" for s in found.get("streams") or [])
    hdr = _hdr_colours(video)
    if hdr is not None and not can_convert_hdr():
        msg = f"{path} is HDR ({hdr.transfer}) and this ffmpeg has no zscale filter to convert it"
        raise MediaError(msg, cause="clip-hdr-unsupported", transfer=hdr.transfer)
    return ClipInfo(path, seconds, width, height, fps, has_audio, size_bytes, hdr)


def _file_size(path: Path) -> int:
    """The file's size, once it is known to be neither missing, empty nor too big."""
    try:
        size_bytes = path.stat().st_size
    except OSError as error:
        msg = f"cannot read {path}: {error}"
        raise MediaError(msg, cause="not-a-video") from error
    if size_bytes == 0:
        msg = f"{path} is empty"
        raise MediaError(msg, cause="not-a-video")
    if size_bytes > MAX_CLIP_BYTES:
        msg = f"{path} is {size_bytes} bytes, more than {MAX_CLIP_BYTES}"
        raise MediaError(
            msg,
            cause="clip-file-too-big",
            megabytes=size_bytes / 1e6,
            limit_megabytes=MAX_CLIP_BYTES / 1e6,
        )
    return size_bytes


def _video_stream(path: Path) -> tuple[dict, dict]:
    """ffprobe's whole answer and the clip's first video stream."""
    done = _run_probe([*SAFE_INPUT, "-show_format", "-show_streams", "-of", "json", str(path)])
    try:
        found = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        found = {}
    streams = found.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if done.returncode != 0 or video is None:
        # A file that starts like a video but cannot be read is damaged; anything else
        # (a document, a song, a playlist) is not a video at all.
        damaged = done.returncode != 0 and _looks_like_video_file(path)
        msg = f"ffprobe cannot read {path} as a video: {done.stderr.strip()[-300:]}"
        raise MediaError(msg, cause="clip-damaged" if damaged else "not-a-video")
    if (video.get("disposition") or {}).get("attached_pic"):
        msg = f"{path} has only a cover picture, no video"
        raise MediaError(msg, cause="not-a-video")
    return found, video


def _shown_size(path: Path, video: dict) -> tuple[int, int]:
    """``(width, height)`` of the picture as players show it: square pixels, upright."""
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width <= 0 or height <= 0:
        msg = f"{path}: the video stream has no picture size"
        raise MediaError(msg, cause="clip-damaged")
    sar = _fraction(str(video.get("sample_aspect_ratio", "1:1")).replace(":", "/"))
    if sar is not None and sar != 1:  # non-square pixels: show the picture's real shape
        width = max(2, round(width * sar))
    if abs(_rotation(video)) % 180 == 90:
        width, height = height, width
    if max(width, height) > MAX_LONG_SIDE or min(width, height) > MAX_SHORT_SIDE:
        msg = f"{path} is {width}x{height}, bigger than 1080p"
        raise MediaError(msg, cause="clip-too-big", width=width, height=height)
    return width, height


def _seconds(path: Path, video: dict, found: dict, fps: Fraction) -> float:
    """The clip's length, checked against its packets: a cut-off file is damaged."""
    times, errors = _video_packet_times(path)
    if not times or "partial file" in errors or "Invalid data" in errors:
        msg = f"{path}: its video packets cannot be read: {errors[-300:]}"
        raise MediaError(msg, cause="clip-damaged")
    # The video's own length first: a clip's sound can run on after its picture.
    said = _number(video.get("duration")) or _number((found.get("format") or {}).get("duration"))
    found_seconds = max(times) + float(1 / fps)
    if said is not None and found_seconds < said - max(0.5, 0.1 * said):
        msg = f"{path}: packets end at {found_seconds:.1f} s, its header says {said:.1f} s"
        raise MediaError(msg, cause="clip-damaged")
    return min(said, found_seconds) if said is not None else found_seconds


def _fraction(text: object) -> Fraction | None:
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return None
    return value if 0 < value < 1000 else None


def _number(text: object) -> float | None:
    try:
        value = float(str(text))
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _looks_like_video_file(path: Path) -> bool:
    """Whether the file starts like an MP4/MOV or Matroska/WebM file (even if damaged)."""
    try:
        with path.open("rb") as file:
            head = file.read(12)
    except OSError:
        return False
    return head[4:8] in _CONTAINER_MAGIC or head.startswith(_EBML_MAGIC)


def _run_probe(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [ffmpeg_tool("ffprobe"), "-v", "error", *arguments],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        msg = f"ffprobe took more than {PROBE_SECONDS:g} s"
        raise MediaError(msg, cause="clip-damaged") from error


def _rotation(stream: dict) -> int:
    """The stream's display rotation in degrees (phones film upright clips sideways)."""
    for side_data in stream.get("side_data_list") or []:
        if "rotation" in side_data:
            with contextlib.suppress(TypeError, ValueError):
                return int(float(side_data["rotation"]))
    with contextlib.suppress(TypeError, ValueError):
        return int(float((stream.get("tags") or {}).get("rotate", 0)))
    return 0


def _video_packet_times(path: Path) -> tuple[list[float], str]:
    """The times of the video packets, read from the whole file without decoding them,
    and ffmpeg's error text: a cut-off file shows up here (``partial file``, or packets
    ending long before the length its header gives)."""
    done = _run_probe(
        [*SAFE_INPUT, "-select_streams", "v:0", "-show_entries", "packet=pts_time"]
        + ["-of", "csv=p=0", str(path)]
    )
    times = []
    for line in done.stdout.split():
        with contextlib.suppress(ValueError):  # "N/A": a packet without a time
            times.append(float(line.strip(",")))
    errors = done.stderr.strip() if done.returncode == 0 else done.stderr.strip() or "failed"
    return times, errors


def _hdr_colours(video: dict) -> HdrColours | None:
    """How an HDR video stream's picture is to be read; ``None`` for ordinary video."""
    transfer = video.get("color_transfer")
    if transfer not in _HDR_TRANSFERS:
        return None
    primaries = video.get("color_primaries")
    matrix = video.get("color_space")
    return HdrColours(
        str(transfer),
        primaries if primaries in ("bt2020", "bt709") else "bt2020",
        matrix if matrix in ("bt2020nc", "bt709") else "bt2020nc",
        "pc" if video.get("color_range") == "pc" else "tv",
    )


@functools.cache
def can_convert_hdr() -> bool:
    """Whether this ffmpeg has the ``zscale`` filter (libzimg; Debian's and the usual
    Windows builds do)."""
    try:
        done = subprocess.run(
            [ffmpeg_tool(), "-hide_banner", "-filters"],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any(line.split()[1:2] == ["zscale"] for line in done.stdout.splitlines())


def from_hdr(hdr: HdrColours) -> str:
    """The ffmpeg filter that turns ``hdr`` video into ordinary BT.709 video."""
    return (
        f"zscale=tin={hdr.transfer}:pin={hdr.primaries}:min={hdr.matrix}:rin={hdr.value_range}"
        f":t=bt709:p=bt709:m=bt709:r=tv:npl={_HDR_WHITE_NITS}"
    )

"""Short green-screen films: a pupil's clip keyed frame by frame onto a new background.

The pipeline, for one film::

    clip --ffmpeg--> RGB frames --chroma_key + composite--> RGB frames --ffmpeg--> film
                      (decoder)        (Python threads)                  (encoder)
    background clip --ffmpeg--> RGB frames (looped)         audio of the clip ----^

- :func:`probe_clip` reads what a clip is (length, size, frame rate, sound) with
  ``ffprobe`` and refuses, with words a child can act on, files that are not videos,
  are damaged, longer than :data:`MAX_SECONDS` or bigger than 1080p (or
  :data:`MAX_CLIP_BYTES`). Phones film HDR video by default (HLG, or PQ on some): such
  clips are converted to ordinary (BT.709) colour as they are decoded, or the screen
  would look grey-green and no frame could be keyed.
- :func:`find_screen_key` finds the screen colour once, on the first frames, so every
  frame of the film is keyed with the same settings.
- :func:`make_film` runs the pipeline: one ``ffmpeg`` decodes to ``rgb24`` on a pipe
  (scaled to at most :data:`WORK_SIZE`, 1280x720, and at most :data:`MAX_FPS` frames a
  second), Python keys and composites each frame, a second ``ffmpeg`` encodes H.264 MP4
  or VP9 WebM from a pipe and takes the sound from the original clip. Decoding,
  keying and encoding overlap (threads and separate processes), so both cores work.
- :class:`FilmJob` runs :func:`make_film` in a thread that outlives a page's reruns,
  one film at a time on the machine (:data:`FILM_SLOTS`), and can be cancelled.
- :class:`Workspace` is a pupil's private temporary folder, deleted with the session.

Films carry no metadata (``-map_metadata -1``: no location, no phone model, no date).
``ffmpeg`` reads only local MP4/MOV and Matroska/WebM files (format and protocol
allow-lists), so a crafted upload cannot make it fetch anything from the network.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import queue
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import IO, Literal, NamedTuple

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError, MediaError, WorkshopError
from workshop_app.imaging.greenscreen import NO_SCREEN as NO_SCREEN_IN_FRAME
from workshop_app.imaging.greenscreen import chroma_key, composite
from workshop_app.imaging.images import RGBImage

__all__ = [
    "FILM_SLOTS",
    "FILM_WORKERS",
    "MAX_CLIP_BYTES",
    "MAX_FPS",
    "MAX_SECONDS",
    "WORK_SIZE",
    "ClipInfo",
    "FilmFormat",
    "FilmJob",
    "FilmResult",
    "FilmSettings",
    "HdrColours",
    "Workspace",
    "find_screen_key",
    "make_film",
    "preview_frame",
    "probe_clip",
    "working_size",
]

log = logging.getLogger(__name__)

FilmFormat = Literal["mp4", "webm"]
Screen = Literal["auto", "green", "blue"]
ProgressCallback = Callable[[int, int, float | None], None]
"""``on_progress(frames_done, frames_total, seconds_left)``; ``seconds_left`` is ``None``
until there is enough to estimate it."""

MAX_SECONDS = 60
"""Longest clip accepted, in seconds (a lesson step may allow less)."""
MAX_LONG_SIDE, MAX_SHORT_SIDE = 1920, 1080
"""Largest clip accepted: 1080p, landscape or portrait."""
MAX_CLIP_BYTES = 300 * 1024 * 1024
"""Largest clip file accepted (a 60-second 1080p phone clip is about 100-150 MB)."""
WORK_SIZE = (1280, 720)
"""Films are made at most this big (long side, short side): 720p is what the 2-core
classroom laptop keys at 25 frames a second, and plenty for a classroom screen."""
MAX_FPS = Fraction(30)
"""At most this many frames a second: 50 and 60 fps clips are halved."""
MIN_SECONDS = 0.3
"""Shorter clips are refused: there is no film in them."""

FILM_SLOTS = 1
"""Films made at once on this machine: one film keeps both cores busy, so more at once
only makes each slower; the others wait their turn."""

X264_PRESET = "veryfast"
X264_TUNING = "subme=1:me=dia"
"""x264's speed for MP4 films: ``veryfast`` with the cheapest motion search, about a
third less CPU than plain ``veryfast`` for files of the same size (``ultrafast`` is a
little faster again but makes files two to three times bigger)."""

FILM_WORKERS = 2
"""Threads keying frames at once. The keyer spends most of its time in OpenCV and
numpy, which let other threads run, so two keep both cores busy while ffmpeg decodes
and encodes in its own processes."""

_STALL_SECONDS = 30.0
"""No frame from the decoder for this long means it is stuck."""
_PROBE_SECONDS = 20.0
_FINISH_SECONDS = 120.0

_SAFE_INPUT = (
    "-protocol_whitelist",
    "file",
    "-format_whitelist",
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm",
)
"""Input options for pupils' files: local files only, MP4/MOV and Matroska/WebM only.
Without them a crafted "video" (an HLS playlist, a concat list) could make ffmpeg fetch
URLs or read other files."""

_CONTAINER_MAGIC = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
"""ISO base media boxes that can come first in an MP4 or MOV (at byte 4)."""
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
"""The first bytes of a Matroska or WebM file."""

# What a child reads. Short sentences, one next step.
NOT_A_VIDEO = (
    "This file is not a video. Choose a clip that ends in .mp4, .mov or .webm, "
    "or use the practice clip."
)
DAMAGED = (
    "This video is damaged, so we cannot play it. Copy it from the camera again, "
    "or film a new clip."
)
TOO_SHORT = "This clip is too short to make a film. Film at least one second."
FFMPEG_MISSING = (
    "The film studio needs a helper program called FFmpeg, and this laptop does not "
    "have it. Ask your trainer."
)
NO_SCREEN = (
    "We could not find the green screen in your clip. Film yourself in front of the "
    "green cloth, so it fills the space around you."
)
TOO_SLOW = "Making your film took too long, so we stopped. Try a shorter clip."
HDR_UNSUPPORTED = (
    "This clip was filmed in HDR, and this laptop cannot read its colours. "
    "Turn off HDR video in the phone's camera settings and film it again, or ask your trainer."
)
FILM_FAILED = "Your film could not be made. Press Make my film again, or ask your trainer."
BACKGROUND_FAILED = "This background video could not be played. Choose another background."


def too_long_words(seconds: float, limit: float = MAX_SECONDS) -> str:
    return (
        f"This clip is {math.ceil(seconds)} seconds long. Films can be up to "
        f"{limit:g} seconds. Cut it shorter on the camera, or film a shorter clip."
    )


def too_big_words(width: int, height: int) -> str:
    return (
        f"This clip is very big ({width} x {height} pixels). Set the camera to 1080p "
        "or 720p and film again."
    )


def file_too_big_words(size: int) -> str:
    return (
        f"This file is too big ({size / 1e6:.0f} MB). Films can be up to "
        f"{MAX_CLIP_BYTES / 1e6:.0f} MB. Film a shorter clip."
    )


def wrong_screen_words(screen: str, found: str) -> str:
    return (
        f"This lesson uses a {screen} screen, but your clip has a {found} one. "
        "Film in front of the right cloth, or ask your trainer."
    )


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
    def working_size(self) -> tuple[int, int]:
        """``(width, height)`` of the film's frames (see :func:`working_size`)."""
        return working_size(self.width, self.height)

    def frame_count(self, max_seconds: float | None = None) -> int:
        """How many frames a film of this clip has (at most ``max_seconds`` long)."""
        seconds = self.seconds if max_seconds is None else min(self.seconds, max_seconds)
        return max(1, round(seconds * self.film_fps))


@dataclass(frozen=True)
class FilmSettings:
    """How every frame of a film is keyed: the same for all frames.

    Attributes
    ----------
    strength, softness, spill
        0 to 100: "how much green to remove", "soft edges" and "fix green glow", as in
        :func:`~workshop_app.imaging.greenscreen.chroma_key`.
    key
        The screen colour, RGB; ``None`` finds it on the first frames.
    screen
        ``"green"`` or ``"blue"`` when the lesson says which screen to use (a clip with
        the other colour is refused); ``"auto"`` takes either.
    keep_inside
        Keep the inside of the subject solid (greenish clothes stay).
    """

    strength: float = 50.0
    softness: float = 50.0
    spill: float = 50.0
    key: tuple[int, int, int] | None = None
    screen: Screen = "auto"
    keep_inside: bool = True


@dataclass(frozen=True)
class FilmTimes:
    """Where the time of one film went, in seconds (wall clock unless said otherwise).

    Attributes
    ----------
    total
        From start to the finished file.
    key, composite, convert
        Time spent in :func:`chroma_key`, :func:`composite` and converting to the
        encoder's YUV, summed over the keying threads (it can exceed ``total`` with more
        than one thread).
    waiting_for_decoder
        Time the keying loop waited for a decoded frame (the decoder was behind).
    waiting_for_encoder
        Time spent handing frames to the encoder (the encoder was behind).
    finishing
        From the last frame handed over to the finished file (the encoder's tail).
    """

    total: float
    key: float
    composite: float
    convert: float
    waiting_for_decoder: float
    waiting_for_encoder: float
    finishing: float


@dataclass(frozen=True)
class FilmResult:
    """A finished film.

    Attributes
    ----------
    path
        The film file.
    format
        ``"mp4"`` (H.264 and AAC) or ``"webm"`` (VP9 and Opus).
    frames
        Frames in the film.
    width, height
        Its picture size.
    fps
        Its frame rate.
    has_audio
        Whether it kept a sound track.
    frames_without_screen
        Frames in which no screen was found, kept as filmed.
    times
        Where the time went.
    """

    path: Path
    format: FilmFormat
    frames: int
    width: int
    height: int
    fps: Fraction
    has_audio: bool
    frames_without_screen: int
    times: FilmTimes

    @property
    def seconds(self) -> float:
        return float(self.frames / self.fps)

    @property
    def mime(self) -> str:
        return MIME[self.format]


MIME: dict[FilmFormat, str] = {"mp4": "video/mp4", "webm": "video/webm"}


# helpers


def ffmpeg_tool(name: str = "ffmpeg") -> str:
    """The path of ``ffmpeg`` or ``ffprobe``; MediaError when it is not installed."""
    found = shutil.which(name)
    if found is None:
        msg = f"{name} is not installed: `sudo apt-get install ffmpeg` (Debian/Ubuntu)"
        raise MediaError(msg, friendly=FFMPEG_MISSING)
    return found


def film_fps(fps: Fraction) -> Fraction:
    """``fps`` halved until it is at most :data:`MAX_FPS` (50 -> 25, 60 -> 30)."""
    while fps > MAX_FPS:
        fps /= 2
    return fps


def working_size(width: int, height: int) -> tuple[int, int]:
    """``(width, height)`` scaled down (never up) to fit :data:`WORK_SIZE` in either
    orientation, rounded to even numbers (as H.264 and VP9 need)."""
    long_side, short_side = max(width, height), min(width, height)
    scale = min(1.0, WORK_SIZE[0] / long_side, WORK_SIZE[1] / short_side)
    return (max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2))


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
            timeout=_PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        msg = f"ffprobe took more than {_PROBE_SECONDS:g} s"
        raise MediaError(msg, friendly=DAMAGED) from error


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
        [*_SAFE_INPUT, "-select_streams", "v:0", "-show_entries", "packet=pts_time"]
        + ["-of", "csv=p=0", str(path)]
    )
    times = []
    for line in done.stdout.split():
        with contextlib.suppress(ValueError):  # "N/A": a packet without a time
            times.append(float(line.strip(",")))
    errors = done.stderr.strip() if done.returncode == 0 else done.stderr.strip() or "failed"
    return times, errors


# actions


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
        With words for the child when the file is not a video, is damaged, too short,
        longer than ``max_seconds``, bigger than 1080p or than :data:`MAX_CLIP_BYTES`,
        or when ffprobe is not installed.
    """
    path = Path(path)
    try:
        size_bytes = path.stat().st_size
    except OSError as error:
        msg = f"cannot read {path}: {error}"
        raise MediaError(msg, friendly=NOT_A_VIDEO) from error
    if size_bytes == 0:
        msg = f"{path} is empty"
        raise MediaError(msg, friendly=NOT_A_VIDEO)
    if size_bytes > MAX_CLIP_BYTES:
        msg = f"{path} is {size_bytes} bytes, more than {MAX_CLIP_BYTES}"
        raise MediaError(msg, friendly=file_too_big_words(size_bytes))

    done = _run_probe([*_SAFE_INPUT, "-show_format", "-show_streams", "-of", "json", str(path)])
    try:
        found = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        found = {}
    streams = found.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if done.returncode != 0 or video is None:
        damaged = done.returncode != 0 and _looks_like_video_file(path)
        msg = f"ffprobe cannot read {path} as a video: {done.stderr.strip()[-300:]}"
        raise MediaError(msg, friendly=DAMAGED if damaged else NOT_A_VIDEO)
    if (video.get("disposition") or {}).get("attached_pic"):
        msg = f"{path} has only a cover picture, no video"
        raise MediaError(msg, friendly=NOT_A_VIDEO)

    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width <= 0 or height <= 0:
        msg = f"{path}: the video stream has no picture size"
        raise MediaError(msg, friendly=DAMAGED)
    sar = _fraction(str(video.get("sample_aspect_ratio", "1:1")).replace(":", "/"))
    if sar is not None and sar != 1:  # non-square pixels: show the picture's real shape
        width = max(2, round(width * sar))
    if abs(_rotation(video)) % 180 == 90:
        width, height = height, width
    if max(width, height) > MAX_LONG_SIDE or min(width, height) > MAX_SHORT_SIDE:
        msg = f"{path} is {width}x{height}, bigger than 1080p"
        raise MediaError(msg, friendly=too_big_words(width, height))

    fps = _fraction(video.get("avg_frame_rate")) or _fraction(video.get("r_frame_rate"))
    if fps is None or fps < 1:
        fps = Fraction(25)
    times, errors = _video_packet_times(path)
    if not times or "partial file" in errors or "Invalid data" in errors:
        msg = f"{path}: its video packets cannot be read: {errors[-300:]}"
        raise MediaError(msg, friendly=DAMAGED)
    # The video's own length first: a clip's sound can run on after its picture.
    said = _number(video.get("duration")) or _number((found.get("format") or {}).get("duration"))
    found_seconds = max(times) + float(1 / fps)
    if said is not None and found_seconds < said - max(0.5, 0.1 * said):
        msg = f"{path}: packets end at {found_seconds:.1f} s, its header says {said:.1f} s"
        raise MediaError(msg, friendly=DAMAGED)
    seconds = min(said, found_seconds) if said is not None else found_seconds
    if seconds < MIN_SECONDS:
        msg = f"{path} is {seconds:.2f} s long, less than {MIN_SECONDS} s"
        raise MediaError(msg, friendly=TOO_SHORT)
    if seconds > max_seconds + 0.5:  # a "60 s" phone clip may be 60.04 s
        msg = f"{path} is {seconds:.1f} s long, more than {max_seconds:g} s"
        raise MediaError(msg, friendly=too_long_words(seconds, max_seconds))
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    hdr = _hdr_colours(video)
    if hdr is not None and not _can_convert_hdr():
        msg = f"{path} is HDR ({hdr.transfer}) and this ffmpeg has no zscale filter to convert it"
        raise MediaError(msg, friendly=HDR_UNSUPPORTED)
    return ClipInfo(path, seconds, width, height, fps, has_audio, size_bytes, hdr)


_HDR_TRANSFERS = ("arib-std-b67", "smpte2084")
"""HLG (iPhones and most phones that film HDR) and PQ (HDR10)."""
_HDR_WHITE_NITS = 203
"""HDR's reference white (ITU-R BT.2408): it becomes the ordinary video's white, and
brighter highlights are clipped."""


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
def _can_convert_hdr() -> bool:
    """Whether this ffmpeg has the ``zscale`` filter (libzimg; Debian's and the usual
    Windows builds do)."""
    try:
        done = subprocess.run(
            [ffmpeg_tool(), "-hide_banner", "-filters"],
            capture_output=True,
            text=True,
            timeout=_PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any(line.split()[1:2] == ["zscale"] for line in done.stdout.splitlines())


def _from_hdr(hdr: HdrColours) -> str:
    """The ffmpeg filter that turns ``hdr`` video into ordinary BT.709 video."""
    return (
        f"zscale=tin={hdr.transfer}:pin={hdr.primaries}:min={hdr.matrix}:rin={hdr.value_range}"
        f":t=bt709:p=bt709:m=bt709:r=tv:npl={_HDR_WHITE_NITS}"
    )


def _as_clip(clip: ClipInfo | str | Path) -> ClipInfo:
    return clip if isinstance(clip, ClipInfo) else probe_clip(clip)


def _decode_command(
    clip: ClipInfo,
    size: tuple[int, int],
    fps: Fraction,
    *,
    seconds: float | None = None,
    start: float = 0.0,
    frames: int | None = None,
    cover: bool = False,
    loop: bool = False,
) -> list[str]:
    """ffmpeg decoding ``clip`` to ``rgb24`` frames of ``size`` on its standard output.

    ``cover`` scales to cover ``size`` and crops the middle (a background); otherwise the
    clip's shape already matches ``size``.
    """
    width, height = size
    command = [ffmpeg_tool(), "-nostdin", "-v", "error", *_SAFE_INPUT]
    if loop:
        command += ["-stream_loop", "-1"]
    if start > 0:
        command += ["-ss", f"{start:.3f}"]
    command += ["-i", str(clip.path), "-map", "0:v:0", "-an", "-sn", "-dn"]
    if seconds is not None:
        command += ["-t", f"{seconds:.3f}"]
    if frames is not None:
        command += ["-frames:v", str(frames)]
    # fps first, so dropped frames are never scaled; bilinear is sharp enough at 720p.
    # Scaling in YUV and then converting the smaller picture to RGB costs a fifth less
    # than doing both in one step (ffmpeg takes a slower path for that).
    scale = f"scale={width}:{height}:flags=bilinear"
    if cover:
        scale += f":force_original_aspect_ratio=increase,crop={width}:{height}"
    if clip.hdr is not None:  # after scaling: fewer pixels to convert
        scale += f",{_from_hdr(clip.hdr)}"
    command += ["-vf", f"fps={fps},{scale},format=yuv420p,setsar=1"]
    return [*command, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]


def _encode_command(
    out_path: Path,
    size: tuple[int, int],
    fps: Fraction,
    film_format: FilmFormat,
    *,
    audio_from: ClipInfo | None,
    seconds: float,
) -> list[str]:
    """ffmpeg encoding ``yuv420p`` frames (see :func:`_to_yuv`) from its standard input,
    with ``audio_from``'s sound, to a film with no metadata."""
    width, height = size
    command = [ffmpeg_tool(), "-nostdin", "-v", "error", "-y"]
    command += ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{width}x{height}"]
    command += ["-framerate", str(fps), "-i", "pipe:0"]
    if audio_from is not None:
        command += [*_SAFE_INPUT, "-t", f"{seconds:.3f}", "-i", str(audio_from.path)]
        command += ["-map", "0:v:0", "-map", "1:a:0"]
    else:
        command += ["-map", "0:v:0"]
    # The frames are BT.601 YUV (OpenCV's conversion): say so in the film, or players
    # would take HD video for BT.709 and shift the colours. sRGB has BT.709's primaries.
    command += ["-colorspace", "smpte170m", "-color_primaries", "bt709", "-color_trc", "bt709"]
    command += ["-color_range", "tv"]
    if film_format == "mp4":
        command += ["-c:v", "libx264", "-preset", X264_PRESET, "-x264-params", X264_TUNING]
        command += ["-crf", "23"]
        command += ["-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4"]
    else:
        command += ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"]
        command += ["-row-mt", "1", "-b:v", "0", "-crf", "33"]
        command += ["-c:a", "libopus", "-b:a", "96k", "-f", "webm"]
    # No metadata at all: no location, no phone model, no date, no encoder name.
    command += ["-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact"]
    command += ["-flags:v", "+bitexact", "-flags:a", "+bitexact"]
    return [*command, str(out_path)]


def _to_yuv(frame: RGBImage) -> NDArray[np.uint8]:
    """RGB to the encoder's ``yuv420p`` (BT.601, limited range): OpenCV converts in about
    1 ms a 720p frame, several times faster than ffmpeg's own conversion, and the pipe
    carries half the bytes."""
    return cv2.cvtColor(frame, cv2.COLOR_RGB2YUV_I420)


def _start(command: list[str], *, stdin: bool) -> subprocess.Popen[bytes]:
    """Start an ffmpeg; its error text goes to a temporary file (a full pipe would stall it)."""
    errors = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL if stdin else subprocess.PIPE,
            stderr=errors,
            bufsize=0,
        )
    except OSError as error:
        errors.close()
        msg = f"cannot start {command[0]}: {error}"
        raise MediaError(msg, friendly=FFMPEG_MISSING) from error
    process.errors = errors  # type: ignore[attr-defined]
    return process


def _error_text(process: subprocess.Popen[bytes]) -> str:
    errors: IO[bytes] = process.errors  # type: ignore[attr-defined]
    errors.seek(0)
    return errors.read()[-600:].decode("utf-8", "replace").strip()


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    """Kill ``process`` if it still runs and reap it (no zombies), closing its pipes."""
    if process is None:
        return
    if process.poll() is None:
        process.kill()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    errors: IO[bytes] = process.errors  # type: ignore[attr-defined]
    errors.close()


def _read_frame(stream: IO[bytes], shape: tuple[int, int, int]) -> RGBImage | None:
    """The next whole frame from a decoder's pipe, or ``None`` at its end."""
    frame = np.empty(shape, np.uint8)
    view = memoryview(frame).cast("B")
    got = 0
    while got < len(view):
        count = stream.readinto(view[got:])  # type: ignore[attr-defined]
        if not count:
            return None  # the end (a part frame at the end is dropped)
        got += count
    return frame


def _frames(process: subprocess.Popen[bytes], shape: tuple[int, int, int]) -> Iterator[RGBImage]:
    assert process.stdout is not None
    while (frame := _read_frame(process.stdout, shape)) is not None:
        yield frame


def preview_frame(
    clip: ClipInfo | str | Path, *, at_seconds: float = 0.0, size: tuple[int, int] | None = None
) -> RGBImage:
    """One frame of ``clip``, RGB ``uint8``, at the film's size (or ``size``, covered).

    Raises
    ------
    MediaError
        If the clip cannot be decoded there.
    """
    clip = _as_clip(clip)
    width, height = size or clip.working_size
    at_seconds = max(0.0, min(at_seconds, clip.seconds - 0.1))
    command = _decode_command(
        clip, (width, height), clip.film_fps, start=at_seconds, frames=1, cover=size is not None
    )
    process = _start(command, stdin=False)
    try:
        result: list[RGBImage | None] = [None]
        reader = threading.Thread(
            target=lambda: result.__setitem__(
                0,
                _read_frame(process.stdout, (height, width, 3)),  # type: ignore[arg-type]
            ),
            daemon=True,
        )
        reader.start()
        reader.join(_PROBE_SECONDS)
        frame = result[0]
        if frame is None:
            process.kill()
            reader.join(5)
            msg = f"no frame at {at_seconds:.2f} s in {clip.path}: {_error_text(process)}"
            raise MediaError(msg, friendly=DAMAGED)
        return frame
    finally:
        _stop(process)


def _screen_name(key: tuple[int, int, int]) -> str:
    return "blue" if key[2] > key[1] else "green"


def find_screen_key(
    clip: ClipInfo | str | Path, *, screen: Screen = "auto", frame: RGBImage | None = None
) -> tuple[int, int, int]:
    """The screen colour of ``clip``, found once for the whole film.

    Tries the first frame (or ``frame``, if given), then a few more in the first two
    seconds (a clip may start with a hand over the lens).

    Raises
    ------
    MediaError
        If no frame shows a green or blue screen, or ``screen`` says ``"green"`` and the
        clip's screen is blue (or the other way round).
    """
    clip = _as_clip(clip)
    times = [0.5, 1.0, 1.5, 2.0]
    candidates: list[RGBImage | float] = [frame if frame is not None else 0.0, *times]
    for candidate in candidates:
        if isinstance(candidate, float):
            if candidate >= clip.seconds:
                break
            candidate = preview_frame(clip, at_seconds=candidate)
        try:
            key = chroma_key(candidate).key
        except ImageError:
            continue
        if screen != "auto" and _screen_name(key) != screen:
            msg = f"{clip.path}: the lesson asks for a {screen} screen, found {key}"
            raise MediaError(msg, friendly=wrong_screen_words(screen, _screen_name(key)))
        return key
    msg = f"{clip.path}: no green or blue screen in its first two seconds"
    raise MediaError(msg, friendly=NO_SCREEN)


def _cover(image: RGBImage, size: tuple[int, int]) -> RGBImage:
    """``image`` scaled (keeping its shape) and centre-cropped to exactly ``size``."""
    width, height = size
    rows, cols = image.shape[:2]
    zoom = max(height / rows, width / cols)
    scaled_size = (max(width, math.ceil(cols * zoom)), max(height, math.ceil(rows * zoom)))
    interp = cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR
    scaled = cv2.resize(image, scaled_size, interpolation=interp)
    top, left = (scaled_size[1] - height) // 2, (scaled_size[0] - width) // 2
    return np.ascontiguousarray(scaled[top : top + height, left : left + width])


@dataclass
class _Clock:
    """Seconds spent in each part of the pipeline (and frames without a screen), added up
    from several threads."""

    key: float = 0.0
    composite: float = 0.0
    convert: float = 0.0
    frames_without_screen: int = 0
    waiting_for_decoder: float = 0.0
    waiting_for_encoder: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **amounts: float) -> None:
        with self.lock:
            for name, value in amounts.items():
                setattr(self, name, getattr(self, name) + value)


_END = object()


def make_film(
    clip: ClipInfo | str | Path,
    *,
    background: RGBImage | ClipInfo | str | Path,
    out_path: str | Path,
    settings: FilmSettings | None = None,
    format: FilmFormat = "mp4",
    max_seconds: float = MAX_SECONDS,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    timeout: float | None = None,
    workers: int = FILM_WORKERS,
) -> FilmResult | None:
    """Key every frame of ``clip`` with the same settings onto ``background``; save a film.

    Parameters
    ----------
    clip
        The pupil's clip (a :class:`ClipInfo` or a path, probed here).
    background
        An RGB ``uint8`` picture (any size: it is scaled to cover the frame, and a
        ``1 x 1`` picture is a plain colour), or a background video, which loops.
    out_path
        Where the film goes; it is deleted again if the film is not finished.
    settings
        How to key (the same for every frame); the defaults find the screen colour on
        the first frames.
    format
        ``"mp4"``: H.264 and AAC (plays everywhere); ``"webm"``: VP9 and Opus.
    max_seconds
        Only the first ``max_seconds`` of the clip go into the film.
    on_progress
        Called after each frame with ``(frames_done, frames_total, seconds_left)``.
    cancel
        Set it (from another thread) to stop: the ffmpeg processes are killed, the part
        film is deleted, and ``None`` is returned.
    timeout
        Stop with a MediaError after this many seconds (default: 60 s plus 20 s for each
        second of film, far more than the slowest laptop needs).
    workers
        Threads keying frames at once (see :data:`FILM_WORKERS`).

    Returns
    -------
    FilmResult or None
        The film, or ``None`` if it was cancelled.

    Raises
    ------
    MediaError
        With words for the child: a bad clip or background video, no screen in the
        clip, no ffmpeg, or a film that failed or took too long.
    """
    settings = settings or FilmSettings()
    cancel = cancel or threading.Event()
    out_path = Path(out_path)
    started = time.perf_counter()
    clip = _as_clip(clip)
    size = clip.working_size
    width, height = size
    fps = clip.film_fps
    seconds = min(clip.seconds, max_seconds)
    total = clip.frame_count(max_seconds)
    deadline = started + (timeout if timeout is not None else 60 + 20 * seconds)
    key = settings.key or find_screen_key(clip, screen=settings.screen)
    options = {
        "key": key,
        "strength": settings.strength,
        "softness": settings.softness,
        "spill": settings.spill,
        "keep_inside": settings.keep_inside,
    }
    still: RGBImage | None = None
    background_clip: ClipInfo | None = None
    if isinstance(background, np.ndarray):
        still = _cover(background, size)
    else:
        background_clip = _as_clip(background)

    shape = (height, width, 3)
    clock = _Clock()
    frames_in: queue.Queue[object] = queue.Queue(maxsize=4)
    stop_reading = threading.Event()
    processes: list[subprocess.Popen[bytes]] = []
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="film-key")
    reader: threading.Thread | None = None
    finished = False

    def hand_over(item: object) -> bool:
        """Queue ``item`` for the keying loop, unless the film stopped meanwhile."""
        while not stop_reading.is_set():
            try:
                frames_in.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def read_frames(decoder: subprocess.Popen[bytes], behind: subprocess.Popen[bytes] | None):
        # Runs in its own thread: pipe reads release the GIL, so decoding overlaps keying.
        last_behind = still
        try:
            backgrounds = _frames(behind, shape) if behind is not None else None
            for frame in _frames(decoder, shape):
                if backgrounds is not None:
                    last_behind = next(backgrounds, last_behind)  # holds its last frame
                    if last_behind is None:
                        msg = f"background {background_clip.path} gave no frame"  # type: ignore[union-attr]
                        hand_over(MediaError(msg, friendly=BACKGROUND_FAILED))
                        return
                if not hand_over((frame, last_behind)):
                    return
        except Exception as error:  # handed to the keying loop, which raises it
            hand_over(error)
            return
        hand_over(_END)

    def key_frame(frame: RGBImage, behind: RGBImage) -> NDArray[np.uint8]:
        """One frame keyed, composited and converted for the encoder (in a pool thread)."""
        begun = time.perf_counter()
        try:
            keyed = chroma_key(frame, **options)
        except ImageError as error:
            if error.friendly != NO_SCREEN_IN_FRAME:
                raise  # a setting the keyer refuses: the whole film would fail alike
            # No screen in this frame (someone walked in front of the camera): keep
            # the frame as filmed rather than stopping the whole film.
            clock.add(frames_without_screen=1)
            out, keyed_at = frame, time.perf_counter()
        else:
            keyed_at = time.perf_counter()
            out = composite(keyed, behind)
        composited_at = time.perf_counter()
        yuv = _to_yuv(out)
        clock.add(
            key=keyed_at - begun,
            composite=composited_at - keyed_at,
            convert=time.perf_counter() - composited_at,
        )
        return yuv

    try:
        decoder = _start(_decode_command(clip, size, fps, seconds=seconds), stdin=False)
        processes.append(decoder)
        behind_process = None
        if background_clip is not None:
            behind_process = _start(
                _decode_command(background_clip, size, fps, cover=True, loop=True), stdin=False
            )
            processes.append(behind_process)
        encoder = _start(
            _encode_command(
                out_path,
                size,
                fps,
                format,
                audio_from=clip if clip.has_audio else None,
                seconds=seconds,
            ),
            stdin=True,
        )
        processes.append(encoder)
        assert encoder.stdin is not None
        reader = threading.Thread(
            target=read_frames, args=(decoder, behind_process), name="film-read", daemon=True
        )
        reader.start()

        pending: deque[Future[NDArray[np.uint8]]] = deque()
        done = 0
        first_done_at: float | None = None
        last_input_at = time.perf_counter()
        more = True
        while more or pending:
            if cancel.is_set():
                return None
            now = time.perf_counter()
            if now > deadline:
                msg = f"film of {clip.path} not finished after {now - started:.0f} s"
                raise MediaError(msg, friendly=TOO_SLOW)
            if more and len(pending) <= workers:
                try:
                    item = frames_in.get(timeout=0.25)
                except queue.Empty:
                    clock.add(waiting_for_decoder=time.perf_counter() - now)
                    if time.perf_counter() - last_input_at > _STALL_SECONDS:
                        msg = f"no frame from the decoder for {_STALL_SECONDS:g} s"
                        raise MediaError(msg, friendly=DAMAGED) from None
                    continue
                last_input_at = time.perf_counter()
                clock.add(waiting_for_decoder=last_input_at - now)
                if item is _END:
                    more = False
                    continue
                if isinstance(item, BaseException):
                    raise item
                frame, behind = item  # type: ignore[misc]
                pending.append(pool.submit(key_frame, frame, behind))
                continue
            out = pending.popleft().result()
            handed = time.perf_counter()
            try:
                encoder.stdin.write(out.data)
            except (BrokenPipeError, OSError) as error:
                encoder.wait(timeout=_FINISH_SECONDS)
                msg = f"the encoder stopped: {_error_text(encoder)}"
                raise MediaError(msg, friendly=FILM_FAILED) from error
            clock.add(waiting_for_encoder=time.perf_counter() - handed)
            done += 1
            if first_done_at is None:
                first_done_at = time.perf_counter()
            if on_progress is not None:
                on_progress(done, max(total, done), _seconds_left(first_done_at, done, total))

        last_handed = time.perf_counter()
        decoded_ok = decoder.wait(timeout=_FINISH_SECONDS) == 0
        if done == 0:
            msg = f"no frame decoded from {clip.path}: {_error_text(decoder)}"
            raise MediaError(msg, friendly=DAMAGED)
        if not decoded_ok:
            log.warning("decoding %s ended with an error: %s", clip.path, _error_text(decoder))
        encoder.stdin.close()
        try:
            code = encoder.wait(timeout=_FINISH_SECONDS)
        except subprocess.TimeoutExpired as error:
            msg = f"the encoder did not finish in {_FINISH_SECONDS:g} s"
            raise MediaError(msg, friendly=TOO_SLOW) from error
        if code != 0 or not out_path.is_file() or out_path.stat().st_size == 0:
            msg = f"the encoder failed (exit {code}): {_error_text(encoder)}"
            raise MediaError(msg, friendly=FILM_FAILED)
        finished = True
        ended = time.perf_counter()
        if on_progress is not None:
            on_progress(done, done, 0.0)
        times = FilmTimes(
            total=ended - started,
            key=clock.key,
            composite=clock.composite,
            convert=clock.convert,
            waiting_for_decoder=clock.waiting_for_decoder,
            waiting_for_encoder=clock.waiting_for_encoder,
            finishing=ended - last_handed,
        )
        return FilmResult(
            out_path,
            format,
            done,
            width,
            height,
            fps,
            clip.has_audio,
            clock.frames_without_screen,
            times,
        )
    finally:
        stop_reading.set()
        for process in processes:
            _stop(process)
        if reader is not None:
            reader.join(timeout=10)
        pool.shutdown(wait=True, cancel_futures=True)
        if not finished:
            out_path.unlink(missing_ok=True)


def _seconds_left(first_done_at: float, done: int, total: int) -> float | None:
    """Time left at the pace since the first frame (which includes start-up)."""
    if done < 5:
        return None
    pace = (time.perf_counter() - first_done_at) / (done - 1)
    return max(0.0, pace * (total - done))


class Workspace:
    """A pupil's private temporary folder for clips and films, deleted with the session.

    The folder is made readable by this user only, files get random names (never a
    pupil's), and the folder is deleted by :meth:`close`, when the workspace is garbage
    collected (the pupil's session ended), or when the app stops; films still being made
    for it (:meth:`cancel_on_close`) are stopped then too.
    """

    def __init__(self, *, prefix: str = "workshop-film-") -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        self._jobs: list[weakref.ref[FilmJob]] = []
        self._finalizer = weakref.finalize(self, _close_workspace, self.folder, self._jobs)

    def cancel_on_close(self, job: FilmJob) -> FilmJob:
        """Stop ``job`` when the workspace closes: nobody is left to watch the film."""
        self._jobs.append(weakref.ref(job))
        return job

    def new_file(self, suffix: str) -> Path:
        """A new, unused path in the folder (the file is not created)."""
        return self.folder / f"{secrets.token_hex(8)}{suffix}"

    def save(self, data: bytes, suffix: str) -> Path:
        """``data`` written to a new file in the folder; returns its path."""
        path = self.new_file(suffix)
        path.write_bytes(data)
        return path

    def discard(self, *paths: Path | None) -> None:
        """Delete files of this workspace (a clip or film replaced by a new one); other
        files, such as a shipped practice clip, are left alone."""
        for path in paths:
            if path is not None and path.parent == self.folder:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        """Delete the folder and everything in it."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive


def _close_workspace(folder: Path, jobs: list[weakref.ref[FilmJob]]) -> None:
    for job_ref in jobs:
        job = job_ref()
        if job is not None:
            job.cancel()
    shutil.rmtree(folder, ignore_errors=True)


JobState = Literal["waiting", "running", "done", "cancelled", "failed"]


class _Turns:
    """Films take turns, first come first served, :data:`FILM_SLOTS` at once."""

    def __init__(self, slots: int) -> None:
        self._changed = threading.Condition()
        self._waiting: deque[object] = deque()
        self._running = 0
        self._slots = slots

    def wait(self, job: object, cancel: threading.Event) -> bool:
        """Wait for ``job``'s turn; ``False`` if it was cancelled while waiting."""
        with self._changed:
            self._waiting.append(job)
            try:
                while self._waiting[0] is not job or self._running >= self._slots:
                    if cancel.is_set():
                        return False
                    self._changed.wait(0.2)
                self._running += 1
                return True
            finally:
                self._waiting.remove(job)
                self._changed.notify_all()

    def done(self) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()

    def ahead_of(self, job: object) -> int:
        """How many films are being made or waiting before ``job`` (0 once it runs)."""
        with self._changed:
            if job not in self._waiting:
                return 0
            return self._running + self._waiting.index(job)


_turns = _Turns(FILM_SLOTS)


class FilmJob:
    """One film being made in a background thread, so it carries on while the page
    reruns; the page polls :attr:`state` and :meth:`progress`.

    Films take turns, first come first served, :data:`FILM_SLOTS` at once (``state`` is
    ``"waiting"``, and :meth:`films_ahead` says how many are before it, until
    then). :meth:`cancel` stops a waiting or running film; its part file is deleted.

    Parameters
    ----------
    clip, background, out_path, settings, format, max_seconds
        As for :func:`make_film`.
    """

    def __init__(
        self,
        clip: ClipInfo,
        *,
        background: RGBImage | ClipInfo,
        out_path: Path,
        settings: FilmSettings,
        format: FilmFormat = "mp4",
        max_seconds: float = MAX_SECONDS,
    ) -> None:
        self.clip = clip
        self.out_path = out_path
        self.format = format
        self.result: FilmResult | None = None
        self.error: WorkshopError | None = None
        self._state: JobState = "waiting"
        self._progress = (0, clip.frame_count(max_seconds), None)
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._arguments = {
            "background": background,
            "out_path": out_path,
            "settings": settings,
            "format": format,
            "max_seconds": max_seconds,
        }
        self._thread = threading.Thread(target=self._run, name="film-job", daemon=True)

    def start(self) -> FilmJob:
        self._thread.start()
        return self

    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def finished(self) -> bool:
        return self.state in ("done", "cancelled", "failed")

    def progress(self) -> tuple[int, int, float | None]:
        """``(frames_done, frames_total, seconds_left)``."""
        with self._lock:
            return self._progress

    def films_ahead(self) -> int:
        """How many other films are made before this one starts (0 once it runs)."""
        return _turns.ahead_of(self)

    def cancel(self) -> None:
        """Stop the film (a no-op once it is finished)."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the film to finish; ``True`` if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _set(self, **values: object) -> None:
        with self._lock:
            for name, value in values.items():
                setattr(self, name, value)

    def _on_progress(self, done: int, total: int, seconds_left: float | None) -> None:
        self._set(_progress=(done, total, seconds_left))

    def _run(self) -> None:
        # Never let an error escape the thread: the page shows self.error instead.
        try:
            if not _turns.wait(self, self._cancel):
                self._set(_state="cancelled")
                return
            try:
                if self._cancel.is_set():
                    self._set(_state="cancelled")
                    return
                self._set(_state="running")
                result = make_film(
                    self.clip,
                    on_progress=self._on_progress,
                    cancel=self._cancel,
                    **self._arguments,  # type: ignore[arg-type]
                )
            finally:
                _turns.done()
        except WorkshopError as error:
            log.warning("film failed: %s", error)
            self._set(error=error, _state="failed")
        except Exception as error:
            log.exception("film failed unexpectedly")
            self._set(error=MediaError(str(error), friendly=FILM_FAILED), _state="failed")
        else:
            state: JobState = "cancelled" if result is None else "done"
            self._set(result=result, _state=state)

"""Running ffmpeg: decoding clips to RGB frames on a pipe, and encoding frames to films.

- :func:`decode_command` decodes a clip to ``rgb24`` frames of a given ``(rows, cols)``
  on ffmpeg's standard output (scaled, at the film's frame rate, HDR turned into
  ordinary colour); :func:`iter_frames` reads them.
- :func:`encode_command` encodes ``yuv420p`` frames (:func:`to_yuv`) from ffmpeg's
  standard input to an H.264 MP4 or VP9 WebM film, with a clip's sound and no metadata
  (``-map_metadata -1``: no location, no phone model, no date).
- :func:`start_ffmpeg` and :func:`stop_ffmpeg` start and reap the processes (never a
  zombie, never a stall on a full error pipe); :func:`preview_frame` decodes one frame.

ffmpeg reads pupils' files with :data:`~workshop_app.media.video.tools.SAFE_INPUT`
only: local MP4/MOV and Matroska/WebM files, so a crafted upload cannot make it fetch
anything from the network. Sizes are ``(rows, cols)``, as everywhere in the kit.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import IO, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import MediaError
from workshop_app.imaging.images import RGBImage
from workshop_app.media.video.probe import ClipInfo, as_clip, from_hdr
from workshop_app.media.video.tools import PROBE_SECONDS, SAFE_INPUT, ffmpeg_tool

__all__ = [
    "X264_PRESET",
    "X264_TUNING",
    "FilmFormat",
    "decode_command",
    "encode_command",
    "error_text",
    "ffmpeg_tool",
    "iter_frames",
    "preview_frame",
    "read_frame",
    "start_ffmpeg",
    "stop_ffmpeg",
    "to_yuv",
]

FilmFormat = Literal["mp4", "webm"]
"""``"mp4"``: H.264 and AAC (plays everywhere); ``"webm"``: VP9 and Opus."""

X264_PRESET = "veryfast"
X264_TUNING = "subme=1:me=dia"
"""x264's speed for MP4 films: ``veryfast`` with the cheapest motion search, about a
third less CPU than plain ``veryfast`` for files of the same size (``ultrafast`` is a
little faster again but makes files two to three times bigger)."""


def decode_command(
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

    ``size`` is ``(rows, cols)``. ``cover`` scales to cover ``size`` and crops the
    middle (a background); otherwise the clip's shape already matches ``size``.
    """
    rows, cols = size
    command = [ffmpeg_tool(), "-nostdin", "-v", "error", *SAFE_INPUT]
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
    scale = f"scale={cols}:{rows}:flags=bilinear"
    if cover:
        scale += f":force_original_aspect_ratio=increase,crop={cols}:{rows}"
    if clip.hdr is not None:  # after scaling: fewer pixels to convert
        scale += f",{from_hdr(clip.hdr)}"
    command += ["-vf", f"fps={fps},{scale},format=yuv420p,setsar=1"]
    return [*command, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]


def encode_command(
    out_path: Path,
    size: tuple[int, int],
    fps: Fraction,
    film_format: FilmFormat,
    *,
    audio_from: ClipInfo | None,
    seconds: float,
) -> list[str]:
    """ffmpeg encoding ``yuv420p`` frames (see :func:`to_yuv`) of ``size``
    (``(rows, cols)``) from its standard input, with ``audio_from``'s sound, to a film
    with no metadata."""
    rows, cols = size
    command = [ffmpeg_tool(), "-nostdin", "-v", "error", "-y"]
    command += ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{cols}x{rows}"]
    command += ["-framerate", str(fps), "-i", "pipe:0"]
    if audio_from is not None:
        command += [*SAFE_INPUT, "-t", f"{seconds:.3f}", "-i", str(audio_from.path)]
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


def to_yuv(frame: RGBImage) -> NDArray[np.uint8]:
    """RGB to the encoder's ``yuv420p`` (BT.601, limited range): OpenCV converts in about
    1 ms a 720p frame, several times faster than ffmpeg's own conversion, and the pipe
    carries half the bytes."""
    return cv2.cvtColor(frame, cv2.COLOR_RGB2YUV_I420)


def start_ffmpeg(command: list[str], *, stdin: bool) -> subprocess.Popen[bytes]:
    """Start an ffmpeg that reads frames (``stdin``) or writes them (otherwise).

    Its error text goes to a temporary file (a full pipe would stall it); read it with
    :func:`error_text`, and end the process with :func:`stop_ffmpeg`.

    Raises
    ------
    MediaError
        ``cause="ffmpeg-missing"`` if the program cannot be started.
    """
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
        raise MediaError(msg, cause="ffmpeg-missing") from error
    process.errors = errors  # type: ignore[attr-defined]
    return process


def error_text(process: subprocess.Popen[bytes]) -> str:
    """The end of what a process started by :func:`start_ffmpeg` said was wrong."""
    errors: IO[bytes] = process.errors  # type: ignore[attr-defined]
    errors.seek(0)
    return errors.read()[-600:].decode("utf-8", "replace").strip()


def stop_ffmpeg(process: subprocess.Popen[bytes] | None) -> None:
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


def read_frame(stream: IO[bytes], shape: tuple[int, int, int]) -> RGBImage | None:
    """The next whole frame from a decoder's pipe, or ``None`` at its end.

    The frame is read straight into its array (``readinto``), with no copy; pipe reads
    release the GIL, so a reading thread overlaps the keying threads.
    """
    frame = np.empty(shape, np.uint8)
    view = memoryview(frame).cast("B")
    got = 0
    while got < len(view):
        count = stream.readinto(view[got:])  # type: ignore[attr-defined]
        if not count:
            return None  # the end (a part frame at the end is dropped)
        got += count
    return frame


def iter_frames(
    process: subprocess.Popen[bytes], shape: tuple[int, int, int]
) -> Iterator[RGBImage]:
    """Every frame a decoder (:func:`decode_command`) writes, of ``(rows, cols, 3)``."""
    assert process.stdout is not None
    while (frame := read_frame(process.stdout, shape)) is not None:
        yield frame


def preview_frame(
    clip: ClipInfo | str | Path, *, at_seconds: float = 0.0, size: tuple[int, int] | None = None
) -> RGBImage:
    """One frame of ``clip``, RGB ``uint8``, at the film's size (or ``size``, covered).

    Parameters
    ----------
    clip
        A probed clip, or a file (probed here).
    at_seconds
        Where the frame is (kept inside the clip).
    size
        ``(rows, cols)``: the frame is scaled to cover it and its middle kept (a
        background's still); ``None`` gives the film's own frame
        (:attr:`~workshop_app.media.video.probe.ClipInfo.working_shape`).

    Raises
    ------
    MediaError
        If the clip cannot be decoded there (``cause="clip-damaged"``).
    """
    clip = as_clip(clip)
    rows, cols = size or clip.working_shape
    at_seconds = max(0.0, min(at_seconds, clip.seconds - 0.1))
    command = decode_command(
        clip, (rows, cols), clip.film_fps, start=at_seconds, frames=1, cover=size is not None
    )
    process = start_ffmpeg(command, stdin=False)
    try:
        # Read in a thread, so a decoder that hangs cannot hang the page: it is given
        # PROBE_SECONDS, then killed.
        result: list[RGBImage | None] = [None]
        reader = threading.Thread(
            target=lambda: result.__setitem__(
                0,
                read_frame(process.stdout, (rows, cols, 3)),  # type: ignore[arg-type]
            ),
            daemon=True,
        )
        reader.start()
        reader.join(PROBE_SECONDS)
        frame = result[0]
        if frame is None:
            process.kill()
            reader.join(5)
            msg = f"no frame at {at_seconds:.2f} s in {clip.path}: {error_text(process)}"
            raise MediaError(msg, cause="clip-damaged")
        return frame
    finally:
        stop_ffmpeg(process)

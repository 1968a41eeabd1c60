"""Tiny generated clips and ffmpeg helpers for the video and film tests.

:mod:`tests.studio` uses them too (its ``conftest`` imports the fixtures from here).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from workshop_app.bench.film import write_clip, write_green_screen_clip
from workshop_app.errors import MediaError
from workshop_app.media.video import probe
from workshop_app.ui.messages import MESSAGES, explain

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="films need ffmpeg and ffprobe: `sudo apt-get install ffmpeg` (CI installs it)",
)

ROWS, COLS, FPS, SECONDS = 120, 160, 25, 1.2
FRAMES = round(SECONDS * FPS)
BEACH = (240, 200, 140)


def ffmpeg(*arguments: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *arguments], check=True, timeout=60)


def ffprobe(path: Path) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-show_format", "-show_streams"]
        + ["-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def decoded_frames(path: Path, rows: int, cols: int) -> np.ndarray:
    """Every frame of a film, decoded by ffmpeg (fails on any decoding error)."""
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-xerror", "-i", str(path), "-f", "rawvideo"]
        + ["-pix_fmt", "rgb24", "pipe:1"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert not done.stderr, done.stderr
    return np.frombuffer(done.stdout, np.uint8).reshape(-1, rows, cols, 3)


def ffmpeg_children() -> list[int]:
    """Process ids of this test process's children still running ffmpeg (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].split(")", 1)[0]
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid() and name.startswith("ff"):
            found.append(int(stat.parent.name))
    return found


def refusal(error: MediaError) -> MediaError:
    """``error``, checked to be a kind refusal: an OSError with a cause that has words."""
    assert isinstance(error, OSError)  # MediaError is an OSError too
    assert error.cause in MESSAGES, error.cause
    assert "Traceback" not in explain(error)
    return error


def hdr_clip_of(source: Path, out: Path, transfer: str) -> Path:
    """``source`` as a phone films it in HDR: 10-bit HEVC, BT.2020, HLG or PQ, its white
    at HDR's reference white (203 nits)."""
    ffmpeg("-i", str(source), "-vf",
           f"zscale=tin=bt709:min=bt709:pin=bt709:rin=tv:t={transfer}:m=bt2020nc:p=bt2020"
           ":r=tv:npl=203,format=yuv420p10le",
           "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
           "-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc",
           "-tag:v", "hvc1", "-c:a", "copy", str(out))  # fmt: skip
    return out


def can_make_hdr_clips() -> bool:
    if shutil.which("ffmpeg") is None:
        return False
    found = subprocess.run(["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True)
    return probe.can_convert_hdr() and " libx265 " in found.stdout


needs_hdr_tools = pytest.mark.skipif(
    not can_make_hdr_clips(), reason="HDR clips need ffmpeg's zscale and libx265 (Debian has both)"
)


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clips")
    write_green_screen_clip(
        folder / "green.mp4", seconds=SECONDS, rows=ROWS, cols=COLS, fps=FPS, seed=3
    )
    # 0.4 s of background: 5 red frames then 5 blue ones, to see it loop.
    colours = [(220, 30, 30)] * 5 + [(30, 30, 220)] * 5
    write_clip(
        folder / "behind.mp4",
        (np.full((ROWS, COLS, 3), colour, np.uint8) for colour in colours),
        size=(ROWS, COLS),
        fps=FPS,
        codec_args=("-c:v", "libx264", "-preset", "ultrafast", "-qp", "0"),
    )
    return folder


@pytest.fixture
def green(clips) -> Path:
    return clips / "green.mp4"

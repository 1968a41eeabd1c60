"""ffmpeg's commands and processes: safe input, no metadata, frames on pipes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from tests.media.video.conftest import COLS, ROWS, ffmpeg, ffmpeg_children, needs_ffmpeg, refusal
from workshop_app.errors import MediaError
from workshop_app.media.video.ffmpeg import (
    decode_command,
    encode_command,
    iter_frames,
    preview_frame,
    start_ffmpeg,
    stop_ffmpeg,
    to_yuv,
)
from workshop_app.media.video.probe import probe_clip
from workshop_app.media.video.tools import SAFE_INPUT

pytestmark = needs_ffmpeg


def test_pupils_files_are_read_with_the_safe_input_options(green, tmp_path):
    clip = probe_clip(green)
    decode = decode_command(clip, (ROWS, COLS), Fraction(25))
    assert decode[decode.index("-i") - len(SAFE_INPUT) : decode.index("-i")] == list(SAFE_INPUT)
    encode = encode_command(
        tmp_path / "f.mp4", (ROWS, COLS), Fraction(25), "mp4", audio_from=clip, seconds=1.0
    )
    sound = encode.index(str(green))
    assert encode[sound - 3 - len(SAFE_INPUT) : sound - 3] == list(SAFE_INPUT)
    assert encode[encode.index("-s") + 1] == f"{COLS}x{ROWS}"  # ffmpeg says width x height
    assert encode[encode.index("-map_metadata") + 1] == "-1"


def test_decoded_frames_have_the_asked_rows_and_cols(green):
    clip = probe_clip(green)
    decoder = start_ffmpeg(decode_command(clip, (60, 80), clip.film_fps, frames=3), stdin=False)
    try:
        frames = list(iter_frames(decoder, (60, 80, 3)))
    finally:
        stop_ffmpeg(decoder)
    assert [frame.shape for frame in frames] == [(60, 80, 3)] * 3
    assert decoder.returncode is not None  # reaped
    assert ffmpeg_children() == []


def test_a_preview_frame_is_the_films_frame_or_covers_the_size_asked(green, tmp_path):
    assert preview_frame(green).shape == (ROWS, COLS, 3)
    assert preview_frame(green, at_seconds=99).shape == (ROWS, COLS, 3)  # kept inside
    assert preview_frame(green, size=(90, 320)).shape == (90, 320, 3)  # (rows, cols)
    upright = tmp_path / "upright.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=1080x1920:r=5:d=0.6", "-pix_fmt", "yuv420p",
           str(upright))  # fmt: skip
    assert preview_frame(upright).shape == (1280, 720, 3)


def test_a_program_that_cannot_start_is_said_plainly():
    with pytest.raises(MediaError) as caught:
        start_ffmpeg(["/no/such/ffmpeg", "-version"], stdin=False)
    assert refusal(caught.value).cause == "ffmpeg-missing"


def test_rgb_becomes_the_encoders_yuv420p():
    frame = np.zeros((ROWS, COLS, 3), np.uint8)
    yuv = to_yuv(frame)
    assert yuv.shape == (ROWS * 3 // 2, COLS)  # Y, then U and V at half size
    assert yuv.nbytes == ROWS * COLS * 3 // 2


def test_stopping_kills_and_reaps_a_running_ffmpeg(green):
    clip = probe_clip(green)
    command = decode_command(clip, (ROWS, COLS), clip.film_fps, loop=True)  # never ends
    decoder = start_ffmpeg(command, stdin=False)
    stop_ffmpeg(decoder)
    assert decoder.returncode is not None
    assert ffmpeg_children() == []
    stop_ffmpeg(None)  # nothing to stop

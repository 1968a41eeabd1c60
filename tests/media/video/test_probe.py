"""Reading clips: length, size, rate and sound; HDR; and every kind of bad clip refused."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from tests.media.video.conftest import (
    COLS,
    FPS,
    FRAMES,
    ROWS,
    SECONDS,
    ffmpeg,
    hdr_clip_of,
    needs_ffmpeg,
    needs_hdr_tools,
    refusal,
)
from workshop_app.errors import MediaError
from workshop_app.media.video import probe, tools
from workshop_app.media.video.probe import HdrColours, probe_clip, working_shape
from workshop_app.ui.messages import MESSAGES, explain

pytestmark = needs_ffmpeg


def refused(path: Path, **options) -> MediaError:
    with pytest.raises(MediaError) as caught:
        probe_clip(path, **options)
    return refusal(caught.value)


def test_probe_reads_length_size_rate_and_sound(green):
    clip = probe_clip(green)
    assert clip.seconds == pytest.approx(SECONDS, abs=0.05)
    assert (clip.width, clip.height) == (COLS, ROWS)
    assert clip.working_shape == (ROWS, COLS)
    assert clip.fps == Fraction(FPS)
    assert clip.has_audio
    assert clip.frame_count() == FRAMES
    assert clip.frame_count(max_seconds=0.4) == 10


def test_a_big_clip_is_made_at_720p_and_an_upright_one_stays_upright(tmp_path):
    assert working_shape(1080, 1920) == (720, 1280)
    assert working_shape(1920, 1080) == (1280, 720)
    assert working_shape(1080, 1440) == (720, 960)
    assert working_shape(480, 640) == (480, 640)
    upright = tmp_path / "upright.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=1080x1920:r=5:d=0.6", "-pix_fmt", "yuv420p",
           str(upright))  # fmt: skip
    clip = probe_clip(upright)
    assert (clip.width, clip.height) == (1080, 1920)
    assert clip.working_shape == (1280, 720)


def test_a_phone_clip_filmed_sideways_is_read_upright(green, tmp_path):
    turned = tmp_path / "turned.mp4"
    ffmpeg("-i", str(green), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(turned))
    clip = probe_clip(turned)
    assert (clip.width, clip.height) == (ROWS, COLS)
    assert clip.working_shape == (COLS, ROWS)


@needs_hdr_tools
@pytest.mark.parametrize("transfer", ["arib-std-b67", "smpte2084"])
def test_an_hdr_phone_clip_is_recognised(green, tmp_path, transfer):
    hdr = probe_clip(hdr_clip_of(green, tmp_path / "hdr.mov", transfer))
    assert hdr.hdr == HdrColours(transfer, "bt2020", "bt2020nc", "tv")
    assert probe_clip(green).hdr is None
    assert probe.from_hdr(hdr.hdr).startswith(f"zscale=tin={transfer}:pin=bt2020")
    assert ":npl=203" in probe.from_hdr(hdr.hdr)  # HDR's reference white becomes white


@needs_hdr_tools
def test_an_hdr_clip_without_the_converter_is_refused_kindly(green, tmp_path, monkeypatch):
    hdr = hdr_clip_of(green, tmp_path / "hdr.mov", "arib-std-b67")
    monkeypatch.setattr(probe, "can_convert_hdr", lambda: False)
    error = refused(hdr)
    assert error.cause == "clip-hdr-unsupported"
    assert "HDR" in explain(error)
    assert "camera settings" in explain(error)


def test_fast_clips_are_halved_to_at_most_30_fps(tmp_path):
    fast = tmp_path / "fast.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=64x48:r=60:d=0.5", "-pix_fmt", "yuv420p",
           str(fast))  # fmt: skip
    clip = probe_clip(fast)
    assert clip.fps == 60
    assert clip.film_fps == 30
    assert clip.frame_count() == 15


def test_not_a_video(tmp_path):
    text = tmp_path / "homework.mp4"
    text.write_text("my homework, not a film\n" * 40)
    assert refused(text).cause == "not-a-video"
    empty = tmp_path / "empty.mov"
    empty.write_bytes(b"")
    assert refused(empty).cause == "not-a-video"
    picture = tmp_path / "picture.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1", "-f", "image2",
           "-c:v", "png", str(picture))  # fmt: skip
    assert refused(picture).cause == "not-a-video"
    sound = tmp_path / "song.mp4"
    ffmpeg("-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", str(sound))
    assert refused(sound).cause == "not-a-video"
    error = refused(tmp_path / "missing.mp4")
    assert error.cause == "not-a-video"
    assert explain(error) == (
        "This file is not a video. Choose a clip that ends in .mp4, .mov or .webm, "
        "or use the practice clip."
    )


def test_a_playlist_pretending_to_be_a_video_is_never_followed(tmp_path):
    playlist = tmp_path / "clip.mp4"
    playlist.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://192.0.2.1/a.ts\n#EXT-X-ENDLIST\n"
    )
    assert refused(playlist).cause == "not-a-video"


@pytest.mark.parametrize("film_format", ["mp4", "webm"])
def test_a_cut_off_clip_is_damaged(green, tmp_path, film_format):
    whole = tmp_path / f"whole.{film_format}"
    if film_format == "webm":
        ffmpeg("-i", str(green), "-c:v", "libvpx-vp9", "-deadline", "realtime", str(whole))
    else:
        ffmpeg("-i", str(green), "-c", "copy", "-movflags", "+faststart", str(whole))
    cut = tmp_path / f"cut.{film_format}"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    error = refused(cut)
    assert error.cause == "clip-damaged"
    assert explain(error) == MESSAGES["clip-damaged"]


def test_a_scrambled_clip_is_damaged(green, tmp_path):
    scrambled = tmp_path / "scrambled.mp4"
    data = bytearray(green.read_bytes())
    data[12:] = np.random.default_rng(1).integers(0, 256, len(data) - 12, np.uint8).tobytes()
    scrambled.write_bytes(bytes(data))  # still starts like an MP4 ("ftyp")
    assert refused(scrambled).cause == "clip-damaged"


def test_too_long(tmp_path):
    long_clip = tmp_path / "long.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=32x32:r=1:d=62", "-pix_fmt", "yuv420p",
           str(long_clip))  # fmt: skip
    error = refused(long_clip)
    assert (error.cause, error.details) == ("clip-too-long", {"seconds": 62, "limit": 60})
    assert explain(error) == (
        "This clip is 62 seconds long. Films can be up to 60 seconds. "
        "Cut it shorter on the camera, or film a shorter clip."
    )
    shorter = refused(long_clip, max_seconds=3)
    assert shorter.details == {"seconds": 62, "limit": 3}
    assert "up to 3 seconds" in explain(shorter)


def test_too_short(tmp_path):
    blink = tmp_path / "blink.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=32x32:r=25:d=0.12", "-pix_fmt", "yuv420p",
           str(blink))  # fmt: skip
    error = refused(blink)
    assert error.cause == "clip-too-short"
    assert explain(error) == "This clip is too short to make a film. Film at least one second."


def test_too_large(tmp_path):
    huge = tmp_path / "huge.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=2560x1440:r=5:d=0.6", "-pix_fmt", "yuv420p",
           str(huge))  # fmt: skip
    error = refused(huge)
    assert (error.cause, error.details) == ("clip-too-big", {"width": 2560, "height": 1440})
    assert "2560 x 1440" in explain(error)


def test_too_many_bytes(green, monkeypatch):
    monkeypatch.setattr(probe, "MAX_CLIP_BYTES", 1000)
    error = refused(green)
    assert error.cause == "clip-file-too-big"
    assert error.details["limit_megabytes"] == pytest.approx(0.001)
    assert error.details["megabytes"] == pytest.approx(green.stat().st_size / 1e6)
    assert "too big" in explain(error)


def test_no_ffmpeg_is_said_plainly(green, monkeypatch):
    monkeypatch.setattr(tools.shutil, "which", lambda name: None)
    error = refused(green)
    assert error.cause == "ffmpeg-missing"
    assert explain(error).startswith("The film studio needs a helper program called FFmpeg")

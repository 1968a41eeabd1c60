"""Films: tiny generated clips through the whole pipeline, bad clips, cancel, the job."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import threading
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from workshop_app.bench.film import green_screen_frames, write_clip, write_green_screen_clip
from workshop_app.errors import MediaError, WorkshopError
from workshop_app.media import film
from workshop_app.media.film import (
    FilmJob,
    FilmSettings,
    HdrColours,
    Workspace,
    find_screen_key,
    make_film,
    preview_frame,
    probe_clip,
    working_size,
)

pytestmark = pytest.mark.skipif(
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
        size=(COLS, ROWS),
        fps=FPS,
        codec_args=("-c:v", "libx264", "-preset", "ultrafast", "-qp", "0"),
    )
    return folder


@pytest.fixture
def green(clips) -> Path:
    return clips / "green.mp4"


def test_probe_reads_length_size_rate_and_sound(green):
    clip = probe_clip(green)
    assert clip.seconds == pytest.approx(SECONDS, abs=0.05)
    assert (clip.width, clip.height) == (COLS, ROWS)
    assert clip.fps == Fraction(FPS)
    assert clip.has_audio
    assert clip.frame_count() == FRAMES
    assert clip.frame_count(max_seconds=0.4) == 10


@pytest.mark.parametrize("film_format", ["mp4", "webm"])
def test_round_trip_keeps_frames_size_and_sound_and_plays(green, tmp_path, film_format):
    out = tmp_path / f"film.{film_format}"
    seen: list[tuple[int, int, float | None]] = []
    result = make_film(
        green,
        background=np.full((10, 10, 3), BEACH, np.uint8),
        out_path=out,
        format=film_format,
        on_progress=lambda *progress: seen.append(progress),
    )
    assert result is not None
    assert result.path == out
    assert (result.frames, result.width, result.height) == (FRAMES, COLS, ROWS)
    assert result.has_audio
    assert result.mime == f"video/{film_format}"
    assert seen[-1][:2] == (FRAMES, FRAMES)
    assert [done for done, _, _ in seen[:-1]] == list(range(1, FRAMES + 1))

    found = ffprobe(out)
    video = next(s for s in found["streams"] if s["codec_type"] == "video")
    audio = next(s for s in found["streams"] if s["codec_type"] == "audio")
    assert video["codec_name"] == ("h264" if film_format == "mp4" else "vp9")
    assert audio["codec_name"] == ("aac" if film_format == "mp4" else "opus")
    assert (video["width"], video["height"]) == (COLS, ROWS)
    assert video["pix_fmt"] == "yuv420p"
    assert int(video["nb_read_frames"]) == FRAMES
    assert float(found["format"]["duration"]) == pytest.approx(SECONDS, abs=0.1)

    frames = decoded_frames(out, ROWS, COLS)
    assert len(frames) == FRAMES
    corner = frames[:, :8, :8].reshape(-1, 3).mean(axis=0)
    assert np.abs(corner - BEACH).max() < 12  # the screen became the beach
    middle = frames[:, ROWS - 10 :, COLS // 2 - 4 : COLS // 2 + 4].reshape(-1, 3).mean(axis=0)
    assert middle[0] > middle[1] + 40  # the red jumper is still there


def test_films_carry_no_metadata(green, tmp_path):
    tagged = tmp_path / "tagged.mp4"
    ffmpeg(
        "-i", str(green), "-c", "copy",
        "-metadata", "location=+51.5074-000.1278/",
        "-metadata", "com.apple.quicktime.location.ISO6709=+51.5074-000.1278/",
        "-metadata", "title=Sam at school",
        "-metadata:s:v", "title=Sam",
        str(tagged),
    )  # fmt: skip
    assert "location" in json.dumps(all_tags(ffprobe(tagged)))
    result = make_film(
        tagged, background=np.zeros((4, 4, 3), np.uint8), out_path=tmp_path / "f.mp4"
    )
    tags = all_tags(ffprobe(result.path))
    text = json.dumps(tags)
    for word in ("location", "51.5074", "Sam", "ISO6709", "creation_time", "title"):
        assert word not in text
    assert tags.get("encoder", "").startswith("Lavc libx264")  # no version number


def all_tags(found: dict) -> dict:
    """The container's and the streams' metadata tags, in one dictionary."""
    tags = dict(found["format"].get("tags", {}))
    for stream in found["streams"]:
        tags.update(stream.get("tags", {}))
    return tags


def test_background_video_loops(clips, green, tmp_path):
    result = make_film(green, background=clips / "behind.mp4", out_path=tmp_path / "f.mp4")
    frames = decoded_frames(result.path, ROWS, COLS)
    corners = frames[:, :6, :6].reshape(len(frames), -1, 3).mean(axis=1)
    is_red = corners[:, 0] > corners[:, 2]
    expected = [(index % 10) < 5 for index in range(FRAMES)]
    assert list(is_red) == expected


def test_a_big_clip_is_made_at_720p_and_an_upright_one_stays_upright(tmp_path):
    assert working_size(1920, 1080) == (1280, 720)
    assert working_size(1080, 1920) == (720, 1280)
    assert working_size(1440, 1080) == (960, 720)
    assert working_size(640, 480) == (640, 480)
    upright = tmp_path / "upright.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=1080x1920:r=5:d=0.6", "-pix_fmt", "yuv420p",
           str(upright))  # fmt: skip
    clip = probe_clip(upright)
    assert (clip.width, clip.height) == (1080, 1920)
    assert clip.working_size == (720, 1280)
    assert preview_frame(clip).shape == (1280, 720, 3)


def test_a_phone_clip_filmed_sideways_is_turned_upright(green, tmp_path):
    turned = tmp_path / "turned.mp4"
    ffmpeg("-i", str(green), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(turned))
    clip = probe_clip(turned)
    assert (clip.width, clip.height) == (ROWS, COLS)
    result = make_film(clip, background=np.zeros((4, 4, 3), np.uint8), out_path=tmp_path / "f.mp4")
    assert (result.width, result.height) == (ROWS, COLS)
    assert decoded_frames(result.path, COLS, ROWS).shape == (FRAMES, COLS, ROWS, 3)


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
    return film._can_convert_hdr() and " libx265 " in found.stdout


needs_hdr_tools = pytest.mark.skipif(
    not can_make_hdr_clips(), reason="HDR clips need ffmpeg's zscale and libx265 (Debian has both)"
)


@needs_hdr_tools
@pytest.mark.parametrize("transfer", ["arib-std-b67", "smpte2084"])
def test_an_hdr_phone_clip_is_turned_into_ordinary_colour(green, tmp_path, transfer):
    hdr = probe_clip(hdr_clip_of(green, tmp_path / "hdr.mov", transfer))
    assert hdr.hdr == HdrColours(transfer, "bt2020", "bt2020nc", "tv")
    assert probe_clip(green).hdr is None
    ordinary = preview_frame(green, at_seconds=0.5).astype(int)
    converted = preview_frame(hdr, at_seconds=0.5).astype(int)
    # Read as ordinary video, an HLG clip's screen is grey-green (off by 20-30 on
    # average) and the keyer finds no screen in it. The way there and back through HDR
    # is not exact: the green comes back about 10 levels darker.
    assert np.abs(converted - ordinary).mean() < 12
    assert find_screen_key(hdr) == pytest.approx(find_screen_key(green), abs=20)
    result = make_film(hdr, background=np.full((4, 4, 3), BEACH, np.uint8),
                       out_path=tmp_path / "film.mp4")  # fmt: skip
    assert result.frames == FRAMES
    assert result.frames_without_screen == 0
    assert result.has_audio


@needs_hdr_tools
def test_an_hdr_clip_without_the_converter_is_refused_kindly(green, tmp_path, monkeypatch):
    hdr = hdr_clip_of(green, tmp_path / "hdr.mov", "arib-std-b67")
    monkeypatch.setattr(film, "_can_convert_hdr", lambda: False)
    error = friendly_error(hdr)
    assert "HDR" in error.friendly
    assert "camera settings" in error.friendly


def test_a_variable_frame_rate_phone_clip_keeps_its_length_and_sound(green, tmp_path):
    # Phones film at a variable rate: here the first half second at 25 fps, then at 12.5
    # (dim light), every frame a little early or late.
    uneven = tmp_path / "uneven.mp4"
    ffmpeg("-i", str(green), "-vf",
           "select='lt(t,0.5)+not(mod(n,2))',"
           "setpts='(if(lt(N,12),N/25,0.48+(N-12)/12.5)+0.004*sin(N))/TB'",
           "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "copy",
           str(uneven))  # fmt: skip
    clip = probe_clip(uneven)
    assert clip.seconds == pytest.approx(SECONDS, abs=0.1)
    result = make_film(clip, background=np.full((4, 4, 3), BEACH, np.uint8),
                       out_path=tmp_path / "film.mp4")  # fmt: skip
    assert result.frames == clip.frame_count()
    assert result.frames_without_screen == 0
    found = ffprobe(result.path)
    video, audio = (
        next(s for s in found["streams"] if s["codec_type"] == kind) for kind in ("video", "audio")
    )
    assert float(video["duration"]) == pytest.approx(clip.seconds, abs=0.1)
    assert float(audio["duration"]) == pytest.approx(float(video["duration"]), abs=0.1)
    assert decoded_frames(result.path, ROWS, COLS).shape[0] == result.frames


def test_fast_clips_are_halved_to_at_most_30_fps(tmp_path):
    fast = tmp_path / "fast.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=64x48:r=60:d=0.5", "-pix_fmt", "yuv420p",
           str(fast))  # fmt: skip
    clip = probe_clip(fast)
    assert clip.fps == 60
    assert clip.film_fps == 30
    assert clip.frame_count() == 15


def friendly_error(path: Path, **options) -> MediaError:
    with pytest.raises(MediaError) as caught:
        probe_clip(path, **options)
    error = caught.value
    assert isinstance(error, OSError)  # MediaError is an OSError too
    assert error.friendly != MediaError.default_friendly
    assert "Traceback" not in error.friendly
    return error


def test_not_a_video(tmp_path):
    text = tmp_path / "homework.mp4"
    text.write_text("my homework, not a film\n" * 40)
    assert friendly_error(text).friendly == film.NOT_A_VIDEO
    empty = tmp_path / "empty.mov"
    empty.write_bytes(b"")
    assert friendly_error(empty).friendly == film.NOT_A_VIDEO
    picture = tmp_path / "picture.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1", "-f", "image2",
           "-c:v", "png", str(picture))  # fmt: skip
    assert friendly_error(picture).friendly == film.NOT_A_VIDEO
    sound = tmp_path / "song.mp4"
    ffmpeg("-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", str(sound))
    assert friendly_error(sound).friendly == film.NOT_A_VIDEO
    assert friendly_error(tmp_path / "missing.mp4").friendly == film.NOT_A_VIDEO


def test_a_playlist_pretending_to_be_a_video_is_never_followed(tmp_path):
    playlist = tmp_path / "clip.mp4"
    playlist.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://192.0.2.1/a.ts\n#EXT-X-ENDLIST\n"
    )
    assert friendly_error(playlist).friendly == film.NOT_A_VIDEO


@pytest.mark.parametrize("film_format", ["mp4", "webm"])
def test_a_cut_off_clip_is_damaged(green, tmp_path, film_format):
    whole = tmp_path / f"whole.{film_format}"
    if film_format == "webm":
        ffmpeg("-i", str(green), "-c:v", "libvpx-vp9", "-deadline", "realtime", str(whole))
    else:
        ffmpeg("-i", str(green), "-c", "copy", "-movflags", "+faststart", str(whole))
    cut = tmp_path / f"cut.{film_format}"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    assert friendly_error(cut).friendly == film.DAMAGED


def test_a_scrambled_clip_is_damaged(green, tmp_path):
    scrambled = tmp_path / "scrambled.mp4"
    data = bytearray(green.read_bytes())
    data[12:] = np.random.default_rng(1).integers(0, 256, len(data) - 12, np.uint8).tobytes()
    scrambled.write_bytes(bytes(data))  # still starts like an MP4 ("ftyp")
    assert friendly_error(scrambled).friendly == film.DAMAGED


def test_too_long(tmp_path):
    long_clip = tmp_path / "long.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=32x32:r=1:d=62", "-pix_fmt", "yuv420p",
           str(long_clip))  # fmt: skip
    error = friendly_error(long_clip)
    assert "62 seconds" in error.friendly
    assert "60 seconds" in error.friendly
    assert "3 seconds" in friendly_error(long_clip, max_seconds=3).friendly


def test_too_large(tmp_path):
    huge = tmp_path / "huge.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=green:s=2560x1440:r=5:d=0.6", "-pix_fmt", "yuv420p",
           str(huge))  # fmt: skip
    assert "2560 x 1440" in friendly_error(huge).friendly


def test_too_many_bytes(green, monkeypatch):
    monkeypatch.setattr(film, "MAX_CLIP_BYTES", 1000)
    assert "too big" in friendly_error(green).friendly


def test_no_ffmpeg_is_said_plainly(green, monkeypatch):
    monkeypatch.setattr(film.shutil, "which", lambda name: None)
    assert friendly_error(green).friendly == film.FFMPEG_MISSING


def test_a_clip_with_no_screen_is_refused_before_any_work(tmp_path):
    grey = tmp_path / "grey.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=0x907050:s=96x64:r=10:d=1", "-vf", "noise=alls=20",
           "-pix_fmt", "yuv420p", str(grey))  # fmt: skip
    with pytest.raises(MediaError) as caught:
        make_film(grey, background=np.zeros((4, 4, 3), np.uint8), out_path=tmp_path / "f.mp4")
    assert caught.value.friendly == film.NO_SCREEN
    assert not (tmp_path / "f.mp4").exists()


def test_the_screen_is_found_once_and_checked_against_the_lesson(green):
    key = find_screen_key(green)
    assert key[1] > max(key[0], key[2]) + 40  # green
    assert find_screen_key(green, screen="green") == key
    with pytest.raises(MediaError, match="blue") as caught:
        find_screen_key(green, screen="blue")
    assert "blue screen" in caught.value.friendly


def test_cancel_stops_kills_ffmpeg_and_leaves_no_file(green, tmp_path, monkeypatch):
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(film.subprocess, "Popen", recording_popen)
    cancel = threading.Event()
    out = tmp_path / "film.mp4"

    def on_progress(done: int, total: int, seconds_left: float | None) -> None:
        if done == 5:
            assert out.exists()  # the encoder is writing it
            cancel.set()

    result = make_film(
        green,
        background=np.zeros((4, 4, 3), np.uint8),
        out_path=out,
        on_progress=on_progress,
        cancel=cancel,
    )
    assert result is None
    assert not out.exists()
    assert len(started) >= 2
    assert all(process.returncode is not None for process in started)  # reaped
    assert ffmpeg_children() == []


def test_a_broken_background_video_is_said_plainly(green, tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_text("not a video")
    with pytest.raises(MediaError) as caught:
        make_film(green, background=broken, out_path=tmp_path / "f.mp4")
    assert caught.value.friendly == film.NOT_A_VIDEO
    assert ffmpeg_children() == []


def test_the_encoder_failing_leaves_no_file(green, tmp_path, monkeypatch):
    real = film._encode_command

    def broken(*args, **kwargs):
        return [*real(*args, **kwargs)[:-1], "-c:v", "no-such-codec", str(args[0])]

    monkeypatch.setattr(film, "_encode_command", broken)
    out = tmp_path / "f.mp4"
    with pytest.raises(MediaError) as caught:
        make_film(green, background=np.zeros((4, 4, 3), np.uint8), out_path=out)
    assert caught.value.friendly == film.FILM_FAILED
    assert not out.exists()
    assert ffmpeg_children() == []


def test_a_lesson_limit_shortens_the_film(green, tmp_path):
    result = make_film(
        green,
        background=np.zeros((4, 4, 3), np.uint8),
        out_path=tmp_path / "f.webm",
        format="webm",
        max_seconds=0.4,
        settings=FilmSettings(strength=70, softness=10, spill=100),
    )
    assert result.frames == 10
    found = ffprobe(result.path)
    assert float(found["format"]["duration"]) == pytest.approx(0.4, abs=0.1)


def test_a_job_runs_in_the_background_and_films_wait_their_turn(green, tmp_path):
    clip = probe_clip(green)
    settings = FilmSettings()
    first = FilmJob(clip, background=np.zeros((4, 4, 3), np.uint8),
                    out_path=tmp_path / "a.mp4", settings=settings)  # fmt: skip
    second = FilmJob(clip, background=np.zeros((4, 4, 3), np.uint8),
                     out_path=tmp_path / "b.mp4", settings=settings)  # fmt: skip
    assert first.state == "waiting"
    release = threading.Event()
    first._on_progress = lambda *progress: release.wait(10)  # hold it at its first frame
    first.start()
    assert until(lambda: first.state == "running")
    second.start()
    assert until(lambda: second.films_ahead() == 1)  # it waits its turn
    assert second.state == "waiting"
    release.set()
    assert first.wait(60)
    assert second.wait(60)
    assert (first.state, second.state) == ("done", "done")
    assert first.result.frames == second.result.frames == FRAMES
    assert second.progress()[:2] == (FRAMES, FRAMES)
    assert second.films_ahead() == 0


def until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_job_can_be_cancelled_and_reports_errors_kindly(green, tmp_path):
    clip = probe_clip(green)
    job = FilmJob(clip, background=np.zeros((4, 4, 3), np.uint8),
                  out_path=tmp_path / "a.mp4", settings=FilmSettings())  # fmt: skip
    job.cancel()
    job.start()
    assert job.wait(30)
    assert job.state == "cancelled"
    assert job.result is None
    assert job.error is None
    assert not (tmp_path / "a.mp4").exists()

    failing = FilmJob(clip, background=tmp_path / "nothing.mp4",
                      out_path=tmp_path / "b.mp4", settings=FilmSettings())  # fmt: skip
    failing.start()
    assert failing.wait(30)
    assert failing.state == "failed"
    assert failing.error.friendly == film.NOT_A_VIDEO


def test_workspace_keeps_files_private_and_deletes_them(tmp_path):
    workspace = Workspace()
    folder = workspace.folder
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    clip = workspace.save(b"clip", ".mp4")
    assert clip.parent == folder
    assert clip.read_bytes() == b"clip"
    assert "clip" not in clip.stem
    outside = tmp_path / "keep.mp4"
    outside.write_bytes(b"x")
    workspace.discard(clip, outside, None)
    assert not clip.exists()
    assert outside.exists()  # a shipped practice clip is never deleted
    workspace.save(b"film", ".mp4")
    del workspace  # the pupil's session ended
    assert not folder.exists()


def test_closing_a_workspace_stops_its_film(green):
    workspace = Workspace()
    cancel_seen = threading.Event()
    job = FilmJob(probe_clip(green), background=np.zeros((4, 4, 3), np.uint8),
                  out_path=workspace.new_file(".mp4"), settings=FilmSettings())  # fmt: skip
    job._on_progress = lambda *progress: cancel_seen.wait(10)  # hold the film at frame 1
    workspace.cancel_on_close(job).start()
    workspace.close()
    cancel_seen.set()
    assert job.wait(30)
    assert job.state == "cancelled"
    assert not workspace.folder.exists()
    assert ffmpeg_children() == []


def test_frames_without_the_screen_are_kept_as_filmed(tmp_path):
    clip = tmp_path / "walk-past.mp4"
    orange = np.full((ROWS, COLS, 3), (230, 120, 30), np.uint8)
    frames = itertools.chain(
        green_screen_frames(ROWS, COLS, seconds=0.6, fps=FPS, seed=3), [orange] * 10
    )
    write_clip(clip, frames, size=(COLS, ROWS), fps=FPS)
    result = make_film(clip, background=np.zeros((4, 4, 3), np.uint8), out_path=tmp_path / "f.mp4")
    assert result.frames == 25
    assert result.frames_without_screen == 10
    last = decoded_frames(result.path, ROWS, COLS)[-1]
    assert np.abs(last.reshape(-1, 3).mean(axis=0) - (230, 120, 30)).max() < 12


def test_a_setting_the_keyer_refuses_stops_the_film_kindly(green, tmp_path):
    with pytest.raises(WorkshopError) as caught:
        make_film(
            green,
            background=np.zeros((4, 4, 3), np.uint8),
            out_path=tmp_path / "f.mp4",
            settings=FilmSettings(strength=500),
        )
    assert "Traceback" not in caught.value.friendly
    assert not (tmp_path / "f.mp4").exists()
    assert ffmpeg_children() == []

"""Film benchmark: ``python -m workshop_app.bench film [--seconds S] [--repeat N] [--check]``.

Makes a 10-second 1280x720, 25 fps test clip (:func:`write_green_screen_clip`: a figure
swaying in front of a creased, unevenly lit green cloth, with a tune as its sound), then
measures the film pipeline of :mod:`workshop_app.studio.film`:

- **end to end**: :func:`~workshop_app.studio.film.make_film` on the clip, decode + key +
  composite + encode, for MP4 (H.264) and WebM (VP9), in frames per second of wall
  time (target: at least 25 at 720p on the 2-core machine), with the CPU time it used
  per frame (this process and its ffmpeg children). The screen colour is found first,
  as the film page does; each film is made ``--repeat`` times (2) and the fastest run
  is reported, as other work on the machine only ever slows a run down;
- **each stage on its own**, per frame: ffmpeg decoding to ``rgb24`` on a pipe (its CPU
  time), ``chroma_key`` and ``composite`` (wall time per call, one frame at a time;
  ``chroma_key`` makes the small maps and ``composite`` keys and blends the full-size
  pixels in one pass, so the keying is split between the two),
  OpenCV's RGB-to-YUV conversion for the encoder, the MP4 and WebM encoders fed from a
  pipe (their CPU time), and the Python side of the pipes (reading and writing frames).

Two cores give 80 ms of CPU per frame at 25 fps: the stage figures say where it goes.
The machine's load average is printed too: other work on it slows every figure.

It also holds the clip generator used by ``sample_media/clips/make_clips.py`` and the
tests.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.bench.greenscreen_frames import (
    FrameSpec,
    _plate,
    _subject,
    _to_linear,
    make_background,
)
from workshop_app.imaging.greenscreen import chroma_key, composite
from workshop_app.imaging.images import linear_to_srgb
from workshop_app.media.video.ffmpeg import (
    X264_PRESET,
    FilmFormat,
    decode_command,
    encode_command,
    iter_frames,
    to_yuv,
)
from workshop_app.media.video.probe import ClipInfo, probe_clip
from workshop_app.studio.film import FILM_WORKERS, FilmResult, find_screen_key, make_film
from workshop_app.studio.keying import KeyingSettings

Float = NDArray[np.float32]
RGB = NDArray[np.uint8]

AUDIO_RATE = 48_000

PHONE_CODEC = ("-c:v", "libx264", "-preset", "fast", "-crf", "20", "-g", "30")
"""How the test clip is encoded: about as much detail as a phone keeps at 720p."""

_LINEAR_STEPS = 4096
_TO_SRGB = np.rint(linear_to_srgb(np.linspace(0.0, 1.0, _LINEAR_STEPS))).astype(np.uint8)
"""Linear light (0..1 in 4096 steps) -> sRGB code."""


def green_screen_frames(
    rows: int, cols: int, *, seconds: float, fps: float = 25.0, seed: int = 11
) -> Iterator[RGB]:
    """A child-like figure swaying and bobbing in front of a creased, unevenly lit green
    cloth, with spill, a moving shadow and sensor noise: RGB ``uint8`` frames, seeded.

    The figure and the cloth are drawn once (by :mod:`workshop_app.bench.greenscreen_frames`);
    each frame moves the figure (in linear light, as a camera mixes light) and its shadow.
    """
    spec = FrameSpec("film", seed, "green", "red", hair="brown", motion=0.0, unevenness=0.4)
    rng = np.random.default_rng(seed)
    alpha, colour, hair = _subject(spec, rng, rows, cols)
    plate = _plate(
        FrameSpec("film cloth", seed, "green", creases=10, shadow=0.0, unevenness=0.4),
        rng,
        rows,
        cols,
        np.zeros_like(alpha),
    )
    # Spill: the cloth's light on the figure, strongest at its outline and on the hair.
    inside = (alpha > 0.5).astype(np.uint8)
    dist = cv2.distanceTransform(inside, cv2.DIST_L2, 3)
    spill = 0.04 + 0.18 * np.exp(-dist / (0.03 * rows)) + 0.22 * hair
    glow = _to_linear(cv2.GaussianBlur(plate, (0, 0), 0.02 * rows + 1))
    lit = _to_linear(colour) * (1 - 0.3 * spill[..., None]) + 0.6 * spill[..., None] * glow
    premult = (lit * alpha[..., None]).astype(np.float32)
    plate_lin = _to_linear(plate)
    noise = [
        np.clip(rng.normal(0, 2.5, (rows, cols, 3)), -20, 20).astype(np.int16) for _ in range(3)
    ]
    shadow_size = (max(1, cols // 4), max(1, rows // 4))
    frames = max(1, round(seconds * fps))
    for index in range(frames):
        t = index / fps
        # Sway side to side about the feet, bob a little, lean with the sway, and hop
        # once every four seconds.
        dx = 0.12 * cols * math.sin(2 * math.pi * t / 4.0)
        dy = 0.015 * rows * (1 + math.sin(2 * math.pi * t / 0.9))
        hop = (t % 4.0 - 2.6) / 0.5
        if 0 < hop < 1:
            dy -= 0.12 * rows * math.sin(math.pi * hop)
        lean = 4.0 * math.sin(2 * math.pi * t / 4.0 + 0.6)
        move = cv2.getRotationMatrix2D((cols / 2, rows), lean, 1.0)
        move[:, 2] += (dx, dy)
        a = cv2.warpAffine(alpha, move, (cols, rows), borderMode=cv2.BORDER_REPLICATE)
        p = cv2.warpAffine(premult, move, (cols, rows), borderMode=cv2.BORDER_REPLICATE)
        cast = cv2.resize(a, shadow_size, interpolation=cv2.INTER_AREA)
        cast = cv2.warpAffine(
            cast, np.float32([[1, 0, 0.05 * shadow_size[0]], [0, 1, 0]]), shadow_size
        )
        cast = cv2.GaussianBlur(cast, (0, 0), 4.5 * rows / 1080 + 0.5)
        cast = cv2.resize(cast, (cols, rows), interpolation=cv2.INTER_LINEAR)
        behind = plate_lin * (1 - 0.3 * cast)[..., None] * (1 - a)[..., None]
        mixed = p + behind
        codes = np.clip(mixed * (_LINEAR_STEPS - 1) + 0.5, 0, _LINEAR_STEPS - 1).astype(np.uint16)
        frame = _TO_SRGB[codes].astype(np.int16) + noise[index % len(noise)]
        yield np.clip(frame, 0, 255).astype(np.uint8)


def tune(seconds: float, *, rate: int = AUDIO_RATE, seed: int = 5) -> NDArray[np.int16]:
    """A short cheerful tune (plucked notes on a pentatonic scale), mono 16-bit PCM."""
    rng = np.random.default_rng(seed)
    scale = [261.63, 293.66, 329.63, 392.00, 440.00, 523.25]
    samples = np.zeros(int(seconds * rate), np.float32)
    note = int(0.25 * rate)
    t = np.arange(note, dtype=np.float32) / rate
    envelope = np.exp(-t * 9.0) * np.minimum(1.0, t * 400)
    for start in range(0, samples.size, note):
        freq = scale[int(rng.integers(len(scale)))]
        wave_ = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
        piece = (0.3 * envelope * wave_)[: samples.size - start]
        samples[start : start + piece.size] += piece
    return np.clip(samples * 32767, -32768, 32767).astype(np.int16)


def write_wav(path: Path, pcm: NDArray[np.int16], *, rate: int = AUDIO_RATE) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def write_clip(
    path: Path,
    frames: Iterator[RGB],
    *,
    size: tuple[int, int],
    fps: float = 25.0,
    audio: NDArray[np.int16] | None = None,
    codec_args: tuple[str, ...] = ("-c:v", "libx264", "-preset", "medium", "-crf", "26"),
) -> Path:
    """Encode RGB frames (``size`` is ``(rows, cols)``) and optional mono audio with ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        msg = "ffmpeg is not installed: `sudo apt-get install ffmpeg`"
        raise RuntimeError(msg)
    with tempfile.TemporaryDirectory(prefix="workshop-clip-") as folder:
        command = [ffmpeg, "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24"]
        command += ["-s", f"{size[1]}x{size[0]}", "-r", f"{fps:g}", "-i", "pipe:0"]
        if audio is not None:
            wav = Path(folder) / "tune.wav"
            write_wav(wav, audio)
            command += ["-i", str(wav), "-map", "0:v", "-map", "1:a", "-c:a", "aac", "-b:a", "64k"]
        command += [*codec_args, "-pix_fmt", "yuv420p", "-map_metadata", "-1"]
        if path.suffix in (".mp4", ".mov"):
            command += ["-movflags", "+faststart"]
        command += ["-shortest", str(path)]
        encoder = subprocess.Popen(command, stdin=subprocess.PIPE)
        assert encoder.stdin is not None
        try:
            for frame in frames:
                encoder.stdin.write(np.ascontiguousarray(frame).data)
        finally:
            encoder.stdin.close()
            code = encoder.wait(timeout=600)
        if code:
            msg = f"ffmpeg failed making {path} (exit {code})"
            raise RuntimeError(msg)
    return path


def write_green_screen_clip(
    path: Path,
    *,
    seconds: float,
    rows: int = 720,
    cols: int = 1280,
    fps: float = 25.0,
    seed: int = 11,
    audio: bool = True,
    codec_args: tuple[str, ...] = ("-c:v", "libx264", "-preset", "medium", "-crf", "26"),
) -> Path:
    """A generated green-screen clip (see :func:`green_screen_frames`) with a tune."""
    frames = green_screen_frames(rows, cols, seconds=seconds, fps=fps, seed=seed)
    pcm = tune(seconds) if audio else None
    return write_clip(path, frames, size=(rows, cols), fps=fps, audio=pcm, codec_args=codec_args)


# the benchmark

TARGET_FPS = 25.0


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its reaped children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _reap(process: subprocess.Popen[bytes]) -> float:
    """Wait for ``process`` and return the CPU seconds it used (Linux ``wait4``)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def _decoder(clip: ClipInfo) -> subprocess.Popen[bytes]:
    command = decode_command(clip, clip.working_shape, clip.film_fps)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)


def measure_decode(clip: ClipInfo) -> tuple[int, float, float]:
    """``(frames, wall s, ffmpeg CPU s)`` to decode the clip to rgb24 frames on a pipe."""
    started = time.perf_counter()
    decoder = _decoder(clip)
    frames = sum(1 for _ in iter_frames(decoder, (*clip.working_shape, 3)))
    cpu = _reap(decoder)
    return frames, time.perf_counter() - started, cpu


def measure_keying(clip: ClipInfo, background: RGB) -> tuple[list[float], list[float]]:
    """Wall seconds of each ``chroma_key`` and ``composite`` call, one frame at a time."""
    decoder = _decoder(clip)
    key: tuple[int, int, int] | None = None
    keying, compositing = [], []
    for frame in iter_frames(decoder, (*clip.working_shape, 3)):
        key = key or chroma_key(frame).key
        started = time.perf_counter()
        keyed = chroma_key(frame, key=key)
        keyed_at = time.perf_counter()
        composite(keyed, background)
        keying.append(keyed_at - started)
        compositing.append(time.perf_counter() - keyed_at)
    _reap(decoder)
    return keying, compositing


def measure_encode(
    clip: ClipInfo, film_format: FilmFormat, out: Path
) -> tuple[float, float, float]:
    """``(encoder CPU s, Python pipes CPU s, RGB-to-YUV wall s)`` to encode the decoded clip
    (no keying) from a pipe."""
    decoder = _decoder(clip)
    command = encode_command(
        out,
        clip.working_shape,
        clip.film_fps,
        film_format,
        audio_from=clip if clip.has_audio else None,
        seconds=clip.seconds,
    )
    encoder = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert encoder.stdin is not None
    before = _cpu_seconds()[0]
    converted = 0.0
    for frame in iter_frames(decoder, (*clip.working_shape, 3)):
        started = time.perf_counter()
        yuv = to_yuv(frame)
        converted += time.perf_counter() - started
        encoder.stdin.write(yuv.data)
    encoder.stdin.close()
    python_cpu = _cpu_seconds()[0] - before
    _reap(decoder)
    return _reap(encoder), python_cpu - converted, converted


def measure_film(
    clip: ClipInfo,
    background: RGB,
    film_format: FilmFormat,
    out: Path,
    workers: int,
    key: tuple[int, int, int] | None = None,
) -> tuple[FilmResult, float, float]:
    """``(result, wall s, CPU s of this process and its ffmpeg children)`` of one film."""
    cpu_before = sum(_cpu_seconds())
    started = time.perf_counter()
    result = make_film(
        clip,
        background=background,
        out_path=out,
        format=film_format,
        settings=KeyingSettings(key=key),
        workers=workers,
    )
    wall = time.perf_counter() - started
    assert result is not None
    return result, wall, sum(_cpu_seconds()) - cpu_before


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop_app.bench film")
    parser.add_argument("--seconds", type=float, default=10.0, help="test clip length")
    parser.add_argument(
        "--workers", type=int, default=FILM_WORKERS, help="keying threads in make_film"
    )
    parser.add_argument("--clip", type=Path, help="use this clip instead of a generated one")
    parser.add_argument(
        "--repeat", type=int, default=2, help="films of each kind; the fastest is reported"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if under the target")
    args = parser.parse_args(argv)
    if shutil.which("ffmpeg") is None:
        print("ffmpeg is not installed: `sudo apt-get install ffmpeg` (Debian/Ubuntu)")
        return 2

    with tempfile.TemporaryDirectory(prefix="workshop-film-bench-") as folder:
        work = Path(folder)
        if args.clip is None:
            print(f"Making a {args.seconds:g}-second 1280x720 25 fps test clip ...", flush=True)
            made = time.perf_counter()
            clip_path = write_green_screen_clip(
                work / "test.mp4", seconds=args.seconds, codec_args=PHONE_CODEC
            )
            print(f"  made in {time.perf_counter() - made:.1f} s")
        else:
            clip_path = args.clip
        clip = probe_clip(clip_path)
        height, width = clip.working_shape
        frames = clip.frame_count()
        background = make_background(height, width)
        print(
            f"clip: {clip.width}x{clip.height}, {float(clip.fps):g} fps, {clip.seconds:.1f} s, "
            f"sound: {'yes' if clip.has_audio else 'no'}; film: {width}x{height}, "
            f"{float(clip.film_fps):g} fps, {frames} frames; {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.2f}"
        )

        print(
            f"\nend to end (decode + key + composite + encode, make_film; the fastest of "
            f"{args.repeat}):"
        )
        worst = math.inf
        # The page finds the screen colour on the first frame before the film starts.
        key = find_screen_key(clip)
        for film_format in ("mp4", "webm"):
            runs = [
                measure_film(
                    clip, background, film_format, work / f"film.{film_format}", args.workers, key
                )
                for _ in range(args.repeat)
            ]
            result, wall, cpu = min(runs, key=lambda run: run[1])  # the least disturbed
            fps = result.frames / wall
            worst = min(worst, fps)
            verdict = "ok" if fps >= TARGET_FPS else "UNDER TARGET"
            t = result.times
            print(
                f"  {film_format:<5} {fps:6.1f} fps  ({wall:5.1f} s for {result.frames} frames, "
                f"{result.path.stat().st_size / 1e6:.1f} MB; CPU {1000 * cpu / result.frames:5.1f} "
                f"ms/frame; target >= {TARGET_FPS:g} fps: {verdict})"
            )
            print(
                f"        per frame: key {1000 * t.key / result.frames:5.1f} ms, composite "
                f"{1000 * t.composite / result.frames:4.1f} ms, to YUV "
                f"{1000 * t.convert / result.frames:4.1f} ms (summed over {args.workers} threads); "
                f"waited for decoder {1000 * t.waiting_for_decoder / result.frames:4.1f} ms, "
                f"for encoder {1000 * t.waiting_for_encoder / result.frames:4.1f} ms; "
                f"encoder's tail {t.finishing:.2f} s"
            )

        print("\neach stage on its own, per frame:")
        decoded, decode_wall, decode_cpu = measure_decode(clip)
        print(
            f"  decode (ffmpeg, {clip.width}x{clip.height} -> rgb24 {width}x{height})"
            f"{1000 * decode_cpu / decoded:8.1f} ms CPU   ({decoded / decode_wall:5.0f} fps alone)"
        )
        keying, compositing = measure_keying(clip, background)
        print(
            f"  key (chroma_key given the key colour: maps)"
            f"{1000 * statistics.median(keying):5.1f} "
            f"ms wall (median; best {1000 * min(keying):.1f})"
        )
        median_composite = 1000 * statistics.median(compositing)
        print(
            f"  composite (with the full-size keying pass){median_composite:6.1f} "
            f"ms wall (median; best {1000 * min(compositing):.1f})"
        )
        for film_format, about in (("mp4", "x264 " + X264_PRESET + "*"), ("webm", "VP9 realtime")):
            encode_cpu, python_cpu, converted = measure_encode(
                clip, film_format, work / f"e.{film_format}"
            )
            print(
                f"  encode {film_format} ({about}, from yuv420p)"
                f"{' ' * (18 - len(about))}{1000 * encode_cpu / decoded:8.1f} ms CPU"
            )
        print(
            f"  RGB to YUV for the encoder (OpenCV)      {1000 * converted / decoded:8.1f} ms wall"
        )
        print(
            f"  pipes (Python reads and writes frames)   {1000 * python_cpu / decoded:8.1f} ms CPU"
        )
        print(
            f"\nbudget at {TARGET_FPS:g} fps on 2 cores: {2000 / TARGET_FPS:.0f} ms CPU per frame; "
            f"load average now {os.getloadavg()[0]:.2f}"
        )
    if args.check and worst < TARGET_FPS:
        print("under target")
        return 1
    return 0

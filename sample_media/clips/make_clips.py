"""Make the practice clip and background videos: ``python sample_media/clips/make_clips.py``.

Everything is drawn (not filmed), seeded, so a run makes the same clips again:

- ``practice_waving_in_the_studio.mp4``: a child-like figure swaying, leaning and hopping
  in front of a creased, unevenly lit green cloth, with the cloth's glow on hair and
  skin and sensor noise, and a short plucked tune as its sound
  (:func:`workshop_app.bench.film.write_green_screen_clip`);
- ``background_*.mp4``: short videos that loop without a jump (every movement in them
  repeats exactly over the clip's length): drifting clouds, waves on a sea, twinkling
  stars.

Needs ``ffmpeg`` (Debian package ``ffmpeg``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.bench.film import write_clip, write_green_screen_clip

HERE = Path(__file__).resolve().parent
ROWS, COLS, FPS = 720, 1280, 25
PRACTICE_SECONDS = 7.0
BACKGROUND_SECONDS = 6.0
PRACTICE_CODEC = ("-c:v", "libx264", "-preset", "slow", "-crf", "24", "-g", "50")
BACKGROUND_CODEC = ("-c:v", "libx264", "-preset", "slow", "-crf", "28", "-g", "50")

Float = NDArray[np.float32]
RGB = NDArray[np.uint8]


def periodic_noise(rng: np.random.Generator, rows: int, cols: int, size: float) -> Float:
    """Smooth random field, mean 0 and spread 1, that wraps round at its edges (so it can
    slide across the frame and loop); ``size`` is the typical blob size in pixels."""
    fy = np.fft.fftfreq(rows)[:, None]
    fx = np.fft.fftfreq(cols)[None, :]
    falloff = np.exp(-((fx**2 + fy**2) * (size / 2.5) ** 2)) / np.hypot(fx, fy).clip(1 / size)
    spectrum = falloff * (rng.normal(size=(rows, cols)) + 1j * rng.normal(size=(rows, cols)))
    field = np.fft.ifft2(spectrum).real
    return ((field - field.mean()) / field.std()).astype(np.float32)


def _vertical(top: tuple[int, int, int], bottom: tuple[int, int, int], rows: int) -> Float:
    down = np.linspace(0.0, 1.0, rows, dtype=np.float32)[:, None, None]
    return np.float32(top) + (np.float32(bottom) - np.float32(top)) * down


def _to_rgb(picture: Float) -> RGB:
    return np.clip(picture + 0.5, 0, 255).astype(np.uint8)


def clouds(frames: int, *, seed: int = 21) -> Iterator[RGB]:
    """Soft white clouds drifting across a blue sky; a far, slow layer and a near one."""
    rng = np.random.default_rng(seed)
    sky = np.broadcast_to(_vertical((60, 130, 220), (175, 210, 245), ROWS), (ROWS, COLS, 3))
    far = periodic_noise(rng, ROWS, COLS, 500) + 0.25 * periodic_noise(rng, ROWS, COLS, 80)
    near = periodic_noise(rng, ROWS, COLS, 420) + 0.3 * periodic_noise(rng, ROWS, COLS, 60)
    white = np.float32([252, 252, 255])
    for index in range(frames):
        shift = index / frames * COLS
        picture = sky.copy()
        for field, speed, amount, low in ((far, 1, 0.6, 0.7), (near, 2, 0.95, 0.9)):
            moved = np.roll(field, round(shift * speed) % COLS, axis=1)
            cover = np.clip((moved - low) * 1.2, 0, 1) * amount
            # Thick parts of a cloud are a little grey underneath.
            light = white * (1 - 0.12 * np.clip(moved - low - 0.8, 0, 1))[..., None]
            picture = picture * (1 - cover[..., None]) + light * cover[..., None]
        yield _to_rgb(picture)


def waves(frames: int, *, seed: int = 22) -> Iterator[RGB]:
    """A sea under a pale sky, its waves rolling towards the viewer."""
    rng = np.random.default_rng(seed)
    horizon = int(ROWS * 0.4)
    picture = np.zeros((ROWS, COLS, 3), np.float32)
    picture[:horizon] = _vertical((90, 160, 230), (225, 235, 245), horizon)
    sea_rows = ROWS - horizon
    depth = np.linspace(0.0, 1.0, sea_rows, dtype=np.float32)[:, None]  # 0 far, 1 near
    # Perspective: the distance to the sea is about 1 / (rows below the horizon), so far
    # waves are small and close together, near ones big.
    y = 6.0 / (depth + 0.15)
    xs = np.arange(COLS, dtype=np.float32)[None, :] / COLS * 2 * math.pi
    ripple = 0.5 * periodic_noise(rng, sea_rows, COLS, 60)
    sea_far, sea_near = np.float32([50, 120, 180]), np.float32([20, 160, 175])
    base = sea_far + (sea_near - sea_far) * depth[..., None] ** 0.7
    for index in range(frames):
        phase = 2 * math.pi * index / frames
        height = (
            np.sin(y + 2 * phase + 0.4 * np.sin(3 * xs + phase) + ripple)
            + 0.4 * np.sin(1.6 * y + 3 * phase + 2 * xs)
            + 0.25 * np.sin(0.7 * y + phase - 5 * xs)
        )
        crest = np.clip(height - 1.05, 0, 1) ** 1.2 * (0.2 + 0.8 * depth)
        sea = base * (1 + 0.15 * height)[..., None]
        sea = sea * (1 - crest[..., None]) + np.float32([245, 250, 252]) * crest[..., None]
        picture[horizon:] = sea
        yield _to_rgb(picture)


def stars(frames: int, *, seed: int = 23) -> Iterator[RGB]:
    """A night sky: a faint glowing cloud of stars, stars twinkling, a shooting star."""
    rng = np.random.default_rng(seed)
    sky = _vertical((6, 8, 30), (24, 22, 64), ROWS)
    glow = np.clip(periodic_noise(rng, ROWS, COLS, 600) - 0.3, 0, None)
    sky = sky + glow[..., None] * np.float32([14, 8, 22])
    count = 500
    ys = rng.integers(0, ROWS, count)
    xs = rng.integers(0, COLS, count)
    brightness = rng.uniform(0.4, 1.0, count) ** 2 * 2.5
    speed = rng.integers(1, 4, count)  # whole twinkles per loop, so the loop is seamless
    offset = rng.uniform(0, 2 * math.pi, count)
    tint = rng.choice(np.float32([[255, 255, 255], [255, 230, 200], [200, 220, 255]]), count)
    for index in range(frames):
        t = index / frames
        canvas = np.zeros((ROWS, COLS, 3), np.float32)
        level = brightness * (0.65 + 0.35 * np.sin(2 * math.pi * speed * t + offset))
        np.add.at(canvas, (ys, xs), tint * level[:, None])
        # The shooting star crosses in the middle of the loop.
        flight = (t - 0.45) / 0.12
        if 0 <= flight <= 1:
            head = (COLS * (0.25 + 0.45 * flight), ROWS * (0.12 + 0.2 * flight))
            tail = (head[0] - 140, head[1] - 62)
            cv2.line(
                canvas,
                (round(tail[0] * 16), round(tail[1] * 16)),
                (round(head[0] * 16), round(head[1] * 16)),
                (255 * (1 - flight),) * 3,
                2,
                cv2.LINE_AA,
                4,
            )
        canvas = canvas + 1.6 * cv2.GaussianBlur(canvas, (0, 0), 1.6)
        yield _to_rgb(sky + canvas)


BACKGROUNDS = {
    "background_drifting_clouds.mp4": clouds,
    "background_waves_on_the_sea.mp4": waves,
    "background_twinkling_stars.mp4": stars,
}


def main() -> None:
    practice = HERE / "practice_waving_in_the_studio.mp4"
    write_green_screen_clip(
        practice, seconds=PRACTICE_SECONDS, rows=ROWS, cols=COLS, fps=FPS, codec_args=PRACTICE_CODEC
    )
    print(f"{practice.name}: {practice.stat().st_size / 1e6:.2f} MB")
    frames = round(BACKGROUND_SECONDS * FPS)
    for name, draw in BACKGROUNDS.items():
        path = HERE / name
        write_clip(path, draw(frames), size=(ROWS, COLS), fps=FPS, codec_args=BACKGROUND_CODEC)
        print(f"{name}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

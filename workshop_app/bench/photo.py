"""Photo-lab benchmark: ``python -m workshop_app.bench photo [--repeat N] [--check]``.

Makes a synthetic 12-megapixel phone photo in memory (4000x3000 JPEG with textures,
edges, grain, EXIF orientation 6 and a GPS position) and prints, against the targets
of issue 3:

- decode + orient at full size (target <= 300 ms);
- decode to a screen-sized preview, ``max_side=1280`` (no target; for information);
- one slider change re-rendered on the preview: the whole 6-step recipe applied again
  with one setting changed, median of 20 (target <= 50 ms);
- export: the 6-step recipe on the full-size photo plus ``encode_jpeg`` (<= 1.5 s);
- analysis of one photo: ``photolab.review_portrait`` on the preview (<= 150 ms);
- peak memory of one pupil's photo session (upload bytes, full-size original,
  preview, 20 slider changes, full-size export), measured in a fresh process:
  the rise of the peak resident size (Linux ``VmHWM``, reset just before; else
  ``ru_maxrss``) over the resident size before the session: all memory, including
  Pillow's and libjpeg's; and ``tracemalloc``'s peak (numpy and Python
  allocations only) (target <= 150 MB).

``--check`` makes the exit code 1 when a figure is over its target.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from workshop_app.imaging import Recipe
from workshop_app.media import encode_jpeg, load_image
from workshop_app.photolab import review_portrait

ROWS, COLUMNS = 3000, 4000
PREVIEW_SIDE = 1280
SLIDER_CHANGES = 20

TARGETS_MS = {"decode": 300.0, "slider": 50.0, "export": 1500.0, "analysis": 150.0}
TARGET_MB = 150.0

RECIPE = (
    Recipe()
    .set("rotate", straighten=2.5)
    .set("exposure", stops=0.3)
    .set("contrast", amount=15)
    .set("saturation", amount=20)
    .set("vignette", amount=30)
    .set("sharpen", amount=40)
)
"""A typical finished edit: six steps, none of them a crop (so every step is full size)."""


def synthetic_photo(rows: int = ROWS, columns: int = COLUMNS, *, seed: int = 0) -> np.ndarray:
    """A photo-like RGB ``uint8`` image: sky, textured ground, shapes, edges and grain."""
    rng = np.random.default_rng(seed)
    size = (columns, rows)
    # Sky-to-ground gradient.
    down = np.linspace(0.0, 1.0, rows, dtype=np.float32)[:, None, None]
    sky, ground = np.array([120, 170, 235], np.float32), np.array([70, 110, 50], np.float32)
    picture = np.broadcast_to(sky + (ground - sky) * down, (rows, columns, 3)).copy()
    # Several octaves of smooth noise (clouds, foliage, fabric), coarse to fine.
    for cells, weight in ((6, 40.0), (24, 25.0), (96, 15.0), (384, 10.0)):
        field = rng.normal(0.0, 1.0, (max(2, cells * rows // columns), cells, 3))
        picture += weight * cv2.resize(field.astype(np.float32), size, cv2.INTER_CUBIC)
    # Hard-edged shapes: buildings, windows, a sun, lines.
    canvas = np.clip(picture, 0, 255).astype(np.uint8)
    del picture
    for _ in range(40):
        top, left = int(rng.integers(0, rows)), int(rng.integers(0, columns))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        corner = (left + int(rng.integers(50, 600)), top + int(rng.integers(50, 600)))
        cv2.rectangle(canvas, (left, top), corner, colour, thickness=-1)
    for _ in range(30):
        centre = (int(rng.integers(0, columns)), int(rng.integers(0, rows)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.circle(canvas, centre, int(rng.integers(20, 300)), colour, -1, cv2.LINE_AA)
    for _ in range(60):
        start = (int(rng.integers(0, columns)), int(rng.integers(0, rows)))
        end = (int(rng.integers(0, columns)), int(rng.integers(0, rows)))
        cv2.line(canvas, start, end, (20, 20, 20), int(rng.integers(1, 8)), cv2.LINE_AA)
    # A little lens softness, then sensor grain.
    canvas = cv2.GaussianBlur(canvas, (0, 0), 0.8)
    grain = rng.integers(-6, 7, size=(rows, columns, 1), dtype=np.int16)
    return np.clip(canvas + grain, 0, 255).astype(np.uint8)


def phone_jpeg(*, seed: int = 0, quality: int = 90) -> bytes:
    """The synthetic photo as a phone would save it: JPEG, orientation 6, GPS in EXIF."""
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: shown as 3000 wide by 4000 high
    exif[0x010F] = "Benchmark Phone"
    exif[0xA431] = "SERIAL-0000-1234"  # body serial number
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    buffer = io.BytesIO()
    Image.fromarray(synthetic_photo(seed=seed)).save(
        buffer, format="JPEG", quality=quality, exif=exif.tobytes()
    )
    return buffer.getvalue()


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def session(data: bytes) -> None:
    """One pupil's photo session, as the photo lab does it."""
    original = load_image(data)
    preview = load_image(data, max_side=PREVIEW_SIDE)
    recipe = RECIPE
    for change in range(SLIDER_CHANGES):
        recipe = recipe.set("contrast", amount=change * 2)
        recipe.apply(preview)
    encode_jpeg(recipe.apply(original))


def _status_mb(field: str) -> float | None:
    """A memory figure from ``/proc/self/status`` (Linux) in MB, or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> None:
    """Start the peak-memory count afresh (Linux: VmHWM := VmRSS)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    """Peak resident memory: VmHWM where Linux gives it, else ru_maxrss.

    (ru_maxrss of a freshly started child can still show its parent's peak.)
    """
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024


def measure_memory(path: str) -> str:
    """Run :func:`session` on the file at ``path`` in this (fresh) process; report MB."""
    load_image(encode_jpeg(np.zeros((8, 8, 3), np.uint8)))  # warm up codecs and HEIF
    _reset_peak()
    before = _status_mb("VmRSS") or _peak_mb()
    tracemalloc.start()
    session(Path(path).read_bytes())
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return f"{_peak_mb() - before:.1f} {traced_peak / 2**20:.1f}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop_app.bench photo")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--check", action="store_true", help="exit 1 if over a target")
    parser.add_argument("--memory-session", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_session:  # the child process started below
        print(measure_memory(args.memory_session))
        return 0

    print("Making a synthetic 12-megapixel phone photo ...", flush=True)
    data = phone_jpeg()
    full = load_image(data)
    preview = load_image(data, max_side=PREVIEW_SIDE)
    repeat = max(1, args.repeat)

    decode = median_ms(lambda: load_image(data), repeat)
    decode_preview = median_ms(lambda: load_image(data, max_side=PREVIEW_SIDE), repeat)
    amounts = iter(range(0, 10 * SLIDER_CHANGES, 10))
    slider = median_ms(
        lambda: RECIPE.set("contrast", amount=next(amounts) % 100).apply(preview), SLIDER_CHANGES
    )
    export = median_ms(lambda: encode_jpeg(RECIPE.apply(full)), max(1, repeat // 2))
    review_portrait(preview)  # the first call also reads the face cascades
    analysis = median_ms(lambda: review_portrait(preview), repeat)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "photo.jpg")
        Path(path).write_bytes(data)
        child = subprocess.run(
            [sys.executable, "-m", "workshop_app.bench", "photo", "--memory-session", path],
            capture_output=True,
            text=True,
            check=True,
        )
    rss_mb, traced_mb = (float(value) for value in child.stdout.split())

    rows, columns = full.shape[:2]
    print(
        f"Photo: {COLUMNS}x{ROWS} JPEG ({ROWS * COLUMNS / 1e6:.1f} MP, {len(data) / 1e6:.1f} MB, "
        f"EXIF orientation 6 -> {columns}x{rows}); preview {preview.shape[1]}x"
        f"{preview.shape[0]}; {os.cpu_count()} CPU cores, OpenCV threads {cv2.getNumThreads()}"
    )
    print(f"Recipe: {', '.join(step.edit for step in RECIPE)}")
    over = []

    def line(label: str, value: float, target: float | None, unit: str = "ms") -> None:
        verdict = ""
        if target is not None:
            ok = value <= target
            verdict = f"(target <= {target:g} {unit}) {'ok' if ok else 'OVER'}"
            if not ok:
                over.append(label)
        print(f"  {label:<44} {value:8.1f} {unit}  {verdict}")

    line("decode + orient, full size", decode, TARGETS_MS["decode"])
    line(f"decode to preview (max_side {PREVIEW_SIDE})", decode_preview, None)
    line(f"slider change on preview (median of {SLIDER_CHANGES})", slider, TARGETS_MS["slider"])
    line("export: 6-step recipe + encode_jpeg, full", export, TARGETS_MS["export"])
    line("analysis of one photo (review_portrait, preview)", analysis, TARGETS_MS["analysis"])
    line("peak memory, session (VmHWM - RSS before)", rss_mb, TARGET_MB, "MB")
    line("peak memory, session (tracemalloc peak)", traced_mb, None, "MB")
    return 1 if args.check and over else 0

"""Draw the green-screen studio's backgrounds, stickers and frames (seeded, no downloads).

Run ``python sample_media/backgrounds/make_backgrounds.py`` from the project folder to
make every file again; the same seed gives the same pictures. Backgrounds are
1920 x 1080 JPEGs (quality 86, no metadata), stickers and frames RGBA PNGs in
``stickers/``. Everything is painted with numpy and OpenCV: gradients, smooth noise,
anti-aliased shapes drawn at twice the size and shrunk, and soft glows.

Made by this script, so free of anyone else's rights: released under CC0 1.0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

HERE = Path(__file__).resolve().parent
STICKERS = HERE / "stickers"
ROWS, COLS = 1080, 1920
QUALITY = 86
SUPER = 2  # shapes are drawn at twice the size, then shrunk: smooth edges

Image = NDArray[np.float32]  # RGB, 0..1, (rows, cols, 3)
Mask = NDArray[np.float32]  # 0..1, (rows, cols)
Points = list[tuple[float, float]]  # (x, y) in pixels


# helpers: colours, gradients, noise


def rgb(hex_colour: str) -> NDArray[np.float32]:
    """``"#ffcc00"`` -> ``array([1.0, 0.8, 0.0])``."""
    value = hex_colour.lstrip("#")
    return np.array([int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)], np.float32)


def smoothstep(low: float, high: float, x: NDArray[np.float32]) -> NDArray[np.float32]:
    t = np.clip((x - low) / (high - low), 0.0, 1.0)
    return (t * t * (3 - 2 * t)).astype(np.float32)


def vertical(stops: list[tuple[float, str]], rows: int = ROWS, cols: int = COLS) -> Image:
    """A top-to-bottom gradient through colour ``stops`` (position 0..1, colour)."""
    where = np.linspace(0.0, 1.0, rows)
    positions = [p for p, _ in stops]
    colours = np.array([rgb(c) for _, c in stops])
    column = np.stack([np.interp(where, positions, colours[:, c]) for c in range(3)], axis=1)
    return np.repeat(column[:, None, :], cols, axis=1).astype(np.float32)


def noise(
    rng: np.random.Generator,
    cells: float,
    *,
    octaves: int = 5,
    gain: float = 0.5,
    stretch: float = 1.0,
    rows: int = ROWS,
    cols: int = COLS,
) -> Mask:
    """Smooth fractal noise 0..1 with about ``cells`` bumps across; ``stretch`` > 1 streaks it
    sideways (waves, wisps)."""
    total = np.zeros((rows, cols), np.float32)
    amplitude, weight = 1.0, 0.0
    for octave in range(octaves):
        across = max(2, int(cells * 2**octave)) + 2
        down = max(2, int(across * rows / cols * stretch)) + 2
        grid = rng.random((down, across)).astype(np.float32)
        total += amplitude * cv2.resize(grid, (cols, rows), interpolation=cv2.INTER_CUBIC)
        weight += amplitude
        amplitude *= gain
    total /= weight
    low, high = np.percentile(total, (0.5, 99.5))
    return np.clip((total - low) / (high - low), 0, 1).astype(np.float32)


def profile(rng: np.random.Generator, cells: float, *, octaves: int = 6, cols: int = COLS):
    """A smooth 1-D random curve -1..1 across the picture (ridges, shorelines)."""
    total = np.zeros(cols, np.float32)
    amplitude, weight = 1.0, 0.0
    for octave in range(octaves):
        knots = max(2, int(cells * 2**octave)) + 3
        values = rng.uniform(-1, 1, knots).astype(np.float32)
        total += amplitude * np.interp(np.linspace(1, knots - 2, cols), np.arange(knots), values)
        weight += amplitude
        amplitude *= 0.5
    return total / weight


def grain(rng: np.random.Generator, amount: float, rows: int = ROWS, cols: int = COLS) -> Mask:
    """Fine film-like grain, mean 0: makes flat colour look like a photo, not a diagram."""
    fine = rng.normal(0, amount, (rows, cols)).astype(np.float32)
    return cv2.GaussianBlur(fine, (0, 0), 0.7)


def coords(rows: int = ROWS, cols: int = COLS) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    ys, xs = np.mgrid[0:rows, 0:cols].astype(np.float32)
    return xs, ys


# helpers: painting


def shape(
    draw: Callable[[NDArray[np.uint8], Callable], None], box: tuple, size=(ROWS, COLS)
) -> Mask:
    """An anti-aliased mask: ``draw(canvas, p)`` paints 255 on a canvas twice the size,
    with ``p(x, y)`` turning picture coordinates into OpenCV's fixed-point ones. Only the
    ``box`` (x0, y0, x1, y1) around the shape is drawn, which keeps small shapes quick."""
    rows, cols = size
    mask = np.zeros((rows, cols), np.float32)
    x0, y0 = max(0, math.floor(box[0]) - 2), max(0, math.floor(box[1]) - 2)
    x1, y1 = min(cols, math.ceil(box[2]) + 2), min(rows, math.ceil(box[3]) + 2)
    if x0 >= x1 or y0 >= y1:
        return mask
    canvas = np.zeros(((y1 - y0) * SUPER, (x1 - x0) * SUPER), np.uint8)

    def p(x: float, y: float) -> tuple[int, int]:
        return (round((x - x0) * SUPER * 16), round((y - y0) * SUPER * 16))

    draw(canvas, p)
    small = cv2.resize(canvas, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    mask[y0:y1, x0:x1] = small.astype(np.float32) / 255
    return mask


def _box(points: Points, margin: float = 0.0) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)


def poly(points: Points, size=(ROWS, COLS)) -> Mask:
    def draw(canvas, p):
        cv2.fillPoly(canvas, [np.array([p(x, y) for x, y in points], np.int32)], 255, 16, 4)

    return shape(draw, _box(points), size)


def disc(cx: float, cy: float, radius: float, size=(ROWS, COLS)) -> Mask:
    def draw(canvas, p):
        cv2.circle(canvas, p(cx, cy), round(radius * SUPER * 16), 255, -1, cv2.LINE_AA, 4)

    return shape(draw, (cx - radius, cy - radius, cx + radius, cy + radius), size)


def ellipse(cx: float, cy: float, rx: float, ry: float, angle=0.0, size=(ROWS, COLS)) -> Mask:
    def draw(canvas, p):
        axes = (round(rx * SUPER * 16), round(ry * SUPER * 16))
        cv2.ellipse(canvas, p(cx, cy), axes, angle, 0, 360, 255, -1, cv2.LINE_AA, 4)

    reach = max(rx, ry)
    return shape(draw, (cx - reach, cy - reach, cx + reach, cy + reach), size)


def line(points: Points, width: float, size=(ROWS, COLS)) -> Mask:
    def draw(canvas, p):
        pts = np.array([p(x, y) for x, y in points], np.int32)
        cv2.polylines(canvas, [pts], False, 255, max(1, round(width * SUPER)), cv2.LINE_AA, 4)

    return shape(draw, _box(points, width), size)


def paint(image: Image, mask: Mask, colour) -> Image:
    """``colour`` (one colour or a picture) laid over ``image`` where ``mask`` says."""
    if isinstance(colour, str):
        colour = rgb(colour)
    m = mask[..., None]
    return image * (1 - m) + np.asarray(colour, np.float32) * m


def glow(image: Image, mask: Mask, colour: str, sigma: float, strength: float = 1.0) -> Image:
    """Light added around (and on) ``mask``, like a lamp's halo."""
    halo = cv2.GaussianBlur(mask, (0, 0), sigma) * strength
    return image + halo[..., None] * rgb(colour)


def strip(points: Points, widths: list[float]) -> Points:
    """The outline of a band along ``points`` whose width goes through ``widths``."""
    pts = np.array(points, np.float32)
    tangent = np.gradient(pts, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True) + 1e-6
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], axis=1)
    half = np.interp(np.linspace(0, 1, len(pts)), np.linspace(0, 1, len(widths)), widths) / 2
    left = pts + normal * half[:, None]
    right = pts - normal * half[:, None]
    return [tuple(v) for v in np.concatenate([left, right[::-1]])]


def curve(start: tuple[float, float], bend: tuple[float, float], end: tuple[float, float], n=40):
    """Points along a quadratic Bezier curve."""
    t = np.linspace(0, 1, n)[:, None]
    a, b, c = (np.array(v, np.float32) for v in (start, bend, end))
    pts = (1 - t) ** 2 * a + 2 * (1 - t) * t * b + t**2 * c
    return [tuple(v) for v in pts]


def leaf(base: tuple[float, float], angle: float, length: float, width: float, droop=0.0):
    """A pointed leaf outline from ``base``: ``angle`` in degrees (0 = right), curling by
    ``droop`` (positive bends it down)."""
    t = np.linspace(0, 1, 30)
    a = math.radians(angle)
    along = np.stack([np.cos(a), np.sin(a)])
    across = np.stack([-np.sin(a), np.cos(a)])
    mid = base + np.outer(t * length, along) + np.outer(droop * length * t**2, [0, 1])
    half = width / 2 * np.sin(np.pi * t) ** 0.8
    left = mid + np.outer(half, across)
    right = mid - np.outer(half, across)
    return [tuple(v) for v in np.concatenate([left, right[::-1]])], [tuple(v) for v in mid]


def finish(image: Image, rng: np.random.Generator, *, grain_amount=0.012) -> NDArray[np.uint8]:
    """Grain and a soft vignette, then to ``uint8`` RGB."""
    xs, ys = coords()
    r = np.hypot((xs - COLS / 2) / (COLS / 2), (ys - ROWS / 2) / (ROWS / 2))
    vignette = 1 - 0.16 * smoothstep(0.6, 1.45, r)
    image = image * vignette[..., None] + grain(rng, grain_amount)[..., None]
    return np.clip(np.rint(image * 255), 0, 255).astype(np.uint8)


# backgrounds


def beach(rng: np.random.Generator) -> NDArray[np.uint8]:
    horizon = 0.5 * ROWS
    xs, ys = coords()
    img = vertical([(0, "#1d63c2"), (0.32, "#4e9be3"), (0.5, "#cde8f6"), (1, "#cde8f6")])

    # the sun and its warm halo
    sun_x, sun_y = 0.79 * COLS, 0.17 * ROWS
    d = np.hypot(xs - sun_x, ys - sun_y)
    img += (0.55 * np.exp(-d / 230) + 0.35 * np.exp(-d / 60))[..., None] * rgb("#fff1c9")
    img = paint(img, smoothstep(58, 54, d), rgb("#fffcee"))

    # clouds: wisps stretched sideways, darker underneath, most just above the sea
    puff = noise(rng, 4, octaves=6, stretch=2.5)
    band = smoothstep(0.04, 0.16, ys / ROWS) * smoothstep(0.47, 0.3, ys / ROWS)
    cloud = smoothstep(0.52, 0.8, puff) * band
    shade = np.clip((np.roll(puff, -14, axis=0) - puff) * 4, 0, 1)
    colour = rgb("#ffffff") * (1 - 0.16 * shade[..., None]) + 0.03
    img = paint(img, cloud * 0.92, colour)

    # the sea: deep blue at the horizon, turquoise near the shore, long wave streaks
    shore = 0.69 * ROWS + 10 * np.sin(xs[0] / 210) + 12 * profile(rng, 4)
    depth = np.clip((ys - horizon) / (shore[None, :] - horizon), 0, 1)
    sea = rgb("#17508a") * (1 - depth[..., None] ** 1.3) + rgb("#2cbfc8") * depth[..., None] ** 1.3
    waves = noise(rng, 14, octaves=4, stretch=9)
    sea *= (0.93 + 0.14 * waves)[..., None]
    crest = smoothstep(0.78, 0.95, waves) * (0.35 + 0.65 * depth)
    sea = paint(sea, crest * 0.45, rgb("#e9fbff"))
    glitter = np.exp(-(((xs - sun_x) / (60 + 260 * depth)) ** 2)) * smoothstep(0.7, 0.9, waves)
    sea = paint(sea, np.clip(glitter, 0, 1) * 0.8, rgb("#fffbe0"))
    in_sea = smoothstep(horizon - 0.5, horizon + 1.0, ys) * (ys < shore[None, :] + 2)
    img = paint(img, in_sea, sea)
    img = paint(img, np.exp(-(((ys - horizon) / 2.2) ** 2)) * 0.35, rgb("#eaf6ff"))

    # foam where the waves land, then wet and dry sand with ripples and grain
    foam_noise = noise(rng, 14, octaves=4, stretch=3)
    to_shore = ys - shore[None, :]
    foam = smoothstep(-16, -4, to_shore) * smoothstep(10, 2, to_shore)
    foam *= smoothstep(0.25, 0.55, foam_noise)
    far_foam = smoothstep(6, 0, np.abs(to_shore + 48 + 10 * foam_noise)) * 0.5
    img = paint(img, np.clip(foam + far_foam * smoothstep(0.45, 0.7, foam_noise), 0, 1), "#f7fdff")
    dry = vertical([(0, "#f3e0b8"), (0.7, "#f3e0b8"), (1, "#ddbb84")])
    wet = rgb("#c9a677")
    wetness = smoothstep(70, 10, to_shore)[..., None]
    sand = dry * (1 - wetness) + wet * wetness
    ripples = (
        0.025 * np.sin(ys * 0.22 + 9 * noise(rng, 6, octaves=3)) * smoothstep(0, 120, to_shore)
    )
    sand = sand * (1 + ripples[..., None] + 0.05 * (noise(rng, 60, octaves=3)[..., None] - 0.5))
    sand += grain(rng, 0.025)[..., None]
    img = paint(img, smoothstep(-1, 1, to_shore), sand)

    img = palm_tree(img, rng, base=(0.085 * COLS, 1.03 * ROWS), top=(0.16 * COLS, 0.29 * ROWS))
    img = beach_ball(img, cx=0.86 * COLS, cy=0.86 * ROWS, radius=62)
    img = starfish(img, cx=0.30 * COLS, cy=0.93 * ROWS, radius=34, angle=12)
    return finish(img, rng)


def palm_tree(img: Image, rng, *, base, top) -> Image:
    trunk_line = curve(base, (base[0] + 0.02 * COLS, (base[1] + top[1]) * 0.55), top, 60)
    trunk = poly(strip(trunk_line, [54, 40, 26]))
    xs, ys = coords()
    rings = 0.5 + 0.5 * np.sin(ys / 11.0)
    bark = rgb("#8b6a47") * (0.8 + 0.25 * rings[..., None])
    side = np.clip((xs - np.interp(ys, [top[1], base[1]], [top[0], base[0]])) / 30, -1, 1)
    bark *= (0.85 + 0.15 * side)[..., None]
    img = paint(img, trunk, bark)
    for coconut in range(3):
        angle = coconut * 2.1 + 0.4
        img = paint(
            img,
            disc(top[0] + 16 * math.cos(angle), top[1] + 14 + 10 * math.sin(angle), 15),
            rgb("#5a3d26"),
        )
    for index, angle in enumerate(np.linspace(-200, 20, 9)):
        length = rng.uniform(260, 380)
        outline, mid = leaf(top, angle, length, 70, droop=0.55)
        jagged = []
        for k, (x, y) in enumerate(outline):  # a fringe of leaflets
            pull = 0.55 if k % 2 else 1.0
            mx, my = mid[min(k, len(mid) - 1)] if k < len(mid) else mid[len(outline) - 1 - k]
            jagged.append((mx + (x - mx) * pull, my + (y - my) * pull))
        colour = rgb("#2f8a3a" if index % 2 else "#1f6e2e") * rng.uniform(0.9, 1.1)
        img = paint(img, poly(jagged), colour)
        img = paint(img, line(mid, 3) * 0.7, rgb("#9ccc65"))
    return img


def beach_ball(img: Image, *, cx: float, cy: float, radius: float) -> Image:
    xs, ys = coords()
    ball = disc(cx, cy, radius)
    angle = np.arctan2(ys - cy, xs - cx + 0.35 * (ys - cy))
    sector = ((angle + np.pi) / (2 * np.pi) * 6).astype(np.int32) % 6
    palette = np.array(
        [rgb(c) for c in ("#e53935", "#ffffff", "#fdd835", "#ffffff", "#1e88e5", "#ffffff")]
    )
    colour = palette[sector]
    d = np.hypot(xs - (cx - 0.35 * radius), ys - (cy - 0.4 * radius)) / radius
    colour = colour * (1.05 - 0.35 * np.clip(d - 0.3, 0, 1))[..., None]
    shadow = ellipse(cx + 18, cy + radius * 0.92, radius * 1.1, radius * 0.25)
    img = paint(img, cv2.GaussianBlur(shadow, (0, 0), 6) * 0.35, rgb("#7d5c35"))
    img = paint(img, ball, colour)
    return paint(img, disc(cx - 0.4 * radius, cy - 0.45 * radius, radius * 0.18) * 0.7, "#ffffff")


def starfish(img: Image, *, cx: float, cy: float, radius: float, angle: float) -> Image:
    points = []
    for k in range(10):
        a = math.radians(angle + k * 36 - 90)
        r = radius if k % 2 == 0 else radius * 0.45
        points.append((cx + r * math.cos(a), cy + r * math.sin(a) * 0.8))
    img = paint(img, cv2.GaussianBlur(poly(points), (0, 0), 4) * 0.3, rgb("#8a6a40"))
    return paint(img, poly([(x - 3, y - 4) for x, y in points]), rgb("#f4793b"))


def space(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical([(0, "#04040c"), (1, "#0a0f2c")])

    # a nebula along a diagonal band: magenta and teal clouds with dark dust lanes
    along = (xs / COLS - 0.15) * 0.55 - (ys / ROWS - 0.5) * 0.9
    band = np.exp(-((along / 0.22) ** 2))
    pink = smoothstep(0.35, 0.95, noise(rng, 3, octaves=7, gain=0.55)) * band
    teal = smoothstep(0.4, 1.0, noise(rng, 4, octaves=7, gain=0.55)) * band
    dust = smoothstep(0.55, 0.8, noise(rng, 5, octaves=6))
    img += (pink[..., None] * rgb("#b02a78") * 0.75 + teal[..., None] * rgb("#2464b8") * 0.7) * (
        1 - 0.7 * dust[..., None]
    )
    img += (pink * teal)[..., None] * rgb("#ffc2e8") * 0.5

    # stars: thousands of faint ones, more inside the band, and a few bright ones
    stars = np.zeros((ROWS, COLS, 3), np.float32)
    for count, extra in ((2600, 0.0), (4000, 1.0)):
        x = rng.uniform(0, COLS, count)
        y = rng.uniform(0, ROWS, count)
        if extra:
            keep = rng.random(count) < np.exp(
                -((((x / COLS - 0.15) * 0.55 - (y / ROWS - 0.5) * 0.9) / 0.18) ** 2)
            )
            x, y = x[keep], y[keep]
        level = rng.power(0.25, len(x)).astype(np.float32) * 0.9 + 0.1
        tint = np.where(rng.random(len(x))[:, None] < 0.5, rgb("#cfe0ff"), rgb("#fff1d6"))
        np.add.at(stars, (y.astype(int), x.astype(int)), level[:, None] * tint)
    img += cv2.GaussianBlur(stars, (0, 0), 0.6) * 2.2
    for _ in range(14):
        x, y = rng.uniform(0, COLS), rng.uniform(0, ROWS * 0.7)
        size = rng.uniform(0.6, 1.3)
        point = disc(x, y, 2.2 * size)
        img = glow(img, point, "#dfe9ff", 7 * size, 6)
        spikes = line([(x - 40 * size, y), (x + 40 * size, y)], 1.2)
        spikes = np.maximum(spikes, line([(x, y - 40 * size), (x, y + 40 * size)], 1.2))
        img = glow(img, spikes * np.exp(-np.hypot(xs - x, ys - y) / (14 * size)), "#ffffff", 1, 2)
        img = paint(img, point, "#ffffff")

    img = planet(img, rng, cx=1.0 * COLS - 300, cy=ROWS + 330, radius=620)
    img = ringed_planet(img, rng, cx=0.16 * COLS, cy=0.22 * ROWS, radius=74)
    return finish(img, rng, grain_amount=0.008)


def planet(img: Image, rng, *, cx, cy, radius) -> Image:
    xs, ys = coords()
    dx, dy = (xs - cx) / radius, (ys - cy) / radius
    r2 = dx**2 + dy**2
    inside = smoothstep(1.0 + 1.5 / radius, 1.0 - 1.5 / radius, np.sqrt(r2))
    nz = np.sqrt(np.clip(1 - r2, 0, 1))
    light = np.clip(-0.78 * dx - 0.2 * dy + 0.6 * nz, 0, 1)
    swirl = noise(rng, 4, octaves=5, stretch=4)
    bands = 0.5 + 0.5 * np.sin(dy * 26 + 3.5 * swirl + dx * 2)
    surface = (
        rgb("#c46a3a") * bands[..., None]
        + rgb("#f2d3a2") * (1 - bands[..., None])
        + 0.08 * (swirl[..., None] - 0.5)
    )
    shaded = surface * (0.08 + 1.0 * light[..., None] ** 0.8)
    img = paint(img, inside, shaded)
    rim = np.exp(-np.abs(np.sqrt(r2) - 1.0) * radius / 10) * np.clip(light + 0.2, 0, 1)
    return img + rim[..., None] * rgb("#8fc6ff") * 0.8


def ringed_planet(img: Image, rng, *, cx, cy, radius) -> Image:
    xs, ys = coords()
    tilt = math.radians(-18)
    u = ((xs - cx) * math.cos(tilt) + (ys - cy) * math.sin(tilt)) / radius
    v = (-(xs - cx) * math.sin(tilt) + (ys - cy) * math.cos(tilt)) / radius
    ring_r = np.hypot(u / 2.3, v / 0.55)
    ring = smoothstep(0.62, 0.66, ring_r) * smoothstep(1.0, 0.95, ring_r)
    ring *= 0.55 + 0.35 * np.sin(ring_r * 60) ** 2
    back = ring * (v < 0)
    front = ring * (v >= 0)
    img = paint(img, back * 0.85, rgb("#e8d3a8"))
    d = np.hypot(xs - cx, ys - cy) / radius
    body = smoothstep(1.02, 0.98, d)
    light = np.clip(1.1 - np.hypot((xs - cx) / radius + 0.45, (ys - cy) / radius + 0.35), 0, 1)
    stripes = 0.5 + 0.5 * np.sin(v * 9)
    colour = rgb("#e0a45e") * stripes[..., None] + rgb("#f6dcae") * (1 - stripes[..., None])
    img = paint(img, body, colour * (0.15 + light[..., None]))
    shadow_on_ring = 1 - 0.6 * smoothstep(1.1, 0.9, np.hypot(u - 0.4, v))
    return paint(img, front * 0.9, rgb("#e8d3a8") * shadow_on_ring[..., None])


def underwater(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical([(0, "#5fd3da"), (0.3, "#1b91b3"), (0.75, "#0b4a7a"), (1, "#073462")])

    # rippling light on the surface and rays slanting down through the water
    warp = noise(rng, 5, octaves=4)
    ripple = noise(rng, 18, octaves=3) + 0.6 * warp
    caustic = cv2.GaussianBlur((1 - np.abs(np.sin(ripple * 14))) ** 8, (0, 0), 1.2)
    img += (caustic * np.exp(-ys / 110) * 0.3)[..., None] * rgb("#e8ffff")
    rays = np.zeros((ROWS, COLS), np.float32)
    for _ in range(9):
        x0 = rng.uniform(-0.1, 1.0) * COLS
        spread, slant = rng.uniform(20, 60), rng.uniform(0.15, 0.35) * COLS
        ray = poly(
            [
                (x0 - spread, -10),
                (x0 + spread, -10),
                (x0 + slant + 3 * spread, ROWS),
                (x0 + slant - 1.5 * spread, ROWS),
            ]
        )
        rays += ray * rng.uniform(0.5, 1.0)
    rays = cv2.GaussianBlur(rays, (0, 0), 22) * (1 - ys / ROWS) ** 1.6
    img += (rays * 0.16)[..., None] * rgb("#d8fbff")

    # far fish as a shadowy school, then the sandy floor
    for _ in range(34):
        x = 0.55 * COLS + rng.normal(0, 150)
        y = 0.33 * ROWS + rng.normal(0, 60)
        img = fish(img, x, y, 13, rgb("#0e5f86"), facing=-1, stripes=False, eye=False, alpha=0.6)
    floor = 0.85 * ROWS + 26 * np.sin(xs[0] / 260 + 1) + 22 * profile(rng, 3)
    to_floor = ys - floor[None, :]
    sand = rgb("#b9b085") * (0.75 + 0.2 * noise(rng, 40, octaves=3)[..., None])
    sand = sand * 0.65 + rgb("#2a7f9e") * 0.35
    sand *= (1 + 0.04 * np.sin(xs * 0.05 + ys * 0.3 + 6 * warp))[..., None]
    img = paint(img, smoothstep(-1.5, 1.5, to_floor), sand)
    for x, w, h in ((0.05, 130, 70), (0.23, 90, 50), (0.9, 150, 80), (0.72, 70, 35)):
        cx = x * COLS
        cy = float(np.interp(cx, np.arange(COLS), floor)) + 14
        rock = ellipse(cx, cy, w, h) * (ys < cy + 4)  # half buried in the sand
        top_light = 0.6 + 0.55 * smoothstep(cy, cy - h, ys) - 0.25 * smoothstep(cx - w, cx + w, xs)
        texture = 0.85 + 0.3 * noise(rng, 30, octaves=3)
        img = paint(img, rock, rgb("#3f6678") * (top_light * texture)[..., None])

    # seaweed and coral at the sides, where the pupil is not standing
    for x in list(rng.uniform(0.0, 0.22, 5)) + list(rng.uniform(0.78, 1.0, 5)):
        img = seaweed(img, rng, x * COLS, np.interp(x * COLS, np.arange(COLS), floor) + 20)
    for x, colour in ((0.13, "#ff6f61"), (0.2, "#ff9fc2"), (0.83, "#ffa24c"), (0.93, "#ff6f9c")):
        img = coral(img, rng, x * COLS, np.interp(x * COLS, np.arange(COLS), floor) + 15, colour)

    # fish and bubbles
    for x, y, size, colour, facing in (
        (0.14, 0.32, 44, "#ff8a1c", 1),
        (0.25, 0.46, 30, "#ffd23f", 1),
        (0.8, 0.24, 40, "#ff8a1c", -1),
        (0.88, 0.52, 34, "#4fc3f7", -1),
        (0.7, 0.62, 26, "#ffd23f", -1),
    ):
        img = fish(img, x * COLS, y * ROWS, size, rgb(colour), facing=facing)
    for _ in range(60):
        column = rng.choice([0.08, 0.19, 0.86, 0.95])
        x = (column + rng.normal(0, 0.012)) * COLS
        y = rng.uniform(0.05, 0.8) * ROWS
        r = rng.uniform(3, 11)
        ring = np.clip(disc(x, y, r) - disc(x, y, r - 1.6), 0, 1)
        img = paint(img, ring * 0.55 + disc(x, y, r) * 0.12, rgb("#e6fdff"))
        img = paint(img, disc(x - r * 0.35, y - r * 0.35, r * 0.25) * 0.8, rgb("#ffffff"))
    return finish(img, rng)


def fish(img, x, y, size, colour, *, facing=1, stripes=True, eye=True, alpha=1.0) -> Image:
    body = ellipse(x, y, size, size * 0.52)
    tail = poly(
        [
            (x - facing * size * 0.8, y),
            (x - facing * size * 1.45, y - size * 0.5),
            (x - facing * size * 1.45, y + size * 0.5),
        ]
    )
    fin = poly(
        [
            (x - facing * size * 0.3, y - size * 0.4),
            (x + facing * size * 0.2, y - size * 0.75),
            (x + facing * size * 0.35, y - size * 0.35),
        ]
    )
    shape_mask = np.clip(body + tail + fin, 0, 1)
    img = paint(img, shape_mask * alpha, colour)
    if stripes:
        xs, _ = coords()
        for offset in (0.25, -0.35):
            band = smoothstep(size * 0.13, size * 0.07, np.abs(xs - (x + facing * offset * size)))
            img = paint(img, band * body, rgb("#ffffff"))
        img = paint(img, ellipse(x, y + size * 0.15, size * 0.8, size * 0.2) * 0.25, "#ffffff")
    if eye:
        img = paint(img, disc(x + facing * size * 0.6, y - size * 0.1, size * 0.11), "#101418")
    return img


def seaweed(img: Image, rng, x: float, y: float) -> Image:
    height = rng.uniform(260, 560)
    phase, sway = rng.uniform(0, 6), rng.uniform(20, 45)
    t = np.linspace(0, 1, 50)
    points = [(x + sway * math.sin(phase + 7 * s) * s, y - height * s) for s in t]
    colour = rgb(rng.choice(["#2e8b57", "#3cb371", "#237a4b", "#4caf50"])) * 0.8
    return paint(img, poly(strip(points, [rng.uniform(14, 22), 12, 3])), colour)


def coral(img: Image, rng, x: float, y: float, colour: str) -> Image:
    mask = np.zeros((ROWS, COLS), np.float32)

    def branch(x0, y0, angle, length, width, depth):
        nonlocal mask
        x1 = x0 + length * math.cos(angle)
        y1 = y0 - length * math.sin(angle)
        mask = np.maximum(mask, line([(x0, y0), (x1, y1)], width))
        mask = np.maximum(mask, disc(x1, y1, width * 0.55))
        if depth:
            for turn in (-0.45, 0.4):
                branch(
                    x1,
                    y1,
                    angle + turn + rng.normal(0, 0.12),
                    length * 0.72,
                    width * 0.75,
                    depth - 1,
                )

    branch(x, y, math.pi / 2 + rng.normal(0, 0.1), rng.uniform(70, 95), 16, 3)
    shade = 0.8 + 0.3 * noise(rng, 40, octaves=2)[..., None]
    return paint(img, mask, rgb(colour) * shade)


def jungle(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical([(0, "#e6f2b8"), (0.45, "#8fc06a"), (1, "#2f6235")])
    d = np.hypot(xs - 0.55 * COLS, ys + 0.1 * ROWS)
    img += (0.45 * np.exp(-d / 420))[..., None] * rgb("#fff8d0")

    # far trees, soft and pale in the mist
    far = np.zeros((ROWS, COLS), np.float32)
    for x in rng.uniform(0, 1, 12) * COLS:
        w = rng.uniform(18, 40)
        far = np.maximum(
            far, poly([(x - w, ROWS), (x - w * 0.6, 0), (x + w * 0.6, 0), (x + w, ROWS)])
        )
    img = paint(img, cv2.GaussianBlur(far, (0, 0), 5) * 0.45, rgb("#7a9c6c"))
    canopy = smoothstep(0.45, 0.75, noise(rng, 7, octaves=5)) * smoothstep(0.45, 0.05, ys / ROWS)
    img = paint(img, cv2.GaussianBlur(canopy, (0, 0), 3) * 0.75, rgb("#5b8f4e"))

    # sun shafts slanting through the leaves
    shafts = np.zeros((ROWS, COLS), np.float32)
    for _ in range(6):
        x0, w = rng.uniform(0.2, 0.8) * COLS, rng.uniform(15, 45)
        shafts += poly(
            [
                (x0 - w, 0),
                (x0 + w, 0),
                (x0 + 0.35 * COLS + 3 * w, ROWS),
                (x0 + 0.35 * COLS - w, ROWS),
            ]
        )
    img += (cv2.GaussianBlur(shafts, (0, 0), 18) * 0.13)[..., None] * rgb("#fff6c0")

    # hanging vines with little leaves
    for x in list(rng.uniform(0.02, 0.3, 4)) + list(rng.uniform(0.7, 0.98, 4)):
        x *= COLS
        length = rng.uniform(0.35, 0.8) * ROWS
        pts = curve(
            (x, -10), (x + rng.uniform(-90, 90), length * 0.6), (x + rng.uniform(-40, 40), length)
        )
        img = paint(img, line(pts, 5), rgb("#3b5e2b"))
        for k in range(4, len(pts), 4):
            outline, _ = leaf(pts[k], rng.choice([20, 160]) + rng.normal(0, 15), 38, 18)
            img = paint(img, poly(outline), rgb("#4f8f3a"))

    # middle leaves, then big dark leaves at the edges, then flowers and butterflies
    for _ in range(150):
        side = rng.choice([-1, 1])
        x = (0.5 + side * rng.uniform(0.18, 0.55)) * COLS
        y = rng.uniform(0.3, 1.05) * ROWS
        outline, mid = leaf(
            (x, y),
            rng.uniform(0, 360),
            rng.uniform(60, 140),
            rng.uniform(25, 55),
            droop=rng.uniform(-0.2, 0.3),
        )
        colour = rgb(rng.choice(["#3f7d3a", "#4e9a44", "#2f6b33", "#6aae4f", "#5a9e3e"]))
        img = paint(img, poly(outline), colour * rng.uniform(0.85, 1.1))
        img = paint(img, line(mid, 1.5) * 0.5, rgb("#a5d66f"))
    for base, angle in (
        ((-40, 1.02 * ROWS), -50),
        ((-60, 0.55 * ROWS), -15),
        ((-30, 0.05 * ROWS), 25),
        ((COLS + 40, 1.0 * ROWS), -130),
        ((COLS + 50, 0.5 * ROWS), -165),
        ((COLS + 20, 0.0), 155),
        ((0.3 * COLS, ROWS + 60), -80),
        ((0.72 * COLS, ROWS + 60), -100),
    ):
        img = big_leaf(img, rng, base, angle)
    for x, y, colour in (
        (0.12, 0.62, "#e63946"),
        (0.24, 0.8, "#ff6fa5"),
        (0.86, 0.7, "#e63946"),
        (0.78, 0.42, "#ff8c42"),
        (0.07, 0.3, "#ff6fa5"),
    ):
        img = flower(img, x * COLS, y * ROWS, 34, colour, rng.uniform(0, 72))
    for x, y in ((0.2, 0.2), (0.83, 0.27)):
        img = butterfly(img, x * COLS, y * ROWS, 26, rng.uniform(-20, 20))
    return finish(img, rng)


def big_leaf(img: Image, rng, base, angle) -> Image:
    length, width = rng.uniform(420, 560), rng.uniform(170, 230)
    outline, mid = leaf(base, angle, length, width, droop=rng.uniform(0.05, 0.2))
    mask = poly(outline)
    xs, ys = coords()
    shade = 0.8 + 0.25 * noise(rng, 8, octaves=3)
    img = paint(img, mask, rgb(rng.choice(["#1e5a2b", "#23672f", "#194d25"])) * shade[..., None])
    img = paint(img, line(mid, 5) * mask, rgb("#6fae55"))
    for k in range(3, len(mid) - 3, 3):  # side veins
        mx, my = mid[k]
        nx, ny = mid[k + 1][0] - mx, mid[k + 1][1] - my
        norm = math.hypot(nx, ny) + 1e-6
        for side in (-1, 1):
            vx, vy = -ny / norm * side, nx / norm * side
            reach = width * 0.45 * math.sin(math.pi * k / len(mid))
            end = (
                mx + vx * reach + nx / norm * reach * 0.6,
                my + vy * reach + ny / norm * reach * 0.6,
            )
            img = paint(img, line([(mx, my), end], 2) * mask * 0.6, rgb("#4f8f45"))
    return img


def flower(img: Image, x: float, y: float, size: float, colour: str, turn: float) -> Image:
    for k in range(5):
        a = math.radians(turn + k * 72)
        petal = ellipse(
            x + size * 0.55 * math.cos(a),
            y + size * 0.55 * math.sin(a),
            size * 0.6,
            size * 0.36,
            math.degrees(a),
        )
        img = paint(img, petal, rgb(colour) * (0.9 + 0.1 * (k % 2)))
    img = paint(img, disc(x, y, size * 0.22), rgb("#ffd54f"))
    return img


def butterfly(img: Image, x: float, y: float, size: float, turn: float) -> Image:
    for side in (-1, 1):
        wing = ellipse(
            x + side * size * 0.6, y - size * 0.3, size * 0.7, size * 0.5, turn + side * 30
        )
        low = ellipse(
            x + side * size * 0.45, y + size * 0.35, size * 0.45, size * 0.32, turn - side * 30
        )
        img = paint(img, np.clip(wing + low, 0, 1), rgb("#2a9df4"))
        img = paint(img, disc(x + side * size * 0.7, y - size * 0.35, size * 0.16), rgb("#ffffff"))
    return paint(img, ellipse(x, y, size * 0.1, size * 0.55, turn), rgb("#1b1b1b"))


def mountains(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical([(0, "#28497f"), (0.35, "#6f9fd4"), (0.58, "#f4cfa4"), (1, "#f4cfa4")])
    d = np.hypot(xs - 0.7 * COLS, ys - 0.56 * ROWS)
    img += (0.5 * np.exp(-d / 300) + 0.3 * np.exp(-d / 80))[..., None] * rgb("#ffe6b5")
    wisps = smoothstep(0.6, 0.9, noise(rng, 3, octaves=6, stretch=6))
    wisps *= smoothstep(0.08, 0.2, ys / ROWS) * smoothstep(0.45, 0.3, ys / ROWS)
    img = paint(img, wisps * 0.6, rgb("#fbd3c2"))
    for k in range(5):  # birds
        bx, by, s = 0.3 * COLS + k * 45 + rng.normal(0, 20), 0.2 * ROWS + rng.normal(0, 30), 11
        img = paint(
            img, line(curve((bx - s, by - 4), (bx - s / 2, by - 8), (bx, by)), 2.2), "#2b3550"
        )
        img = paint(
            img, line(curve((bx, by), (bx + s / 2, by - 8), (bx + s, by - 4)), 2.2), "#2b3550"
        )

    layers = [
        # base height (share of the picture), height of peaks, colour, haze, snow
        (0.55, 300, "#7d8fc0", 0.3, 0.5),
        (0.63, 240, "#5d6f9e", 0.2, 0.3),
        (0.73, 170, "#4a6a70", 0.15, 0.0),
        (0.83, 120, "#33594a", 0.08, 0.0),
        (0.94, 80, "#1f3d31", 0.0, 0.0),
    ]
    haze_colour = rgb("#f0d2b8")
    for index, (base, peaks, colour, haze, snow) in enumerate(layers):
        ridged = 1 - np.abs(profile(rng, 2 + index, octaves=7))
        ridge = base * ROWS - peaks * ridged**1.6 + 8 * profile(rng, 20, octaves=3)
        below = ys - ridge[None, :]
        # The sun is on the right: slopes going down to the right face it.
        # Faces are read off the ridge above, along a slant (as a spur runs down from a peak).
        slope = np.gradient(cv2.GaussianBlur(ridge[None, :], (0, 0), 30).ravel())
        spur = np.clip((xs - 0.4 * np.clip(below, 0, None)).astype(np.int32), 0, COLS - 1)
        lit = np.clip(slope * 3, -1, 1)[spur]
        # Shading and fog follow a smoothed ridge: the jagged one would streak them.
        smooth = cv2.GaussianBlur(ridge[None, :], (0, 0), 60).ravel()
        under_smooth = ys - smooth[None, :]
        near_top = np.exp(-np.clip(under_smooth + 40, 0, None) / 140)
        rock = rgb(colour) * (0.92 + 0.12 * noise(rng, 30 + 10 * index, octaves=4))[..., None]
        rock = rock * (1 + 0.12 * lit * near_top)[..., None]
        if snow:
            depth = snow * peaks * ridged**3 * (0.6 + 0.6 * noise(rng, 25, octaves=3))
            snowy = smoothstep(3, -3, below - depth)
            sunny = (0.5 + 0.5 * lit)[..., None]
            snow_colour = rgb("#ffffff") * sunny + rgb("#b9c5e6") * (1 - sunny)
            rock = rock * (1 - snowy[..., None]) + snow_colour * snowy[..., None]
        fog = (smoothstep(0.03 * ROWS, 0.22 * ROWS, under_smooth) * 0.5)[..., None]
        rock = rock * (1 - haze) + haze_colour * haze
        rock = rock * (1 - fog) + haze_colour * fog
        img = paint(img, smoothstep(-1, 1, below), rock)
        if index >= 3:
            img = pines(img, rng, ridge, height=60 + 40 * (index - 3), colour=rgb(colour) * 0.65)
    return finish(img, rng)


def pines(img: Image, rng, ridge: NDArray[np.float32], *, height: float, colour) -> Image:
    mask = np.zeros((ROWS, COLS), np.float32)
    x = rng.uniform(0, 30)
    while x < COLS:
        if not 0.33 * COLS < x < 0.67 * COLS or rng.random() < 0.35:
            h = height * rng.uniform(0.6, 1.3)
            y = float(ridge[int(min(x, COLS - 1))]) + 6
            for tier in range(3):
                top = y - h * (1 - tier * 0.28)
                wide = h * (0.28 + 0.07 * tier)
                bottom = y - h * (0.45 - tier * 0.2)
                mask = np.maximum(mask, poly([(x, top), (x - wide, bottom), (x + wide, bottom)]))
        x += rng.uniform(12, 40)
    return paint(img, mask, colour)


def city_at_night(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical([(0, "#060a1c"), (0.45, "#17193f"), (0.75, "#47305f"), (0.92, "#c46a6e")])
    stars = (rng.random((ROWS, COLS)) > 0.9993).astype(np.float32) * smoothstep(0.6, 0.2, ys / ROWS)
    img += cv2.GaussianBlur(stars, (0, 0), 0.8)[..., None] * 3.0
    moon_x, moon_y = 0.8 * COLS, 0.17 * ROWS
    crescent = np.clip(disc(moon_x, moon_y, 62) - disc(moon_x + 26, moon_y - 14, 56), 0, 1)
    img = glow(img, disc(moon_x, moon_y, 62), "#fff1c8", 40, 0.5)
    img = paint(img, crescent, rgb("#fff4d6"))

    ground = 0.93 * ROWS
    img = skyline(img, rng, ground, (90, 260), (40, 120), "#2c2b58", lit=0.12, window_alpha=0.45)
    img = skyline(img, rng, ground, (200, 640), (80, 190), "#15152f", lit=0.38, window_alpha=1.0)
    img = ferris_wheel(img, 0.88 * COLS, ground - 240, 180)
    img = paint(img, smoothstep(ground - 1, ground + 1, ys), rgb("#0c0c18"))
    for x in np.arange(0.04, 1.0, 0.12) * COLS:  # street lamps and their pools of light
        img = paint(img, line([(x, ROWS), (x, ground - 60)], 4), rgb("#262636"))
        img = glow(img, disc(x, ground - 62, 7), "#ffd98a", 22, 2.5)
        img = paint(img, disc(x, ground - 62, 7), rgb("#fff3cf"))
        pool = cv2.GaussianBlur(ellipse(x, ROWS - 22, 90, 16), (0, 0), 8)
        img = paint(img, pool * 0.22, rgb("#ffd98a"))
    img = glow(img, smoothstep(ground - 30, ground, ys) * (ys < ground), "#ff9d6e", 30, 0.25)
    return finish(img, rng)


def skyline(img, rng, ground, heights, widths, colour, *, lit, window_alpha) -> Image:
    xs, ys = coords()
    x = rng.uniform(-60, 0)
    lights = np.zeros((ROWS, COLS, 3), np.float32)
    body = np.zeros((ROWS, COLS), np.float32)
    warm = [rgb("#ffd66b"), rgb("#fff2c2"), rgb("#ffc46b"), rgb("#9fe7ff")]
    while x < COLS:
        w = rng.uniform(*widths)
        h = rng.uniform(*heights)
        top = ground - h
        outline = [(x, ground), (x, top), (x + w, top), (x + w, ground)]
        roof = rng.random()
        if roof < 0.2:  # a spire
            outline = [
                (x, ground),
                (x, top),
                (x + w / 2, top - w * 0.8),
                (x + w, top),
                (x + w, ground),
            ]
        elif roof < 0.4:  # stepped
            outline = [
                (x, ground),
                (x, top),
                (x + w * 0.2, top),
                (x + w * 0.2, top - 30),
                (x + w * 0.8, top - 30),
                (x + w * 0.8, top),
                (x + w, top),
                (x + w, ground),
            ]
        body = np.maximum(body, poly(outline))
        if roof > 0.8:  # an aerial with a red light
            body = np.maximum(body, line([(x + w / 2, top), (x + w / 2, top - 70)], 3))
            img = glow(img, disc(x + w / 2, top - 72, 4), "#ff3b3b", 8, 3)
        # windows: a grid, some lit
        cols_n = max(1, int((w - 12) // 18))
        rows_n = max(1, int((h - 20) // 26))
        on = rng.random((rows_n, cols_n)) < lit
        for r in range(rows_n):
            for c in range(cols_n):
                if on[r, c]:
                    wx = int(x + 10 + c * 18)
                    wy = int(top + 14 + r * 26)
                    if 0 <= wx < COLS - 9 and 0 <= wy < ROWS - 13:
                        lights[wy : wy + 13, wx : wx + 9] = warm[rng.integers(len(warm))]
        x += w + rng.uniform(2, 18)
    img = paint(img, body, rgb(colour))
    lit_mask = (lights.max(axis=2) > 0).astype(np.float32) * body * window_alpha
    img = paint(img, lit_mask, lights)
    return img + cv2.GaussianBlur(lights * body[..., None], (0, 0), 6) * 0.35 * window_alpha


def ferris_wheel(img: Image, cx: float, cy: float, radius: float) -> Image:
    frame = np.clip(disc(cx, cy, radius) - disc(cx, cy, radius - 5), 0, 1)
    for k in range(12):
        a = k * math.pi / 6
        frame = np.maximum(
            frame, line([(cx, cy), (cx + radius * math.cos(a), cy + radius * math.sin(a))], 2)
        )
    frame = np.maximum(frame, line([(cx, cy), (cx - 90, cy + radius + 80)], 7))
    frame = np.maximum(frame, line([(cx, cy), (cx + 90, cy + radius + 80)], 7))
    img = paint(img, frame, rgb("#1d1d36"))
    bulbs = np.zeros((ROWS, COLS), np.float32)
    for k in range(36):
        a = k * math.pi / 18
        bulbs = np.maximum(bulbs, disc(cx + radius * math.cos(a), cy + radius * math.sin(a), 4))
    img = glow(img, bulbs, "#ff7ad9", 9, 2.5)
    img = paint(img, bulbs, rgb("#ffe0f6"))
    for k in range(12):  # cabins
        a = k * math.pi / 6 + 0.26
        img = paint(
            img,
            disc(cx + radius * math.cos(a), cy + radius * math.sin(a) + 10, 11),
            rgb(["#ff5c8a", "#ffd23f", "#4fc3f7"][k % 3]) * 0.8,
        )
    return img


def dinosaur_volcano(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical(
        [(0, "#2b1a3d"), (0.35, "#7b2d3f"), (0.62, "#e46a36"), (0.72, "#ffb45c"), (1, "#ffb45c")]
    )
    smoke = smoothstep(0.5, 0.85, noise(rng, 3, octaves=6, stretch=2)) * smoothstep(
        0.5, 0.1, ys / ROWS
    )
    img = paint(img, smoke * 0.55, rgb("#3a2630"))

    # far hills with a long-necked dinosaur, and two flying reptiles
    far = 0.72 * ROWS - 70 * (1 - np.abs(profile(rng, 2))) + 10 * profile(rng, 15, octaves=3)
    img = paint(img, smoothstep(-1, 1, ys - far[None, :]), rgb("#4a2440"))
    img = dinosaur(img, 0.8 * COLS, float(far[int(0.8 * COLS)]) + 8, 1.0, rgb("#3a1c33"))
    img = dinosaur(img, 0.93 * COLS, float(far[int(0.93 * COLS)]) + 6, 0.55, rgb("#3a1c33"))
    for x, y, s in ((0.2, 0.2, 1.0), (0.3, 0.14, 0.7)):
        img = pterosaur(img, x * COLS, y * ROWS, 60 * s, rgb("#2b1630"))

    # the volcano: a rocky cone, a glowing crater, a smoke plume and rivers of lava
    apex, half_top, base = 0.3 * ROWS, 70, 0.9 * ROWS
    cx = 0.47 * COLS
    outline = [
        (cx - half_top - 520 * ((y - apex) / (base - apex)) ** 1.4, y)
        for y in np.linspace(apex, base + 40, 40)
    ]
    outline += [
        (cx + half_top + 560 * ((y - apex) / (base - apex)) ** 1.35, y)
        for y in np.linspace(base + 40, apex, 40)
    ]
    cone = poly(outline)
    rock = rgb("#3b2a2c") * (0.75 + 0.4 * noise(rng, 25, octaves=5))[..., None]
    rock *= (1 - 0.35 * np.clip((xs - cx) / 500, 0, 1))[..., None]  # lit from the left
    plume = noise(rng, 4, octaves=6)
    rise = np.clip((apex - ys) / apex, 0, 1)
    column = np.exp(-(((xs - cx + 260 * rise**1.5) / (80 + 300 * rise)) ** 2))
    plume_mask = smoothstep(0.2, 0.6, plume * column + 0.35 * column) * (ys < apex + 10)
    lit_plume = rgb("#6e5c5e") * (1 + 0.9 * np.exp(-np.clip(apex - ys, 0, None) / 120))[..., None]
    img = paint(img, plume_mask * 0.92, lit_plume)
    img = paint(img, cone, rock)
    crater = ellipse(cx, apex + 4, half_top + 6, 16)
    img = glow(img, crater, "#ff8a2a", 30, 2.0)
    img = paint(img, crater, rgb("#ffd25a"))
    lava = np.zeros((ROWS, COLS), np.float32)
    for start, end, bend in ((-40, -300, -120), (20, 180, 140), (50, 420, 60)):
        pts = curve((cx + start, apex + 10), (cx + bend, apex + 220), (cx + end, base))
        wobble = [(x + 12 * math.sin(y / 25), y) for x, y in pts]
        lava = np.maximum(lava, poly(strip(wobble, [18, 12, 6])))
    img = glow(img, lava, "#ff6a1a", 14, 1.6)
    img = paint(img, lava, rgb("#ffb43a"))
    img = paint(img, cv2.GaussianBlur(lava, (0, 0), 1.5) * 0.6, rgb("#fff08a"))
    for _ in range(70):  # sparks
        a, speed = rng.uniform(-0.9, 0.9), rng.uniform(60, 260)
        px = cx + speed * math.sin(a)
        py = apex - speed * 0.9 * math.cos(a) + 0.004 * speed**2
        spark = disc(px, py, rng.uniform(2, 5))
        img = glow(img, spark, "#ff8a2a", 6, 2)
        img = paint(img, spark, rgb("#fff1a0"))

    # dark ground in front with ferns
    ground = 0.9 * ROWS + 20 * profile(rng, 3)
    img = paint(img, smoothstep(-1, 1, ys - ground[None, :]), rgb("#1d1216"))
    for x in list(rng.uniform(0, 0.25, 4)) + list(rng.uniform(0.75, 1, 4)):
        img = fern(img, rng, x * COLS, float(ground[int(min(x * COLS, COLS - 1))]) + 30)
    return finish(img, rng)


def dinosaur(img, x, y, scale, colour) -> Image:
    s = scale
    mask = ellipse(x, y - 70 * s, 95 * s, 48 * s)
    neck = [(x - 60 * s, y - 90 * s), (x - 110 * s, y - 200 * s), (x - 125 * s, y - 270 * s)]
    mask = np.maximum(mask, poly(strip(curve(*neck), [44 * s, 24 * s, 16 * s])))
    mask = np.maximum(mask, ellipse(x - 138 * s, y - 272 * s, 24 * s, 13 * s, 10))
    tail = curve((x + 80 * s, y - 75 * s), (x + 170 * s, y - 60 * s), (x + 240 * s, y - 20 * s))
    mask = np.maximum(mask, poly(strip(tail, [40 * s, 18 * s, 4 * s])))
    for leg in (-55, -25, 35, 65):
        mask = np.maximum(
            mask, poly(strip([(x + leg * s, y - 60 * s), (x + leg * s, y)], [24 * s, 20 * s]))
        )
    return paint(img, mask, colour)


def pterosaur(img, x, y, size, colour) -> Image:
    wings = poly(
        [
            (x - size, y - size * 0.3),
            (x - size * 0.2, y - size * 0.05),
            (x, y + size * 0.1),
            (x + size * 0.2, y - size * 0.05),
            (x + size, y - size * 0.3),
            (x, y - size * 0.05),
        ]
    )
    head = poly([(x, y - size * 0.05), (x + size * 0.35, y - size * 0.12), (x, y + size * 0.05)])
    return paint(img, np.clip(wings + head, 0, 1), colour)


def fern(img, rng, x, y) -> Image:
    mask = np.zeros((ROWS, COLS), np.float32)
    for angle in np.linspace(-160, -20, 7):
        length = rng.uniform(120, 220)
        outline, mid = leaf((x, y), angle, length, 40, droop=0.5)
        mask = np.maximum(mask, poly(outline))
    return paint(img, mask, rgb("#140c10"))


def rainbow_hills(rng: np.random.Generator) -> NDArray[np.uint8]:
    xs, ys = coords()
    img = vertical([(0, "#6cbcf0"), (0.6, "#d8f0ff"), (1, "#d8f0ff")])
    d = np.hypot(xs - 0.12 * COLS, ys - 0.15 * ROWS)
    img += (0.5 * np.exp(-d / 200))[..., None] * rgb("#fff4c2")
    img = paint(img, smoothstep(82, 78, d), rgb("#ffe066"))

    # the rainbow: seven soft bands, fading where they meet the hills
    r = np.hypot(xs - 0.55 * COLS, ys - 1.05 * ROWS)
    colours = ["#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#3949ab", "#8e24aa"]
    for k, colour in enumerate(colours):
        outer = 760 - k * 34
        band = smoothstep(outer + 2, outer - 2, r) * smoothstep(outer - 36, outer - 32, r)
        img = paint(img, band * 0.6 * smoothstep(0.95, 0.55, ys / ROWS), rgb(colour))

    for cx, cy, size in ((0.3, 0.18, 1.0), (0.72, 0.12, 0.8), (0.9, 0.3, 0.7), (0.5, 0.33, 0.55)):
        img = fluffy_cloud(img, rng, cx * COLS, cy * ROWS, 110 * size)

    hills = [
        (0.66, 60, "#a6d96a", 0.004, 0.2),
        (0.76, 70, "#7cc24a", 0.003, 2.1),
        (0.88, 60, "#55a83a", 0.0025, 4.0),
    ]
    for index, (base, wave, colour, freq, phase) in enumerate(hills):
        top = (
            base * ROWS
            - wave * np.sin(xs[0] * freq + phase)
            - 25 * np.sin(xs[0] * freq * 2.7 + phase)
        )
        below = ys - top[None, :]
        shade = rgb(colour) * (1.08 - 0.18 * smoothstep(0, 250, below))[..., None]
        img = paint(img, smoothstep(-1.5, 1.5, below), shade)
        if index == 1:
            for x in (0.1, 0.2, 0.84, 0.93):
                tx = x * COLS
                ty = float(top[int(tx)]) + 20
                img = paint(img, line([(tx, ty), (tx, ty - 90)], 14), rgb("#8d6e63"))
                img = paint(img, disc(tx, ty - 120, 55), rgb("#3f9b3a"))
                img = paint(img, disc(tx - 18, ty - 138, 22) * 0.5, rgb("#7fd66b"))
        if index == 2:
            for _ in range(260):
                fx = rng.uniform(0, COLS)
                fy = float(top[int(fx)]) + rng.uniform(15, ROWS - float(top[int(fx)]))
                if fy < ROWS:
                    petal = rgb(rng.choice(["#ffffff", "#ffeb3b", "#f48fb1", "#ce93d8"]))
                    img = paint(img, disc(fx, fy, rng.uniform(3, 6)), petal)
    return finish(img, rng)


def fluffy_cloud(img: Image, rng, cx: float, cy: float, size: float) -> Image:
    mask = np.zeros((ROWS, COLS), np.float32)
    for _ in range(9):
        dx, dy = rng.uniform(-1.2, 1.2) * size, rng.uniform(-0.35, 0.15) * size
        r = size * rng.uniform(0.35, 0.6) * (1 - abs(dx) / (2.2 * size))
        mask = np.maximum(mask, disc(cx + dx, cy + dy, r))
    mask = np.maximum(mask, ellipse(cx, cy + 0.1 * size, 1.3 * size, 0.3 * size))
    _, ys = coords()
    shade = rgb("#ffffff") - (smoothstep(cy - 0.2 * size, cy + 0.4 * size, ys) * 0.14)[..., None]
    return paint(img, mask, shade * np.array([0.97, 0.98, 1.0], np.float32))


BACKGROUNDS: dict[str, Callable[[np.random.Generator], NDArray[np.uint8]]] = {
    "beach": beach,
    "space": space,
    "underwater": underwater,
    "jungle": jungle,
    "mountains": mountains,
    "city_at_night": city_at_night,
    "dinosaur_volcano": dinosaur_volcano,
    "rainbow_hills": rainbow_hills,
}


# stickers and frames: RGBA layers


class Layer:
    """An RGBA picture painted shape by shape (colour kept premultiplied while painting)."""

    def __init__(self, rows: int, cols: int) -> None:
        self.size = (rows, cols)
        self.colour = np.zeros((rows, cols, 3), np.float32)
        self.alpha = np.zeros((rows, cols), np.float32)

    def paint(self, mask: Mask, colour) -> None:
        colour = rgb(colour) if isinstance(colour, str) else np.asarray(colour, np.float32)
        m = mask[..., None]
        self.colour = self.colour * (1 - m) + colour * m
        self.alpha = self.alpha * (1 - mask) + mask

    def under(self, mask: Mask, colour) -> None:
        """Paint beneath what is there already (outlines, shadows)."""
        colour = rgb(colour) if isinstance(colour, str) else np.asarray(colour, np.float32)
        a = self.alpha[..., None]
        self.colour = self.colour + colour * mask[..., None] * (1 - a)
        self.alpha = self.alpha + mask * (1 - self.alpha)

    def sticker_edge(self, width: float) -> None:
        """A white die-cut edge and a soft shadow, as a real sticker has."""
        solid = (self.alpha > 0.5).astype(np.uint8)
        reach = round(width)
        disc_kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))
        edge = cv2.GaussianBlur(cv2.dilate(solid, disc_kernel).astype(np.float32), (0, 0), 1.2)
        shadow = cv2.GaussianBlur(np.roll(edge, (6, 4), axis=(0, 1)), (0, 0), 6) * 0.35
        self.under(edge, "#ffffff")
        self.under(shadow, "#000000")

    def to_rgba(self) -> NDArray[np.uint8]:
        straight = self.colour / np.maximum(self.alpha, 1e-6)[..., None]
        rgba = np.dstack([np.clip(straight, 0, 1), np.clip(self.alpha, 0, 1)])
        return np.clip(np.rint(rgba * 255), 0, 255).astype(np.uint8)


def star_points(cx, cy, outer, inner, turn=-90.0, tips=5) -> Points:
    points = []
    for k in range(tips * 2):
        a = math.radians(turn + k * 180 / tips)
        r = outer if k % 2 == 0 else inner
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def sticker_crown() -> NDArray[np.uint8]:
    size = (400, 520)
    layer = Layer(*size)
    xs, ys = coords(*size)
    outline = [(60, 340), (40, 120), (150, 220), (260, 60), (370, 220), (480, 120), (460, 340)]
    gold = rgb("#f7c531") * (1.1 - 0.35 * smoothstep(60, 340, ys))[..., None]
    layer.paint(poly(outline, size), gold)
    layer.paint(poly([(60, 300), (460, 300), (460, 345), (60, 345)], size), rgb("#e0a21a"))
    for x, y in ((40, 120), (260, 60), (480, 120)):
        layer.paint(disc(x, y, 26, size), "#f7c531")
        layer.paint(disc(x - 7, y - 8, 8, size) * 0.8, "#fff6c8")
    for x, colour in ((150, "#e53935"), (260, "#1e88e5"), (370, "#43a047")):
        layer.paint(ellipse(x, 322, 26, 17, 0, size), colour)
        layer.paint(disc(x - 8, 316, 5, size) * 0.8, "#ffffff")
    layer.paint(line([(95, 170), (120, 300)], 10, size) * 0.45, "#fff3b0")
    layer.sticker_edge(12)
    return layer.to_rgba()


def sticker_sunglasses() -> NDArray[np.uint8]:
    size = (260, 620)
    layer = Layer(*size)
    frame = line([(40, 70), (580, 70)], 22, size)
    for cx in (175, 445):
        frame = np.maximum(frame, ellipse(cx, 120, 125, 80, 0, size))
    layer.paint(frame, "#15151c")
    xs, ys = coords(*size)
    for cx in (175, 445):
        lens = ellipse(cx, 122, 108, 64, 0, size)
        tint = rgb("#2b2f45") * (1 - 0.3 * smoothstep(60, 190, ys))[..., None]
        layer.paint(lens, tint)
        shine = poly([(cx - 80, 90), (cx - 40, 80), (cx - 90, 170), (cx - 120, 160)], size)
        layer.paint(shine * lens * 0.55, "#ffffff")
        layer.paint(
            poly([(cx - 20, 80), (cx, 78), (cx - 60, 175), (cx - 75, 170)], size) * lens * 0.35,
            "#ffffff",
        )
    layer.sticker_edge(12)
    return layer.to_rgba()


def sticker_star() -> NDArray[np.uint8]:
    size = (460, 460)
    layer = Layer(*size)
    xs, ys = coords(*size)
    shade = rgb("#ffd21f") * (1.15 - 0.4 * smoothstep(60, 420, ys + 0.4 * xs))[..., None]
    layer.paint(poly(star_points(230, 245, 210, 95), size), shade)
    layer.paint(poly(star_points(230, 245, 150, 68), size) * 0.25, "#fff7c2")
    for x in (190, 270):  # a happy face
        layer.paint(ellipse(x, 230, 13, 20, 0, size), "#3b2a1a")
    smile = curve((185, 285), (230, 325), (275, 285), 20)
    layer.paint(line(smile, 9, size), "#3b2a1a")
    layer.paint(disc(160, 280, 16, size) * 0.4, "#ff7a7a")
    layer.paint(disc(300, 280, 16, size) * 0.4, "#ff7a7a")
    layer.sticker_edge(12)
    return layer.to_rgba()


def sticker_heart() -> NDArray[np.uint8]:
    size = (420, 460)
    layer = Layer(*size)
    t = np.linspace(0, 2 * math.pi, 200)
    hx = 16 * np.sin(t) ** 3
    hy = 13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)
    points = [(230 + 12.5 * x, 190 - 12.5 * y) for x, y in zip(hx, hy, strict=True)]
    xs, ys = coords(*size)
    shade = rgb("#e8283c") * (1.1 - 0.35 * smoothstep(40, 400, ys))[..., None]
    layer.paint(poly(points, size), shade)
    layer.paint(ellipse(150, 120, 45, 26, -35, size) * 0.6, "#ffb3bd")
    layer.sticker_edge(12)
    return layer.to_rgba()


def sticker_wow() -> NDArray[np.uint8]:
    size = (440, 560)
    layer = Layer(*size)
    burst = []
    for k in range(28):
        a = k * 2 * math.pi / 28
        r = 1.0 if k % 2 == 0 else 0.72
        burst.append((280 + 250 * r * math.cos(a), 220 + 190 * r * math.sin(a)))
    layer.paint(poly(burst, size), "#e53935")
    inner = [(280 + (x - 280) * 0.86, 220 + (y - 220) * 0.86) for x, y in burst]
    layer.paint(poly(inner, size), "#ffd21f")
    text = np.zeros((size[0] * SUPER, size[1] * SUPER), np.uint8)
    font, thick = cv2.FONT_HERSHEY_TRIPLEX, 9 * SUPER
    (w, h), _ = cv2.getTextSize("WOW!", font, 1.0, thick)
    scale = 0.62 * size[1] * SUPER / w  # the word fills most of the burst
    (w, h), _ = cv2.getTextSize("WOW!", font, scale, thick)
    origin = ((size[1] * SUPER - w) // 2, (size[0] * SUPER + h) // 2)
    cv2.putText(text, "WOW!", origin, font, scale, 255, thick + 9 * SUPER, cv2.LINE_AA)
    edge = cv2.resize(text, (size[1], size[0]), interpolation=cv2.INTER_AREA) / 255
    text[:] = 0
    cv2.putText(text, "WOW!", origin, font, scale, 255, thick, cv2.LINE_AA)
    letters = cv2.resize(text, (size[1], size[0]), interpolation=cv2.INTER_AREA) / 255
    layer.paint(edge.astype(np.float32), "#1b1b2a")
    layer.paint(letters.astype(np.float32), "#ffffff")
    layer.sticker_edge(10)
    return layer.to_rgba()


def rounded_rect(x0, y0, x1, y1, radius, size) -> Mask:
    def draw(canvas, p):
        r = round(radius * SUPER * 16)
        ax, ay = p(x0, y0)
        bx, by = p(x1, y1)
        cv2.rectangle(canvas, (ax + r, ay), (bx - r, by), 255, -1, cv2.LINE_AA, 4)
        cv2.rectangle(canvas, (ax, ay + r), (bx, by - r), 255, -1, cv2.LINE_AA, 4)
        for cx, cy in ((ax + r, ay + r), (bx - r, ay + r), (ax + r, by - r), (bx - r, by - r)):
            cv2.circle(canvas, (cx, cy), r, 255, -1, cv2.LINE_AA, 4)

    return shape(draw, (0, 0, size[1], size[0]), size)


def frame_gold() -> NDArray[np.uint8]:
    size = (ROWS, COLS)
    layer = Layer(*size)
    xs, ys = coords()
    band = 74
    edge = np.minimum(np.minimum(xs, COLS - 1 - xs), np.minimum(ys, ROWS - 1 - ys))
    ring = smoothstep(band + 1, band - 1, edge)
    # A bevel: light on the outer top-left, shade towards the picture.
    across = np.clip(edge / band, 0, 1)
    bevel = 0.75 + 0.5 * np.sin(across * math.pi) - 0.25 * across
    gold = (
        rgb("#d4a437") * bevel[..., None]
        + 0.06 * (noise(np.random.default_rng(5), 60, octaves=3) - 0.5)[..., None]
    )
    layer.paint(ring, gold)
    for inset, colour, width in (
        (12, "#8a6414", 3),
        (band - 14, "#fff0b3", 2),
        (band - 4, "#6b4a0c", 4),
    ):
        layer.paint(smoothstep(width / 2 + 0.7, width / 2 - 0.7, np.abs(edge - inset)), colour)
    for cx, cy in (
        (band, band),
        (COLS - band, band),
        (band, ROWS - band),
        (COLS - band, ROWS - band),
    ):
        layer.paint(disc(cx, cy, 30), "#e9bf4f")
        layer.paint(disc(cx, cy, 18), "#b07d1a")
        layer.paint(disc(cx - 6, cy - 6, 6) * 0.8, "#fff3c4")
    inner_shadow = smoothstep(band + 28, band, edge) * (edge >= band) * 0.35
    layer.under(inner_shadow.astype(np.float32), "#000000")
    return layer.to_rgba()


def frame_snapshot() -> NDArray[np.uint8]:
    size = (ROWS, COLS)
    layer = Layer(*size)
    xs, ys = coords()
    side, bottom = 56, 150
    paper = np.ones((ROWS, COLS), np.float32)
    window = rounded_rect(side, side, COLS - side, ROWS - bottom, 6, size)
    card = paper - window
    layer.paint(card, rgb("#fbfaf5") * (1 - 0.05 * smoothstep(0, ROWS, ys))[..., None])
    inner_shadow = 1 - smoothstep(
        0, 18, cv2.distanceTransform((window > 0.5).astype(np.uint8), cv2.DIST_L2, 3)
    )
    layer.under((inner_shadow * window * 0.3).astype(np.float32), "#000000")
    for cx, cy, turn in ((150, 40, -28), (COLS - 150, 40, 28)):  # two strips of tape
        a = math.radians(turn)
        dx, dy = math.cos(a), math.sin(a)
        points = [
            (cx - 130 * dx + 34 * dy, cy - 130 * dy - 34 * dx),
            (cx + 130 * dx + 34 * dy, cy + 130 * dy - 34 * dx),
            (cx + 130 * dx - 34 * dy, cy + 130 * dy + 34 * dx),
            (cx - 130 * dx - 34 * dy, cy - 130 * dy + 34 * dx),
        ]
        layer.paint(poly(points, size) * 0.75, "#f3e6a6")
    return layer.to_rgba()


def frame_rainbow() -> NDArray[np.uint8]:
    size = (ROWS, COLS)
    layer = Layer(*size)
    colours = ["#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#8e24aa"]
    inset = 0
    for colour in colours:
        outer = rounded_rect(inset, inset, COLS - inset, ROWS - inset, 90 - inset, size)
        inner = rounded_rect(
            inset + 12, inset + 12, COLS - inset - 12, ROWS - inset - 12, 78 - inset, size
        )
        layer.paint(np.clip(outer - inner, 0, 1), colour)
        inset += 12
    corners = ((20, 20), (COLS - 20, 20), (20, ROWS - 20), (COLS - 20, ROWS - 20))
    for (cx, cy), colour in zip(corners, ("#fdd835", "#ff6fa5", "#4fc3f7", "#7cc24a"), strict=True):
        star = poly(
            star_points(
                cx + (50 if cx < COLS / 2 else -50), cy + (50 if cy < ROWS / 2 else -50), 58, 26
            ),
            size,
        )
        layer.paint(star, "#ffffff")
        shrunk = star_points(
            cx + (50 if cx < COLS / 2 else -50), cy + (50 if cy < ROWS / 2 else -50), 46, 20
        )
        layer.paint(poly(shrunk, size), colour)
    return layer.to_rgba()


STICKER_MAKERS: dict[str, Callable[[], NDArray[np.uint8]]] = {
    "frame_gold": frame_gold,
    "frame_snapshot": frame_snapshot,
    "frame_rainbow": frame_rainbow,
    "sticker_crown": sticker_crown,
    "sticker_sunglasses": sticker_sunglasses,
    "sticker_star": sticker_star,
    "sticker_heart": sticker_heart,
    "sticker_wow": sticker_wow,
}


def main(names: list[str] | None = None) -> None:
    for seed, (name, draw) in enumerate(BACKGROUNDS.items()):
        if names and name not in names:
            continue
        picture = draw(np.random.default_rng(1000 + seed))
        ok, data = cv2.imencode(
            ".jpg", cv2.cvtColor(picture, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, QUALITY]
        )
        assert ok
        (HERE / f"{name}.jpg").write_bytes(data.tobytes())
        print(f"{name}.jpg: {len(data) // 1024} KB")
    STICKERS.mkdir(exist_ok=True)
    for name, make in STICKER_MAKERS.items():
        if names and name not in names:
            continue
        rgba = make()
        ok, data = cv2.imencode(
            ".png", cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA), [cv2.IMWRITE_PNG_COMPRESSION, 9]
        )
        assert ok
        (STICKERS / f"{name}.png").write_bytes(data.tobytes())
        print(f"stickers/{name}.png: {rgba.shape[1]} x {rgba.shape[0]}, {len(data) // 1024} KB")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])

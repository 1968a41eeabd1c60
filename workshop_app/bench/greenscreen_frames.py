"""Synthetic green- and blue-screen frames with known truth, for the keyer's tests and bench.

No small, openly licensed green-screen set with true alpha exists, so the frames are made
here, seeded, with what classroom screens do to a keyer:

- a child-like subject (torso, arms, neck, head, a hair cap) with soft, hair-thin
  strands sticking out, and (per frame) an arm moving fast enough to be motion-blurred;
- clothes in any colour, including greenish ones (olive, teal, lime stripes);
- a cloth screen, green or blue, lit unevenly (a side light and a fall-off), with
  creases and fabric texture, and the subject's soft shadow on it;
- spill: the screen's light bouncing on to skin, clothes and (most of all) hair;
- mixing of subject and screen in linear light (as a camera does), sensor noise, and
  JPEG compression with 4:2:0 chroma subsampling (as a phone saves it).

:func:`make_frame` returns the photo with its truth: the alpha, the clean foreground
(no spill), the foreground as lit (with spill) and the screen plate as lit. The composite
error of a keyer is measured against ``alpha * foreground + (1 - alpha) * background``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from workshop_app.imaging.images import linear_to_srgb, srgb_to_linear

__all__ = [
    "SCREENS",
    "FrameSpec",
    "TruthFrame",
    "make_background",
    "make_frame",
    "scoring_specs",
    "tuning_specs",
]

Float = NDArray[np.float32]

SCREENS: dict[str, tuple[int, int, int]] = {
    "green": (64, 172, 76),
    "bright green": (96, 196, 58),
    "dark green": (40, 132, 70),
    "blue": (28, 74, 196),
    "light blue": (40, 110, 214),
}
"""Screen cloth colours (sRGB, as lit at the brightest point)."""

SHIRTS: dict[str, tuple[int, int, int]] = {
    "red": (190, 40, 44),
    "navy": (36, 44, 96),
    "white": (228, 226, 220),
    "orange": (232, 128, 36),
    "olive": (104, 128, 62),
    "teal": (36, 128, 118),
    "lime": (150, 200, 70),
    "grey": (128, 128, 132),
}

HAIR: dict[str, tuple[int, int, int]] = {
    "black": (28, 22, 20),
    "brown": (96, 62, 38),
    "blond": (214, 182, 120),
    "red": (150, 66, 30),
}

SKIN: tuple[tuple[int, int, int], ...] = ((236, 188, 160), (198, 140, 104), (120, 78, 54))


@dataclass(frozen=True)
class FrameSpec:
    """What one synthetic frame shows; ``seed`` fixes the pose and every random detail."""

    name: str
    seed: int
    screen: str = "green"
    shirt: str = "red"
    stripes: str | None = None
    hair: str = "brown"
    motion: float = 0.0
    """Length of the fast arm's motion blur, in percent of the frame height (0 = still)."""
    unevenness: float = 0.35
    """How uneven the screen's light is: 0 flat; 0.5 the dim side is about half as bright."""
    creases: int = 8
    shadow: float = 0.3
    """How dark the subject's shadow on the screen is at its core (0 none)."""
    spill: float = 1.0
    jpeg_quality: int = 85
    noise: float = 2.5


@dataclass(frozen=True)
class TruthFrame:
    """A synthetic frame and its truth (all the same ``rows x cols``)."""

    spec: FrameSpec
    image: NDArray[np.uint8]
    """The photo, RGB ``uint8``: what a keyer sees."""
    alpha: Float
    """True alpha, ``float32`` 0..1 (1 = subject)."""
    foreground: Float
    """The subject's true colours with no spill, ``float32`` sRGB 0..255."""
    lit_foreground: Float
    """The subject as lit, spill included, ``float32`` sRGB 0..255."""
    plate: Float
    """The screen as lit (uneven light, creases, shadow), ``float32`` sRGB 0..255."""
    key: tuple[int, int, int]
    """The screen's typical colour in the photo (median of the visible plate), RGB."""

    def truth_composite(self, background: NDArray[np.uint8]) -> Float:
        """``alpha * foreground + (1 - alpha) * background`` in sRGB values, ``float32``."""
        a = self.alpha[..., None]
        return a * self.foreground + (1 - a) * background.astype(np.float32)


def tuning_specs() -> list[FrameSpec]:
    """The frames anchors (and this keyer's defaults) may be tuned on."""
    return [
        FrameSpec("tune green", 101, "green", "navy", hair="black", motion=2.0),
        FrameSpec("tune olive", 102, "bright green", "olive", hair="blond", unevenness=0.45),
        FrameSpec("tune blue", 103, "blue", "orange", hair="brown", motion=1.5),
        FrameSpec("tune dark", 104, "dark green", "white", hair="red", creases=12, shadow=0.4),
    ]


def scoring_specs() -> list[FrameSpec]:
    """The frames scores are reported on (seeds and looks not used for tuning)."""
    return [
        FrameSpec("green, red shirt", 201, "green", "red", hair="black"),
        FrameSpec("green, olive shirt", 202, "green", "olive", stripes="lime", hair="brown"),
        FrameSpec("green, fast arm", 203, "bright green", "grey", hair="blond", motion=2.5),
        FrameSpec(
            "green, creased, dim",
            204,
            "dark green",
            "navy",
            hair="red",
            unevenness=0.55,
            creases=16,
            shadow=0.4,
        ),
        FrameSpec("blue, teal shirt", 205, "light blue", "teal", hair="brown", motion=1.0),
        FrameSpec("blue, white shirt", 206, "blue", "white", hair="black", unevenness=0.45),
    ]


# helpers


def _smooth_noise(rng: np.random.Generator, rows: int, cols: int, cells: int) -> Float:
    """Smooth random field, roughly -1..1, with about ``cells`` bumps across the width."""
    grid = rng.normal(0.0, 1.0, (max(2, cells * rows // cols + 1), cells + 1)).astype(np.float32)
    field = cv2.resize(grid, (cols, rows), interpolation=cv2.INTER_CUBIC)
    return np.clip(field / 1.5, -1.5, 1.5)


def _to_linear(srgb: Float) -> Float:
    return srgb_to_linear(np.clip(srgb, 0.0, 255.0)).astype(np.float32)


def _to_srgb(linear: Float) -> Float:
    return linear_to_srgb(linear).astype(np.float32)


def _over(layers: list[tuple[Float, Float]], rows: int, cols: int) -> tuple[Float, Float]:
    """Stack ``(alpha, colour)`` layers bottom to top; returns alpha and premultiplied colour."""
    alpha = np.zeros((rows, cols), np.float32)
    premult = np.zeros((rows, cols, 3), np.float32)
    for a, colour in layers:
        premult = premult * (1 - a[..., None]) + colour * a[..., None]
        alpha = alpha * (1 - a) + a
    return alpha, premult


def _mask(rows: int, cols: int, draw) -> Float:
    canvas = np.zeros((rows, cols), np.uint8)
    draw(canvas)
    return canvas.astype(np.float32) / 255.0


def _textured(
    rng: np.random.Generator, rows: int, cols: int, colour: tuple[int, int, int], amount: float
) -> Float:
    """A flat colour with soft shading (folds) and fine texture, ``float32`` sRGB."""
    shade = (
        1.0
        + amount * _smooth_noise(rng, rows, cols, 9)
        + 0.04 * _smooth_noise(rng, rows, cols, 120)
    )
    return np.clip(np.array(colour, np.float32) * shade[..., None], 0, 255)


def _subject(
    spec: FrameSpec, rng: np.random.Generator, rows: int, cols: int
) -> tuple[Float, Float, Float]:
    """The subject: alpha, clean colour (sRGB float) and a hair weight (for extra spill)."""
    s = rows / 1080.0
    cx = cols * rng.uniform(0.40, 0.60)
    head_y = rows * rng.uniform(0.26, 0.34)
    head_r = rows * rng.uniform(0.095, 0.115)
    shoulder_y = head_y + head_r * 2.0
    shoulder_w = head_r * rng.uniform(2.1, 2.5)
    skin = np.array(SKIN[int(rng.integers(len(SKIN)))], np.float32)
    skin_img = _textured(rng, rows, cols, tuple(int(v) for v in skin), 0.06)
    shirt_img = _textured(rng, rows, cols, SHIRTS[spec.shirt], 0.16)
    if spec.stripes:
        stripe = _textured(rng, rows, cols, SHIRTS[spec.stripes], 0.12)
        period = 60 * s
        band = (np.arange(rows, dtype=np.float32)[:, None] % period) < period * 0.4
        shirt_img = np.where(band[..., None], stripe, shirt_img)
    hair_col = HAIR[spec.hair]
    hair_img = _textured(rng, rows, cols, hair_col, 0.15)

    def point(x: float, y: float) -> tuple[int, int]:
        return (round(x * 16), round(y * 16))

    aa = {"lineType": cv2.LINE_AA, "shift": 4}
    torso_pts = np.array(
        [
            point(cx - shoulder_w * 0.95, shoulder_y + head_r * 0.4),
            point(cx - shoulder_w * 0.6, shoulder_y),
            point(cx + shoulder_w * 0.6, shoulder_y),
            point(cx + shoulder_w * 0.95, shoulder_y + head_r * 0.4),
            point(cx + shoulder_w * 0.85, rows + 10),
            point(cx - shoulder_w * 0.85, rows + 10),
        ],
        np.int32,
    )
    torso = _mask(rows, cols, lambda c: cv2.fillPoly(c, [torso_pts], 255, **aa))
    neck = _mask(
        rows,
        cols,
        lambda c: cv2.ellipse(
            c,
            point(cx, shoulder_y - head_r * 0.3),
            point(head_r * 0.38, head_r * 0.6),
            0,
            0,
            360,
            255,
            -1,
            **aa,
        ),
    )
    head = _mask(
        rows,
        cols,
        lambda c: cv2.ellipse(
            c, point(cx, head_y), point(head_r * 0.82, head_r), 0, 0, 360, 255, -1, **aa
        ),
    )
    hair_cap = _mask(
        rows,
        cols,
        lambda c: cv2.ellipse(
            c,
            point(cx, head_y - head_r * 0.12),
            point(head_r * 0.92, head_r * 1.0),
            0,
            180,
            360,
            255,
            -1,
            **aa,
        ),
    )

    def arm(side: int, raised: bool) -> tuple[Float, Float, Float, Float]:
        x0 = cx + side * shoulder_w * 0.8
        y0 = shoulder_y + head_r * 0.35
        angle = rng.uniform(-2.4, -1.9) if raised else rng.uniform(1.1, 1.45)
        length = head_r * rng.uniform(2.2, 2.6)
        ex = x0 + side * math.cos(angle) * length * (-1 if raised else 0.45)
        ey = y0 + math.sin(angle) * length
        hand_r = head_r * 0.28
        thick = max(2, int(head_r * 0.55))
        sleeve = _mask(
            rows,
            cols,
            lambda c: cv2.line(c, point(x0, y0), point(ex, ey), 255, thick, **aa),
        )
        hand = _mask(
            rows,
            cols,
            lambda c: cv2.circle(c, point(ex, ey), round(hand_r * 16), 255, -1, **aa),
        )
        fingers = _mask(
            rows,
            cols,
            lambda c: [
                cv2.line(
                    c,
                    point(ex, ey),
                    point(ex + hand_r * 2.0 * math.cos(t), ey + hand_r * 2.0 * math.sin(t)),
                    255,
                    max(1, int(hand_r * 0.35)),
                    **aa,
                )
                for t in np.linspace(-2.6, -0.6, 4) + (0 if raised else math.pi)
            ],
        )
        hand = np.maximum(hand, fingers)
        return sleeve, shirt_img, hand, skin_img

    left = arm(-1, raised=bool(rng.integers(2)))
    right = arm(1, raised=True)

    # Hair strands: thin, partly see-through curves from the hair cap outwards.
    strands_canvas = np.zeros((rows, cols), np.uint8)
    for _ in range(int(90 * max(s, 0.3))):
        t = rng.uniform(math.pi * 1.05, math.pi * 1.95)
        rad = head_r * rng.uniform(0.85, 1.0)
        x, y = cx + rad * 0.95 * math.cos(t), head_y - head_r * 0.12 + rad * math.sin(t)
        length = head_r * rng.uniform(0.15, 0.55)
        bend = rng.uniform(-0.6, 0.6)
        pts = []
        for k in range(8):
            f = k / 7
            ang = t + bend * f
            pts.append(point(x + math.cos(ang) * length * f, y + math.sin(ang) * length * f))
        level = int(rng.integers(110, 256))
        cv2.polylines(strands_canvas, [np.array(pts, np.int32)], False, level, 1, **aa)
    strands = cv2.GaussianBlur(strands_canvas.astype(np.float32) / 255.0, (0, 0), 0.6 * s + 0.2)
    strands = np.clip(strands * 1.3, 0, 1)

    layers: list[tuple[Float, Float]] = [(torso, shirt_img), (neck, skin_img)]
    layers += [(left[0], left[1]), (left[2], left[3])]
    layers += [(head, skin_img), (hair_cap, hair_img), (strands, hair_img)]
    alpha, premult = _over(layers, rows, cols)

    # The right arm waves: motion-blurred (premultiplied colour and alpha blurred alike).
    arm_alpha, arm_premult = _over([(right[0], right[1]), (right[2], right[3])], rows, cols)
    length = spec.motion / 100 * rows
    if length >= 2:
        k = int(math.ceil(length)) | 1
        kernel = np.zeros((k, k), np.float32)
        ang = rng.uniform(0, math.pi)
        c0 = (k - 1) / 2
        cv2.line(
            kernel,
            point(c0 - math.cos(ang) * c0, c0 - math.sin(ang) * c0),
            point(c0 + math.cos(ang) * c0, c0 + math.sin(ang) * c0),
            1.0,
            1,
            **aa,
        )
        kernel /= kernel.sum()
        arm_alpha = cv2.filter2D(arm_alpha, -1, kernel)
        arm_premult = cv2.filter2D(arm_premult, -1, kernel)
    premult = premult * (1 - arm_alpha[..., None]) + arm_premult
    alpha = alpha * (1 - arm_alpha) + arm_alpha
    colour = premult / np.maximum(alpha, 1e-4)[..., None]
    hair_weight = np.maximum(strands, hair_cap * 0.3)
    return np.clip(alpha, 0, 1), np.clip(colour, 0, 255), hair_weight


def _plate(spec: FrameSpec, rng: np.random.Generator, rows: int, cols: int, alpha: Float) -> Float:
    """The screen as lit: uneven light, creases, fabric texture and the subject's shadow."""
    s = rows / 1080.0
    base = np.array(SCREENS[spec.screen], np.float32)
    xs = np.linspace(-1, 1, cols, dtype=np.float32)[None, :]
    ys = np.linspace(-1, 1, rows, dtype=np.float32)[:, None]
    side = rng.choice([-1.0, 1.0])
    light = 1.0 - spec.unevenness * (0.5 + 0.5 * side * xs) * 0.8
    light = light - spec.unevenness * 0.35 * (xs**2 + ys**2) / 2
    light = light + 0.08 * spec.unevenness * _smooth_noise(rng, rows, cols, 4)
    creases = np.zeros((rows, cols), np.float32)
    for _ in range(spec.creases):
        x0, y0 = rng.uniform(0, cols), rng.uniform(0, rows)
        ang = rng.uniform(0, math.pi)
        length = rng.uniform(0.2, 0.7) * rows
        wobble = rng.uniform(-0.3, 0.3)
        pts = []
        for k in range(12):
            f = k / 11 - 0.5
            a = ang + wobble * f
            pts.append((x0 + math.cos(a) * length * f, y0 + math.sin(a) * length * f))
        poly = (np.array(pts) * 16).round().astype(np.int32)
        width = max(1, int(rng.uniform(2, 7) * s))
        cv2.polylines(creases, [poly], False, float(rng.choice([-1.0, 1.0])), width, cv2.LINE_AA, 4)
    creases = cv2.GaussianBlur(creases, (0, 0), 2.5 * s + 0.5)
    creases = creases / max(1e-3, float(np.abs(creases).max()))
    texture = 0.03 * _smooth_noise(rng, rows, cols, 300)
    shade = light * (1 + 0.16 * creases + texture)
    if spec.shadow > 0:
        shift = np.float32([[1, 0, 0.05 * cols * side], [0, 1, 0.02 * rows]])
        cast = cv2.warpAffine(alpha, shift, (cols, rows))
        cast = cv2.GaussianBlur(cast, (0, 0), 18 * s + 1)
        shade = shade * (1 - spec.shadow * cast)
    linear = _to_linear(np.broadcast_to(base, (1, 1, 3)).astype(np.float32))
    return _to_srgb(linear * np.clip(shade, 0.05, 2)[..., None])


def make_background(rows: int, cols: int, *, seed: int = 7) -> NDArray[np.uint8]:
    """A beach-like new background (sky, sea, sand, texture), RGB ``uint8``."""
    rng = np.random.default_rng(seed)
    out = np.zeros((rows, cols, 3), np.float32)
    down = np.linspace(0, 1, rows, dtype=np.float32)[:, None, None]
    sky = (
        np.array([110, 170, 235], np.float32) + (np.array([200, 225, 245]) - [110, 170, 235]) * down
    )
    out[:] = sky
    sea_top, sand_top = int(rows * 0.5), int(rows * 0.68)
    out[sea_top:sand_top] = np.array([30, 110, 150], np.float32)
    out[sand_top:] = np.array([226, 200, 150], np.float32)
    out += 18 * _smooth_noise(rng, rows, cols, 40)[..., None]
    out += 6 * _smooth_noise(rng, rows, cols, 400)[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def make_frame(spec: FrameSpec, rows: int = 1080, cols: int = 1920) -> TruthFrame:
    """Render ``spec`` at ``rows x cols``: the photo and its truth (seeded, repeatable)."""
    rng = np.random.default_rng(spec.seed)
    alpha, foreground, hair = _subject(spec, rng, rows, cols)
    plate = _plate(spec, rng, rows, cols, alpha)

    # Spill: screen light bouncing on to the subject, strongest at the outline and on hair.
    inside = (alpha > 0.5).astype(np.uint8)
    dist = cv2.distanceTransform(inside, cv2.DIST_L2, 3)
    reach = 0.03 * rows
    spill = spec.spill * (0.04 + 0.18 * np.exp(-dist / reach) + 0.22 * hair)
    glow = cv2.GaussianBlur(plate, (0, 0), 0.02 * rows + 1)
    lin_fg = _to_linear(foreground)
    lin_glow = _to_linear(glow)
    lin_lit = lin_fg * (1 - 0.3 * spill[..., None]) + 0.6 * spill[..., None] * lin_glow
    lit = _to_srgb(lin_lit)

    # The camera mixes subject and screen in linear light.
    a = alpha[..., None]
    mixed = _to_srgb(a * lin_lit + (1 - a) * _to_linear(plate))
    mixed += rng.normal(0.0, spec.noise, mixed.shape).astype(np.float32)
    photo = np.clip(np.rint(mixed), 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(
        ".jpg",
        cv2.cvtColor(photo, cv2.COLOR_RGB2BGR),
        [cv2.IMWRITE_JPEG_QUALITY, spec.jpeg_quality],
    )
    if not ok:  # pragma: no cover - OpenCV always has a JPEG encoder
        msg = "JPEG encoding failed"
        raise RuntimeError(msg)
    photo = cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)

    visible = plate[alpha < 0.01]
    key = tuple(int(v) for v in np.median(visible, axis=0).round())
    return TruthFrame(spec, photo, alpha, foreground, lit, plate, key)  # type: ignore[arg-type]

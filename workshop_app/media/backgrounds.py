"""Backgrounds, stickers and frames shipped in ``sample_media/backgrounds`` (licences: its README).

Backgrounds are JPEGs (1920 x 1080) in that folder; stickers and frames are RGBA PNGs in
its ``stickers/`` folder, named by kind: ``sticker_crown.png``, ``frame_gold.png``. The
green-screen studio and the film page list them here::

    for background in backgrounds():
        background.title, background.image(max_side=1024)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from workshop_app.errors import MediaError
from workshop_app.imaging.images import RGBImage
from workshop_app.imaging.layers import RGBALayer, resize_layer
from workshop_app.media.photos import encode_jpeg, load_image
from workshop_app.settings import PROJECT_ROOT

__all__ = [
    "BACKGROUNDS",
    "FRAME_BORDER",
    "Background",
    "Sticker",
    "backgrounds",
    "frame_border",
    "stickers",
]

BACKGROUNDS = PROJECT_ROOT / "sample_media" / "backgrounds"
STICKERS = BACKGROUNDS / "stickers"

FRAME_BORDER = 0.25
"""Share of a frame's shorter side that holds its corners and edges: the band kept
from stretching when the frame is fitted to a picture of another shape."""


def _title(path: Path, *, drop_kind: bool) -> str:
    """``city_at_night.jpg`` -> ``"City at night"``; ``sticker_crown.png`` -> ``"Crown"``."""
    words = path.stem.split("_", 1)[-1] if drop_kind else path.stem
    return words.replace("_", " ").capitalize()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        msg = f"cannot read {path}: {error}"
        raise MediaError(msg, cause="picture-missing") from error


@dataclass(frozen=True)
class Background:
    """One background picture."""

    path: Path

    @property
    def name(self) -> str:
        """A stable id: the file name without ``.jpg`` (``"beach"``)."""
        return self.path.stem

    @property
    def title(self) -> str:
        """Words for a button: ``"City at night"``."""
        return _title(self.path, drop_kind=False)

    def read(self) -> bytes:
        """The JPEG file's bytes."""
        return _read(self.path)

    def image(self, *, max_side: int | None = None) -> RGBImage:
        """The picture as RGB ``uint8``, shrunk so its long side is at most ``max_side``."""
        return load_image(self.read(), max_side=max_side)

    def thumbnail(self, *, max_side: int = 320) -> bytes:
        """A small JPEG for a gallery button (made once per size, then kept)."""
        return _thumbnail(self.path, max_side)


@dataclass(frozen=True)
class Sticker:
    """One sticker or frame: an RGBA picture drawn over the finished picture."""

    path: Path

    @property
    def name(self) -> str:
        """A stable id: the file name without ``.png`` (``"sticker_crown"``)."""
        return self.path.stem

    @property
    def kind(self) -> Literal["sticker", "frame"]:
        """``"frame"`` (drawn round the whole picture) or ``"sticker"``, from the file name."""
        return "frame" if self.path.stem.startswith("frame_") else "sticker"

    @property
    def title(self) -> str:
        """Words for a button: ``sticker_crown.png`` -> ``"Crown"``."""
        return _title(self.path, drop_kind=True)

    def read(self) -> bytes:
        """The PNG file's bytes."""
        return _read(self.path)

    def layer(self) -> RGBALayer:
        """The picture as RGBA ``uint8`` ``(rows, cols, 4)`` with straight alpha."""
        return _decode_rgba(self.read(), str(self.path))

    def thumbnail(self, *, side: int = 200) -> bytes:
        """A square PNG for a gallery button: the picture in the middle, the rest
        see-through, so that a row of them lines up (made once per size, then kept)."""
        return _square_thumbnail(self.path, side)


def backgrounds() -> list[Background]:
    """The backgrounds, in name order (the beach first, as the one to start with)."""
    if not BACKGROUNDS.is_dir():
        return []
    found = [Background(path) for path in sorted(BACKGROUNDS.glob("*.jpg"))]
    return sorted(found, key=lambda background: background.name != "beach")


def frame_border(frame: RGBALayer) -> int:
    """The outer band of a frame, in pixels, to keep from stretching when fitting it to a
    picture of another shape: pass it as ``border`` to
    :func:`workshop_app.imaging.layers.resize_layer`."""
    return int(min(frame.shape[:2]) * FRAME_BORDER)


def stickers(kind: Literal["sticker", "frame"] | None = None) -> list[Sticker]:
    """The stickers and frames, in name order; only one kind when ``kind`` is given."""
    if not STICKERS.is_dir():
        return []
    found = [Sticker(path) for path in sorted(STICKERS.glob("*.png"))]
    return [sticker for sticker in found if kind is None or sticker.kind == kind]


# helpers


@functools.lru_cache(maxsize=64)
def _thumbnail(path: Path, max_side: int) -> bytes:
    return encode_jpeg(load_image(_read(path), max_side=max_side), quality=85)


@functools.lru_cache(maxsize=64)
def _square_thumbnail(path: Path, side: int) -> bytes:
    layer = _decode_rgba(_read(path), str(path))
    rows, cols = layer.shape[:2]
    scale = side / max(rows, cols)
    small = resize_layer(layer, size=(max(1, round(rows * scale)), max(1, round(cols * scale))))
    square = np.zeros((side, side, 4), np.uint8)
    top, left = (side - small.shape[0]) // 2, (side - small.shape[1]) // 2
    square[top : top + small.shape[0], left : left + small.shape[1]] = small
    ok, data = cv2.imencode(".png", cv2.cvtColor(square, cv2.COLOR_RGBA2BGRA))
    if not ok:  # pragma: no cover - OpenCV always encodes PNG
        msg = f"could not make a thumbnail of {path}"
        raise MediaError(msg, cause="picture-missing")
    return data.tobytes()


def _decode_rgba(data: bytes, where: str) -> RGBALayer:
    pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if pixels is None or pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        msg = f"{where} is not an 8-bit RGBA PNG"
        raise MediaError(msg, cause="picture-missing")
    return cv2.cvtColor(pixels, cv2.COLOR_BGRA2RGBA)

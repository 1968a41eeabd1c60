"""Photos in and out: bytes from a camera or an upload to RGB arrays, and back.

This is the one place that converts between Pillow and numpy. Photos come in as
bytes (JPEG, PNG, WebP, BMP, GIF, TIFF, HEIC/HEIF), are turned the right way up from
their EXIF orientation and leave as an RGB ``uint8`` array with no metadata at all
(no location, no camera serial number). Anything that cannot be read becomes an
:class:`~workshop_app.errors.ImageError` with words a child understands.
"""

from __future__ import annotations

import functools
import io
import warnings

import cv2
import numpy as np
import pillow_heif
from PIL import Image

from workshop_app.errors import ImageError
from workshop_app.imaging.geometry import fit_within
from workshop_app.imaging.images import RGBImage, check_image

__all__ = ["MAX_PIXELS", "encode_jpeg", "encode_png", "load_image"]

MAX_PIXELS = 50_000_000
"""The largest photo accepted, in pixels (about 50 megapixels); bigger ones are refused
before their pixels are decoded, so a "decompression bomb" cannot fill the memory."""

# Pillow's own guard: it warns above this and refuses above twice this. The warning is
# turned into an error inside load_image, so both become ImageError.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_ORIENTATION_TAG = 0x0112
_STRIP_PIXELS = 1 << 20

_TRANSPOSES = {
    2: (cv2.flip, 1),
    3: (cv2.rotate, cv2.ROTATE_180),
    4: (cv2.flip, 0),
    6: (cv2.rotate, cv2.ROTATE_90_CLOCKWISE),
    8: (cv2.rotate, cv2.ROTATE_90_COUNTERCLOCKWISE),
}
"""EXIF orientation -> the operation that shows the photo the right way up.

5 (transpose) and 7 (transverse) are a 90-degree turn combined with a flip.
"""


# actions


def load_image(data: bytes, *, max_side: int | None = None) -> RGBImage:
    """Read a photo file's bytes into an RGB array, the right way up, without metadata.

    Parameters
    ----------
    data
        The whole file, e.g. ``uploaded_file.getvalue()``.
    max_side
        If given, shrink the photo so its longer side is at most this many pixels
        (a screen-sized working copy; JPEGs are decoded at reduced size, which is
        much faster). Photos are never enlarged.

    Returns
    -------
    numpy.ndarray
        RGB ``uint8``, shape ``(rows, cols, 3)``, rows and columns as the photo is
        meant to be seen (EXIF orientation applied). Transparent parts are shown
        on white.

    Raises
    ------
    ImageError
        Empty, truncated or broken files, files that are not photos, unsupported
        formats and photos over :data:`MAX_PIXELS`; ``error.cause`` says which.

    Examples
    --------
    >>> import numpy as np
    >>> png = encode_png(np.zeros((30, 40, 3), dtype=np.uint8))
    >>> load_image(png).shape
    (30, 40, 3)
    >>> load_image(png, max_side=20).shape
    (15, 20, 3)
    >>> load_image(b"")
    Traceback (most recent call last):
    ...
    workshop_app.errors.ImageError: the file is empty (0 bytes)
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        msg = f"expected the file's bytes, got {type(data).__name__}"
        raise ImageError(msg, cause="not-a-photo")
    if max_side is not None and (
        isinstance(max_side, bool) or not isinstance(max_side, int) or max_side < 1
    ):
        msg = f"max_side must be a whole number of pixels, 1 or more, got {max_side!r}"
        raise ImageError(msg)
    if len(data) == 0:
        msg = "the file is empty (0 bytes)"
        raise ImageError(msg, cause="file-empty")
    _register_heif()
    try:
        pixels, orientation = _decode(data, max_side)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        msg = f"the photo is too big: {error}"
        raise ImageError(msg, cause="photo-too-big") from error
    except Image.UnidentifiedImageError as error:
        msg = f"not an image in a format we can read: {error}"
        raise ImageError(msg, cause="not-a-photo") from error
    except MemoryError as error:
        msg = "not enough memory to open the photo"
        raise ImageError(msg, cause="photo-too-big") from error
    except Exception as error:
        # Decoders fail in many ways on broken files (OSError, SyntaxError, ValueError,
        # struct.error, zlib.error, EOFError ...); a child gets one clear message.
        msg = f"the photo could not be decoded: {type(error).__name__}: {error}"
        raise ImageError(msg, cause="photo-broken") from error
    pixels = _orient(pixels, orientation)
    if max_side is not None:
        pixels = fit_within(pixels, max_side=max_side)
    return pixels


def encode_jpeg(rgb: RGBImage, *, quality: int = 90) -> bytes:
    """Save an RGB array as JPEG bytes with no metadata (no EXIF, no location).

    Parameters
    ----------
    rgb
        RGB ``uint8`` image, shape ``(rows, cols, 3)``.
    quality
        1 (smallest file) to 95 (best picture); 90 by default.

    Examples
    --------
    >>> import numpy as np
    >>> encode_jpeg(np.zeros((8, 8, 3), dtype=np.uint8))[:2]
    b'\\xff\\xd8'
    """
    check_image(rgb)
    if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 95:
        msg = f"quality must be a whole number from 1 to 95, got {quality!r}"
        raise ImageError(msg)
    return _encode(rgb, ".jpg", [cv2.IMWRITE_JPEG_QUALITY, quality])


def encode_png(rgb: RGBImage) -> bytes:
    """Save an RGB array as PNG bytes (lossless) with no metadata.

    Examples
    --------
    >>> import numpy as np
    >>> encode_png(np.zeros((8, 8, 3), dtype=np.uint8))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    check_image(rgb)
    return _encode(rgb, ".png", [cv2.IMWRITE_PNG_COMPRESSION, 3])


# helpers


@functools.cache
def _register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (iPhone and iPad photos); done once."""
    pillow_heif.register_heif_opener()


def _decode(data: bytes, max_side: int | None) -> tuple[RGBImage, int]:
    """Pixels as stored, and the EXIF orientation; Pillow's copy is freed on return."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # Pillow warns about damaged metadata ("Corrupt EXIF data"); the pixels are fine.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        with Image.open(io.BytesIO(data)) as image:
            _refuse_too_big(image)  # size comes from the header: nothing decoded yet
            orientation = _orientation(image)
            image.seek(0)  # the first frame of an animation
            if max_side is not None:
                _draft(image, max_side)
            image.load()
            return _to_rgb(image), orientation


def _refuse_too_big(image: Image.Image) -> None:
    columns, rows = image.size
    if columns * rows > MAX_PIXELS:
        msg = f"the photo is {columns}x{rows} = {columns * rows:,} pixels; at most {MAX_PIXELS:,}"
        raise ImageError(
            msg,
            cause="photo-too-big",
            megapixels=round(columns * rows / 1e6, 1),
            limit=MAX_PIXELS // 1_000_000,
        )
    if columns < 1 or rows < 1:
        msg = f"the photo has no pixels ({columns}x{rows})"
        raise ImageError(msg, cause="photo-broken")


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation 1-8 (1 when absent or unreadable: broken EXIF is not fatal)."""
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # corrupt EXIF blocks: show the photo as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _orient(pixels: RGBImage, orientation: int) -> RGBImage:
    """Turn/flip decoded pixels the right way up (as ``ImageOps.exif_transpose``)."""
    if orientation == 5:  # transpose: swap rows and columns
        return cv2.flip(cv2.rotate(pixels, cv2.ROTATE_90_CLOCKWISE), 1)
    if orientation == 7:  # transverse
        return cv2.flip(cv2.rotate(pixels, cv2.ROTATE_90_COUNTERCLOCKWISE), 1)
    if orientation in _TRANSPOSES:
        operation, code = _TRANSPOSES[orientation]
        return operation(pixels, code)
    return pixels


def _draft(image: Image.Image, max_side: int) -> None:
    """Ask the JPEG decoder for a cheaper reduced size (1/2, 1/4, 1/8) that still fits."""
    columns, rows = image.size
    scale = max_side / max(columns, rows)
    if scale < 1 and image.format in ("JPEG", "MPO"):
        image.draft(None, (max(1, int(columns * scale + 1)), max(1, int(rows * scale + 1))))


def _to_rgb(image: Image.Image) -> RGBImage:
    """Decoded Pillow image (any mode) -> RGB ``uint8`` array; alpha shown on white."""
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        gray = np.asarray(image)
        if mode == "I":  # 32-bit integers holding 16-bit samples (e.g. 16-bit PNG, TIFF)
            gray = np.clip(gray, 0, 65535)
        gray8 = (gray.astype(np.uint32) >> 8).astype(np.uint8)
        return cv2.cvtColor(gray8, cv2.COLOR_GRAY2RGB)
    if mode == "F":  # 32-bit float samples: 0..1 or 0..255
        gray = np.nan_to_num(np.asarray(image, dtype=np.float32))
        top = 1.0 if gray.size and gray.max() <= 1.0 else 255.0
        gray8 = np.clip(np.rint(gray * (255.0 / top)), 0, 255).astype(np.uint8)
        return cv2.cvtColor(gray8, cv2.COLOR_GRAY2RGB)
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if not has_alpha:
        return _from_pil(image if mode == "RGB" else image.convert("RGB"))
    rgba = np.asarray(image.convert("RGBA"))
    return _on_white(rgba)


def _on_white(rgba: np.ndarray) -> RGBImage:
    """Composite an RGBA ``uint8`` array onto white (rounded, exact at 0 and 255)."""
    alpha = rgba[..., 3:4].astype(np.uint16)
    mixed = rgba[..., :3] * alpha + 255 * (255 - alpha) + 127
    return (mixed // 255).astype(np.uint8)


def _from_pil(image: Image.Image) -> RGBImage:
    """A loaded RGB Pillow image -> a new, writable, C-contiguous numpy array.

    ``np.asarray(image)`` would first gather all the bytes (a list of chunks joined
    into one copy: twice the photo's size on top of Pillow's own 4 bytes a pixel);
    copying a strip of rows at a time keeps a 12-megapixel photo ~70 MB lighter.
    """
    columns, rows = image.size
    pixels = np.empty((rows, columns, 3), dtype=np.uint8)
    strip = max(1, _STRIP_PIXELS // columns)
    for top in range(0, rows, strip):
        bottom = min(rows, top + strip)
        pixels[top:bottom] = np.asarray(image.crop((0, top, columns, bottom)))
    return pixels


def _encode(rgb: RGBImage, extension: str, options: list[int]) -> bytes:
    """Encode with OpenCV, which writes pixels only: no EXIF, XMP, ICC or comments.

    (It also needs less memory than Pillow, which stores RGB as 4 bytes a pixel.)
    """
    ok, encoded = cv2.imencode(extension, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), options)
    if not ok:  # pragma: no cover - OpenCV encodes any valid uint8 RGB array
        msg = f"OpenCV could not encode a {rgb.shape} image as {extension}"
        raise ImageError(msg, cause="photo-not-saved")
    return encoded.tobytes()

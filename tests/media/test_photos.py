from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from workshop_app.errors import ImageError
from workshop_app.media import MAX_PIXELS, encode_jpeg, encode_png, load_image
from workshop_app.ui.messages import explain

pillow_heif.register_heif_opener()  # so the tests can write HEIF files

ROWS, COLS = 48, 64


def upright() -> np.ndarray:
    """An asymmetric test picture (as it should be seen), in flat 16-pixel blocks."""
    image = np.zeros((ROWS, COLS, 3), np.uint8)
    image[:] = (40, 40, 40)
    image[:16, :16] = (230, 30, 30)  # red top-left
    image[:16, 48:] = (30, 200, 30)  # green top-right
    image[32:, :16] = (30, 30, 220)  # blue bottom-left
    image[16:32, 16:48] = (240, 240, 240)  # white middle band
    return image


def file_bytes(image: np.ndarray | Image.Image, format: str, **options) -> bytes:
    if isinstance(image, np.ndarray):
        image = Image.fromarray(image)
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def assert_close(actual: np.ndarray, expected: np.ndarray, tolerance: float) -> None:
    assert actual.shape == expected.shape
    assert actual.dtype == np.uint8
    assert np.abs(actual.astype(int) - expected).mean() <= tolerance


# formats


@pytest.mark.parametrize(
    ("format", "options", "tolerance"),
    [
        ("JPEG", {"quality": 95}, 3),
        ("PNG", {}, 0),
        ("WEBP", {"lossless": True}, 0),
        ("WEBP", {"quality": 90}, 4),
        ("BMP", {}, 0),
        ("GIF", {}, 0),
        ("TIFF", {}, 0),
        ("TIFF", {"compression": "tiff_lzw"}, 0),
        ("HEIF", {"quality": 95}, 6),
    ],
)
def test_every_format_loads_as_rgb_uint8(format, options, tolerance):
    pixels = load_image(file_bytes(upright(), format, **options))
    assert_close(pixels, upright(), tolerance)
    assert pixels.flags.c_contiguous
    assert pixels.flags.writeable


def test_animated_gif_gives_its_first_frame():
    first, second = Image.fromarray(upright()), Image.fromarray(255 - upright())
    data = file_bytes(first, "GIF", save_all=True, append_images=[second], duration=100)
    with Image.open(io.BytesIO(data)) as check:
        assert check.n_frames == 2
    np.testing.assert_array_equal(load_image(data), upright())


def test_bytearray_and_memoryview_are_accepted():
    data = file_bytes(upright(), "PNG")
    np.testing.assert_array_equal(load_image(bytearray(data)), upright())
    np.testing.assert_array_equal(load_image(memoryview(data)), upright())


# colour modes


def test_grey_and_one_bit_images_become_equal_rgb_channels():
    grey = np.tile(np.arange(0, 256, 4, dtype=np.uint8), (ROWS, 1))
    for image in (Image.fromarray(grey), Image.fromarray(grey).convert("1")):
        pixels = load_image(file_bytes(image, "PNG"))
        assert pixels.shape == (ROWS, 64, 3)
        assert (pixels[..., 0] == pixels[..., 2]).all()
        np.testing.assert_array_equal(pixels[..., 0], np.asarray(image.convert("L")))


def test_palette_images_keep_their_colours():
    palette = Image.fromarray(upright()).quantize(colors=8)
    assert palette.mode == "P"
    np.testing.assert_array_equal(load_image(file_bytes(palette, "PNG")), upright())


def test_palette_transparency_is_shown_on_white():
    palette = Image.fromarray(upright()).quantize(colors=8)
    index = palette.getpixel((0, 0))  # the red block's palette entry
    pixels = load_image(file_bytes(palette, "PNG", transparency=index))
    assert (pixels[:16, :16] == 255).all()
    np.testing.assert_array_equal(pixels[32:, :16], upright()[32:, :16])


@pytest.mark.parametrize("format", ["JPEG", "TIFF"])
def test_cmyk_becomes_rgb(format):
    cmyk = np.zeros((16, 64, 4), np.uint8)
    cmyk[:, :16] = (0, 255, 255, 0)  # red
    cmyk[:, 16:32] = (255, 0, 255, 0)  # green
    cmyk[:, 32:48] = (0, 0, 0, 255)  # black
    cmyk[:, 48:] = (0, 0, 0, 0)  # white
    image = Image.frombytes("CMYK", (64, 16), cmyk.tobytes())
    pixels = load_image(file_bytes(image, format))
    expected = np.zeros((16, 64, 3), np.uint8)
    expected[:, :16] = (255, 0, 0)
    expected[:, 16:32] = (0, 255, 0)
    expected[:, 48:] = (255, 255, 255)
    assert_close(pixels, expected, 4)


@pytest.mark.parametrize("format", ["PNG", "TIFF"])
def test_sixteen_bit_grey_keeps_its_top_eight_bits(format):
    deep = np.tile(np.linspace(0, 65535, 64).astype(np.uint16), (ROWS, 1))
    image = Image.fromarray(deep)
    assert image.mode.startswith("I;16")
    pixels = load_image(file_bytes(image, format))
    np.testing.assert_array_equal(pixels[..., 1], (deep >> 8).astype(np.uint8))
    assert pixels[0, -1, 0] == 255  # not clipped at 255 out of 65535


def test_thirty_two_bit_integer_and_float_images():
    deep = np.tile(np.linspace(0, 65535, 64).astype(np.int32), (ROWS, 1))
    pixels = load_image(file_bytes(Image.fromarray(deep, "I"), "TIFF"))
    np.testing.assert_array_equal(pixels[..., 0], (deep >> 8).astype(np.uint8))
    floats = np.tile(np.linspace(0, 1, 64, dtype=np.float32), (ROWS, 1))
    pixels = load_image(file_bytes(Image.fromarray(floats, "F"), "TIFF"))
    assert pixels[0, 0, 0] == 0
    assert pixels[0, -1, 0] == 255


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_alpha_is_composited_onto_white(mode):
    rgba = np.zeros((ROWS, COLS, 4), np.uint8)
    rgba[..., :3] = upright()
    rgba[:, :16, 3] = 0  # transparent
    rgba[:, 16:32, 3] = 128  # half
    rgba[:, 32:, 3] = 255  # opaque
    image = Image.fromarray(rgba).convert(mode)
    pixels = load_image(file_bytes(image, "PNG")).astype(int)
    solid = np.asarray(image.convert("RGB")).astype(int)
    assert (pixels[:, :16] == 255).all()
    np.testing.assert_array_equal(pixels[:, 32:], solid[:, 32:])
    np.testing.assert_allclose(pixels[:, 16:32], (solid[:, 16:32] * 128 + 255 * 127) / 255, atol=1)


# orientation

# The picture as stored by a camera, for each EXIF orientation, given how it should look.
STORED = {
    1: lambda d: d,
    2: lambda d: d[:, ::-1],
    3: lambda d: d[::-1, ::-1],
    4: lambda d: d[::-1],
    5: lambda d: d.transpose(1, 0, 2),
    6: lambda d: np.rot90(d, 1),  # stored turned anticlockwise; shown turned clockwise
    7: lambda d: np.rot90(d, 2).transpose(1, 0, 2),
    8: lambda d: np.rot90(d, -1),
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientations_are_turned_the_right_way_up(orientation):
    stored = np.ascontiguousarray(STORED[orientation](upright()))
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = file_bytes(stored, "JPEG", quality=95, exif=exif.tobytes())
    assert_close(load_image(data), upright(), 3)
    shrunk = load_image(data, max_side=32)
    assert shrunk.shape == (24, 32, 3)
    assert_close(shrunk, upright()[::2, ::2], 6)


def test_heif_from_a_phone_is_turned_the_right_way_up():
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = np.ascontiguousarray(STORED[6](upright()))
    data = file_bytes(stored, "HEIF", quality=95, exif=exif.tobytes())
    assert_close(load_image(data), upright(), 6)


def test_broken_exif_is_ignored_not_fatal():
    data = file_bytes(upright(), "JPEG", quality=95, exif=b"Exif\x00\x00II*\x00garbage")
    assert_close(load_image(data), upright(), 3)


# size


def test_max_side_shrinks_the_long_side_and_never_enlarges():
    big = np.ascontiguousarray(np.repeat(np.repeat(upright(), 20, axis=0), 20, axis=1))
    for format in ("JPEG", "PNG"):
        data = file_bytes(big, format)
        assert load_image(data, max_side=320).shape == (240, 320, 3)
        assert load_image(data, max_side=100).shape == (75, 100, 3)
        assert load_image(data, max_side=5000).shape == big.shape
        small = load_image(data, max_side=64)
        assert_close(small, upright(), 6)


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "1280"])
def test_bad_max_side_is_an_image_error(bad):
    with pytest.raises(ImageError, match="max_side"):
        load_image(file_bytes(upright(), "PNG"), max_side=bad)


# metadata


def phone_jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = "SERIAL-123456"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    stored = np.ascontiguousarray(STORED[6](upright()))
    icc = b"\x00" * 128  # stand-in profile bytes: must not survive either
    return file_bytes(stored, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=icc)


def test_the_fixture_really_carries_location_and_serial():
    data = phone_jpeg_with_metadata()
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert exif.get_ifd(0x8825)[1] == "N"
        assert exif[0xA431] == "SERIAL-123456"
    assert b"SERIAL-123456" in data


@pytest.mark.parametrize("encode", [encode_jpeg, encode_png])
def test_saved_photos_carry_no_metadata(encode):
    data = encode(load_image(phone_jpeg_with_metadata()))
    for marker in (b"Exif", b"SERIAL-123456", b"PhoneMaker", b"ICC_PROFILE", b"http://ns.adobe"):
        assert marker not in data
    with Image.open(io.BytesIO(data)) as image:
        assert len(image.getexif()) == 0
        assert not {"exif", "icc_profile", "xmp", "dpi"} & set(image.info)
        assert image.size == (COLS, ROWS)  # saved the right way up


def test_png_chunks_are_pixels_only():
    data = encode_png(upright())
    chunks = []
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.append(kind)
        position += 12 + length
    assert set(chunks) == {b"IHDR", b"IDAT", b"IEND"}


def test_encoders_round_trip():
    np.testing.assert_array_equal(load_image(encode_png(upright())), upright())
    assert_close(load_image(encode_jpeg(upright())), upright(), 3)
    low = encode_jpeg(upright(), quality=10)
    assert len(low) < len(encode_jpeg(upright(), quality=95))


@pytest.mark.parametrize("quality", [0, 96, 50.0, True])
def test_bad_jpeg_quality_is_an_image_error(quality):
    with pytest.raises(ImageError, match="quality"):
        encode_jpeg(upright(), quality=quality)


@pytest.mark.parametrize("encode", [encode_jpeg, encode_png])
def test_encoding_a_non_rgb_array_is_an_image_error(encode):
    with pytest.raises(ImageError):
        encode(np.zeros((4, 4, 4), np.uint8))


# bad files


def png_bytes(width: int, height: int, *, bit_depth: int = 1, real_data: bool = True) -> bytes:
    """A valid PNG of any size built by hand; mostly zeros, so tiny when compressed."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    if real_data:
        row = bytes(1 + (width * bit_depth + 7) // 8)  # filter byte + zero pixels
        packer = zlib.compressobj(9)
        body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    else:
        body = b"not deflate data at all"
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def tiny_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"not really")
    return buffer.getvalue()


JPEG = file_bytes(upright(), "JPEG", quality=95)
PNG = file_bytes(upright(), "PNG")

BAD_FILES = {
    "empty": (b"", "file-empty"),
    "truncated-jpeg": (JPEG[: len(JPEG) // 2], "photo-broken"),
    "jpeg-header-only": (JPEG[:200], "photo-broken"),
    "truncated-png": (PNG[: len(PNG) - 30], "photo-broken"),
    "text-renamed-jpg": (b"My homework: photos are made of pixels.\n" * 3, "not-a-photo"),
    "pdf": (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
        "not-a-photo",
    ),
    "zip": (tiny_zip(), "not-a-photo"),
    "random-bytes": (
        np.random.default_rng(5).integers(0, 256, 2000, dtype=np.uint8).tobytes(),
        "not-a-photo",
    ),
    "gif-header-only": (b"GIF89a\x10\x00\x10\x00", "not-a-photo"),
}


@pytest.mark.parametrize(("data", "cause"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_image_errors_with_child_readable_words(data, cause):
    with pytest.raises(ImageError) as caught:
        load_image(data)
    assert caught.value.cause == cause
    friendly = explain(caught.value)
    assert 20 < len(friendly) < 120
    assert "Try" in friendly
    assert "Error" not in friendly
    assert str(caught.value)  # the technical text, for the log


def test_bombs_are_refused_before_decoding():
    huge = png_bytes(20_000, 20_000)  # 400 megapixels: Pillow's own limit (2x) also trips
    assert len(huge) < 200_000
    just_over = png_bytes(8_000, 6_300)  # 50.4 megapixels: only our limit
    assert 8_000 * 6_300 > MAX_PIXELS
    # An unreadable body would be a "broken" error if the pixels were ever decoded.
    undecodable = png_bytes(10_000, 10_000, real_data=False)
    for data in (huge, just_over, undecodable):
        with pytest.raises(ImageError) as caught:
            load_image(data)
        assert caught.value.cause == "photo-too-big"
        assert "too big" in explain(caught.value)
        assert "pixels" in str(caught.value) or "big" in str(caught.value)


def test_bombs_are_refused_even_if_pillows_own_guard_is_switched_off(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with pytest.raises(ImageError, match="at most 50,000,000") as caught:
        load_image(png_bytes(10_000, 10_000, real_data=False))
    assert caught.value.cause == "photo-too-big"
    assert caught.value.details == {"megapixels": 100.0, "limit": 50}
    assert "too big" in explain(caught.value)


def test_the_largest_allowed_size_is_accepted():
    data = png_bytes(5_000, 2_000, bit_depth=8)  # 10 megapixels of black
    pixels = load_image(data, max_side=500)
    assert pixels.shape == (200, 500, 3)
    assert (pixels == 0).all()


def test_not_bytes_is_an_image_error():
    with pytest.raises(ImageError, match="bytes"):
        load_image("photo.jpg")  # type: ignore[arg-type]

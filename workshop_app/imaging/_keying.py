"""The green-screen keyer's per-pixel passes, compiled with numba.

A 1920x1080 frame has two million pixels; as separate OpenCV/numpy operations the keyer
reads and writes full-size arrays some thirty times (over 40 ms), while one compiled pass
that reads each pixel once and writes each result once takes a few milliseconds. The
passes are private: :mod:`workshop_app.imaging.greenscreen` is the API.

The work-size maps (a quarter of the size each way) are made here too, where a dozen
numpy calls over them would cost more in calls and temporaries than in arithmetic: they
share their layout (the plane numbers below) with the full-size pass that reads them.
numba compiles such module constants into each pass, and its on-disk cache checks only
the file a pass is in, so every pass that uses them (or inlines another) is in this
file. The passes at plate size, which do not, are in
:mod:`workshop_app.imaging._plate_passes`.

``cache=True`` keeps the compiled code next to this file (or in numba's user cache when
the folder is read-only), so only the first run on a machine pays the compile time.
``nogil=True`` lets a film be keyed on one thread while another decodes and encodes.
Loop bounds and indices that cannot be negative are unsigned: numba then leaves out its
negative-index check, and the loops vectorise.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from workshop_app.imaging.images import linear_to_srgb, srgb_to_linear

__all__ = ["blend", "key_pixels", "line_maps", "outline_maps", "work_maps"]

# The lookup tables the passes are given (as arguments: not compiled in).
TO_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float64)).astype(np.float32)
"""sRGB code -> linear light 0..1."""
TO_LINEAR_255 = TO_LINEAR * np.float32(255)
"""sRGB code -> linear light 0..255 (the scale the plate is worked out in)."""
TO_SRGB = np.rint(linear_to_srgb(np.linspace(0.0, 1.0, 4096))).astype(np.uint8)
"""Linear light (0..1 in 4096 steps) -> sRGB code."""

# Planes of the work-size maps ``(MAPS, rows, cols)`` the full-size pass samples.
PLATE = 0  # 0..2: the screen plate, linear light 0..1, RGB order
FRONT = 3  # 3..5: the subject's colour nearby, linear light 0..1, RGB order
SOLID = 6  # 1 where the subject is solid (far from any screen pixel)
KEEP = 7  # 0 where only specks far from the subject are (they are removed)
EXCESS = 8  # the plate's colour difference P - max(others), linear light, at least 1e-3
BAND = 9  # 1 along the subject's outline: every pixel there is placed on the plate-subject line
NEAREST = 10  # 10..12: the colour of the nearest solid subject pixel, linear light 0..1, RGB
CLEAR = 13  # 1 where there is only screen (alpha 0 without looking: most of a frame)
# Filled in from the above by line_maps (FRONT and NEAREST then hold F - B, not F):
FRONT_INV = 14  # 1 / |F - B|^2 of the pushed-out subject colour (0 where F is the plate)
NEAREST_INV = 15  # the same for the nearest solid pixel's colour
FRONT_SURE = 16  # |F - B|^2 / (|F - B|^2 + trust): how far that line is trusted
NEAREST_SURE = 17
MAPS = 18

# sRGB code / 255 -> linear light, as the cubic x (C1 + x (C2 + x C3)): within 0.0017 of
# the exact curve, and, unlike a lookup table, it vectorises.
C1 = np.float32(0.015895)
C2 = np.float32(0.66868)
C3 = np.float32(0.317112)


@njit(cache=True, nogil=True, fastmath=True)
def key_pixels(
    rgb,
    maps,
    to_linear,
    to_srgb,
    blue,
    low,
    high,
    amount,
    floor,
    stretch,
    alpha8,
    foreground,
    background,
    out,
):
    """Alpha and foreground of every pixel, written into ``alpha8`` and ``foreground``.

    Alpha is first the colour difference ``P - max(others)`` of the pixel over that of
    the local plate (``P`` green, or blue when ``blue``), through the ``low``..``high``
    levels. Where that is soft (0 < a < 1), and everywhere along the subject's outline
    (the ``BAND`` map), the pixel is also placed on the line from the plate to the
    subject's colour nearby (``a = (I - B).(F - B) / |F - B|^2``, through the
    ``floor``..``floor + 1 / stretch`` levels; of the two guesses at ``F``, the one whose
    line passes closer to the pixel), trusted as far as the two colours differ
    (``trust`` is the squared difference that counts as half-sure). This keeps greenish
    clothes and green-lit hair from turning see-through, and reads hair strands whose
    colour JPEG has smeared. Solid inside and speck removal come from the maps. Soft
    pixels are unmixed (``(I - (1 - a) B) / a``) in linear light; every pixel's glow is
    limited (``P <= max(others)``) by ``amount``.

    Composited in the same pass when ``out`` has a row per pixel row: each row is then
    blended over ``background`` into ``out`` (as :func:`blend`) while it is still in the
    cache, and ``alpha8`` and ``foreground`` need only hold one row (a film's frames are
    never kept keyed, so their alpha and foreground are never written out whole).
    """
    rows, cols = rgb.shape[0], rgb.shape[1]
    work_cols = maps.shape[2]
    composited = out.shape[0] == rows
    spread = np.empty(cols * 3, np.uint8)
    backs = background.reshape(background.shape[0], background.shape[1] * 3)
    results = out.reshape(out.shape[0], out.shape[1] * 3)
    zero = np.float32(0.0)
    one = np.float32(1.0)
    scale = one / np.float32(max(high - low, 1e-3))
    offset = (one - low) * scale
    top = np.float32(len(to_srgb) - 1)
    # Per row, the maps are interpolated down once at work size and held across the
    # row's pixels, so a pixel costs a load, not a bilinear sample (the plate is smooth).
    per_excess = np.empty(cols, np.float32)
    per_solid = np.empty(cols, np.float32)
    per_keep = np.empty(cols, np.float32)
    per_band = np.empty(cols, np.float32)
    alpha_row = np.empty(cols, np.float32)
    main_row = np.empty(cols, np.uint8)
    soft = np.empty(cols + 1, np.uint64)
    listed = np.empty(cols, np.uint8)
    rest_row = np.empty(cols, np.uint8)
    channel = 2 if blue else 1
    flat = rgb.reshape(rows, cols * 3)
    fronts = foreground.reshape(foreground.shape[0], cols * 3)
    unit = np.float32(1 / 255)
    half = np.float32(0.5)
    # The screen channel picked by weights, not by a branch (branches stop vectorising).
    bluish = np.int32(1) if blue else np.int32(0)
    green = 1 - bluish
    starts = np.zeros(work_cols + 1, np.int64)
    for x in range(cols):
        nearest = min(int((x + 0.5) * work_cols / cols), work_cols - 1)
        starts[nearest + 1] = x + 1
    for xw in range(1, work_cols + 1):
        starts[xw] = max(starts[xw], starts[xw - 1])
    work_rows = maps.shape[1]
    held = -1
    map_row = np.uint64(0)
    # The row's stretches that are not clear screen, as [run_from, run_to) pixel ranges.
    # (Unsigned: numba then knows an index cannot be negative, drops its wraparound
    # check, and the loops over a run vectorise: four times fewer instructions.)
    run_from = np.empty(work_cols + 1, np.uint64)
    run_to = np.empty(work_cols + 1, np.uint64)
    run_inside = np.empty(work_cols + 1, np.bool_)  # solid inside: alpha 1 without looking
    runs = 0
    # The nearest map column of each pixel (the colour maps are sampled there).
    column = np.empty(cols, np.uint64)
    for xw in range(work_cols):
        for x in range(starts[xw], starts[xw + 1]):
            column[x] = xw
    for y in range(rows):
        # The nearest map row's values, spread over the row's pixels: recomputed only
        # when the nearest map row changes (every few rows).
        nearest_row = min(int((y + 0.5) * work_rows / rows), work_rows - 1)
        if nearest_row != held:
            held = nearest_row
            map_row = np.uint64(nearest_row)
            runs = 0
            xw = 0
            while xw < work_cols:
                if maps[CLEAR, nearest_row, xw] > half:
                    xw += 1
                    continue
                begin = xw
                inside = maps[SOLID, nearest_row, xw] >= one
                while (
                    xw < work_cols
                    and maps[CLEAR, nearest_row, xw] <= half
                    and (maps[SOLID, nearest_row, xw] >= one) == inside
                ):
                    # Only the stretches' pixels read the held values.
                    inverse = scale / maps[EXCESS, nearest_row, xw]
                    solid = maps[SOLID, nearest_row, xw]
                    keep = maps[KEEP, nearest_row, xw]
                    band = maps[BAND, nearest_row, xw]
                    for x in range(starts[xw], starts[xw + 1]):
                        per_excess[x] = inverse
                        per_solid[x] = solid
                        per_keep[x] = keep
                        per_band[x] = band
                    xw += 1
                run_from[runs] = starts[begin]
                run_to[runs] = starts[xw]
                run_inside[runs] = inside
                runs += 1
        row_index = np.uint64(y)  # unsigned indices skip numba's negative-index checks
        kept_row = np.uint64(0) if composited else row_index  # where this row's results go
        row = flat[y]
        front = fronts[kept_row]
        alpha_out = alpha8[kept_row]
        if composited:  # clear pixels blend with alpha 0: their colour is never read
            for run in range(runs):
                for i in range(np.uint64(3) * run_from[run], np.uint64(3) * run_to[run]):
                    front[i] = row[i]
        else:
            for i in range(np.uint64(3 * cols)):
                front[i] = row[i]
        for x in range(np.uint64(cols)):
            alpha_out[x] = 0
        count = np.uint64(0)
        for run in range(runs):
            first = run_from[run]
            last = run_to[run]
            # 0. The screen channel and the larger of the other two, as planes, so that
            #    the loops over every pixel below are flat and vectorise.
            for x in range(first, last):
                r8 = np.int32(row[3 * x])
                g8 = np.int32(row[3 * x + 1])
                b8 = np.int32(row[3 * x + 2])
                main_row[x] = np.uint8(green * g8 + bluish * b8)
                rest_row[x] = np.uint8(max(r8, green * b8 + bluish * g8))
            if run_inside[run]:  # solid inside (most of the subject): only its glow
                for x in range(first, last):
                    alpha_row[x] = one
                continue
            # 1. Colour difference over the plate's, through the levels (linear light
            #    by a cubic, which vectorises where a lookup table does not).
            for x in range(first, last):
                p = np.float32(main_row[x]) * unit
                o = np.float32(rest_row[x]) * unit
                excess = p * (C1 + p * (C2 + p * C3)) - o * (C1 + o * (C2 + o * C3))
                alpha_row[x] = min(max(offset - excess * per_excess[x], zero), one)
            # 2. Soft pixels and the outline band (a few in a hundred): listed without a
            #    branch, then projected on the plate-subject line.
            #    (Not where the pixel is solid inside, or a speck: its alpha is then
            #    decided by the maps whatever the projection says.)
            for x in range(first, last):
                a = alpha_row[x]
                listed[x] = (
                    (((a > zero) & (a < one)) | (per_band[x] > half))
                    & (per_solid[x] < one)
                    & (per_keep[x] > half)
                )
            for x in range(first, last):
                soft[count] = x
                count += np.uint64(listed[x])
        for i in range(count):
            x = soft[i]
            alpha_row[x] = _project(
                rgb,
                maps,
                row_index,
                x,
                map_row,
                column[x],
                to_linear,
                alpha_row[x],
                floor,
                stretch,
            )
        # 3. Solid inside, specks, 8-bit alpha, and the glow limited in sRGB codes
        #    (exact where there is no glow).
        for run in range(runs):
            first = run_from[run]
            last = run_to[run]
            for x in range(first, last):
                a = max(min(alpha_row[x], per_keep[x]), per_solid[x])
                alpha_out[x] = np.uint8(a * np.float32(255) + half)
                p = np.float32(main_row[x])
                limited = p - amount * max(p - np.float32(rest_row[x]), zero)
                main_row[x] = np.uint8(limited + half)
            for x in range(first, last):
                front[3 * x + channel] = main_row[x]
        # 4. The soft pixels again: unmixed from the plate in linear light. (A pixel made
        #    soft only by the solid ramp keeps its despilled colour: it is inside.)
        for i in range(count):
            x = soft[i]
            code = alpha_out[x]
            if 0 < code < 255:
                _unmix(
                    rgb,
                    maps,
                    row_index,
                    kept_row,
                    x,
                    map_row,
                    column[x],
                    to_linear,
                    to_srgb,
                    top,
                    blue,
                    amount,
                    code,
                    foreground,
                )
        if composited:
            # Clear screen blends to the background exactly: copied, not blended.
            back = backs[y]
            result = results[y]
            for i in range(np.uint64(3 * cols)):
                result[i] = back[i]
            for run in range(runs):
                _blend_row(front, alpha_out, back, result, spread, run_from[run], run_to[run])


@njit(cache=True, nogil=True, fastmath=True, inline="always")
def _project(rgb, maps, y, x, r, c, to_linear, a, floor, stretch):
    """The pixel's alpha from its place on the line from the plate to the subject's
    colour (linear light, where a camera mixes them): of the two guesses at that colour,
    the line passing closer to the pixel; ``a`` where both colours are the plate's."""
    i0 = to_linear[rgb[y, x, 0]] - maps[PLATE, r, c]
    i1 = to_linear[rgb[y, x, 1]] - maps[PLATE + 1, r, c]
    i2 = to_linear[rgb[y, x, 2]] - maps[PLATE + 2, r, c]
    length = i0 * i0 + i1 * i1 + i2 * i2
    # Both lines worked out and one picked by arithmetic, not branches (which the
    # processor would mispredict along a hairline). A line too short to tell has
    # inverse 0: it then counts as missing by more than any real line, and is not trusted.
    zero = np.float32(0)
    inverse = maps[FRONT_INV, r, c]
    dot = i0 * maps[FRONT, r, c] + i1 * maps[FRONT + 1, r, c] + i2 * maps[FRONT + 2, r, c]
    along = dot * inverse
    usable = np.float32(inverse > zero)
    miss = length - dot * along + (np.float32(1) - usable) * np.float32(1e30)
    sure = maps[FRONT_SURE, r, c] * usable
    inverse = maps[NEAREST_INV, r, c]
    dot = i0 * maps[NEAREST, r, c] + i1 * maps[NEAREST + 1, r, c] + i2 * maps[NEAREST + 2, r, c]
    other = dot * inverse
    other_miss = length - dot * other
    closer = np.float32((inverse > zero) & (other_miss < miss))
    along = along + closer * (other - along)
    sure = sure + closer * (maps[NEAREST_SURE, r, c] - sure)
    along = min(max((along - floor) * stretch, zero), np.float32(1))
    return sure * along + (np.float32(1) - sure) * a


@njit(cache=True, nogil=True, fastmath=True)
def line_maps(maps, trust):
    """Turn the two subject-colour guesses into lines from the plate: ``F - B``, its
    inverse squared length (0 where too short to tell) and how far it is trusted.

    Left as they are where the ``CLEAR`` map says plain screen (nothing is projected
    there), which is most of a frame.
    """
    size = np.uint64(maps.shape[1] * maps.shape[2])
    planes = maps.reshape(maps.shape[0], maps.shape[1] * maps.shape[2])
    b0 = planes[PLATE]
    b1 = planes[PLATE + 1]
    b2 = planes[PLATE + 2]
    clear = planes[CLEAR]
    tiny = np.float32(1e-6)
    one = np.float32(1)
    zero = np.float32(0)
    for line, inverse, sure in (
        (FRONT, FRONT_INV, FRONT_SURE),
        (NEAREST, NEAREST_INV, NEAREST_SURE),
    ):
        d0 = planes[line]
        d1 = planes[line + 1]
        d2 = planes[line + 2]
        inverses = planes[inverse]
        sures = planes[sure]
        for i in range(size):
            if clear[i] > np.float32(0.5):  # plain screen: never projected
                continue
            e0 = d0[i] - b0[i]
            e1 = d1[i] - b1[i]
            e2 = d2[i] - b2[i]
            d0[i] = e0
            d1[i] = e1
            d2[i] = e2
            spread = e0 * e0 + e1 * e1 + e2 * e2
            inverses[i] = one / spread if spread > tiny else zero
            sures[i] = spread / (spread + trust)


@njit(cache=True, nogil=True, fastmath=True, inline="always")
def _unmix(
    rgb,
    maps,
    y,
    kept_row,
    x,
    r,
    c,
    to_linear,
    to_srgb,
    top,
    blue,
    amount,
    code,
    foreground,
):
    """``foreground := (pixel - (1 - a) plate) / a`` in linear light, glow limited."""
    zero = np.float32(0.0)
    one = np.float32(1.0)
    a = np.float32(code) * np.float32(1 / 255)
    inv = one / a
    behind = one - a
    u0 = (to_linear[rgb[y, x, 0]] - behind * maps[PLATE, r, c]) * inv
    u1 = (to_linear[rgb[y, x, 1]] - behind * maps[PLATE + 1, r, c]) * inv
    u2 = (to_linear[rgb[y, x, 2]] - behind * maps[PLATE + 2, r, c]) * inv
    u0 = min(max(u0, zero), one)
    u1 = min(max(u1, zero), one)
    u2 = min(max(u2, zero), one)
    up = u2 if blue else u1
    cap = max(u0, u1 if blue else u2)
    if up > cap:
        up = up - amount * (up - cap)
    if blue:
        u2 = up
    else:
        u1 = up
    foreground[kept_row, x, 0] = to_srgb[int(u0 * top + np.float32(0.5))]
    foreground[kept_row, x, 1] = to_srgb[int(u1 * top + np.float32(0.5))]
    foreground[kept_row, x, 2] = to_srgb[int(u2 * top + np.float32(0.5))]


@njit(cache=True, nogil=True, fastmath=True)
def blend(foreground, alpha8, background, out):
    """``out = (foreground * a + background * (255 - a)) / 255`` with ``uint8`` rounding."""
    rows, cols = alpha8.shape
    front = foreground.reshape(rows, cols * 3)
    back = background.reshape(rows, cols * 3)
    result = out.reshape(rows, cols * 3)
    spread = np.empty(cols * 3, np.uint8)
    for y in range(rows):
        _blend_row(front[y], alpha8[y], back[y], result[y], spread, np.uint64(0), np.uint64(cols))


@njit(cache=True, nogil=True, fastmath=True, inline="always")
def _blend_row(front, weights, back, result, spread, first, last):
    """Pixels ``first`` to ``last`` of a row of :func:`blend` (flat RGB rows). Their
    alpha is spread to one value per channel first, so that the blend itself is one
    flat loop of 16-bit integer arithmetic, which vectorises fully."""
    for x in range(first, last):
        spread[3 * x] = weights[x]
        spread[3 * x + 1] = weights[x]
        spread[3 * x + 2] = weights[x]
    for i in range(np.uint64(3) * first, np.uint64(3) * last):
        a = np.uint16(spread[i])
        # At most 255 * 255 + 128: fits 16 bits. Exact rounded division by 255.
        v = np.uint16(front[i]) * a + np.uint16(back[i]) * (np.uint16(255) - a) + np.uint16(128)
        result[i] = np.uint8((v + (v >> np.uint16(8))) >> np.uint16(8))


@njit(cache=True, nogil=True, fastmath=True)
def work_maps(small, plate, p, o1, o2, to_linear, outline_alpha, outline_saturation, maps):
    """The work-size maps read straight off the plate and the shrunk photo.

    ``plate`` is linear 0..255 (the maps' planes are 0..1). Writes the plate's planes
    and colour difference into ``maps``; returns the raw alpha (``1 - excess / plate
    excess``, unclipped) and where a pixel is as saturated a screen colour as the plate
    there (``raw < outline_alpha`` and saturation above ``outline_saturation`` times the
    plate's). The arithmetic runs over flat planes, so that it vectorises.
    """
    rows, cols = small.shape[0], small.shape[1]
    size = rows * cols
    pixels = small.reshape(size, 3)
    plates = plate.reshape(size, 3)
    planes = maps.reshape(maps.shape[0], size)
    photo = np.empty((3, size), np.float32)
    unit = np.float32(1 / 255)
    for i in range(np.uint64(size)):
        for c in range(3):
            planes[PLATE + c, i] = plates[i, c] * unit
            photo[c, i] = to_linear[pixels[i, c]]
    floor = np.float32(1e-3)
    one = np.float32(1)
    main = photo[p]
    other1 = photo[o1]
    other2 = photo[o2]
    plate_main = planes[PLATE + p]
    plate_other1 = planes[PLATE + o1]
    plate_other2 = planes[PLATE + o2]
    plate_excess = planes[EXCESS]
    raw = np.empty(size, np.float32)
    like = np.empty(size, np.bool_)
    for i in range(np.uint64(size)):
        pe = max(plate_main[i] - max(plate_other1[i], plate_other2[i]), floor)
        plate_excess[i] = pe
        excess = main[i] - max(other1[i], other2[i])
        a = one - excess / pe
        raw[i] = a
        # saturation > k * plate saturation, without dividing by either brightness
        bright = max(main[i], floor)
        saturated = excess * max(plate_main[i], floor) > outline_saturation * pe * bright
        like[i] = (a < outline_alpha) & saturated
    return raw.reshape(rows, cols), like.reshape(rows, cols)


@njit(cache=True, nogil=True, fastmath=True)
def outline_maps(depth, reach, raw, keep, low, keep_inside, depths, maps, clear, inside, sure):
    """The maps that follow from how deep each work-size pixel is inside the subject.

    ``depth`` is the distance to the nearest screen pixel; ``reach`` is non-zero on the
    subject and one pixel around it; ``raw`` the raw alpha; ``keep`` (plate size) 0 on
    specks. ``depths`` holds the band's reach in, where the solid ramp starts, the depth
    the subject's colour is pushed out from, and the surely-solid depth, raw alpha and
    deeper depth. Writes the ``BAND``, ``SOLID`` and ``KEEP`` planes; ``clear`` (1 where
    only screen is, before it is eroded); and, at plate size (2x2 work pixels), ``inside``
    (at least half of them that deep; 0/1) and ``sure`` (all of them surely solid).
    """
    band_in, solid_from, inside_from, sure_depth, sure_raw, sure_deep = (
        depths[0],
        depths[1],
        depths[2],
        depths[3],
        depths[4],
        depths[5],
    )
    rows, cols = depth.shape
    keep_rows, keep_cols = keep.shape
    zero = np.float32(0)
    one = np.float32(1)
    solid_scale = one if keep_inside else zero
    keep_column = np.empty(cols, np.uint64)  # the nearest plate-size column
    for x in range(cols):
        keep_column[x] = x * keep_cols // cols
    deep = np.empty((rows, cols), np.uint8)
    surely = np.empty((rows, cols), np.uint8)
    for y in range(rows):
        depth_row = depth[y]
        reach_row = reach[y]
        raw_row = raw[y]
        band_row = maps[BAND, y]
        solid_row = maps[SOLID, y]
        clear_row = clear[y]
        deep_row = deep[y]
        surely_row = surely[y]
        # Flat arithmetic on 0/1 values, no branches: the loop vectorises.
        for x in range(np.uint64(cols)):
            d = depth_row[x]
            band = np.uint8(d <= band_in) & np.uint8(reach_row[x] > 0)
            solid = min(max(d - solid_from, zero), one) * solid_scale
            band_row[x] = np.float32(band)
            solid_row[x] = solid
            clear_row[x] = (
                np.uint8(raw_row[x] < low) & np.uint8(solid == zero) & (np.uint8(1) - band)
            )
            deep_row[x] = np.uint8(d >= inside_from)
            surely_row[x] = np.uint8(d >= sure_depth) & (
                np.uint8(raw_row[x] >= sure_raw) | np.uint8(d >= sure_deep)
            )
        keep_row = keep[y * keep_rows // rows]
        keep_out = maps[KEEP, y]
        for x in range(np.uint64(cols)):
            kept = keep_row[keep_column[x]]
            keep_out[x] = np.float32(kept)
            # a speck is clear, unless solid or on the band
            clear_row[x] |= (
                np.uint8(kept == 0)
                & np.uint8(solid_row[x] == zero)
                & (np.uint8(1) - np.uint8(band_row[x] > zero))
            )
    coarse_rows, coarse_cols = inside.shape
    step_y = rows // coarse_rows
    step_x = cols // coarse_cols
    count = step_y * step_x
    if step_y == 2 and step_x == 2:  # the usual case, written out: it vectorises
        for cy in range(np.uint64(coarse_rows)):
            top_deep = deep[2 * cy]
            bottom_deep = deep[2 * cy + 1]
            top_sure = surely[2 * cy]
            bottom_sure = surely[2 * cy + 1]
            inside_row = inside[cy]
            sure_row = sure[cy]
            for cx in range(np.uint64(coarse_cols)):
                left = 2 * cx
                right = left + 1
                deeps = top_deep[left] + top_deep[right] + bottom_deep[left] + bottom_deep[right]
                inside_row[cx] = np.float32(deeps >= 2)
                sure_row[cx] = (
                    top_sure[left] & top_sure[right] & bottom_sure[left] & bottom_sure[right]
                )
        return
    for cy in range(coarse_rows):
        for cx in range(coarse_cols):
            deeps = 0
            sures = 0
            for y in range(cy * step_y, (cy + 1) * step_y):
                for x in range(cx * step_x, (cx + 1) * step_x):
                    deeps += deep[y, x]
                    sures += surely[y, x]
            inside[cy, cx] = np.float32(2 * deeps >= count)
            sure[cy, cx] = sures == count

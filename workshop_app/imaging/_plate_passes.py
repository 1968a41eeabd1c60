"""The green-screen keyer's compiled passes at plate size (an eighth of the photo).

- :func:`classify_screen`: which pixels are screen, judged against a plate;
- :func:`pack_weighted` and :func:`pull_level`: the two steps of the push-pull fill that
  the plate (and the subject's colour pushed out from its inside) is made with;
- :func:`screen_samples`: the screen's raw alpha on full-size pixels (one per plate
  pixel), whose noise the levels follow;
- :func:`fill_from_labels`: each map pixel takes the colour of its nearest surely solid
  pixel.

Compiled with numba as :mod:`workshop_app.imaging._keying` is, and for the same reasons
(the conventions are described there). These passes are apart from it because none of
them reads the layout of the work-size maps or inlines a pass of that module (they are
given planes and plane numbers): numba's on-disk cache checks only the file a function
is in, so a pass must sit in the same file as the constants it compiles in and the
functions it inlines. They are private: :mod:`workshop_app.imaging.greenscreen` is the
API.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "classify_screen",
    "fill_from_labels",
    "pack_weighted",
    "pull_level",
    "screen_samples",
]


@njit(cache=True, nogil=True, fastmath=True)
def classify_screen(small, plate, reference, p, o1, o2, tolerance, screen, ratio):
    """Which pixels of ``small`` are screen, judged against ``plate`` (both linear 0..255).

    A pixel is screen if its saturation (``ratio``: excess over brightness) and hue
    match the plate's, it is at least a third as saturated, and it is not much darker
    than the plate or the brightest screen nearby (``reference``). Writes ``screen``
    (0/1) and each pixel's ``ratio``.
    """
    size = np.uint64(small.shape[0] * small.shape[1])
    pixels = small.reshape(small.shape[0] * small.shape[1], 3)
    plates = plate.reshape(small.shape[0] * small.shape[1], 3)
    references = reference.reshape(small.shape[0] * small.shape[1])
    screens = screen.reshape(small.shape[0] * small.shape[1])
    ratios = ratio.reshape(small.shape[0] * small.shape[1])
    unit = np.float32(1)
    hue_tolerance = np.float32(0.6) * tolerance
    share = np.float32(0.35)
    for i in range(size):  # flat, unsigned and without branches: it vectorises
        main = pixels[i, p]
        other1 = pixels[i, o1]
        other2 = pixels[i, o2]
        excess = main - max(other1, other2)
        dim = unit / max(main, unit)
        r = excess * dim
        ratios[i] = r
        hue = (other1 - other2) * dim
        plate_main = plates[i, p]
        plate_dim = unit / max(plate_main, unit)
        plate_excess = max(plate_main - max(plates[i, o1], plates[i, o2]), unit)
        plate_ratio = plate_excess * plate_dim
        plate_hue = (plates[i, o1] - plates[i, o2]) * plate_dim
        screens[i] = (
            np.uint8(abs(r - plate_ratio) < tolerance * plate_ratio)
            & np.uint8(abs(hue - plate_hue) < hue_tolerance * plate_ratio)
            & np.uint8(excess > share * plate_excess)
            & np.uint8(main > share * max(plate_main, references[i]))
        )


@njit(cache=True, nogil=True, fastmath=True)
def pack_weighted(values, weight, packed):
    """``packed[..., :channels] = values * weight`` and ``packed[..., channels] = weight``
    (the bottom level of a push-pull fill). All three are C-ordered."""
    rows, cols, channels = values.shape
    size = np.uint64(rows * cols)
    flat_values = values.reshape(rows * cols * channels)
    flat_weight = weight.reshape(rows * cols)
    flat_packed = packed.reshape(rows * cols * (channels + 1))
    if channels == 3:  # the plate and the subject's colour: written out, it vectorises
        for i in range(size):
            w = flat_weight[i]
            flat_packed[4 * i] = flat_values[3 * i] * w
            flat_packed[4 * i + 1] = flat_values[3 * i + 1] * w
            flat_packed[4 * i + 2] = flat_values[3 * i + 2] * w
            flat_packed[4 * i + 3] = w
        return
    step = np.uint64(channels + 1)
    for i in range(size):
        w = flat_weight[i]
        for c in range(np.uint64(channels)):
            flat_packed[step * i + c] = flat_values[np.uint64(channels) * i + c] * w
        flat_packed[step * i + np.uint64(channels)] = w


@njit(cache=True, nogil=True, fastmath=True)
def pull_level(level, out):
    """One level of a push-pull fill, in place: ``out`` (the coarser fill, scaled up)
    moves towards the level's own mean ``v / w`` as far as its weight ``w`` says.

    ``level`` is ``(rows, cols, channels + 1)``: the weighted values, then the weight.
    Both are C-ordered.
    """
    rows, cols, channels = out.shape
    size = np.uint64(rows * cols)
    flat_level = level.reshape(rows * cols * (channels + 1))
    flat_out = out.reshape(rows * cols * channels)
    four = np.float32(4)
    one = np.float32(1)
    tiny = np.float32(1e-6)
    if channels == 3:  # written out, it vectorises
        for i in range(size):
            weight = flat_level[4 * i + 3]
            known = min(four * weight, one)
            inverse = one / max(weight, tiny)
            for c in range(np.uint64(3)):
                here = flat_out[3 * i + c]
                flat_out[3 * i + c] = here + known * (flat_level[4 * i + c] * inverse - here)
        return
    step = np.uint64(channels + 1)
    for i in range(size):
        weight = flat_level[step * i + np.uint64(channels)]
        known = min(four * weight, one)
        inverse = one / max(weight, tiny)
        for c in range(np.uint64(channels)):
            here = flat_out[np.uint64(channels) * i + c]
            flat_out[np.uint64(channels) * i + c] = here + known * (
                flat_level[step * i + c] * inverse - here
            )


@njit(cache=True, nogil=True)
def fill_from_labels(labels, sources, colours, maps, first):
    """``maps[first + c]`` := channel ``c`` of ``colours`` at pixel ``sources[label - 1]``.

    ``labels`` are OpenCV's nearest-zero-pixel labels (``DIST_LABEL_PIXEL``), which
    number the zero pixels in raster order from 1; ``sources`` are those pixels' flat
    indices in ``colours``. ``labels`` may be smaller than the maps: each map pixel then
    takes its nearest label (as ``cv2.resize`` with ``INTER_NEAREST`` picks it).
    """
    label_rows, label_cols = labels.shape
    rows, cols = maps.shape[1], maps.shape[2]
    planes = colours.reshape(colours.shape[0] * colours.shape[1], 3)
    label_column = np.empty(cols, np.uint64)  # divided once, not once a pixel
    for x in range(cols):
        label_column[x] = x * label_cols // cols
    for y in range(rows):
        labels_row = labels[y * label_rows // rows]
        red = maps[first, y]
        green = maps[first + 1, y]
        blue = maps[first + 2, y]
        for x in range(np.uint64(cols)):
            k = np.uint64(sources[labels_row[label_column[x]] - 1])
            red[x] = planes[k, 0]
            green[x] = planes[k, 1]
            blue[x] = planes[k, 2]


@njit(cache=True, nogil=True, fastmath=True)
def screen_samples(rgb, step, plate_excess, samples, p, o1, o2, to_linear):
    """Raw alpha (``1 - excess / plate excess``) of every fourth screen sample.

    One full-size pixel of ``rgb`` every ``step`` pixels each way, read where the
    work-size ``samples`` map (every other pixel each way) says it is screen;
    ``plate_excess`` is the plate's colour difference at work size (the ``EXCESS`` plane
    of the maps).
    """
    rows = min((rgb.shape[0] + step - 1) // step, plate_excess.shape[0] // 2)
    cols = min((rgb.shape[1] + step - 1) // step, plate_excess.shape[1] // 2)
    out = np.empty(rows * cols // 4 + 1, np.float32)
    seen = 0
    kept = 0
    for y in range(rows):
        for x in range(cols):
            if samples[2 * y, 2 * x] == 0:
                continue
            if seen % 4 == 0:
                pixel = rgb[y * step, x * step]
                excess = to_linear[pixel[p]] - max(to_linear[pixel[o1]], to_linear[pixel[o2]])
                out[kept] = np.float32(1) - excess / plate_excess[2 * y, 2 * x]
                kept += 1
            seen += 1
    return out[:kept]

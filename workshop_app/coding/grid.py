"""The pupils' pixel grid: ``width``, ``height``, ``get(x, y)``, ``set(x, y, colour)``.

This is the whole helper API the lesson packs teach::

    for y in range(height):
        for x in range(width):
            r, g, b = get(x, y)
            set(x, y, (b, g, r))

- ``x`` counts across from 0 at the left, ``y`` counts down from 0 at the top.
- A colour is three whole numbers ``(r, g, b)``, each from 0 to 255.
- Named colours: ``red``, ``green``, ``blue``, ``yellow``, ``white``, ``black``, ``orange``,
  ``purple``, ``pink`` (exactly the nine the packs list; ``grey`` and ``brown`` are not
  colours here, as step 4 of the 8-9 pack tells pupils).
- A bad coordinate raises :class:`CoordinateError` (an ``IndexError``) and a bad colour
  :class:`ColourError` (a ``ValueError``); both carry ``details`` that
  :mod:`workshop_app.coding.friendly` turns into "x must be from 0 to 7 ...".

Photos are shrunk to a small square grid (8, 16 or 32 squares a side) before a program
runs, so loops over every pixel finish at once: :func:`from_image` and :func:`to_image`
are pure functions between an RGB ``uint8`` image and a :class:`Grid`.

This module is loaded twice: by the app, and on its own inside the sandboxed child
process (``python -I -S``, no site-packages). So at module level it imports nothing but
the standard library; numpy and OpenCV are imported inside the two image functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

Colour = tuple[int, int, int]

COLOURS: dict[str, Colour] = {
    "red": (255, 0, 0),
    "green": (0, 255, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "orange": (255, 165, 0),
    "purple": (128, 0, 128),
    "pink": (255, 192, 203),
}
"""The named colours pupils can use, by name."""

GRID_SIZES: tuple[int, ...] = (8, 16, 32)
"""The grid sizes tasks use (squares a side)."""

MAX_SIDE = 64
"""The largest grid the kit accepts from anywhere (keeps every run small)."""


# --- errors pupils meet ------------------------------------------------------------


class CoordinateError(IndexError):
    """``get`` or ``set`` was given an x or y outside the grid (or not a whole number).

    ``details`` holds ``problem`` (``"x-range"``, ``"y-range"``, ``"x-whole"``,
    ``"y-whole"``), ``axis``, ``value`` (as text), ``limit`` (the largest allowed value)
    and ``call`` (``"get"`` or ``"set"``).
    """

    def __init__(self, message: str, details: dict[str, Any]) -> None:
        super().__init__(message)
        self.details = details


class ColourError(ValueError):
    """``set`` was given something that is not a colour of three whole numbers 0-255.

    ``details`` holds ``problem`` (``"colour-none"``, ``"colour-text"``,
    ``"colour-shape"``, ``"colour-whole"``, ``"colour-range"``) and ``value`` (as text).
    """

    def __init__(self, message: str, details: dict[str, Any]) -> None:
        super().__init__(message)
        self.details = details


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_xy(x: object, y: object, width: int, height: int, call: str = "get") -> None:
    """Raise :class:`CoordinateError` unless ``(x, y)`` is a square of the grid."""
    for axis, value, size in (("x", x, width), ("y", y, height)):
        if type(value) is not int:
            details = {"problem": f"{axis}-whole", "axis": axis, "value": _short(value)}
            details |= {"limit": size - 1, "call": call}
            msg = f"{axis} must be a whole number from 0 to {size - 1}, not {_short(value)}"
            raise CoordinateError(msg, details)
        if not 0 <= value < size:
            details = {"problem": f"{axis}-range", "axis": axis, "value": str(value)}
            details |= {"limit": size - 1, "call": call}
            msg = f"{axis} must be from 0 to {size - 1}, but it was {value}"
            raise CoordinateError(msg, details)


def check_colour(colour: object) -> Colour:
    """The colour as a tuple of three ints 0-255, or :class:`ColourError` saying why not."""
    if colour is None:
        msg = "the colour is None (did a function forget to return a colour?)"
        raise ColourError(msg, {"problem": "colour-none", "value": "None"})
    if isinstance(colour, str):
        msg = f"the colour is the text {_short(colour)}: write a colour name without quotes"
        raise ColourError(msg, {"problem": "colour-text", "value": _short(colour)})
    if type(colour) not in (tuple, list) or len(colour) != 3:  # type: ignore[arg-type]
        msg = f"a colour is three numbers (r, g, b), not {_short(colour)}"
        raise ColourError(msg, {"problem": "colour-shape", "value": _short(colour)})
    for number in colour:  # type: ignore[union-attr]
        if type(number) is not int:
            msg = f"colour numbers must be whole numbers, not {_short(number)}"
            raise ColourError(msg, {"problem": "colour-whole", "value": _short(number)})
        if not 0 <= number <= 255:
            msg = f"colour numbers must be from 0 to 255, but one was {number}"
            raise ColourError(msg, {"problem": "colour-range", "value": str(number)})
    r, g, b = colour  # type: ignore[misc]
    return (r, g, b)


# --- the grid ----------------------------------------------------------------------


class Grid:
    """A small picture: ``width`` x ``height`` squares, each an ``(r, g, b)`` tuple.

    Parameters
    ----------
    width, height
        Squares across and down, 1 to :data:`MAX_SIDE`.
    pixels
        Row by row from the top-left, ``width * height`` colours; default all ``fill``.
    fill
        The colour of a new blank grid.

    Examples
    --------
    >>> grid = Grid(8, 8)
    >>> grid.set(7, 0, COLOURS["red"])
    >>> grid.get(7, 0)
    (255, 0, 0)
    >>> grid.get(8, 0)
    Traceback (most recent call last):
    ...
    workshop_app.coding.grid.CoordinateError: x must be from 0 to 7, but it was 8
    """

    __slots__ = ("_pixels", "height", "width")

    def __init__(
        self,
        width: int,
        height: int,
        pixels: list[Colour] | tuple[Colour, ...] | None = None,
        *,
        fill: Colour = (0, 0, 0),
    ) -> None:
        for name, side in (("width", width), ("height", height)):
            if type(side) is not int or not 1 <= side <= MAX_SIDE:
                msg = f"{name} must be a whole number from 1 to {MAX_SIDE}, not {side!r}"
                raise ValueError(msg)
        self.width = width
        self.height = height
        if pixels is None:
            self._pixels = [check_colour(fill)] * (width * height)
        else:
            if len(pixels) != width * height:
                msg = f"a {width}x{height} grid needs {width * height} colours, not {len(pixels)}"
                raise ValueError(msg)
            self._pixels = [check_colour(colour) for colour in pixels]

    def get(self, x: int, y: int) -> Colour:
        """The colour of square ``(x, y)``."""
        check_xy(x, y, self.width, self.height, "get")
        return self._pixels[y * self.width + x]

    def set(self, x: int, y: int, colour: Colour) -> None:
        """Paint square ``(x, y)``."""
        check_xy(x, y, self.width, self.height, "set")
        self._pixels[y * self.width + x] = check_colour(colour)

    @property
    def pixels(self) -> tuple[Colour, ...]:
        """Every colour, row by row from the top-left."""
        return tuple(self._pixels)

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)``."""
        return (self.width, self.height)

    def copy(self) -> Grid:
        return Grid(self.width, self.height, self._pixels)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Grid):
            return NotImplemented
        return self.size == other.size and self._pixels == other._pixels

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Grid({self.width}x{self.height})"

    # --- JSON between the app and the sandbox ---

    def to_json(self) -> dict[str, Any]:
        """Plain data: ``{"width": w, "height": h, "pixels": [[r, g, b], ...]}``."""
        return {
            "width": self.width,
            "height": self.height,
            "pixels": [list(colour) for colour in self._pixels],
        }

    @classmethod
    def from_json(cls, data: object) -> Grid:
        """The grid :meth:`to_json` wrote; ``ValueError`` for anything else.

        Checks every field, so it is safe on data from an untrusted process.
        """
        if not isinstance(data, dict) or set(data) != {"width", "height", "pixels"}:
            msg = "a grid is a mapping with exactly width, height and pixels"
            raise ValueError(msg)
        pixels = data["pixels"]
        if not isinstance(pixels, list):
            msg = "grid pixels must be a list"
            raise ValueError(msg)
        try:
            return cls(data["width"], data["height"], [check_colour(c) for c in pixels])
        except ColourError as error:
            raise ValueError(str(error)) from None


def blank(width: int, height: int | None = None, colour: Colour = (0, 0, 0)) -> Grid:
    """A grid of one colour (black unless told), ``height`` defaulting to ``width``."""
    return Grid(width, width if height is None else height, fill=colour)


def colour_name(colour: Colour) -> str:
    """``"red"`` for a named colour, else ``"(30, 30, 220)"``."""
    for name, value in COLOURS.items():
        if value == tuple(colour):
            return name
    return "({}, {}, {})".format(*colour)


def pupil_api(grid: Grid) -> dict[str, Any]:
    """The names a pupil's program sees: ``width``, ``height``, ``get``, ``set``, colours.

    ``get`` and ``set`` are plain functions (not bound methods) over ``grid``.
    """

    def get(x: int, y: int) -> Colour:
        return grid.get(x, y)

    def set(x: int, y: int, colour: Colour) -> None:
        grid.set(x, y, colour)

    return {"width": grid.width, "height": grid.height, "get": get, "set": set, **COLOURS}


# --- pictures ----------------------------------------------------------------------


def practice_picture(size: int = 16) -> Grid:
    """A made-up photo for pupils with no photo (and for tests): sky, sun, apple, grass.

    Deterministic, not symmetric left-right or top-bottom, with red, grey, bright and
    dark squares, so every task has something to change.
    """
    grid = Grid(size, size)
    for y in range(size):
        for x in range(size):
            t = y * 255 // max(size - 1, 1)
            colour = (90 + t // 4, 150 + t // 5, 250 - t // 3)  # sky, lighter downwards
            if y >= size * 3 // 4:
                colour = (40 + x * 3 % 30, 140 + (x + y) * 7 % 40, 50)  # grass
            dx, dy = x - size * 3 // 4, y - size // 5
            if dx * dx + dy * dy <= (size // 6) ** 2:
                colour = (255, 220, 40)  # the sun, top right
            ax, ay = x - size // 4, y - size * 5 // 8
            if ax * ax + ay * ay <= (size // 7 + 1) ** 2:
                colour = (210, 30 + (x * 5 % 20), 35)  # a red apple, lower left
            if size // 2 <= x < size // 2 + size // 8 and size // 2 <= y < size * 3 // 4:
                colour = (120, 120, 120)  # a grey stone
            grid.set(x, y, colour)
    return grid


def from_image(image: np.ndarray, size: int = 16) -> Grid:
    """Shrink an RGB ``uint8`` photo to a ``size`` x ``size`` grid.

    The middle square of the photo is kept (a portrait loses a little top and bottom)
    and each grid square is the average colour of the pixels it covers.

    Raises
    ------
    ImageError
        If ``image`` is not an RGB ``uint8`` array ``(rows, columns, 3)``.
    """
    import cv2
    import numpy as np

    from workshop_app.errors import ImageError

    if not 1 <= size <= MAX_SIDE:
        msg = f"grid size must be from 1 to {MAX_SIDE}, not {size}"
        raise ValueError(msg)
    if (
        not isinstance(image, np.ndarray)
        or image.dtype != np.uint8
        or image.ndim != 3
        or image.shape[2] != 3
        or min(image.shape[:2]) < 1
    ):
        shape = getattr(image, "shape", None)
        msg = f"expected an RGB uint8 image (rows, columns, 3), got {shape}"
        raise ImageError(msg)
    rows, columns = image.shape[:2]
    side = min(rows, columns)
    top, left = (rows - side) // 2, (columns - side) // 2
    square = np.ascontiguousarray(image[top : top + side, left : left + side])
    small = cv2.resize(square, (size, size), interpolation=cv2.INTER_AREA)
    pixels = [(int(r), int(g), int(b)) for r, g, b in small.reshape(-1, 3)]
    return Grid(size, size, pixels)


def to_image(grid: Grid, scale: int = 1) -> np.ndarray:
    """The grid as an RGB ``uint8`` image, each square ``scale`` x ``scale`` pixels."""
    import numpy as np

    if scale < 1:
        msg = f"scale must be 1 or more, not {scale}"
        raise ValueError(msg)
    image = np.array(grid.pixels, dtype=np.uint8).reshape(grid.height, grid.width, 3)
    if scale > 1:
        image = np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
    return image

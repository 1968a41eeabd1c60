"""How a pupil's picture differs from the reference's: :func:`diagnose`.

The first wrong square is found, then the recognised kinds of mistake
(:data:`PATTERNS`: nothing changed, upside down, left and right swapped, one half a copy
of the other, a colour tint left) are tried in order; anything else is a
``wrong-square`` hint naming that square. The result is a
:class:`~workshop_app.coding.hints.Failure` for :mod:`~workshop_app.coding.hints` to
put in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from workshop_app.coding.grid import Colour, Grid, colour_name
from workshop_app.coding.hints import Failure


def squares(grid: Grid) -> Iterator[tuple[int, int, Colour]]:
    """Every square of ``grid`` as ``(x, y, colour)``, row by row."""
    for y in range(grid.height):
        for x in range(grid.width):
            yield x, y, grid.get(x, y)


def _mirror(grid: Grid) -> Grid:
    w = grid.width
    return Grid(
        w, grid.height, [grid.get(w - 1 - x, y) for y in range(grid.height) for x in range(w)]
    )


def _flip(grid: Grid) -> Grid:
    h = grid.height
    return Grid(
        grid.width, h, [grid.get(x, h - 1 - y) for y in range(h) for x in range(grid.width)]
    )


def _is_grey(grid: Grid) -> bool:
    return all(r == g == b for r, g, b in grid.pixels)


def _first_difference(got: Grid, want: Grid, tolerance: int = 0) -> tuple[int, int] | None:
    if got.size != want.size:
        return (0, 0)
    for x, y, colour in squares(got):
        if any(abs(a - b) > tolerance for a, b in zip(colour, want.get(x, y), strict=True)):
            return (x, y)
    return None


PATTERNS: tuple[tuple[str, Callable[[Grid, Grid, Grid], bool]], ...] = (
    ("unchanged", lambda got, want, before: got == before and want != before),
    (
        "upside-down",
        lambda got, want, before: (
            (got == _flip(before) and got != before) or (got == _flip(want) and got != want)
        ),
    ),
    ("left-right", lambda got, want, before: got == _mirror(want) and got != want),
    ("half-copy", lambda got, want, before: got == _mirror(got) and want != _mirror(want)),
    ("tint", lambda got, want, before: _is_grey(want) and not _is_grey(got)),
)
"""Recognised kinds of difference between the pupil's picture and the reference's, in
the order they are tried; anything else is a ``wrong-square`` hint."""


def diagnose(got: Grid, want: Grid, before: Grid, tolerance: int = 0) -> Failure | None:
    """How ``got`` differs from ``want`` (both made from ``before``), or None if it does not."""
    wrong = _first_difference(got, want, tolerance)
    if wrong is None:
        return None
    x, y = wrong
    fields = {"x": x, "y": y}
    if got.size == want.size:
        fields |= {"expected": colour_name(want.get(x, y)), "actual": colour_name(got.get(x, y))}
    if got.size == want.size == before.size:
        for name, test in PATTERNS:
            if test(got, want, before):
                return Failure(name, fields, first_wrong=wrong)
    return Failure("wrong-square", fields, first_wrong=wrong)

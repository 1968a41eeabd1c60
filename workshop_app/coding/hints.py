"""The checker's words: every hint it can give, per age tier (:data:`HINTS`).

A check that fails gives a :class:`Failure`: the id of a hint and the values to fill in
("the first wrong square is at ({x}, {y})"). :func:`in_words` turns it into the one
sentence the pupil reads.

All wording is data (:data:`HINTS` here, the kinds of picture difference in
:data:`~workshop_app.coding.differences.PATTERNS`); a task file can replace the words
for a kind of difference (``hints:``) or for one check (``hint:``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop_app.coding.friendly import Tier
from workshop_app.coding.tasks import Task


def _by_tier(kids: str, middle: str, teens: str) -> dict[Tier, str]:
    """One hint's words for each age tier: 8-9, 10-11 and 12-14."""
    return {"8-9": kids, "10-11": middle, "12-14": teens}


HINTS: dict[str, dict[Tier, str]] = {
    # --- how the picture differs from the reference's ---
    "unchanged": _by_tier(
        "Nothing changed. Did your program paint any squares with set?",
        "Nothing changed in the picture. Check that your program calls set, and that the "
        "set line is inside the loops.",
        "The picture did not change: check that set is called with the new colour.",
    ),
    "upside-down": _by_tier(
        "Your picture is upside down. Look at the y numbers.",
        "It flipped top-to-bottom. Check where you used y and height: should it be x and width?",
        "Flipped vertically instead: you changed y where x was needed.",
    ),
    "left-right": _by_tier(
        "The left and right are swapped. Check which side you read from.",
        "The left and right are swapped - check which side you read from.",
        "Left and right are swapped - check which side you read from (x or width - 1 - x).",
    ),
    "half-copy": _by_tier(
        "One half is a copy of the other half. Save both colours before you paint.",
        "The right half is a copy of the left half. The program reads squares it has "
        "already painted: save both colours, then swap them.",
        "The picture is symmetrical: the program reads pixels it has already overwritten. "
        "Save both colours before painting, or copy the row first.",
    ),
    "tint": _by_tier(
        "Some squares still have colour. Grey has the same number three times.",
        "Some squares still have a colour tint. A grey has the same number three times: "
        "(grey, grey, grey).",
        "Not every pixel is grey: all three numbers must be equal.",
    ),
    "wrong-square": _by_tier(
        "The first wrong square is at ({x}, {y}): it should be {expected} but it is {actual}.",
        "The first wrong pixel is at ({x}, {y}): it should be {expected} but it is {actual}.",
        "First wrong pixel at ({x}, {y}): expected {expected}, got {actual}.",
    ),
    # --- how the printed output differs ---
    "no-output": _by_tier(
        "Your program did not print anything. Add a print line at the end.",
        "Your program did not print anything. Add print(...) at the very end, not indented.",
        "Nothing was printed: print the result at the end.",
    ),
    "too-many-lines": _by_tier(
        "Your program printed {count} lines, but it should print one. Move print all the "
        "way to the left.",
        "Your program printed {count} lines instead of {want_count}. Is print inside the "
        "loop? Move it all the way to the left.",
        "Printed {count} lines, expected {want_count}: the print is probably inside the loop.",
    ),
    "too-small": _by_tier(
        "Your number is too small.",
        "Your count is too small. Check that the counter starts at 0 at the very top, not "
        "inside the loop, and check your test.",
        "Your count is too small: check where the counter is reset and your condition.",
    ),
    "too-big": _by_tier(
        "Your number is too big.",
        "Your count is too big. Check your test: should it use and instead of or?",
        "Your count is too big: check the condition (and versus or).",
    ),
    "wrong-output": _by_tier(
        "Your program printed {got}, but it should print {want}.",
        "Your program printed {got}, but it should print {want}.",
        "Output {got}, expected {want}.",
    ),
    # --- properties ---
    "property:grey": _by_tier(
        "The square at ({x}, {y}) is not grey. Grey has the same number three times.",
        "The pixel at ({x}, {y}) is {actual}, which is not grey. A grey has three equal "
        "numbers, like (90, 90, 90).",
        "Pixel ({x}, {y}) is {actual}: not grey (r, g and b must be equal).",
    ),
    "property:black-and-white": _by_tier(
        "The square at ({x}, {y}) is {actual}. Every square must be black or white.",
        "The pixel at ({x}, {y}) is {actual}. Every pixel must be black or white.",
        "Pixel ({x}, {y}) is {actual}: every pixel must be black (0, 0, 0) or white "
        "(255, 255, 255). Does every path of your function return?",
    ),
    "property:mirror": _by_tier(
        "The picture is not a mirror picture yet. Look at square ({x}, {y}).",
        "Not a mirror yet: the pixel at ({x}, {y}) should have the colour that was at ({mx}, {y}).",
        "Pixel ({x}, {y}) should hold the old colour of ({mx}, {y}).",
    ),
    "property:keeps-size": _by_tier(
        "The picture changed size.",
        "The picture must keep its size.",
        "The picture must keep its size.",
    ),
    "property:in-range": _by_tier(
        "A colour number is not between 0 and 255.",
        "Every colour number must be from 0 to 255.",
        "Every colour value must be 0-255.",
    ),
    "property:changes-something": _by_tier(
        "Nothing changed. Your program must change the picture.",
        "Nothing changed. Check that you call set in your loop, and that your function is called.",
        "Nothing changed: check that set is called in the loop and your function is used.",
    ),
    "property:brightness-order": _by_tier(
        "Some dark squares are white and light squares are black. Swap white and black.",
        "Light parts came out black and dark parts white. Swap white and black, or change > to <.",
        "Bright pixels came out black while darker ones are white: swap the return values "
        "or the comparison.",
    ),
    # --- regions and frames ---
    "region": _by_tier(
        "The squares from ({x0}, {y0}) to ({x1}, {y1}) should all be {colour}.",
        "The pixels from ({x0}, {y0}) to ({x1}, {y1}) should all be {colour}.",
        "Pixels ({x0}, {y0})-({x1}, {y1}) should all be {colour}.",
    ),
    "region-same": _by_tier(
        "The squares from ({x0}, {y0}) to ({x1}, {y1}) should all be one colour.",
        "The pixels from ({x0}, {y0}) to ({x1}, {y1}) should all be one colour.",
        "Pixels ({x0}, {y0})-({x1}, {y1}) should be one colour.",
    ),
    "region-not": _by_tier(
        "The squares from ({x0}, {y0}) to ({x1}, {y1}) are still {colour}. Pick a new colour.",
        "The pixels from ({x0}, {y0}) to ({x1}, {y1}) are still {colour}. Change it to a "
        "new colour.",
        "Pixels ({x0}, {y0})-({x1}, {y1}) are still {colour}.",
    ),
    "frame-edge": _by_tier(
        "The {edge} edge is not painted yet. The {edge} edge is where {test}.",
        "The {edge} edge is not painted all the way yet. The {edge} edge is where {test}.",
        "The {edge} edge ({test}) is not fully painted in the frame colour.",
    ),
    "frame-inside": _by_tier(
        "The inside of the picture changed too. Only the edge squares should change.",
        "The inside of the photo changed too, at ({x}, {y}). Only edge pixels should "
        "change: is the set line inside the if?",
        "Pixel ({x}, {y}) inside the frame changed: only edge pixels may change.",
    ),
    # --- functions ---
    "function": _by_tier(
        "Write a function called {name}. Start with: def {name}(",
        "Your program needs a function called {name}. Start it with def {name}(...):",
        "Define a function named {name} (def {name}(...):) - check the spelling.",
    ),
    "call-missing": _by_tier(
        "Write a function called {name}.",
        "The code lab wants to try your function {name}, but there is no def {name} in "
        "your program.",
        "No function named {name} to call: check the def line.",
    ),
    "call-error": _by_tier(
        "When we tried {call}: {error}",
        "When the code lab tried {call}: {error}",
        "Calling {call} failed: {error}",
    ),
    "call-value": _by_tier(
        "{call} gave back {got}, but it should give back {want}.",
        "{call} gave back {got}, but it should give back {want}.",
        "{call} returned {got}, expected {want}.",
    ),
    "call-grey": _by_tier(
        "{call} gave back {got}. A grey has the same number three times.",
        "{call} gave back {got}. It should give back a grey: three equal whole numbers, "
        "like (100, 100, 100).",
        "{call} returned {got}: expected a grey tuple of three equal ints 0-255.",
    ),
    "call-picture": _by_tier(
        "After {call}: {hint}",
        "After {call}: {hint}",
        "After {call}: {hint}",
    ),
    # --- all good ---
    "pass": _by_tier(
        "Well done! It works.",
        "Well done - your program passes every check!",
        "All checks passed.",
    ),
    "pass-order": _by_tier(
        "Well done! Your order works.",
        "Well done - your blocks are in a working order!",
        "All checks passed: the order works.",
    ),
}
"""Every hint the checker can give, per age tier, by id."""

HINT_ALIASES: dict[str, str] = {"property:changes-something": "unchanged"}
"""Check failures that a task's ``hints:`` entry for another kind also words."""


@dataclass(frozen=True)
class Failure:
    """A check that failed: which hint to give, and the values to fill into it."""

    kind: str
    """The hint's id in :data:`HINTS`."""
    fields: dict[str, Any]
    check_hint: str | None = None
    """The check's own words (its ``hint:`` in the task file), if it has them."""
    first_wrong: tuple[int, int] | None = None
    line: int | None = None
    text: str | None = None
    """Already-worded message (a friendly error from a call)."""


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def in_words(failure: Failure, task: Task) -> str:
    """The one hint the pupil reads: the task's words for the kind of failure, else the
    check's own, else :data:`HINTS` for the task's age tier."""
    if failure.text is not None:
        return failure.text
    template = (
        task.hints.get(failure.kind)
        or task.hints.get(HINT_ALIASES.get(failure.kind, ""))
        or failure.check_hint
        or HINTS[failure.kind][task.tier]
    )
    return template.format_map(_Fields(failure.fields))

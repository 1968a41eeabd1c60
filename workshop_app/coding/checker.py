"""Checking a pupil's program against its task: :func:`check_task`.

The pupil's code and the task's reference solution run in the sandbox on the same
input (the reference's run is cached). The task's checks are then tried in order, and
the first that fails becomes **one** hint in words for the task's age tier: a friendly
error message if the program stopped, or what is different about the picture ("the left
and right are swapped - check which side you read from", "the first wrong square is at
(3, 0): it should be red but it is blue"). Ordering puzzles are programs too: any order
of blocks whose program passes the checks is right.

All wording is data (:data:`HINTS`, :data:`PATTERNS`); a task file can replace the
words for a kind of difference (``hints:``) or for one check (``hint:``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workshop_app.coding.friendly import Tier, explain
from workshop_app.coding.grid import Colour, Grid, colour_name
from workshop_app.coding.sandbox import RunResult, TaskInput, run_code
from workshop_app.coding.tasks import (
    CallCheck,
    FrameCheck,
    FunctionCheck,
    PropertyCheck,
    RegionCheck,
    SameOutput,
    SamePicture,
    Task,
)
from workshop_app.errors import CodeRunError

BLACK, WHITE = (0, 0, 0), (255, 255, 255)
BRIGHTNESS_SLACK = 64
"""How much brighter (0-255) a black square may be than a white one before
``brightness-order`` fails: weighted and plain brightness disagree by up to ~65."""


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

EDGES: tuple[tuple[str, str], ...] = (
    ("left", "x == 0"),
    ("top", "y == 0"),
    ("right", "x == width - 1"),
    ("bottom", "y == height - 1"),
)


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one pupil's program.

    ``message`` is the one thing to tell the pupil (a well done, a friendly error or one
    hint); ``picture`` and ``expected`` are shown side by side (``expected`` is None when
    many pictures are right, like "any frame colour").
    """

    passed: bool
    message: str
    kind: str
    """``"pass"``, ``"error"`` (the program stopped) or the hint's id in :data:`HINTS`."""
    line: int | None = None
    picture: Grid | None = None
    expected: Grid | None = None
    before: Grid | None = None
    stdout: str = ""
    expected_stdout: str = ""
    first_wrong: tuple[int, int] | None = None
    run: RunResult | None = None


@dataclass(frozen=True)
class _Failure:
    kind: str
    fields: dict[str, Any]
    check_hint: str | None = None
    first_wrong: tuple[int, int] | None = None
    line: int | None = None
    text: str | None = None
    """Already-worded message (a friendly error from a call)."""


# --- picture helpers -----------------------------------------------------------------------


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


def _squares(grid: Grid):
    for y in range(grid.height):
        for x in range(grid.width):
            yield x, y, grid.get(x, y)


def _first_difference(got: Grid, want: Grid, tolerance: int = 0) -> tuple[int, int] | None:
    if got.size != want.size:
        return (0, 0)
    for x, y, colour in _squares(got):
        if any(abs(a - b) > tolerance for a, b in zip(colour, want.get(x, y), strict=True)):
            return (x, y)
    return None


def _brightness(colour: Colour) -> float:
    return sum(colour) / 3


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


def diagnose(got: Grid, want: Grid, before: Grid, tolerance: int = 0) -> _Failure | None:
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
                return _Failure(name, fields, first_wrong=wrong)
    return _Failure("wrong-square", fields, first_wrong=wrong)


# --- one check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    task: Task
    before: Grid
    pupil: RunResult
    reference: RunResult


def _same_picture(check: SamePicture, ctx: _Context) -> _Failure | None:
    assert ctx.pupil.result is not None
    assert ctx.reference.result is not None
    failure = diagnose(ctx.pupil.result, ctx.reference.result, ctx.before, check.tolerance)
    return None if failure is None else _with_hint(failure, check.hint)


def _numbers(lines: list[str]) -> float | None:
    try:
        return float(lines[0]) if len(lines) == 1 else None
    except ValueError:
        return None


def _output_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().split("\n") if line.strip()]


def _same_output(check: SameOutput, ctx: _Context) -> _Failure | None:
    got, want = _output_lines(ctx.pupil.stdout), _output_lines(ctx.reference.stdout)
    if got == want:
        return None
    fields = {
        "got": " ".join(got[:3]) + (" ..." if len(got) > 3 else ""),
        "want": " ".join(want[:3]),
        "count": len(got),
        "want_count": len(want),
    }
    if not got:
        kind = "no-output"
    elif len(got) > len(want) >= 1:
        kind = "too-many-lines"
    elif (mine := _numbers(got)) is not None and (right := _numbers(want)) is not None:
        kind = "too-small" if mine < right else "too-big"
    else:
        kind = "wrong-output"
    return _Failure(kind, fields, check.hint)


def _property(check: PropertyCheck, ctx: _Context) -> _Failure | None:
    got, before = ctx.pupil.result, ctx.before
    assert got is not None
    kind = f"property:{check.property}"
    wrong: tuple[int, int] | None = None
    fields: dict[str, Any] = {}
    if check.property == "keeps-size" and got.size != before.size:
        return _Failure(kind, {}, check.hint)
    if check.property == "changes-something" and got == before:
        return _Failure(kind, {}, check.hint)
    if check.property == "brightness-order":
        blacks = [_brightness(before.get(x, y)) for x, y, c in _squares(got) if c == BLACK]
        whites = [_brightness(before.get(x, y)) for x, y, c in _squares(got) if c == WHITE]
        if blacks and whites and max(blacks) > min(whites) + BRIGHTNESS_SLACK:
            return _Failure(kind, {}, check.hint)
        return None
    tests: dict[str, Callable[[int, int, Colour], bool]] = {
        "grey": lambda x, y, c: c[0] == c[1] == c[2],
        "black-and-white": lambda x, y, c: c in (BLACK, WHITE),
        "mirror": lambda x, y, c: c == before.get(got.width - 1 - x, y),
        "in-range": lambda x, y, c: all(0 <= n <= 255 for n in c),
    }
    test = tests.get(check.property)
    if test is None:
        return None
    for x, y, colour in _squares(got):
        if not test(x, y, colour):
            wrong = (x, y)
            fields = {"x": x, "y": y, "actual": colour_name(colour), "mx": got.width - 1 - x}
            return _Failure(kind, fields, check.hint, first_wrong=wrong)
    return None


def _region(check: RegionCheck, ctx: _Context) -> _Failure | None:
    got = ctx.pupil.result
    assert got is not None
    x0, x1 = check.x[0], min(check.x[1], got.width - 1)
    y0, y1 = check.y[0], min(check.y[1], got.height - 1)
    fields: dict[str, Any] = {"x0": x0, "y0": y0, "x1": x1, "y1": y1}
    colours = [got.get(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
    if check.colour is not None and any(c != check.colour for c in colours):
        return _Failure("region", fields | {"colour": colour_name(check.colour)}, check.hint)
    if check.same and len(set(colours)) > 1:
        return _Failure("region-same", fields, check.hint)
    if check.not_colour is not None and check.not_colour in colours:
        return _Failure(
            "region-not", fields | {"colour": colour_name(check.not_colour)}, check.hint
        )
    return None


def _frame(check: FrameCheck, ctx: _Context) -> _Failure | None:
    got, before = ctx.pupil.result, ctx.before
    assert got is not None
    w, h = got.width, got.height
    on_edge = {
        "left": lambda x, y: x == 0,
        "top": lambda x, y: y == 0,
        "right": lambda x, y: x == w - 1,
        "bottom": lambda x, y: y == h - 1,
    }
    border = [c for x, y, c in _squares(got) if x in (0, w - 1) or y in (0, h - 1)]
    frame = max(set(border), key=border.count)
    for edge, test in EDGES:
        if any(c != frame for x, y, c in _squares(got) if on_edge[edge](x, y)):
            return _Failure("frame-edge", {"edge": edge, "test": test}, check.hint)
    for x, y, colour in _squares(got):
        if 0 < x < w - 1 and 0 < y < h - 1 and colour != before.get(x, y):
            return _Failure("frame-inside", {"x": x, "y": y}, check.hint, first_wrong=(x, y))
    return None


def _function(check: FunctionCheck, ctx: _Context) -> _Failure | None:
    if check.name in ctx.pupil.functions:
        return None
    return _Failure("function", {"name": check.name}, check.hint)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(_shown(item) for item in value) + ")"
    return repr(value)


def _call(check: CallCheck, ctx: _Context) -> _Failure | None:
    index = [c for c in ctx.task.checks if isinstance(c, CallCheck)].index(check)
    mine, right = ctx.pupil.calls[index], ctx.reference.calls[index]
    fields: dict[str, Any] = {"call": check.label, "name": check.function}
    if mine.missing:
        return _Failure("call-missing", fields, check.hint)
    if mine.problem is not None:
        text = explain(mine.problem, ctx.task.tier)
        fields["error"] = text[0].lower() + text[1:]
        return _Failure("call-error", fields, check.hint, line=mine.problem.line)
    got = mine.value
    fields["got"] = _shown(got) if got is not None or mine.text == "None" else mine.text
    if check.expect is not None:
        want = _listed(check.expect)
        if _listed(got) != want:
            return _Failure("call-value", fields | {"want": _shown(want)}, check.hint)
    elif check.returns == "grey-colour":
        if not (
            isinstance(got, list)
            and len(got) == 3
            and all(type(n) is int and 0 <= n <= 255 for n in got)
            and got[0] == got[1] == got[2]
        ):
            return _Failure("call-grey", fields, check.hint)
    elif check.returns == "reference" and not _close(got, right.value, check.tolerance):
        return _Failure("call-value", fields | {"want": _shown(right.value)}, check.hint)
    if check.compare_grid and mine.grid is not None and right.grid is not None:
        failure = diagnose(mine.grid, right.grid, ctx.before, check.tolerance)
        if failure is not None:
            inner = _words(failure, ctx.task)
            return _Failure(
                "call-picture", fields | {"hint": inner}, check.hint, failure.first_wrong
            )
    return None


def _listed(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_listed(item) for item in value]
    return value


def _close(got: Any, want: Any, tolerance: int) -> bool:
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(
            _close(a, b, tolerance) for a, b in zip(got, want, strict=True)
        )
    if type(got) in (int, float) and type(want) in (int, float):
        return abs(got - want) <= tolerance
    return bool(got == want)


CHECKERS: dict[type, Callable[[Any, _Context], _Failure | None]] = {
    SamePicture: _same_picture,
    SameOutput: _same_output,
    PropertyCheck: _property,
    RegionCheck: _region,
    FrameCheck: _frame,
    FunctionCheck: _function,
    CallCheck: _call,
}
"""Which function tries each kind of check."""


# --- words ---------------------------------------------------------------------------------


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _with_hint(failure: _Failure, hint: str | None) -> _Failure:
    if hint is None:
        return failure
    return _Failure(failure.kind, failure.fields, hint, failure.first_wrong, failure.line)


def _words(failure: _Failure, task: Task) -> str:
    if failure.text is not None:
        return failure.text
    template = (
        task.hints.get(failure.kind)
        or task.hints.get(HINT_ALIASES.get(failure.kind, ""))
        or failure.check_hint
        or HINTS[failure.kind][task.tier]
    )
    return template.format_map(_Fields(failure.fields))


# --- the reference's runs, cached ----------------------------------------------------------

_CACHE: OrderedDict[tuple[Any, ...], RunResult] = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_SIZE = 128


def _reference_run(task: Task, task_input: TaskInput) -> RunResult:
    key = (task.id, task.reference, task_input.grid.pixels, task_input.calls, task.timeout_s)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    # The reference gets more time than pupils: on a busy laptop it must not fail.
    result = run_code(task.reference, task_input=task_input, timeout_s=task.timeout_s * 2)
    if not result.ok:
        detail = result.problem.technical if result.problem else result.error
        msg = f"the reference solution of task {task.id!r} failed: {detail}"
        raise CodeRunError(msg, cause="task-not-checked")
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


# --- the public call -----------------------------------------------------------------------


def check_task(task: Task, source: str, *, photo: Any = None) -> CheckResult:
    """Run a pupil's program for a task and say whether it passes, with one hint if not.

    Parameters
    ----------
    task
        The task (from :func:`~workshop_app.coding.tasks.load_task`).
    source
        The pupil's program (for ``order`` tasks: :meth:`Task.assemble` of their order).
    photo
        The pupil's photo, an RGB ``uint8`` image (shrunk to the task's grid here) or a
        :class:`~workshop_app.coding.grid.Grid`; ignored by tasks on a blank grid. With
        no photo, photo tasks use the practice picture.

    Raises
    ------
    CodeRunError
        When the sandbox cannot start, or the task's own reference solution fails.
    """
    before = task.input_grid(photo)
    task_input = TaskInput(before, task.calls)
    reference: list[RunResult | BaseException] = []

    def run_reference() -> None:
        try:
            reference.append(_reference_run(task, task_input))
        except BaseException as error:  # handed to the calling thread below
            reference.append(error)

    helper = threading.Thread(target=run_reference, daemon=True)
    helper.start()
    pupil = run_code(source, task_input=task_input, timeout_s=task.timeout_s)
    helper.join()
    outcome = reference[0]
    if isinstance(outcome, BaseException):
        raise outcome
    expected = outcome.result if _shows_expected(task) else None
    common = {
        "picture": pupil.result,
        "expected": expected,
        "before": before,
        "stdout": pupil.stdout,
        "expected_stdout": outcome.stdout if _prints(task) else "",
        "run": pupil,
    }
    if not pupil.ok:
        place = "block" if task.format == "order" else "line"
        message = pupil.message(task.tier, place=place) or ""
        return CheckResult(False, message, "error", line=pupil.error_line, **common)
    assert pupil.result is not None
    ctx = _Context(task, before, pupil, outcome)
    for check in task.checks:
        failure = CHECKERS[type(check)](check, ctx)
        if failure is not None:
            return CheckResult(
                False,
                _words(failure, task),
                failure.kind,
                line=failure.line,
                first_wrong=failure.first_wrong,
                **common,
            )
    message = task.success or HINTS["pass-order" if task.format == "order" else "pass"][task.tier]
    return CheckResult(True, message, "pass", **common)


def _shows_expected(task: Task) -> bool:
    return any(isinstance(check, SamePicture) for check in task.checks) or any(
        isinstance(check, CallCheck) and check.compare_grid for check in task.checks
    )


def _prints(task: Task) -> bool:
    return any(isinstance(check, SameOutput) for check in task.checks)

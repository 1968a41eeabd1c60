"""Trying one check of a task on a run: one function per kind of check (:data:`CHECKERS`).

The kinds of check are declared in :mod:`~workshop_app.coding.tasks` (``same-picture``,
``same-output``, ``property``, ``region``, ``frame``, ``function``, ``call``); each
function here looks at the pupil's run (and the reference's, where the check compares)
and returns None when the check passes, or a :class:`~workshop_app.coding.hints.Failure`
saying which hint to give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workshop_app.coding.differences import diagnose, squares
from workshop_app.coding.friendly import explain
from workshop_app.coding.grid import Colour, Grid, colour_name
from workshop_app.coding.hints import Failure, in_words
from workshop_app.coding.runs import RunResult
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

BLACK, WHITE = (0, 0, 0), (255, 255, 255)
BRIGHTNESS_SLACK = 64
"""How much brighter (0-255) a black square may be than a white one before
``brightness-order`` fails: weighted and plain brightness disagree by up to ~65."""

EDGES: tuple[tuple[str, str], ...] = (
    ("left", "x == 0"),
    ("top", "y == 0"),
    ("right", "x == width - 1"),
    ("bottom", "y == height - 1"),
)


@dataclass(frozen=True)
class CheckContext:
    """What every check looks at: the task, the input picture, and both runs on it."""

    task: Task
    before: Grid
    pupil: RunResult
    reference: RunResult


def _with_hint(failure: Failure, hint: str | None) -> Failure:
    if hint is None:
        return failure
    return Failure(failure.kind, failure.fields, hint, failure.first_wrong, failure.line)


def _same_picture(check: SamePicture, ctx: CheckContext) -> Failure | None:
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


def _same_output(check: SameOutput, ctx: CheckContext) -> Failure | None:
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
    return Failure(kind, fields, check.hint)


def _brightness(colour: Colour) -> float:
    return sum(colour) / 3


def _property(check: PropertyCheck, ctx: CheckContext) -> Failure | None:
    got, before = ctx.pupil.result, ctx.before
    assert got is not None
    kind = f"property:{check.property}"
    wrong: tuple[int, int] | None = None
    fields: dict[str, Any] = {}
    if check.property == "keeps-size" and got.size != before.size:
        return Failure(kind, {}, check.hint)
    if check.property == "changes-something" and got == before:
        return Failure(kind, {}, check.hint)
    if check.property == "brightness-order":
        blacks = [_brightness(before.get(x, y)) for x, y, c in squares(got) if c == BLACK]
        whites = [_brightness(before.get(x, y)) for x, y, c in squares(got) if c == WHITE]
        if blacks and whites and max(blacks) > min(whites) + BRIGHTNESS_SLACK:
            return Failure(kind, {}, check.hint)
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
    for x, y, colour in squares(got):
        if not test(x, y, colour):
            wrong = (x, y)
            fields = {"x": x, "y": y, "actual": colour_name(colour), "mx": got.width - 1 - x}
            return Failure(kind, fields, check.hint, first_wrong=wrong)
    return None


def _region(check: RegionCheck, ctx: CheckContext) -> Failure | None:
    got = ctx.pupil.result
    assert got is not None
    x0, x1 = check.x[0], min(check.x[1], got.width - 1)
    y0, y1 = check.y[0], min(check.y[1], got.height - 1)
    fields: dict[str, Any] = {"x0": x0, "y0": y0, "x1": x1, "y1": y1}
    colours = [got.get(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
    if check.colour is not None and any(c != check.colour for c in colours):
        return Failure("region", fields | {"colour": colour_name(check.colour)}, check.hint)
    if check.same and len(set(colours)) > 1:
        return Failure("region-same", fields, check.hint)
    if check.not_colour is not None and check.not_colour in colours:
        return Failure("region-not", fields | {"colour": colour_name(check.not_colour)}, check.hint)
    return None


def _frame(check: FrameCheck, ctx: CheckContext) -> Failure | None:
    got, before = ctx.pupil.result, ctx.before
    assert got is not None
    w, h = got.width, got.height
    on_edge = {
        "left": lambda x, y: x == 0,
        "top": lambda x, y: y == 0,
        "right": lambda x, y: x == w - 1,
        "bottom": lambda x, y: y == h - 1,
    }
    border = [c for x, y, c in squares(got) if x in (0, w - 1) or y in (0, h - 1)]
    frame = max(set(border), key=border.count)
    for edge, test in EDGES:
        if any(c != frame for x, y, c in squares(got) if on_edge[edge](x, y)):
            return Failure("frame-edge", {"edge": edge, "test": test}, check.hint)
    for x, y, colour in squares(got):
        if 0 < x < w - 1 and 0 < y < h - 1 and colour != before.get(x, y):
            return Failure("frame-inside", {"x": x, "y": y}, check.hint, first_wrong=(x, y))
    return None


def _function(check: FunctionCheck, ctx: CheckContext) -> Failure | None:
    if check.name in ctx.pupil.functions:
        return None
    return Failure("function", {"name": check.name}, check.hint)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(_shown(item) for item in value) + ")"
    return repr(value)


def _call(check: CallCheck, ctx: CheckContext) -> Failure | None:
    index = [c for c in ctx.task.checks if isinstance(c, CallCheck)].index(check)
    mine, right = ctx.pupil.calls[index], ctx.reference.calls[index]
    fields: dict[str, Any] = {"call": check.label, "name": check.function}
    if mine.missing:
        return Failure("call-missing", fields, check.hint)
    if mine.problem is not None:
        text = explain(mine.problem, ctx.task.tier)
        fields["error"] = text[0].lower() + text[1:]
        return Failure("call-error", fields, check.hint, line=mine.problem.line)
    got = mine.value
    fields["got"] = _shown(got) if got is not None or mine.text == "None" else mine.text
    if check.expect is not None:
        want = _listed(check.expect)
        if _listed(got) != want:
            return Failure("call-value", fields | {"want": _shown(want)}, check.hint)
    elif check.returns == "grey-colour":
        if not (
            isinstance(got, list)
            and len(got) == 3
            and all(type(n) is int and 0 <= n <= 255 for n in got)
            and got[0] == got[1] == got[2]
        ):
            return Failure("call-grey", fields, check.hint)
    elif check.returns == "reference" and not _close(got, right.value, check.tolerance):
        return Failure("call-value", fields | {"want": _shown(right.value)}, check.hint)
    if check.compare_grid and mine.grid is not None and right.grid is not None:
        failure = diagnose(mine.grid, right.grid, ctx.before, check.tolerance)
        if failure is not None:
            inner = in_words(failure, ctx.task)
            return Failure(
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


CHECKERS: dict[type, Callable[[Any, CheckContext], Failure | None]] = {
    SamePicture: _same_picture,
    SameOutput: _same_output,
    PropertyCheck: _property,
    RegionCheck: _region,
    FrameCheck: _frame,
    FunctionCheck: _function,
    CallCheck: _call,
}
"""Which function tries each kind of check."""

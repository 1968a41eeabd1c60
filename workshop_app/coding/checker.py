"""Checking a pupil's program against its task: :func:`check_task`.

The pupil's code and the task's reference solution run in the sandbox on the same
input (the reference's run is cached). The task's checks are then tried in order, and
the first that fails becomes **one** hint in words for the task's age tier: a friendly
error message if the program stopped, or what is different about the picture ("the left
and right are swapped - check which side you read from", "the first wrong square is at
(3, 0): it should be red but it is blue"). Ordering puzzles are programs too: any order
of blocks whose program passes the checks is right.

Here: the verdict (:class:`CheckResult`), the cached reference runs and the call that
ties them together. Each kind of check is tried in :mod:`~workshop_app.coding.checks`;
what is different about a picture is found in :mod:`~workshop_app.coding.differences`;
all wording is data, in :mod:`~workshop_app.coding.hints` (a task file can replace the
words for a kind of difference, ``hints:``, or for one check, ``hint:``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from workshop_app.coding.checks import CHECKERS, CheckContext
from workshop_app.coding.grid import Grid
from workshop_app.coding.hints import HINTS, in_words
from workshop_app.coding.runs import RunResult, TaskInput
from workshop_app.coding.sandbox import run_code
from workshop_app.coding.tasks import CallCheck, SameOutput, SamePicture, Task
from workshop_app.errors import CodeRunError


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
    ctx = CheckContext(task, before, pupil, outcome)
    for check in task.checks:
        failure = CHECKERS[type(check)](check, ctx)
        if failure is not None:
            return CheckResult(
                False,
                in_words(failure, task),
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

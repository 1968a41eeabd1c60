"""What goes into a run of a pupil's program and what comes out.

:class:`TaskInput` goes in: the grid, and the pupil's functions to call afterwards (each
a :class:`Call`). :class:`RunResult` comes out of
:func:`~workshop_app.coding.sandbox.run_code`, with a :class:`CallResult` per call.
Plain data only: nothing here comes from a child as an object
(:mod:`~workshop_app.coding.reports` builds these from the child's JSON, checking every
field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop_app.coding.friendly import Place, Problem, Tier, explain
from workshop_app.coding.grid import Grid


@dataclass(frozen=True)
class Call:
    """A function of the pupil's program for the checker to call after the program ran.

    The call gets a fresh copy of the input grid; its return value and the grid after
    it are reported in :attr:`RunResult.calls`.
    """

    function: str
    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class TaskInput:
    """What a program runs on: the grid, and calls to make afterwards (for checks)."""

    grid: Grid
    calls: tuple[Call, ...] = ()


@dataclass(frozen=True)
class CallResult:
    """The outcome of one :class:`Call`."""

    function: str
    ok: bool
    value: Any = None
    """The return value as plain JSON data (lists for tuples), or None."""
    text: str = ""
    """``repr`` of the return value, for messages."""
    grid: Grid | None = None
    missing: bool = False
    """The program has no function of that name."""
    problem: Problem | None = None


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run.

    ``ok``, ``stdout``, ``result`` (the grid after the program), ``error`` (a friendly
    message, worded for ages 10-11; :meth:`message` words it for another tier) and
    ``timed_out`` are the interface the issue asks for; the rest is for the checker
    and the UI.
    """

    ok: bool
    stdout: str
    result: Grid | None
    error: str | None
    timed_out: bool
    error_kind: str | None = None
    """The catalogue entry id (``"missing-colon"``, ``"timeout"``...)."""
    error_line: int | None = None
    problem: Problem | None = None
    output_truncated: bool = False
    calls: tuple[CallResult, ...] = ()
    seconds: float = 0.0
    """Wall-clock time of the run, start-up included."""
    functions: tuple[str, ...] = ()
    """Names of the functions the program defined (``def``)."""

    def message(self, tier: Tier, *, place: Place = "line") -> str | None:
        """The friendly error message for an age tier, or None if the run was fine."""
        return None if self.problem is None else explain(self.problem, tier, place=place)

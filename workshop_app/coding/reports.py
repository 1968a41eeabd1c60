"""Reading what a sandboxed child sends back, trusting none of it.

A child writes the pupil's output to stdout and one report line (``RESULT_MARK + JSON``)
to stderr (see ``_runner.py``). Here: :class:`PipeReader` reads each pipe to its end
with a cap, and :func:`outcome` turns what was read into a
:class:`~workshop_app.coding.runs.RunResult`. The report is untrusted (a pupil who got
past the child's checks could print a fake one): it is only ever parsed as JSON, never
unpickled, and every field is checked and cut to size before it is used. A missing or
unreadable report is a crash, a timeout or an output flood, decided from how the
process ended.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
from typing import IO, Any

from workshop_app.coding.friendly import Problem, explain, match
from workshop_app.coding.grid import Grid
from workshop_app.coding.limits import MAX_CALLS, MAX_OUTPUT_BYTES, MAX_OUTPUT_LINES, POSIX
from workshop_app.coding.runs import CallResult, RunResult

RESULT_MARK = b"\x1eRESULT "
OUTPUT_NOTE = "... (output cut short: more than {lines:,} lines or {kb} KB)"
_KINDS = frozenset(
    {"syntax", "blank", "forbidden", "exception", "memory", "output", "timeout"}
    | {"refused", "crash", "internal"}
)


class PipeReader(threading.Thread):
    """Reads one pipe to its end, keeping at most ``keep`` bytes.

    Past ``flood`` bytes it calls ``on_flood`` once (the parent's backstop for output
    that went around the child's own cap).
    """

    def __init__(self, pipe: IO[bytes], keep: int, flood: int, on_flood: Any) -> None:
        super().__init__(daemon=True)
        self.pipe, self.keep, self.flood, self.on_flood = pipe, keep, flood, on_flood
        self.chunks: list[bytes] = []
        self.total = 0
        self.flooded = False

    def run(self) -> None:
        kept = 0
        with contextlib.suppress(OSError, ValueError):
            while data := self.pipe.read(65536):
                self.total += len(data)
                if kept < self.keep:
                    self.chunks.append(data[: self.keep - kept])
                    kept += len(self.chunks[-1])
                if self.total > self.flood and not self.flooded:
                    self.flooded = True
                    self.on_flood()

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)


def limit_details(timeout_s: float) -> dict[str, Any]:
    """The limits a message about the run may mention (its seconds, its most lines)."""
    return {"seconds": timeout_s, "max_lines": MAX_OUTPUT_LINES}


def failed(problem: Problem, *, seconds: float, stdout: str = "", **extra: Any) -> RunResult:
    """The result of a run that went wrong, with its friendly message (ages 10-11)."""
    return RunResult(
        ok=False,
        stdout=stdout,
        result=extra.pop("result", None),
        error=explain(problem),
        timed_out=problem.kind == "timeout",
        error_kind=match(problem).id,
        error_line=problem.line,
        problem=problem,
        seconds=seconds,
        **extra,
    )


def _stdout_text(out: PipeReader, cut: bool) -> tuple[str, bool]:
    text = out.data.decode("utf-8", "replace")
    lines = text.split("\n")
    if len(lines) > MAX_OUTPUT_LINES + 1:
        text, cut = "\n".join(lines[:MAX_OUTPUT_LINES]) + "\n", True
    if cut or out.total > MAX_OUTPUT_BYTES:
        if not text.endswith("\n"):
            text += "\n"
        text += OUTPUT_NOTE.format(lines=MAX_OUTPUT_LINES, kb=MAX_OUTPUT_BYTES // 1024)
        cut = True
    return text, cut


def _report(data: bytes) -> dict[str, Any] | None:
    at = data.rfind(RESULT_MARK)
    if at < 0:
        return None
    try:
        report = json.loads(data[at + len(RESULT_MARK) :].split(b"\n", 1)[0])
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def outcome(
    out: PipeReader,
    err: PipeReader,
    finished: bool,
    returncode: int | None,
    timeout_s: float,
    seconds: float,
) -> RunResult:
    """One run's result from what its child sent back and how the process ended."""
    report = _report(err.data) if not err.flooded else None
    truncated = bool(report.get("truncated")) if report else False
    stdout, truncated = _stdout_text(out, truncated or out.flooded)
    limits = limit_details(timeout_s)
    if report is None:
        if out.flooded:
            problem = Problem("output", details=limits)
        elif not finished or (POSIX and returncode == -signal.SIGXCPU):
            problem = Problem("timeout", details=limits)
        else:
            problem = Problem("crash", message=f"exit code {returncode}", details=limits)
        return failed(problem, seconds=seconds, stdout=stdout, output_truncated=truncated)
    status = report.get("status")
    if status == "refused":
        details = limits | {"event": _text(report.get("event"))}
        problem = Problem("refused", message=_text(report.get("detail")), details=details)
        return failed(problem, seconds=seconds, stdout=stdout, output_truncated=truncated)
    try:
        grid = Grid.from_json(report["grid"]) if "grid" in report else None
        calls = tuple(_call_result(item, limits) for item in report.get("calls", ())[:MAX_CALLS])
    except (ValueError, TypeError, KeyError):
        problem = Problem("crash", message="unreadable report", details=limits)
        return failed(problem, seconds=seconds, stdout=stdout)
    functions = report.get("functions")
    defined = (
        tuple(name[:60] for name in functions[:50] if isinstance(name, str))
        if isinstance(functions, list)
        else ()
    )
    if status == "ok":
        return RunResult(
            ok=True,
            stdout=stdout,
            result=grid,
            error=None,
            timed_out=False,
            output_truncated=truncated,
            calls=calls,
            seconds=seconds,
            functions=defined,
        )
    problem = _problem(report.get("error"), limits)
    return failed(
        problem,
        seconds=seconds,
        stdout=stdout,
        result=grid,
        output_truncated=truncated,
        functions=defined,
    )


def _text(value: object, limit: int = 300) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _problem(data: object, limits: dict[str, Any]) -> Problem:
    """A :class:`Problem` from the child's report, checking every field (untrusted)."""
    if not isinstance(data, dict):
        return Problem("crash", message="no error details", details=limits)
    kind = data.get("kind") if data.get("kind") in _KINDS else "crash"
    line = data.get("line")
    names = data.get("names")
    details = data.get("details")
    clean: dict[str, Any] = dict(limits)
    if isinstance(details, dict):
        for key, value in list(details.items())[:10]:
            if isinstance(key, str) and isinstance(value, str | int):
                clean[key[:30]] = value[:60] if isinstance(value, str) else value
    return Problem(
        kind=kind,
        type=_text(data.get("type"), 60),
        message=_text(data.get("message")),
        line=line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else None,
        name=_text(data.get("name"), 60),
        names=tuple(n[:60] for n in names[:300] if isinstance(n, str))
        if isinstance(names, list)
        else (),
        details=clean,
    )


def _call_result(data: object, limits: dict[str, Any]) -> CallResult:
    if not isinstance(data, dict):
        msg = "bad call report"
        raise TypeError(msg)
    grid = Grid.from_json(data["grid"]) if data.get("grid") is not None else None
    error = data.get("error")
    return CallResult(
        function=_text(data.get("function"), 60),
        ok=data.get("ok") is True,
        value=data.get("value"),
        text=_text(data.get("repr"), 200),
        grid=grid,
        missing=data.get("missing") is True,
        problem=_problem(error, limits) if error is not None else None,
    )

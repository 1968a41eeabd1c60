"""Running a pupil's program safely: :func:`run_code`.

The trainer's laptop runs the code of the whole class, so a program must never harm the
laptop, the app or another pupil's work. Each run happens in a **separate, fresh
process** (``python -I -S -B _runner.py``: isolated mode, no site-packages, no
bytecode files), never in the app's interpreter, and each process is used for exactly
one run. Data goes in and out as JSON; the app never unpickles anything from a child.

Layers, from the outside in:

1. **The process** (parent side, here): a scrubbed environment; an empty temporary
   working folder, removed afterwards; a new session (``start_new_session=True``), so
   the whole process group is killed with ``os.killpg`` when the run ends, whether it
   finished or not; a wall-clock timeout; output read with a cap (64 KB / 2,000 lines,
   then cut with a note); at most :data:`MAX_PARALLEL` runs at once, so 30 pupils
   pressing Run together queue for a moment instead of starving the app; children run
   at a lower priority (``nice 10``).
2. **Resource limits** (child side, set by the runner itself before any pupil code
   exists, never with ``preexec_fn``, which is unsafe in the threaded Streamlit
   server): ``RLIMIT_CPU`` (timeout + 1 s), ``RLIMIT_AS`` and ``RLIMIT_DATA`` (the
   interpreter's own size + ``memory_mb``), ``RLIMIT_FSIZE`` 1 MB, ``RLIMIT_NOFILE``
   16, ``RLIMIT_NPROC`` 0, ``RLIMIT_CORE`` 0, ``RLIMIT_STACK`` 16 MB, ``RLIMIT_MEMLOCK``
   0. ``RLIMIT_AS`` is safe here because the child never loads numpy or OpenBLAS
   (``-S`` and the import allow-list keep it pure Python), so there are no large
   thread-stack reservations to trip over. When the app runs as root, the child drops
   to ``nobody`` after setting its limits: ``RLIMIT_NPROC`` is per user and not
   enforced for root, and a root child could raise its own hard limits again.
3. **The program** (child side): the syntax tree is checked first (no ``__dunder__``
   names, no ``_private``, frame, generator or code attributes, imports only of
   ``math``, ``random`` and ``grid``); the namespace has a short list of safe
   built-ins (no ``open``, ``eval``, ``exec``, ``getattr``, ``type``, ``input`` ...).
   This is not the security boundary (source filtering never is), it only gives
   friendly, early messages and closes the easy doors.
4. **The audit hook** (child side, ``sys.addaudithook``, cannot be removed): once the
   pupil's program starts, every audited event is refused except the program's own
   ``exec``, ``builtins.id`` and read-only ``open`` inside the run's folder. A refusal
   ends the process at once. That covers ``open`` (also via ``io``, ``pathlib``,
   ``os.open``), ``os.system``, ``subprocess``, ``os.fork``, ``os.exec*``, ``os.kill``,
   ``socket``, ``ctypes``, ``signal`` tricks through ``os``, new imports, ``gc``,
   ``sys._getframe`` and ``__code__``/frame/generator internals.

What is left: a pupil who breaks out of layer 3 can still crash their own process,
print to the report pipe (so fake their own result), or waste their own CPU time.
Nothing of that reaches the laptop, the app, or another pupil.

Windows (no ``resource``, no ``os.killpg``, no ``nobody``)
----------------------------------------------------------
Still in place: the separate process per run, the wall-clock timeout (the child is
killed with ``TerminateProcess``), the output cap, the scrubbed environment and empty
folder, the syntax-tree check, the safe built-ins, the import allow-list and the audit
hook (which also refuses ``subprocess.Popen`` and ``_winapi.CreateProcess``). Weaker:
no memory limit (a program that allocates a lot can make the laptop swap until the
timeout kills it, 3 s by default), no CPU-time limit apart from the wall clock, no file
size or open-file limits, no lower priority, and only the child itself is killed, not a
process tree (the audit hook is what stops it from starting other processes). The
child runs as the same user as the app. Use Linux or macOS for a shared trainer laptop
where you can.

Speed
-----
A small pool of pre-started workers (:func:`warm_up`, default two) hides the ~40 ms
interpreter start-up; each worker waits for exactly one job and is then thrown away,
and the pool is refilled in the background. ``python -m workshop_app.bench coding``
measures it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from workshop_app.coding.friendly import Place, Problem, Tier, explain, match
from workshop_app.coding.grid import Grid, blank
from workshop_app.errors import CodeRunError

RUNNER = Path(__file__).with_name("_runner.py")
RESULT_MARK = b"\x1eRESULT "

MAX_OUTPUT_BYTES = 64 * 1024
MAX_OUTPUT_LINES = 2000
MAX_SOURCE_CHARS = 20_000
MAX_REPORT_BYTES = 4 * 1024 * 1024
MAX_CALLS = 10
MAX_PARALLEL = max(4, 2 * (os.cpu_count() or 1))
"""Programs running at the same time; more wait for a free place (their timeout starts
only when they start)."""

DEFAULT_POOL_SIZE = 2
NOBODY = (65534, 65534)
NICE = 10
POSIX = os.name == "posix"
OUTPUT_NOTE = "... (output cut short: more than {lines:,} lines or {kb} KB)"
_KINDS = frozenset(
    {"syntax", "blank", "forbidden", "exception", "memory", "output", "timeout"}
    | {"refused", "crash", "internal"}
)


# --- what goes in and what comes out -------------------------------------------------


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


# --- the public call -------------------------------------------------------------------


def run_code(
    source: str,
    *,
    task_input: Grid | TaskInput | None = None,
    timeout_s: float = 3.0,
    memory_mb: int = 256,
) -> RunResult:
    """Run a pupil's program in a fresh sandboxed process and report what happened.

    Parameters
    ----------
    source
        The program, as the pupil wrote it.
    task_input
        The grid the program sees as ``width``, ``height``, ``get`` and ``set`` (a
        :class:`~workshop_app.coding.grid.Grid`, or a :class:`TaskInput` with function
        calls to make afterwards). Default: a blank black 8x8 grid.
    timeout_s
        Wall-clock seconds the program may run (0.1 to 60).
    memory_mb
        Memory the program may use on top of the interpreter (16 to 4096 MB; Unix
        only).

    Returns
    -------
    RunResult
        Never raises for anything the program does.

    Raises
    ------
    CodeRunError
        When no process could be started (the machine is out of processes, or every
        place has been busy for a minute).
    """
    if not isinstance(source, str):
        msg = f"source must be text, not {type(source).__name__}"
        raise TypeError(msg)
    if not 0.1 <= timeout_s <= 60:
        msg = f"timeout_s must be from 0.1 to 60, not {timeout_s}"
        raise ValueError(msg)
    if not 16 <= memory_mb <= 4096:
        msg = f"memory_mb must be from 16 to 4096, not {memory_mb}"
        raise ValueError(msg)
    if task_input is None:
        task_input = TaskInput(blank(8))
    elif isinstance(task_input, Grid):
        task_input = TaskInput(task_input)
    if len(task_input.calls) > MAX_CALLS:
        msg = f"at most {MAX_CALLS} calls per run"
        raise ValueError(msg)
    if len(source) > MAX_SOURCE_CHARS:
        problem = Problem("syntax", message="program too long", details=_limits(timeout_s))
        return _failed(problem, seconds=0.0)
    return _execute(source, task_input, timeout_s, memory_mb, check_tree=True)


def warm_up(pool_size: int | None = None) -> None:
    """Start the pool of pre-started workers now (the app calls this at start-up).

    ``pool_size`` changes the number of idle workers kept ready (0 turns the pool off).
    After :func:`shutdown`, this starts the pool again.
    """
    _POOL.reopen()
    if pool_size is not None:
        _POOL.resize(pool_size)
    _POOL.refill()


def shutdown() -> None:
    """Stop the idle workers and remove their folders (also done at exit)."""
    _POOL.close()


# --- running ---------------------------------------------------------------------------


def _limits(timeout_s: float) -> dict[str, Any]:
    return {"seconds": timeout_s, "max_lines": MAX_OUTPUT_LINES}


def _failed(problem: Problem, *, seconds: float, stdout: str = "", **extra: Any) -> RunResult:
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


def _execute(
    source: str, task_input: TaskInput, timeout_s: float, memory_mb: int, *, check_tree: bool
) -> RunResult:
    job = {
        "source": source,
        "grid": task_input.grid.to_json(),
        "calls": [{"function": c.function, "args": _plain_args(c.args)} for c in task_input.calls],
        "cpu_seconds": math.ceil(timeout_s),
        "memory_mb": memory_mb,
        "max_bytes": MAX_OUTPUT_BYTES,
        "max_lines": MAX_OUTPUT_LINES,
        "check_tree": check_tree,
        "nice": NICE if POSIX else 0,
        "drop_to": list(NOBODY) if POSIX and os.geteuid() == 0 else None,
    }
    line = (json.dumps(job) + "\n").encode()
    if not _SLOTS.acquire(timeout=60):
        msg = "no free place to run a program for 60 s"
        raise CodeRunError(msg, cause="too-many-programs")
    try:
        worker, warm = _POOL.take()
        try:
            return _drive(worker, warm, line, timeout_s)
        finally:
            worker.close()
    finally:
        _SLOTS.release()


def _plain_args(args: tuple[Any, ...]) -> list[Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, tuple | list):
            return [plain(item) for item in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        msg = f"call arguments must be plain data, not {type(value).__name__}"
        raise TypeError(msg)

    return [plain(arg) for arg in args]


class _Reader(threading.Thread):
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


def _drive(worker: _Worker, warm: bool, job: bytes, timeout_s: float) -> RunResult:
    started = time.monotonic()
    proc = worker.proc
    assert proc.stdout is not None
    assert proc.stderr is not None
    assert proc.stdin is not None
    out = _Reader(proc.stdout, MAX_OUTPUT_BYTES, 4 * MAX_OUTPUT_BYTES, worker.kill)
    err = _Reader(proc.stderr, MAX_REPORT_BYTES, 2 * MAX_REPORT_BYTES, worker.kill)
    out.start()
    err.start()
    with contextlib.suppress(OSError):
        proc.stdin.write(job)
        proc.stdin.close()
    # A cold worker still has to start Python; give it that time on top of the limit.
    deadline = started + timeout_s + (0.25 if warm else 2.0)
    for reader in (err, out):
        reader.join(max(0.0, deadline - time.monotonic()))
    finished = not (err.is_alive() or out.is_alive())
    worker.kill()  # the whole group, before the child is reaped: leftovers die too
    out.join(5)
    err.join(5)
    try:
        returncode = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        returncode = None
    seconds = time.monotonic() - started
    return _outcome(out, err, finished, returncode, timeout_s, seconds)


def _stdout_text(out: _Reader, cut: bool) -> tuple[str, bool]:
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


def _outcome(
    out: _Reader,
    err: _Reader,
    finished: bool,
    returncode: int | None,
    timeout_s: float,
    seconds: float,
) -> RunResult:
    report = _report(err.data) if not err.flooded else None
    truncated = bool(report.get("truncated")) if report else False
    stdout, truncated = _stdout_text(out, truncated or out.flooded)
    limits = _limits(timeout_s)
    if report is None:
        if out.flooded:
            problem = Problem("output", details=limits)
        elif not finished or (POSIX and returncode == -signal.SIGXCPU):
            problem = Problem("timeout", details=limits)
        else:
            problem = Problem("crash", message=f"exit code {returncode}", details=limits)
        return _failed(problem, seconds=seconds, stdout=stdout, output_truncated=truncated)
    status = report.get("status")
    if status == "refused":
        details = limits | {"event": _text(report.get("event"))}
        problem = Problem("refused", message=_text(report.get("detail")), details=details)
        return _failed(problem, seconds=seconds, stdout=stdout, output_truncated=truncated)
    try:
        grid = Grid.from_json(report["grid"]) if "grid" in report else None
        calls = tuple(_call_result(item, limits) for item in report.get("calls", ())[:MAX_CALLS])
    except (ValueError, TypeError, KeyError):
        problem = Problem("crash", message="unreadable report", details=limits)
        return _failed(problem, seconds=seconds, stdout=stdout)
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
    return _failed(
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


# --- workers and the pool --------------------------------------------------------------


def _environment() -> dict[str, str]:
    if POSIX:
        return {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    return {"SYSTEMROOT": os.environ.get("SYSTEMROOT", r"C:\Windows")}


class _Worker:
    """One fresh child process, waiting for its one job, with its own empty folder."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="codelab-")
        try:
            if POSIX and os.geteuid() == 0:
                os.chown(self.folder, *NOBODY)
            options: dict[str, Any] = (
                {"start_new_session": True}
                if POSIX
                else {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
            )
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-B", str(RUNNER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=0,
                cwd=self.folder,
                env=_environment(),
                close_fds=True,
                **options,
            )
        except OSError as error:
            shutil.rmtree(self.folder, ignore_errors=True)
            msg = f"could not start a sandbox process: {error}"
            raise CodeRunError(msg) from error
        self._closed = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Kill the worker's whole process group (Windows: the worker itself)."""
        with contextlib.suppress(OSError):
            if POSIX:
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                self.proc.kill()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.proc.returncode is None:
            self.kill()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


class _Pool:
    """Pre-started workers, each used once; refilled in the background."""

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._refilling = False
        self._closed = False

    def reopen(self) -> None:
        with self._lock:
            self._closed = False

    def resize(self, size: int) -> None:
        with self._lock:
            self.size = max(0, size)
            extra = self._idle[self.size :]
            del self._idle[self.size :]
        for worker in extra:
            worker.close()

    def take(self) -> tuple[_Worker, bool]:
        """A worker for one job, and whether it was already started (warm)."""
        warm = None
        stale: list[_Worker] = []
        with self._lock:
            while self._idle and warm is None:
                worker = self._idle.pop(0)
                if worker.alive():
                    warm = worker
                else:
                    stale.append(worker)
        for worker in stale:
            worker.close()
        self.refill()
        return (warm, True) if warm is not None else (_Worker(), False)

    def refill(self) -> None:
        with self._lock:
            if self._closed or self._refilling or len(self._idle) >= self.size:
                return
            self._refilling = True
        threading.Thread(target=self._fill, name="codelab-pool", daemon=True).start()

    def _fill(self) -> None:
        try:
            while True:
                with self._lock:
                    if len(self._idle) >= self.size:
                        return
                try:
                    worker = _Worker()
                except CodeRunError:
                    return
                with self._lock:
                    if not self._closed and len(self._idle) < self.size:
                        self._idle.append(worker)
                        continue
                worker.close()
                return
        finally:
            with self._lock:
                self._refilling = False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


def _pool_size() -> int:
    try:
        return int(os.environ.get("WORKSHOP_CODELAB_POOL", DEFAULT_POOL_SIZE))
    except ValueError:
        return DEFAULT_POOL_SIZE


_POOL = _Pool(_pool_size())
_SLOTS = threading.BoundedSemaphore(MAX_PARALLEL)
atexit.register(shutdown)

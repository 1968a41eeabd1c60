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

Where the code is
-----------------
Here: the public calls, and running one program (the places, the job, the wall-clock
timeout, the kill of the group). :mod:`~workshop_app.coding.workers` starts the child
processes (environment, folder, session) and keeps the pool;
:mod:`~workshop_app.coding.reports` reads what a child sends back (the output cap, the
untrusted report); :mod:`~workshop_app.coding.limits` has the numbers;
:mod:`~workshop_app.coding.runs` what goes in and comes out. ``_runner.py`` is the child
side (layers 2 to 4).

Speed
-----
A small pool of pre-started workers (:func:`warm_up`, default two) hides the ~40 ms
interpreter start-up (see :mod:`~workshop_app.coding.workers`). ``python -m
workshop_app.bench coding`` measures it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import subprocess
import threading
import time
from typing import Any

from workshop_app.coding.friendly import Problem
from workshop_app.coding.grid import Grid, blank
from workshop_app.coding.limits import (
    MAX_CALLS,
    MAX_OUTPUT_BYTES,
    MAX_OUTPUT_LINES,
    MAX_PARALLEL,
    MAX_REPORT_BYTES,
    MAX_SOURCE_CHARS,
    NICE,
    NOBODY,
    POSIX,
)
from workshop_app.coding.reports import PipeReader, failed, limit_details, outcome
from workshop_app.coding.runs import RunResult, TaskInput
from workshop_app.coding.workers import Pool, Worker, pool_size
from workshop_app.errors import CodeRunError

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
        problem = Problem("syntax", message="program too long", details=limit_details(timeout_s))
        return failed(problem, seconds=0.0)
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


def _drive(worker: Worker, warm: bool, job: bytes, timeout_s: float) -> RunResult:
    started = time.monotonic()
    proc = worker.proc
    assert proc.stdout is not None
    assert proc.stderr is not None
    assert proc.stdin is not None
    out = PipeReader(proc.stdout, MAX_OUTPUT_BYTES, 4 * MAX_OUTPUT_BYTES, worker.kill)
    err = PipeReader(proc.stderr, MAX_REPORT_BYTES, 2 * MAX_REPORT_BYTES, worker.kill)
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
    return outcome(out, err, finished, returncode, timeout_s, seconds)


_POOL = Pool(pool_size())
_SLOTS = threading.BoundedSemaphore(MAX_PARALLEL)
atexit.register(shutdown)

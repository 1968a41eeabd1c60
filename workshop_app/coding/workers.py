"""The sandbox's child processes: a :class:`Worker` per run, a :class:`Pool` of pre-started ones.

A worker is one fresh ``python -I -S -B _runner.py`` process with its own empty
temporary folder (given to ``nobody`` when the app runs as root), a scrubbed
environment and a new session (Windows: a new process group), so that
:meth:`Worker.kill` ends its whole process group; :meth:`Worker.close` also removes its
folder. Why each of these matters: the layers in :mod:`~workshop_app.coding.sandbox`.

Speed
-----
A small pool of pre-started workers (:func:`~workshop_app.coding.sandbox.warm_up`,
default two) hides the ~40 ms interpreter start-up; each worker waits for exactly one
job and is then thrown away, and the pool is refilled in the background. ``python -m
workshop_app.bench coding`` measures it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from workshop_app.coding.limits import NOBODY, POSIX
from workshop_app.errors import CodeRunError

RUNNER = Path(__file__).with_name("_runner.py")

DEFAULT_POOL_SIZE = 2


def _environment() -> dict[str, str]:
    if POSIX:
        return {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    return {"SYSTEMROOT": os.environ.get("SYSTEMROOT", r"C:\Windows")}


class Worker:
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


class Pool:
    """Pre-started workers, each used once; refilled in the background."""

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._idle: list[Worker] = []
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

    def take(self) -> tuple[Worker, bool]:
        """A worker for one job, and whether it was already started (warm)."""
        warm = None
        stale: list[Worker] = []
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
        return (warm, True) if warm is not None else (Worker(), False)

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
                    worker = Worker()
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


def pool_size() -> int:
    """Idle workers to keep: ``WORKSHOP_CODELAB_POOL``, else :data:`DEFAULT_POOL_SIZE`."""
    try:
        return int(os.environ.get("WORKSHOP_CODELAB_POOL", DEFAULT_POOL_SIZE))
    except ValueError:
        return DEFAULT_POOL_SIZE

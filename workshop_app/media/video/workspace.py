"""A pupil's private temporary folder for clips and films, deleted with the session."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Protocol, TypeVar

__all__ = ["Cancellable", "Workspace"]


class Cancellable(Protocol):
    """Work that can be stopped from another thread (a film being made)."""

    def cancel(self) -> None: ...


_Work = TypeVar("_Work", bound=Cancellable)


class Workspace:
    """A pupil's private temporary folder for clips and films, deleted with the session.

    The folder is made readable by this user only, files get random names (never a
    pupil's), and the folder is deleted by :meth:`close`, when the workspace is garbage
    collected (the pupil's session ended), or when the app stops; films still being made
    for it (:meth:`cancel_on_close`) are stopped then too.
    """

    def __init__(self, *, prefix: str = "workshop-film-") -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        # Weak references: a finished film's job may be forgotten before the workspace.
        self._jobs: list[weakref.ref[Cancellable]] = []
        self._finalizer = weakref.finalize(self, _close_workspace, self.folder, self._jobs)

    def cancel_on_close(self, job: _Work) -> _Work:
        """Stop ``job`` when the workspace closes: nobody is left to watch the film."""
        self._jobs.append(weakref.ref(job))
        return job

    def new_file(self, suffix: str) -> Path:
        """A new, unused path in the folder (the file is not created)."""
        return self.folder / f"{secrets.token_hex(8)}{suffix}"

    def save(self, data: bytes, suffix: str) -> Path:
        """``data`` written to a new file in the folder; returns its path."""
        path = self.new_file(suffix)
        path.write_bytes(data)
        return path

    def discard(self, *paths: Path | None) -> None:
        """Delete files of this workspace (a clip or film replaced by a new one); other
        files, such as a shipped practice clip, are left alone."""
        for path in paths:
            if path is not None and path.parent == self.folder:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        """Delete the folder and everything in it."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive


def _close_workspace(folder: Path, jobs: list[weakref.ref[Cancellable]]) -> None:
    # A module function, not a method: the finalizer must not hold the workspace alive.
    for job_ref in jobs:
        job = job_ref()
        if job is not None:
            job.cancel()
    shutil.rmtree(folder, ignore_errors=True)

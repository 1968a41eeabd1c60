"""Films made in background threads that outlive a page's reruns, one at a time.

A :class:`FilmJob` runs :func:`~workshop_app.studio.film.make_film` in its own thread,
so the film carries on while Streamlit reruns the page; the page polls its state and
progress, and can cancel it. Films take turns, first come first served,
:data:`FILM_SLOTS` at once on the machine: one film keeps both cores busy.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from pathlib import Path
from typing import Literal

from workshop_app.errors import MediaError, WorkshopError
from workshop_app.imaging.images import RGBImage
from workshop_app.media.video.ffmpeg import FilmFormat
from workshop_app.media.video.probe import MAX_SECONDS, ClipInfo
from workshop_app.studio.film import FILM_WORKERS, FilmResult, make_film
from workshop_app.studio.keying import KeyingSettings

__all__ = ["FILM_SLOTS", "FILM_WORKERS", "FilmJob", "JobState"]

log = logging.getLogger(__name__)

FILM_SLOTS = 1
"""Films made at once on this machine: one film keeps both cores busy, so more at once
only makes each slower; the others wait their turn."""

JobState = Literal["waiting", "running", "done", "cancelled", "failed"]


class _Turns:
    """Films take turns, first come first served, :data:`FILM_SLOTS` at once."""

    def __init__(self, slots: int) -> None:
        self._changed = threading.Condition()
        self._waiting: deque[object] = deque()
        self._running = 0
        self._slots = slots

    def wait(self, job: object, cancel: threading.Event) -> bool:
        """Wait for ``job``'s turn; ``False`` if it was cancelled while waiting."""
        with self._changed:
            self._waiting.append(job)
            try:
                while self._waiting[0] is not job or self._running >= self._slots:
                    if cancel.is_set():
                        return False
                    # A timeout, so a cancel is seen even if nobody notifies.
                    self._changed.wait(0.2)
                self._running += 1
                return True
            finally:
                self._waiting.remove(job)
                self._changed.notify_all()

    def done(self) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()

    def ahead_of(self, job: object) -> int:
        """How many films are being made or waiting before ``job`` (0 once it runs)."""
        with self._changed:
            if job not in self._waiting:
                return 0
            return self._running + self._waiting.index(job)


_turns = _Turns(FILM_SLOTS)


class FilmJob:
    """One film being made in a background thread, so it carries on while the page
    reruns; the page polls :attr:`state` and :meth:`progress`.

    Films take turns, first come first served, :data:`FILM_SLOTS` at once (``state`` is
    ``"waiting"``, and :meth:`films_ahead` says how many are before it, until
    then). :meth:`cancel` stops a waiting or running film; its part file is deleted.

    Parameters
    ----------
    clip, background, out_path, settings, format, max_seconds
        As for :func:`~workshop_app.studio.film.make_film`.
    """

    def __init__(
        self,
        clip: ClipInfo,
        *,
        background: RGBImage | ClipInfo,
        out_path: Path,
        settings: KeyingSettings,
        format: FilmFormat = "mp4",
        max_seconds: float = MAX_SECONDS,
    ) -> None:
        self.clip = clip
        self.out_path = out_path
        self.format = format
        self.result: FilmResult | None = None
        self.error: WorkshopError | None = None
        self._state: JobState = "waiting"
        self._progress = (0, clip.frame_count(max_seconds), None)
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._arguments = {
            "background": background,
            "out_path": out_path,
            "settings": settings,
            "format": format,
            "max_seconds": max_seconds,
        }
        # A daemon thread: a film still being made never keeps the app from stopping.
        self._thread = threading.Thread(target=self._run, name="film-job", daemon=True)

    def start(self) -> FilmJob:
        self._thread.start()
        return self

    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def finished(self) -> bool:
        return self.state in ("done", "cancelled", "failed")

    def progress(self) -> tuple[int, int, float | None]:
        """``(frames_done, frames_total, seconds_left)``."""
        with self._lock:
            return self._progress

    def films_ahead(self) -> int:
        """How many other films are made before this one starts (0 once it runs)."""
        return _turns.ahead_of(self)

    def cancel(self) -> None:
        """Stop the film (a no-op once it is finished)."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the film to finish; ``True`` if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _set(self, **values: object) -> None:
        with self._lock:
            for name, value in values.items():
                setattr(self, name, value)

    def _on_progress(self, done: int, total: int, seconds_left: float | None) -> None:
        self._set(_progress=(done, total, seconds_left))

    def _run(self) -> None:
        # Never let an error escape the thread: the page shows self.error instead.
        try:
            if not _turns.wait(self, self._cancel):
                self._set(_state="cancelled")
                return
            try:
                if self._cancel.is_set():
                    self._set(_state="cancelled")
                    return
                self._set(_state="running")
                result = make_film(
                    self.clip,
                    on_progress=self._on_progress,
                    cancel=self._cancel,
                    **self._arguments,  # type: ignore[arg-type]
                )
            finally:
                _turns.done()
        except WorkshopError as error:
            log.warning("film failed: %s", error)
            self._set(error=error, _state="failed")
        except Exception as error:
            log.exception("film failed unexpectedly")
            self._set(error=MediaError(str(error), cause="film-failed"), _state="failed")
        else:
            state: JobState = "cancelled" if result is None else "done"
            self._set(result=result, _state=state)

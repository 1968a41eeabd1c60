"""Short green-screen films: a pupil's clip keyed frame by frame onto a new background.

The pipeline, for one film::

    clip --ffmpeg--> RGB frames --key + composite--> RGB frames --ffmpeg--> film
                      (decoder)      (Python threads)               (encoder)
    background clip --ffmpeg--> RGB frames (looped)       audio of the clip ----^

- :func:`find_screen_key` finds the screen colour once, on the first frames, so every
  frame of the film is keyed with the same settings.
- :func:`make_film` runs the pipeline: one ``ffmpeg`` decodes to ``rgb24`` on a pipe
  (scaled to at most :data:`~workshop_app.media.video.probe.WORK_SIZE`, 1280x720, and at
  most :data:`~workshop_app.media.video.probe.MAX_FPS` frames a second), Python keys and
  composites each frame, a second ``ffmpeg`` encodes H.264 MP4 or VP9 WebM from a pipe
  and takes the sound from the original clip. Decoding, keying and encoding overlap
  (a reading thread, a pool of keying threads and separate processes), so both cores
  work.

Reading clips and running ffmpeg are :mod:`workshop_app.media.video`'s: it reads only
local MP4/MOV and Matroska/WebM files, and films carry no metadata. Films wait their turn
in :mod:`workshop_app.studio.jobs`.
"""

from __future__ import annotations

import logging
import queue
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from workshop_app.errors import ImageError, MediaError, NoScreenError
from workshop_app.imaging.greenscreen import chroma_key, composite
from workshop_app.imaging.images import RGBImage
from workshop_app.imaging.layers import cover
from workshop_app.media.video.ffmpeg import (
    FilmFormat,
    decode_command,
    encode_command,
    error_text,
    iter_frames,
    preview_frame,
    start_ffmpeg,
    stop_ffmpeg,
    to_yuv,
)
from workshop_app.media.video.probe import MAX_SECONDS, ClipInfo, as_clip
from workshop_app.studio.keying import RGB, KeyingSettings, Screen, screen_colour

__all__ = [
    "FILM_WORKERS",
    "MIME",
    "FilmResult",
    "FilmTimes",
    "ProgressCallback",
    "find_screen_key",
    "make_film",
]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, float | None], None]
"""``on_progress(frames_done, frames_total, seconds_left)``; ``seconds_left`` is ``None``
until there is enough to estimate it."""

FILM_WORKERS = 2
"""Threads keying frames at once. The keyer spends most of its time in OpenCV and
numpy, which let other threads run, so two keep both cores busy while ffmpeg decodes
and encodes in its own processes."""

_STALL_SECONDS = 30.0
"""No frame from the decoder for this long means it is stuck."""
_FINISH_SECONDS = 120.0
"""Longest wait for a decoder or encoder to end once the frames are all through."""

MIME: dict[FilmFormat, str] = {"mp4": "video/mp4", "webm": "video/webm"}


@dataclass(frozen=True)
class FilmTimes:
    """Where the time of one film went, in seconds (wall clock unless said otherwise).

    Attributes
    ----------
    total
        From start to the finished file.
    key, composite, convert
        Time spent in :func:`chroma_key`, :func:`composite` and converting to the
        encoder's YUV, summed over the keying threads (it can exceed ``total`` with more
        than one thread).
    waiting_for_decoder
        Time the keying loop waited for a decoded frame (the decoder was behind).
    waiting_for_encoder
        Time spent handing frames to the encoder (the encoder was behind).
    finishing
        From the last frame handed over to the finished file (the encoder's tail).
    """

    total: float
    key: float
    composite: float
    convert: float
    waiting_for_decoder: float
    waiting_for_encoder: float
    finishing: float


@dataclass(frozen=True)
class FilmResult:
    """A finished film.

    Attributes
    ----------
    path
        The film file.
    format
        ``"mp4"`` (H.264 and AAC) or ``"webm"`` (VP9 and Opus).
    frames
        Frames in the film.
    width, height
        Its picture size.
    fps
        Its frame rate.
    has_audio
        Whether it kept a sound track.
    frames_without_screen
        Frames in which no screen was found, kept as filmed.
    times
        Where the time went.
    """

    path: Path
    format: FilmFormat
    frames: int
    width: int
    height: int
    fps: Fraction
    has_audio: bool
    frames_without_screen: int
    times: FilmTimes

    @property
    def seconds(self) -> float:
        return float(self.frames / self.fps)

    @property
    def mime(self) -> str:
        return MIME[self.format]


def find_screen_key(
    clip: ClipInfo | str | Path, *, screen: Screen = "auto", frame: RGBImage | None = None
) -> RGB:
    """The screen colour of ``clip``, found once for the whole film.

    Tries the first frame (or ``frame``, if given), then a few more in the first two
    seconds (a clip may start with a hand over the lens).

    Raises
    ------
    MediaError
        If no frame shows a green or blue screen (``cause="clip-no-screen"``), or
        ``screen`` says ``"green"`` and the clip's screen is blue, or the other way
        round (``cause="clip-wrong-screen"``, details ``screen`` and ``found``).
    """
    clip = as_clip(clip)
    times = [0.5, 1.0, 1.5, 2.0]
    candidates: list[RGBImage | float] = [frame if frame is not None else 0.0, *times]
    for candidate in candidates:
        if isinstance(candidate, float):
            if candidate >= clip.seconds:
                break
            candidate = preview_frame(clip, at_seconds=candidate)
        try:
            key = chroma_key(candidate).key
        except ImageError:  # this frame shows no screen: try the next one
            continue
        found = screen_colour(key)
        if screen != "auto" and found != screen:
            msg = f"{clip.path}: the lesson asks for a {screen} screen, found {key}"
            raise MediaError(msg, cause="clip-wrong-screen", screen=screen, found=found)
        return key
    msg = f"{clip.path}: no green or blue screen in its first two seconds"
    raise MediaError(msg, cause="clip-no-screen")


def make_film(
    clip: ClipInfo | str | Path,
    *,
    background: RGBImage | ClipInfo | str | Path,
    out_path: str | Path,
    settings: KeyingSettings | None = None,
    format: FilmFormat = "mp4",
    max_seconds: float = MAX_SECONDS,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    timeout: float | None = None,
    workers: int = FILM_WORKERS,
) -> FilmResult | None:
    """Key every frame of ``clip`` with the same settings onto ``background``; save a film.

    Parameters
    ----------
    clip
        The pupil's clip (a :class:`ClipInfo` or a path, probed here).
    background
        An RGB ``uint8`` picture (any size: it is scaled to cover the frame, and a
        ``1 x 1`` picture is a plain colour), or a background video, which loops.
    out_path
        Where the film goes; it is deleted again if the film is not finished.
    settings
        How to key (the same for every frame); the defaults find the screen colour on
        the first frames.
    format
        ``"mp4"``: H.264 and AAC (plays everywhere); ``"webm"``: VP9 and Opus.
    max_seconds
        Only the first ``max_seconds`` of the clip go into the film.
    on_progress
        Called after each frame with ``(frames_done, frames_total, seconds_left)``.
    cancel
        Set it (from another thread) to stop: the ffmpeg processes are killed, the part
        film is deleted, and ``None`` is returned.
    timeout
        Stop with a MediaError after this many seconds (default: 60 s plus 20 s for each
        second of film, far more than the slowest laptop needs).
    workers
        Threads keying frames at once (see :data:`FILM_WORKERS`).

    Returns
    -------
    FilmResult or None
        The film, or ``None`` if it was cancelled.

    Raises
    ------
    MediaError
        With a ``cause`` for the pupil's words: a bad clip or background video, no
        screen in the clip, no ffmpeg, a film that failed (``"film-failed"``) or took
        too long (``"film-too-slow"``).
    ImageError
        If the keyer refuses a setting: every frame would fail alike.
    """
    settings = settings or KeyingSettings()
    started = time.perf_counter()
    clip = as_clip(clip)
    seconds = min(clip.seconds, max_seconds)
    key = settings.key or find_screen_key(clip, screen=settings.screen)
    shape = clip.working_shape
    if isinstance(background, np.ndarray):  # covering the frame once, not for every frame
        still, background_clip = cover(background, size=shape), None
    else:
        still, background_clip = None, as_clip(background)
    plan = _Plan(
        clip=clip,
        out_path=Path(out_path),
        format=format,
        shape=shape,
        fps=clip.film_fps,
        seconds=seconds,
        total=clip.frame_count(max_seconds),
        settings=replace(settings, key=key),
        still=still,
        background_clip=background_clip,
        workers=workers,
        started=started,
        deadline=started + (timeout if timeout is not None else 60 + 20 * seconds),
    )
    return _FilmRun(plan, cancel=cancel or threading.Event(), on_progress=on_progress).run()


@dataclass(frozen=True)
class _Plan:
    """What one film is to be, worked out before any process starts: frames of
    ``shape`` (rows, cols), ``settings`` with the screen colour found, either a ``still``
    background already covering the frame or a ``background_clip``, ``workers`` keying
    threads, and ``deadline`` (a :func:`time.perf_counter` time)."""

    clip: ClipInfo
    out_path: Path
    format: FilmFormat
    shape: tuple[int, int]
    fps: Fraction
    seconds: float
    total: int
    settings: KeyingSettings
    still: RGBImage | None
    background_clip: ClipInfo | None
    workers: int
    started: float
    deadline: float


@dataclass
class _Clock:
    """Seconds spent in each part of the pipeline (and frames without a screen), added up
    from several threads."""

    key: float = 0.0
    composite: float = 0.0
    convert: float = 0.0
    frames_without_screen: int = 0
    waiting_for_decoder: float = 0.0
    waiting_for_encoder: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **amounts: float) -> None:
        with self.lock:
            for name, value in amounts.items():
                setattr(self, name, getattr(self, name) + value)


_END = object()
"""Put on the queue by the reading thread after the last frame."""
_NOTHING_YET = object()
"""No frame came in a short wait: the loop checks for a cancel and the time, and asks again."""


class _FilmRun:
    """One film being made: its processes, its reading thread and its keying threads.

    Three kinds of threads meet here. The *reading* thread (:meth:`_read_frames`) takes
    frames from the decoders' pipes and queues them; the calling thread (:meth:`run`)
    hands each to the *keying* pool (:meth:`_key_frame`) and writes the results to the
    encoder in order. Pipe reads, OpenCV and numpy release the GIL, so they overlap.
    """

    def __init__(
        self, plan: _Plan, *, cancel: threading.Event, on_progress: ProgressCallback | None
    ) -> None:
        self.plan = plan
        self.cancel = cancel
        self.on_progress = on_progress
        self.clock = _Clock()
        self.frames_in: queue.Queue[object] = queue.Queue(maxsize=4)  # little memory at 720p
        self.stop_reading = threading.Event()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.pool = ThreadPoolExecutor(
            max_workers=max(1, plan.workers), thread_name_prefix="film-key"
        )
        self.reader: threading.Thread | None = None
        self.last_input_at = 0.0
        self.first_done_at: float | None = None

    def run(self) -> FilmResult | None:
        """Make the film; ``None`` if it was cancelled. Everything started is stopped, and
        an unfinished film deleted, however it ends."""
        finished = False
        try:
            decoder, encoder = self._start_processes()
            done = self._key_all_frames(encoder)
            if done is None:
                return None
            last_handed = time.perf_counter()
            self._finish(decoder, encoder, done)
            finished = True
            ended = time.perf_counter()
            if self.on_progress is not None:
                self.on_progress(done, done, 0.0)
            return self._result(done, ended - last_handed, ended)
        finally:
            self._close(finished)

    # the processes and the reading thread

    def _start_processes(self) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
        """Start the decoders, the encoder and the reading thread: ``(decoder, encoder)``."""
        plan = self.plan
        decoder = self._start(
            decode_command(plan.clip, plan.shape, plan.fps, seconds=plan.seconds), stdin=False
        )
        behind = None
        if plan.background_clip is not None:
            behind = self._start(
                decode_command(plan.background_clip, plan.shape, plan.fps, cover=True, loop=True),
                stdin=False,
            )
        encoder = self._start(
            encode_command(
                plan.out_path,
                plan.shape,
                plan.fps,
                plan.format,
                audio_from=plan.clip if plan.clip.has_audio else None,
                seconds=plan.seconds,
            ),
            stdin=True,
        )
        self.reader = threading.Thread(
            target=self._read_frames, args=(decoder, behind), name="film-read", daemon=True
        )
        self.reader.start()
        return decoder, encoder

    def _start(self, command: list[str], *, stdin: bool) -> subprocess.Popen[bytes]:
        process = start_ffmpeg(command, stdin=stdin)
        self.processes.append(process)
        return process

    def _hand_over(self, item: object) -> bool:
        """Queue ``item`` for the keying loop, unless the film stopped meanwhile."""
        while not self.stop_reading.is_set():
            try:
                self.frames_in.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _read_frames(
        self, decoder: subprocess.Popen[bytes], behind: subprocess.Popen[bytes] | None
    ) -> None:
        """Queue ``(frame, background)`` pairs, then :data:`_END` (or the error).

        Runs in its own thread: pipe reads release the GIL, so decoding overlaps keying.
        """
        shape = (*self.plan.shape, 3)
        last_behind = self.plan.still
        try:
            backgrounds = iter_frames(behind, shape) if behind is not None else None
            for frame in iter_frames(decoder, shape):
                if backgrounds is not None:
                    last_behind = next(backgrounds, last_behind)  # holds its last frame
                    if last_behind is None:
                        msg = f"background {self.plan.background_clip.path} gave no frame"  # type: ignore[union-attr]
                        self._hand_over(MediaError(msg, cause="background-video-failed"))
                        return
                if not self._hand_over((frame, last_behind)):
                    return
        except Exception as error:  # handed to the keying loop, which raises it
            self._hand_over(error)
            return
        self._hand_over(_END)

    # keying, in order

    def _key_all_frames(self, encoder: subprocess.Popen[bytes]) -> int | None:
        """Key every frame in the pool and write them to ``encoder`` in order: the frames
        done, or ``None`` if cancelled. At most ``workers + 1`` frames are in the pool at
        once, so the keying threads never wait and memory stays small."""
        pending: deque[Future[NDArray[np.uint8]]] = deque()
        done = 0
        self.last_input_at = time.perf_counter()
        more = True
        while more or pending:
            if self.cancel.is_set():
                return None
            now = time.perf_counter()
            if now > self.plan.deadline:
                spent = now - self.plan.started
                msg = f"film of {self.plan.clip.path} not finished after {spent:.0f} s"
                raise MediaError(msg, cause="film-too-slow")
            if more and len(pending) <= self.plan.workers:
                item = self._take(now)
                if item is _END:
                    more = False
                elif item is not _NOTHING_YET:
                    frame, behind = item  # type: ignore[misc]
                    pending.append(self.pool.submit(self._key_frame, frame, behind))
                continue
            self._write(encoder, pending.popleft().result())
            done += 1
            self._report(done)
        return done

    def _take(self, asked_at: float) -> object:
        """The reading thread's next item, or :data:`_NOTHING_YET` after a short wait."""
        try:
            item = self.frames_in.get(timeout=0.25)
        except queue.Empty:
            self.clock.add(waiting_for_decoder=time.perf_counter() - asked_at)
            if time.perf_counter() - self.last_input_at > _STALL_SECONDS:
                msg = f"no frame from the decoder for {_STALL_SECONDS:g} s"
                raise MediaError(msg, cause="clip-damaged") from None
            return _NOTHING_YET
        self.last_input_at = time.perf_counter()
        self.clock.add(waiting_for_decoder=self.last_input_at - asked_at)
        if isinstance(item, BaseException):
            raise item
        return item

    def _key_frame(self, frame: RGBImage, behind: RGBImage) -> NDArray[np.uint8]:
        """One frame keyed, composited and converted for the encoder (in a pool thread)."""
        begun = time.perf_counter()
        try:
            keyed = self.plan.settings.key_photo(frame)
        except NoScreenError:
            # No screen in this frame (someone walked in front of the camera): keep the
            # frame as filmed rather than stopping the whole film. Any other ImageError
            # is a setting the keyer refuses: the whole film would fail alike, so it
            # goes up.
            self.clock.add(frames_without_screen=1)
            out, keyed_at = frame, time.perf_counter()
        else:
            keyed_at = time.perf_counter()
            out = composite(keyed, behind)
        composited_at = time.perf_counter()
        yuv = to_yuv(out)
        self.clock.add(
            key=keyed_at - begun,
            composite=composited_at - keyed_at,
            convert=time.perf_counter() - composited_at,
        )
        return yuv

    def _write(self, encoder: subprocess.Popen[bytes], yuv: NDArray[np.uint8]) -> None:
        """Hand one frame to the encoder (this waits while the encoder is behind)."""
        assert encoder.stdin is not None
        handed = time.perf_counter()
        try:
            encoder.stdin.write(yuv.data)
        except (BrokenPipeError, OSError) as error:
            encoder.wait(timeout=_FINISH_SECONDS)
            msg = f"the encoder stopped: {error_text(encoder)}"
            raise MediaError(msg, cause="film-failed") from error
        self.clock.add(waiting_for_encoder=time.perf_counter() - handed)

    def _report(self, done: int) -> None:
        if self.first_done_at is None:
            self.first_done_at = time.perf_counter()
        if self.on_progress is not None:
            total = self.plan.total
            self.on_progress(done, max(total, done), _seconds_left(self.first_done_at, done, total))

    # the end

    def _finish(
        self, decoder: subprocess.Popen[bytes], encoder: subprocess.Popen[bytes], done: int
    ) -> None:
        """Wait for the decoder and the encoder to end, and check the film was written."""
        assert encoder.stdin is not None
        clip, out_path = self.plan.clip, self.plan.out_path
        # The decoder first: it ends by itself once its last frame is read.
        decoded_ok = decoder.wait(timeout=_FINISH_SECONDS) == 0
        if done == 0:
            msg = f"no frame decoded from {clip.path}: {error_text(decoder)}"
            raise MediaError(msg, cause="clip-damaged")
        if not decoded_ok:  # the frames it gave are good: keep the film, tell the trainer
            log.warning("decoding %s ended with an error: %s", clip.path, error_text(decoder))
        encoder.stdin.close()
        try:
            code = encoder.wait(timeout=_FINISH_SECONDS)
        except subprocess.TimeoutExpired as error:
            msg = f"the encoder did not finish in {_FINISH_SECONDS:g} s"
            raise MediaError(msg, cause="film-too-slow") from error
        if code != 0 or not out_path.is_file() or out_path.stat().st_size == 0:
            msg = f"the encoder failed (exit {code}): {error_text(encoder)}"
            raise MediaError(msg, cause="film-failed")

    def _result(self, done: int, finishing: float, ended: float) -> FilmResult:
        plan, clock = self.plan, self.clock
        times = FilmTimes(
            total=ended - plan.started,
            key=clock.key,
            composite=clock.composite,
            convert=clock.convert,
            waiting_for_decoder=clock.waiting_for_decoder,
            waiting_for_encoder=clock.waiting_for_encoder,
            finishing=finishing,
        )
        rows, cols = plan.shape
        return FilmResult(
            plan.out_path,
            plan.format,
            done,
            cols,
            rows,
            plan.fps,
            plan.clip.has_audio,
            clock.frames_without_screen,
            times,
        )

    def _close(self, finished: bool) -> None:
        """Stop the reader, kill and reap every process, delete an unfinished film."""
        self.stop_reading.set()
        for process in self.processes:
            stop_ffmpeg(process)
        if self.reader is not None:
            self.reader.join(timeout=10)
        self.pool.shutdown(wait=True, cancel_futures=True)
        if not finished:
            self.plan.out_path.unlink(missing_ok=True)


def _seconds_left(first_done_at: float, done: int, total: int) -> float | None:
    """Time left at the pace since the first frame (which includes start-up)."""
    if done < 5:
        return None
    pace = (time.perf_counter() - first_done_at) / (done - 1)
    return max(0.0, pace * (total - done))

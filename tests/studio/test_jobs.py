"""Film jobs: made in the background, one at a time, cancellable, errors kept for the page."""

from __future__ import annotations

import threading
import time

import numpy as np

from tests.media.video.conftest import FRAMES, ffmpeg_children, needs_ffmpeg
from workshop_app.media.video.probe import probe_clip
from workshop_app.media.video.workspace import Workspace
from workshop_app.studio import jobs
from workshop_app.studio.jobs import FilmJob
from workshop_app.studio.keying import KeyingSettings
from workshop_app.ui.messages import MESSAGES, explain

pytestmark = needs_ffmpeg


def until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_job_runs_in_the_background_and_films_wait_their_turn(green, tmp_path):
    clip = probe_clip(green)
    settings = KeyingSettings()
    first = FilmJob(clip, background=np.zeros((4, 4, 3), np.uint8),
                    out_path=tmp_path / "a.mp4", settings=settings)  # fmt: skip
    second = FilmJob(clip, background=np.zeros((4, 4, 3), np.uint8),
                     out_path=tmp_path / "b.mp4", settings=settings)  # fmt: skip
    assert first.state == "waiting"
    release = threading.Event()
    first._on_progress = lambda *progress: release.wait(10)  # hold it at its first frame
    first.start()
    assert until(lambda: first.state == "running")
    second.start()
    assert until(lambda: second.films_ahead() == 1)  # it waits its turn
    assert second.state == "waiting"
    release.set()
    assert first.wait(60)
    assert second.wait(60)
    assert (first.state, second.state) == ("done", "done")
    assert first.result.frames == second.result.frames == FRAMES
    assert second.progress()[:2] == (FRAMES, FRAMES)
    assert second.films_ahead() == 0


def test_a_job_can_be_cancelled_and_reports_errors_kindly(green, tmp_path):
    clip = probe_clip(green)
    job = FilmJob(clip, background=np.zeros((4, 4, 3), np.uint8),
                  out_path=tmp_path / "a.mp4", settings=KeyingSettings())  # fmt: skip
    job.cancel()
    job.start()
    assert job.wait(30)
    assert job.state == "cancelled"
    assert job.result is None
    assert job.error is None
    assert not (tmp_path / "a.mp4").exists()

    failing = FilmJob(clip, background=tmp_path / "nothing.mp4",
                      out_path=tmp_path / "b.mp4", settings=KeyingSettings())  # fmt: skip
    failing.start()
    assert failing.wait(30)
    assert failing.state == "failed"
    assert failing.error.cause == "not-a-video"
    assert explain(failing.error) == MESSAGES["not-a-video"]


def test_an_unexpected_error_is_kept_as_a_failed_film(green, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(jobs, "make_film", broken)
    job = FilmJob(probe_clip(green), background=np.zeros((4, 4, 3), np.uint8),
                  out_path=tmp_path / "a.mp4", settings=KeyingSettings())  # fmt: skip
    job.start()
    assert job.wait(30)
    assert job.state == "failed"
    assert job.error.cause == "film-failed"
    assert explain(job.error) == (
        "Your film could not be made. Press Make my film again, or ask your trainer."
    )


def test_closing_a_workspace_stops_its_film(green):
    workspace = Workspace()
    cancel_seen = threading.Event()
    job = FilmJob(probe_clip(green), background=np.zeros((4, 4, 3), np.uint8),
                  out_path=workspace.new_file(".mp4"), settings=KeyingSettings())  # fmt: skip
    job._on_progress = lambda *progress: cancel_seen.wait(10)  # hold the film at frame 1
    workspace.cancel_on_close(job).start()
    workspace.close()
    cancel_seen.set()
    assert job.wait(30)
    assert job.state == "cancelled"
    assert not workspace.folder.exists()
    assert ffmpeg_children() == []

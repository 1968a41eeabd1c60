"""A pupil's private temporary folder: private, random names, deleted with the session."""

from __future__ import annotations

import threading

from workshop_app.media.video.workspace import Workspace


def test_workspace_keeps_files_private_and_deletes_them(tmp_path):
    workspace = Workspace()
    folder = workspace.folder
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    clip = workspace.save(b"clip", ".mp4")
    assert clip.parent == folder
    assert clip.read_bytes() == b"clip"
    assert "clip" not in clip.stem
    outside = tmp_path / "keep.mp4"
    outside.write_bytes(b"x")
    workspace.discard(clip, outside, None)
    assert not clip.exists()
    assert outside.exists()  # a shipped practice clip is never deleted
    workspace.save(b"film", ".mp4")
    del workspace  # the pupil's session ended
    assert not folder.exists()


class Work:
    def __init__(self) -> None:
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()


def test_closing_a_workspace_cancels_its_work_and_forgets_finished_work():
    workspace = Workspace()
    running, forgotten = Work(), Work()
    assert workspace.cancel_on_close(running) is running
    workspace.cancel_on_close(forgotten)
    del forgotten  # a finished film's job, dropped by the page
    workspace.close()
    assert running.cancelled.is_set()
    assert workspace.closed
    assert not workspace.folder.exists()
    workspace.close()  # twice is fine

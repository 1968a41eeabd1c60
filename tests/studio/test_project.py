"""The pupil's film project: kept as plain data, its files let go, a film made from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from workshop_app.media.album import make_photo
from workshop_app.media.photos import encode_jpeg
from workshop_app.media.video import ClipInfo, Workspace, probe_clip
from workshop_app.pupil_work import round_trip
from workshop_app.studio.keying import KeyingSettings
from workshop_app.studio.project import (
    OWN,
    FilmBackground,
    FilmProject,
    background_choices,
    background_source,
    chosen_background,
    start_film,
    take_film,
)

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="films need ffmpeg and ffprobe: `sudo apt-get install ffmpeg` (CI installs it)",
)


@pytest.fixture
def workspace():
    folder = Workspace()
    yield folder
    folder.close()


def a_picture():
    rng = np.random.default_rng(8)
    return make_photo(
        encode_jpeg(rng.integers(0, 255, (90, 160, 3), dtype=np.uint8)), source="upload"
    )


def test_the_choices_are_the_kits_pictures_and_moving_backgrounds_then_my_own():
    choices = background_choices(FilmProject())
    kinds = [choice.kind for choice in choices]
    assert kinds.index("video") > kinds.index("picture")
    assert "own" not in kinds
    assert FilmBackground("picture", "beach") in choices
    with_own = FilmProject(own_background=a_picture())
    assert background_choices(with_own)[-1] == OWN


def test_a_background_that_is_gone_falls_back_to_the_first():
    project = FilmProject(background=FilmBackground("picture", "no-such-picture"))
    assert chosen_background(project) == background_choices(project)[0]
    assert chosen_background(FilmProject(background=OWN)) != OWN  # no own background yet


def test_a_picture_background_is_film_sized_and_shared():
    picture = background_source(FilmProject())
    assert picture.dtype == np.uint8
    assert max(picture.shape[:2]) == 1280
    assert not picture.flags.writeable
    own = a_picture()
    assert background_source(FilmProject(own_background=own, background=OWN)) is own.preview


def test_a_project_with_a_picture_of_my_own_survives_a_round_trip(tmp_path):
    project = FilmProject(
        own_background=a_picture(),
        own_source="upload-1",
        background=OWN,
        keying=KeyingSettings(strength=70, key=(20, 200, 40)),
        format="webm",
    )
    again = round_trip(project)
    assert again.own_background.original == project.own_background.original
    assert again.but(own_background=None) == project.but(own_background=None)


@needs_ffmpeg
def test_a_project_with_a_clip_and_a_film_survives_a_round_trip(green, workspace):
    clip = probe_clip(green)
    project = FilmProject(clip=clip, clip_source="practice:x.mp4")
    job = start_film(project, workspace=workspace, max_seconds=1)
    assert job.wait(120)
    outcome = take_film(project, job)
    assert not outcome.stopped
    assert outcome.error is None
    assert outcome.project.result.path.is_file()
    assert round_trip(outcome.project) == outcome.project


@needs_ffmpeg
def test_a_new_clip_lets_the_old_clip_and_film_go_but_never_a_shipped_one(green, workspace):
    upload = workspace.save(Path(green).read_bytes(), ".mp4")
    project = FilmProject(clip=probe_clip(upload), clip_source="upload-1")
    job = start_film(project, workspace=workspace, max_seconds=1)
    assert job.wait(120)
    project = take_film(project, job).project
    film = project.result.path
    shipped = probe_clip(green)  # outside the workspace: a practice clip
    project = project.with_clip(shipped, "practice:green.mp4", workspace=workspace)
    assert not upload.exists()
    assert not film.exists()
    assert project.result is None
    project.with_clip(None, None, workspace=workspace)
    assert Path(green).exists()


@needs_ffmpeg
def test_a_stopped_film_says_so(green, workspace):
    project = FilmProject(clip=probe_clip(green))
    job = start_film(project, workspace=workspace, max_seconds=1)
    job.cancel()
    assert job.wait(60)
    outcome = take_film(project, job)
    assert outcome.stopped
    assert outcome.project.result is None


def test_a_project_without_a_clip_cannot_start(workspace):
    with pytest.raises(ValueError, match="no clip"):
        start_film(FilmProject(), workspace=workspace, max_seconds=5)


def test_an_own_video_background_replaced_is_deleted(workspace, tmp_path):
    old = workspace.save(b"x", ".mp4")
    video = ClipInfo(old, 1.0, 160, 120, 30, False, 1)
    project = FilmProject(own_background=video, own_source="a", background=OWN)
    project = project.with_own_background(a_picture(), "b", workspace=workspace)
    assert not old.exists()
    assert project.background == OWN
    assert project.own_source == "b"

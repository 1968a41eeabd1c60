"""The film studio: a short clip filmed in front of a green cloth, on a new background.

Widgets over :mod:`workshop_app.studio.project`: the pupil picks a clip (their own, or
the practice clip), a background (a picture, a moving background or their own), checks
the first frame with the three sliders, and presses Make my film. The film is made in a
background thread that carries on while the page reruns; a fragment polls it for the
progress bar, and the pupil can stop it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from workshop_app.errors import ImageError, WorkshopError
from workshop_app.imaging import RGBImage
from workshop_app.imaging.greenscreen import composite
from workshop_app.imaging.layers import cover
from workshop_app.lessons.model import FilmExercise
from workshop_app.media.clips import practice_clips
from workshop_app.media.video import MAX_SECONDS, WORK_SIZE, ClipInfo, preview_frame, probe_clip
from workshop_app.studio.film import find_screen_key
from workshop_app.studio.jobs import FilmJob
from workshop_app.studio.keying import RGB, screen_colour
from workshop_app.studio.project import (
    background_source,
    start_film,
    take_film,
)
from workshop_app.ui import state
from workshop_app.ui.film_parts import (
    CLIP_TYPES,
    background_gallery,
    film_progress,
    forget_film,
    show_film,
    take_upload,
)
from workshop_app.ui.messages import explain
from workshop_app.ui.widgets import kept_values, keyer_sliders, warm_keyer

FORMATS = {"mp4": "MP4 (plays everywhere)", "webm": "WebM (smaller, for web pages)"}


def render() -> None:
    warm_keyer()
    exercise = state.exercise_settings(FilmExercise)
    # Opened from the menu (no lesson step), a film can be as long as the kit allows.
    from_lesson = isinstance(state.opened_exercise(), FilmExercise)
    limit = exercise.max_seconds if from_lesson else MAX_SECONDS
    st.title("Make a green-screen film")
    job: FilmJob | None = state.running("film-job")
    if job is not None and job.finished:
        _collect(job)
        job = None
    project = state.film_project()
    next_step = st.empty()
    st.subheader("1. Your clip")
    if project.clip is None:
        _choose_clip(limit)
        next_step.info(
            "Film yourself in front of the green cloth, then upload the clip. "
            "No clip? Use the practice clip."
        )
        return
    clip = project.clip
    key = _screen_key(clip, exercise.screen)
    _clip_summary(clip, limit)
    if isinstance(key, WorkshopError):  # no screen in the clip: what to do, uploader open
        st.error(explain(key, ages=state.age_group()))
    with st.expander("Choose another clip", expanded=isinstance(key, WorkshopError)):
        _choose_clip(limit)
        if st.button("Delete my clip and film", key="film-delete-clip"):
            forget_film()
            state.save_film_project(
                state.film_project().with_clip(None, None, workspace=state.workspace())
            )
            st.rerun()
    if isinstance(key, WorkshopError):
        next_step.info("Next: film a new clip in front of the cloth, and upload it.")
        return

    st.subheader("2. Choose a background")
    background_gallery()
    st.subheader("3. Check your first frame")
    _first_frame(clip, key, exercise.screen)
    keyer_sliders("film", screen_colour(key))

    st.subheader("4. Make your film")
    rows, cols = clip.working_shape
    st.caption(
        f"Your film will be {cols} x {rows} pixels and {_seconds(min(clip.seconds, limit))} "
        f"long. Films are made at most {WORK_SIZE[1]} x {WORK_SIZE[0]} pixels, so they are quick."
    )
    state.restore_widget("film-format", project.format)
    st.radio(
        "Kind of film file",
        list(FORMATS),
        format_func=FORMATS.get,
        horizontal=True,
        key="film-format",
        disabled=job is not None,
    )
    if job is not None:
        next_step.info("Your film is being made. You can watch the bar fill up.")
        film_progress()
        return
    if st.button("Make my film", type="primary", width="stretch", key="film-make"):
        _start(limit)
        st.rerun()  # redraw the page as it is while the film is made (no button)
    if (note := state.take_flash("film-note")) is not None:
        st.info(note)
    if (failed := state.take_flash("film-failed")) is not None:
        st.error(explain(failed, ages=state.age_group()))
    result = state.film_project().result
    if result is not None and result.path.is_file():
        if show_film(result):
            forget_film()
            st.rerun()
        next_step.info("Your film is ready! Watch it, then download it.")
    else:
        next_step.info(
            "Next: choose a background, check your first frame, then press Make my film."
        )


# --- 1. the clip --------------------------------------------------------------------------


def _choose_clip(limit: int) -> None:
    upload_tab, practice_tab = st.tabs(["Upload a clip", "Practice clip"])
    with upload_tab:
        megabytes = st.get_option("server.maxUploadSize")
        upload = st.file_uploader(
            f"Choose a clip from this computer (up to {limit} seconds and {megabytes} MB)",
            type=CLIP_TYPES,
            # A new key empties the uploader once its clip is taken (or another chosen).
            key=f"film-upload-{state.running('film-uploads', 0)}",
        )
        if upload is not None and upload.file_id != state.film_project().clip_source:
            take_upload(upload, _use_clip, clip_types=CLIP_TYPES)
    with practice_tab:
        st.caption("No camera? Practise with this clip of a pupil in front of a green cloth.")
        for sample in practice_clips():
            if st.button(
                f"Use the practice clip: {sample.title}",
                key=f"film-practice-{sample.path.stem}",
                width="stretch",
            ):
                _use_clip(sample.path, f"practice:{sample.path.name}")


def _use_clip(path: Path, source: str) -> None:
    """Probe ``path`` and make it the pupil's clip (raises MediaError if it is bad)."""
    with st.spinner("Opening your clip..."):
        clip = probe_clip(path)
    forget_film()
    project = state.film_project().with_clip(clip, source, workspace=state.workspace())
    state.save_film_project(project)
    state.keep_running("film-uploads", state.running("film-uploads", 0) + 1)
    st.rerun()  # straight on to the next step


def _clip_summary(clip: ClipInfo, limit: int) -> None:
    words = f"Your clip is {_seconds(clip.seconds)} long"
    st.success(words + (", with sound." if clip.has_audio else ", with no sound."))
    if clip.seconds > limit + 0.5:
        st.info(f"Your film will use the first {_seconds(limit)} of it.")


def _seconds(seconds: float) -> str:
    """``"1 second"``, ``"7 seconds"`` (a clip of 0.6 seconds is "1 second" long)."""
    whole = max(1, round(seconds))
    return "1 second" if whole == 1 else f"{whole} seconds"


def _screen_key(clip: ClipInfo, screen: str) -> RGB | WorkshopError:
    """The screen colour, found once per clip, or why there is none."""

    def find() -> RGB | WorkshopError:
        try:
            with st.spinner("Looking for the green screen..."):
                return find_screen_key(clip, screen=screen, frame=_frame(clip))
        except WorkshopError as error:
            return error

    return state.remember(f"film-key-{clip.path}:{screen}", find)


def _frame(clip: ClipInfo) -> RGBImage:
    return state.remember(f"film-frame-{clip.path}", lambda: preview_frame(clip))


# --- 3. the first frame, and 4. the film ----------------------------------------------------


def _first_frame(clip: ClipInfo, key: RGB, screen: str) -> None:
    """The first frame keyed with the sliders' settings, on the chosen background."""
    project = state.film_project()
    keying = project.keying
    values = kept_values(
        "film", {"strength": keying.strength, "softness": keying.softness, "spill": keying.spill}
    )
    settings = replace(keying, **values, key=key, screen=screen)
    if settings != keying:
        state.save_film_project(project.but(keying=settings))
    try:
        keyed = settings.key_photo(_frame(clip))
    except ImageError as error:
        st.warning(explain(error, ages=state.age_group()))
        return
    background = background_source(state.film_project())
    if isinstance(background, ClipInfo):
        shape = clip.working_shape
        still = state.remember(
            f"film-bgframe-{background.path}-{shape}", lambda: preview_frame(background, size=shape)
        )
    else:
        still = background
    picture = composite(keyed, cover(still, size=keyed.alpha8.shape))
    st.image(picture, width="stretch", output_format="JPEG", caption="The first frame of your film")


def _start(limit: int) -> None:
    forget_film()
    workspace = state.workspace()
    project = state.film_project().but(format=state.widget("film-format", "mp4"))
    state.save_film_project(project)
    state.keep_running("film-job", start_film(project, workspace=workspace, max_seconds=limit))


def _collect(job: FilmJob) -> None:
    """A finished job: keep its film, or say why there is none."""
    state.stop_running("film-job")
    outcome = take_film(state.film_project(), job)
    state.save_film_project(outcome.project)
    if outcome.stopped:
        state.flash("film-note", "You stopped the film. Press Make my film to start again.")
    elif outcome.error is not None:
        state.flash("film-failed", outcome.error)


render()

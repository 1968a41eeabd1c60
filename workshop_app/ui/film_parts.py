"""Pieces of the film page: uploads, the background gallery, the progress bar, the film."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from workshop_app.errors import WorkshopError
from workshop_app.media.album import Photo, make_photo
from workshop_app.media.backgrounds import backgrounds
from workshop_app.media.clips import background_clips
from workshop_app.media.photos import encode_jpeg
from workshop_app.media.video import ClipInfo, preview_frame, probe_clip
from workshop_app.studio.film import FilmResult
from workshop_app.studio.jobs import FilmJob
from workshop_app.studio.project import (
    FilmBackground,
    background_choices,
    chosen_background,
    kit_background_clip,
)
from workshop_app.ui import state
from workshop_app.ui.messages import explain
from workshop_app.ui.photos import PHOTO_TYPES, thumbnail
from workshop_app.ui.widgets import picture_buttons

CLIP_TYPES = ["mp4", "mov", "webm", "m4v"]


def take_upload(
    upload,
    use: Callable[[Path | Photo, str], None],
    *,
    clip_types: list[str],
    pictures: bool = False,
) -> None:
    """Save an uploaded clip in the pupil's workspace (or, with ``pictures``, read an
    uploaded picture) and pass it to ``use`` with the upload's id.

    A file that cannot be used gets its message, once per upload: the same file is not
    tried again on every rerun, and the clip saved for it is deleted.
    """
    refused: dict[str, str] = state.running("film-refused") or {}
    state.keep_running("film-refused", refused)
    if upload.file_id in refused:
        st.error(refused[upload.file_id])
        return
    suffix = Path(upload.name).suffix.lower()
    is_clip = suffix[1:] in clip_types
    saved = None
    try:
        with st.spinner("Opening your file..."):
            if pictures and not is_clip:
                item: Path | Photo = make_photo(upload.getvalue(), source="upload")
            else:
                saved = item = state.workspace().save(
                    upload.getvalue(), suffix if is_clip else ".mp4"
                )
        use(item, upload.file_id)
    except WorkshopError as error:
        state.workspace().discard(saved)
        refused[upload.file_id] = f"{upload.name}: {explain(error, ages=state.age_group())}"
        st.error(refused[upload.file_id])


@st.fragment(run_every=0.5)
def film_progress() -> None:
    """The progress bar of the film being made, and its Stop button. A fragment that
    reruns itself twice a second: only the bar is redrawn."""
    job: FilmJob | None = state.running("film-job")
    if job is None or job.finished:
        st.rerun()  # the whole page: the film (or what went wrong) shows
        return
    done, total, seconds_left = job.progress()
    if job.state == "waiting":
        ahead = job.films_ahead()
        before = "1 film is" if ahead == 1 else f"{ahead} films are"
        st.progress(0, text=f"{before} being made before yours. Yours starts soon.")
    else:
        st.progress(min(done / max(total, 1), 1.0), text=progress_words(done, total, seconds_left))
    if st.button("Stop making the film", key="film-cancel"):
        job.cancel()
        job.wait(10)
        st.rerun()


def progress_words(done: int, total: int, seconds_left: float | None) -> str:
    """``"Frame 12 of 200. About 30 seconds left."``"""
    words = f"Frame {done} of {total}."
    if seconds_left is None:
        return f"{words} Working out how long it takes..."
    if seconds_left < 5:
        return f"{words} Almost done!"
    if seconds_left < 90:
        return f"{words} About {round(seconds_left)} seconds left."
    return f"{words} About {round(seconds_left / 60)} minutes left."


def show_film(result: FilmResult) -> bool:
    """The finished film, its download, and a Delete button; True if it was pressed."""
    st.success("Your film is ready!")
    st.video(result.path, format=result.mime)
    size = result.path.stat().st_size / 1e6
    st.download_button(
        f"Download my film ({result.format.upper()}, {size:.1f} MB)",
        data=result.path.read_bytes,  # read only when pressed
        file_name=f"green-screen-film.{result.format}",
        mime=result.mime,
        type="primary",
        width="stretch",
        key="film-download",
    )
    if result.frames_without_screen:
        st.caption(
            f"In {result.frames_without_screen} frames we could not see the cloth, so they "
            "are as you filmed them."
        )
    return st.button("Delete my film", key="film-delete")


# --- the background --------------------------------------------------------------------


def background_gallery() -> None:
    project = state.film_project()
    choices = [(choice, *_looks(choice)) for choice in background_choices(project)]
    st.caption("Press a name to stand in front of it. Moving backgrounds play behind you.")
    picture_buttons(
        "film-bg",
        choices,
        chosen_background(project),
        _choose_background,
        columns=4,
        key_of=lambda choice: f"{choice.kind}-{choice.name}",
    )
    upload = st.file_uploader(
        "Use my own background (a picture or a video)",
        type=PHOTO_TYPES + CLIP_TYPES,
        key="film-own-upload",
    )
    if upload is not None and upload.file_id != project.own_source:
        take_upload(upload, _use_own_background, clip_types=CLIP_TYPES, pictures=True)


def _looks(choice: FilmBackground) -> tuple[str, bytes]:
    """A background's button words and small picture."""
    if choice.kind == "picture":
        picture = next(p for p in backgrounds() if p.name == choice.name)
        return picture.title, picture.thumbnail()
    if choice.kind == "video":
        sample = next(c for c in background_clips() if c.path.name == choice.name)
        return f"{sample.title} (moving)", _thumbnail(kit_background_clip(choice.name))
    return "My background", _thumbnail(state.film_project().own_background)


def _thumbnail(background: Photo | ClipInfo) -> bytes:
    if isinstance(background, Photo):
        return thumbnail(background)
    size = (180, 320)
    make = lambda: encode_jpeg(preview_frame(background, size=size), quality=85)  # noqa: E731
    return state.remember(f"film-thumb-{background.path}", make)


def _choose_background(choice: FilmBackground) -> None:
    state.save_film_project(state.film_project().but(background=choice))


def _use_own_background(item: Path | Photo, source: str) -> None:
    background = item if isinstance(item, Photo) else probe_clip(item)
    workspace = state.workspace()
    project = state.film_project().with_own_background(background, source, workspace=workspace)
    state.save_film_project(project)
    st.rerun()


def forget_film() -> None:
    """Stop a film being made and delete the last one (a new clip or film replaces it)."""
    job: FilmJob | None = state.stop_running("film-job")
    if job is not None:
        job.cancel()
    project = state.film_project()
    state.save_film_project(project.without_film(workspace=state.workspace()))

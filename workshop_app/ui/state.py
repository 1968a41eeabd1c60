"""The one door to ``st.session_state``: the pupil's work, widgets, and the lesson library.

Nothing else in the kit touches ``st.session_state`` (the architecture test checks the
pages). Three kinds of thing pass through here:

- **The pupil's work**: typed, keepable models (:mod:`workshop_app.pupil_work`) in the
  pupil's :class:`~workshop_app.pupil_work.WorkStore`: their choices, album and edit
  histories, lesson progress and quiz answers, green-screen studio, film project and
  code attempts. Today the store is a :class:`~workshop_app.pupil_work.MemoryWorkStore`
  for the browser tab; :func:`use_store` puts another in its place (a database-backed
  one for a classroom) and no page changes.
- **Widgets**: Streamlit keeps a keyed widget's value in the session state, and forgets
  it when the widget is not drawn on a run. :func:`restore_widget` puts a widget back
  where the pupil's work says it was; :func:`widget` reads it.
- **Things of this run of the server only**: work in progress (a film being made), a
  keyed preview kept for quick reruns, one-time notes between reruns (:func:`flash`),
  values worked out once per session (:func:`remember`). None of it is the pupil's work.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from workshop_app.coding.attempts import CodeAttempt
from workshop_app.imaging.edits import History
from workshop_app.lessons import LessonPack, Library
from workshop_app.lessons.model import Exercise, ExerciseBase
from workshop_app.lessons.progress import Progress
from workshop_app.media.album import Album, Photo
from workshop_app.media.video import Workspace
from workshop_app.packs import load_checked_library
from workshop_app.pupil_work import Keepable, MemoryWorkStore, ModelT, WorkStore
from workshop_app.settings import lessons_dir
from workshop_app.studio.project import FilmProject
from workshop_app.studio.scene import StudioWork
from workshop_app.ui.choices import PupilChoices

ExerciseT = TypeVar("ExerciseT", bound=ExerciseBase)
T = TypeVar("T")

_STORE = "kit.store"
_RUNTIME = "kit.runtime"
_FLASH = "kit.flash"
_MEMO = "kit.memo"


# --- the lesson library (shared by every pupil) ---------------------------------------


def library() -> Library:
    """Every lesson pack, read once and again whenever a pack file changes."""
    root = lessons_dir()
    return _load_library(str(root), lessons_signature())


def lessons_signature() -> tuple[tuple[str, int], ...]:
    """Every file under the lessons folder with its change time: a cache key that
    changes when a teacher edits a pack or a task while the app runs."""
    root = lessons_dir()
    if not root.is_dir():
        return ()
    return tuple(
        sorted((str(path), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file())
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_library(root: str, signature: tuple[tuple[str, int], ...]) -> Library:
    # The signature is only the cache key: a teacher who edits a pack while the app
    # runs sees the change on the next click, without a restart.
    del signature
    return load_checked_library(Path(root))


# --- the pupil's work store -------------------------------------------------------------


def store() -> WorkStore:
    """Where this pupil's work is kept."""
    return st.session_state.setdefault(_STORE, MemoryWorkStore())


def use_store(work_store: WorkStore) -> None:
    """Keep this pupil's work in ``work_store`` from now on."""
    st.session_state[_STORE] = work_store


def _kept(model: type[ModelT], name: str, make: Callable[[], ModelT]) -> ModelT:
    item = store().get(model, name)
    return make() if item is None else item


def _keep(item: Keepable, name: str = "") -> None:
    store().put(item, name)


def choices() -> PupilChoices:
    return _kept(PupilChoices, "", PupilChoices)


def _choose(**changes: object) -> None:
    _keep(choices().but(**changes))


def age_group() -> str | None:
    return choices().age_group


def choose_age_group(label: str) -> None:
    _choose(age_group=label)


def current_pack() -> LessonPack | None:
    """The pack the pupil opened, if it is still in the library."""
    pack_id = choices().pack_id
    return library().by_id(pack_id) if pack_id else None


def open_pack(pack: LessonPack) -> None:
    _choose(pack_id=pack.id)


def progress(pack: LessonPack) -> Progress:
    """The pupil's place in ``pack``; a pack opened again carries on where they were."""
    return _kept(Progress, pack.id, lambda: Progress(pack.id))


def save_progress(new: Progress) -> None:
    _keep(new, new.pack_id)


def open_exercise(exercise: Exercise) -> None:
    """Remember the exercise a lesson step opened, with the pack's settings for it."""
    _choose(exercise=exercise)


def opened_exercise() -> Exercise | None:
    """The exercise the pupil last opened from a lesson step, if any."""
    return choices().exercise


def exercise_settings(kind_model: type[ExerciseT]) -> ExerciseT:
    """The settings of the exercise the pupil opened from their lesson, if it is of this
    kind; otherwise the kind's defaults (a trainer opening the page from the menu)."""
    opened = opened_exercise()
    if isinstance(opened, kind_model):
        return opened
    return kind_model.with_defaults()


# --- photos ----------------------------------------------------------------------------


def album() -> Album:
    """This pupil's photos. Change them through :func:`keep_photo`, :func:`delete_photo`
    and :func:`save_history`, so that every store sees the change."""
    item = store().get(Album)
    if item is None:
        item = Album()
        _keep(item)
    return item


def keep_photo(photo: Photo) -> Photo:
    """Add a photo to the album (raises ImageError when the album is full)."""
    photos = album()
    photos.add(photo)
    _keep(photos)
    return photo


def delete_photo(photo_id: str) -> None:
    photos = album()
    photos.remove(photo_id)
    _keep(photos)


def save_history(photo_id: str, history: History) -> Photo:
    """Record new edits of a photo; returns the photo with them."""
    photos = album()
    photo = photos.update(photo_id, history=history)
    _keep(photos)
    return photo


def current_photo() -> Photo | None:
    """The photo the pupil is working on: the one they chose, else their newest."""
    photos = album()
    photo_id = choices().photo_id
    if photo_id in photos:
        return photos.get(photo_id)
    return photos.latest()


def choose_photo(photo: Photo) -> None:
    _choose(photo_id=photo.id)


def burst() -> tuple[str, ...]:
    """The photo ids of the action burst being taken (only those still in the album)."""
    photos = album()
    return tuple(photo_id for photo_id in choices().burst if photo_id in photos)


def save_burst(photo_ids: tuple[str, ...]) -> None:
    _choose(burst=tuple(photo_ids))


# --- the green-screen studio, films and code -------------------------------------------


def studio() -> StudioWork:
    return _kept(StudioWork, "", StudioWork)


def save_studio(work: StudioWork) -> None:
    _keep(work)


def film_project() -> FilmProject:
    return _kept(FilmProject, "", FilmProject)


def save_film_project(project: FilmProject) -> None:
    _keep(project)


def workspace() -> Workspace:
    """This pupil's private temporary folder for clips and films (a new one if it was
    closed); it is removed when the session ends."""
    folder: Workspace | None = running("workspace")
    if folder is None or folder.closed:
        folder = Workspace()
        keep_running("workspace", folder)
    return folder


def code_attempt(task_id: str) -> CodeAttempt:
    return _kept(CodeAttempt, task_id, lambda: CodeAttempt(task_id))


def save_code_attempt(attempt: CodeAttempt) -> None:
    _keep(attempt, attempt.task_id)


# --- widgets ---------------------------------------------------------------------------


def widget(key: str, default: T | None = None) -> Any:
    """A keyed widget's value (``default`` before it is drawn)."""
    return st.session_state.get(key, default)


def set_widget(key: str, value: object) -> None:
    """Move a widget (in a callback, or before it is drawn on this run)."""
    st.session_state[key] = value


def restore_widget(key: str, value: object) -> Any:
    """Put a widget where the pupil's work says it is, if Streamlit forgot it (it does
    when the pupil was on another page); returns the widget's value.

    The one way the kit keeps sliders and switches: the pupil's work holds the value,
    and the widget shows it whenever it is drawn again.
    """
    if key not in st.session_state:
        st.session_state[key] = value
    return st.session_state[key]


def forget_widget(key: str) -> None:
    """Let a widget start again from the value it is given next."""
    st.session_state.pop(key, None)


# --- this run of the server only -----------------------------------------------------------


def running(name: str, default: T | None = None) -> Any:
    """Something of this session that is not the pupil's work (a film job, a keyed
    preview kept for quick reruns)."""
    return st.session_state.setdefault(_RUNTIME, {}).get(name, default)


def keep_running(name: str, value: object) -> None:
    st.session_state.setdefault(_RUNTIME, {})[name] = value


def stop_running(name: str) -> Any:
    """Forget ``name``; returns what it was."""
    return st.session_state.setdefault(_RUNTIME, {}).pop(name, None)


def latest(name: str, wanted: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept for reruns while ``wanted`` stays the same (one value a name:
    the old one is let go before the next is made, e.g. a keyed preview)."""
    kept = running(name)
    if kept is not None and kept[0] == wanted:
        return kept[1]
    stop_running(name)
    value = compute()
    keep_running(name, (wanted, value))
    return value


def flash(name: str, value: object) -> None:
    """A note for the next run of the page (e.g. "your picture is in your photos")."""
    st.session_state.setdefault(_FLASH, {})[name] = value


def take_flash(name: str) -> Any:
    """The note left by :func:`flash`, once; None after that."""
    return st.session_state.setdefault(_FLASH, {}).pop(name, None)


def remember(key: str, compute: Callable[[], T]) -> T:
    """A value worked out once per session (e.g. one photo's analysis), kept for reruns.

    Keys name the photo they belong to; a session keeps at most 32 such values.
    """
    memo: dict[str, object] = st.session_state.setdefault(_MEMO, {})
    if key not in memo:
        if len(memo) >= 32:
            memo.pop(next(iter(memo)))
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]

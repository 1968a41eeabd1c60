"""The session's state and the shared lesson library, behind small named helpers.

Pages read and write state only through these, so the keys live in one place. State is
per browser tab and kept in the server's memory only: nothing here is written to disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from workshop_app.lessons import LessonPack, Library
from workshop_app.lessons.model import Exercise, ExerciseBase
from workshop_app.lessons.progress import Progress
from workshop_app.media.album import Album, Photo
from workshop_app.packs import load_checked_library
from workshop_app.settings import lessons_dir

ExerciseT = TypeVar("ExerciseT", bound=ExerciseBase)
T = TypeVar("T")

_AGE_GROUP = "kit.age_group"
_PACK_ID = "kit.pack_id"
_PROGRESS = "kit.progress"


def library() -> Library:
    """Every lesson pack, read once and again whenever a pack file changes."""
    root = lessons_dir()
    return _load_library(str(root), lessons_signature())


def lessons_signature() -> tuple[tuple[str, int], ...]:
    """Every file under the lessons folder with its change time: a cache key that
    changes when a teacher edits a pack or a task while the app runs."""
    return _signature(lessons_dir())


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_library(root: str, signature: tuple[tuple[str, int], ...]) -> Library:
    # The signature is only the cache key: a teacher who edits a pack while the app
    # runs sees the change on the next click, without a restart.
    del signature
    return load_checked_library(Path(root))


def _signature(root: Path) -> tuple[tuple[str, int], ...]:
    if not root.is_dir():
        return ()
    return tuple(
        sorted((str(path), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file())
    )


def age_group() -> str | None:
    return st.session_state.get(_AGE_GROUP)


def choose_age_group(label: str) -> None:
    st.session_state[_AGE_GROUP] = label


def current_pack() -> LessonPack | None:
    """The pack the pupil opened, if it is still in the library."""
    pack_id = st.session_state.get(_PACK_ID)
    return library().by_id(pack_id) if pack_id else None


def open_pack(pack: LessonPack) -> None:
    st.session_state[_PACK_ID] = pack.id


def progress(pack: LessonPack) -> Progress:
    """The pupil's place in ``pack``; a pack opened again carries on where they were."""
    all_progress: dict[str, Progress] = st.session_state.setdefault(_PROGRESS, {})
    return all_progress.get(pack.id) or Progress(pack.id)


def save_progress(new: Progress) -> None:
    st.session_state.setdefault(_PROGRESS, {})[new.pack_id] = new


# --- the pupil's photos and the exercise they opened ----------------------------

_ALBUM = "kit.album"
_PHOTO_ID = "kit.photo_id"
_EXERCISE = "kit.exercise"


def album() -> Album:
    """This pupil's photos (in memory, for this browser tab only)."""
    return st.session_state.setdefault(_ALBUM, Album())


def current_photo() -> Photo | None:
    """The photo the pupil is working on: the one they chose, else their newest."""
    photos = album()
    photo_id = st.session_state.get(_PHOTO_ID)
    if photo_id in photos:
        return photos.get(photo_id)
    return photos.latest()


def choose_photo(photo: Photo) -> None:
    st.session_state[_PHOTO_ID] = photo.id


def open_exercise(exercise: Exercise) -> None:
    """Remember the exercise a lesson step opened, with the pack's settings for it."""
    st.session_state[_EXERCISE] = exercise


def opened_exercise() -> Exercise | None:
    """The exercise the pupil last opened from a lesson step, if any."""
    return st.session_state.get(_EXERCISE)


def exercise_settings(kind_model: type[ExerciseT]) -> ExerciseT:
    """The settings of the exercise the pupil opened from their lesson, if it is of this
    kind; otherwise the kind's defaults (a trainer opening the page from the menu)."""
    opened = opened_exercise()
    if isinstance(opened, kind_model):
        return opened
    return kind_model.with_defaults()


_MEMO = "kit.memo"


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

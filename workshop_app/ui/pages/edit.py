"""The photo editor: guided edits one at a time, undo and redo, before and after, download."""

from __future__ import annotations

import streamlit as st

from workshop_app.imaging.edits import Choice, Edit, History, get_edit
from workshop_app.lessons.model import EditExercise
from workshop_app.media.album import Photo
from workshop_app.ui import state
from workshop_app.ui.photos import choose_photo, take_or_upload


def render() -> None:
    exercise = state.exercise_settings(EditExercise)
    st.title("Edit your photo")
    if not len(state.album()):
        st.write("First take a photo, or upload one.")
        if take_or_upload(key="edit-intake", samples_kind="all"):
            st.rerun()  # straight on to editing, without the camera in the way
        return
    photo = choose_photo(key="edit")
    if photo is None:
        return
    _editor(photo.id, exercise)
    with st.expander("Add another photo"):
        take_or_upload(key="edit-more", samples_kind="all")


def _slider_key(photo_id: str, edit: str, setting: str) -> str:
    return f"edit-{photo_id}-{edit}-{setting}"


def _sync_sliders(photo: Photo) -> None:
    """Put every slider of this photo where its recipe says (after undo, redo, reset)."""
    recipe = photo.history.present
    for name in _offered(photo.id):
        for setting, value in recipe.settings(name).items():
            state.set_widget(_slider_key(photo.id, name, setting), value)


def _offered(photo_id: str) -> list[str]:
    del photo_id  # every photo is offered the edits of the exercise the pupil opened
    return list(state.exercise_settings(EditExercise).edits)


def _on_change(photo_id: str, edit: str) -> None:
    """A slider moved: the recipe takes its new value, as one undoable step."""
    photo = state.album().get(photo_id)
    values = {
        setting.name: state.widget(_slider_key(photo_id, edit, setting.name))
        for setting in get_edit(edit).params
    }
    recipe = photo.history.present.set(edit, **values)
    state.save_history(photo_id, photo.history.push(recipe))


def _on_history(photo_id: str, move: str) -> None:
    photo = state.album().get(photo_id)
    history: History = getattr(photo.history, move)()
    _sync_sliders(state.save_history(photo_id, history))


@st.fragment
def _editor(photo_id: str, exercise: EditExercise) -> None:
    # A fragment: moving a slider re-renders only the editor, not the whole page.
    photo = state.album().get(photo_id)
    history = photo.history
    recipe = history.present

    before, after = st.columns(2)
    before.image(photo.preview, caption="Before", width="stretch", output_format="JPEG")
    after.image(recipe.apply(photo.preview), caption="After", width="stretch", output_format="JPEG")

    name = st.pills(
        "Pick an edit",
        exercise.edits,
        format_func=lambda edit: get_edit(edit).label,
        default=exercise.edits[0],
        key=f"edit-{photo_id}-chosen",
    )
    if name:
        edit = get_edit(name)
        st.info(exercise.words_for(name))
        _settings(photo, edit)

    moves = (
        ("Undo", "undo", history.can_undo),
        ("Redo", "redo", history.can_redo),
        ("Start again", "reset", bool(len(recipe))),
    )
    for column, (label, move, possible) in zip(st.columns(3), moves, strict=True):
        column.button(
            label,
            on_click=_on_history,
            args=(photo_id, move),
            disabled=not possible,
            width="stretch",
            key=f"edit-{photo_id}-{move}",
        )
    rows, cols = photo.size
    st.download_button(
        f"Download my photo ({cols} x {rows} pixels)",
        data=photo.export_jpeg,  # made only when pressed, at full size
        file_name=f"photo-{photo.id}.jpg",
        mime="image/jpeg",
        type="primary",
        width="stretch",
        key=f"edit-{photo_id}-download",
    )


def _settings(photo: Photo, edit: Edit) -> None:
    """The sliders (and pickers) of one edit, placed where the recipe has them."""
    current = photo.history.present.settings(edit.name)
    for setting in edit.params:
        key = _slider_key(photo.id, edit.name, setting.name)
        state.restore_widget(key, current[setting.name])
        if isinstance(setting, Choice):
            st.radio(
                setting.label,
                setting.options,
                format_func=setting.label_of,
                key=key,
                horizontal=True,
                on_change=_on_change,
                args=(photo.id, edit.name),
            )
        else:
            st.slider(
                setting.label,
                min_value=float(setting.minimum),
                max_value=float(setting.maximum),
                step=float(setting.step),
                format="%d" if float(setting.step).is_integer() else "%.1f",
                key=key,
                on_change=_on_change,
                args=(photo.id, edit.name),
            )


render()

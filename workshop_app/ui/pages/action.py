"""Action camera: a burst picks its sharpest photo; a shutter simulator shows freeze and blur."""

from __future__ import annotations

import streamlit as st

from workshop_app.imaging.motion import pan, simulate_shutter
from workshop_app.lessons.model import ActionExercise
from workshop_app.photolab.action import SHUTTER_SPEEDS, pick_sharpest
from workshop_app.ui import state
from workshop_app.ui.photos import take_or_upload


def render() -> None:
    exercise = state.exercise_settings(ActionExercise)
    st.title("Action camera")
    burst_tab, shutter_tab = st.tabs(["Find the sharpest", "Shutter simulator"])
    with burst_tab:
        _burst(exercise)
    with shutter_tab:
        _shutter()


def _burst(exercise: ActionExercise) -> None:
    st.write(
        f"Take lots of photos of something moving, fast, one after another (up to "
        f"{exercise.burst_max}). The computer finds the sharpest one."
    )
    added = take_or_upload(
        key="action",
        multiple=True,
        max_files=exercise.burst_max,
        source_words="your action photos",
        samples_kind="action",
    )
    burst = (*state.burst(), *(photo.id for photo in added))[-exercise.burst_max :]
    state.save_burst(burst)
    if not burst:
        return
    album = state.album()
    photos = [album.get(photo_id) for photo_id in burst]
    if len(photos) == 1:
        st.info("That is one photo. Take some more, quickly, to make a burst.")
    pick = pick_sharpest([photo.preview for photo in photos])
    st.success(pick.reason)
    columns = st.columns(min(len(photos), 4))
    for index, photo in enumerate(photos):
        label = f"Photo {index + 1}" + (" - the sharpest!" if index == pick.index else "")
        columns[index % len(columns)].image(
            photo.preview, caption=label, width="stretch", output_format="JPEG"
        )
    if st.button("Keep the sharpest and start a new burst"):
        for photo_id in burst:
            if photo_id != burst[pick.index]:
                state.delete_photo(photo_id)
        state.choose_photo(album.get(burst[pick.index]))
        state.save_burst(())
        st.rerun()


def _shutter() -> None:
    photo = state.current_photo()
    st.write(
        "A camera's shutter opens for a tiny moment. A short moment freezes movement. "
        "A longer one makes moving things blurry. Try it on your photo."
    )
    if photo is None:
        st.info("Take or upload a photo in 'Find the sharpest' first.")
        return
    speeds = dict(SHUTTER_SPEEDS)
    speed = st.select_slider("Shutter speed", options=list(speeds), key="shutter-speed")
    angle = st.slider("Which way is it moving? (degrees)", -90, 90, 0, 15, key="shutter-angle")
    panning = st.toggle(
        "Panning: follow the subject with the camera", key="shutter-pan", value=False
    )
    amount = speeds[speed]
    if panning:
        subject = _subject_box(photo.preview)
        result = pan(photo.preview, subject=subject, amount=amount, angle=float(angle))
        words = "The background streaks, and the subject you followed stays sharp."
    else:
        result = simulate_shutter(photo.preview, shutter=amount, angle=float(angle))
        words = "Frozen!" if amount == 0 else "Blurry: the shutter was open while it moved."
    st.image(result, caption=f"{speed}. {words}", width="stretch", output_format="JPEG")


def _subject_box(image):
    """What a panning camera follows: the middle third of the photo, where subjects sit."""
    rows, cols = image.shape[:2]
    return (rows // 6, cols // 3, rows * 2 // 3, cols // 3)


render()

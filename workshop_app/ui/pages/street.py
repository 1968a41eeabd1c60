"""Street camera: think first, then photograph; faces are blurred before anything is kept."""

from __future__ import annotations

import streamlit as st

from workshop_app.imaging import RGBImage
from workshop_app.lessons.model import StreetExercise
from workshop_app.photolab.street import draw_overlay, leading_lines, prepare_street_photo
from workshop_app.ui import state
from workshop_app.ui.photos import choose_photo, take_or_upload

PROMISES = (
    "I will only photograph people who said yes.",
    "I will not photograph people I don't know.",
    "If someone asks me to delete their photo, I will.",
)


def render() -> None:
    exercise = state.exercise_settings(StreetExercise)
    st.title("Street camera")
    st.write("Street photos show everyday life. Good street photographers are fair.")
    st.subheader("Before you start")
    agreed = [st.checkbox(promise, key=f"street-promise-{n}") for n, promise in enumerate(PROMISES)]
    if not all(agreed):
        st.info("Tick all three promises to open the camera.")
        return
    if exercise.blur_faces:
        st.caption("To keep people private, faces are blurred before your photo is kept.")

    blurred: list[int] = []

    def blur_faces(full: RGBImage) -> RGBImage:
        street_photo = prepare_street_photo(full)
        blurred.append(street_photo.faces_blurred)
        return street_photo.image

    take_or_upload(
        key="street",
        prepare=blur_faces if exercise.blur_faces else None,
        source_words="a street photo",
        samples_kind="street",
    )
    if blurred and blurred[-1]:
        count = blurred[-1]
        st.success(f"We blurred {count} face{'s' if count > 1 else ''} to keep people private.")
    photo = choose_photo(key="street")
    if photo is None:
        return
    shown = photo.preview
    if st.toggle("Show leading lines", key="street-lines"):
        lines = state.remember(f"lines-{photo.id}", lambda: leading_lines(photo.preview))
        shown = draw_overlay(photo.preview, lines)
        st.caption(
            "Leading lines, like fences, paths and shadows, pull your eye into the photo."
            if lines
            else "No strong lines here. Try a path, a fence or a long shadow."
        )
    st.image(shown, width="stretch", output_format="JPEG")


render()

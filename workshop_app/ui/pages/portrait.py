"""Portrait studio: take a portrait, see the thirds grid, get one next step at a time."""

from __future__ import annotations

import streamlit as st

from workshop_app.lessons.model import PortraitExercise
from workshop_app.photolab import FeedbackCard
from workshop_app.photolab.portrait import review_portrait
from workshop_app.photolab.street import thirds_overlay
from workshop_app.ui import state
from workshop_app.ui.pages import PAGES_DIR
from workshop_app.ui.photos import choose_photo, take_or_upload

# How each kind of feedback looks.
CARD_STYLES = {"good": st.success, "tip": st.info, "problem": st.warning}


def feedback_card(card: FeedbackCard) -> None:
    """One piece of feedback: a title and one next step, coloured by kind."""
    CARD_STYLES.get(card.kind, st.info)(f"**{card.title}**\n\n{card.message}")


def render() -> None:
    exercise = state.exercise_settings(PortraitExercise)
    st.title("Portrait studio")
    st.write(
        "Take a photo of your partner's head and shoulders. Ask them first! "
        "Then read your next step, and try again."
    )
    take_or_upload(key="portrait", source_words="a portrait", samples_kind="portrait")
    photo = choose_photo(key="portrait")
    if photo is None:
        return
    report = state.remember(f"portrait-{photo.id}", lambda: review_portrait(photo.preview))
    shown = thirds_overlay(photo.preview) if exercise.guide == "thirds" else photo.preview
    caption = "The lines split your photo into thirds." if exercise.guide == "thirds" else None
    picture, feedback = st.columns([3, 2])
    picture.image(shown, caption=caption, width="stretch", output_format="JPEG")
    with feedback:
        st.progress(report.score / 100, text=f"Photo score: {report.score} out of 100")
        st.subheader("Your next step")
        feedback_card(report.cards[0])
        if len(report.cards) > 1:
            with st.expander("More tips"):
                for card in report.cards[1:]:
                    feedback_card(card)
    if st.button("Improve it with edits", type="primary"):
        state.choose_photo(photo)
        st.switch_page(PAGES_DIR / "edit.py")


render()

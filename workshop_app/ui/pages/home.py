"""Pupil home: pick your age group, then your lesson."""

from __future__ import annotations

import streamlit as st

from workshop_app.ui import state
from workshop_app.ui.pages import PAGES_DIR
from workshop_app.ui.widgets import duration_words, refused_packs


def render() -> None:
    library = state.library()
    st.title("Welcome to the workshop!")
    refused_packs(library, for_trainer=False)
    groups = library.age_groups()
    if not groups:
        st.info("There are no lessons yet. Ask your trainer to add a lesson pack.")
        return

    st.header("1. How old are you?")
    chosen = state.age_group()
    columns = st.columns(len(groups))
    for column, group in zip(columns, groups, strict=True):
        picked = group == chosen
        if column.button(
            f"Ages {group}",
            key=f"age-{group}",
            type="primary" if picked else "secondary",
            width="stretch",
        ):
            state.choose_age_group(group)
            st.rerun()
    if chosen not in groups:
        st.write("Press the button with your age on it.")
        return

    st.header("2. Pick your lesson")
    for pack in library.for_age_group(chosen):
        with st.container(border=True):
            st.subheader(pack.title)
            st.write(pack.manifest.summary)
            st.caption(
                f"Ages {pack.manifest.ages.label} · {len(pack.steps)} steps · "
                f"{duration_words(pack.manifest.duration_minutes)}"
            )
            if st.button("Start this lesson", key=f"open-{pack.id}", type="primary"):
                state.open_pack(pack)
                st.switch_page(PAGES_DIR / "lesson.py")


render()

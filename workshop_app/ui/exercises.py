"""Which page opens each kind of exercise a lesson step names.

Every exercise kind a lesson pack can name has a page here; a step whose exercise kind
had no page would show its words only.
"""

from __future__ import annotations

import streamlit as st

from workshop_app.lessons.model import Exercise
from workshop_app.ui import state
from workshop_app.ui.pages import PAGES_DIR

EXERCISE_PAGES: dict[str, tuple[str, str]] = {
    "portrait": ("portrait.py", "Open the portrait studio"),
    "action": ("action.py", "Open the action camera"),
    "street": ("street.py", "Open the street camera"),
    "edit": ("edit.py", "Open the photo editor"),
    "coding": ("code.py", "Open the code lab"),
    "greenscreen": ("greenscreen.py", "Open the green-screen studio"),
    "film": ("film.py", "Open the film studio"),
}
"""Exercise kind -> (page script in ``ui/pages/``, button label)."""


def exercise_link(exercise: Exercise, *, key: str) -> None:
    """A big button to the exercise's page, which then uses this step's settings."""
    if exercise.kind not in EXERCISE_PAGES:
        return
    script, label = EXERCISE_PAGES[exercise.kind]
    if st.button(label, key=key, type="primary", width="stretch"):
        state.open_exercise(exercise)
        st.switch_page(PAGES_DIR / script)

"""Which page opens each kind of exercise a lesson step names.

Exercise pages are registered here as their features land (portrait, action, street
and edit with the photo lab; greenscreen and film with the studio; coding with the code
lab). A step whose exercise has no page yet shows its words only.
"""

from __future__ import annotations

import streamlit as st

from workshop_app.lessons.model import Exercise
from workshop_app.ui.pages import PAGES_DIR

EXERCISE_PAGES: dict[str, tuple[str, str]] = {}
"""Exercise kind -> (page script in ``ui/pages/``, button label)."""


def exercise_link(exercise: Exercise) -> None:
    """A big link to the exercise's page, when that page exists."""
    if exercise.kind not in EXERCISE_PAGES:
        return
    script, label = EXERCISE_PAGES[exercise.kind]
    st.page_link(str(PAGES_DIR / script), label=label, width="stretch")

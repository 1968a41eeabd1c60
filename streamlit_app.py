"""The workshop kit's entry point: only the router.

Run with ``streamlit run streamlit_app.py``; the pages live in ``workshop_app/ui/pages``.
"""

import streamlit as st

from workshop_app.ui import shell

shell.configure_page()
# No page icons: Streamlit fetches Material icons from a font server on the internet.
page = st.navigation(
    {
        "": [
            st.Page("workshop_app/ui/pages/home.py", title="Start", default=True),
            st.Page("workshop_app/ui/pages/lesson.py", title="Lesson"),
        ],
        "Photo lab": [
            st.Page("workshop_app/ui/pages/portrait.py", title="Portrait"),
            st.Page("workshop_app/ui/pages/action.py", title="Action"),
            st.Page("workshop_app/ui/pages/street.py", title="Street"),
            st.Page("workshop_app/ui/pages/edit.py", title="Edit"),
        ],
        "Green screen": [
            st.Page("workshop_app/ui/pages/greenscreen.py", title="Picture"),
            st.Page("workshop_app/ui/pages/film.py", title="Film"),
        ],
        "Code lab": [
            st.Page("workshop_app/ui/pages/code.py", title="Code"),
        ],
        "For adults": [
            st.Page("workshop_app/ui/pages/teacher.py", title="Teachers"),
        ],
    },
    position="top",
)
shell.run_safely(page)

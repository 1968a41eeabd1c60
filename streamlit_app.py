"""The workshop kit's entry point: only the router.

Run with ``streamlit run streamlit_app.py``; the pages live in ``workshop_app/ui/pages``.
"""

import streamlit as st

from workshop_app.ui import shell

shell.configure_page()
page = st.navigation(
    [
        st.Page(
            "workshop_app/ui/pages/home.py", title="Start", icon=":material/home:", default=True
        ),
        st.Page("workshop_app/ui/pages/lesson.py", title="Lesson", icon=":material/menu_book:"),
        st.Page("workshop_app/ui/pages/teacher.py", title="Teachers", icon=":material/school:"),
    ],
    position="top",
)
shell.run_safely(page)

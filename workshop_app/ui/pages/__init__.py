"""Page scripts, one per page; ``streamlit_app.py`` registers them with ``st.navigation``."""

from pathlib import Path

PAGES_DIR = Path(__file__).parent

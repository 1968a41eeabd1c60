"""Real-browser journeys: a real ``streamlit run`` driven by Playwright in Debian's Chromium."""

"""The Streamlit pages: the only package that imports Streamlit.

Pages are thin: they read widgets, call the core packages, and render.
"""

"""The workshop kit: an offline classroom app for photography, green screen and coding days.

Layers, imports flowing one way::

    ui  ->  lessons, media, coding, classroom  ->  imaging

``imaging`` is pure numpy/OpenCV; only ``ui`` (and the router ``streamlit_app.py``)
imports Streamlit.
"""

__version__ = "0.1.0"

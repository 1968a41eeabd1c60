"""What every page shares: page settings, the kit's look, and the error edge."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from workshop_app.allocator import keep_freed_memory
from workshop_app.errors import WorkshopError
from workshop_app.ui import messages
from workshop_app.ui.widgets import warm_keyer

log = logging.getLogger(__name__)

_STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


def configure_page() -> None:
    """Page settings and the kit's styles (big targets, readable text); call first."""
    keep_freed_memory()  # photos and film frames reuse their buffers (see allocator.py)
    # Just after installing, the keyer's compiled passes take 10-20 s to build: start
    # on the first visit to any page, long before anyone reaches the green screen.
    warm_keyer()
    # No emoji page icon: Streamlit fetches emoji favicons from a CDN, and the kit
    # makes no request off the machine.
    st.set_page_config(page_title="Workshop kit", layout="centered")
    st.html(f"<style>{_STYLE}</style>")


def run_safely(page: st.navigation) -> None:  # type: ignore[valid-type]
    """Run the chosen page; catch the kit's errors once, here, and show them kindly.

    Pupils never see a traceback: a :class:`WorkshopError` shows the catalogue's words
    for its cause (:func:`workshop_app.ui.messages.explain`), and anything unexpected
    shows a calm message (cause ``"page-failed"``) while the details go to the log.
    Streamlit's own rerun and stop signals are not ``Exception`` subclasses, so they
    pass through.
    """
    try:
        page.run()
    except WorkshopError as error:
        log.warning("%s: %s", type(error).__name__, error)
        st.error(messages.explain(error))
    except Exception as error:
        log.exception("Unexpected error on a page")
        st.error(messages.explain(WorkshopError(repr(error), cause="page-failed")))

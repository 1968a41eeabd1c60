"""Small rendering pieces that more than one page uses."""

from __future__ import annotations

import threading

import streamlit as st

from workshop_app.imaging import greenscreen
from workshop_app.lessons import Library, library_problems


def duration_words(minutes: int) -> str:
    """``90`` -> ``"1 hour 30 minutes"``: how long, in words a child reads."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours > 1 else ""))
    if rest:
        parts.append(f"{rest} minute" + ("s" if rest > 1 else ""))
    return " ".join(parts) or "0 minutes"


def refused_packs(library: Library, *, for_trainer: bool) -> None:
    """Say which packs were refused; the trainer sees every problem, word for word."""
    if not library.problems:
        return
    count = len(library.problems)
    if not for_trainer:
        st.warning(
            f"{count} lesson{' was' if count == 1 else 's were'} not opened because "
            "something in it needs fixing. Your trainer can see why on the Teacher page."
        )
        return
    st.error(
        f"{count} lesson pack{' was' if count == 1 else 's were'} refused. Fix these "
        "lines, then check with `python -m workshop_app validate lessons/`:"
    )
    st.code("\n".join(library_problems(library)), language=None, wrap_lines=True)


@st.cache_resource(show_spinner=False)
def warm_keyer() -> threading.Thread:
    """Get the green-screen keyer ready once for the whole app, in the background.

    Its compiled per-pixel passes load (or, just after installing, compile for 10-20 s)
    while the class is still on other pages or choosing a photo or clip, not after.
    """
    thread = threading.Thread(target=greenscreen.prepare, name="warm-keyer", daemon=True)
    thread.start()
    return thread


def wait_for_keyer() -> None:
    """Before keying: if the keyer is still being built (just after installing), say so
    while waiting for it, rather than leave the page silently busy."""
    thread = warm_keyer()
    if thread.is_alive():
        with st.spinner("Getting the green screen ready. The first time takes a little while..."):
            thread.join()

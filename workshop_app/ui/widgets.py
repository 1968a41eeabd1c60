"""Small rendering pieces that more than one page uses."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import streamlit as st

from workshop_app.imaging import greenscreen
from workshop_app.lessons import Library, library_problems
from workshop_app.ui import state

ChoiceT = TypeVar("ChoiceT")


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


# --- the keyer's three sliders, the same on the picture and the film pages ------------

KEYER_SLIDERS: dict[str, tuple[str, str]] = {
    "strength": (
        "How much {colour} to remove",
        "More takes away more of the cloth. Less keeps more of you.",
    ),
    "softness": ("Soft edges", "Soft edges blend you into the background."),
    "spill": ("Fix {colour} glow", "Takes the {colour} shine off your skin and hair."),
}
"""Keying setting -> (slider words, help), with the screen's colour word filled in."""


def kept_values(prefix: str, values: Mapping[str, float | bool]) -> dict[str, float | bool]:
    """The values of the widgets ``{prefix}-{name}``, each put back where ``values``
    (the pupil's work) says it was if Streamlit forgot it; read before drawing them."""
    return {name: state.restore_widget(f"{prefix}-{name}", value) for name, value in values.items()}


def keyer_sliders(prefix: str, colour: str) -> None:
    """The three keying sliders (0 to 100), keyed ``{prefix}-strength`` and so on."""
    for name, (label, help_words) in KEYER_SLIDERS.items():
        st.slider(
            label.format(colour=colour),
            min_value=0,
            max_value=100,
            step=1,
            format="%d",
            key=f"{prefix}-{name}",
            help=help_words.format(colour=colour),
        )


def picture_buttons(
    prefix: str,
    choices: Sequence[tuple[ChoiceT, str, bytes]],
    chosen: ChoiceT | None,
    choose: Callable[[ChoiceT | None], None],
    *,
    columns: int,
    toggle: bool = False,
    key_of: Callable[[ChoiceT], str] = str,
) -> None:
    """Small pictures with a button each (``(choice, words, JPEG)``); the chosen one's
    button stands out, and a press calls ``choose(choice)``. With ``toggle``, pressing
    the chosen one again calls ``choose(None)``. Buttons are keyed
    ``{prefix}-{key_of(choice)}``."""
    cells = st.columns(columns)  # few columns: names stay whole when the page is zoomed
    for index, (choice, title, thumbnail) in enumerate(choices):
        with cells[index % columns]:
            st.image(thumbnail, width="stretch")
            picked = choice == chosen
            st.button(
                title,
                key=f"{prefix}-{key_of(choice)}",
                type="primary" if picked else "secondary",
                width="stretch",
                wrap=True,  # long names on two lines, never cut off
                on_click=choose,
                args=(None if (picked and toggle) else choice,),
            )

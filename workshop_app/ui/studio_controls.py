"""The green-screen studio's control tabs: background, edges, move, stickers, screen colour.

Each tab's widgets change the pupil's :class:`~workshop_app.studio.scene.StudioWork`
through callbacks, which run before the studio is drawn again.
"""

from __future__ import annotations

import functools

import streamlit as st

from workshop_app.imaging.greenscreen import Keyed
from workshop_app.media.album import Photo
from workshop_app.media.backgrounds import backgrounds, stickers
from workshop_app.studio.scene import OWN_BACKGROUND, Scene
from workshop_app.ui import state
from workshop_app.ui.photos import thumbnail
from workshop_app.ui.screen_colour import screen_colour_panel
from workshop_app.ui.widgets import keyer_sliders, picture_buttons

# Where the pupil stands, and the sticker: (lowest, highest, step). Slider words name
# the slider's two ends in order ("left or right": the left end moves left).
PLACES: dict[str, tuple[str, float, float, float]] = {
    "left_right": ("Move left or right", -50, 50, 1),
    "down_up": ("Move down or up", -50, 50, 1),
    "size": ("Make smaller or bigger", 30, 200, 5),
    "sticker_across": ("Move sticker left or right", 0, 100, 1),
    "sticker_up": ("Move sticker down or up", 0, 100, 1),
    "sticker_size": ("Sticker size", 5, 80, 1),
}
_SCREEN_TAB = "Screen colour"


def studio_controls(photo: Photo, keyed: Keyed, scene: Scene, colour: str) -> None:
    # After a colour is picked (or refused, and found again), the studio opens where
    # the pupil was: on the screen colour, not back on the first tab.
    picked = state.running("gs-picked") == photo.id
    background, edges, move, extras, screen = st.tabs(
        ["Background", "Edges", "Move", "Stickers", _SCREEN_TAB],
        default=_SCREEN_TAB if picked else None,
    )
    with background:
        picture_buttons(
            "gs-bg", _background_choices(), scene.background, choose_background, columns=2
        )
        st.caption("Want your own background? Upload it under your picture.")
    with edges:
        keyer_sliders("gs", colour)
        st.toggle(
            f"Invisibility cloak ({colour} clothes disappear)",
            key="gs-cloak",
            help=f"Hold a {colour} cloth in front of you and watch it vanish.",
        )
    with move:
        _place_sliders("left_right", "down_up", "size")
        st.button("Put me back", key="gs-move-reset", on_click=_put_back)
    with extras:
        st.caption("A frame goes round your picture. Press it again to take it off.")
        _layer_buttons("frame", scene.frame)
        st.caption("Stickers go on top. Press one again to take it off.")
        _layer_buttons("sticker", scene.sticker)
        if scene.sticker:
            _place_sliders("sticker_across", "sticker_up", "sticker_size")
    with screen:
        screen_colour_panel(photo, in_use=keyed.key, picked=scene.keying.key is not None)


def _place_sliders(*names: str) -> None:
    for name in names:
        label, low, high, step = PLACES[name]
        st.slider(label, min_value=low, max_value=high, step=step, format="%d", key=f"gs-{name}")


def _background_choices() -> list[tuple[str, str, bytes]]:
    choices = [(b.name, b.title, b.thumbnail()) for b in backgrounds()]
    own = state.studio().own_background
    if own is not None:
        choices.append((OWN_BACKGROUND, "My background", thumbnail(own)))
    return choices


def _layer_buttons(kind: str, chosen: str | None) -> None:
    choices = [(layer.name, layer.title, layer.thumbnail()) for layer in stickers(kind)]
    choose = functools.partial(_choose_layer, kind)
    picture_buttons(f"gs-{kind}", choices, chosen, choose, columns=3, toggle=True)


def choose_background(name: str) -> None:
    state.save_studio(state.studio().with_scene(background=name).with_step("background"))


def _choose_layer(kind: str, name: str | None) -> None:
    state.save_studio(state.studio().with_scene(**{kind: name}))


def _put_back() -> None:
    for name in ("left_right", "down_up", "size"):
        state.set_widget(f"gs-{name}", getattr(Scene(), name))

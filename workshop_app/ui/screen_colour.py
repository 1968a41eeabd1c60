"""Showing and picking a photo's screen colour: a colour picker, "Find it for me", and
the eyedropper (the photo: a click on the cloth picks its colour).

The eyedropper is written with Streamlit's own components API, inline: no extra
package, nothing fetched. A picked colour is kept in the pupil's studio work, for that
photo only.
"""

from __future__ import annotations

import base64

import streamlit as st

from workshop_app.imaging import fit_within
from workshop_app.media.album import Photo
from workshop_app.media.photos import encode_jpeg
from workshop_app.studio.keying import RGB
from workshop_app.studio.scene import colour_at, hex_to_rgb, rgb_to_hex
from workshop_app.ui import state

# A click reports where, as shares of the picture's width and height.
_EYEDROPPER_JS = """
export default function ({ parentElement, data, setTriggerValue }) {
  let picture = parentElement.querySelector("img");
  if (!picture) {
    picture = document.createElement("img");
    picture.className = "eyedropper";
    picture.addEventListener("click", (event) => {
      const box = picture.getBoundingClientRect();
      setTriggerValue("pick", {
        x: (event.clientX - box.left) / box.width,
        y: (event.clientY - box.top) / box.height,
      });
    });
    parentElement.appendChild(picture);
  }
  if (picture.getAttribute("src") !== data.src) picture.setAttribute("src", data.src);
  picture.alt = data.alt;
}
"""
_EYEDROPPER_CSS = """
.eyedropper { display: block; width: 100%; max-width: 480px; height: auto;
  cursor: crosshair; border-radius: 0.5rem; }
"""
_component = st.components.v2.component(
    "workshop_eyedropper", js=_EYEDROPPER_JS, css=_EYEDROPPER_CSS
)


def screen_colour_panel(photo: Photo, *, in_use: RGB, picked: bool) -> None:
    """The colour in use (found, or ``picked`` by the pupil) in a colour picker,
    "Find it for me" once one was picked, and the eyedropper."""
    picker = f"gs-{photo.id}-picker"
    state.set_widget(picker, rgb_to_hex(in_use))
    if not picked:
        st.write("We found the colour of your screen:")
    st.color_picker("Screen colour", key=picker, on_change=_from_picker, args=(photo.id, picker))
    if picked:
        find_it_button(photo, key=f"gs-{photo.id}-auto")
    st.write("Or click on the cloth in your photo to pick its colour:")
    eyedropper(photo)


def find_it_button(photo: Photo, *, key: str) -> None:
    """Forget the picked colour: the studio finds the screen colour again."""
    st.button("Find it for me", key=key, on_click=_pick, args=(photo.id, None))


def eyedropper(photo: Photo) -> None:
    """The photo; a click on it picks the colour under it, before the page is drawn
    again."""
    key = f"gs-{photo.id}-dropper"

    def clicked() -> None:
        value = state.widget(key)
        where = value.get("pick") if isinstance(value, dict) else None
        if isinstance(where, dict) and {"x", "y"} <= where.keys():
            colour = colour_at(photo.preview, across=float(where["x"]), down=float(where["y"]))
            _pick(photo.id, colour)

    _component(
        key=key,
        data={"src": _data_url(photo), "alt": "Your photo. Click on the cloth to pick its colour."},
        on_pick_change=clicked,
    )


def _from_picker(photo_id: str, picker: str) -> None:
    _pick(photo_id, hex_to_rgb(state.widget(picker)))


def _pick(photo_id: str, colour: RGB | None) -> None:
    state.save_studio(state.studio().with_key(photo_id, colour))
    # The studio then opens on this photo's Screen colour tab, where the pupil was.
    state.keep_running("gs-picked", photo_id)


def _data_url(photo: Photo) -> str:
    def make() -> str:
        small = encode_jpeg(fit_within(photo.preview, max_side=720), quality=85)
        return "data:image/jpeg;base64," + base64.b64encode(small).decode("ascii")

    return state.remember(f"gs-dropper-{photo.id}", make)

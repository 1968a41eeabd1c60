"""The green-screen studio: a photo in front of a green (or blue) cloth, on a new background.

Widgets over :mod:`workshop_app.studio.scene`: the pupil sees the finished picture at
once (keyed on the photo's screen-sized preview), then picks a background, checks the
edges with the mask, moves and sizes themself, adds a sticker or a frame, and downloads
the picture at full size.
"""

from __future__ import annotations

import functools

import streamlit as st

from workshop_app.errors import ImageError
from workshop_app.imaging.greenscreen import Keyed
from workshop_app.lessons.model import GreenScreenExercise
from workshop_app.media.album import Photo, make_photo
from workshop_app.studio.keying import screen_colour
from workshop_app.studio.scene import (
    OWN_BACKGROUND,
    Scene,
    export_jpeg,
    preview_picture,
)
from workshop_app.ui import state
from workshop_app.ui.messages import explain
from workshop_app.ui.pages import PAGES_DIR
from workshop_app.ui.photos import PHOTO_TYPES, choose_photo, take_or_upload
from workshop_app.ui.screen_colour import eyedropper, find_it_button
from workshop_app.ui.studio_controls import PLACES, choose_background, studio_controls
from workshop_app.ui.widgets import (
    kept_values,
    wait_for_keyer,
    warm_keyer,
)

NEXT_STEPS = {
    "background": "You are on the beach! Next: pick a background you like, on the right.",
    "mask": "Next: turn on Show the mask. You should be white and the cloth black. "
    "Grey bits of cloth? Open Edges and move How much {colour} to remove up.",
    "move": "Next: open Move and put yourself in the best place.",
    "download": "Last step: press Download my picture. You can add a sticker or a frame first.",
    None: "Well done! Try another background, or take a new photo.",
}


def render() -> None:
    # Wide: the picture and its controls side by side, so a slider's effect is seen.
    # Said again at the end: after an st.rerun(), Streamlit 1.67 otherwise falls back to
    # the router's centred layout.
    st.set_page_config(layout="wide")
    _page()
    st.set_page_config(layout="wide")


def _page() -> None:
    warm_keyer()
    exercise = state.exercise_settings(GreenScreenExercise)
    st.title("Green-screen picture")
    if not len(state.album()):
        st.write(
            "First take a photo of yourself in front of the green cloth, or use a practice photo."
        )
        if take_or_upload(key="gs-intake", samples_kind="greenscreen"):
            st.rerun()  # straight to the studio
        return
    # Folded away: in the wide layout the small pictures would push the studio down.
    with st.expander(f"My photos ({len(state.album())})"):
        photo = choose_photo(key="gs")
    if photo is None:
        return
    _studio(photo.id, exercise.screen)
    with st.expander("Add another photo"):
        if take_or_upload(key="gs-more", samples_kind="greenscreen"):
            st.rerun()  # the studio, drawn above, moves to the new photo


def _scene(photo_id: str) -> Scene:
    """The pupil's scene, with the sliders' and switches' latest values kept in it."""
    work = state.studio()
    scene = work.scene_for(photo_id)
    keying = scene.keying
    values = kept_values(
        "gs",
        {"strength": keying.strength, "softness": keying.softness, "spill": keying.spill}
        | {"cloak": keying.cloak}
        | {name: getattr(scene, name) for name in PLACES},
    )
    new = scene.but(**values)
    if new != scene:
        work = work.but(scene=new.but(key=None))
        state.save_studio(work.with_step("move") if new.moved else work)
    return new


@st.fragment
def _studio(photo_id: str, screen: str) -> None:
    # A fragment: moving a slider redraws the studio only, not the whole page.
    photo = state.album().get(photo_id)
    scene = _scene(photo_id)
    rows, cols = photo.preview.shape[:2]
    # As big a picture as fits beside the controls on a 1366 x 768 laptop screen.
    picture_side, controls = st.columns([5, 4] if cols >= rows else [3, 4], gap="medium")
    try:
        keyed, problem = _keyed_preview(photo, scene), None
    except ImageError as error:
        keyed, problem = None, explain(error, ages=state.age_group())
    colour = screen_colour(keyed.key if keyed else scene.keying.key, screen=screen)
    with picture_side:
        if keyed is None:
            st.warning(problem)
            if scene.keying.key is None:
                st.write("Is there a cloth behind you? Click on it to show us its colour.")
            else:
                find_it_button(photo, key=f"gs-{photo.id}-auto-again")
            eyedropper(photo)
        else:
            _picture(keyed, scene)
            _keep(photo, keyed, scene)
    with controls:
        next_step = st.empty()
        if keyed is not None:  # nothing else to do until the screen is found
            _finish(photo, keyed, scene)
            studio_controls(photo, keyed, scene, colour)
    if keyed is not None:
        _own_background()
    if problem is None:
        next_step.info(NEXT_STEPS[state.studio().next_step()].format(colour=colour))
    elif scene.keying.key is None:
        next_step.info(
            "Next: pick another photo in My photos, or take a new one in front of the "
            "cloth (Add another photo, at the bottom)."
        )
    else:
        next_step.info("Next: click on the cloth in your photo, or press Find it for me.")


def _keyed_preview(photo: Photo, scene: Scene) -> Keyed:
    """The preview keyed with the scene's settings; the last one is kept for quick
    reruns (moving the subject or changing the background does not key again)."""
    wait_for_keyer()
    compute = functools.partial(scene.keying.key_photo, photo.preview)
    return state.latest("gs-keyed", (photo.id, scene.keying), compute)


def _picture(keyed: Keyed, scene: Scene) -> None:
    """The finished picture, or its mask."""
    work = state.studio()
    show_mask = bool(state.restore_widget("gs-mask", work.show_mask))
    if show_mask != work.show_mask:
        state.save_studio(work.but(show_mask=show_mask))
    if show_mask:
        st.image(keyed.alpha8, width="stretch", output_format="JPEG")
        st.caption("White is you. Black is the cloth. Grey parts let the background show through.")
        return
    picture = preview_picture(keyed, scene, own=state.studio().own_background)
    st.image(picture, width="stretch", output_format="JPEG")


def _finish(photo: Photo, keyed: Keyed, scene: Scene) -> None:
    """The mask switch and the download (made at full size only when pressed)."""
    st.toggle("Show the mask", key="gs-mask", on_change=_done, args=("mask",))
    st.download_button(
        "Download my picture",
        data=_exporter(photo, keyed, scene),
        file_name=f"green-screen-{photo.id}.jpg",
        mime="image/jpeg",
        type="primary",
        width="stretch",
        on_click=_done,
        args=("download",),
        key="gs-download",
    )
    rows, cols = photo.size
    st.caption(f"Full size: {cols} x {rows} pixels.")


def _exporter(photo: Photo, keyed: Keyed, scene: Scene):
    own = state.studio().own_background
    return functools.partial(export_jpeg, photo, scene, key=keyed.key, own=own)


def _keep(photo: Photo, keyed: Keyed, scene: Scene) -> None:
    """Put the finished picture among the pupil's photos, to edit it further."""
    if st.button("Keep it in my photos", key="gs-keep"):
        with st.spinner("Making your picture..."):
            kept = state.keep_photo(make_photo(_exporter(photo, keyed, scene)(), source="upload"))
        state.flash("gs-kept", kept.id)
        st.rerun()  # the whole page, so the new photo shows among the others
    if state.take_flash("gs-kept") in state.album():
        st.success("Your picture is in your photos. You can change it more in Edit.")
        st.page_link(PAGES_DIR / "edit.py", label="Open Edit")


def _own_background() -> None:
    """Upload a background: across the page, where the uploader's words fit when zoomed."""
    st.file_uploader(
        "Use my own background", type=PHOTO_TYPES, key="gs-own-upload", on_change=_take_own
    )
    problem = state.running("gs-own-problem")
    if problem:
        st.error(problem)


# --- callbacks: they run before the studio is drawn again ---------------------------------


def _done(step: str) -> None:
    state.save_studio(state.studio().with_step(step))


def _take_own() -> None:
    state.stop_running("gs-own-problem")
    upload = state.widget("gs-own-upload")
    if upload is None:
        return
    try:
        picture = make_photo(upload.getvalue(), source="upload")
    except ImageError as error:
        state.keep_running("gs-own-problem", f"{upload.name}: {explain(error)}")
        return
    state.save_studio(state.studio().but(own_background=picture))
    choose_background(OWN_BACKGROUND)


render()

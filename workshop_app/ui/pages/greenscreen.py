"""The green-screen studio: a photo in front of a green (or blue) cloth, on a new background.

The pupil sees the finished picture at once (keyed on the photo's screen-sized preview),
then picks a background, checks the edges with the mask, moves and sizes themself, adds
a sticker or a frame, and downloads the picture at full size.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass

import numpy as np
import streamlit as st

from workshop_app.errors import ImageError
from workshop_app.imaging import RGBImage, fit_within
from workshop_app.imaging.greenscreen import Keyed, chroma_key, composite
from workshop_app.imaging.layers import RGBALayer, cover, overlay, resize_layer
from workshop_app.lessons.model import GreenScreenExercise
from workshop_app.media.album import Photo, make_photo
from workshop_app.media.backgrounds import Background, backgrounds, frame_border, stickers
from workshop_app.media.photos import encode_jpeg
from workshop_app.ui import state
from workshop_app.ui.pages import PAGES_DIR
from workshop_app.ui.photos import PHOTO_TYPES, choose_photo, take_or_upload
from workshop_app.ui.widgets import wait_for_keyer, warm_keyer

OWN = "own"
"""The background name of the pupil's own uploaded background."""

_BACKGROUND = "gs.background"
_OWN = "gs.own_background"
_KEYED = "gs.keyed"
_DONE = "gs.done"
_SAVED = "gs.settings"
_KEPT = "gs.kept"
_SCREEN_TAB = "Screen colour"
_PICKED = "gs.picked"  # the photo whose screen colour was picked: its studio opens on that tab
_FRAME = "gs.frame"
_OWN_PROBLEM = "gs.own_problem"
_STICKER = "gs.sticker"

# Every setting: (default, lowest, highest, step). Slider words name the slider's two
# ends in order ("left or right": the left end moves left), so the numbers need no sign.
SETTINGS: dict[str, tuple[float, float, float, float]] = {
    "strength": (50, 0, 100, 1),
    "softness": (50, 0, 100, 1),
    "spill": (50, 0, 100, 1),
    "left_right": (0, -50, 50, 1),
    "down_up": (0, -50, 50, 1),
    "size": (100, 30, 200, 5),
    "sticker_across": (80, 0, 100, 1),
    "sticker_up": (75, 0, 100, 1),
    "sticker_size": (30, 5, 80, 1),
}

# The eyedropper: the photo, and a click on it reports where (as shares of its width and
# height). Streamlit's own components API, inline: nothing is fetched from anywhere.
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
_eyedropper = st.components.v2.component(
    "workshop_eyedropper", js=_EYEDROPPER_JS, css=_EYEDROPPER_CSS
)


@dataclass(frozen=True)
class Scene:
    """Everything the pupil chose, in numbers that suit any size of the same photo."""

    key: tuple[int, int, int] | None
    strength: float
    softness: float
    spill: float
    cloak: bool
    background: str
    left_right: float
    down_up: float
    size: float
    frame: str | None
    sticker: str | None
    sticker_across: float
    sticker_up: float
    sticker_size: float


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


# --- settings kept for the session --------------------------------------------------


def _setting(name: str) -> float:
    """A slider's value; restored when the pupil comes back from another page (Streamlit
    forgets the values of widgets that were not drawn)."""
    key = f"gs-{name}"
    saved: dict[str, float] = st.session_state.setdefault(_SAVED, {})
    if key not in st.session_state:
        st.session_state[key] = saved.get(name, SETTINGS[name][0])
    saved[name] = st.session_state[key]
    return float(st.session_state[key])


def _slider(label: str, name: str, *, help: str | None = None) -> None:
    _, low, high, step = SETTINGS[name]
    st.slider(
        label, min_value=low, max_value=high, step=step, format="%d", key=f"gs-{name}", help=help
    )


def _flag(name: str, default: bool) -> bool:
    key = f"gs-{name}"
    saved: dict[str, float] = st.session_state.setdefault(_SAVED, {})
    if key not in st.session_state:
        st.session_state[key] = bool(saved.get(name, default))
    saved[name] = st.session_state[key]
    return bool(st.session_state[key])


def _done(step: str) -> None:
    st.session_state.setdefault(_DONE, set()).add(step)


def _key_state(photo_id: str) -> str:
    return f"gs-{photo_id}-key"


def _scene(photo_id: str) -> Scene:
    picked = st.session_state.get(_key_state(photo_id))
    return Scene(
        key=_hex_to_rgb(picked) if picked else None,
        strength=_setting("strength"),
        softness=_setting("softness"),
        spill=_setting("spill"),
        cloak=_flag("cloak", False),
        background=st.session_state.get(_BACKGROUND, backgrounds()[0].name),
        left_right=_setting("left_right"),
        down_up=_setting("down_up"),
        size=_setting("size"),
        frame=st.session_state.get(_FRAME),
        sticker=st.session_state.get(_STICKER),
        sticker_across=_setting("sticker_across"),
        sticker_up=_setting("sticker_up"),
        sticker_size=_setting("sticker_size"),
    )


# --- the studio ---------------------------------------------------------------------


@st.fragment
def _studio(photo_id: str, screen: str) -> None:
    # A fragment: moving a slider redraws the studio only, not the whole page.
    photo = state.album().get(photo_id)
    scene = _scene(photo_id)
    rows, cols = photo.preview.shape[:2]
    # As big a picture as fits beside the controls on a 1366 x 768 laptop screen.
    picture_side, controls = st.columns([5, 4] if cols >= rows else [3, 4], gap="medium")

    keyed: Keyed | None = None
    problem: str | None = None
    try:
        keyed = _keyed_preview(photo, scene)
    except ImageError as error:
        problem = error.friendly
    colour_word = _colour_word(keyed.key if keyed else scene.key, screen)

    with picture_side:
        if keyed is None:
            st.warning(problem)
            if scene.key is None:
                st.write("Is there a cloth behind you? Click on it to show us its colour.")
            else:
                st.button(
                    "Find it for me",
                    key=f"gs-{photo.id}-auto-again",
                    on_click=_pick,
                    args=(photo.id, None),
                )
            _pick_colour(photo)
        else:
            _picture(keyed, scene)
            _keep(photo, keyed, scene)
    with controls:
        next_step = st.empty()
        if keyed is not None:  # nothing else to do until the screen is found
            _finish(photo, keyed, scene)
            _controls(photo, keyed, scene, colour_word)
    if keyed is not None:
        _own_background()
    if problem is None:
        next_step.info(_next_step(colour_word))
    elif scene.key is None:
        next_step.info(
            "Next: pick another photo in My photos, or take a new one in front of the "
            "cloth (Add another photo, at the bottom)."
        )
    else:
        next_step.info("Next: click on the cloth in your photo, or press Find it for me.")


def _picture(keyed: Keyed, scene: Scene) -> None:
    """The finished picture, or its mask."""
    if _flag("mask", False):
        st.image(keyed.alpha8, width="stretch", output_format="JPEG")
        st.caption("White is you. Black is the cloth. Grey parts let the background show through.")
        return
    size = keyed.alpha8.shape
    picture = _render(
        keyed,
        _background_preview(scene, size),
        scene,
        frame=_shared_frame(scene.frame, size) if scene.frame else None,
        sticker=_shared_sticker(scene.sticker) if scene.sticker else None,
    )
    st.image(picture, width="stretch", output_format="JPEG")


def _finish(photo: Photo, keyed: Keyed, scene: Scene) -> None:
    """The mask switch and the download (made at full size only when pressed)."""
    st.toggle("Show the mask", key="gs-mask", on_change=_done, args=("mask",))
    rows, cols = photo.size
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
    st.caption(f"Full size: {cols} x {rows} pixels.")


def _keep(photo: Photo, keyed: Keyed, scene: Scene) -> None:
    """Put the finished picture among the pupil's photos, to edit it further."""
    if st.button("Keep it in my photos", key="gs-keep"):
        with st.spinner("Making your picture..."):
            kept = state.album().add(make_photo(_exporter(photo, keyed, scene)(), source="upload"))
        st.session_state[_KEPT] = kept.id
        st.rerun()  # the whole page, so the new photo shows among the others
    if st.session_state.pop(_KEPT, None) in state.album():
        st.success("Your picture is in your photos. You can change it more in Edit.")
        st.page_link(PAGES_DIR / "edit.py", label="Open Edit")


def _exporter(photo: Photo, keyed: Keyed, scene: Scene):
    own = st.session_state.get(_OWN)
    return functools.partial(_export_jpeg, photo, keyed.key, scene, own[1] if own else None)


def _controls(photo: Photo, keyed: Keyed, scene: Scene, colour: str) -> None:
    # After a colour is picked (or refused, and found again), the studio opens where
    # the pupil was: on the screen colour, not back on the first tab.
    background, edges, move, extras, screen = st.tabs(
        ["Background", "Edges", "Move", "Stickers", _SCREEN_TAB],
        default=_SCREEN_TAB if st.session_state.get(_PICKED) == photo.id else None,
    )
    with background:
        _backgrounds(scene)
    with edges:
        _slider(
            f"How much {colour} to remove",
            "strength",
            help="More takes away more of the cloth. Less keeps more of you.",
        )
        _slider("Soft edges", "softness", help="Soft edges blend you into the background.")
        _slider(
            f"Fix {colour} glow", "spill", help=f"Takes the {colour} shine off your skin and hair."
        )
        st.toggle(
            f"Invisibility cloak ({colour} clothes disappear)",
            key="gs-cloak",
            help=f"Hold a {colour} cloth in front of you and watch it vanish.",
        )
    with move:
        _slider("Move left or right", "left_right")
        _slider("Move down or up", "down_up")
        _slider("Make smaller or bigger", "size")
        st.button(
            "Put me back",
            key="gs-move-reset",
            on_click=_reset,
            args=("left_right", "down_up", "size"),
        )
    with extras:
        _stickers(scene)
    with screen:
        _screen_colour(photo, keyed, scene)
    moved = (scene.left_right, scene.down_up, scene.size) != tuple(
        SETTINGS[name][0] for name in ("left_right", "down_up", "size")
    )
    if moved:
        _done("move")


def _backgrounds(scene: Scene) -> None:
    st.caption("Press a picture's name to stand in front of it.")
    choices = [(b.name, b.title, b.thumbnail()) for b in backgrounds()]
    own = st.session_state.get(_OWN)
    if own is not None:
        choices.append((OWN, "My background", own[2]))
    columns = st.columns(2)  # two: names stay whole when the page is zoomed
    for index, (name, title, thumbnail) in enumerate(choices):
        with columns[index % len(columns)]:
            st.image(thumbnail, width="stretch")
            st.button(
                title,
                key=f"gs-bg-{name}",
                type="primary" if name == scene.background else "secondary",
                width="stretch",
                wrap=True,
                on_click=_choose_background,
                args=(name,),
            )
    st.caption("Want your own background? Upload it under your picture.")


def _own_background() -> None:
    """Upload a background: across the page, where the uploader's words fit when zoomed."""
    st.file_uploader(
        "Use my own background",
        type=PHOTO_TYPES,
        key="gs-own-upload",
        on_change=_take_own_background,
    )
    problem = st.session_state.get(_OWN_PROBLEM)
    if problem:
        st.error(problem)


def _take_own_background() -> None:
    # A callback, so the new background is in place before the picture is drawn.
    st.session_state.pop(_OWN_PROBLEM, None)
    upload = st.session_state.get("gs-own-upload")
    if upload is None:
        return
    try:
        picture = make_photo(upload.getvalue(), source="upload")
    except ImageError as error:
        st.session_state[_OWN_PROBLEM] = f"{upload.name}: {error.friendly}"
        return
    small = encode_jpeg(fit_within(picture.preview, max_side=320), quality=85)
    st.session_state[_OWN] = (upload.file_id, picture, small)
    _choose_background(OWN)


def _choose_background(name: str) -> None:
    st.session_state[_BACKGROUND] = name
    _done("background")


def _stickers(scene: Scene) -> None:
    st.caption("A frame goes round your picture. Press it again to take it off.")
    _layer_gallery("frame", scene.frame, _choose_frame)
    st.caption("Stickers go on top. Press one again to take it off.")
    _layer_gallery("sticker", scene.sticker, _choose_sticker)
    if scene.sticker:
        _slider("Move sticker left or right", "sticker_across")
        _slider("Move sticker down or up", "sticker_up")
        _slider("Sticker size", "sticker_size")


def _layer_gallery(kind: str, chosen: str | None, choose) -> None:
    columns = st.columns(3)
    for index, layer in enumerate(stickers(kind)):
        with columns[index % len(columns)]:
            st.image(layer.thumbnail(), width="stretch")
            picked = layer.name == chosen
            st.button(
                layer.title,
                key=f"gs-{kind}-{layer.name}",
                type="primary" if picked else "secondary",
                width="stretch",
                on_click=choose,
                args=(None if picked else layer.name,),
            )


def _choose_frame(name: str | None) -> None:
    st.session_state[_FRAME] = name


def _choose_sticker(name: str | None) -> None:
    st.session_state[_STICKER] = name


def _screen_colour(photo: Photo, keyed: Keyed, scene: Scene) -> None:
    picker = f"gs-{photo.id}-picker"
    st.session_state[picker] = _rgb_to_hex(keyed.key)  # the colour in use, found or picked
    if scene.key is None:
        st.write("We found the colour of your screen:")
    st.color_picker(
        "Screen colour", key=picker, on_change=_picked_from_picker, args=(photo.id, picker)
    )
    if scene.key is not None:
        st.button(
            "Find it for me", key=f"gs-{photo.id}-auto", on_click=_pick, args=(photo.id, None)
        )
    st.write("Or click on the cloth in your photo to pick its colour:")
    _pick_colour(photo)


def _pick_colour(photo: Photo) -> None:
    """The eyedropper: the photo; a click picks the colour under it."""
    key = f"gs-{photo.id}-dropper"
    _eyedropper(
        key=key,
        data={"src": _data_url(photo), "alt": "Your photo. Click on the cloth to pick its colour."},
        on_pick_change=functools.partial(_picked_from_photo, photo.id, key),
    )


def _picked_from_photo(photo_id: str, key: str) -> None:
    # A callback, so the colour is in place before the studio keys the photo again.
    value = st.session_state.get(key)
    where = value.get("pick") if isinstance(value, dict) else None
    if isinstance(where, dict) and {"x", "y"} <= where.keys():
        preview = state.album().get(photo_id).preview
        _pick(photo_id, _rgb_to_hex(_colour_at(preview, where["x"], where["y"])))


def _picked_from_picker(photo_id: str, picker: str) -> None:
    _pick(photo_id, st.session_state[picker])


def _pick(photo_id: str, colour: str | None) -> None:
    st.session_state[_key_state(photo_id)] = colour
    st.session_state[_PICKED] = photo_id


def _reset(*names: str) -> None:
    for name in names:
        st.session_state[f"gs-{name}"] = SETTINGS[name][0]


def _next_step(colour: str) -> str:
    """One thing to do next, in order."""
    done: set[str] = st.session_state.get(_DONE, set())
    if "background" not in done:
        return "You are on the beach! Next: pick a background you like, on the right."
    if "mask" not in done:
        return (
            "Next: turn on Show the mask. You should be white and the cloth black. "
            f"Grey bits of cloth? Open Edges and move How much {colour} to remove up."
        )
    if "move" not in done:
        return "Next: open Move and put yourself in the best place."
    if "download" not in done:
        return "Last step: press Download my picture. You can add a sticker or a frame first."
    return "Well done! Try another background, or take a new photo."


# --- pictures -----------------------------------------------------------------------


def _keyed_preview(photo: Photo, scene: Scene) -> Keyed:
    """The preview keyed with the scene's settings; the last one is kept for quick
    reruns (moving the subject or changing the background does not key again)."""
    wanted = (photo.id, scene.key, scene.strength, scene.softness, scene.spill, scene.cloak)
    kept = st.session_state.get(_KEYED)
    if kept is not None and kept[0] == wanted:
        return kept[1]
    st.session_state.pop(_KEYED, None)  # free the old one before making the next
    keyed = _key(photo.preview, scene, scene.key)
    st.session_state[_KEYED] = (wanted, keyed)
    return keyed


def _key(rgb: RGBImage, scene: Scene, key: tuple[int, int, int] | None) -> Keyed:
    wait_for_keyer()
    return chroma_key(
        rgb,
        key=key,
        strength=scene.strength,
        softness=scene.softness,
        spill=scene.spill,
        keep_inside=not scene.cloak,
    )


def _render(
    keyed: Keyed,
    background: RGBImage,
    scene: Scene,
    *,
    frame: RGBALayer | None = None,
    sticker: RGBALayer | None = None,
) -> RGBImage:
    """The finished picture at the keyed photo's size (the same recipe at any size).

    ``background`` is already cut to the photo's size, ``frame`` already fitted to it;
    ``sticker`` is sized and placed here, from the scene. Layers, bottom to top: the
    background, the pupil, the sticker, the frame.
    """
    rows, cols = keyed.alpha8.shape
    scale = scene.size / 100
    # Sizes are kept about the bottom edge, so a pupil stays standing on the ground.
    offset = (
        -scene.down_up / 100 * rows + (1 - scale) * (rows - 1) / 2,
        scene.left_right / 100 * cols,
    )
    picture = composite(keyed, background, scale=scale, offset=offset)
    if sticker is not None:
        # The size is the sticker's longer side, in percent of the picture's shorter one.
        longest = max(1.0, scene.sticker_size / 100 * min(rows, cols))
        zoom = longest / max(sticker.shape[:2])
        height = max(1, round(sticker.shape[0] * zoom))
        width = max(1, round(sticker.shape[1] * zoom))
        centre = ((1 - scene.sticker_up / 100) * rows, scene.sticker_across / 100 * cols)
        picture = overlay(
            picture,
            resize_layer(sticker, size=(height, width)),
            position=(centre[0] - height / 2, centre[1] - width / 2),
        )
    if frame is not None:  # last: a frame goes round everything
        picture = overlay(picture, frame)
    return picture


def _export_jpeg(photo: Photo, key: tuple[int, int, int], scene: Scene, own: Photo | None) -> bytes:
    """The picture at the photo's full size, as a JPEG without metadata.

    Runs when the download is pressed, outside the page's run: it uses only its
    arguments and the kit's files, never the session or Streamlit's caches.
    """
    keyed = _key(photo.full_size(), scene, key)
    size = keyed.alpha8.shape
    if scene.background == OWN and own is not None:
        background = own.full_size()
    else:
        background = _background_named(scene.background).image()
    picture = _render(
        keyed,
        cover(background, size=size),
        scene,
        frame=_fit_frame(_layer(scene.frame), size) if scene.frame else None,
        sticker=_layer(scene.sticker) if scene.sticker else None,
    )
    return encode_jpeg(picture, quality=92)


def _background_named(name: str) -> Background:
    choices = backgrounds()
    return next((b for b in choices if b.name == name), choices[0])


def _background_preview(scene: Scene, size: tuple[int, int]) -> RGBImage:
    if scene.background == OWN and st.session_state.get(_OWN) is not None:
        return cover(st.session_state[_OWN][1].preview, size=size)
    return _shared_background(_background_named(scene.background).name, size)


@st.cache_resource(max_entries=24, show_spinner=False)
def _shared_background(name: str, size: tuple[int, int]) -> RGBImage:
    # Shared by every pupil: the kit's backgrounds, cut to fit each preview size once.
    picture = cover(_background_named(name).image(max_side=2 * max(size)), size=size)
    picture.flags.writeable = False
    return picture


@st.cache_resource(max_entries=16, show_spinner=False)
def _shared_frame(name: str, size: tuple[int, int]) -> RGBALayer:
    # Shared by every pupil: a frame fitted to a preview size once.
    fitted = _fit_frame(_layer(name), size)
    fitted.flags.writeable = False
    return fitted


@st.cache_resource(max_entries=16, show_spinner=False)
def _shared_sticker(name: str) -> RGBALayer:
    layer = _layer(name)
    layer.flags.writeable = False
    return layer


def _layer(name: str) -> RGBALayer:
    return next(s for s in stickers() if s.name == name).layer()


def _fit_frame(frame: RGBALayer, size: tuple[int, int]) -> RGBALayer:
    return resize_layer(frame, size=size, border=frame_border(frame))


def _data_url(photo: Photo) -> str:
    def make() -> str:
        small = encode_jpeg(fit_within(photo.preview, max_side=720), quality=85)
        return "data:image/jpeg;base64," + base64.b64encode(small).decode("ascii")

    return state.remember(f"gs-dropper-{photo.id}", make)


def _colour_at(rgb: RGBImage, across: float, down: float) -> tuple[int, int, int]:
    """The typical colour around a point given as shares of the width and height (the
    median of a small square, so one noisy pixel does not decide)."""
    rows, cols = rgb.shape[:2]
    row = min(rows - 1, max(0, round(float(down) * (rows - 1))))
    col = min(cols - 1, max(0, round(float(across) * (cols - 1))))
    reach = max(2, max(rows, cols) // 200)
    patch = rgb[max(0, row - reach) : row + reach + 1, max(0, col - reach) : col + reach + 1]
    r, g, b = (int(v) for v in np.median(patch.reshape(-1, 3), axis=0))
    return (r, g, b)


def _colour_word(key: tuple[int, int, int] | None, screen: str) -> str:
    if key is not None:
        return "blue" if key[2] > key[1] else "green"
    return "blue" if screen == "blue" else "green"


def _rgb_to_hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


render()

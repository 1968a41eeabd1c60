"""A green-screen picture: what the pupil chose, and the picture made from it.

A :class:`Scene` is every choice in numbers that suit any size of the same photo (the
keying settings, the background, where the pupil stands and how big, a frame and a
sticker), so the live picture made from the photo's screen-sized preview and the
full-size download come from one recipe (:func:`render_picture`). :class:`StudioWork`
is the pupil's studio as kept between clicks: the scene, the screen colour picked for
each photo, the steps they have done, and their own background.

>>> import numpy as np
>>> scene = Scene()
>>> scene.background, scene.keying.strength, scene.moved
('beach', 50.0, False)
>>> StudioWork().scene_for("abc").keying.key is None
True
>>> colour_at(np.full((10, 10, 3), (20, 200, 40), np.uint8), across=0.5, down=0.5)
(20, 200, 40)
>>> rgb_to_hex((20, 200, 40)), hex_to_rgb("#14c828")
('#14c828', (20, 200, 40))
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np

from workshop_app.imaging.greenscreen import Keyed, composite
from workshop_app.imaging.images import RGBImage
from workshop_app.imaging.layers import RGBALayer, cover, overlay, resize_layer
from workshop_app.media.album import Photo
from workshop_app.media.backgrounds import Background, backgrounds, frame_border, stickers
from workshop_app.media.photos import encode_jpeg
from workshop_app.pupil_work import Record
from workshop_app.studio.keying import RGB, KeyingSettings

OWN_BACKGROUND = "own"
"""The background name of the pupil's own uploaded background."""

STEPS = ("background", "mask", "move", "download")
"""The studio's steps, in the order the next-step hint asks for them."""


@dataclass(frozen=True)
class Scene:
    """Everything the pupil chose for one picture.

    Attributes
    ----------
    keying
        How the photo is keyed (the three sliders, the screen colour, the cloak).
    background
        A kit background's name, or :data:`OWN_BACKGROUND`.
    left_right, down_up
        -50 to 50: where the pupil stands, in percent of the picture's width and height
        (the slider's left end moves left, its low end down).
    size
        30 to 200: the pupil's size in percent; sizes are kept about the bottom edge, so
        a pupil stays standing on the ground.
    frame, sticker
        The names of the kit's frame and sticker, or None.
    sticker_across, sticker_up, sticker_size
        0 to 100: the sticker's centre in percent of the width and height (up from the
        bottom), and its longer side in percent of the picture's shorter side.
    """

    keying: KeyingSettings = field(default_factory=KeyingSettings)
    background: str = "beach"
    left_right: float = 0.0
    down_up: float = 0.0
    size: float = 100.0
    frame: str | None = None
    sticker: str | None = None
    sticker_across: float = 80.0
    sticker_up: float = 75.0
    sticker_size: float = 30.0

    @property
    def moved(self) -> bool:
        """Whether the pupil has moved or sized themself."""
        return (self.left_right, self.down_up, self.size) != (0.0, 0.0, 100.0)

    def but(self, **changes: object) -> Scene:
        """A copy with ``changes``; keying settings may be given by their own names
        (``strength=70``)."""
        keying_names = KeyingSettings.__dataclass_fields__.keys()
        keying = {name: changes.pop(name) for name in list(changes) if name in keying_names}
        if keying:
            changes["keying"] = replace(self.keying, **keying)
        return replace(self, **changes)

    def to_data(self) -> dict[str, object]:
        data: dict[str, object] = {
            name: getattr(self, name) for name in self.__dataclass_fields__ if name != "keying"
        }
        data["keying"] = self.keying.to_dict()
        return data

    @classmethod
    def from_data(cls, data: dict) -> Scene:
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        values["keying"] = KeyingSettings.from_dict(data.get("keying", {}))
        return cls(**values)


@dataclass(frozen=True)
class StudioWork:
    """The pupil's green-screen studio between clicks (keepable).

    Attributes
    ----------
    scene
        The choices, shared by all the pupil's photos; the screen colour is per photo.
    keys
        The screen colour the pupil picked for a photo (by photo id); a photo not
        listed has its colour found for it.
    done
        The :data:`STEPS` done so far.
    own_background
        The pupil's own background picture, if they uploaded one.
    show_mask
        Whether the studio shows the mask (the cut-out in black and white) instead of
        the picture.
    """

    kind: ClassVar[str] = "studio"

    scene: Scene = field(default_factory=Scene)
    keys: tuple[tuple[str, RGB], ...] = ()
    done: frozenset[str] = frozenset()
    own_background: Photo | None = None
    show_mask: bool = False

    def scene_for(self, photo_id: str) -> Scene:
        """The scene with the screen colour picked for this photo (None: find it)."""
        return self.scene.but(key=dict(self.keys).get(photo_id))

    def with_key(self, photo_id: str, key: RGB | None) -> StudioWork:
        """The screen colour picked for a photo; None goes back to finding it."""
        keys = {**dict(self.keys), photo_id: key}
        return replace(self, keys=tuple((k, v) for k, v in keys.items() if v is not None))

    def with_scene(self, **changes: object) -> StudioWork:
        """The scene changed (``background="space"``, ``sticker=None``)."""
        return replace(self, scene=self.scene.but(**changes))

    def with_step(self, step: str) -> StudioWork:
        return self if step in self.done else replace(self, done=self.done | {step})

    def but(self, **changes: object) -> StudioWork:
        return replace(self, **changes)

    def next_step(self) -> str | None:
        """The first of :data:`STEPS` not done yet; None when all are."""
        return next((step for step in STEPS if step not in self.done), None)

    def to_record(self) -> Record:
        own = self.own_background
        return Record(
            {
                "scene": self.scene.to_data(),
                "keys": {photo_id: list(key) for photo_id, key in self.keys},
                "done": sorted(self.done),
                "show_mask": self.show_mask,
                "own_background": None if own is None else {"id": own.id},
            },
            {} if own is None else {"own-background.jpg": own.original},
        )

    @classmethod
    def from_record(cls, record: Record) -> StudioWork:
        data = record.data
        own = None
        if data.get("own_background") is not None:
            own = Photo.from_original(
                data["own_background"]["id"], record.files["own-background.jpg"], source="upload"
            )
        return cls(
            scene=Scene.from_data(data["scene"]),
            keys=tuple((k, (int(v[0]), int(v[1]), int(v[2]))) for k, v in data["keys"].items()),
            done=frozenset(data["done"]),
            own_background=own,
            show_mask=bool(data.get("show_mask", False)),
        )


# --- making the picture ---------------------------------------------------------------


def render_picture(
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


def preview_picture(keyed: Keyed, scene: Scene, *, own: Photo | None = None) -> RGBImage:
    """The live picture, from a keyed preview; the kit's backgrounds, frames and
    stickers are fitted to each preview size once and shared by every pupil."""
    size = keyed.alpha8.shape
    if scene.background == OWN_BACKGROUND and own is not None:
        background = cover(own.preview, size=size)
    else:
        background = fitted_background(background_named(scene.background).name, size)
    return render_picture(
        keyed,
        background,
        scene,
        frame=fitted_frame(scene.frame, size) if scene.frame else None,
        sticker=sticker_layer(scene.sticker) if scene.sticker else None,
    )


def export_jpeg(photo: Photo, scene: Scene, *, key: RGB, own: Photo | None = None) -> bytes:
    """The picture at the photo's full size, as a JPEG without metadata.

    ``key`` is the screen colour the preview was keyed with, so the full-size photo is
    keyed exactly as the pupil saw it. Uses only its arguments and the kit's files, so
    it can run when a download is pressed, outside the page's run.
    """
    keyed = scene.keying.key_photo(photo.full_size(), key=key)
    size = keyed.alpha8.shape
    if scene.background == OWN_BACKGROUND and own is not None:
        background = own.full_size()
    else:
        background = background_named(scene.background).image()
    picture = render_picture(
        keyed,
        cover(background, size=size),
        scene,
        frame=_fit_frame(_layer(scene.frame), size) if scene.frame else None,
        sticker=_layer(scene.sticker) if scene.sticker else None,
    )
    return encode_jpeg(picture, quality=92)


def background_named(name: str) -> Background:
    """The kit's background of that name (the first one if there is none)."""
    choices = backgrounds()
    return next((b for b in choices if b.name == name), choices[0])


@functools.lru_cache(maxsize=24)
def fitted_background(name: str, size: tuple[int, int]) -> RGBImage:
    """A kit background cut to ``size`` (rows, cols); read-only, shared."""
    picture = cover(background_named(name).image(max_side=2 * max(size)), size=size)
    picture.flags.writeable = False
    return picture


@functools.lru_cache(maxsize=16)
def fitted_frame(name: str, size: tuple[int, int]) -> RGBALayer:
    """A kit frame fitted to ``size`` (rows, cols); read-only, shared."""
    fitted = _fit_frame(_layer(name), size)
    fitted.flags.writeable = False
    return fitted


@functools.lru_cache(maxsize=16)
def sticker_layer(name: str) -> RGBALayer:
    """A kit sticker at its own size; read-only, shared."""
    layer = _layer(name)
    layer.flags.writeable = False
    return layer


def _layer(name: str) -> RGBALayer:
    return next(s for s in stickers() if s.name == name).layer()


def _fit_frame(frame: RGBALayer, size: tuple[int, int]) -> RGBALayer:
    return resize_layer(frame, size=size, border=frame_border(frame))


# --- the screen colour under a click ----------------------------------------------------


def colour_at(rgb: RGBImage, *, across: float, down: float) -> RGB:
    """The typical colour around a point given as shares of the width and height (the
    median of a small square, so one noisy pixel does not decide)."""
    rows, cols = rgb.shape[:2]
    row = min(rows - 1, max(0, round(float(down) * (rows - 1))))
    col = min(cols - 1, max(0, round(float(across) * (cols - 1))))
    reach = max(2, max(rows, cols) // 200)
    patch = rgb[max(0, row - reach) : row + reach + 1, max(0, col - reach) : col + reach + 1]
    r, g, b = (int(v) for v in np.median(patch.reshape(-1, 3), axis=0))
    return (r, g, b)


def rgb_to_hex(colour: RGB) -> str:
    """``(20, 200, 40)`` -> ``"#14c828"``, as colour pickers say it."""
    return "#{:02x}{:02x}{:02x}".format(*colour)


def hex_to_rgb(colour: str) -> RGB:
    """``"#14c828"`` -> ``(20, 200, 40)``."""
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))

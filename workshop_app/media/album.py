"""A pupil's photos for one session: the kept original, a screen-sized copy, the edits.

Photos come in as file bytes (camera or upload). On the way in they are turned the
right way up and re-saved without any metadata, so what the album keeps carries no
location, no camera serial and no name; its id is random. The screen-sized copy is
what edits are previewed on; the full-size photo is only decoded again for a download.

The album lives in memory (the pupil's session): nothing here touches the disk.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

from workshop_app.errors import ImageError
from workshop_app.imaging.edits import History, Recipe
from workshop_app.imaging.geometry import fit_within
from workshop_app.imaging.images import RGBImage
from workshop_app.media.photos import encode_jpeg, load_image
from workshop_app.pupil_work import Record

PREVIEW_SIDE = 1024
"""Long side of the working copy, in pixels: sharp on a laptop screen, fast to edit."""

ORIGINAL_QUALITY = 95
"""JPEG quality of the kept original: no visible loss, a quarter of the PNG size."""

MAX_PHOTOS = 24
"""Photos one pupil can keep at once (a burst is up to 20)."""

Source = Literal["camera", "upload", "sample"]


@dataclass(frozen=True)
class Photo:
    """One photo in the album.

    Attributes
    ----------
    id
        Random, never a name or a file name (no names on images).
    original
        The full-size photo, upright, as a JPEG with no metadata.
    preview
        RGB ``uint8`` working copy, long side at most :data:`PREVIEW_SIDE`.
    size
        ``(rows, cols)`` of the full-size photo.
    source
        Where it came from.
    history
        The guided edits made to it, with undo and redo.
    """

    id: str
    original: bytes = field(repr=False)
    preview: RGBImage = field(repr=False)
    size: tuple[int, int]
    source: Source
    history: History = field(default_factory=History)

    @classmethod
    def from_original(
        cls, photo_id: str, original: bytes, *, source: Source, history: History | None = None
    ) -> Photo:
        """A kept photo read back from its JPEG (its preview made again)."""
        full = load_image(original)
        rows, cols = full.shape[:2]
        preview = fit_within(full, max_side=PREVIEW_SIDE)
        return cls(photo_id, original, preview, (rows, cols), source, history or History())

    def full_size(self) -> RGBImage:
        """The full-size photo, decoded again (for a download)."""
        return load_image(self.original)

    def export_jpeg(self, *, quality: int = 92) -> bytes:
        """The full-size photo with its edits, as JPEG bytes without metadata."""
        return encode_jpeg(self.history.present.apply(self.full_size()), quality=quality)


def _photo_data(photo: Photo) -> dict[str, object]:
    history = photo.history
    return {
        "id": photo.id,
        "source": photo.source,
        "size": list(photo.size),
        "history": {
            "present": history.present.to_steps(),
            "past": [recipe.to_steps() for recipe in history.past],
            "future": [recipe.to_steps() for recipe in history.future],
            "limit": history.limit,
        },
    }


def _history_from_data(data: dict) -> History:
    return History(
        Recipe.from_steps(data["present"]),
        tuple(Recipe.from_steps(steps) for steps in data["past"]),
        tuple(Recipe.from_steps(steps) for steps in data["future"]),
        int(data["limit"]),
    )


def make_photo(
    data: bytes, *, source: Source, prepare: Callable[[RGBImage], RGBImage] | None = None
) -> Photo:
    """Read a photo file into an album entry (upright, metadata-free, with a preview).

    Parameters
    ----------
    data
        The file's bytes.
    source
        Where it came from.
    prepare
        A change made to the full-size photo before anything is kept (for street
        photos: blurring faces). The unprepared photo is never stored.

    Raises
    ------
    ImageError
        If the file is not a photo that can be opened; ``cause`` says why.
    """
    full = load_image(data)
    if prepare is not None:
        full = prepare(full)
    rows, cols = full.shape[:2]
    # The preview comes from the decoded photo: decoding the file twice costs more.
    preview = fit_within(full, max_side=PREVIEW_SIDE)
    original = encode_jpeg(full, quality=ORIGINAL_QUALITY)
    del full
    return Photo(secrets.token_hex(6), original, preview, (rows, cols), source)


class Album:
    """A pupil's photos, newest last, at most :data:`MAX_PHOTOS`.

    Keepable (:mod:`workshop_app.pupil_work`): its record holds each photo's id, source,
    size and edit history as data, and its metadata-free JPEG as a file; the preview is
    made again from the JPEG when the album is read back.
    """

    kind: ClassVar[str] = "album"

    def __init__(self) -> None:
        self._photos: dict[str, Photo] = {}

    def to_record(self) -> Record:
        return Record(
            {"photos": [_photo_data(photo) for photo in self._photos.values()]},
            {f"{photo.id}.jpg": photo.original for photo in self._photos.values()},
        )

    @classmethod
    def from_record(cls, record: Record) -> Album:
        album = cls()
        for data in record.data["photos"]:
            photo = Photo.from_original(
                data["id"],
                record.files[f"{data['id']}.jpg"],
                source=data["source"],
                history=_history_from_data(data["history"]),
            )
            album._photos[photo.id] = photo
        return album

    def __len__(self) -> int:
        return len(self._photos)

    def __iter__(self) -> Iterator[Photo]:
        return iter(list(self._photos.values()))

    def __contains__(self, photo_id: object) -> bool:
        return photo_id in self._photos

    def add(self, photo: Photo) -> Photo:
        """Keep ``photo``; an album that is full refuses it (cause ``"album-full"``)."""
        if len(self._photos) >= MAX_PHOTOS:
            msg = f"album full: {MAX_PHOTOS} photos"
            raise ImageError(msg, cause="album-full", limit=MAX_PHOTOS)
        self._photos[photo.id] = photo
        return photo

    def get(self, photo_id: str) -> Photo:
        try:
            return self._photos[photo_id]
        except KeyError:
            msg = f"no photo {photo_id!r} in this album"
            raise ImageError(msg, cause="photo-gone") from None

    def latest(self) -> Photo | None:
        return next(reversed(self._photos.values()), None)

    def update(self, photo_id: str, *, history: History) -> Photo:
        """Record new edits of a photo."""
        photo = replace(self.get(photo_id), history=history)
        self._photos[photo_id] = photo
        return photo

    def remove(self, photo_id: str) -> None:
        """Delete a photo for good (it was only ever in memory)."""
        self._photos.pop(photo_id, None)

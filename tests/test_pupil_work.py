"""The pupil's work: every kept model is plain data and files, and the store keeps them."""

from __future__ import annotations

import numpy as np
import pytest

from workshop_app.coding.attempts import CodeAttempt
from workshop_app.imaging.edits import History, Recipe
from workshop_app.lessons.model import EditExercise
from workshop_app.lessons.progress import Progress
from workshop_app.media.album import Album, make_photo
from workshop_app.media.photos import encode_jpeg
from workshop_app.pupil_work import Keepable, MemoryWorkStore, round_trip
from workshop_app.studio.scene import StudioWork
from workshop_app.ui.choices import PupilChoices


def a_photo(seed: int):
    rng = np.random.default_rng(seed)
    return make_photo(
        encode_jpeg(rng.integers(0, 255, (60, 80, 3), dtype=np.uint8)), source="camera"
    )


def test_the_album_keeps_its_photos_and_their_edit_histories():
    album = Album()
    first, second = album.add(a_photo(1)), album.add(a_photo(2))
    edited = History().push(Recipe().set("blur", amount=10)).push(Recipe().set("sepia"))
    album.update(first.id, history=edited.undo())
    again = round_trip(album)
    assert [p.id for p in again] == [first.id, second.id]
    photo = again.get(first.id)
    assert photo.history == edited.undo()
    assert photo.history.redo() == edited
    assert photo.original == first.original
    assert photo.size == first.size
    assert photo.preview.shape == first.preview.shape
    assert again.to_record().files.keys() == {f"{first.id}.jpg", f"{second.id}.jpg"}


@pytest.mark.parametrize(
    "item",
    [
        Progress("photo-day-9-11", page=3).answer("eyes", 1),
        PupilChoices(
            age_group="9-11",
            pack_id="photo-day-9-11",
            photo_id="abc",
            exercise=EditExercise(kind="edit", edits=["crop", "blur"]),
            burst=("a", "b"),
        ),
        PupilChoices(),
        CodeAttempt("flag-order", order=(2, 0, 1), indents=(0, 1, 0), left_out=frozenset({1})),
        CodeAttempt("write-grayscale", source="def grey(p):\n    return p\n", runs=3, solved=True),
        StudioWork().with_key("p1", (1, 200, 3)).with_step("mask"),
    ],
    ids=lambda item: type(item).__name__,
)
def test_every_model_is_plain_data(item):
    assert isinstance(item, Keepable)
    assert round_trip(item) == item


def test_the_store_keeps_models_by_kind_and_name():
    store = MemoryWorkStore()
    store.put(Progress("a"), "a")
    store.put(Progress("b", page=2), "b")
    store.put(CodeAttempt("a"), "a")
    assert store.get(Progress, "b") == Progress("b", page=2)
    assert store.names(Progress) == ["a", "b"]
    assert store.get(CodeAttempt, "a") == CodeAttempt("a")
    assert store.get(Progress, "c") is None
    store.remove(Progress, "a")
    assert store.names(Progress) == ["b"]
    store.remove(Progress, "a")  # nothing kept: nothing happens

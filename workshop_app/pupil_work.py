"""Where one pupil's work is kept: one small interface, whatever keeps it.

A pupil's work is a handful of typed models, each owned by its feature package: the
album with every photo's edit history (:class:`~workshop_app.media.album.Album`), the
green-screen studio (:class:`~workshop_app.studio.scene.StudioWork`), the film project
(:class:`~workshop_app.studio.project.FilmProject`), code attempts
(:class:`~workshop_app.coding.attempts.CodeAttempt`), lesson progress and quiz answers
(:class:`~workshop_app.lessons.progress.Progress`), and where the pupil is in the app.

Each model is *keepable*: it names its :attr:`~Keepable.kind` and turns itself into a
:class:`Record` (plain JSON-able data, plus named files such as a photo's JPEG bytes)
and back. A :class:`WorkStore` keeps models by kind and name; the pages never see
which store it is. :class:`MemoryWorkStore` keeps them in the server's memory for one
browser tab (today's default); a database-backed store keeps records instead, and the
same pages work on it unchanged.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Note:
...     kind = "note"
...     text: str
...     def to_record(self): return Record({"text": self.text})
...     @classmethod
...     def from_record(cls, record): return cls(record.data["text"])
>>> store = MemoryWorkStore()
>>> store.put(Note("hello"), "first")
>>> store.get(Note, "first")
Note(text='hello')
>>> store.names(Note), store.get(Note, "second") is None
(['first'], True)
>>> round_trip(Note("hi")) == Note("hi")
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Self, TypeVar, runtime_checkable


@dataclass(frozen=True)
class Record:
    """A model as plain data: what a store writes.

    Attributes
    ----------
    data
        JSON-able values only (dicts, lists, strings, numbers, booleans, None).
    files
        Named bytes that belong to the model (a photo's JPEG); a database-backed store
        writes them as files beside the database and keeps their names.
    """

    data: Mapping[str, Any]
    files: Mapping[str, bytes] = field(default_factory=dict)


@runtime_checkable
class Keepable(Protocol):
    """A model a :class:`WorkStore` can keep."""

    kind: ClassVar[str]
    """A stable name for the model's kind, e.g. ``"album"``."""

    def to_record(self) -> Record: ...

    @classmethod
    def from_record(cls, record: Record) -> Self: ...


ModelT = TypeVar("ModelT", bound=Keepable)


class WorkStore(Protocol):
    """Keeps one pupil's models, by kind and name (``""`` when a pupil has one)."""

    def get(self, model: type[ModelT], name: str = "") -> ModelT | None:
        """The kept model, or None."""
        ...

    def put(self, item: Keepable, name: str = "") -> None:
        """Keep ``item`` (replacing what was kept under its kind and name)."""
        ...

    def remove(self, model: type[Keepable], name: str = "") -> None:
        """Forget a model (nothing happens if none is kept)."""
        ...

    def names(self, model: type[Keepable]) -> list[str]:
        """The names kept for a kind, oldest first."""
        ...


class MemoryWorkStore:
    """A :class:`WorkStore` in the server's memory: one browser tab's work.

    It keeps the models themselves (a photo is not encoded again on every click);
    :func:`round_trip` is how tests check that each one could be written anywhere.
    """

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Keepable] = {}

    def get(self, model: type[ModelT], name: str = "") -> ModelT | None:
        item = self._items.get((model.kind, name))
        return item if isinstance(item, model) else None

    def put(self, item: Keepable, name: str = "") -> None:
        self._items[(item.kind, name)] = item

    def remove(self, model: type[Keepable], name: str = "") -> None:
        self._items.pop((model.kind, name), None)

    def names(self, model: type[Keepable]) -> list[str]:
        return [name for kind, name in self._items if kind == model.kind]


def round_trip(item: ModelT) -> ModelT:
    """``item`` written as a record, through JSON, and read back (for tests).

    Raises ``TypeError`` if the record's data is not JSON-able.
    """
    record = item.to_record()
    data = json.loads(json.dumps(record.data))
    return type(item).from_record(Record(data, dict(record.files)))

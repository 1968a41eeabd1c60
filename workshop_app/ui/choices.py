"""Where a pupil is in the app: the choices that carry from page to page.

Pure and keepable (:mod:`workshop_app.pupil_work`); :mod:`workshop_app.ui.state` keeps
it with the rest of the pupil's work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from pydantic import TypeAdapter

from workshop_app.lessons.model import Exercise
from workshop_app.pupil_work import Record

_EXERCISE = TypeAdapter(Exercise)


@dataclass(frozen=True)
class PupilChoices:
    """The age group and pack a pupil chose, the photo they work on, the exercise a
    lesson step opened (with the pack's settings for it), and their action burst.

    Attributes
    ----------
    age_group
        ``"9-11"``, as the packs say it; None until chosen.
    pack_id
        The lesson pack opened last.
    photo_id
        The photo chosen to work on (the newest when None).
    exercise
        The exercise a lesson step opened, if any.
    burst
        The ids of the photos in the action burst being taken, oldest first.
    """

    kind: ClassVar[str] = "choices"

    age_group: str | None = None
    pack_id: str | None = None
    photo_id: str | None = None
    exercise: Exercise | None = None
    burst: tuple[str, ...] = ()

    def but(self, **changes: object) -> PupilChoices:
        """A copy with ``changes``."""
        return replace(self, **changes)

    def to_record(self) -> Record:
        return Record(
            {
                "age_group": self.age_group,
                "pack_id": self.pack_id,
                "photo_id": self.photo_id,
                "exercise": None if self.exercise is None else self.exercise.model_dump(),
                "burst": list(self.burst),
            }
        )

    @classmethod
    def from_record(cls, record: Record) -> PupilChoices:
        data = record.data
        exercise = data.get("exercise")
        return cls(
            age_group=data.get("age_group"),
            pack_id=data.get("pack_id"),
            photo_id=data.get("photo_id"),
            exercise=None if exercise is None else _EXERCISE.validate_python(exercise),
            burst=tuple(data.get("burst", ())),
        )

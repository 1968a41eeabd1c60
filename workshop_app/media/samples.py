"""Practice photos shipped in ``sample_media/photos`` (sources and licences in its README).

A file's name starts with what it is for: ``portrait_``, ``action_`` or ``street_``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workshop_app.settings import PROJECT_ROOT

SAMPLE_PHOTOS = PROJECT_ROOT / "sample_media" / "photos"


@dataclass(frozen=True)
class SampleFile:
    """A shipped practice file whose name says what it is for: ``<kind>_<title words>``."""

    path: Path

    @property
    def kind(self) -> str:
        """What it is for, from the file name: ``action_burst_2.jpg`` -> ``"action"``."""
        return self.path.stem.split("_", 1)[0]

    @property
    def title(self) -> str:
        """Words for a button: ``action_burst_2.jpg`` -> ``"Burst 2"``."""
        return self.path.stem.split("_", 1)[-1].replace("_", " ").capitalize()


@dataclass(frozen=True)
class SamplePhoto(SampleFile):
    """A practice photo: ``portrait_``, ``action_``, ``street_`` or ``greenscreen_``."""

    def read(self) -> bytes:
        return self.path.read_bytes()


def sample_photos(kind: str | None = None) -> list[SamplePhoto]:
    """The practice photos, in name order; only one kind when ``kind`` is given."""
    if not SAMPLE_PHOTOS.is_dir():
        return []
    photos = [SamplePhoto(path) for path in sorted(SAMPLE_PHOTOS.glob("*.jpg"))]
    return [photo for photo in photos if kind is None or photo.kind == kind]

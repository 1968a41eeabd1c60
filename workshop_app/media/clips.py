"""Practice clips and background videos shipped in ``sample_media/clips`` (see its README).

A file's name says what it is for: ``practice_`` (a green-screen clip for pupils without
a camera) or ``background_`` (a short video that loops behind a film).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workshop_app.media.samples import SampleFile
from workshop_app.settings import PROJECT_ROOT

SAMPLE_CLIPS = PROJECT_ROOT / "sample_media" / "clips"

CLIP_SUFFIXES = (".mp4", ".webm")


@dataclass(frozen=True)
class SampleClip(SampleFile):
    """A shipped clip: ``practice_`` (to key) or ``background_`` (to play behind)."""


def sample_clips(kind: str | None = None, *, folder: Path | None = None) -> list[SampleClip]:
    """The shipped clips, in name order; only one kind when ``kind`` is given."""
    folder = SAMPLE_CLIPS if folder is None else folder
    if not folder.is_dir():
        return []
    clips = [
        SampleClip(path)
        for path in sorted(folder.iterdir())
        if path.suffix in CLIP_SUFFIXES and path.is_file()
    ]
    return [clip for clip in clips if kind is None or clip.kind == kind]


def practice_clips() -> list[SampleClip]:
    """Green-screen clips to practise with."""
    return sample_clips("practice")


def background_clips() -> list[SampleClip]:
    """Short videos that loop behind a film."""
    return sample_clips("background")

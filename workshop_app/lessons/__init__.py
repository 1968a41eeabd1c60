"""Lesson packs: the schema, the step format, loading and validation."""

from workshop_app.lessons.loader import (
    LessonPack,
    Library,
    Step,
    library_problems,
    load_library,
    load_pack,
)
from workshop_app.lessons.model import PackManifest
from workshop_app.lessons.steps import Section, StepContent, parse_step

__all__ = [
    "LessonPack",
    "Library",
    "PackManifest",
    "Section",
    "Step",
    "StepContent",
    "library_problems",
    "load_library",
    "load_pack",
    "parse_step",
]

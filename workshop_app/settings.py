"""Where the kit finds its files. Environment variables override, for trainers and tests."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LESSONS_ENV = "WORKSHOP_LESSONS_DIR"


def lessons_dir() -> Path:
    """The folder of lesson packs: ``$WORKSHOP_LESSONS_DIR``, else ``lessons/`` in the project."""
    override = os.environ.get(LESSONS_ENV)
    return Path(override) if override else PROJECT_ROOT / "lessons"

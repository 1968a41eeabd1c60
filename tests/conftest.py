"""Shared test helpers: a small valid lesson pack that tests can break on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

STEP_MARKDOWN = """\
Today you will take a photo.

--- task ---
Take a photo of your partner.
--- /task ---

--- test ---
Test: can you see their eyes?
--- /test ---

--- debug ---
- Too dark? Face the window.
--- /debug ---

--- hints ---
--- hint ---
Stand back one step.
--- /hint ---
--- hint ---
Put their eyes on the top line.
--- /hint ---
--- /hints ---
"""


def valid_manifest() -> dict:
    """A small pack manifest that passes validation."""
    return {
        "id": "tiny-pack",
        "title": "A tiny pack",
        "ages": "8-9",
        "duration_minutes": 60,
        "summary": "Take one portrait.",
        "equipment": ["A laptop with a camera"],
        "objectives": ["I can take a portrait"],
        "curriculum": [
            {"framework": "england-ks2-art", "statement": "improve their mastery of techniques"}
        ],
        "safeguarding": ["Check the photo consent list"],
        "trainer_script": [
            {"at": 0, "minutes": 10, "title": "Welcome", "say": "Hello", "step": "welcome"},
            {"at": 10, "minutes": 50, "title": "Portraits", "say": "Go", "pause": True},
        ],
        "steps": [
            {"id": "welcome", "title": "Welcome", "file": "steps/01-welcome.md", "minutes": 10},
            {
                "id": "portrait",
                "title": "Take a portrait",
                "file": "steps/02-portrait.md",
                "minutes": 30,
                "exercise": {"kind": "portrait", "guide": "thirds"},
            },
        ],
        "extensions": [{"title": "Low angle", "description": "Shoot from low down."}],
        "quiz": [
            {
                "id": "eyes",
                "question": "Where do the eyes go?",
                "choices": [
                    {"text": "On the top line", "correct": True, "feedback": "Yes."},
                    {"text": "In the middle", "feedback": "No: the top line."},
                ],
            }
        ],
        "teacher_notes": "teacher-notes.md",
    }


PackMaker = Callable[..., Path]


@pytest.fixture
def make_pack(tmp_path: Path) -> PackMaker:
    """Write a pack folder; ``manifest`` and ``steps`` replace the valid defaults.

    ``manifest_text`` writes ``pack.yaml`` verbatim instead of dumping ``manifest``.
    """

    def make(
        name: str = "tiny-pack",
        *,
        manifest: dict | None = None,
        manifest_text: str | None = None,
        steps: dict[str, str] | None = None,
        root: Path | None = None,
    ) -> Path:
        folder = (root or tmp_path) / name
        (folder / "steps").mkdir(parents=True)
        text = manifest_text
        if text is None:
            text = yaml.safe_dump(manifest or valid_manifest(), sort_keys=False)
        (folder / "pack.yaml").write_text(text, encoding="utf-8")
        for file, markdown in (
            steps or {"01-welcome.md": STEP_MARKDOWN, "02-portrait.md": STEP_MARKDOWN}
        ).items():
            (folder / "steps" / file).write_text(markdown, encoding="utf-8")
        (folder / "teacher-notes.md").write_text("Run it after lunch.", encoding="utf-8")
        return folder

    return make

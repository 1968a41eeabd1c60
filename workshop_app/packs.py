"""Lesson packs checked together with what they refer to: their code-lab tasks.

The lessons layer reads packs; the coding layer reads task files. This module, above
both, checks that every coding step names a task the pack ships and that every task
file is sound, so the validator and the app refuse the same broken packs with the
same words.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from workshop_app.coding.tasks import TASKS_FOLDER, load_tasks
from workshop_app.lessons.loader import MANIFEST_NAME, LessonPack, Library, load_library
from workshop_app.yaml_files import shown_path


def load_checked_library(root: Path) -> Library:
    """Every pack in ``root``; a pack whose tasks are missing or broken is refused."""
    library = load_library(root)
    problems = dict(library.problems)
    for pack in library.packs:
        pack_problems = task_problems(pack)
        if pack_problems:
            problems[pack.folder.name] = pack_problems
    usable = tuple(pack for pack in library.packs if pack.folder.name not in problems)
    return replace(library, packs=usable, problems=problems)


def task_problems(pack: LessonPack) -> list[str]:
    """Broken task files of ``pack``, and coding steps naming a task it does not ship."""
    _, problems = load_tasks(pack.folder)
    manifest = shown_path(pack.folder / MANIFEST_NAME)
    for index, step in enumerate(pack.steps):
        exercise = step.ref.exercise
        if exercise is None or exercise.kind != "coding":
            continue
        if not (pack.folder / TASKS_FOLDER / f"{exercise.task}.yaml").is_file():
            problems.append(
                f"{manifest}, steps[{index}].exercise.task: no task file "
                f"{TASKS_FOLDER}/{exercise.task}.yaml in the pack"
            )
    return problems

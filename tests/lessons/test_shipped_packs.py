"""The packs the kit ships: valid, and complete enough to run a real day."""

from __future__ import annotations

import pytest

from workshop_app.lessons import library_problems, load_library
from workshop_app.settings import PROJECT_ROOT

LIBRARY = load_library(PROJECT_ROOT / "lessons")
PACKS = {pack.id: pack for pack in LIBRARY.packs}


def test_every_shipped_pack_validates():
    assert library_problems(LIBRARY) == []


def test_one_pack_per_age_group():
    assert LIBRARY.age_groups() == ["8-9", "9-11", "12-14"]


@pytest.mark.parametrize("pack_id", sorted(PACKS))
def test_pack_is_complete(pack_id):
    pack = PACKS[pack_id]
    manifest = pack.manifest
    assert len(pack.steps) >= 5
    assert len(manifest.objectives) >= 3
    assert len(manifest.quiz) >= 3
    assert len(manifest.extensions) >= 2
    assert manifest.safeguarding
    assert len(pack.teacher_notes) > 500
    frameworks = {link.framework for link in manifest.curriculum}
    assert "wales-dcf" in frameworks
    assert frameworks & {"england-ks2-computing", "england-ks3-computing"}
    assert any(segment.pause for segment in manifest.trainer_script)
    assert manifest.trainer_script[-1].at + manifest.trainer_script[-1].minutes <= (
        manifest.duration_minutes
    )
    for step in pack.steps:
        assert step.content.sections, f"{step.ref.file} is empty"
    assert any(step.content.ladders for step in pack.steps)
    assert any(step.ref.exercise for step in pack.steps)


def test_packs_use_every_kind_of_exercise_between_them():
    kinds = {s.ref.exercise.kind for p in LIBRARY.packs for s in p.steps if s.ref.exercise}
    assert kinds == {"portrait", "action", "street", "edit", "greenscreen", "film", "coding"}


def test_at_least_fifteen_coding_tasks():
    tasks = {
        step.ref.exercise.task
        for pack in LIBRARY.packs
        for step in pack.steps
        if step.ref.exercise and step.ref.exercise.kind == "coding"
    }
    assert len(tasks) >= 15

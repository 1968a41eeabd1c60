"""Loading packs: valid ones load, and each kind of broken pack says exactly what is wrong."""

from __future__ import annotations

import copy

import pytest

from tests.conftest import STEP_MARKDOWN, valid_manifest
from workshop_app.errors import LessonPackError, WorkshopError
from workshop_app.lessons import load_library, load_pack
from workshop_app.ui.messages import explain


def broken(change) -> dict:
    manifest = copy.deepcopy(valid_manifest())
    change(manifest)
    return manifest


def test_valid_pack_loads(make_pack):
    pack = load_pack(make_pack())
    assert pack.id == "tiny-pack"
    assert pack.manifest.ages.label == "8-9"
    assert [step.id for step in pack.steps] == ["welcome", "portrait"]
    assert pack.steps[1].ref.exercise.kind == "portrait"
    assert pack.steps[0].content.ladders == (
        ("Stand back one step.", "Put their eyes on the top line."),
    )
    assert pack.teacher_notes == "Run it after lunch."


BROKEN_MANIFESTS = {
    "unknown exercise": (
        lambda m: m["steps"][1]["exercise"].update(kind="portait"),
        "steps[1].exercise: unknown exercise 'portait'; choose one of: portrait,",
    ),
    "missing step file": (
        lambda m: m["steps"][0].update(file="steps/nope.md"),
        "steps[0].file: step file 'steps/nope.md' not found in the pack",
    ),
    "step file outside the pack": (
        lambda m: m["steps"][0].update(file="../../etc/passwd"),
        "steps[0].file: step file '../../etc/passwd' not found in the pack",
    ),
    "ages the wrong way round": (
        lambda m: m.update(ages="9-8"),
        "ages: bad age range 9-8: the first age must not be bigger than the second",
    ),
    "ages out of range": (
        lambda m: m.update(ages="3-4"),
        "ages: bad age range 3-4: ages must be between 5 and 18",
    ),
    "ages not a range": (lambda m: m.update(ages="eight"), "ages: write the ages like 8-9"),
    "duplicate step ids": (
        lambda m: m["steps"][1].update(id="welcome"),
        "steps: duplicate step ids: welcome",
    ),
    "duplicate question ids": (
        lambda m: m["quiz"].append(copy.deepcopy(m["quiz"][0])),
        "quiz: duplicate question ids: eyes",
    ),
    "missing field": (lambda m: m.pop("title"), "title: is missing"),
    "misspelt field": (
        lambda m: m.update(sumary=m.pop("summary")),
        "sumary: unknown field: did you mean 'summary'?",
    ),
    "objective not an I-can statement": (
        lambda m: m["objectives"].append("Learn the rule of thirds"),
        "objectives: objectives are \"I can ...\" statements: 'Learn the rule of thirds'",
    ),
    "quiz without a right answer": (
        lambda m: m["quiz"][0]["choices"][0].update(correct=False),
        "quiz[0].choices: needs exactly one choice with 'correct: true', found 0",
    ),
    "unknown curriculum": (
        lambda m: m["curriculum"][0].update(framework="scotland-cfe"),
        "curriculum[0].framework: unknown curriculum 'scotland-cfe'; choose one of:",
    ),
    "script parts overlap": (
        lambda m: m["trainer_script"][1].update(at=5),
        "trainer_script[1].at: starts at minute 5, before the part before it ends (minute 10)",
    ),
    "script runs past the day": (
        lambda m: m["trainer_script"][1].update(minutes=60),
        "trainer_script[1].minutes: ends at minute 70, after the day ends",
    ),
    "script names an unknown step": (
        lambda m: m["trainer_script"][0].update(step="hello"),
        "trainer_script[0].step: no step with id 'hello'",
    ),
    "unknown edit": (
        lambda m: m["steps"][1].update(exercise={"kind": "edit", "edits": ["brightnes"]}),
        "steps[1].exercise.edits[0]: 'brightnes' is not allowed; choose one of:",
    ),
    "edit listed twice": (
        lambda m: m["steps"][1].update(exercise={"kind": "edit", "edits": ["crop", "crop"]}),
        "steps[1].exercise.edits: duplicate edits: crop",
    ),
    "coding exercise without a task": (
        lambda m: m["steps"][1].update(exercise={"kind": "coding"}),
        "steps[1].exercise.task: is missing",
    ),
    "exercise setting misspelt": (
        lambda m: m["steps"][1]["exercise"].update(grid="thirds"),
        "steps[1].exercise.grid: unknown field",
    ),
    "bad id": (
        lambda m: m.update(id="My Pack"),
        "id: 'My Pack' is not a valid id: use lower-case words joined by hyphens",
    ),
    "missing teacher notes": (
        lambda m: m.update(teacher_notes="notes.md"),
        "teacher_notes: file 'notes.md' not found in the pack",
    ),
}


@pytest.mark.parametrize("case", BROKEN_MANIFESTS, ids=str)
def test_broken_manifest_names_file_and_field(make_pack, case):
    change, expected = BROKEN_MANIFESTS[case]
    folder = make_pack(manifest=broken(change))
    with pytest.raises(LessonPackError) as caught:
        load_pack(folder)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert "pack.yaml, line " in problems[0]
    assert expected in problems[0]


def test_problem_points_at_the_yaml_line(make_pack):
    folder = make_pack(manifest=broken(lambda m: m["steps"][1]["exercise"].update(kind="film2")))
    lines = (folder / "pack.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "film2" in text)
    with pytest.raises(LessonPackError, match=rf"pack\.yaml, line {line}, steps\[1\]\.exercise"):
        load_pack(folder)


BROKEN_STEPS = {
    "block never closed": (
        "--- task ---\nDo it\n",
        "steps/01-welcome.md, line 1: '--- task ---' is never closed",
    ),
    "unknown block": (
        "--- taks ---\nDo it\n--- /taks ---\n",
        "steps/01-welcome.md, line 1: unknown block 'taks'; use one of:",
    ),
    "hint outside hints": (
        "--- hint ---\nA\n--- /hint ---\n",
        "steps/01-welcome.md, line 1: a 'hint' block cannot go outside 'hints'",
    ),
    "wrong closing marker": (
        "--- task ---\nA\n--- /test ---\n--- /task ---\n",
        "steps/01-welcome.md, line 3: '--- /test ---' does not close a block",
    ),
    "remote picture": (
        "![a cat](https://example.org/cat.png)\n",
        "steps/01-welcome.md, line 1: picture 'https://example.org/cat.png' is on the internet",
    ),
    "picture missing": (
        "![a cat](images/cat.png)\n",
        "steps/01-welcome.md: picture 'images/cat.png' not found",
    ),
    "picture outside the pack": (
        "![a cat](../cat.png)\n",
        "steps/01-welcome.md, line 1: picture '../cat.png' must be a path inside the pack",
    ),
}


@pytest.mark.parametrize("case", BROKEN_STEPS, ids=str)
def test_broken_step_file_names_file_and_line(make_pack, case):
    markdown, expected = BROKEN_STEPS[case]
    folder = make_pack(steps={"01-welcome.md": markdown, "02-portrait.md": STEP_MARKDOWN})
    with pytest.raises(LessonPackError) as caught:
        load_pack(folder)
    assert len(caught.value.problems) == 1, caught.value.problems
    assert expected in caught.value.problems[0]


def test_not_yaml(make_pack):
    folder = make_pack(manifest_text="title: [unclosed\nages: 8-9\n")
    with pytest.raises(LessonPackError, match=r"pack\.yaml, line \d+: not valid YAML"):
        load_pack(folder)


def test_yaml_that_is_not_a_mapping(make_pack):
    folder = make_pack(manifest_text="- just\n- a list\n")
    with pytest.raises(LessonPackError, match="must be a YAML mapping"):
        load_pack(folder)


def test_missing_manifest(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(LessonPackError, match=r"pack\.yaml: missing"):
        load_pack(tmp_path / "empty")


def test_yes_and_no_stay_words(make_pack):
    text = (
        (make_pack("probe") / "pack.yaml")
        .read_text()
        .replace("feedback: Yes.", "feedback: Yes")
        .replace("feedback: 'No: the top line.'", "feedback: No")
    )
    folder = make_pack(manifest_text=text)
    choices = load_pack(folder).manifest.quiz[0].choices
    assert [choice.feedback for choice in choices] == ["Yes", "No"]


def test_pack_error_is_a_workshop_error_and_a_value_error(make_pack):
    folder = make_pack(manifest=broken(lambda m: m.update(ages="9-8")))
    with pytest.raises(WorkshopError) as caught:
        load_pack(folder)
    assert isinstance(caught.value, ValueError)
    assert caught.value.cause == "lesson-broken"
    assert explain(caught.value).startswith("This lesson could not be opened")


def test_library_keeps_good_packs_and_refuses_broken_ones(make_pack, tmp_path):
    root = tmp_path / "lessons"
    make_pack("good", root=root)
    make_pack("bad", root=root, manifest=broken(lambda m: m.update(id="bad-pack", ages="9-8")))
    library = load_library(root)
    assert [pack.folder.name for pack in library.packs] == ["good"]
    assert list(library.problems) == ["bad"]
    assert "bad age range 9-8" in library.problems["bad"][0]


def test_library_refuses_both_packs_with_one_id(make_pack, tmp_path):
    root = tmp_path / "lessons"
    make_pack("first", root=root)
    make_pack("second", root=root)
    library = load_library(root)
    assert library.packs == ()
    assert set(library.problems) == {"first", "second"}
    assert "duplicate pack id 'tiny-pack' (used by first, second)" in library.problems["first"][0]


def test_age_groups_and_packs_for_a_group(make_pack, tmp_path):
    root = tmp_path / "lessons"
    for name, ages in [("young", "8-9"), ("middle", "9-11"), ("old", "12-14")]:
        make_pack(name, root=root, manifest={**valid_manifest(), "id": name, "ages": ages})
    library = load_library(root)
    assert library.age_groups() == ["8-9", "9-11", "12-14"]
    assert [pack.id for pack in library.for_age_group("9-11")] == ["middle"]


def test_every_edit_has_words_for_children():
    from workshop_app.lessons.model import EDIT_NAMES, EDIT_WORDS, EditExercise

    assert set(EDIT_WORDS) == set(EDIT_NAMES)
    exercise = EditExercise(kind="edit", edits=["blur"], explain={"blur": "Soft!"})
    assert exercise.words_for("blur") == "Soft!"
    assert exercise.words_for("crop") == EDIT_WORDS["crop"]

"""Shipped task files: each loads, its reference passes, known-wrong answers get the hint.

Also the task-file loader's problem messages (file, line, field), ordering puzzles
(any working order passes) and answers the teacher notes accept besides the model one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from workshop_app.coding.checker import check_task
from workshop_app.coding.differences import diagnose
from workshop_app.coding.grid import Grid, practice_picture
from workshop_app.coding.hints import HINTS
from workshop_app.coding.tasks import Task, find_task, load_all_tasks, load_task, load_tasks
from workshop_app.errors import LessonPackError

LESSONS = Path(__file__).parents[2] / "lessons"
TASKS, PROBLEMS = load_all_tasks(LESSONS)


def coding_steps() -> dict[str, str]:
    """Task id -> pack folder, from every pack.yaml's coding exercises."""
    found = {}
    for manifest in sorted(LESSONS.glob("*/pack.yaml")):
        for step in yaml.safe_load(manifest.read_text(encoding="utf-8"))["steps"]:
            exercise = step.get("exercise") or {}
            if exercise.get("kind") == "coding":
                found[exercise["task"]] = manifest.parent.name
    return found


def test_every_coding_step_has_exactly_its_task_file():
    steps = coding_steps()
    assert PROBLEMS == []
    assert len(steps) >= 15
    assert set(TASKS) == set(steps)
    for task_id, pack in steps.items():
        assert (LESSONS / pack / "tasks" / f"{task_id}.yaml").is_file()
        assert find_task(task_id, LESSONS / pack).id == task_id


def test_formats_follow_the_age_groups():
    tiers = {task.tier for task in TASKS.values()}
    assert tiers == {"8-9", "10-11", "12-14"}
    for task in TASKS.values():
        if task.tier == "8-9":
            assert task.format in ("order", "predict", "modify")
        if task.format in ("write-function", "debug"):
            assert task.tier == "12-14"


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_reference_solution_passes_its_own_checks(task_id):
    task = TASKS[task_id]
    result = check_task(task, task.reference)
    assert result.passed, result.message
    assert result.kind == "pass"
    assert result.picture is not None


@pytest.mark.parametrize("task_id", sorted(t for t in TASKS if TASKS[t].input == "photo"))
def test_reference_passes_on_a_real_photo_too(task_id, rgb_photo):
    task = TASKS[task_id]
    assert check_task(task, task.reference, photo=rgb_photo).passed


@pytest.fixture(scope="module")
def rgb_photo() -> np.ndarray:
    rng = np.random.default_rng(5)
    photo = rng.integers(0, 256, (90, 120, 3), dtype=np.uint8)
    photo[:30, :60] = (220, 30, 30)  # something red
    return photo


# (task, wrong program or "starter", hint id, words the hint must contain)
WRONG: list[tuple[str, str, str, str]] = [
    ("predict-colours", "set(0, 7, red)", "wrong-square", "Square (0, 0) should be red"),
    ("flag-order", "starter", "error", "does not know the word middle"),
    ("change-one-colour", "starter", "region-not", "The middle stripe is still white"),
    ("change-one-colour", "middle = grey", "error", "grey is not one of our colours"),
    ("smiley-order", "starter", "wrong-square", "The last one wins"),
    ("predict-invert", "pass", "unchanged", "looks the same as before"),
    ("black-and-white", "starter", "error", "gap ___"),
    (
        "black-and-white",
        "for y in range(height):\n    for x in range(width):\n        r, g, b = get(x, y)\n"
        "        grey = (r + g + b) // 3\n        set(x, y, (grey, grey, b))\n",
        "tint",
        "Did you put grey in all three places",
    ),
    ("mirror-photo", "starter", "upside-down", "Some lines still use height - 1 - y"),
    (
        "mirror-photo",
        "for y in range(height):\n    for x in range(width):\n        left = get(x, y)\n"
        "        right = get(width - 1 - x, y)\n        set(x, y, right)\n"
        "        set(width - 1 - x, y, left)\n",
        "unchanged",
        "Use range(width // 2)",
    ),
    (
        "mirror-photo",
        "for y in range(height):\n    for x in range(width // 2):\n"
        "        right = get(width - 1 - x, y)\n        set(x, y, right)\n",
        "half-copy",
        "One set line is missing",
    ),
    ("add-a-frame", "starter", "frame-edge", "The right edge"),
    (
        "add-a-frame",
        "for y in range(height):\n    for x in range(width):\n        set(x, y, orange)\n",
        "frame-inside",
        "is the set line inside the if?",
    ),
    (
        "count-red-pixels",
        "reds = 0\nfor y in range(height):\n    for x in range(width):\n"
        "        r, g, b = get(x, y)\n"
        "        if r > g and r > b:\n            reds = reds + 1\n        print(reds)\n",
        "too-many-lines",
        "The print line is inside the loop",
    ),
    (
        "count-red-pixels",
        "reds = 0\nfor y in range(height):\n    for x in range(width):\n"
        "        r, g, b = get(x, y)\n"
        "        if r > g or r > b:\n            reds = reds + 1\nprint(reds)\n",
        "too-big",
        "or instead of and",
    ),
    ("swap-channels", "starter", "unchanged", "Nothing changed"),
    (
        "swap-channels",
        "for y in range(height):\n    for x in range(width):\n        r, g, b = get(x, y)\n"
        "        set(x, y, (g, r, b))\n",
        "wrong-square",
        "Is the middle number g?",
    ),
    ("write-grayscale", "starter", "function", "def grey"),
    (
        "write-grayscale",
        "def grey(colour):\n    r, g, b = colour\n    level = (r + g + b) / 3\n"
        "    return (level, level, level)\n",
        "call-grey",
        "grey((200, 100, 0)) returned (100.0, 100.0, 100.0)",
    ),
    (
        "write-grayscale",
        "def grey(colour):\n    r, g, b = colour\n\nfor y in range(height):\n"
        "    for x in range(width):\n        set(x, y, grey(get(x, y)))\n",
        "error",
        "no return statement",
    ),
    (
        "write-threshold",
        "threshold = 128\ndef black_or_white(colour):\n    r, g, b = colour\n"
        "    if (r + g + b) // 3 > threshold:\n        return black\n    return white\n"
        "for y in range(height):\n    for x in range(width):\n"
        "        set(x, y, black_or_white(get(x, y)))\n",
        "property:brightness-order",
        "swap the return values",
    ),
    ("debug-mirror", "starter", "error", "x must be from 0 to 31, but it was 32"),
    (
        "debug-mirror",
        "def mirror():\n    for y in range(height):\n        for x in range(width):\n"
        "            set(x, y, get(width - 1 - x, y))\n\nmirror()\n",
        "half-copy",
        "symmetrical, like a butterfly",
    ),
    ("write-pixelate", "starter", "function", "def pixelate"),
    (
        "write-pixelate",
        "def pixelate(size):\n    for top in range(0, height, size):\n"
        "        for left in range(0, width, size):\n            colour = get(left, top)\n"
        "            for y in range(size):\n                for x in range(size):\n"
        "                    set(x, y, colour)\n\npixelate(4)\n",
        "call-picture",
        "After pixelate(4): First wrong pixel at (0, 0)",
    ),
    ("write-my-filter", "starter", "property:changes-something", "Nothing changed"),
    (
        "write-my-filter",
        "for y in range(height):\n    for x in range(width):\n        r, g, b = get(x, y)\n"
        "        set(x, y, (r + 40, g, b))\n",
        "error",
        "colour values must be 0-255",
    ),
]


@pytest.mark.parametrize(
    ("task_id", "source", "kind", "words"), WRONG, ids=[f"{w[0]}-{w[2]}" for w in WRONG]
)
def test_known_wrong_answer_gets_the_intended_hint(task_id, source, kind, words):
    task = TASKS[task_id]
    result = check_task(task, task.starter_code if source == "starter" else source)
    assert not result.passed
    assert result.kind == kind, result.message
    assert words in result.message
    assert "Traceback" not in result.message


def test_every_task_has_a_known_wrong_answer():
    assert {case[0] for case in WRONG} == set(TASKS)


# --- other right answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("task_id", "source"),
    [
        ("change-one-colour", "starter:middle = white->middle = purple"),
        ("add-a-frame", "reference:frame = orange->frame = (0, 200, 200)"),
        ("write-grayscale", "reference:(r + g + b) // 3->int(0.299 * r + 0.587 * g + 0.114 * b)"),
        ("write-threshold", "reference:threshold = 128->threshold = 100"),
        (
            "debug-mirror",
            "def mirror():\n    for y in range(height):\n        row = []\n"
            "        for x in range(width):\n            row.append(get(x, y))\n"
            "        for x in range(width):\n            set(x, y, row[width - 1 - x])\n"
            "\nmirror()\n",
        ),
        (
            "write-my-filter",
            "for y in range(height):\n    for x in range(width):\n        r, g, b = get(x, y)\n"
            "        set(x, y, (255 - r, 255 - g, 255 - b))\n",
        ),
        ("predict-colours", "starter:"),
    ],
)
def test_other_correct_answers_pass(task_id, source):
    task = TASKS[task_id]
    if ":" in source.split("\n")[0] and source.split(":")[0] in ("starter", "reference"):
        where, change = source.split(":", 1)
        code = task.starter_code if where == "starter" else task.reference
        if change:
            old, new = change.split("->")
            assert old in code
            code = code.replace(old, new)
        source = code
    result = check_task(task, source)
    assert result.passed, result.message


def test_any_working_block_order_passes_and_a_broken_one_fails():
    flag = TASKS["flag-order"]
    # blocks: 0 blue, 1 middle stripe, 2 middle = white, 3 red
    for order in ([2, 3, 1, 0], [0, 2, 1, 3], [2, 1, 0, 3]):
        assert check_task(flag, flag.assemble(order)).passed, order
    missing_stripe = check_task(flag, flag.assemble([2, 3, 0]))
    assert not missing_stripe.passed
    assert "Is a stripe missing?" in missing_stripe.message
    smiley = TASKS["smiley-order"]
    # blocks: 0 smile bottom, 1 eyes, 2 yellow, 3 smile ends
    assert check_task(smiley, smiley.assemble([2, 0, 3, 1])).passed
    assert not check_task(smiley, smiley.assemble([0, 1, 3, 2])).passed


def test_an_error_line_is_traced_back_to_its_block():
    task = TASKS["flag-order"]
    order = [1, 2, 3, 0]  # the middle stripe before middle = white
    result = check_task(task, task.assemble(order))
    assert result.line == 2
    assert task.block_at_line(order, result.line) == 1
    assert task.block_at_line(order, 4) == 2
    assert task.block_at_line(order, 99) is None


def test_assemble_uses_indent_levels():
    task = TASKS["flag-order"]
    code = task.assemble([2, 3], indents=[0, 1])
    assert code.startswith("middle = white\n    for x in range(8):\n        set(x, 0, red)")
    with pytest.raises(ValueError, match="no block 9"):
        task.assemble([9])
    with pytest.raises(ValueError, match="one indent level"):
        task.assemble([0, 1], indents=[0])


def test_predict_choices():
    task = TASKS["predict-colours"]
    assert task.predict is not None
    right = [choice for choice in task.predict.choices if choice.correct]
    assert len(right) == 1
    assert task.predict.answer(0).correct
    assert not task.predict.answer(1).correct
    assert task.predict.answer(1).feedback


def test_the_check_result_shows_both_pictures():
    task = TASKS["mirror-photo"]
    result = check_task(task, task.starter_code)
    assert result.picture is not None
    assert result.expected is not None
    assert result.before == practice_picture(16)
    assert result.first_wrong is not None
    free = check_task(TASKS["add-a-frame"], TASKS["add-a-frame"].reference)
    assert free.expected is None  # any frame colour is right: no single expected picture


def test_photo_grids_of_the_wrong_size_are_refused():
    with pytest.raises(ValueError, match="16x16"):
        check_task(TASKS["swap-channels"], "pass", photo=practice_picture(8))


def test_diagnose_recognises_left_right_swaps():
    before = practice_picture(8)
    want = before.copy()
    got = Grid(8, 8, [want.get(7 - x, y) for y in range(8) for x in range(8)])
    failure = diagnose(got, want, before)
    assert failure is not None
    assert failure.kind == "left-right"
    assert "left and right are swapped" in HINTS["left-right"]["10-11"]


# --- the loader's problems ---------------------------------------------------------------


def write_task(folder: Path, name: str, text: str) -> Path:
    (folder / "tasks").mkdir(exist_ok=True)
    path = folder / "tasks" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
id: tiny
title: Tiny
format: make
tier: "10-11"
reference: |
  set(0, 0, red)
checks:
  - kind: same-picture
"""


def test_a_good_task_file_loads(tmp_path):
    task = load_task(write_task(tmp_path, "tiny", GOOD))
    assert isinstance(task, Task)
    assert task.size == 8
    assert task.input == "blank"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            ("checks:\n  - kind: same-picture", "checks:\n  - kind: same-pictur"),
            "line 8, checks[0]",
        ),
        (('tier: "10-11"', 'tier: "7-8"'), "line 4, tier"),
        (("title: Tiny", "titel: Tiny"), "titel: unknown field"),
        (("set(0, 0, red)", "set(0, 0, red"), "syntax error on line 1"),
        (("format: make", "format: order"), "at least two blocks"),
        (("checks:\n  - kind: same-picture", "checks: []"), "line 7, checks"),
        (("make\n", "make\nhints:\n  upside-dwon: x\n"), "did you mean 'upside-down'"),
        (("id: tiny", "id: other"), "must match the file name"),
        (("\n  - kind: same-picture", "\n  - kind: region\n    x: [0, 1]\n    y: [0, 0]"), "same"),
    ],
)
def test_broken_task_files_name_file_line_and_field(tmp_path, change, words):
    old, new = change
    assert old in GOOD
    path = write_task(tmp_path, "tiny", GOOD.replace(old, new))
    with pytest.raises(LessonPackError) as caught:
        load_task(path)
    text = "\n".join(caught.value.problems)
    assert "tiny.yaml" in text
    assert words in text


def test_not_yaml_gives_the_line(tmp_path):
    path = write_task(tmp_path, "tiny", GOOD + "  bad: [\n")
    with pytest.raises(LessonPackError, match="line"):
        load_task(path)


def test_load_tasks_keeps_good_tasks_beside_problems(tmp_path):
    write_task(tmp_path, "tiny", GOOD)
    write_task(tmp_path, "broken", "id: broken\n")
    tasks, problems = load_tasks(tmp_path)
    assert list(tasks) == ["tiny"]
    assert problems
    assert all("broken.yaml" in problem for problem in problems)


def test_duplicate_task_ids_across_packs_are_problems(tmp_path):
    for pack in ("a", "b"):
        (tmp_path / pack).mkdir()
        write_task(tmp_path / pack, "tiny", GOOD)
    tasks, problems = load_all_tasks(tmp_path)
    assert list(tasks) == ["tiny"]
    assert any("already used" in problem for problem in problems)


def test_find_task_reports_a_missing_task(tmp_path):
    with pytest.raises(LessonPackError, match="no task file nope.yaml"):
        find_task("nope", tmp_path)

"""The code lab page with real sandbox runs: ordering puzzle, prediction, editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.pupil import give_work
from workshop_app.coding import load_all_tasks
from workshop_app.lessons.model import CodingExercise

APP = str(Path(__file__).parents[2] / "streamlit_app.py")
CODE = "workshop_app/ui/pages/code.py"
TASKS, _ = load_all_tasks()


def open_task(task_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    give_work(at, exercise=CodingExercise(kind="coding", task=task_id))
    at.run()
    at.switch_page(CODE).run()
    assert not at.exception
    return at


def press(at: AppTest, label: str, key_part: str = "") -> AppTest:
    [button] = [b for b in at.button if b.label == label and key_part in (b.key or "")]
    button.click().run()
    assert not at.exception
    return at


def messages(at: AppTest) -> list[str]:
    return [e.value for e in (*at.success, *at.warning, *at.error)]


def test_ordering_puzzle_wrong_then_right():
    task = TASKS["flag-order"]
    at = open_task("flag-order")
    assert at.title[0].value == task.title
    # As given, `middle = white` comes after the block that uses it.
    at = press(at, "Run")
    assert any("middle" in m for m in messages(at)), messages(at)
    assert "**Look at this block:**" in [m.value for m in at.markdown]
    # Move `middle = white` (block 2) to the top: two presses of its Up button.
    at = press(at, "Up", "flag-order-2-up")
    at = press(at, "Up", "flag-order-2-up")
    at = press(at, "Run")
    assert at.success, messages(at)
    assert at.success[0].value == task.success
    assert len(at.get("image")) == 1  # only "Your picture" when it is right


def test_prediction_comes_before_run():
    task = TASKS["predict-colours"]
    at = open_task("predict-colours")
    assert not [b for b in at.button if b.label == "Run"]
    right = next(i for i, c in enumerate(task.predict.choices) if c.correct)
    at.radio[0].set_value(right).run()
    assert at.success[0].value == task.predict.choices[right].feedback
    at = press(at, "Run")
    assert not at.exception
    assert messages(at)


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        ("for y in range(height)\n    pass\n", "colon"),
        ("while True:\n    pass\n", "loop"),
        ("import os\nos.system('ls')\n", "os"),
    ],
    ids=["missing colon", "infinite loop", "import os"],
)
def test_broken_programs_get_a_friendly_message(program, expected):
    at = open_task("mirror-photo")
    at.text_area[0].set_value(program).run()
    at = press(at, "Run")
    [message] = [e.value for e in at.error]
    assert expected in message.lower(), message
    assert "Traceback" not in message


def test_right_answer_passes_and_work_is_kept():
    task = TASKS["mirror-photo"]
    at = open_task("mirror-photo")
    assert at.text_area[0].value == task.starter_code
    at.text_area[0].set_value(task.reference).run()
    at = press(at, "Run")
    assert at.success, messages(at)
    at.switch_page("workshop_app/ui/pages/home.py").run()
    at.switch_page(CODE).run()
    assert at.text_area[0].value == task.reference


def test_from_the_menu_a_task_is_picked_from_a_list():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(CODE).run()
    assert at.title[0].value == "Code lab"
    picker = at.selectbox[0]
    assert set(picker.options) == {task.title for task in TASKS.values()}
    picker.select_index(0).run()
    assert not at.exception
    assert len(at.title) == 2

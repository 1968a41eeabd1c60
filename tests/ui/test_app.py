"""Every page, run by Streamlit's AppTest: headings, choosing, stepping, refusing."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import valid_manifest

APP = str(Path(__file__).parents[2] / "streamlit_app.py")


@pytest.fixture
def lessons(tmp_path, make_pack, monkeypatch):
    """A lessons folder with a pack for each of two age groups, used by the app."""
    root = tmp_path / "lessons"
    make_pack("young", root=root, manifest={**valid_manifest(), "id": "young", "title": "Young"})
    make_pack(
        "older",
        root=root,
        manifest={**valid_manifest(), "id": "older", "title": "Older", "ages": "12-14"},
    )
    monkeypatch.setenv("WORKSHOP_LESSONS_DIR", str(root))
    st.cache_resource.clear()
    return root


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + [e.value for e in at.info]
        + [e.value for e in at.success]
        + [e.value for e in at.warning]
        + [e.value for e in at.error]
    )


def click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception
    return at


def test_home_asks_for_the_age_group(lessons):
    at = start()
    assert at.title[0].value == "Welcome to the workshop!"
    assert [h.value for h in at.header] == ["1. How old are you?"]
    assert [b.label for b in at.button] == ["Ages 8-9", "Ages 12-14"]


def test_choosing_an_age_group_lists_only_its_packs(lessons):
    at = click(start(), "Ages 12-14")
    assert [s.value for s in at.subheader] == ["Older"]
    at = click(at, "Ages 8-9")
    assert [s.value for s in at.subheader] == ["Young"]


def test_pupil_steps_through_a_lesson(lessons):
    at = click(click(start(), "Ages 8-9"), "Start this lesson")
    assert at.title[0].value == "Welcome"
    assert "Take a photo of your partner." in texts(at)
    assert "Stand back one step." not in texts(at)

    at = click(at, "Show a hint (1 of 2)")
    assert "Stand back one step." in texts(at)
    assert "Put their eyes on the top line." not in texts(at)
    at = click(at, "Show another hint (2 of 2)")
    assert "Put their eyes on the top line." in texts(at)
    assert not [b for b in at.button if b.label.startswith("Show")]

    at = click(at, "Next")
    assert at.title[0].value == "Take a portrait"
    at = click(at, "Back")
    assert at.title[0].value == "Welcome"
    assert "Put their eyes on the top line." in texts(at)  # hints seen stay shown

    at = click(click(at, "Next"), "Next")
    assert at.title[0].value == "Quiz time"
    at.radio[0].set_value(1).run()
    at = click(at, "Check")
    assert "Not quite. No: the top line." in texts(at)
    at.radio[0].set_value(0).run()
    at = click(at, "Check")
    assert "Yes! Yes." in texts(at)

    at = click(at, "Next")
    assert at.title[0].value == "You finished the lesson!"
    assert "You got 1 of 1 quiz questions right." in texts(at)
    assert "I can take a portrait" in texts(at)


def test_progress_is_kept_when_the_pupil_leaves_and_comes_back(lessons):
    at = click(click(click(start(), "Ages 8-9"), "Start this lesson"), "Next")
    assert at.title[0].value == "Take a portrait"
    at.switch_page("workshop_app/ui/pages/home.py").run()
    at = click(at, "Start this lesson")
    assert at.title[0].value == "Take a portrait"


def test_lesson_page_without_a_pack_sends_the_pupil_home(lessons):
    at = start()
    at.switch_page("workshop_app/ui/pages/lesson.py").run()
    assert "Pick a lesson first." in texts(at)
    at = click(at, "Pick a lesson")
    assert at.title[0].value == "Welcome to the workshop!"


def test_teacher_page_lists_objectives_timings_and_curriculum(lessons):
    at = start()
    at.switch_page("workshop_app/ui/pages/teacher.py").run()
    assert not at.exception
    assert at.title[0].value == "For teachers and trainers"
    assert [t.label for t in at.tabs] == ["Ages 8-9", "Ages 12-14"]
    headings = [s.value for s in at.subheader]
    for heading in ("Learning objectives", "Curriculum links", "Timings and trainer script"):
        assert heading in headings
    assert "- I can take a portrait" in texts(at)
    assert "England, KS2 art and design" in texts(at)
    table = at.dataframe[0].value
    assert list(table["Time"]) == ["09:00-09:10", "09:10-10:00"]
    assert list(table["Pause point"]) == ["", "yes"]


def test_a_broken_pack_is_refused_with_the_validators_words(lessons, make_pack):
    manifest = copy.deepcopy(valid_manifest())
    manifest.update(id="broken", ages="9-8")
    make_pack("broken", root=lessons, manifest=manifest)
    st.cache_resource.clear()
    at = start()
    assert "1 lesson was not opened" in texts(at)
    assert [b.label for b in at.button] == ["Ages 8-9", "Ages 12-14"]
    at.switch_page("workshop_app/ui/pages/teacher.py").run()
    assert "1 lesson pack was refused" in texts(at)
    assert "ages: bad age range 9-8" in at.code[0].value


def test_shipped_packs_open_on_every_page(monkeypatch):
    monkeypatch.delenv("WORKSHOP_LESSONS_DIR", raising=False)
    st.cache_resource.clear()
    at = start()
    groups = [b.label for b in at.button]
    assert groups == ["Ages 8-9", "Ages 9-11", "Ages 12-14"]
    for group in groups:
        at = click(at, group)
        starts = [b for b in at.button if b.label == "Start this lesson"]
        assert starts
        starts[0].click().run()
        for _ in range(20):  # every step of the pack, the quiz, and the end
            assert not at.exception
            if at.title[0].value == "You finished the lesson!":
                break
            at = click(at, "Next")
        assert at.title[0].value == "You finished the lesson!"
        # The app's own way back (AppTest.switch_page would pin every later run to home).
        at = click(at, "Pick another lesson")
    at.switch_page("workshop_app/ui/pages/teacher.py").run()
    assert not at.exception
    assert len(at.tabs) == 3

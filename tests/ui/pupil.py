"""A pupil's work set up before a page test opens, the way the app keeps it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from workshop_app.lessons.model import Exercise
from workshop_app.pupil_work import MemoryWorkStore, ModelT
from workshop_app.ui.choices import PupilChoices

STORE = "kit.store"  # where ui/state keeps the pupil's store in the session


def give_work(at: AppTest, *, exercise: Exercise | None = None, items: tuple = ()) -> AppTest:
    """Before ``at.run()``: the pupil opened ``exercise`` from a lesson step, and has
    ``items`` (models, or ``(model, name)`` pairs) in their work."""
    store = MemoryWorkStore()
    if exercise is not None:
        store.put(PupilChoices(exercise=exercise))
    for item in items:
        model, name = item if isinstance(item, tuple) else (item, "")
        store.put(model, name)
    at.session_state[STORE] = store
    return at


def work_of(at: AppTest, model: type[ModelT], name: str = "") -> ModelT | None:
    """The pupil's kept model of that kind, after a run."""
    store = at.session_state[STORE]
    return store.get(model, name)

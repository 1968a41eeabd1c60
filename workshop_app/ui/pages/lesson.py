"""The lesson: one step at a time, hints on request, then the quiz."""

from __future__ import annotations

import streamlit as st

from workshop_app.lessons import LessonPack, Step
from workshop_app.lessons.progress import Progress
from workshop_app.ui import state
from workshop_app.ui.exercises import exercise_link
from workshop_app.ui.pages import PAGES_DIR

# How each kind of block looks: a label the child reads and a Streamlit container.
BLOCK_STYLES = {
    "task": ("Your task", st.info),
    "test": ("Check it works", st.success),
    "challenge": ("Extra challenge", st.warning),
}


def render() -> None:
    pack = state.current_pack()
    if pack is None:
        st.title("Lesson")
        st.info("Pick a lesson first.")
        if st.button("Pick a lesson", type="primary"):
            st.switch_page(PAGES_DIR / "home.py")
        return
    progress = state.progress(pack)
    progress = progress.go_to(pack, progress.page)  # the pack may have changed on disk

    st.caption(pack.title)
    pages = Progress.page_count(pack)
    st.progress((progress.page + 1) / pages, text=f"Page {progress.page + 1} of {pages}")
    if progress.on_step(pack):
        _step(pack, pack.steps[progress.page], progress)
    elif progress.on_quiz(pack):
        _quiz(pack, progress)
    else:
        _finished(pack, progress)
    _navigation(pack, progress)


def _step(pack: LessonPack, step: Step, progress: Progress) -> None:
    st.title(step.title)
    ladder = 0
    for section in step.content.sections:
        if section.kind == "image":
            st.image(str(pack.resolve(section.text)), caption=section.caption or None)
        elif section.kind == "hints":
            _hint_ladder(pack, step, progress, ladder)
            ladder += 1
        elif section.kind == "debug":
            with st.expander("Something not working? Look here"):
                st.markdown(section.text)
        elif section.kind in BLOCK_STYLES:
            label, box = BLOCK_STYLES[section.kind]
            box(f"**{label}**\n\n{section.text}")
        else:
            st.markdown(section.text)
    if step.ref.exercise is not None:
        exercise_link(step.ref.exercise, key=f"exercise-{step.id}")


def _hint_ladder(pack: LessonPack, step: Step, progress: Progress, ladder: int) -> None:
    """The hints asked for so far, and a button for the next one."""
    hints = step.content.ladders[ladder]
    shown = progress.hints_for(pack, ladder)
    for number, hint in enumerate(shown, start=1):
        st.info(f"**Hint {number}**\n\n{hint}")
    if len(shown) < len(hints):
        label = "Show a hint" if not shown else "Show another hint"
        if st.button(f"{label} ({len(shown) + 1} of {len(hints)})", key=f"hint-{step.id}-{ladder}"):
            state.save_progress(progress.show_hint(pack, ladder))
            st.rerun()


def _quiz(pack: LessonPack, progress: Progress) -> None:
    st.title("Quiz time")
    st.write("Pick one answer for each question, then press Check.")
    for number, question in enumerate(pack.manifest.quiz, start=1):
        with st.container(border=True):
            labels = [choice.text for choice in question.choices]
            saved = progress.answers.get(question.id)
            picked = st.radio(
                f"{number}. {question.question}",
                range(len(labels)),
                index=saved,
                format_func=labels.__getitem__,
                key=f"quiz-{pack.id}-{question.id}",
            )
            if st.button("Check", key=f"check-{pack.id}-{question.id}", disabled=picked is None):
                progress = progress.answer(question.id, picked)
                state.save_progress(progress)
                saved = picked
            if saved is not None:
                choice = question.choices[saved]
                show = st.success if choice.correct else st.warning
                show(("Yes! " if choice.correct else "Not quite. ") + choice.feedback)


def _finished(pack: LessonPack, progress: Progress) -> None:
    st.title("You finished the lesson!")
    if pack.manifest.quiz:
        right, total = progress.quiz_score(pack)
        st.write(f"You got {right} of {total} quiz questions right.")
    st.write("Look back at what you learned today. Can you say yes to each one?")
    for objective in pack.manifest.objectives:
        st.markdown(f"- {objective}")
    if pack.manifest.extensions:
        st.subheader("Want more? Try these")
        for extension in pack.manifest.extensions:
            with st.expander(extension.title):
                st.markdown(extension.description)


def _navigation(pack: LessonPack, progress: Progress) -> None:
    back, _, forward = st.columns([1, 1, 1])
    if progress.page > 0 and back.button("Back", key="nav-back", width="stretch"):
        state.save_progress(progress.back(pack))
        st.rerun()
    if progress.finished(pack):
        if forward.button("Pick another lesson", key="nav-home", width="stretch"):
            st.switch_page(PAGES_DIR / "home.py")
    elif forward.button("Next", key="nav-next", type="primary", width="stretch"):
        state.save_progress(progress.next(pack))
        st.rerun()


render()

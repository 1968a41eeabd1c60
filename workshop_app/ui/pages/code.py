"""Code lab: put blocks in order, predict then run, or write code; see the picture at once."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workshop_app.coding import CheckResult, Task, check_task, load_all_tasks, to_image, warm_up
from workshop_app.lessons.model import CodingExercise
from workshop_app.settings import lessons_dir
from workshop_app.ui import state

PICTURE_SIDE = 256  # how big the grid pictures are drawn, in pixels


@st.cache_resource(show_spinner=False)
def _sandbox_ready() -> bool:
    # Start the pool of fresh sandbox processes once for the whole app, so the first
    # pupil to press Run does not wait for a Python to start.
    warm_up()
    return True


@st.cache_resource(max_entries=4, show_spinner=False)
def _all_tasks(root: str, signature: tuple[tuple[str, int], ...]) -> dict[str, Task]:
    # Only sound task files: a pack with a broken one is refused on the Start page. The
    # signature is only the cache key, so an edited task file is read again.
    del signature
    tasks, _ = load_all_tasks(Path(root))
    return tasks


def render() -> None:
    _sandbox_ready()
    task = _chosen_task()
    if task is None:
        return
    st.title(task.title)
    if task.format == "order":
        source = _order_puzzle(task)
    elif task.format == "predict":
        source = _prediction(task)
    else:
        source = _editor(task)
    if source is None:
        return
    photo = _photo_for(task)
    if st.button("Run", key=f"code-{task.id}-run", type="primary", width="stretch"):
        with st.spinner("Running your program..."):
            result = check_task(task, source, photo=photo)
        st.session_state[f"code-{task.id}-result"] = result
        if task.format == "order":
            used = st.session_state[f"code-{task.id}-used"]
            st.session_state[f"code-{task.id}-flagged"] = task.block_at_line(used, result.line)
        st.rerun()  # redraw the blocks with the one to look at marked
    result: CheckResult | None = st.session_state.get(f"code-{task.id}-result")
    if result is not None:
        _show_result(task, result)


def _chosen_task() -> Task | None:
    """The task the lesson opened; from the menu, a task picked from a list."""
    tasks = _all_tasks(str(lessons_dir()), state.lessons_signature())
    opened = state.opened_exercise()
    if isinstance(opened, CodingExercise) and opened.task in tasks:
        return tasks[opened.task]
    st.title("Code lab")
    pack = state.current_pack()
    in_pack = [
        step.ref.exercise.task
        for step in (pack.steps if pack else ())
        if isinstance(step.ref.exercise, CodingExercise) and step.ref.exercise.task in tasks
    ]
    ids = in_pack or list(tasks)
    if not ids:
        st.info("There are no coding tasks yet. Ask your trainer.")
        return None
    task_id = st.selectbox(
        "Pick a coding task",
        ids,
        format_func=lambda task_id: tasks[task_id].title,
        index=None,
        placeholder="Choose one",
        key="code-task-picker",
    )
    return tasks[task_id] if task_id else None


def _photo_for(task: Task):
    """The pupil's own photo for photo tasks, when they have one and want it."""
    if task.input != "photo":
        return None
    photo = state.current_photo()
    if photo is None:
        st.caption("This task uses a practice picture. Take a photo first to use your own.")
        return None
    if st.toggle("Use my own photo", value=True, key=f"code-{task.id}-own-photo"):
        return photo.preview
    return None


# --- the three ways of making a program ------------------------------------------


def _editor(task: Task) -> str:
    """A code box that keeps the pupil's work while they move between steps."""
    saved = f"code-{task.id}-source"
    st.session_state.setdefault(saved, task.starter_code)
    widget = f"code-{task.id}-editor"
    if widget not in st.session_state:
        st.session_state[widget] = st.session_state[saved]

    def keep() -> None:
        st.session_state[saved] = st.session_state[widget]

    st.text_area(
        "Your program",
        key=widget,
        height=min(60 + 24 * (st.session_state[saved].count("\n") + 2), 520),
        on_change=keep,
    )
    if st.button("Start again with the first code", key=f"code-{task.id}-reset"):
        st.session_state[saved] = task.starter_code
        del st.session_state[widget]
        st.session_state.pop(f"code-{task.id}-result", None)
        st.rerun()
    return st.session_state[saved]


def _prediction(task: Task) -> str | None:
    """Predict first: the Run button appears once the pupil has made a guess."""
    st.code(task.starter_code, language="python", line_numbers=True)
    assert task.predict is not None
    choices = task.predict.choices
    picked = st.radio(
        task.predict.question,
        range(len(choices)),
        format_func=lambda index: choices[index].text,
        index=None,
        key=f"code-{task.id}-guess",
    )
    if picked is None:
        st.info("Make your guess first. Then you can run the code to check.")
        return None
    choice = task.predict.answer(picked)
    (st.success if choice.correct else st.warning)(choice.feedback)
    return task.starter_code


def _order_puzzle(task: Task) -> str:
    """Blocks with Up and Down buttons (and indent buttons when indents matter)."""
    indents_matter = any(block.indent for block in task.blocks)
    order: list[int] = st.session_state.setdefault(
        f"code-{task.id}-order", list(range(len(task.blocks)))
    )
    # Where indents matter, pupils place them; otherwise each block keeps its own.
    indents: list[int] = st.session_state.setdefault(
        f"code-{task.id}-indents", [0 if indents_matter else b.indent for b in task.blocks]
    )
    left_out: set[int] = st.session_state.setdefault(f"code-{task.id}-left-out", set())
    st.write("Put the blocks in the right order, then press Run.")
    if indents_matter:
        st.caption("Use > to move a block in, under the line it belongs to.")
    if any(block.distractor for block in task.blocks):
        st.caption("One block is not needed. Press Leave out on it.")
    flagged = st.session_state.get(f"code-{task.id}-flagged")
    for place, number in enumerate(order):
        _block_row(task, place, number, order, indents, left_out, indents_matter, flagged)
    used = [number for number in order if number not in left_out]
    st.session_state[f"code-{task.id}-used"] = used
    return task.assemble(used, [indents[number] for number in used])


def _block_row(
    task: Task,
    place: int,
    number: int,
    order: list[int],
    indents: list[int],
    left_out: set[int],
    indents_matter: bool,
    flagged: int | None,
) -> None:
    block = task.blocks[number]
    widths = [6, 1, 1] + ([1, 1] if indents_matter else []) + ([2] if block.distractor else [])
    code_column, up, down, *more = st.columns(widths, vertical_alignment="center")
    pad = "    " * indents[number]
    with code_column:
        if number == flagged:
            st.markdown("**Look at this block:**")
        if number in left_out:
            st.caption("Left out:")
        st.code(pad + block.code.replace("\n", "\n" + pad), language="python")
    key = f"code-{task.id}-{number}"
    if up.button("Up", key=f"{key}-up", disabled=place == 0, width="stretch"):
        order[place - 1], order[place] = order[place], order[place - 1]
        st.rerun()
    if down.button("Down", key=f"{key}-down", disabled=place == len(order) - 1, width="stretch"):
        order[place + 1], order[place] = order[place], order[place + 1]
        st.rerun()
    if indents_matter:
        if more.pop(0).button("<", key=f"{key}-out", help="Move out", width="stretch"):
            indents[number] = max(0, indents[number] - 1)
            st.rerun()
        if more.pop(0).button(">", key=f"{key}-in", help="Move in", width="stretch"):
            indents[number] = min(4, indents[number] + 1)
            st.rerun()
    if block.distractor:
        label = "Put back" if number in left_out else "Leave out"
        if more.pop(0).button(label, key=f"{key}-leave", width="stretch"):
            left_out.symmetric_difference_update({number})
            st.rerun()


# --- results -------------------------------------------------------------------------


def _show_result(task: Task, result: CheckResult) -> None:
    if result.passed:
        st.success(result.message)
    elif result.kind == "error":
        st.error(result.message)
    else:
        st.warning(result.message)
    if result.line is not None and task.format != "order":
        st.caption(f"Look at line {result.line}.")
    if result.picture is not None:
        yours, goal = st.columns(2)
        yours.image(
            to_image(result.picture, scale=max(1, PICTURE_SIDE // task.size)),
            caption="Your picture",
        )
        if result.expected is not None and not result.passed:
            goal.image(
                to_image(result.expected, scale=max(1, PICTURE_SIDE // task.size)),
                caption="The goal",
            )
    if result.stdout:
        st.text(f"Your program printed:\n{result.stdout}")


render()

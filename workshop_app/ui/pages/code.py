"""Code lab: put blocks in order, predict then run, or write code; see the picture at once."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workshop_app.coding import CheckResult, Task, check_task, load_all_tasks, to_image, warm_up
from workshop_app.coding.attempts import CodeAttempt
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
        state.keep_running(f"code-{task.id}-result", result)  # pictures: not kept for good
        attempt = state.code_attempt(task.id)
        flagged = task.block_at_line(_used(task), result.line) if task.format == "order" else None
        state.save_code_attempt(
            attempt.but(
                runs=attempt.runs + 1, solved=attempt.solved or result.passed, flagged=flagged
            )
        )
        st.rerun()  # redraw the blocks with the one to look at marked
    result: CheckResult | None = state.running(f"code-{task.id}-result")
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
    attempt = state.code_attempt(task.id)
    source = task.starter_code if attempt.source is None else attempt.source
    widget = f"code-{task.id}-editor"
    state.restore_widget(widget, source)

    def keep() -> None:
        state.save_code_attempt(state.code_attempt(task.id).but(source=state.widget(widget)))

    st.text_area(
        "Your program",
        key=widget,
        height=min(60 + 24 * (source.count("\n") + 2), 520),
        on_change=keep,
    )
    if st.button("Start again with the first code", key=f"code-{task.id}-reset"):
        state.save_code_attempt(attempt.but(source=None))
        state.forget_widget(widget)
        state.stop_running(f"code-{task.id}-result")
        st.rerun()
    return source


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
    attempt = _arrangement(task)
    st.write("Put the blocks in the right order, then press Run.")
    if _indents_matter(task):
        st.caption("Use > to move a block in, under the line it belongs to.")
    if any(block.distractor for block in task.blocks):
        st.caption("One block is not needed. Press Leave out on it.")
    for place, number in enumerate(attempt.order):
        _block_row(task, attempt, place, number)
    used = _used(task)
    return task.assemble(used, [attempt.indents[number] for number in used])


def _indents_matter(task: Task) -> bool:
    return any(block.indent for block in task.blocks)


def _arrangement(task: Task) -> CodeAttempt:
    """The pupil's order of the blocks; at first, the order they are given in."""
    attempt = state.code_attempt(task.id)
    if len(attempt.order) != len(task.blocks):
        # Where indents matter, pupils place them; otherwise each block keeps its own.
        indents = [0 if _indents_matter(task) else b.indent for b in task.blocks]
        attempt = attempt.but(order=tuple(range(len(task.blocks))), indents=tuple(indents))
        state.save_code_attempt(attempt)
    return attempt


def _used(task: Task) -> list[int]:
    attempt = _arrangement(task)
    return [number for number in attempt.order if number not in attempt.left_out]


def _block_row(task: Task, attempt: CodeAttempt, place: int, number: int) -> None:
    block = task.blocks[number]
    indents_matter = _indents_matter(task)
    widths = [6, 1, 1] + ([1, 1] if indents_matter else []) + ([2] if block.distractor else [])
    code_column, up, down, *more = st.columns(widths, vertical_alignment="center")
    pad = "    " * attempt.indents[number]
    with code_column:
        if number == attempt.flagged:
            st.markdown("**Look at this block:**")
        if number in attempt.left_out:
            st.caption("Left out:")
        st.code(pad + block.code.replace("\n", "\n" + pad), language="python")
    key = f"code-{task.id}-{number}"
    last = len(attempt.order) - 1
    if up.button("Up", key=f"{key}-up", disabled=place == 0, width="stretch"):
        _rearrange(attempt, order=_swapped(attempt.order, place - 1, place))
    if down.button("Down", key=f"{key}-down", disabled=place == last, width="stretch"):
        _rearrange(attempt, order=_swapped(attempt.order, place, place + 1))
    if indents_matter:
        indent = attempt.indents[number]
        if more.pop(0).button("<", key=f"{key}-out", help="Move out", width="stretch"):
            _rearrange(attempt, indents=_with(attempt.indents, number, max(0, indent - 1)))
        if more.pop(0).button(">", key=f"{key}-in", help="Move in", width="stretch"):
            _rearrange(attempt, indents=_with(attempt.indents, number, min(4, indent + 1)))
    if block.distractor:
        label = "Put back" if number in attempt.left_out else "Leave out"
        if more.pop(0).button(label, key=f"{key}-leave", width="stretch"):
            _rearrange(attempt, left_out=attempt.left_out ^ {number})


def _rearrange(attempt: CodeAttempt, **changes: object) -> None:
    state.save_code_attempt(attempt.but(**changes))
    st.rerun()


def _swapped(order: tuple[int, ...], first: int, second: int) -> tuple[int, ...]:
    swapped = list(order)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    return tuple(swapped)


def _with(values: tuple[int, ...], index: int, value: int) -> tuple[int, ...]:
    return (*values[:index], value, *values[index + 1 :])


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

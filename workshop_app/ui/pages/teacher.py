"""Teacher page: every pack with its objectives, timings and curriculum links."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from workshop_app.lessons import LessonPack
from workshop_app.ui import state
from workshop_app.ui.widgets import duration_words, refused_packs


def render() -> None:
    library = state.library()
    st.title("For teachers and trainers")
    st.write(
        "Every lesson pack on this laptop: what pupils learn, how the day is timed, and "
        "which parts of the curriculum it covers. Packs live in the `lessons/` folder "
        "and can be edited with any text editor."
    )
    refused_packs(library, for_trainer=True)
    if not library.packs:
        st.info("No lesson packs found. Add one to the `lessons/` folder.")
        return
    starts = st.time_input("The day starts at", value=dt.time(9, 0), step=dt.timedelta(minutes=5))
    packs = sorted(library.packs, key=lambda p: (p.manifest.ages.youngest, p.title))
    # Short tab labels: whole titles do not fit side by side on a laptop screen.
    labels = [f"Ages {p.manifest.ages.label}" for p in packs]
    labels = [
        label if labels.count(label) == 1 else f"{label}: {pack.title}"
        for label, pack in zip(labels, packs, strict=True)
    ]
    for tab, pack in zip(st.tabs(labels), packs, strict=True):
        with tab:
            _pack(pack, starts)


def _clock(starts: dt.time, minutes: int) -> str:
    moment = dt.datetime.combine(dt.date.today(), starts) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def _pack(pack: LessonPack, starts: dt.time) -> None:
    manifest = pack.manifest
    st.header(pack.title)
    st.write(manifest.description or manifest.summary)
    st.caption(
        f"Ages {manifest.ages.label} · {duration_words(manifest.duration_minutes)} · "
        f"{len(pack.steps)} steps · folder `lessons/{pack.folder.name}`"
    )

    st.subheader("Learning objectives")
    st.markdown("\n".join(f"- {objective}" for objective in manifest.objectives))

    st.subheader("Curriculum links")
    frameworks: dict[str, list[str]] = {}
    for link in manifest.curriculum:
        frameworks.setdefault(link.framework_name, []).append(link.statement)
    for name, statements in frameworks.items():
        st.markdown(f"**{name}**\n" + "\n".join(f"- {statement}" for statement in statements))

    st.subheader("Timings and trainer script")
    st.caption("Pause points are where the trainer stops the class before going on.")
    titles = {step.id: step.title for step in pack.steps}
    st.dataframe(
        [
            {
                "Time": f"{_clock(starts, seg.at)}-{_clock(starts, seg.at + seg.minutes)}",
                "Minutes": seg.minutes,
                "Part": seg.title,
                "Step": titles.get(seg.step, "") if seg.step else "",
                "Pause point": "yes" if seg.pause else "",
            }
            for seg in manifest.trainer_script
        ],
        hide_index=True,
        width="stretch",
    )
    with st.expander("The full script: what to say and do"):
        for seg in manifest.trainer_script:
            pause = " - **pause point**" if seg.pause else ""
            lines = [
                f"**{_clock(starts, seg.at)} {seg.title}** ({seg.minutes} min){pause}",
                f"Say: {seg.say}",
            ]
            if seg.do:
                lines.append(f"Do: {seg.do}")
            st.markdown("  \n".join(lines))

    st.subheader("Steps")
    st.markdown(
        "\n".join(
            f"{number}. **{step.title}** ({step.ref.minutes} min)"
            + (f" - exercise: {step.ref.exercise.kind}" if step.ref.exercise else "")
            for number, step in enumerate(pack.steps, start=1)
        )
    )
    if manifest.equipment:
        st.subheader("Equipment")
        st.markdown("\n".join(f"- {item}" for item in manifest.equipment))
    if manifest.safeguarding:
        st.subheader("Safeguarding and photo consent")
        st.markdown("\n".join(f"- {item}" for item in manifest.safeguarding))
    if manifest.extensions:
        st.subheader("Extension challenges")
        for extension in manifest.extensions:
            st.markdown(f"**{extension.title}**: {extension.description}")
    if manifest.quiz:
        with st.expander("Quiz and answers"):
            for number, question in enumerate(manifest.quiz, start=1):
                right = next(choice for choice in question.choices if choice.correct)
                st.markdown(f"{number}. {question.question}  \n**Answer:** {right.text}")
    with st.expander("Running this pack without the trainer"):
        st.markdown(pack.teacher_notes)


render()

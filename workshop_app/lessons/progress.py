"""A pupil's way through one pack: where they are, hints seen, quiz answers.

Pure and immutable: each move returns a new :class:`Progress`, so the UI can keep it in
the session and tests can check moves without Streamlit. The quiz, when a pack has
one, is the page after the last step; after it comes the "finished" page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import ClassVar

from workshop_app.lessons.loader import LessonPack
from workshop_app.pupil_work import Record


@dataclass(frozen=True)
class Progress:
    """Where one pupil is in one pack.

    ``page`` counts the steps from 0, then the quiz page (if the pack has a quiz), then
    the finished page.
    """

    pack_id: str
    page: int = 0
    hints_shown: MappingProxyType[str, int] = field(default_factory=lambda: MappingProxyType({}))
    answers: MappingProxyType[str, int] = field(default_factory=lambda: MappingProxyType({}))

    kind: ClassVar[str] = "progress"  # keepable: see workshop_app.pupil_work

    def to_record(self) -> Record:
        return Record(
            {
                "pack_id": self.pack_id,
                "page": self.page,
                "hints_shown": dict(self.hints_shown),
                "answers": dict(self.answers),
            }
        )

    @classmethod
    def from_record(cls, record: Record) -> Progress:
        data = record.data
        return cls(
            data["pack_id"],
            int(data["page"]),
            MappingProxyType({str(k): int(v) for k, v in data["hints_shown"].items()}),
            MappingProxyType({str(k): int(v) for k, v in data["answers"].items()}),
        )

    # --- where we are -----------------------------------------------------------

    @staticmethod
    def page_count(pack: LessonPack) -> int:
        """Steps, the quiz page if any, and the finished page."""
        return len(pack.steps) + (1 if pack.manifest.quiz else 0) + 1

    def on_step(self, pack: LessonPack) -> bool:
        return self.page < len(pack.steps)

    def on_quiz(self, pack: LessonPack) -> bool:
        return bool(pack.manifest.quiz) and self.page == len(pack.steps)

    def finished(self, pack: LessonPack) -> bool:
        return self.page == self.page_count(pack) - 1

    # --- moves ------------------------------------------------------------------

    def go_to(self, pack: LessonPack, page: int) -> Progress:
        """Move to ``page``, kept inside the pack."""
        page = min(max(page, 0), self.page_count(pack) - 1)
        return replace(self, page=page)

    def next(self, pack: LessonPack) -> Progress:
        return self.go_to(pack, self.page + 1)

    def back(self, pack: LessonPack) -> Progress:
        return self.go_to(pack, self.page - 1)

    def show_hint(self, pack: LessonPack, ladder: int = 0) -> Progress:
        """Reveal the next hint of a ladder of the current step (none left: no change)."""
        if not self.on_step(pack):
            return self
        step = pack.steps[self.page]
        key = f"{step.id}/{ladder}"
        shown = min(self.hints_shown.get(key, 0) + 1, len(step.content.ladders[ladder]))
        return replace(self, hints_shown=MappingProxyType({**self.hints_shown, key: shown}))

    def hints_for(self, pack: LessonPack, ladder: int = 0) -> tuple[str, ...]:
        """The hints of a ladder of the current step that the pupil has asked for."""
        if not self.on_step(pack):
            return ()
        step = pack.steps[self.page]
        return step.content.ladders[ladder][: self.hints_shown.get(f"{step.id}/{ladder}", 0)]

    def answer(self, question_id: str, choice: int) -> Progress:
        return replace(self, answers=MappingProxyType({**self.answers, question_id: choice}))

    def quiz_score(self, pack: LessonPack) -> tuple[int, int]:
        """(right answers, questions)."""
        right = sum(
            1
            for question in pack.manifest.quiz
            if question.id in self.answers and question.choices[self.answers[question.id]].correct
        )
        return right, len(pack.manifest.quiz)

"""A pupil's attempt at one coding task: what they wrote or arranged, and how it went.

Pure and keepable (:mod:`workshop_app.pupil_work`). The last run's full verdict (its
pictures) is not part of it: it is made again by pressing Run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from workshop_app.pupil_work import Record


@dataclass(frozen=True)
class CodeAttempt:
    """One task's work.

    Attributes
    ----------
    task_id
        The task's id.
    source
        The code in the editor (write and fix tasks); None until the pupil types.
    order, indents, left_out
        For put-in-order tasks: the blocks' numbers in the pupil's order, each block's
        indent (by block number), and the blocks left out.
    flagged
        The block to look at after the last run (its place in ``order``), if any.
    runs
        How many times the pupil pressed Run.
    solved
        Whether a run has met the task's goal.
    """

    kind: ClassVar[str] = "code-attempt"

    task_id: str
    source: str | None = None
    order: tuple[int, ...] = ()
    indents: tuple[int, ...] = ()
    left_out: frozenset[int] = frozenset()
    flagged: int | None = None
    runs: int = 0
    solved: bool = False

    def but(self, **changes: object) -> CodeAttempt:
        """A copy with ``changes``."""
        return replace(self, **changes)

    def to_record(self) -> Record:
        return Record(
            {
                "task_id": self.task_id,
                "source": self.source,
                "order": list(self.order),
                "indents": list(self.indents),
                "left_out": sorted(self.left_out),
                "flagged": self.flagged,
                "runs": self.runs,
                "solved": self.solved,
            }
        )

    @classmethod
    def from_record(cls, record: Record) -> CodeAttempt:
        data = record.data
        return cls(
            task_id=data["task_id"],
            source=data["source"],
            order=tuple(int(n) for n in data["order"]),
            indents=tuple(int(n) for n in data["indents"]),
            left_out=frozenset(int(n) for n in data["left_out"]),
            flagged=data["flagged"],
            runs=int(data["runs"]),
            solved=bool(data["solved"]),
        )

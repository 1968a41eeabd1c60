"""The lesson-pack schema: what a teacher writes in ``pack.yaml``.

A pack is one folder in ``lessons/``::

    lessons/portrait-and-code-8-9/
        pack.yaml            # this schema
        steps/01-welcome.md  # one Markdown file per step (see ``steps.py``)
        teacher-notes.md     # running the pack without the trainer

Everything that varies between packs is data here: which exercise a step opens and
its settings, the trainer's timed script, the quiz. The models are frozen; unknown
fields are errors, so a typo never passes silently.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from workshop_app.yaml_files import one_right_choice

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Ids are lower-case words joined by hyphens: ``take-a-portrait``."""

Slug = Annotated[str, Field(pattern=SLUG, min_length=1, max_length=60)]
Text = Annotated[str, Field(min_length=1)]

YOUNGEST_AGE = 5
OLDEST_AGE = 18

CURRICULUM_FRAMEWORKS: dict[str, str] = {
    "england-ks2-computing": "England, KS2 computing",
    "england-ks3-computing": "England, KS3 computing",
    "england-ks2-art": "England, KS2 art and design",
    "england-ks3-art": "England, KS3 art and design",
    "wales-dcf": "Wales, Digital Competence Framework",
}
"""The curricula a pack can link to, by key, with the name teachers see."""

EDIT_NAMES: tuple[str, ...] = (
    "crop",
    "rotate",
    "flip",
    "brightness",
    "contrast",
    "exposure",
    "saturation",
    "warmth",
    "black-and-white",
    "sepia",
    "vignette",
    "sharpen",
    "blur",
    "pixelate",
)
"""The guided edits a step may offer (the photo lab's edit catalogue)."""

EDIT_WORDS: dict[str, str] = {
    "crop": "Crop cuts off the edges. Use it to fill the frame with what matters.",
    "rotate": "Turn makes the picture stand up or lie down. Straighten fixes a wonky horizon.",
    "flip": "Flip makes a mirror picture: left swaps with right.",
    "brightness": "Brightness makes the whole picture lighter or darker.",
    "contrast": "Contrast makes darks darker and lights lighter, so the picture looks punchier.",
    "exposure": "Exposure is how much light the picture got. Add some if it came out too dark.",
    "saturation": "Colour strength makes colours bolder, or greyer.",
    "warmth": "Warmth makes the picture feel sunny and orange, or cool and blue.",
    "black-and-white": "Black and white takes away all the colour, so shapes and light stand out.",
    "sepia": "Sepia makes the picture brown, like a photo from long ago.",
    "vignette": "Dark corners pull your eye to the middle of the picture.",
    "sharpen": "Sharpen makes edges crisper. A little goes a long way.",
    "blur": "Blur makes the picture soft and dreamy.",
    "pixelate": "Pixelate turns the picture into big squares, like an old video game.",
}
"""What each edit does, in words for children; a pack can say it its own way."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AgeRange(_Model):
    """The ages a pack is written for, both ends included.

    Written in YAML as ``ages: 8-9`` (or ``ages: 10`` for one age).
    """

    youngest: int
    oldest: int

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return {"youngest": value, "oldest": value}
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d+)\s*(?:-|–|to)\s*(\d+)\s*", value)
            if not match:
                msg = f"write the ages like 8-9, not {value!r}"
                raise ValueError(msg)
            return {"youngest": int(match[1]), "oldest": int(match[2])}
        return value

    @model_validator(mode="after")
    def _check_order(self) -> AgeRange:
        if self.youngest > self.oldest:
            msg = f"bad age range {self.label}: the first age must not be bigger than the second"
            raise ValueError(msg)
        if self.youngest < YOUNGEST_AGE or self.oldest > OLDEST_AGE:
            msg = (
                f"bad age range {self.label}: ages must be between {YOUNGEST_AGE} and {OLDEST_AGE}"
            )
            raise ValueError(msg)
        return self

    @property
    def label(self) -> str:
        """The range as people write it: ``"8-9"`` or ``"10"``."""
        if self.youngest == self.oldest:
            return str(self.youngest)
        return f"{self.youngest}-{self.oldest}"

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.youngest <= age <= self.oldest


# --- exercises: one settings model per kind, told apart by ``kind`` -----------------


class ExerciseBase(_Model):
    """What every exercise's settings share."""

    @classmethod
    def with_defaults(cls) -> Self:
        """The settings an exercise page uses when it is opened outside a lesson."""
        kind = cls.model_fields["kind"].annotation.__args__[0]
        return cls.model_validate({"kind": kind})


class PortraitExercise(ExerciseBase):
    """Take or upload a portrait; feedback on framing against a guide."""

    kind: Literal["portrait"]
    guide: Literal["thirds", "none"] = "thirds"


class ActionExercise(ExerciseBase):
    """A burst of action shots; the sharpest is picked and the shutter explained."""

    kind: Literal["action"]
    burst_max: int = Field(8, ge=2, le=20)


class StreetExercise(ExerciseBase):
    """Street photography in the school grounds; faces blurred before anything is kept."""

    kind: Literal["street"]
    blur_faces: bool = True


class EditExercise(ExerciseBase):
    """Guided edits of the pupil's own photo, from the edits listed here."""

    kind: Literal["edit"]
    edits: list[Literal[EDIT_NAMES]] = Field(min_length=1)  # type: ignore[valid-type]
    explain: dict[Literal[EDIT_NAMES], str] = Field(default_factory=dict)  # type: ignore[valid-type]
    """The pack's own words for some edits, for its age group (else :data:`EDIT_WORDS`)."""

    @classmethod
    def with_defaults(cls) -> Self:
        return cls(kind="edit", edits=list(EDIT_NAMES))

    def words_for(self, edit: str) -> str:
        return self.explain.get(edit) or EDIT_WORDS[edit]

    @field_validator("edits")
    @classmethod
    def _no_repeats(cls, edits: list[str]) -> list[str]:
        repeated = sorted({name for name in edits if edits.count(name) > 1})
        if repeated:
            msg = f"duplicate edits: {', '.join(repeated)}"
            raise ValueError(msg)
        return edits


class GreenScreenExercise(ExerciseBase):
    """A green-screen picture: key out the screen, choose a background."""

    kind: Literal["greenscreen"]
    screen: Literal["auto", "green", "blue"] = "auto"


class FilmExercise(ExerciseBase):
    """A short green-screen film."""

    kind: Literal["film"]
    screen: Literal["auto", "green", "blue"] = "auto"
    max_seconds: int = Field(15, ge=3, le=60)


class CodingExercise(ExerciseBase):
    """A code-lab task, named by its id."""

    kind: Literal["coding"]
    task: Slug


Exercise = Annotated[
    PortraitExercise
    | ActionExercise
    | StreetExercise
    | EditExercise
    | GreenScreenExercise
    | FilmExercise
    | CodingExercise,
    Field(discriminator="kind"),
]

EXERCISE_KINDS: tuple[str, ...] = (
    "portrait",
    "action",
    "street",
    "edit",
    "greenscreen",
    "film",
    "coding",
)


# --- the pack --------------------------------------------------------------------


class CurriculumLink(_Model):
    """One statement of a curriculum that the pack teaches towards."""

    framework: str
    statement: Text

    @field_validator("framework")
    @classmethod
    def _known_framework(cls, framework: str) -> str:
        if framework not in CURRICULUM_FRAMEWORKS:
            msg = (
                f"unknown curriculum {framework!r}; choose one of: "
                f"{', '.join(CURRICULUM_FRAMEWORKS)}"
            )
            raise ValueError(msg)
        return framework

    @property
    def framework_name(self) -> str:
        return CURRICULUM_FRAMEWORKS[self.framework]


class ScriptSegment(_Model):
    """One timed part of the trainer's script.

    ``at`` is minutes from the start of the day; ``pause`` marks a pause point, where the
    trainer stops the class ("eyes on me") before going on.
    """

    at: int = Field(ge=0)
    minutes: int = Field(ge=1)
    title: Text
    say: Text
    do: str = ""
    pause: bool = False
    step: Slug | None = None


class StepRef(_Model):
    """One step of the pack, its Markdown file and the exercise it opens."""

    id: Slug
    title: Text
    file: Text
    minutes: int = Field(ge=1, le=240)
    exercise: Exercise | None = None


class Extension(_Model):
    """An extension challenge for pupils who finish early."""

    title: Text
    description: Text


class QuizChoice(_Model):
    text: Text
    correct: bool = False
    feedback: Text


class QuizQuestion(_Model):
    id: Slug
    question: Text
    choices: list[QuizChoice] = Field(min_length=2, max_length=6)

    _one_right_answer = field_validator("choices")(one_right_choice)


def _duplicates(ids: list[str]) -> list[str]:
    return sorted({item for item in ids if ids.count(item) > 1})


class PackManifest(_Model):
    """Everything in ``pack.yaml``."""

    id: Slug
    title: Text
    ages: AgeRange
    duration_minutes: int = Field(ge=10, le=480)
    summary: Annotated[str, Field(min_length=1, max_length=200)]
    """One or two short sentences a pupil reads on the Start page."""
    description: str = ""
    """What the day is, for teachers and trainers (the Teachers page)."""
    equipment: list[Text] = Field(default_factory=list)
    objectives: list[Text] = Field(min_length=1)
    curriculum: list[CurriculumLink] = Field(min_length=1)
    safeguarding: list[Text] = Field(default_factory=list)
    trainer_script: list[ScriptSegment] = Field(min_length=1)
    steps: list[StepRef] = Field(min_length=1)
    extensions: list[Extension] = Field(default_factory=list)
    quiz: list[QuizQuestion] = Field(default_factory=list)
    teacher_notes: Text

    @field_validator("objectives")
    @classmethod
    def _i_can(cls, objectives: list[str]) -> list[str]:
        for objective in objectives:
            if not objective.startswith("I can "):
                msg = f'objectives are "I can ..." statements: {objective!r}'
                raise ValueError(msg)
        return objectives

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: list[StepRef]) -> list[StepRef]:
        repeated = _duplicates([step.id for step in steps])
        if repeated:
            msg = f"duplicate step ids: {', '.join(repeated)}"
            raise ValueError(msg)
        return steps

    @field_validator("quiz")
    @classmethod
    def _unique_questions(cls, quiz: list[QuizQuestion]) -> list[QuizQuestion]:
        repeated = _duplicates([question.id for question in quiz])
        if repeated:
            msg = f"duplicate question ids: {', '.join(repeated)}"
            raise ValueError(msg)
        return quiz

    def script_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Check the trainer script against the day: order, overlaps, step names.

        Returns ``(location, message)`` pairs; empty when the script is sound.
        """
        problems: list[tuple[tuple[str | int, ...], str]] = []
        step_ids = {step.id for step in self.steps}
        previous_end = 0
        for index, segment in enumerate(self.trainer_script):
            where = ("trainer_script", index)
            if segment.at < previous_end:
                problems.append(
                    (
                        (*where, "at"),
                        f"starts at minute {segment.at}, before the part before it ends "
                        f"(minute {previous_end})",
                    )
                )
            end = segment.at + segment.minutes
            if end > self.duration_minutes:
                problems.append(
                    (
                        (*where, "minutes"),
                        f"ends at minute {end}, after the day ends "
                        f"(duration_minutes: {self.duration_minutes})",
                    )
                )
            if segment.step is not None and segment.step not in step_ids:
                problems.append(((*where, "step"), f"no step with id {segment.step!r}"))
            previous_end = max(previous_end, end)
        return problems

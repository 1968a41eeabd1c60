"""Code-lab tasks: what a teacher writes in ``lessons/<pack>/tasks/<task-id>.yaml``.

A step of a pack opens a task by id (``exercise: {kind: coding, task: flag-order}``);
the task file says what the pupil starts with, how it is checked, and which hints to
give. Formats follow the age groups:

======================  =====  ==============================================
format                  ages   the pupil...
======================  =====  ==============================================
``order``               8-9    puts given blocks in order (and indents them)
``predict``             8-9    predicts what given code does, then runs it
``fill-blanks``         10-11  fills the gaps marked ``___``
``modify``              10-11  changes working code
``make``                10-14  writes a program from a blank page
``write-function``      12-14  writes a function that passes checks
``debug``               12-14  fixes a program with bugs
======================  =====  ==============================================

A task file::

    id: flag-order
    title: Put the flag in order
    format: order
    tier: 8-9
    size: 8
    input: blank
    blocks:
      - code: |
          for x in range(8):
              set(x, 5, blue)
      - code: middle = white
    reference: |
      middle = white
      ...
    checks:
      - kind: same-picture

Checks run in the order written; the first that fails gives the pupil one hint. Kinds:
``same-picture`` (like the reference's picture, ``tolerance`` per colour number),
``same-output`` (prints what the reference prints), ``property`` (``grey``,
``black-and-white``, ``mirror``, ``keeps-size``, ``in-range``, ``changes-something``,
``brightness-order``), ``region`` (a rectangle is one given colour, or one colour that
is not a given colour), ``frame`` (a one-square frame of one colour, inside unchanged),
``function`` (a function with this name exists) and ``call`` (call the pupil's
function and compare what it returns, or the picture it makes, with the reference).
Every check can carry its own ``hint``; ``hints:`` replaces the checker's wording for a
kind of difference (see :data:`HINT_PATTERNS`).

:func:`load_task` and :func:`load_tasks` report every problem as
``"<file>, line <n>, <field>: <what is wrong>"``, like the lesson-pack loader.
"""

from __future__ import annotations

import difflib
import keyword
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from workshop_app.coding.friendly import Tier
from workshop_app.coding.grid import COLOURS, GRID_SIZES, Colour, Grid, blank, practice_picture
from workshop_app.coding.limits import MAX_CALLS
from workshop_app.coding.runs import Call
from workshop_app.errors import LessonPackError
from workshop_app.settings import lessons_dir
from workshop_app.yaml_files import one_right_choice, read_yaml, shown_path

TASKS_FOLDER = "tasks"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
BLANK = "___"

FORMATS = ("order", "predict", "fill-blanks", "modify", "make", "write-function", "debug")
Format = Literal["order", "predict", "fill-blanks", "modify", "make", "write-function", "debug"]

HINT_PATTERNS: tuple[str, ...] = (
    "unchanged",
    "upside-down",
    "left-right",
    "half-copy",
    "tint",
    "wrong-square",
    "no-output",
    "too-many-lines",
    "too-small",
    "too-big",
    "wrong-output",
)
"""Kinds of difference the checker recognises; a task's ``hints:`` can reword each.

Hint texts may use ``{x}``, ``{y}``, ``{expected}``, ``{actual}`` (colours, for picture
differences) and ``{got}``, ``{want}`` (printed output)."""

PROPERTIES = (
    "grey",
    "black-and-white",
    "mirror",
    "keeps-size",
    "in-range",
    "changes-something",
    "brightness-order",
)

Slug = Annotated[str, Field(pattern=SLUG, min_length=1, max_length=60)]
Text = Annotated[str, Field(min_length=1)]


def _colour(value: object) -> Colour:
    if isinstance(value, str):
        if value not in COLOURS:
            msg = f"unknown colour {value!r}; use one of {', '.join(COLOURS)} or [r, g, b]"
            raise ValueError(msg)
        return COLOURS[value]
    if (
        isinstance(value, list | tuple)
        and len(value) == 3
        and all(type(n) is int and 0 <= n <= 255 for n in value)
    ):
        return (value[0], value[1], value[2])
    msg = f"a colour is a name like red or three numbers [r, g, b] from 0 to 255, not {value!r}"
    raise ValueError(msg)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Block(_Model):
    """One block of an ordering puzzle: a line or a few lines that move together."""

    code: Text
    indent: int = Field(0, ge=0, le=4)
    """Steps of 4 spaces in the model answer (the UI may let pupils change it)."""
    distractor: bool = False
    """A block that does not belong in the answer."""

    @field_validator("code")
    @classmethod
    def _no_trailing_newline(cls, code: str) -> str:
        return code.rstrip("\n")


class Choice(_Model):
    text: Text
    correct: bool = False
    feedback: Text


class Prediction(_Model):
    """The question a ``predict`` task asks before the pupil presses Run."""

    question: Text
    choices: list[Choice] = Field(min_length=2, max_length=6)

    _one_right = field_validator("choices")(one_right_choice)

    def answer(self, index: int) -> Choice:
        """The choice the pupil picked (its ``correct`` flag and ``feedback``)."""
        return self.choices[index]


class _Check(_Model):
    hint: str | None = None
    """What to tell the pupil when this check fails (replaces the default words)."""


class SamePicture(_Check):
    kind: Literal["same-picture"]
    tolerance: int = Field(0, ge=0, le=255)


class SameOutput(_Check):
    kind: Literal["same-output"]


class PropertyCheck(_Check):
    kind: Literal["property"]
    property: Literal[PROPERTIES]  # type: ignore[valid-type]


class RegionCheck(_Check):
    """Squares ``x[0]..x[1]`` by ``y[0]..y[1]`` (both ends included)."""

    kind: Literal["region"]
    x: tuple[int, int]
    y: tuple[int, int]
    colour: Colour | None = None
    """Every square is this colour."""
    same: bool = False
    """Every square is one colour (any)."""
    not_colour: Colour | None = Field(None, alias="not")
    """No square is this colour."""

    @field_validator("colour", "not_colour", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        return None if value is None else _colour(value)

    @model_validator(mode="after")
    def _something_to_check(self) -> RegionCheck:
        if self.colour is None and not self.same and self.not_colour is None:
            msg = "say 'colour: <colour>', 'same: true' or 'not: <colour>'"
            raise ValueError(msg)
        for axis in (self.x, self.y):
            if not 0 <= axis[0] <= axis[1]:
                msg = f"bad range {list(axis)}: write [first, last] with first <= last"
                raise ValueError(msg)
        return self


class FrameCheck(_Check):
    kind: Literal["frame"]


class FunctionCheck(_Check):
    kind: Literal["function"]
    name: str

    @field_validator("name")
    @classmethod
    def _identifier(cls, name: str) -> str:
        if not name.isidentifier() or keyword.iskeyword(name):
            msg = f"{name!r} is not a Python function name"
            raise ValueError(msg)
        return name


class CallCheck(_Check):
    """Call ``function(*args)`` after the pupil's program, on a fresh copy of the input."""

    kind: Literal["call"]
    function: str
    args: list[Any] = Field(default_factory=list)
    returns: Literal["reference", "grey-colour", "anything"] = "reference"
    """Compare the value given back with the reference's, or only check it is a grey."""
    expect: Any = None
    """A value the call must give back (instead of the reference's); colour names work."""
    compare_grid: bool = False
    """Also compare the picture after the call with the reference's."""
    tolerance: int = Field(0, ge=0, le=255)

    @field_validator("function")
    @classmethod
    def _identifier(cls, name: str) -> str:
        return FunctionCheck._identifier(name)

    @field_validator("args", "expect", mode="before")
    @classmethod
    def _colour_names(cls, value: object) -> object:
        if isinstance(value, list):
            return [COLOURS.get(v, v) if isinstance(v, str) else v for v in value]
        return COLOURS.get(value, value) if isinstance(value, str) else value

    @property
    def label(self) -> str:
        """The call as the pupil would write it: ``grey((200, 100, 0))``."""
        shown = ", ".join(_python(arg) for arg in self.args)
        return f"{self.function}({shown})"


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _python(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "(" + ", ".join(_python(item) for item in value) + ")"
    return repr(value)


Check = Annotated[
    SamePicture | SameOutput | PropertyCheck | RegionCheck | FrameCheck | FunctionCheck | CallCheck,
    Field(discriminator="kind"),
]
CHECK_KINDS = ("same-picture", "same-output", "property", "region", "frame", "function", "call")


class Task(_Model):
    """One code-lab task (the contents of a task file)."""

    id: Slug
    title: Text
    format: Format
    tier: Literal["8-9", "10-11", "12-14"]
    size: int = 8
    """Squares a side: 8, 16 or 32."""
    input: Literal["blank", "photo"] = "blank"
    """A blank grid, or the pupil's photo shrunk to the grid (a practice picture if none)."""
    background: Colour = (0, 0, 0)
    """The colour of a blank grid."""
    starter: str = ""
    """The code the pupil starts with (for ``order``: the blocks in their first order)."""
    blocks: list[Block] = Field(default_factory=list)
    predict: Prediction | None = None
    reference: Text
    """A model answer; the checker runs it on the same input as the pupil's code."""
    checks: list[Check] = Field(min_length=1)
    hints: dict[str, str] = Field(default_factory=dict)
    success: str = ""
    """What to say when every check passes (default: a short well done)."""
    timeout_s: float = Field(3.0, ge=0.5, le=10)

    @field_validator("size")
    @classmethod
    def _grid_size(cls, size: int) -> int:
        if size not in GRID_SIZES:
            msg = f"size must be one of {', '.join(map(str, GRID_SIZES))}, not {size}"
            raise ValueError(msg)
        return size

    @field_validator("background", mode="before")
    @classmethod
    def _background(cls, value: object) -> object:
        return _colour(value)

    @field_validator("hints")
    @classmethod
    def _known_patterns(cls, hints: dict[str, str]) -> dict[str, str]:
        for name in hints:
            if name not in HINT_PATTERNS:
                close = difflib.get_close_matches(name, HINT_PATTERNS, n=1)
                also = f" (did you mean {close[0]!r}?)" if close else ""
                msg = f"unknown hint {name!r}{also}; use one of: {', '.join(HINT_PATTERNS)}"
                raise ValueError(msg)
        return hints

    @field_validator("reference")
    @classmethod
    def _compiles(cls, reference: str) -> str:
        try:
            compile(reference, "<reference>", "exec", dont_inherit=True)
        except SyntaxError as error:
            msg = f"the reference solution has a syntax error on line {error.lineno}: {error.msg}"
            raise ValueError(msg) from None
        return reference

    @model_validator(mode="after")
    def _format_needs(self) -> Task:
        if self.format == "order":
            if sum(not block.distractor for block in self.blocks) < 2:
                msg = "an order task needs 'blocks:' with at least two blocks"
                raise ValueError(msg)
        elif self.blocks:
            msg = f"only order tasks have blocks, not {self.format} tasks"
            raise ValueError(msg)
        if self.format == "predict" and self.predict is None:
            msg = "a predict task needs 'predict:' with a question and choices"
            raise ValueError(msg)
        if (
            self.format in ("predict", "fill-blanks", "modify", "debug")
            and not self.starter.strip()
        ):
            msg = f"a {self.format} task needs 'starter:' code"
            raise ValueError(msg)
        if self.format == "fill-blanks" and BLANK not in self.starter:
            msg = f"a fill-blanks task needs at least one gap {BLANK} in its starter code"
            raise ValueError(msg)
        if self.format == "write-function" and not self.required_functions:
            msg = "a write-function task needs a check with 'kind: function'"
            raise ValueError(msg)
        if len(self.calls) > MAX_CALLS:
            msg = f"at most {MAX_CALLS} call checks per task"
            raise ValueError(msg)
        return self

    # --- for the checker and the UI ---

    @property
    def required_functions(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.checks if isinstance(c, FunctionCheck))

    @property
    def calls(self) -> tuple[Call, ...]:
        """The function calls the checks need, in check order."""
        return tuple(
            Call(check.function, tuple(_frozen(arg) for arg in check.args))
            for check in self.checks
            if isinstance(check, CallCheck)
        )

    @property
    def starter_code(self) -> str:
        """What the editor shows first (for ``order``: the blocks in their given order)."""
        return self.starter if self.starter or self.format != "order" else self.assemble()

    def assemble(
        self, order: Sequence[int] | None = None, indents: Sequence[int] | None = None
    ) -> str:
        """The program made by putting blocks in an order, each at an indent level.

        Parameters
        ----------
        order
            Block numbers (positions in :attr:`blocks`) from top to bottom; blocks left
            out are not used. Default: every block, as listed.
        indents
            Indent level (steps of 4 spaces) for each entry of ``order``; default each
            block's own ``indent``.
        """
        order = list(range(len(self.blocks))) if order is None else list(order)
        if indents is not None and len(indents) != len(order):
            msg = "give one indent level for each block in the order"
            raise ValueError(msg)
        lines = []
        for place, number in enumerate(order):
            if not 0 <= number < len(self.blocks):
                msg = f"there is no block {number}"
                raise ValueError(msg)
            block = self.blocks[number]
            level = block.indent if indents is None else indents[place]
            if not 0 <= level <= 8:
                msg = f"indent level must be from 0 to 8, not {level}"
                raise ValueError(msg)
            lines += ["    " * level + line for line in block.code.split("\n")]
        return "\n".join(lines) + "\n"

    def block_at_line(self, order: Sequence[int] | None, line: int | None) -> int | None:
        """Which block (its number in :attr:`blocks`) holds ``line`` of :meth:`assemble`.

        An ordering puzzle shows blocks, not line numbers: the UI can highlight this block
        when a friendly error points at a line.
        """
        if line is None:
            return None
        order = list(range(len(self.blocks))) if order is None else list(order)
        first = 1
        for number in order:
            size = self.blocks[number].code.count("\n") + 1
            if first <= line < first + size:
                return number
            first += size
        return None

    def input_grid(self, photo: Any = None) -> Grid:
        """The grid a run starts from: blank, the pupil's photo, or the practice picture.

        ``photo`` is an RGB ``uint8`` image (shrunk to the task's size) or a
        :class:`~workshop_app.coding.grid.Grid` of the task's size.
        """
        if self.input == "blank":
            return blank(self.size, colour=self.background)
        if photo is None:
            return practice_picture(self.size)
        if isinstance(photo, Grid):
            if photo.size != (self.size, self.size):
                msg = f"this task needs a {self.size}x{self.size} grid, not {photo.size}"
                raise ValueError(msg)
            return photo.copy()
        from workshop_app.coding.grid import from_image

        return from_image(photo, self.size)

    @property
    def age_tier(self) -> Tier:
        return self.tier


# --- loading --------------------------------------------------------------------------


def load_task(path: Path) -> Task:
    """Read and check one task file.

    Raises
    ------
    LessonPackError
        With every problem, each as ``"<file>, line <n>, <field>: <message>"``.
    """
    path = Path(path)
    file = read_yaml(path, fields_hint="id:, title:, format:")
    task = file.validate(Task, tags=CHECK_KINDS, tag_word="check")
    if path.stem != task.id:
        where = file.where(("id",))
        raise LessonPackError([f"{where}the id must match the file name ({path.stem!r})"])
    return task


def load_tasks(pack_folder: Path) -> tuple[dict[str, Task], list[str]]:
    """Every task in ``<pack_folder>/tasks/``: the good ones by id, and all problems."""
    folder = Path(pack_folder) / TASKS_FOLDER
    tasks: dict[str, Task] = {}
    problems: list[str] = []
    if not folder.is_dir():
        return tasks, problems
    for path in sorted(folder.glob("*.yaml")):
        try:
            task = load_task(path)
        except LessonPackError as error:
            problems += error.problems
            continue
        tasks[task.id] = task
    return tasks, problems


def load_all_tasks(root: Path | None = None) -> tuple[dict[str, Task], list[str]]:
    """The tasks of every pack under ``root`` (default: the lessons folder).

    A task id used by two packs is a problem (a step names its task by id only).
    """
    root = lessons_dir() if root is None else Path(root)
    tasks: dict[str, Task] = {}
    where: dict[str, Path] = {}
    problems: list[str] = []
    if not root.is_dir():
        return tasks, [f"{root}: no lessons folder here"]
    for pack in sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._"):
        found, pack_problems = load_tasks(pack)
        problems += pack_problems
        for task_id, task in found.items():
            if task_id in tasks:
                first = shown_path(where[task_id])
                problems.append(
                    f"{shown_path(pack / TASKS_FOLDER / (task_id + '.yaml'))}, id: task id "
                    f"{task_id!r} is already used by {first}"
                )
                continue
            tasks[task_id] = task
            where[task_id] = pack / TASKS_FOLDER / f"{task_id}.yaml"
    return tasks, problems


def find_task(task_id: str, pack_folder: Path | None = None) -> Task:
    """The task with this id: from one pack's folder, or from any pack.

    Raises
    ------
    LessonPackError
        If there is no such task file, or it is broken.
    """
    folders = [Path(pack_folder)] if pack_folder is not None else _pack_folders()
    for folder in folders:
        path = folder / TASKS_FOLDER / f"{task_id}.yaml"
        if path.is_file():
            return load_task(path)
    where = shown_path(folders[0] / TASKS_FOLDER) if len(folders) == 1 else "any pack"
    msg = f"{where}: no task file {task_id}.yaml"
    raise LessonPackError([msg], cause="task-missing")


def _pack_folders() -> list[Path]:
    root = lessons_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._")

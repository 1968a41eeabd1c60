"""Teacher-edited YAML files (lesson packs, code-lab tasks): reading and checking them.

Every problem is reported as ``"<file>, line <n>, <field>: <what is wrong>"``, in words
a teacher editing the file by hand can act on, and every problem in a file is reported
at once (:class:`~workshop_app.errors.LessonPackError`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from workshop_app.errors import LessonPackError

Location = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)
ChoiceT = TypeVar("ChoiceT")


class TeacherYamlLoader(yaml.SafeLoader):
    """YAML as teachers expect it: only ``true`` and ``false`` are yes/no values.

    Plain YAML 1.1 reads ``feedback: No`` or ``answer: yes`` as booleans (the "Norway
    problem"); in a lesson pack those are words.
    """


TeacherYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TeacherYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class YamlFile:
    """A file's data, its YAML node tree (for line numbers), and its path as shown."""

    data: dict[str, Any]
    node: yaml.Node | None
    shown: str

    def where(self, loc: Location, *, drop: tuple[str, ...] = ()) -> str:
        """``"<file>, line <n>, <field>: "`` for the field at ``loc``.

        ``drop`` names location parts to leave out: pydantic puts a union member's tag
        into the location (``steps.0.exercise.portrait``) where people wrote none.
        """
        loc = tuple(part for part in loc if part not in drop)
        parts = [self.shown]
        line = _line_of(self.node, loc)
        if line is not None:
            parts.append(f"line {line}")
        if loc:
            parts.append(field_name(loc))
        return ", ".join(parts) + ": "

    def validate(self, model: type[ModelT], *, tags: tuple[str, ...], tag_word: str) -> ModelT:
        """The data as ``model``, or :class:`LessonPackError` with every problem.

        ``tags`` are the names a discriminated union tells apart (exercise kinds, check
        kinds) and ``tag_word`` what to call one ("exercise", "check").
        """
        try:
            return model.model_validate(self.data)
        except ValidationError as error:
            problems = [
                self.where(tuple(item["loc"]), drop=tags) + message
                for item, message in _explain_all(error.errors(), tags, tag_word)
            ]
            raise LessonPackError(problems) from None


def one_right_choice(choices: list[ChoiceT]) -> list[ChoiceT]:
    """A pydantic validator's check for quiz-like choices: exactly one is ``correct``."""
    right = sum(bool(getattr(choice, "correct", False)) for choice in choices)
    if right != 1:
        msg = f"needs exactly one choice with 'correct: true', found {right}"
        raise ValueError(msg)
    return choices


def read_yaml(path: Path, *, fields_hint: str) -> YamlFile:
    """Read a YAML mapping, keeping its node tree for line numbers.

    Raises
    ------
    LessonPackError
        A missing, unreadable or non-UTF-8 file, invalid YAML, or YAML that is not a
        mapping of fields (``fields_hint`` lists a few, to show what is expected).
    """
    shown = shown_path(path)
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=TeacherYamlLoader)
        data = yaml.load(text, Loader=TeacherYamlLoader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        msg = f"{shown}{line}: not valid YAML ({problem})"
        raise LessonPackError([msg]) from None
    if not isinstance(data, dict):
        msg = f"{shown}: must be a YAML mapping of fields ({fields_hint}, ...)"
        raise LessonPackError([msg])
    return YamlFile(data, node, shown)


def read_text(path: Path) -> str:
    """A teacher's text file, or :class:`LessonPackError` saying why it cannot be read."""
    shown = shown_path(path)
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        msg = f"{shown}: not UTF-8 text (save it as UTF-8)"
        raise LessonPackError([msg]) from None
    except OSError as error:
        msg = f"{shown}: cannot be read ({error.strerror})"
        raise LessonPackError([msg]) from None


def shown_path(path: Path) -> str:
    """The path as a person finds it: relative to where they are, when it can be."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def field_name(loc: Location) -> str:
    """``("steps", 2, "exercise", "kind")`` -> ``"steps[2].exercise.kind"``."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name


def _line_of(node: yaml.Node | None, loc: Location) -> int | None:
    """The 1-based line of the YAML node at ``loc``, or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _explain_all(
    items: list[dict[str, Any]], tags: tuple[str, ...], tag_word: str
) -> list[tuple[dict[str, Any], str]]:
    """Explain each error; a misspelt field and the field it should be become one."""
    missing = {tuple(item["loc"]): item for item in items if item["type"] == "missing"}
    explained: list[tuple[dict[str, Any], str]] = []
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "missing":
            continue
        if item["type"] == "extra_forbidden" and isinstance(loc[-1], str):
            siblings = [str(key[-1]) for key in missing if key[:-1] == loc[:-1]]
            close = difflib.get_close_matches(loc[-1], siblings, n=1)
            if close:
                missing.pop((*loc[:-1], close[0]))
                explained.append((item, f"unknown field: did you mean {close[0]!r}?"))
                continue
        explained.append((item, _explain(item, tags, tag_word)))
    return explained + [(item, "is missing") for item in missing.values()]


def _explain(item: dict[str, Any], tags: tuple[str, ...], tag_word: str) -> str:
    """A pydantic error in words a teacher editing YAML understands."""
    kind = item["type"]
    ctx = item.get("ctx", {})
    if kind == "extra_forbidden":
        return "unknown field (check the spelling, or remove it)"
    if kind == "union_tag_invalid":
        return f"unknown {tag_word} {ctx.get('tag')!r}; choose one of: {', '.join(tags)}"
    if kind == "union_tag_not_found":
        return f"says no 'kind'; choose one of: {', '.join(tags)}"
    if kind == "literal_error":
        return f"{item['input']!r} is not allowed; choose one of: {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"{item['input']!r} is not a valid id: use lower-case words joined by hyphens"
    if kind == "string_too_long":
        return f"is too long: {len(item['input'])} characters, at most {ctx.get('max_length')}"
    return str(item["msg"]).removeprefix("Value error, ")

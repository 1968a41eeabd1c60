"""Reading lesson packs from disk and reporting every problem with file, line and field.

:func:`load_pack` reads one pack folder and either returns a :class:`LessonPack` or
raises :class:`~workshop_app.errors.LessonPackError` listing *all* its problems, each
as ``"<file>, line <n>, <field>: <what is wrong>"``. :func:`load_library` reads every
pack in a folder and keeps the broken ones' problems beside the good packs, so the app
can refuse a broken pack with the same words the validator prints.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from workshop_app.errors import LessonPackError
from workshop_app.lessons.model import EXERCISE_KINDS, PackManifest, StepRef
from workshop_app.lessons.steps import StepContent, image_problems, parse_step

MANIFEST_NAME = "pack.yaml"

Location = tuple[str | int, ...]


class _PackYamlLoader(yaml.SafeLoader):
    """YAML as teachers expect it: only ``true`` and ``false`` are yes/no values.

    Plain YAML 1.1 reads ``feedback: No`` or ``answer: yes`` as booleans (the "Norway
    problem"); in a lesson pack those are words.
    """


_PackYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PackYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class Step:
    """A step of a pack: its manifest entry and its parsed Markdown."""

    ref: StepRef
    content: StepContent

    @property
    def id(self) -> str:
        return self.ref.id

    @property
    def title(self) -> str:
        return self.ref.title


@dataclass(frozen=True)
class LessonPack:
    """A loaded, valid lesson pack."""

    folder: Path
    manifest: PackManifest
    steps: tuple[Step, ...]
    teacher_notes: str

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def title(self) -> str:
        return self.manifest.title

    def step_index(self, step_id: str) -> int:
        """Position of the step with this id (``ValueError`` if none)."""
        return [step.id for step in self.steps].index(step_id)

    def resolve(self, relative: str) -> Path:
        """A file of the pack, by its path inside the pack folder."""
        return self.folder / relative


@dataclass(frozen=True)
class Library:
    """Every pack found in a lessons folder: the usable ones, and the refused ones."""

    packs: tuple[LessonPack, ...]
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Refused packs: folder name -> its problems."""

    def by_id(self, pack_id: str) -> LessonPack | None:
        return next((pack for pack in self.packs if pack.id == pack_id), None)

    def age_groups(self) -> list[str]:
        """The distinct age ranges of the packs, youngest first (``["8-9", "9-11"]``)."""
        ranges = {(p.manifest.ages.youngest, p.manifest.ages.oldest) for p in self.packs}
        return [f"{low}-{high}" if low != high else str(low) for low, high in sorted(ranges)]

    def for_age_group(self, label: str) -> list[LessonPack]:
        """The packs written for exactly this age range, in title order."""
        chosen = [pack for pack in self.packs if pack.manifest.ages.label == label]
        return sorted(chosen, key=lambda pack: pack.title)


def load_pack(folder: Path) -> LessonPack:
    """Read and check one pack folder.

    Parameters
    ----------
    folder
        The pack's folder, holding ``pack.yaml``.

    Raises
    ------
    LessonPackError
        With every problem found, each naming its file and field.
    """
    folder = Path(folder)
    manifest_path = folder / MANIFEST_NAME
    shown = _shown_path(manifest_path)
    if not manifest_path.is_file():
        msg = f"{shown}: missing (every pack folder needs a {MANIFEST_NAME})"
        raise LessonPackError([msg])
    text = _read_text(manifest_path, shown)
    try:
        node = yaml.compose(text, Loader=_PackYamlLoader)
        data = yaml.load(text, Loader=_PackYamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        msg = f"{shown}{line}: not valid YAML ({problem})"
        raise LessonPackError([msg]) from None
    if not isinstance(data, dict):
        msg = f"{shown}: must be a YAML mapping of fields (title:, ages:, steps:, ...)"
        raise LessonPackError([msg])

    try:
        manifest = PackManifest.model_validate(data)
    except ValidationError as error:
        problems = [
            _where(shown, node, tuple(item["loc"])) + message
            for item, message in _explain_all(error.errors())
        ]
        raise LessonPackError(problems) from None

    problems = [_where(shown, node, loc) + message for loc, message in manifest.script_problems()]
    steps: list[Step] = []
    for index, ref in enumerate(manifest.steps):
        content, step_problems = _load_step(folder, ref, shown, node, index)
        problems.extend(step_problems)
        steps.append(Step(ref, content))
    notes_path = folder / manifest.teacher_notes
    teacher_notes = ""
    if _inside(folder, notes_path) and notes_path.is_file():
        teacher_notes = _read_text(notes_path, _shown_path(notes_path))
    else:
        where = _where(shown, node, ("teacher_notes",))
        problems.append(f"{where}file {manifest.teacher_notes!r} not found in the pack")
    if problems:
        raise LessonPackError(problems)
    return LessonPack(folder, manifest, tuple(steps), teacher_notes)


def load_library(root: Path) -> Library:
    """Read every pack folder in ``root``; broken packs are kept aside with their problems.

    Two packs with the same ``id`` are both refused: neither can be picked safely.
    """
    root = Path(root)
    if not root.is_dir():
        return Library((), {root.name or str(root): [f"{root}: no lessons folder here"]})
    packs: list[LessonPack] = []
    problems: dict[str, list[str]] = {}
    for folder in sorted(path for path in root.iterdir() if path.is_dir()):
        if folder.name.startswith((".", "_")):
            continue
        try:
            packs.append(load_pack(folder))
        except LessonPackError as error:
            problems[folder.name] = error.problems
    seen: dict[str, list[LessonPack]] = {}
    for pack in packs:
        seen.setdefault(pack.id, []).append(pack)
    for pack_id, same in seen.items():
        if len(same) > 1:
            folders = ", ".join(pack.folder.name for pack in same)
            for pack in same:
                where = _shown_path(pack.folder / MANIFEST_NAME)
                problems[pack.folder.name] = [
                    f"{where}, id: duplicate pack id {pack_id!r} (used by {folders})"
                ]
    usable = tuple(pack for pack in packs if pack.folder.name not in problems)
    return Library(usable, problems)


def library_problems(library: Library) -> list[str]:
    """Every problem of every refused pack, one per line, in folder order."""
    return [line for name in sorted(library.problems) for line in library.problems[name]]


# --- helpers ------------------------------------------------------------------------


def _load_step(
    folder: Path, ref: StepRef, shown: str, node: yaml.Node | None, index: int
) -> tuple[StepContent, list[str]]:
    path = folder / ref.file
    if not _inside(folder, path) or not path.is_file():
        where = _where(shown, node, ("steps", index, "file"))
        return StepContent(()), [f"{where}step file {ref.file!r} not found in the pack"]
    step_shown = _shown_path(path)
    markdown = _read_text(path, step_shown)
    content, problems = parse_step(markdown)
    problems += image_problems(markdown)
    messages = [f"{step_shown}, line {p.line}: {p.message}" for p in problems]
    if not problems:
        for section in content.sections:
            # Pictures are named from the pack folder, as everything else in a pack is.
            if section.kind == "image" and not (folder / section.text).is_file():
                messages.append(f"{step_shown}: picture {section.text!r} not found")
    return content, messages


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        msg = f"{shown}: not UTF-8 text (save it as UTF-8)"
        raise LessonPackError([msg]) from None
    except OSError as error:
        msg = f"{shown}: cannot be read ({error.strerror})"
        raise LessonPackError([msg]) from None


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _shown_path(path: Path) -> str:
    """The path as a person finds it: relative to where they are, when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _field_name(loc: Location) -> str:
    """``("steps", 2, "exercise", "kind")`` -> ``"steps[2].exercise.kind"``."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name


def _clean_loc(loc: Location) -> Location:
    # Pydantic puts the union member's tag into the location ("steps.0.exercise.portrait");
    # people wrote "exercise", so drop it.
    return tuple(part for part in loc if part not in EXERCISE_KINDS)


def _where(shown: str, node: yaml.Node | None, loc: Location) -> str:
    loc = _clean_loc(loc)
    line = _line_of(node, loc)
    parts = [shown]
    if line is not None:
        parts.append(f"line {line}")
    if loc:
        parts.append(_field_name(loc))
    return ", ".join(parts) + ": "


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


def _explain_all(items: list[dict]) -> list[tuple[dict, str]]:
    """Explain each error; a misspelt field and the field it should be become one."""
    missing = {tuple(item["loc"]): item for item in items if item["type"] == "missing"}
    explained: list[tuple[dict, str]] = []
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "extra_forbidden" and isinstance(loc[-1], str):
            siblings = [key[-1] for key in missing if key[:-1] == loc[:-1]]
            close = difflib.get_close_matches(loc[-1], [str(name) for name in siblings], n=1)
            if close:
                missing.pop((*loc[:-1], close[0]))
                explained.append((item, f"unknown field: did you mean {close[0]!r}?"))
                continue
        explained.append((item, _explain(item)))
    return [(item, text) for item, text in explained if item["type"] != "missing"] + [
        (item, _explain(item)) for item in missing.values()
    ]


def _explain(item: dict) -> str:
    """A pydantic error in words a teacher editing YAML understands."""
    kind = item["type"]
    ctx = item.get("ctx", {})
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling, or remove it)"
    if kind == "union_tag_invalid":
        return f"unknown exercise {ctx.get('tag')!r}; choose one of: {', '.join(EXERCISE_KINDS)}"
    if kind == "union_tag_not_found":
        return f"says no 'kind'; choose one of: {', '.join(EXERCISE_KINDS)}"
    if kind == "literal_error":
        return f"{item['input']!r} is not allowed; choose one of: {ctx.get('expected')}"
    if kind == "string_too_long":
        return f"is too long: {len(item['input'])} characters, at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        return f"{item['input']!r} is not a valid id: use lower-case words joined by hyphens"
    message = item["msg"]
    return message.removeprefix("Value error, ")

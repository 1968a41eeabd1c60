"""Reading lesson packs from disk and reporting every problem with file, line and field.

:func:`load_pack` reads one pack folder and either returns a :class:`LessonPack` or
raises :class:`~workshop_app.errors.LessonPackError` listing *all* its problems, each
as ``"<file>, line <n>, <field>: <what is wrong>"``. :func:`load_library` reads every
pack in a folder and keeps the broken ones' problems beside the good packs, so the app
can refuse a broken pack with the same words the validator prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workshop_app.errors import LessonPackError
from workshop_app.lessons.model import EXERCISE_KINDS, PackManifest, StepRef
from workshop_app.lessons.steps import StepContent, image_problems, parse_step
from workshop_app.yaml_files import YamlFile, read_text, read_yaml, shown_path

MANIFEST_NAME = "pack.yaml"


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
    if not manifest_path.is_file():
        msg = f"{shown_path(manifest_path)}: missing (every pack folder needs a {MANIFEST_NAME})"
        raise LessonPackError([msg])
    file = read_yaml(manifest_path, fields_hint="title:, ages:, steps:")
    manifest = file.validate(PackManifest, tags=EXERCISE_KINDS, tag_word="exercise")

    problems = [file.where(loc) + message for loc, message in manifest.script_problems()]
    steps: list[Step] = []
    for index, ref in enumerate(manifest.steps):
        content, step_problems = _load_step(folder, ref, file, index)
        problems.extend(step_problems)
        steps.append(Step(ref, content))
    notes_path = folder / manifest.teacher_notes
    teacher_notes = ""
    if _inside(folder, notes_path) and notes_path.is_file():
        teacher_notes = read_text(notes_path)
    else:
        where = file.where(("teacher_notes",))
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
                where = shown_path(pack.folder / MANIFEST_NAME)
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
    folder: Path, ref: StepRef, file: YamlFile, index: int
) -> tuple[StepContent, list[str]]:
    path = folder / ref.file
    if not _inside(folder, path) or not path.is_file():
        where = file.where(("steps", index, "file"))
        return StepContent(()), [f"{where}step file {ref.file!r} not found in the pack"]
    step_shown = shown_path(path)
    markdown = read_text(path)
    content, problems = parse_step(markdown)
    problems += image_problems(markdown)
    messages = [f"{step_shown}, line {p.line}: {p.message}" for p in problems]
    if not problems:
        for section in content.sections:
            # Pictures are named from the pack folder, as everything else in a pack is.
            if section.kind == "image" and not (folder / section.text).is_file():
                messages.append(f"{step_shown}: picture {section.text!r} not found")
    return content, messages


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())

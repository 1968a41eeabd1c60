"""Step files: Markdown with Raspberry Pi-style blocks.

A step is plain Markdown. Parts of it can be wrapped in blocks, one marker per line::

    Some words about the step.

    --- task ---
    Take a photo of your partner. Put their eyes on the top line.
    --- /task ---

    --- test ---
    Press **Check my photo**. Do you get a green tick?
    --- /test ---

    --- debug ---
    - The photo is dark? Face the window.
    --- /debug ---

    --- hints ---
    --- hint ---
    Stand one big step back.
    --- /hint ---
    --- hint ---
    Ask your partner to move to the left.
    --- /hint ---
    --- /hints ---

    --- challenge ---
    Try the same photo from a low viewpoint.
    --- /challenge ---

A first line ``# Title`` is left out: the page shows the step's title from ``pack.yaml``.

Each ``hints`` block is a ladder that the app reveals one hint at a time, where the
block stands: a step with two tasks can give each task its own ladder. A picture on a line of its
own, ``![what it shows](images/example.png)``, must be a file inside the pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

SectionKind = Literal["text", "task", "test", "debug", "challenge", "hints", "image"]
BLOCK_KINDS: tuple[str, ...] = ("task", "test", "debug", "challenge", "hints")

_MARKER = re.compile(r"^\s*---\s*(/?)\s*([a-z-]+)\s*---\s*$")
_IMAGE_LINE = re.compile(r"^\s*!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)\s*$")
_ANY_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)\)")
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    """One part of a step, in reading order.

    For ``kind == "image"``, ``text`` is the path inside the pack and ``caption`` the
    alt text; for ``kind == "hints"``, ``hints`` is the ladder, easiest first.
    """

    kind: SectionKind
    text: str = ""
    caption: str = ""
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepContent:
    """A parsed step file: its sections in reading order."""

    sections: tuple[Section, ...]

    @property
    def ladders(self) -> tuple[tuple[str, ...], ...]:
        """The hint ladders, in the order they appear."""
        return tuple(s.hints for s in self.sections if s.kind == "hints")


@dataclass(frozen=True)
class StepProblem:
    line: int
    message: str


def parse_step(markdown: str) -> tuple[StepContent, list[StepProblem]]:
    """Parse a step file into sections and hints.

    Parameters
    ----------
    markdown
        The text of the step file.

    Returns
    -------
    content, problems
        What could be read, and every problem found with its line number (1-based).
        The content is only for display when ``problems`` is empty.

    Examples
    --------
    >>> content, problems = parse_step("Hi\\n--- task ---\\nDo it\\n--- /task ---\\n")
    >>> [(s.kind, s.text) for s in content.sections], problems
    ([('text', 'Hi'), ('task', 'Do it')], [])
    """
    sections: list[Section] = []
    ladder: list[str] = []
    problems: list[StepProblem] = []
    # The open blocks, innermost last, each with the line it opened on.
    open_blocks: list[tuple[str, int]] = []
    buffer: list[str] = []
    rejected: list[str] = []

    def flush(kind: str) -> None:
        text = "\n".join(buffer).strip()
        buffer.clear()
        if not text:
            return
        if kind == "hint":
            ladder.append(text)
        elif kind == "hints":
            problems.append(StepProblem(line_no, "text inside 'hints' must be in a 'hint' block"))
        else:
            sections.extend(_split_images(kind, text))

    lines = markdown.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None and re.match(r"#\s", lines[first]):
        lines[first] = ""  # the title: the page shows the one in pack.yaml
    line_no = 0
    for line_no, line in enumerate(lines, start=1):
        marker = _MARKER.match(line)
        if not marker:
            buffer.append(line)
            continue
        closing, name = marker[1] == "/", marker[2]
        current = open_blocks[-1][0] if open_blocks else "text"
        if closing:
            if current != name and rejected and rejected[-1] == name:
                rejected.pop()  # the end of a block already reported at its start
                continue
            if current != name:
                expected = f"'--- /{current} ---'" if open_blocks else "no closing marker"
                problems.append(
                    StepProblem(line_no, f"'--- /{name} ---' does not close a block ({expected})")
                )
                continue
            flush(current)
            open_blocks.pop()
            if name == "hints" and ladder:
                sections.append(Section("hints", hints=tuple(ladder)))
                ladder.clear()
            continue
        allowed = ("hint",) if current == "hints" else BLOCK_KINDS if current == "text" else ()
        if name not in allowed:
            rejected.append(name)
            if name in BLOCK_KINDS or name == "hint":
                where = f"inside '{current}'" if open_blocks else "outside 'hints'"
                problems.append(StepProblem(line_no, f"a '{name}' block cannot go {where}"))
            else:
                problems.append(
                    StepProblem(
                        line_no,
                        f"unknown block '{name}'; use one of: {', '.join(BLOCK_KINDS)}, hint",
                    )
                )
            continue
        flush(current)
        open_blocks.append((name, line_no))
    flush(open_blocks[-1][0] if open_blocks else "text")
    for name, opened_on in open_blocks:
        problems.append(StepProblem(opened_on, f"'--- {name} ---' is never closed"))
    return StepContent(tuple(sections)), problems


def _split_images(kind: str, text: str) -> list[Section]:
    """Cut pictures on their own line out of a text, as image sections."""
    sections: list[Section] = []
    lines: list[str] = []
    for line in text.splitlines():
        image = _IMAGE_LINE.match(line)
        if image:
            if "\n".join(lines).strip():
                sections.append(Section("text", "\n".join(lines).strip()))
            lines.clear()
            sections.append(Section("image", image["src"], image["alt"]))
        else:
            lines.append(line)
    if "\n".join(lines).strip():
        sections.append(Section(kind, "\n".join(lines).strip()))  # type: ignore[arg-type]
    return sections


def image_problems(markdown: str) -> list[StepProblem]:
    """Pictures that would break offline use or sit outside the pack.

    Remote pictures would make the pupil's browser fetch from the internet, and a
    picture inside a block or mid-sentence cannot be shown from the pack's folder.
    """
    problems: list[StepProblem] = []
    for line_no, line in enumerate(markdown.splitlines(), start=1):
        for image in _ANY_IMAGE.finditer(line):
            src = image["src"]
            if _REMOTE.match(src) or src.startswith("//"):
                problems.append(
                    StepProblem(
                        line_no, f"picture {src!r} is on the internet; put the file in the pack"
                    )
                )
            elif PurePosixPath(src).is_absolute() or ".." in PurePosixPath(src).parts:
                problems.append(
                    StepProblem(line_no, f"picture {src!r} must be a path inside the pack")
                )
            elif not _IMAGE_LINE.match(line):
                problems.append(
                    StepProblem(line_no, f"picture {src!r} must be on a line of its own")
                )
    return problems

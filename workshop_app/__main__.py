"""Command line: ``python -m workshop_app validate [PATH ...]``.

``validate`` checks every lesson pack in each PATH (a lessons folder, or one pack
folder), with its code-lab task files, and prints each problem with its file and
field. Exit code 0 when all packs are sound, 1 when any problem was found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop_app.errors import LessonPackError
from workshop_app.lessons.loader import MANIFEST_NAME, library_problems, load_pack
from workshop_app.packs import load_checked_library, task_problems
from workshop_app.settings import lessons_dir


def validate(paths: list[Path]) -> int:
    """Check the packs in ``paths``; print a report; return the exit code."""
    ok_count = 0
    problems: list[str] = []
    for path in paths:
        if (path / MANIFEST_NAME).is_file():
            try:
                pack_problems = task_problems(load_pack(path))
            except LessonPackError as error:
                pack_problems = error.problems
            problems.extend(pack_problems)
            ok_count += not pack_problems
        elif path.is_dir():
            library = load_checked_library(path)
            ok_count += len(library.packs)
            problems.extend(library_problems(library))
            if not library.packs and not library.problems:
                problems.append(f"{path}: no lesson packs found (each needs a {MANIFEST_NAME})")
        else:
            problems.append(f"{path}: no such folder")
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) found; {ok_count} pack(s) are fine.", file=sys.stderr)
        return 1
    print(f"All {ok_count} lesson pack(s) are valid.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop_app")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check lesson packs and report every problem")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="a lessons folder or a pack folder (default: the app's lessons folder)",
    )
    args = parser.parse_args(argv)
    return validate(args.paths or [lessons_dir()])


if __name__ == "__main__":
    sys.exit(main())

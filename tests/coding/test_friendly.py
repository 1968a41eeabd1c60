"""The friendly-error catalogue: every entry, for every age tier, from real programs."""

from __future__ import annotations

import re
import string

import pytest

from workshop_app.coding import sandbox
from workshop_app.coding.friendly import (
    CATALOGUE,
    TIERS,
    Problem,
    explain,
    match,
    suggestion_for,
)
from workshop_app.coding.grid import blank
from workshop_app.coding.runs import TaskInput
from workshop_app.coding.sandbox import run_code

FIELDS = {
    "where", "line", "name", "suggestion", "module", "axis", "side", "value", "limit",
    "seconds", "max_lines", "event", "colours",
}  # fmt: skip

# entry id -> (a program that triggers it, the line it should point at, words per tier)
PROGRAMS: dict[str, tuple[str, int | None, tuple[str, str, str]]] = {
    "timeout": ("while True:\n    pass", None, ("loop that never ends",) * 2 + ("infinite",)),
    "output-limit": ("while True:\n    print(1)", 2, ("2,000 lines",) * 2 + ("2,000 lines",)),
    "memory": ("x = [0] * (10 ** 10)", 1, ("memory",) * 2 + ("memory limit",)),
    "recursion": ("def f():\n    f()\n\nf()", 2, ("calling itself",) * 2 + ("recursion",)),
    "forbidden-import": ("import os", 1, ("math and random",) * 2 + ("Only math, random",)),
    "forbidden-name": ("print(().__class__)", 1, ("__class__",) * 3),
    "switched-off": ("x = 1\nopen('x.txt')", 2, ("open",) * 3),
    "blank": ("r, g, b = get(0, 0)\ngrey = (r + g + ___) // 3", 2, ("___",) * 3),
    "missing-colon": ("for x in range(3)\n    print(x)", 1, ("colon",) * 3),
    "equals-in-test": ("x = 1\nif x = 1:\n    print(x)", 2, ("==",) * 3),
    "unclosed-bracket": ("print((1, 2)", 1, ("bracket",) * 3),
    "unclosed-quote": ('print("hello)', 1, ("quote",) * 3),
    "expected-indent": ("for x in range(3):\nprint(x)", 2, ("4 spaces",) * 3),
    "unexpected-indent": ("x = 1\n    y = 2", 2, ("too far", "indented", "unexpected indent")),
    "uneven-indent": ("if True:\n        x = 1\n    y = 2", 3, ("line up",) * 2 + ("4 spaces",)),
    "syntax": ("x = = 1", 1, ("cannot read",) * 2 + ("syntax error",)),
    "coordinate-range": ("\nset(8, 0, red)", 2, ("x must be from 0 to 7, but it was 8",) * 3),
    "coordinate-whole": ("set(width / 2, 0, red)", 1, ("x must be a whole number", "//", "//")),
    "colour-none": ("def f():\n    pass\n\nset(0, 0, f())", 4, ("no colour", "return", "return")),
    "colour-text": ("set(0, 0, 'red')", 1, ("without quotes",) * 2 + ("string",)),
    "colour-shape": ("set(0, 0, (1, 2))", 1, ("three numbers",) * 2 + ("three ints",)),
    "colour-whole": ("set(0, 0, (1.5, 2, 3))", 1, ("whole numbers",) * 2 + ("ints",)),
    "colour-range": ("set(0, 0, (300, 0, 0))", 1, ("0 to 255",) * 2 + ("0-255",)),
    "unknown-colour": ("set(0, 0, grey)", 1, ("red, green, blue",) * 3),
    "misspelt-name": ("colour = red\nset(0, 0, colur)", 2, ("Did you mean colour?",) * 3),
    "undefined-name": ("set(0, 0, middle)\nmiddle = white", 1, ("middle",) * 3),
    "no-return": ("def f(c):\n    pass\n\nr, g, b = f(1)", 4, ("return",) * 3),
    "unpack-count": ("r, g = get(0, 0)", 1, ("r, g, b",) * 2 + ("three",)),
    "text-plus-number": ("print('a' + 1)", 1, ("words and numbers", "str(n)", "str()")),
    "not-a-number": ("int('abc')", 1, ("int()",) * 3),
    "divide-by-zero": ("n = 0\nprint(10 // n)", 2, ("0", "zero", "zero")),
    "index-out-of-range": ("row = [1, 2]\nprint(row[5])", 2, ("list",) * 2 + ("index",)),
    "wrong-arguments": ("set(0, 0)", 1, ("three", "x, y and a colour", "takes 3")),
    "other-error": ("d = {}\nprint(d['x'])", 2, ("Read the line",) * 2 + ("stopped",)),
}

SYNTHETIC: dict[str, tuple[Problem, tuple[str, str, str]]] = {
    "refused": (
        Problem("refused", details={"event": "os.system"}),
        ("does not let", "does not allow", "os.system"),
    ),
    "crash": (
        Problem("crash", message="exit code -11"),
        ("stopped suddenly", "crashed", "crashed"),
    ),
    "not-started": (Problem("internal"), ("could not start",) + ("could not be started",) * 2),
}  # fmt: skip


def test_every_catalogue_entry_is_tested():
    assert {entry.id for entry in CATALOGUE} == set(PROGRAMS) | set(SYNTHETIC)
    assert len(CATALOGUE) >= 15


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: entry.id)
def test_every_entry_has_words_for_every_tier_using_known_fields(entry):
    assert set(entry.texts) == set(TIERS)
    for text in entry.texts.values():
        assert text.strip()
        used = {field for _, field, _, _ in string.Formatter().parse(text) if field}
        assert used <= FIELDS, used - FIELDS


@pytest.mark.parametrize("entry_id", sorted(PROGRAMS))
def test_real_program_gets_its_message_in_every_tier(entry_id):
    program, line, words = PROGRAMS[entry_id]
    timeout = 0.5 if entry_id == "timeout" else 3.0
    result = run_code(program, task_input=blank(8), timeout_s=timeout)
    assert not result.ok
    assert result.error_kind == entry_id, result.problem
    assert result.error_line == line
    for tier, expected in zip(TIERS, words, strict=True):
        message = result.message(tier)
        assert expected in message, (tier, message)
        _assert_child_safe(message, result.problem, tier)
        if line is not None:
            where = f"Look at line {line}:" if tier == "8-9" else f"Line {line}:"
            assert message.startswith(where), message
    assert result.error == result.message("10-11")


@pytest.mark.parametrize("entry_id", sorted(SYNTHETIC))
def test_problems_without_a_program_get_their_message(entry_id):
    problem, words = SYNTHETIC[entry_id]
    assert match(problem).id == entry_id
    for tier, expected in zip(TIERS, words, strict=True):
        message = explain(problem, tier)
        assert expected in message, (tier, message)
        _assert_child_safe(message, problem, tier)


def test_the_audit_hook_refusal_is_worded_too():
    result = sandbox._execute(
        "print.__globals__['os'].system('id')", TaskInput(blank(8)), 3.0, 256, check_tree=False
    )
    assert result.error_kind == "refused"
    assert "os.system" in result.message("12-14")


def _assert_child_safe(message: str, problem: Problem, tier: str) -> None:
    assert "Traceback" not in message
    assert not re.search(r'File "', message)
    if tier in ("8-9", "10-11"):
        # No Python wording for the younger groups, only the kit's own words.
        assert "Python says" not in message
        if problem.type and problem.type not in ("NameError",):
            assert problem.type not in message, message
    elif problem.kind in ("syntax", "exception") and problem.type not in (
        "CoordinateError",
        "ColourError",
    ):
        assert f"(Python says: {problem.type}" in message


def test_suggestions():
    assert suggestion_for("colur", ["colour", "red", "get"]) == "colour"
    assert suggestion_for("Green", ["green", "red"]) == "green"
    assert suggestion_for("zzz", ["colour", "red"]) == ""


def test_unknown_tier_is_refused():
    with pytest.raises(ValueError, match="tier"):
        explain(Problem("timeout"), "5-6")  # type: ignore[arg-type]


def test_ordering_puzzles_point_at_the_marked_block_not_a_line():
    problem = Problem("exception", "NameError", "name 'middle' is not defined", line=6)
    assert explain(problem, "8-9", place="block").startswith("Look at the marked block: ")
    assert "line 6" not in explain(problem, "8-9", place="block")
    assert explain(problem, "8-9").startswith("Look at line 6: ")

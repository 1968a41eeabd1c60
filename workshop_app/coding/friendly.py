"""Friendly error messages: the ~30 things beginners meet, in words for each age group.

The catalogue, :data:`CATALOGUE`, is data: each :class:`Entry` says which problems it
matches (what happened, the exception type, a pattern on Python's message, a grid
error code, a name) and what to say to each age tier (``"8-9"``, ``"10-11"``,
``"12-14"``). :func:`explain` takes the first entry that matches. Nothing here runs
pupil code; a :class:`Problem` is plain data reported by the sandbox.

- 8-9 and 10-11 never see a traceback or Python's own wording: one short message,
  with the line to look at.
- 12-14 also get Python's one-line message in brackets, so they learn to read it.

Templates use these fields: ``{where}`` ("Look at line 3: " / "Line 3: "), ``{line}``,
``{name}``, ``{suggestion}``, ``{module}``, ``{axis}``, ``{side}`` (``width`` or
``height``), ``{value}``, ``{limit}``, ``{seconds}``, ``{max_lines}``, ``{colours}``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Tier = Literal["8-9", "10-11", "12-14"]
Place = Literal["line", "block"]
"""How a message points at the problem: a line number, or a marked block."""
TIERS: tuple[Tier, ...] = ("8-9", "10-11", "12-14")

ProblemKind = Literal[
    "syntax",  # the program cannot be read
    "blank",  # a ___ gap is still there
    "forbidden",  # the code lab does not allow this name, attribute or import
    "exception",  # the program stopped with an error
    "memory",  # it used too much memory
    "output",  # it printed too much
    "timeout",  # it ran too long
    "refused",  # the sandbox refused an action (file, process, network...)
    "crash",  # the process died without a report
    "internal",  # the program could not be started at all
]

COLOUR_NAMES = ("red", "green", "blue", "yellow", "white", "black", "orange", "purple", "pink")
OTHER_COLOURS = frozenset(
    "grey gray brown cyan magenta violet gold silver navy lime maroon olive teal turquoise "
    "indigo beige tan aqua crimson".split()
)
"""Colour words pupils try that the code lab does not know."""

SWITCHED_OFF = frozenset(
    "open eval exec compile input getattr setattr delattr hasattr globals locals vars "
    "breakpoint help exit quit type object dir id super memoryview classmethod "
    "staticmethod property issubclass".split()
)
"""Built-ins that exist in Python but not in the code lab."""

GRID_ERRORS = frozenset({"CoordinateError", "ColourError"})


@dataclass(frozen=True)
class Problem:
    """What went wrong in one run, as plain data.

    Parameters
    ----------
    kind
        What happened (see :data:`ProblemKind`).
    type
        The exception's class name (``"NameError"``), if there was one.
    message
        Python's one-line message (``"name 'colr' is not defined"``).
    line
        The line of the pupil's program, counted from 1, if known.
    name
        The name involved (a ``NameError``'s name, a forbidden name).
    names
        Names the program could have meant (for "did you mean").
    details
        Extra facts: grid errors' ``problem``, ``axis``, ``value``, ``limit``; a
        refused audit ``event``; a forbidden ``what`` and ``module``; ``seconds``;
        ``max_lines``.
    """

    kind: ProblemKind
    type: str = ""
    message: str = ""
    line: int | None = None
    name: str = ""
    names: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def technical(self) -> str:
        """Python's wording (``"NameError: name 'x' is not defined"``), for trainers."""
        if self.type:
            return f"{self.type}: {self.message}" if self.message else self.type
        return self.message or self.kind


@dataclass(frozen=True)
class Entry:
    """One catalogued error: when it matches, and what to say to each tier.

    Every condition given must hold: ``kinds`` (the problem's kind), ``types`` (the
    exception's class name), ``pattern`` (a regular expression searched in Python's
    message), ``detail`` (the grid error's or forbidden item's code), ``names`` (the
    problem's name is one of these) and ``requires`` (template fields that must be
    known, like ``"suggestion"``).
    """

    id: str
    texts: dict[Tier, str]
    kinds: frozenset[str] = frozenset({"exception"})
    types: frozenset[str] = frozenset()
    pattern: str = ""
    detail: str = ""
    names: frozenset[str] = frozenset()
    requires: tuple[str, ...] = ()

    def matches(self, problem: Problem, fields: dict[str, Any]) -> bool:
        code = str(problem.details.get("problem") or problem.details.get("what") or "")
        return (
            problem.kind in self.kinds
            and (not self.types or problem.type in self.types)
            and (not self.pattern or re.search(self.pattern, problem.message) is not None)
            and (not self.detail or code == self.detail)
            and (not self.names or problem.name in self.names)
            and all(fields.get(key) not in (None, "") for key in self.requires)
        )


def _entry(id: str, kids: str, middle: str, teens: str, **match: Any) -> Entry:
    """A catalogue entry: its words for the 8-9, 10-11 and 12-14 tiers, and when it
    matches (the conditions of :class:`Entry`, given as any iterables)."""
    for key in ("kinds", "types", "names"):
        if key in match:
            match[key] = frozenset(match[key])
    return Entry(id, {"8-9": kids, "10-11": middle, "12-14": teens}, **match)


SYNTAX = {"syntax"}
CATALOGUE: tuple[Entry, ...] = (
    # --- stopped by the sandbox ---
    _entry(
        "timeout",
        "Your program ran for more than {seconds} seconds, so we stopped it. "
        "Is there a loop that never ends?",
        "Stopped after {seconds} seconds: your program was still running. Look for a loop "
        "that never ends, like while True, or a range that is far too big.",
        "Stopped at the {seconds}-second time limit. Check for an infinite loop (a while "
        "condition that never becomes False) or a range that is far too big.",
        kinds={"timeout"},
    ),
    _entry(
        "output-limit",
        "{where}your program printed more than {max_lines} lines, so we stopped it. "
        "Is print inside a loop?",
        "{where}your program printed too much (more than {max_lines} lines), so we stopped it. "
        "Is print inside a loop that runs many times, or never ends?",
        "{where}output limit reached ({max_lines} lines), so the program was stopped. Move print "
        "out of the loop, or print less.",
        kinds={"output"},
    ),
    _entry(
        "memory",
        "{where}your program tried to use too much memory, so we stopped it. Is a list getting "
        "bigger and bigger?",
        "{where}your program used too much memory, so we stopped it. Look for a list that keeps "
        "growing in a loop, or a very, very big number.",
        "{where}memory limit reached, so the program was stopped. Look for a list that grows "
        "without end, or a huge number or string.",
        kinds={"memory"},
    ),
    _entry(
        "recursion",
        "{where}a function keeps calling itself and never stops. Ask for help with this one.",
        "{where}a function keeps calling itself over and over, and never stops. It needs a "
        "case where it does not call itself.",
        "{where}recursion too deep: the function calls itself without reaching a base "
        "case (a case that returns without calling itself).",
        types={"RecursionError"},
    ),
    _entry(
        "refused",
        "The code lab does not let programs do that. Your program can only change the "
        "picture and print.",
        "Your program tried to do something the code lab does not allow (like opening "
        "files or starting programs), so it was stopped. Programs here work on the "
        "picture only.",
        "Stopped: the program tried an action the sandbox refuses ({event}). Programs here "
        "can only use the grid, print, math and random.",
        kinds={"refused"},
    ),
    _entry(
        "crash",
        "Your program stopped suddenly. Press Run again. If it happens again, ask for help.",
        "Your program crashed and stopped. Press Run again. If it happens again, check "
        "for a function that calls itself, and ask for help.",
        "The program crashed (the process ended without a report). Check for very deep "
        "recursion or huge data, then run it again.",
        kinds={"crash"},
    ),
    _entry(
        "not-started",
        "Your program could not start. Press Run again in a moment.",
        "Your program could not be started. Press Run again in a moment.",
        "The program could not be started (the code lab is busy or broken). Press Run "
        "again in a moment, or tell your trainer.",
        kinds={"internal"},
    ),
    # --- not allowed here ---
    _entry(
        "forbidden-import",
        "{where}the code lab only lets you import math and random.",
        "{where}import {module} is not allowed in the code lab. You can import math and "
        "random; width, height, get and set are ready to use.",
        "{where}import {module} is not allowed here. Only math, random and grid can be "
        "imported (the sandbox blocks files, processes and the network).",
        kinds={"forbidden"},
        detail="import",
    ),
    _entry(
        "forbidden-name",
        "{where}names with lots of underscores, like {name}, are switched off in the "
        "code lab. Use a normal name.",
        "{where}{name} is switched off in the code lab. Use names without underscores at "
        "the start and end.",
        "{where}{name} is not allowed in the code lab: names and attributes that start "
        "with an underscore, and frame or generator internals, are blocked.",
        kinds={"forbidden"},
    ),
    _entry(
        "switched-off",
        "{where}{name} is switched off in the code lab. Your program can use the grid, "
        "print, math and random.",
        "{where}{name}() is switched off in the code lab. Programs here work on the "
        "picture: use get, set, print, math and random.",
        "{where}{name} is not available in the code lab sandbox (no files, input, eval "
        "or reflection). Use the grid API, print, math and random.",
        types={"NameError"},
        names=SWITCHED_OFF,
    ),
    _entry(
        "blank",
        "{where}there is still a gap ___ to fill in. Put the right word in the gap, then "
        "press Run.",
        "{where}there is still a gap ___ to fill in. Replace it with your code, then press Run.",
        "{where}the gap ___ is not filled in yet. Replace it with your code.",
        kinds={"blank"},
    ),
    # --- cannot be read ---
    _entry(
        "missing-colon",
        "{where}this line needs a colon : at the end. Lines that start with for, if, "
        "else or def end with :",
        "{where}add a colon : at the end of this line. Every for, while, if, else and "
        "def line ends with :",
        "{where}missing colon ':' at the end of the for/while/if/else/def line.",
        kinds=SYNTAX,
        pattern=r"expected ':'",
    ),
    _entry(
        "equals-in-test",
        "{where}use two equals signs == to ask if two things are the same. One = "
        "gives a name a value.",
        "{where}inside an if, use == to compare. One = puts a value into a variable.",
        "{where}use == for comparison; = is assignment and is not allowed in a test.",
        kinds=SYNTAX,
        pattern=r"Maybe you meant '=='|cannot assign to .* here",
    ),
    _entry(
        "unclosed-bracket",
        "{where}a bracket is missing. Every ( needs a ) to close it. Count them!",
        "{where}the brackets do not match. Every ( needs a ), and every [ needs a ]. "
        "Count them on this line.",
        "{where}unbalanced brackets: check that every (, [ and {{ is closed, in the right order.",
        kinds=SYNTAX,
        pattern=r"never closed|unmatched|does not match opening|closing parenthesis",
    ),
    _entry(
        "unclosed-quote",
        '{where}a quote mark is missing. Text needs a quote " at the start and at the end.',
        '{where}some text is missing its closing quote. Put " at both ends of the text.',
        "{where}unterminated string: add the closing quote.",
        kinds=SYNTAX,
        pattern=r"unterminated (triple-quoted )?string",
    ),
    _entry(
        "expected-indent",
        "{where}the lines inside a loop or an if must move 4 spaces to the right.",
        "{where}the line after a for, if, else or def must be indented: 4 spaces further "
        "right than the line above.",
        "{where}expected an indented block: indent the body 4 spaces further than its "
        "for/if/def line.",
        kinds=SYNTAX,
        pattern=r"expected an indented block",
    ),
    _entry(
        "unexpected-indent",
        "{where}this line starts too far to the right. Move it back to line up with the "
        "line above.",
        "{where}this line is indented but should not be. Line it up with the lines around it.",
        "{where}unexpected indent: this line is indented more than its block.",
        kinds=SYNTAX,
        pattern=r"unexpected indent",
    ),
    _entry(
        "uneven-indent",
        "{where}this line does not line up. Make it start right under the line it belongs with.",
        "{where}the spaces at the start of this line do not line up with any line above. "
        "Use exactly 4 spaces for each step in.",
        "{where}the indentation does not match an outer block (mixed widths or tabs). "
        "Use 4 spaces per level.",
        kinds=SYNTAX,
        pattern=r"unindent does not match|inconsistent use of tabs",
    ),
    _entry(
        "syntax",
        "{where}the computer cannot read this line. Check for a missing bracket, comma, "
        "colon or quote.",
        "{where}Python cannot read this line. Check the brackets, commas, colons : and "
        "quotes, and the line just above.",
        "{where}syntax error. Check brackets, commas, colons and quotes on this line and "
        "the one above.",
        kinds=SYNTAX,
    ),
    # --- the grid ---
    _entry(
        "coordinate-range",
        "{where}{axis} must be from 0 to {limit}, but it was {value}. We count from 0, "
        "so the last square is {limit}.",
        "{where}{axis} must be from 0 to {limit}, but it was {value}. The squares start "
        "at 0, so the last one is {side} - 1.",
        "{where}{axis} must be from 0 to {limit}, but it was {value}: the last index is "
        "{side} - 1.",
        types={"CoordinateError"},
        pattern=r"^[xy] must be from",
    ),
    _entry(
        "coordinate-whole",
        "{where}{axis} must be a whole number, but it was {value}.",
        "{where}{axis} must be a whole number, but it was {value}. When you divide, "
        "use // (two slashes), not /.",
        "{where}{axis} must be an int, not {value}. Use // for whole-number division, or int(...).",
        types={"CoordinateError"},
    ),
    _entry(
        "colour-none",
        "{where}there is no colour here. Did you forget something?",
        "{where}the colour is None, which means nothing. Did your function forget return?",
        "{where}the colour is None: a function probably has no return statement.",
        types={"ColourError"},
        detail="colour-none",
    ),
    _entry(
        "colour-text",
        '{where}write colour names without quotes: red, not "red".',
        '{where}write the colour name without quotes: red, not "red". With quotes it is just text.',
        "{where}{value} is a string; use the colour variable (red) or a tuple (255, 0, 0).",
        types={"ColourError"},
        detail="colour-text",
    ),
    _entry(
        "colour-shape",
        "{where}a colour is three numbers in brackets, like (255, 0, 0), or a colour "
        "name like red.",
        "{where}a colour is three numbers in brackets, like (255, 0, 0). This was {value}.",
        "{where}a colour must be a tuple of three ints (r, g, b), not {value}.",
        types={"ColourError"},
        detail="colour-shape",
    ),
    _entry(
        "colour-whole",
        "{where}colour numbers must be whole numbers, but one was {value}.",
        "{where}colour numbers must be whole numbers, but one was {value}. Use // "
        "(two slashes) to divide, or int(...).",
        "{where}colour values must be ints, not {value}: use // or int(...).",
        types={"ColourError"},
        detail="colour-whole",
    ),
    _entry(
        "colour-range",
        "{where}colour numbers go from 0 to 255, but one was {value}.",
        "{where}colour numbers go from 0 to 255, but one was {value}. Keep each number "
        "between 0 and 255.",
        "{where}colour values must be 0-255, but one was {value}. Clamp it, for example "
        "with a limit(n) function.",
        types={"ColourError"},
        detail="colour-range",
    ),
    # --- names ---
    _entry(
        "unknown-colour",
        "{where}{name} is not one of our colours. You can use: {colours}.",
        "{where}{name} is not a colour the code lab knows. Pick one of: {colours}. Or mix "
        "your own, like (128, 128, 128).",
        "{where}{name} is not defined. Named colours: {colours}; or use a tuple like "
        "(128, 128, 128).",
        types={"NameError"},
        names=OTHER_COLOURS,
    ),
    _entry(
        "misspelt-name",
        "{where}the computer does not know the word {name}. Did you mean {suggestion}?",
        "{where}Python does not know {name}. Did you mean {suggestion}? Check the "
        "spelling and small or capital letters.",
        "{where}{name} is not defined. Did you mean {suggestion}?",
        types={"NameError"},
        requires=("suggestion",),
    ),
    _entry(
        "undefined-name",
        "{where}the computer does not know the word {name} yet. Check the spelling. If "
        "{name} gets its value lower down, move that line higher up.",
        "{where}{name} is used before it has a value. Check the spelling, and make sure "
        "the line that sets {name} comes first.",
        "{where}{name} is not defined here: check the spelling, the order of lines, and "
        "whether it was set inside a function or loop that has not run.",
        types={"NameError", "UnboundLocalError"},
    ),
    # --- values ---
    _entry(
        "no-return",
        "{where}the function did not give anything back. Did you forget return?",
        "{where}your function gave back nothing (None). Did you forget return at the end "
        "of the function?",
        "{where}cannot unpack None: the function has no return (or returns nothing on some path).",
        types={"TypeError"},
        pattern=r"NoneType",
    ),
    _entry(
        "unpack-count",
        "{where}a colour has three numbers. Use three names: r, g, b = get(x, y)",
        "{where}the number of names on the left does not match the number of values. A "
        "colour has three: r, g, b = get(x, y)",
        "{where}unpacking mismatch: the number of targets must equal the number of values "
        "(a colour has three).",
        types={"ValueError"},
        pattern=r"values to unpack",
    ),
    _entry(
        "text-plus-number",
        "{where}you cannot add words and numbers together. Ask for help with str().",
        "{where}you cannot add text and a number. Use str(n) to turn a number into text, "
        "or int(t) to turn text into a number.",
        "{where}type mismatch: str and int cannot be combined with +. Convert with str() or int().",
        types={"TypeError"},
        pattern=r"concatenate str|'str' and 'int'|'int' and 'str'",
    ),
    _entry(
        "not-a-number",
        '{where}int() can only turn number words like "12" into numbers.',
        '{where}int() can only turn text made of digits, like "12", into a number. This '
        "text has other letters in it.",
        "{where}int() got text that is not a whole number.",
        types={"ValueError"},
        pattern=r"invalid literal for int",
    ),
    _entry(
        "divide-by-zero",
        "{where}you cannot share something into 0 groups: dividing by 0 does not work.",
        "{where}you divided by zero, which is impossible. Check the number after / or //.",
        "{where}division by zero: guard the divisor (if n != 0:).",
        types={"ZeroDivisionError"},
    ),
    _entry(
        "index-out-of-range",
        "{where}you asked for an item that is not in the list. The first item is number 0.",
        "{where}that position is not in the list. The first item is at 0, and the last "
        "is at len(list) - 1.",
        "{where}index out of range: valid indexes are 0 to len(...) - 1.",
        types={"IndexError"},
    ),
    _entry(
        "wrong-arguments",
        "{where}a function got the wrong number of things in its brackets. set needs "
        "three: x, y and a colour.",
        "{where}a function got the wrong number of values in its brackets. get needs x "
        "and y; set needs x, y and a colour.",
        "{where}wrong number of arguments: get(x, y) takes 2, set(x, y, colour) takes 3.",
        types={"TypeError"},
        pattern=r"positional argument|takes \d+ positional",
    ),
    # --- anything else ---
    _entry(
        "other-error",
        "{where}the computer got stuck here. Read the line carefully. Ask for help if "
        "you are stuck.",
        "{where}your program stopped with an error here. Read the line carefully and "
        "check each part of it.",
        "{where}the program stopped with an error.",
        kinds={"exception"},
    ),
)
"""The catalogue, most specific first; :func:`explain` uses the first match."""


FALLBACK = CATALOGUE[-1]


def suggestion_for(name: str, names: tuple[str, ...] | list[str]) -> str:
    """The name the pupil probably meant (``"colour"`` for ``"colur"``), or ``""``."""
    if not name:
        return ""
    for candidate in names:
        if candidate != name and candidate.lower() == name.lower():
            return candidate
    close = difflib.get_close_matches(name, [n for n in names if n != name], n=1, cutoff=0.7)
    return close[0] if close else ""


def _fields(problem: Problem, tier: Tier, place: Place) -> dict[str, Any]:
    details = problem.details
    axis = str(details.get("axis", ""))
    where = ""
    if problem.line and place == "block":
        # Ordering puzzles show blocks, not line numbers; the page marks the block.
        where = "Look at the marked block: " if tier == "8-9" else "The marked block: "
    elif problem.line:
        where = f"Look at line {problem.line}: " if tier == "8-9" else f"Line {problem.line}: "
    return {
        "where": where,
        "line": problem.line or "",
        "name": problem.name,
        "suggestion": suggestion_for(problem.name, problem.names),
        "module": details.get("module", problem.name),
        "axis": axis,
        "side": {"x": "width", "y": "height"}.get(axis, "the size"),
        "value": details.get("value", ""),
        "limit": details.get("limit", ""),
        "seconds": _seconds(details.get("seconds", 3)),
        "max_lines": f"{int(details.get('max_lines', 2000)):,}",
        "event": details.get("event", ""),
        "colours": ", ".join(COLOUR_NAMES),
    }


def _seconds(value: object) -> str:
    number = float(value) if isinstance(value, int | float) else 3.0
    return f"{number:g}"


def match(problem: Problem, tier: Tier = "10-11") -> Entry:
    """The catalogue entry for ``problem`` (the fallback entry if nothing matches)."""
    fields = _fields(problem, tier, "line")
    return next((entry for entry in CATALOGUE if entry.matches(problem, fields)), FALLBACK)


def explain(problem: Problem, tier: Tier = "10-11", *, place: Place = "line") -> str:
    """One friendly message for ``problem``, worded for ``tier``.

    ``place`` says how the pupil finds the spot: by ``"line"`` number in their code, or
    by the ``"block"`` the page marks in an ordering puzzle.

    Examples
    --------
    >>> message = explain(Problem("syntax", "SyntaxError", "expected ':'", line=2), "10-11")
    >>> message.startswith("Line 2: add a colon : at the end of this line.")
    True
    """
    if tier not in TIERS:
        msg = f"unknown age tier {tier!r}; use one of {', '.join(TIERS)}"
        raise ValueError(msg)
    fields = _fields(problem, tier, place)
    entry = next((item for item in CATALOGUE if item.matches(problem, fields)), FALLBACK)
    template = entry.texts[tier]
    text = template.format(**fields).strip()
    if not template.removeprefix("{where}").startswith("{"):
        text = text[0].upper() + text[1:]  # a sentence, not a name like x or Green
    if tier == "12-14" and problem.kind in ("syntax", "exception") and problem.type:
        if problem.type not in GRID_ERRORS:  # the grid's own words already say it all
            text += f" (Python says: {problem.technical})"
    return text

"""Imports flow one way: ui -> features (lessons, media, photolab, coding, classroom) -> imaging.

The studio (pictures and films) builds on media's generic video I/O, never the other way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "workshop_app"

# What each layer may import from the kit itself (errors, settings and yaml_files are shared).
# pupil_work (the keepable-model interface) is shared by the features whose models are
# the pupil's work; imaging, the pure numpy layer, keeps nothing.
ALLOWED = {
    "imaging": {"imaging", "errors"},
    "media": {"media", "imaging", "errors", "settings", "pupil_work"},
    "studio": {"studio", "media", "imaging", "errors", "settings", "pupil_work"},
    "lessons": {"lessons", "errors", "settings", "yaml_files", "pupil_work"},
    "photolab": {"photolab", "imaging", "errors"},
    "coding": {"coding", "imaging", "media", "errors", "settings", "yaml_files", "pupil_work"},
    "classroom": {
        "classroom",
        "lessons",
        "media",
        "studio",
        "coding",
        "imaging",
        "errors",
        "settings",
        "pupil_work",
    },
}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layer_files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_lower_layers(layer):
    for path in layer_files(layer):
        for name in imports_of(path):
            parts = name.split(".")
            if parts[0] == "streamlit":
                pytest.fail(f"{path.relative_to(PACKAGE)} imports streamlit")
            if parts[0] == "workshop_app" and len(parts) > 1:
                assert parts[1] in ALLOWED[layer], f"{path.relative_to(PACKAGE)} imports {name}"


def test_imaging_never_imports_streamlit():
    files = layer_files("imaging")
    assert files, "workshop_app/imaging/ has no modules"
    for path in files:
        assert not any(name.split(".")[0] == "streamlit" for name in imports_of(path)), path


def test_the_check_catches_a_streamlit_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import numpy\nfrom streamlit import session_state\n")
    assert "streamlit" in imports_of(probe)


def test_router_only_routes():
    tree = ast.parse((PACKAGE.parent / "streamlit_app.py").read_text())
    defined = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert defined == [], "streamlit_app.py defines code; put it in workshop_app/ui"


# no pupil-facing sentences in imaging/: pupils' words live in ui/messages.py

LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log"}

LABELS = {"edits.py": {"_CROP_SHAPES", "_CATALOGUE"}}
"""Names whose strings are on-screen labels, not sentences: the guided edits' slider and
picker labels (EDITS). They are pupils' words too, kept with the catalogue of edits
until labels are translated."""


def _text(node: ast.AST) -> str | None:
    """A string constant's text; an f-string's with ``{}`` for each value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
    return None


def looks_like_a_sentence(text: str) -> bool:
    """Words for a person: ends like a sentence, or starts with a capital and runs on."""
    text = text.strip()
    if " " in text and text.endswith((".", "!", "?")):
        return True
    return text[:1].isupper() and len(text.split()) >= 4


def _raises_msg(scope: ast.AST) -> bool:
    """Whether ``scope`` raises an error built from the name ``msg``."""
    return any(
        isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and node.exc.args
        and isinstance(node.exc.args[0], ast.Name)
        and node.exc.args[0].id == "msg"
        for node in ast.walk(scope)
    )


def sentences_in(source: str, *, labels: set[str] = frozenset()) -> list[tuple[int, str]]:
    """The string constants in ``source`` that read like sentences for a person.

    Not counted: docstrings (any string standing alone as a statement), the technical
    message of a raised error (``raise ImageError("...")``, or ``msg = f"..."`` in a
    function that raises ``...Error(msg)``), log messages, and the names in ``labels``.
    """
    tree = ast.parse(source)
    exempt: set[int] = set()

    def skip(node: ast.AST) -> None:
        exempt.update(id(inner) for inner in ast.walk(node))

    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    raising = {id(n) for f in functions if _raises_msg(f) for n in ast.walk(f)}
    for scope in [tree, *functions]:
        for node in ast.walk(scope):
            if isinstance(node, ast.Expr) and _text(node.value) is not None:
                skip(node)  # a docstring
            elif (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and isinstance(node.exc.func, ast.Name)
                and node.exc.func.id.endswith("Error")
                and node.exc.args
            ):
                skip(node.exc.args[0])
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if (name == "msg" and id(node) in raising) or name in labels:
                    skip(node.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LOG_CALLS
                and node.args
            ):
                skip(node.args[0])
    found = []
    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.JoinedStr):
            exempt.update(id(part) for part in node.values)  # judged whole, not in parts
        text = _text(node)
        if text is not None and looks_like_a_sentence(text):
            found.append((node.lineno, text))
    return found


def test_no_pupil_facing_sentences_in_imaging():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in layer_files("imaging")
        for line, text in sentences_in(
            path.read_text(encoding="utf-8"),
            labels=LABELS.get(path.name, set()),
        )
    ]
    assert not found, (
        "imaging/ raises causes; the words for pupils go in ui/messages.py MESSAGES:\n"
        + "\n".join(found)
    )


PROBE = '''
"""A module docstring. It is for programmers."""

NO_SCREEN = "We could not find a green screen. Take the photo again."
HEADING = f"Your photo is {1} of many photos"
LABEL = "Darker or lighter"


def check(x):
    """A docstring."""
    if x < 0:
        msg = f"x must be 0 or more, got {x}"
        raise ImageError(msg, cause="edit-failed")
    if x > 9:
        raise ValueError("Too big by far, it is.")
    log.warning("The value was checked once more.")
    return x


def say():
    msg = "Ask your trainer for help."
    return msg
'''


def test_the_check_catches_a_sentence_for_pupils():
    found = dict(sentences_in(PROBE))
    assert sorted(found.values()) == [
        "Ask your trainer for help.",
        "We could not find a green screen. Take the photo again.",
        "Your photo is {} of many photos",
    ]
    labelled = sentences_in(PROBE, labels={"NO_SCREEN", "HEADING"})
    assert [text for _, text in labelled] == ["Ask your trainer for help."]


# --- one door to the session state; modules a reader can hold in their head -----------

MAX_MODULE_LINES = 600


def session_state_uses(path: Path) -> list[int]:
    """Lines of ``path`` that touch ``st.session_state`` (or import ``session_state``)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "session_state":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "streamlit":
            lines += [node.lineno for alias in node.names if alias.name == "session_state"]
    return lines


def test_no_page_touches_the_session_state():
    pages = sorted((PACKAGE / "ui" / "pages").glob("*.py"))
    assert pages, "workshop_app/ui/pages/ has no pages"
    for path in pages:
        assert not session_state_uses(path), (
            f"{path.relative_to(PACKAGE)} uses st.session_state on lines "
            f"{session_state_uses(path)}: go through workshop_app/ui/state.py"
        )


def test_only_ui_state_touches_the_session_state():
    door = PACKAGE / "ui" / "state.py"
    others = [p for p in sorted(PACKAGE.rglob("*.py")) if p != door and session_state_uses(p)]
    assert others == []
    assert session_state_uses(door), "ui/state.py no longer keeps the session state"


def test_the_session_state_check_can_fail(tmp_path):
    probe = tmp_path / "page.py"
    probe.write_text("import streamlit as st\nst.session_state['x'] = 1\n")
    assert session_state_uses(probe) == [2]
    probe.write_text("from streamlit import session_state\n")
    assert session_state_uses(probe) == [1]


def too_long_without_a_reason(path: Path) -> bool:
    """Over :data:`MAX_MODULE_LINES` lines, and its docstring does not say why it is
    kept whole (a paragraph starting "Kept in one module:")."""
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= MAX_MODULE_LINES:
        return False
    docstring = ast.get_docstring(ast.parse(text)) or ""
    return "Kept in one module:" not in docstring


def test_no_module_is_too_long_without_a_reason():
    long = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if too_long_without_a_reason(path)
    ]
    assert long == [], f"over {MAX_MODULE_LINES} lines: split them, or say why in the docstring"


def test_the_length_check_can_fail(tmp_path):
    probe = tmp_path / "long.py"
    probe.write_text('"""A module."""\n' + "x = 1\n" * MAX_MODULE_LINES)
    assert too_long_without_a_reason(probe)
    probe.write_text('"""A module.\n\nKept in one module: speed."""\n' + "x = 1\n" * 700)
    assert not too_long_without_a_reason(probe)

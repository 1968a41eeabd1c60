"""Imports flow one way: ui -> features (lessons, media, photolab, coding, classroom) -> imaging.

The studio (pictures and films) builds on media's generic video I/O, never the other way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "workshop_app"

# What each layer may import from the kit itself (errors, settings and yaml_files are shared).
ALLOWED = {
    "imaging": {"imaging", "errors"},
    "media": {"media", "imaging", "errors", "settings"},
    "studio": {"studio", "media", "imaging", "errors", "settings"},
    "lessons": {"lessons", "errors", "settings", "yaml_files"},
    "photolab": {"photolab", "imaging", "errors"},
    "coding": {"coding", "imaging", "media", "errors", "settings", "yaml_files"},
    "classroom": {"classroom", "lessons", "media", "imaging", "errors", "settings"},
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

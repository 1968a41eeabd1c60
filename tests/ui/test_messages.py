"""The catalogue of pupils' words: one entry for every cause the kit raises, and no more.

The causes are found in the source, not in a list kept by hand: every ``cause="..."``
keyword and every ``default_cause = "..."`` class attribute under ``workshop_app/``.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workshop_app.errors import ImageError, MediaError, NoScreenError, WorkshopError
from workshop_app.ui import messages
from workshop_app.ui.messages import MESSAGES, explain

PACKAGE = Path(__file__).resolve().parents[2] / "workshop_app"
CAUSE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
AGE_GROUP = re.compile(r"^\d+-\d+$")


@dataclass(frozen=True)
class Site:
    """Where a cause is raised: the details given there (None if not all are literal)."""

    cause: str
    where: str
    details: frozenset[str] | None


def _trees() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield str(path.relative_to(PACKAGE.parent)), ast.parse(path.read_text(encoding="utf-8"))


def _default_causes(trees: list[tuple[str, ast.Module]]) -> dict[str, tuple[str, str]]:
    """Error class name -> (its default cause, where it is set), following base classes."""
    own: dict[str, tuple[str, str]] = {}
    bases: dict[str, list[str]] = {}
    for where, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
            for item in node.body:
                target = item.target if isinstance(item, ast.AnnAssign) else None
                if isinstance(item, ast.Assign) and len(item.targets) == 1:
                    target = item.targets[0]
                if (
                    isinstance(target, ast.Name)
                    and target.id == "default_cause"
                    and isinstance(item.value, ast.Constant)
                ):
                    own[node.name] = (item.value.value, f"{where}:{item.lineno}")

    def resolve(name: str, seen: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        if name in own:
            return own[name]
        for base in bases.get(name, []):
            if base not in seen and (found := resolve(base, seen | {name})):
                return found
        return None

    return {name: found for name in bases if (found := resolve(name))}


def _sites() -> list[Site]:
    trees = list(_trees())
    defaults = _default_causes(trees)
    sites = [Site(cause, where, frozenset()) for cause, where in defaults.values()]
    for where, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            literal = all(k.arg is not None for k in node.keywords)  # no **details
            details = frozenset(k for k in keywords if k not in {"cause", "friendly"})
            cause = keywords.get("cause")
            if isinstance(cause, ast.Constant) and isinstance(cause.value, str):
                sites.append(
                    Site(cause.value, f"{where}:{node.lineno}", details if literal else None)
                )
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if isinstance(node.func, ast.Attribute):
                name = node.func.attr
            if "cause" not in keywords and name in defaults:
                cause_name = defaults[name][0]
                sites.append(
                    Site(cause_name, f"{where}:{node.lineno}", details if literal else None)
                )
    return sites


SITES = _sites()
RAISED = {site.cause for site in SITES}


def _placeholders(wording: str) -> set[str]:
    fields = (field for _, field, _, _ in string.Formatter().parse(wording) if field)
    return {re.split(r"[.\[]", field, maxsplit=1)[0] for field in fields}


def _wordings(cause: str) -> list[str]:
    wording = MESSAGES[cause]
    return [wording] if isinstance(wording, str) else list(wording.values())


def test_the_scan_finds_the_causes_it_should():
    assert {"unexpected", "no-screen", "edit-failed", "photo-too-big", "page-failed"} <= RAISED
    [full] = [site for site in SITES if site.cause == "album-full"]
    assert full.details == {"limit"}


def test_every_cause_raised_has_words():
    missing = sorted(
        {f"{site.cause} ({site.where})" for site in SITES if site.cause not in MESSAGES}
    )
    assert not missing, "causes with no entry in ui/messages.py MESSAGES:\n" + "\n".join(missing)


def test_every_entry_is_raised_somewhere():
    unused = sorted(set(MESSAGES) - RAISED)
    assert not unused, f"entries no code raises (remove them, or raise them): {unused}"


@pytest.mark.parametrize("cause", sorted(MESSAGES))
def test_causes_are_lower_case_words_joined_by_hyphens(cause):
    assert CAUSE.match(cause), cause


def test_every_placeholder_is_filled_where_the_cause_is_raised():
    unfilled = []
    for site in SITES:
        if site.cause not in MESSAGES or site.details is None:
            continue
        for wording in _wordings(site.cause):
            if missing := _placeholders(wording) - site.details:
                unfilled.append(f"{site.where}: {site.cause} needs {sorted(missing)}")
    assert not unfilled, "\n".join(unfilled)


def test_age_group_variants_have_a_default():
    for cause, wording in MESSAGES.items():
        if isinstance(wording, str):
            continue
        assert "default" in wording, cause
        assert all(key == "default" or AGE_GROUP.match(key) for key in wording), cause


@pytest.mark.parametrize("cause", sorted(MESSAGES))
def test_each_entry_is_a_sentence_or_two_of_plain_words(cause):
    for wording in _wordings(cause):
        assert wording.strip() == wording
        assert wording[0].isupper()
        assert wording.rstrip(")").endswith((".", "!", "?")), wording
        assert "Error" not in wording
        assert "Traceback" not in wording


# explain


def test_explain_fills_in_the_details():
    error = ImageError("album full: 24 photos", cause="album-full", limit=24)
    assert explain(error) == "You have 24 photos already. Delete one you don't need to make room."


def test_explain_uses_the_class_default_cause():
    assert explain(NoScreenError("no green pixels")) == MESSAGES["no-screen"]
    assert explain(MediaError("cannot read x")) == MESSAGES["file-unusable"]
    assert explain(WorkshopError("anything")) == MESSAGES["unexpected"]


def test_explain_picks_the_age_groups_words(monkeypatch):
    variants = {"8-9": "Ask a grown-up.", "default": "Ask your trainer for help."}
    monkeypatch.setitem(messages.MESSAGES, "unexpected", variants)
    error = WorkshopError("boom")
    assert explain(error, ages="8-9") == "Ask a grown-up."
    assert explain(error, ages="12-14") == "Ask your trainer for help."
    assert explain(error) == "Ask your trainer for help."


def test_explain_missing_details_give_calm_words_not_a_crash():
    error = ImageError("album full", cause="album-full")  # no limit=
    assert explain(error) == MESSAGES["unexpected"]

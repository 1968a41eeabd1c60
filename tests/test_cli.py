"""``python -m workshop_app validate``: run as a teacher would, in a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def validate(*paths: Path | str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop_app", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_shipped_lessons_are_valid():
    result = validate("lessons/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lesson pack(s) are valid" in result.stdout


def test_default_path_is_the_apps_lessons_folder():
    result = validate()
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_pack_exits_1_and_names_file_line_and_field(make_pack, tmp_path):
    root = tmp_path / "lessons"
    make_pack("good", root=root)
    bad = make_pack("bad", root=root)
    text = (bad / "pack.yaml").read_text().replace("id: tiny-pack", "id: bad-pack")
    (bad / "pack.yaml").write_text(text.replace("kind: portrait", "kind: selfie"))
    result = validate("lessons", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("lessons/bad/pack.yaml, line ")
    assert "steps[1].exercise: unknown exercise 'selfie'" in lines[0]
    assert "1 problem(s) found; 1 pack(s) are fine." in result.stderr


def test_one_pack_folder_can_be_checked(make_pack, tmp_path):
    result = validate(make_pack(), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "All 1 lesson pack(s) are valid." in result.stdout


def test_a_missing_folder_is_a_problem(tmp_path):
    result = validate(tmp_path / "nowhere")
    assert result.returncode == 1
    assert "no such folder" in result.stdout


def test_a_coding_step_needs_its_task_file(make_pack, tmp_path):
    from tests.conftest import valid_manifest

    manifest = valid_manifest()
    manifest["steps"][1]["exercise"] = {"kind": "coding", "task": "mirror-photo"}
    folder = make_pack(manifest=manifest)
    result = validate(folder, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tiny-pack/pack.yaml, steps[1].exercise.task: no task file tasks/mirror-photo.yaml "
        "in the pack"
    ]


def test_a_broken_task_file_refuses_its_pack(make_pack, tmp_path):
    folder = make_pack()
    (folder / "tasks").mkdir()
    (folder / "tasks" / "mirror.yaml").write_text("id: mirror\ntitle: Mirror\nformat: dance\n")
    result = validate(folder, cwd=tmp_path)
    assert result.returncode == 1
    assert "tiny-pack/tasks/mirror.yaml, line 3, format: 'dance' is not allowed" in result.stdout

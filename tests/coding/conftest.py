"""Shared helpers for the code-lab tests: a canary folder that pupil code must not touch."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under ``folder``: content hash, size, modification time."""
    state: dict[str, tuple[str, int, int]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[str(path.relative_to(folder))] = (digest, info.st_size, info.st_mtime_ns)
    return state


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """A folder with files a hostile program might try to read, change or delete."""
    folder = tmp_path / "canary"
    (folder / "inside").mkdir(parents=True)
    (folder / "pupil-work.txt").write_text("Ada's mirror program\n", encoding="utf-8")
    (folder / "inside" / "photo.jpg").write_bytes(b"\xff\xd8 not really a photo")
    return folder

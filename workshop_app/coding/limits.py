"""The sandbox's limits, in one place, and the platform facts they depend on.

These are the parent side's numbers (see :mod:`~workshop_app.coding.sandbox` for the
layers they belong to): how much output and report is read back from a child, how long
a program and how many checker calls may be, how many programs run at once, and the
priority and user a child runs with. The child's own resource limits (CPU seconds,
memory, file size, open files, processes...) are set by ``_runner.py`` from the job it
is given.
"""

from __future__ import annotations

import os

POSIX = os.name == "posix"
"""Unix-like: resource limits, process groups, ``nice`` and ``nobody`` exist (the
sandbox's docstring says what is weaker on Windows)."""

MAX_OUTPUT_BYTES = 64 * 1024
MAX_OUTPUT_LINES = 2000
"""What a program may print; more is cut short, with a note."""
MAX_REPORT_BYTES = 4 * 1024 * 1024
"""The most of a child's stderr (where its report is) that the parent keeps."""
MAX_SOURCE_CHARS = 20_000
MAX_CALLS = 10
"""Calls of the pupil's functions (for the checker) in one run."""
MAX_PARALLEL = max(4, 2 * (os.cpu_count() or 1))
"""Programs running at the same time; more wait for a free place (their timeout starts
only when they start)."""

NICE = 10
"""How much lower a child's priority is than the app's (Unix)."""
NOBODY = (65534, 65534)
"""The user and group a child drops to when the app runs as root (Unix)."""

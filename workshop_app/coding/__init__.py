"""The code lab: beginner coding tasks on pupils' photos, run in a sandboxed process.

- :mod:`~workshop_app.coding.grid`: the pupils' helper API (``width``, ``height``,
  ``get(x, y)``, ``set(x, y, colour)``, nine named colours) and the photo <-> grid
  conversion (8x8, 16x16 or 32x32 squares).
- :mod:`~workshop_app.coding.sandbox`: :func:`run_code` runs one program in a fresh,
  limited child process (see that module for the layers, and what is weaker on
  Windows). Its parts: :mod:`~workshop_app.coding.runs` (what goes in and comes out),
  :mod:`~workshop_app.coding.limits` (the numbers), :mod:`~workshop_app.coding.workers`
  (the child processes and their pool) and :mod:`~workshop_app.coding.reports` (reading
  what a child sends back).
- :mod:`~workshop_app.coding.friendly`: the catalogue of friendly error messages, one
  wording per age tier (8-9, 10-11, 12-14).
- :mod:`~workshop_app.coding.tasks`: the task files in ``lessons/<pack>/tasks/`` and
  their loader.
- :mod:`~workshop_app.coding.checker`: :func:`check_task` runs a pupil's program and the
  task's reference on the same input and turns the difference into one hint; each kind
  of check is tried in :mod:`~workshop_app.coding.checks`, a picture's difference found
  in :mod:`~workshop_app.coding.differences`, and every hint's words are in
  :mod:`~workshop_app.coding.hints`.

``_runner.py`` is the child side of the sandbox; the app never imports it.
"""

from workshop_app.coding.checker import CheckResult, check_task
from workshop_app.coding.friendly import TIERS, Problem, Tier, explain
from workshop_app.coding.grid import COLOURS, Grid, from_image, practice_picture, to_image
from workshop_app.coding.runs import RunResult, TaskInput
from workshop_app.coding.sandbox import run_code, shutdown, warm_up
from workshop_app.coding.tasks import Task, find_task, load_all_tasks, load_task, load_tasks

__all__ = [
    "COLOURS",
    "TIERS",
    "CheckResult",
    "Grid",
    "Problem",
    "RunResult",
    "Task",
    "TaskInput",
    "Tier",
    "check_task",
    "explain",
    "find_task",
    "from_image",
    "load_all_tasks",
    "load_task",
    "load_tasks",
    "practice_picture",
    "run_code",
    "shutdown",
    "to_image",
    "warm_up",
]

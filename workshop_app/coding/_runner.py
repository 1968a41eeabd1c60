"""The child side of the sandbox. Run as ``python -I -S -B _runner.py``; never imported.

The app never runs a pupil's code itself: :mod:`workshop_app.coding.sandbox` starts this
script in a fresh process (one per run, never reused), writes one job as a line of JSON
on its stdin and reads back:

- **stdout**: what the pupil's program printed, as it prints it (capped here and again
  by the parent);
- **stderr**: one line ``RESULT_MARK + JSON`` with the outcome (plain data only: the
  parent never unpickles anything from here).

Order of events (everything before step 6 happens before any pupil code exists):

1. start-up: import the few modules needed (json, ast, math, random and the grid API)
   while importing is still allowed; no ``subprocess``, no ``ctypes``;
2. read the job (a pre-started worker waits here, warm, until a pupil presses Run);
3. resource limits (Unix): CPU seconds, address space and data size, file size, open
   files, processes, core dumps, stack; a lower priority (``nice``);
4. when started as root: drop to ``nobody`` (so ``RLIMIT_NPROC`` counts, and the
   process cannot raise its own limits again);
5. check the program's syntax tree (no ``__dunder__`` names, no ``_private`` or
   frame/generator attributes, only ``math``, ``random`` and ``grid`` imports) and
   build a namespace with a short list of safe built-ins and the grid API;
6. install an audit hook (``sys.addaudithook`` cannot be removed). It refuses every
   audited event except ``exec`` of the pupil's code itself, ``builtins.id`` and
   read-only ``open`` inside the run's own temporary folder; a refused event ends the
   process at once with a report (so ``os.system``, ``subprocess``, ``os.fork``,
   ``os.kill``, sockets, ``ctypes``, new imports, ``gc`` and frame tricks all stop);
7. run the program, then the checker's function calls, each on a fresh grid;
8. report, then ``os._exit`` (no clean-up code that pupil objects could hook into).
"""

from __future__ import annotations

import ast
import io
import json
import math
import os
import random
import sys
import types
import unicodedata  # noqa: F401 - the parser needs it for non-ASCII names, after privileges drop

try:
    import resource
except ImportError:  # Windows: no resource limits (see sandbox.py)
    resource = None  # type: ignore[assignment]

RESULT_MARK = "\x1eRESULT "
PUPIL_FILE = "<pupil>"
ALLOWED_MODULES = ("math", "random", "grid")
HIDDEN_ATTRIBUTE_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_")
HIDDEN_ATTRIBUTES = frozenset({"mro", "format_map"})
MB = 1024 * 1024

SAFE_BUILTINS = (
    "abs all any ascii bin bool bytes chr dict divmod enumerate filter float format "
    "frozenset hex int isinstance len list map max min next oct ord pow range repr "
    "reversed round slice sorted str sum tuple zip iter callable hash "
    "ArithmeticError AssertionError AttributeError Exception IndexError KeyError "
    "LookupError NameError NotImplementedError OverflowError RecursionError "
    "RuntimeError StopIteration TypeError ValueError ZeroDivisionError __build_class__"
).split()
"""Built-ins a pupil's program may use. ``open``, ``eval``, ``exec``, ``compile``,
``getattr`` and friends, ``type``, ``object``, ``input`` and ``__import__`` are absent."""


class OutputLimit(BaseException):
    """Raised by ``print`` once the output cap is reached (not catchable as Exception)."""


class ForbiddenImport(ImportError):
    """``import`` of a module outside :data:`ALLOWED_MODULES`."""


def _load_grid_module() -> types.ModuleType:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grid.py")
    with open(path, encoding="utf-8") as file:
        source = file.read()
    module = types.ModuleType("codelab_grid")
    module.__file__ = path
    sys.modules["codelab_grid"] = module
    exec(compile(source, path, "exec"), module.__dict__)
    return module


GRID = _load_grid_module()


class _Output:
    """Pupil output, written straight to fd 1 and capped in bytes and lines."""

    def __init__(self, file: io.FileIO, max_bytes: int, max_lines: int) -> None:
        self.file = file
        self.max_bytes = max_bytes
        self.max_lines = max_lines
        self.bytes = 0
        self.lines = 0
        self.truncated = False

    def write(self, text: str) -> None:
        if self.truncated:
            raise OutputLimit
        data = text.encode("utf-8", "replace")
        newlines = data.count(b"\n")
        if self.bytes + len(data) <= self.max_bytes and self.lines + newlines <= self.max_lines:
            self._send(data)
            self.bytes += len(data)
            self.lines += newlines
            return
        data = data[: max(self.max_bytes - self.bytes, 0)]
        room = self.max_lines - self.lines
        if data.count(b"\n") > room:
            data = b"\n".join(data.split(b"\n")[:room]) + b"\n"
        self._send(data)
        self.truncated = True
        raise OutputLimit

    def _send(self, data: bytes) -> None:
        while data:
            written = self.file.write(data) or 0
            data = data[written:]


# --- limits ------------------------------------------------------------------------


def _memory_in_use() -> int:
    """Bytes of address space in use now (Linux), else a safe guess."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 64 * MB


def _set_limit(name: str, soft: int, hard: int | None = None) -> None:
    which = getattr(resource, name, None)
    if which is None:
        return
    hard = soft if hard is None else hard
    current_soft, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        if current_soft == resource.RLIM_INFINITY or soft < current_soft:
            resource.setrlimit(which, (soft, current_hard))


def _apply_limits(job: dict) -> None:
    if resource is None:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(usage.ru_utime + usage.ru_stime + job["cpu_seconds"]) + 1
    _set_limit("RLIMIT_CPU", cpu, cpu + 1)
    memory = _memory_in_use() + int(job["memory_mb"]) * MB
    _set_limit("RLIMIT_AS", memory)
    _set_limit("RLIMIT_DATA", memory)
    _set_limit("RLIMIT_FSIZE", 1 * MB)
    _set_limit("RLIMIT_NOFILE", 16)
    _set_limit("RLIMIT_NPROC", 0)
    _set_limit("RLIMIT_CORE", 0)
    _set_limit("RLIMIT_STACK", 16 * MB)
    _set_limit("RLIMIT_MEMLOCK", 0)
    _set_limit("RLIMIT_MSGQUEUE", 0)
    if job.get("nice") and hasattr(os, "nice"):
        os.nice(int(job["nice"]))
    drop = job.get("drop_to")
    if drop and hasattr(os, "geteuid") and os.geteuid() == 0:
        os.setgroups([])
        os.setgid(int(drop[1]))
        os.setuid(int(drop[0]))


# --- the program ---------------------------------------------------------------------


def _problem_at(node: ast.AST, kind: str, what: str, name: str) -> tuple[int, int, dict]:
    line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
    problem = {"kind": kind, "line": line or None, "name": name, "details": {"what": what}}
    if what == "import":
        problem["details"]["module"] = name
    return (line, column, problem)


def _hidden(name: str) -> bool:
    return name.startswith("__") and name != "__" and name.strip("_") != ""


def _is_blank(name: str) -> bool:
    return len(name) >= 2 and name.strip("_") == ""


def _tree_problem(tree: ast.AST) -> dict | None:
    """The first (top-most) thing in the program the code lab does not allow, if any."""
    found: list[tuple[int, int, dict]] = []

    def name_check(node: ast.AST, name: str | None) -> None:
        if not name:
            return
        if _is_blank(name):
            found.append(_problem_at(node, "blank", "blank", name))
        elif _hidden(name):
            found.append(_problem_at(node, "forbidden", "name", name))

    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            name_check(node, node.id)
        elif isinstance(node, ast.Attribute):
            attr = node.attr
            if attr.startswith(HIDDEN_ATTRIBUTE_PREFIXES) or attr in HIDDEN_ATTRIBUTES:
                found.append(_problem_at(node, "forbidden", "attribute", attr))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name_check(node, node.name)
        elif isinstance(node, ast.arg):
            name_check(node, node.arg)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in ALLOWED_MODULES or "." in alias.name:
                    found.append(_problem_at(node, "forbidden", "import", alias.name))
                name_check(node, alias.asname)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level or module not in ALLOWED_MODULES:
                found.append(_problem_at(node, "forbidden", "import", "." * node.level + module))
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(_problem_at(node, "forbidden", "name", alias.name))
                name_check(node, alias.asname)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                name_check(node, name)
        elif isinstance(node, ast.MatchClass):
            for attr in node.kwd_attrs:
                if attr.startswith(HIDDEN_ATTRIBUTE_PREFIXES):
                    found.append(_problem_at(node, "forbidden", "attribute", attr))
        elif isinstance(node, ast.MatchAs | ast.MatchStar):
            name_check(node, node.name)
        elif isinstance(node, ast.MatchMapping):
            name_check(node, node.rest)
        elif isinstance(node, ast.ExceptHandler):
            name_check(node, node.name)
        elif isinstance(node, ast.keyword):
            name_check(node, node.arg)
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1]))[2]


def _restricted_import(modules: dict[str, types.ModuleType]):
    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if level or name not in modules:
            msg = f"import {name} is not allowed"
            error = ForbiddenImport(msg)
            error.module = name  # type: ignore[attr-defined]
            raise error
        return modules[name]

    return __import__


def _namespace(grid, output: _Output) -> dict:
    real = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)
    builtins = {name: real[name] for name in SAFE_BUILTINS}
    api = GRID.pupil_api(grid)
    grid_module = types.ModuleType("grid")
    for key, value in api.items():
        setattr(grid_module, key, value)
    modules = {"math": math, "random": random, "grid": grid_module}

    def print(*values, sep=" ", end="\n", flush=False):
        sep = " " if sep is None else sep
        end = "\n" if end is None else end
        if not isinstance(sep, str) or not isinstance(end, str):
            msg = "sep and end must be text"
            raise TypeError(msg)
        output.write(sep.join(str(value) for value in values) + end)

    builtins["print"] = print
    builtins["__import__"] = _restricted_import(modules)
    namespace = {"__builtins__": builtins, "__name__": "__pupil__"}
    namespace.update(api)
    return namespace


def _plain(value, depth: int = 0):
    """A JSON-safe copy of a small value, or None if it is not plain data."""
    if value is None or type(value) in (bool, str) and len(str(value)) <= 200:
        return value
    if type(value) is int and abs(value) < 10**15:
        return value
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) in (tuple, list) and depth < 3 and len(value) <= 64:
        items = [_plain(item, depth + 1) for item in value]
        if all(
            item is not None or original is None
            for item, original in zip(items, value, strict=True)
        ):
            return items
    return None


def _line_of(traceback) -> int | None:
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == PUPIL_FILE:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _describe(error: BaseException, namespace: dict) -> dict:
    """An exception from pupil code as plain data (the friendly texts live in the app)."""
    kind = "exception"
    details: dict = {}
    if isinstance(error, OutputLimit):
        kind = "output"
    elif isinstance(error, MemoryError):
        kind = "memory"
    elif type(error) is ForbiddenImport:
        kind = "forbidden"
        details = {"what": "import", "module": str(getattr(error, "module", ""))[:60]}
    elif type(error) in (GRID.CoordinateError, GRID.ColourError):
        details = {str(k): v for k, v in error.details.items() if type(v) in (str, int)}
    try:
        message = str(error)[:300]
    except Exception:
        message = ""
    problem = {
        "kind": kind,
        "type": type(error).__name__[:60],
        "message": message,
        "line": _line_of(error.__traceback__),
        "details": details,
    }
    if isinstance(error, NameError) and type(getattr(error, "name", None)) is str:
        problem["name"] = error.name[:60]
        names = [n for n in namespace if type(n) is str and not n.startswith("_")]
        names += [n for n in namespace["__builtins__"] if not n.startswith("_")]
        problem["names"] = sorted(set(names))[:300]
    return problem


def _syntax_problem(error: BaseException) -> dict:
    if not isinstance(error, SyntaxError):
        return {"kind": "syntax", "type": "SyntaxError", "message": "too complicated"}
    return {
        "kind": "syntax",
        "type": type(error).__name__,
        "message": str(error.msg)[:300],
        "line": error.lineno,
        "details": {"offset": error.offset or 0},
    }


# --- the audit hook ------------------------------------------------------------------


def _install_hook(state: list[str], report, allowed_dir: str) -> None:
    """Refuse every audited event once the pupil's code is about to run.

    ``state[0]`` is ``"armed"`` (the next ``exec`` is the pupil's program: allow it and
    become ``"strict"``), ``"strict"`` while pupil code runs, then ``"collect"`` while
    the runner reads the traceback (frame attributes allowed, nothing else).
    """
    allowed_dir = os.path.normcase(os.path.abspath(allowed_dir)) + os.sep
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

    def read_only_inside(args: tuple) -> bool:
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        if not isinstance(path, str):
            return False
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return False
        if isinstance(flags, int) and flags & write_flags:
            return False
        full = os.path.normcase(os.path.normpath(os.path.join(allowed_dir, path)))
        return full.startswith(allowed_dir)

    def hook(event: str, args: tuple) -> None:
        mode = state[0]
        if event == "builtins.id":
            return
        if mode == "armed" and event == "exec":
            state[0] = "strict"
            return
        if mode == "collect" and event == "object.__getattr__":
            return
        if event == "open" and read_only_inside(args):
            return
        detail = ""
        if event in ("import", "open", "os.system", "object.__getattr__"):
            detail = str(args[0] if event != "object.__getattr__" else args[1])[:80]
        report({"status": "refused", "event": event[:60], "detail": detail}, 3)

    sys.addaudithook(hook)


# --- main ------------------------------------------------------------------------------


def main() -> None:
    out = io.FileIO(1, "w", closefd=False)
    err = io.FileIO(2, "w", closefd=False)

    def report(outcome: dict, code: int = 0) -> None:
        data = (RESULT_MARK + json.dumps(outcome, separators=(",", ":")) + "\n").encode()
        while data:
            data = data[(err.write(data) or 0) :]
        os._exit(code)

    line = sys.stdin.buffer.readline()
    if not line:
        os._exit(0)  # the app closed a pre-started worker it no longer needs
    job = json.loads(line)
    _apply_limits(job)
    sys.setrecursionlimit(int(job.get("recursion_limit", 500)))

    grid = GRID.Grid.from_json(job["grid"])
    start_pixels = list(grid.pixels)
    output = _Output(out, int(job["max_bytes"]), int(job["max_lines"]))
    namespace = _namespace(grid, output)
    source = job["source"]
    try:
        tree = ast.parse(source, PUPIL_FILE)
    except BaseException as error:
        report({"status": "error", "error": _syntax_problem(error)})
    if job.get("check_tree", True):
        problem = _tree_problem(tree)
        if problem is not None:
            report({"status": "error", "error": problem})
    code = compile(tree, PUPIL_FILE, "exec")
    del tree

    state = ["armed"]
    _install_hook(state, report, os.getcwd())
    failure = None
    try:
        exec(code, namespace)
    except BaseException as error:
        failure = error
    finished_grid = grid.to_json()
    calls = []
    if failure is None:
        for call in job.get("calls", ()):
            calls.append(_run_call(call, namespace, grid, start_pixels))
    state[0] = "collect"
    outcome: dict = {"status": "ok", "grid": finished_grid, "calls": [], "truncated": False}
    if failure is not None:
        outcome["status"] = "error"
        outcome["error"] = _describe(failure, namespace)
    for result, error in calls:
        if error is not None:
            result["error"] = _describe(error, namespace)
        outcome["calls"].append(result)
    outcome["truncated"] = output.truncated
    api = GRID.pupil_api(grid)
    outcome["functions"] = sorted(
        name[:60]
        for name, value in namespace.items()
        if type(name) is str and isinstance(value, types.FunctionType) and name not in api
    )[:50]
    report(outcome)


def _run_call(call: dict, namespace: dict, grid, start_pixels: list) -> tuple[dict, object]:
    """Call one of the pupil's functions, on a fresh copy of the input grid."""

    def tuples(value):
        return tuple(tuples(item) for item in value) if isinstance(value, list) else value

    name = str(call["function"])
    result: dict = {"function": name, "ok": False, "value": None, "repr": "", "grid": None}
    function = namespace.get(name)
    if not callable(function):
        result["missing"] = True
        return result, None
    grid._pixels[:] = start_pixels
    try:
        value = function(*[tuples(arg) for arg in call.get("args", ())])
    except BaseException as error:
        return result, error
    result["ok"] = True
    result["value"] = _plain(value)
    try:
        result["repr"] = repr(value)[:200]
    except Exception:
        result["repr"] = "?"
    result["grid"] = grid.to_json()
    return result, None


if __name__ == "__main__":
    main()

"""The sandbox: hostile programs are stopped with a friendly message and change nothing.

Two groups of hostile programs:

- as pupils would type them (the syntax-tree check, safe built-ins and import allow-list
  answer first, with a friendly message);
- escapes that get past those first layers (the tree check is switched off for these
  tests only), which the audit hook and the resource limits must stop on their own.

Each asserts the run failed with a friendly message and the canary folder (and the rest
of the disk the program aimed at) did not change.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from tests.coding.conftest import snapshot
from workshop_app.coding import sandbox
from workshop_app.coding.grid import Grid, blank, practice_picture
from workshop_app.coding.limits import MAX_OUTPUT_LINES
from workshop_app.coding.runs import Call, TaskInput
from workshop_app.coding.sandbox import run_code

APP_FILE = Path(__file__).parents[2] / "workshop_app" / "settings.py"
PWNED = Path("/tmp/codelab-test-pwned")
SUB = "[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]"
OS = SUB + ".__init__.__globals__"
"""An escape to the ``os`` module's globals, used by the second group."""

# (id, program, timeout_s, catalogue entries that count as "stopped with the right words")
TYPED: list[tuple[str, str, float, set[str]]] = [
    ("infinite-loop", "while True:\n    pass", 1.0, {"timeout"}),
    ("print-forever", "while True:\n    print('hi')", 3.0, {"output-limit"}),
    ("one-huge-print", "print('x' * 10**6)", 3.0, {"output-limit"}),
    ("huge-list", "x = [0] * (10 ** 10)", 3.0, {"memory"}),
    ("growing-list", "a = []\nwhile True:\n    a.append('x' * 10**6)", 3.0, {"memory"}),
    ("huge-text", "x = 'x' * 10**12", 3.0, {"memory"}),
    ("huge-power", "x = 9 ** 9 ** 9", 1.0, {"timeout"}),
    ("fork-bomb", "import os\nwhile True:\n    os.fork()", 3.0, {"forbidden-import"}),
    ("deep-recursion", "def f(n):\n    return f(n + 1)\nf(0)", 3.0, {"recursion"}),
    ("read-passwd", "print(open('/etc/passwd').read())", 3.0, {"switched-off"}),
    ("read-app-file", f"print(open({str(APP_FILE)!r}).read())", 3.0, {"switched-off"}),
    ("write-file", "open('{canary}/new.txt', 'w').write('x')", 3.0, {"switched-off"}),
    ("os-system", f"import os\nos.system('touch {PWNED}')", 3.0, {"forbidden-import"}),
    ("subprocess", "import subprocess\nsubprocess.run(['id'])", 3.0, {"forbidden-import"}),
    ("subclasses", SUB + "()", 3.0, {"forbidden-name"}),
    ("builtins-dict", "__builtins__['__import__']('os')", 3.0, {"forbidden-name"}),
    ("dunder-import", "__import__('os').system('id')", 3.0, {"forbidden-name"}),
    ("getattr-string", "getattr(print, '__glo' + 'bals__')", 3.0, {"switched-off"}),
    ("io-open", "import io\nio.open('/etc/passwd')", 3.0, {"forbidden-import"}),
    (
        "pathlib-write",
        "from pathlib import Path\nPath('{canary}/pupil-work.txt').write_text('gone')",
        3.0,
        {"forbidden-import"},
    ),
    ("ctypes", "import ctypes\nctypes.CDLL(None)", 3.0, {"forbidden-import"}),
    (
        "socket",
        "import socket\nsocket.create_connection(('1.1.1.1', 80))",
        3.0,
        {"forbidden-import"},
    ),
    (
        "signal",
        "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)",
        3.0,
        {"forbidden-import"},
    ),
    ("sys-exit", "import sys\nsys.exit(0)", 3.0, {"forbidden-import"}),
    ("raise-system-exit", "raise SystemExit", 3.0, {"undefined-name"}),
    ("exit", "exit()", 3.0, {"switched-off"}),
    ("kill-parent", "import os\nos.kill(os.getppid(), 9)", 3.0, {"forbidden-import"}),
    (
        "fill-disk",
        "n = 0\nwhile True:\n    open('f%d' % n, 'w').write('x' * 10**6)\n    n += 1",
        3.0,
        {"switched-off"},
    ),
    ("eval", "eval(\"__import__('os')\")", 3.0, {"switched-off"}),
    ("exec", "exec('import os')", 3.0, {"switched-off"}),
    (
        "generator-frame",
        "def g():\n    yield 1\nprint(g().gi_frame.f_back)",
        3.0,
        {"forbidden-name"},
    ),
    ("function-globals", "print((lambda: 0).__globals__)", 3.0, {"forbidden-name"}),
    ("fullwidth-open", "print(\uff4f\uff50\uff45\uff4e('/etc/passwd'))", 3.0, {"switched-off"}),
    (
        "match-class",
        "match 1:\n    case int(__class__=c):\n        print(c)",
        3.0,
        {"forbidden-name"},
    ),
    ("random-private", "import random\nrandom._os.system('id')", 3.0, {"forbidden-name"}),
    ("from-random-private", "from random import _os", 3.0, {"forbidden-name"}),
    ("relative-import", "from . import grid", 3.0, {"forbidden-import"}),
    ("input", "input('your name? ')", 3.0, {"switched-off"}),
    ("breakpoint", "breakpoint()", 3.0, {"switched-off"}),
    ("type-dunder", "type('A', (), {'__del__': print})", 3.0, {"switched-off"}),
]

ESCAPES: list[tuple[str, str, set[str]]] = [
    ("os-system", OS + f"['system']('touch {PWNED}')", {"os.system"}),
    ("real-open", "get.__globals__['__builtins__']['open']('/etc/passwd').read()", {"open"}),
    ("os-open-canary", OS + "['open']('{canary}/pupil-work.txt', 1)", {"open"}),
    ("fork", OS + "['fork']()", {"os.fork"}),
    ("kill-parent", OS + "['kill'](" + OS + "['getppid'](), 9)", {"os.kill"}),
    ("remove-file", OS + "['remove']('{canary}/pupil-work.txt')", {"os.remove"}),
    ("rename-file", OS + "['rename']('{canary}/pupil-work.txt', '{canary}/x')", {"os.rename"}),
    ("make-folder", OS + "['mkdir']('{canary}/new')", {"os.mkdir"}),
    ("list-root", OS + "['listdir']('/')", {"os.listdir"}),
    ("spawn", OS + "['posix_spawn']('/bin/true', ['true'], {{}})", {"os.posix_spawn"}),
    ("exec-program", OS + "['execv']('/bin/sh', ['sh'])", {"os.exec"}),
    ("import-ctypes", "print.__globals__['__builtins__'].__import__('ctypes')", {"import"}),
    ("import-socket", "print.__globals__['__builtins__'].__import__('socket')", {"import"}),
    ("import-subprocess", "print.__globals__['__builtins__'].__import__('subprocess')", {"import"}),
    ("fork-exec", "print.__globals__['__builtins__'].__import__('_posixsubprocess')", {"import"}),
    ("gc-objects", "print.__globals__['__builtins__'].__import__('gc')", {"import"}),
    ("io-write", "print.__globals__['io'].FileIO('{canary}/pupil-work.txt', 'w')", {"open"}),
    ("frames", "print.__globals__['sys']._getframe()", {"sys._getframe"}),
    ("generator-frame", "def g():\n    yield 1\nprint(g().gi_frame)", {"object.__getattr__"}),
    ("code-object", "def f():\n    pass\nprint(f.__code__)", {"object.__getattr__"}),
    (
        "raise-limits",
        "r = print.__globals__['resource']\nr.setrlimit(r.RLIMIT_CPU, (999, 999))",
        {"resource.setrlimit"},
    ),
    ("new-audit-hook", "print.__globals__['sys'].addaudithook(print)", {"sys.addaudithook"}),
]


@pytest.fixture(autouse=True)
def _no_pwned_file():
    PWNED.unlink(missing_ok=True)
    yield
    assert not PWNED.exists(), "a sandboxed program created a file outside its folder"


def _assert_friendly(result, kinds: set[str]) -> None:
    assert not result.ok
    assert result.error_kind in kinds, (result.error_kind, result.problem)
    for tier in ("8-9", "10-11", "12-14"):
        message = result.message(tier)
        assert message
        assert "Traceback" not in message
        assert 'File "' not in message


@pytest.mark.parametrize(
    ("program", "timeout_s", "kinds"),
    [case[1:] for case in TYPED],
    ids=[case[0] for case in TYPED],
)
def test_hostile_programs_are_stopped(canary, program, timeout_s, kinds):
    before = snapshot(canary)
    app_before = APP_FILE.stat().st_mtime_ns
    result = run_code(
        program.replace("{canary}", str(canary)), task_input=blank(8), timeout_s=timeout_s
    )
    _assert_friendly(result, kinds)
    assert snapshot(canary) == before
    assert APP_FILE.stat().st_mtime_ns == app_before


@pytest.mark.parametrize(
    ("program", "events"), [case[1:] for case in ESCAPES], ids=[case[0] for case in ESCAPES]
)
def test_escapes_past_the_first_layers_are_refused_by_the_audit_hook(canary, program, events):
    before = snapshot(canary)
    source = program.replace("{canary}", str(canary)).replace("{{}}", "{}")
    result = sandbox._execute(source, TaskInput(blank(8)), 3.0, 256, check_tree=False)
    _assert_friendly(result, {"refused"})
    assert result.problem.details["event"] in events
    assert snapshot(canary) == before


def _escape_output(program: str) -> str:
    result = sandbox._execute(program, TaskInput(blank(8)), 3.0, 256, check_tree=False)
    assert result.ok, result.problem
    return result.stdout


@pytest.mark.skipif(os.name != "posix", reason="resource limits are Unix-only")
def test_limits_are_set_inside_the_child_before_pupil_code():
    program = (
        "r = print.__globals__['resource']\n"
        "for name in ('RLIMIT_CPU', 'RLIMIT_AS', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', "
        "'RLIMIT_NPROC', 'RLIMIT_CORE', 'RLIMIT_STACK'):\n"
        "    print(name, r.getrlimit(r.__dict__[name])[1])\n"
    )
    limits = dict(line.split(" ", 1) for line in _escape_output(program).splitlines())
    assert int(limits["RLIMIT_CPU"]) <= 10
    assert int(limits["RLIMIT_AS"]) < 1024 * 1024 * 1024
    assert int(limits["RLIMIT_FSIZE"]) == 1024 * 1024
    assert int(limits["RLIMIT_NOFILE"]) == 16
    assert int(limits["RLIMIT_NPROC"]) == 0
    assert int(limits["RLIMIT_CORE"]) == 0
    assert int(limits["RLIMIT_STACK"]) == 16 * 1024 * 1024


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only when the app is root")
def test_a_root_app_runs_pupil_code_as_nobody():
    out = _escape_output(
        "o = print.__globals__['os']\nprint(o.getuid(), o.getgid(), o.getgroups())"
    )
    assert out.split() == ["65534", "65534", "[]"]


def test_environment_is_scrubbed(monkeypatch):
    monkeypatch.setenv("WORKSHOP_SECRET_TOKEN", "do-not-leak")
    sandbox.shutdown()  # idle workers were started before the variable existed
    sandbox.warm_up()
    out = _escape_output("print(sorted(print.__globals__['os'].environ))")
    assert "WORKSHOP_SECRET_TOKEN" not in out
    assert "HOME" not in out


def test_the_working_folder_is_empty_and_removed_afterwards():
    out = _escape_output("o = print.__globals__['os']\nprint(o.getcwd())")
    folder = Path(out.strip())
    assert folder.name.startswith("codelab-")
    assert not folder.exists()


def test_output_is_cut_with_a_note():
    result = run_code("for n in range(5000):\n    print(n)")
    assert result.output_truncated
    lines = result.stdout.splitlines()
    assert len(lines) <= MAX_OUTPUT_LINES + 1
    assert lines[0] == "0"
    assert "output cut short" in lines[-1]


def test_a_good_program_changes_the_grid_and_prints():
    grid = practice_picture(8)
    result = run_code(
        "for y in range(height):\n"
        "    for x in range(width):\n"
        "        set(x, y, red)\n"
        "print('done')",
        task_input=grid,
    )
    assert result.ok, result.error
    assert result.error is None
    assert not result.timed_out
    assert result.stdout == "done\n"
    assert result.result == Grid(8, 8, fill=(255, 0, 0))
    assert grid == practice_picture(8), "the input grid must not change"


def test_default_input_is_a_blank_8x8_grid_and_math_and_random_work():
    result = run_code(
        "import math\nimport random\nprint(width, height, math.floor(2.5))\nrandom.seed(1)"
    )
    assert result.ok, result.error
    assert result.stdout == "8 8 2\n"
    assert result.result == blank(8)


def test_error_reports_the_line_and_keeps_the_partial_picture():
    result = run_code("set(0, 0, red)\n\nset(9, 0, red)")
    assert not result.ok
    assert result.error_line == 3
    assert result.error_kind == "coordinate-range"
    assert "x must be from 0 to 7, but it was 9" in result.error
    assert result.result.get(0, 0) == (255, 0, 0)


def test_calls_run_on_a_fresh_grid_and_report_functions():
    program = "def paint(colour):\n    set(0, 0, colour)\n    return 'ok'\n\npaint(blue)\n"
    result = run_code(
        program, task_input=TaskInput(blank(8), (Call("paint", ((0, 255, 0),)), Call("nope")))
    )
    assert result.ok, result.error
    assert result.functions == ("paint",)
    assert result.result.get(0, 0) == (0, 0, 255)
    painted, missing = result.calls
    assert painted.ok
    assert painted.value == "ok"
    assert painted.grid.get(0, 0) == (0, 255, 0)
    assert missing.missing


def test_bad_arguments_and_long_programs():
    with pytest.raises(ValueError, match="timeout_s"):
        run_code("pass", timeout_s=0)
    with pytest.raises(ValueError, match="memory_mb"):
        run_code("pass", memory_mb=1)
    with pytest.raises(TypeError):
        run_code(b"pass")  # type: ignore[arg-type]
    result = run_code("x = 1\n" * 5000)
    assert not result.ok
    assert result.error_kind == "syntax"


def test_one_infinite_loop_does_not_hold_up_the_others():
    results: dict[int, tuple[float, bool]] = {}

    def pupil(number: int) -> None:
        source = "while True:\n    pass" if number == 0 else "set(1, 1, red)"
        start = time.perf_counter()
        result = run_code(source, timeout_s=2.0)
        results[number] = (time.perf_counter() - start, result.ok)

    threads = [threading.Thread(target=pupil, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results[0][1] is False
    others = [results[n] for n in range(1, 8)]
    assert all(ok for _, ok in others)
    assert max(seconds for seconds, _ in others) < 2.0

"""``python -m workshop_app.bench NAME [OPTIONS]``: run one benchmark by name.

Add a benchmark by writing ``workshop_app/bench/NAME.py`` with
``main(argv: list[str]) -> int`` and one line in :data:`BENCHMARKS`.
"""

from __future__ import annotations

import importlib
import sys

from workshop_app.allocator import keep_freed_memory

BENCHMARKS: dict[str, tuple[str, str]] = {
    "photo": ("workshop_app.bench.photo", "photo lab: decode, preview, slider, export, memory"),
    "coding": ("workshop_app.bench.coding", "code lab: run-to-result time, 30 pupils at once"),
    "greenscreen": (
        "workshop_app.bench.greenscreen",
        "green screen: keyer quality vs FFmpeg/OBS, 1080p speed",
    ),
    "film": ("workshop_app.bench.film", "films: 720p fps end to end (decode+key+encode)"),
}
"""Sub-command name -> (module with ``main(argv)``, one-line description)."""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help") or args[0] not in BENCHMARKS:
        print("usage: python -m workshop_app.bench NAME [OPTIONS]\n\nbenchmarks:")
        for name, (_, about) in BENCHMARKS.items():
            print(f"  {name:<12} {about}")
        if args and args[0] not in ("-h", "--help"):
            print(f"\nunknown benchmark {args[0]!r}", file=sys.stderr)
            return 2
        return 0
    keep_freed_memory()  # as the app does (shell.configure_page): measure what runs
    module = importlib.import_module(BENCHMARKS[args[0]][0])
    return int(module.main(args[1:]))


if __name__ == "__main__":
    sys.exit(main())

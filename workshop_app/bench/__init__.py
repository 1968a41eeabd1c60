"""Speed and memory benchmarks, run by hand: ``python -m workshop_app.bench NAME``.

Not part of the test run (timings depend on the machine). Each benchmark is a module
here with a ``main(argv) -> int`` function, listed in :data:`BENCHMARKS` in
``__main__``.
"""

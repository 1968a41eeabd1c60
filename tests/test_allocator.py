"""The glibc buffer thresholds (workshop_app.allocator)."""

from __future__ import annotations

import sys

import pytest

from workshop_app import allocator


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_glibc_takes_the_thresholds_once():
    allocator.keep_freed_memory.cache_clear()
    assert allocator.keep_freed_memory() is True
    assert allocator.keep_freed_memory() is True
    assert allocator.keep_freed_memory.cache_info().hits == 1


def test_elsewhere_it_does_nothing(monkeypatch):
    allocator.keep_freed_memory.cache_clear()
    monkeypatch.setattr(allocator.sys, "platform", "win32")
    try:
        assert allocator.keep_freed_memory() is False
    finally:
        allocator.keep_freed_memory.cache_clear()


def test_the_pages_and_the_benchmarks_ask_for_it():
    from workshop_app.bench import __main__ as bench
    from workshop_app.ui import shell

    assert bench.keep_freed_memory is allocator.keep_freed_memory
    assert shell.keep_freed_memory is allocator.keep_freed_memory

"""Keep freed picture buffers inside the process, so each frame does not page in afresh.

A 1080p frame passes through some 20 MB of arrays (maps, alpha, foreground, the
composite). By default glibc hands buffers this large straight back to the system when
they are freed, and the next frame's buffers of the same size are paged in again, one
4 KB page fault at a time: on the classroom laptop that was a fifth of the time to key
a frame (33 ms against 26 ms, measured by ``python -m workshop_app.bench greenscreen``).
Raising glibc's thresholds keeps such buffers for reuse; only buffers above 64 MB (a
12-megapixel photo's float copies) still go straight back, and at most 256 MB of free
memory is kept.

Elsewhere (Windows, macOS, musl) this does nothing: their allocators keep memory anyway
or expose no such setting.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import sys

__all__ = ["keep_freed_memory"]

log = logging.getLogger(__name__)

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 64 << 20
_TRIM_THRESHOLD = 256 << 20


@functools.cache
def keep_freed_memory() -> bool:
    """Ask glibc to keep freed buffers up to 64 MB for reuse; True if it agreed.

    Safe to call many times (the pages call it on every run); only the first call acts.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to tune
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    )
    if not done:
        log.info("glibc did not take the buffer thresholds; frames page in afresh")
    return done

"""Pausing Python's cyclic garbage collector while a run builds objects that live to its end.

Importing the engine and the rules (modules, classes, functions), loading the workspace (node
trees) and running the rules (resolved views, the index) only add objects that stay alive, so
the collector's repeated scans of them find nothing to free: they cost about a tenth of a run.
Reference counting still frees everything else while it is paused.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector; when it resumes, what was made meanwhile joins the oldest
    generation at once (frozen and unfrozen, unless someone else froze objects). Left in the
    youngest, all of it would be scanned by the first collection after the pause (6 to 13 ms at
    N = 40), for nothing. A full collection (``gc.collect()``, or the collector's own, rarely)
    still frees any cycle. Nested pauses leave the collector to the outermost one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()

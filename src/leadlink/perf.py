"""Garbage-collector settings for bulk work: building millions of long-lived objects at once.

CPython's cyclic collector runs after every few hundred allocations and, as the heap grows,
walks every object in it. Building an account index or reading a million leads allocates
millions of objects that all stay alive, so those walks find nothing and cost a third of the
time. Reference counting still frees everything as usual; only the cycle hunt is paused.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for a bulk build; it is restored as it was afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_heap() -> None:
    """Move every object alive now out of the collector's sight (after a build, before forking).

    Later collections then skip the index and the leads; forked workers also stop touching
    (and so copying) the pages those objects live on.
    """
    gc.freeze()


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)

"""Settings and helpers for bulk work: the collector, worker counts, fast frozen objects.

CPython's cyclic collector runs after every few hundred allocations and, as the heap grows,
walks every object in it. Building an account index or reading a million leads allocates
millions of objects that all stay alive, so those walks find nothing and cost a third of the
time. Reference counting still frees everything as usual; only the cycle hunt is paused.

`frozen_builder` makes instances of a frozen slotted dataclass for a hot path, without the
`object.__setattr__` call per field that the dataclass's own `__init__` makes.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


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


def frozen_builder(cls: type[T]) -> Callable[..., T]:
    """A fast constructor of the frozen slotted dataclass `cls`: every field, in field order.

    The dataclass's `__init__` must go through `object.__setattr__` once per field, as its own
    `__setattr__` refuses. The builder fills the slots of a mutable twin class with the same
    slots (same names, so same offsets) by plain attribute stores, then gives the object the
    class `cls`, which CPython allows between two such layouts. The object is equal to the one
    `cls(...)` makes, field for field, and is frozen like it. Defaults are not filled in: pass
    every field (by position or keyword).

    Only a plain Python frozen dataclass with slots, no `__post_init__`, only `init` fields
    and no base but `object` is built this way. For any other dataclass, such as one compiled
    by mypyc (a native class: its constructor is already fast, and it has no `__slots__` to
    share), `cls` itself is returned. Raises TypeError when `cls` is not a dataclass.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    params = getattr(cls, "__dataclass_params__", None)
    usable = (
        params is not None
        and params.frozen
        and cls.__dict__.get("__slots__") == names
        and cls.__bases__ == (object,)
        and all(f.init for f in fields)
        and not hasattr(cls, "__post_init__")
    )
    if not usable:
        return cls
    twin = type(f"_{cls.__name__}Slots", (), {"__slots__": names})
    probe: Any = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:  # layouts CPython will not swap: the plain constructor, then
        return cls
    stores = "".join(f"    obj.{name} = {name}\n" for name in names)
    source = (
        f"def build({', '.join(names)}):\n"
        f"    obj = new(twin)\n{stores}"
        f"    obj.__class__ = cls\n"
        f"    return obj\n"
    )
    namespace: dict[str, Any] = {"new": object.__new__, "twin": twin, "cls": cls}
    exec(source, namespace)  # the source is made of field names alone
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"build_{cls.__name__}"
    build.__doc__ = f"A {cls.__name__} from all its fields, built without __setattr__ calls."
    return build

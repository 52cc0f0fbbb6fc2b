"""One pipeline run at a time per store.

SQLite: an exclusive `flock` on a file next to the database; PostgreSQL: a session advisory lock
keyed by the current schema (stores in different schemas do not block each other). Both are
released by the operating system or the server when the process dies, so a killed run never
blocks the next one.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from leadlink.store.db import SessionFactory

ADVISORY_KEY = 0x1EAD11  # "leadlink" runs (first half of the two-int advisory key)


class RunInProgress(RuntimeError):
    """Another run is working on this store."""


@contextmanager
def run_lock(factory: SessionFactory) -> Iterator[None]:
    """Hold the store's run lock for the duration of the block, or raise RunInProgress."""
    engine = factory.kw["bind"]
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            key = (ADVISORY_KEY, func.hashtext(func.current_schema()))
            if not conn.scalar(select(func.pg_try_advisory_lock(*key))):
                raise RunInProgress("another leadlink run is working on this database")
            conn.commit()
            try:
                yield
            finally:
                conn.execute(select(func.pg_advisory_unlock(*key)))
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.run.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress("another leadlink run is working on this database") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

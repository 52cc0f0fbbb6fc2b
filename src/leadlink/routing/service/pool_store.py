"""Round-robin pool states in the store, locked so that concurrent routing never shares a slot.

PostgreSQL: the pool rows are read with SELECT ... FOR UPDATE (in pool-id order, so two workers
cannot deadlock). SQLite: the transaction starts with BEGIN IMMEDIATE, which takes the database's
write lock before anything is read. Either way the read-modify-write of a pool is serialised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from leadlink.routing.pools import PoolState
from leadlink.store.db import SessionFactory
from leadlink.store.models.base import utcnow
from leadlink.store.models.routing import PoolStateRow

T = TypeVar("T")


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer (BEGIN IMMEDIATE on SQLite; no-op elsewhere).

    Must be the first statement of the transaction.
    """
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


#: Key of the PostgreSQL advisory lock that lets one routing batch chunk run at a time.
BATCH_LOCK_KEY = 0x1EAD_7007


def lock_batch(session: Session) -> None:
    """Serialise routing batch chunks: an advisory lock on PostgreSQL (held until commit).

    Pool rows are locked too, but a rule set may have no pools; SQLite's BEGIN IMMEDIATE already
    serialises writers.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BATCH_LOCK_KEY})


def lock_pools(session: Session, pool_ids: Iterable[str]) -> dict[str, PoolStateRow]:
    """Create missing pool rows, then lock and return them (FOR UPDATE, in id order)."""
    ids = sorted(set(pool_ids))
    if not ids:
        return {}
    dialect = session.get_bind().dialect.name
    rows = [{"pool_id": pid, "state": {}, "version": 0, "updated_at": utcnow()} for pid in ids]
    if dialect == "postgresql":
        session.execute(postgresql.insert(PoolStateRow).values(rows).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(PoolStateRow).values(rows).on_conflict_do_nothing())
    else:  # other databases: insert what is missing (callers hold a lock on these)
        have = set(
            session.scalars(select(PoolStateRow.pool_id).where(PoolStateRow.pool_id.in_(ids)))
        )
        session.add_all(PoolStateRow(**r) for r in rows if r["pool_id"] not in have)
        session.flush()
    query = (
        select(PoolStateRow)
        .where(PoolStateRow.pool_id.in_(ids))
        .order_by(PoolStateRow.pool_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.pool_id: row for row in session.scalars(query)}


def _state_of(row: PoolStateRow) -> PoolState:
    return PoolState.from_dict(row.state) if row.state else PoolState(row.pool_id)


def _write(row: PoolStateRow, state: PoolState) -> None:
    row.state = state.to_dict()
    row.version += 1
    row.updated_at = utcnow()


class StorePoolRepository:
    """Pool states in the store; each `transact` is its own locked transaction (single leads)."""

    def __init__(self, factory: SessionFactory) -> None:
        self.factory = factory

    def transact(self, pool_id: str, fn: Callable[[PoolState], T]) -> T:
        """Lock the pool's row, run `fn` on its state, write it back and commit."""
        with self.factory() as session, session.begin():
            begin_write(session)
            row = lock_pools(session, [pool_id])[pool_id]
            state = _state_of(row)
            result = fn(state)
            _write(row, state)
        return result


class SessionPoolRepository:
    """Pool states locked inside the caller's transaction (batches); `flush` writes them back."""

    def __init__(self, session: Session, pool_ids: Iterable[str]) -> None:
        self._rows = lock_pools(session, pool_ids)
        self._states = {pid: _state_of(row) for pid, row in self._rows.items()}

    def transact(self, pool_id: str, fn: Callable[[PoolState], T]) -> T:
        """Run `fn` on the (already locked) state of the pool."""
        return fn(self._states[pool_id])

    def flush(self) -> None:
        """Copy the states back into their rows (committed with the caller's transaction)."""
        for pid, state in self._states.items():
            _write(self._rows[pid], state)


def load_pool_states(factory: SessionFactory) -> dict[str, dict[str, Any]]:
    """Every pool's stored state, without locking (for dry runs and reports)."""
    with factory() as session:
        rows = session.scalars(select(PoolStateRow)).all()
        return {r.pool_id: r.state for r in rows if r.state}

"""Planner statistics: a run analyzes what changed past autovacuum's threshold (PostgreSQL)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from leadlink.store.db import SessionFactory
from leadlink.store.stats import RUN_TABLES, refresh_stats, stale_tables
from tests.pipeline.helpers import load_crm, run_fake

Store = tuple[str, SessionFactory]


def _engine(factory: SessionFactory):  # type: ignore[no-untyped-def]
    return factory.kw["bind"]


def _wait_stale(factory: SessionFactory, table: str) -> list[str]:
    """`stale_tables` once the server has counted the last writes (flushed within a second)."""
    found: list[str] = []
    for _ in range(40):
        found = stale_tables(_engine(factory), (table,))
        if found:
            break
        time.sleep(0.1)
    return found


def test_never_analyzed_tables_are_analyzed_once(store: Store) -> None:
    _, factory = store
    engine = _engine(factory)
    if engine.dialect.name != "postgresql":
        assert stale_tables(engine) == [] and refresh_stats(engine) == []
        return
    assert stale_tables(engine, ("leads", "accounts")) == ["accounts", "leads"]
    assert refresh_stats(engine, ("leads", "accounts")) == ["accounts", "leads"]
    assert stale_tables(engine, ("leads", "accounts")) == []


def test_a_table_changed_past_the_threshold_is_analyzed_again(store: Store) -> None:
    _, factory = store
    engine = _engine(factory)
    if engine.dialect.name != "postgresql":
        return
    refresh_stats(engine, ("users",))
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO users (id, name, email, role, team, territory, active, timezone, "
                 "manager_id, content_hash, updated_at) SELECT 'U' || g, '', '', '', '', '', true, "
                 "'UTC', '', '', now() FROM generate_series(1, 60) AS g")
        )  # fmt: skip
    engine.dispose()  # the server counts a session's writes when it ends at the latest
    assert _wait_stale(factory, "users") == ["users"]
    assert refresh_stats(engine, ("users",)) == ["users"]
    assert stale_tables(engine, ("users",)) == []


def test_a_run_leaves_the_tables_it_reads_analyzed(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    engine = _engine(factory)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            never = conn.execute(
                text("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = relnamespace "
                     "WHERE nspname = current_schema() AND relname = ANY(:t) AND reltuples < 0"),
                {"t": list(RUN_TABLES)},
            ).scalars().all()  # fmt: skip
        assert never == []
    assert stale_tables(engine) == []


def test_a_table_with_rows_but_no_statistics_is_analyzed(store: Store) -> None:
    _, factory = store
    engine = _engine(factory)
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:  # a few rows, far below the threshold; then an index is built,
        # which records the table's size without analyzing it (as a migration does)
        conn.execute(
            text("INSERT INTO users (id, name, email, role, team, territory, active, timezone, "
                 "manager_id, content_hash, updated_at) SELECT 'U' || g, '', '', '', '', '', true, "
                 "'UTC', '', '', now() FROM generate_series(1, 10) AS g")
        )  # fmt: skip
        conn.exec_driver_sql("CREATE INDEX ix_users_test_size ON users (name)")
    assert stale_tables(engine, ("users",)) == ["users"]
    assert refresh_stats(engine, ("users",)) == ["users"]
    assert stale_tables(engine, ("users",)) == []

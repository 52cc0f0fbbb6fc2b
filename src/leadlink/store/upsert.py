"""Dialect-aware bulk upsert: INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL alike.

Rows whose content hash is unchanged are not rewritten, so importing the same file twice changes
nothing (no updated_at bump).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def _insert(conn: Connection, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database dialect {conn.dialect.name!r}")


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    *,
    update: Sequence[str] | None = None,
    only_if_changed: bool = True,
) -> int:
    """Insert `rows` into `table`, updating rows whose `keys` exist; returns the affected count.

    `update` lists the columns a conflict rewrites (default: every column in the rows but the
    keys); with `only_if_changed`, rows whose `content_hash` is equal are left alone.
    """
    if not rows:
        return 0
    stmt = _insert(conn, table)
    columns = update if update is not None else [c for c in rows[0] if c not in keys]
    if not columns:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    else:
        where = None
        if only_if_changed and "content_hash" in table.c:
            where = table.c.content_hash != stmt.excluded.content_hash
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: stmt.excluded[c] for c in columns},
            where=where,
        )
    result = conn.execute(stmt, list(rows))
    return max(int(result.rowcount or 0), 0)

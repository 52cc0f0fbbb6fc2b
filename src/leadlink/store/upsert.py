"""Dialect-aware bulk upsert: INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL alike.

Rows whose content hash is unchanged are not rewritten, so importing the same file twice changes
nothing (no updated_at bump).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, any_, bindparam
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


def bulk_upsert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """`upsert` for large batches (imports): same effect, driver-level speed.

    SQLite: one prepared statement run with `executemany` on pre-converted values; PostgreSQL:
    COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT. Rows whose
    `content_hash` is unchanged are left alone.
    """
    if not rows:
        return
    if conn.dialect.name not in ("sqlite", "postgresql"):
        upsert(conn, table, rows, keys)
        return
    columns = list(rows[0])
    # insert-only defaults (e.g. a new contact's status): set on insert, never on update
    defaults = {
        c.name: c.default.arg  # type: ignore[attr-defined]
        for c in table.c
        if c.name not in rows[0] and c.default is not None and c.default.is_scalar
    }
    if defaults:
        rows = [{**r, **defaults} for r in rows]
    if conn.dialect.name == "sqlite":
        _sqlite_bulk(conn, table, rows, columns, keys)
    else:
        _postgres_bulk(conn, table, rows, columns, keys)


def _conflict_sql(table: Table, columns: list[str], keys: Sequence[str], quote: Any) -> str:
    name = quote(table.name)
    sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in keys)
    where = ""
    if "content_hash" in table.c:
        where = f" WHERE {name}.content_hash IS DISTINCT FROM excluded.content_hash"
    target = ", ".join(quote(k) for k in keys)
    return f"ON CONFLICT ({target}) DO UPDATE SET {sets}{where}"


def _processors(conn: Connection, table: Table, names: Sequence[str]) -> list[Any]:
    """Each column's bind processor (None when the driver takes the value as it is)."""
    dialect = conn.dialect
    return [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in names]


def _converted(procs: list[Any], rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as tuples of driver values; a value equal by identity to the row above's (the one
    timestamp of a batch) is converted once."""
    out: list[tuple[Any, ...]] = []
    last: list[Any] = [object()] * len(procs)
    done: list[Any] = [None] * len(procs)
    for r in rows:
        values = list(r.values())
        for i, p in enumerate(procs):
            v = values[i]
            if p is None or v is None:
                continue
            if v is not last[i]:
                last[i], done[i] = v, p(v)
            values[i] = done[i]
        out.append(tuple(values))
    return out


def _sqlite_bulk(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    columns: list[str],
    keys: Sequence[str],
) -> None:
    quote = conn.dialect.identifier_preparer.quote
    conflict = _conflict_sql(table, columns, keys, quote).replace("IS DISTINCT FROM", "IS NOT")
    _sqlite_insert(conn, table, rows, conflict)


def _sqlite_insert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], suffix: str = ""
) -> None:
    """One prepared INSERT (plus `suffix`, e.g. an ON CONFLICT clause) run with executemany."""
    quote = conn.dialect.identifier_preparer.quote
    names = list(rows[0])
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) "
        f"VALUES ({', '.join('?' for _ in names)}) {suffix}"
    )
    conn.exec_driver_sql(sql, _converted(_processors(conn, table, names), rows))


def _copy(conn: Connection, table: Table, target: str, rows: Sequence[dict[str, Any]]) -> None:
    """COPY the rows into `target` (a quoted table name) with psycopg; JSON columns as text."""
    quote = conn.dialect.identifier_preparer.quote
    names = list(rows[0])
    json_cols = {i for i, c in enumerate(names) if isinstance(table.c[c].type, JSON)}
    driver = conn.connection.driver_connection
    assert driver is not None
    cols = ", ".join(quote(c) for c in names)
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} ({cols}) FROM STDIN") as copy:
        for r in rows:
            values = list(r.values())
            for i in json_cols:
                values[i] = json.dumps(values[i])
            copy.write_row(values)


def _postgres_bulk(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    columns: list[str],
    keys: Sequence[str],
) -> None:
    quote = conn.dialect.identifier_preparer.quote
    stage = quote(f"_stage_{table.name}")
    cols = ", ".join(quote(c) for c in rows[0])
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} "
        f"(LIKE {quote(table.name)} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    conn.exec_driver_sql(f"TRUNCATE {stage}")
    _copy(conn, table, stage, rows)
    conn.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({cols}) SELECT {cols} FROM {stage} "
        + _conflict_sql(table, columns, keys, quote)
    )


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Plain INSERT of many rows (all with the same keys) at driver speed.

    SQLite: one prepared statement run with `executemany`; PostgreSQL: COPY. Triggers, foreign
    keys and unique indexes apply as to any insert. The pipeline writes a million links this way
    on a first run, where SQLAlchemy's per-row parameter handling cost more than SQLite itself.
    """
    if not rows:
        return
    missing = [
        c.name
        for c in table.c
        if c.name not in rows[0] and c.default is not None and c.autoincrement is not True
    ]
    if missing:  # the driver would not apply SQLAlchemy's Python-side defaults
        raise ValueError(f"insert_rows into {table.name}: give a value for {missing}")
    if conn.dialect.name == "postgresql":
        _copy(conn, table, conn.dialect.identifier_preparer.quote(table.name), rows)
        return
    if conn.dialect.name == "sqlite":
        _sqlite_insert(conn, table, rows)
        return
    conn.execute(table.insert(), list(rows))


def one_of(conn: Connection, column: Any, values: Sequence[Any]) -> Any:
    """`column IN values` that stays cheap for thousands of values.

    PostgreSQL gets `column = ANY(:array)` (one parameter, a small statement psycopg can cache);
    SQLite the usual expanded IN list.
    """
    if conn.dialect.name == "postgresql":
        array_type = postgresql.ARRAY(column.type)
        return column == any_(bindparam(None, list(values), type_=array_type))
    return column.in_(list(values))

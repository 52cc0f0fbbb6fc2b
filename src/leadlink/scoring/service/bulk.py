"""Fast bulk inserts: the column types' own bind processors, then one DBAPI `executemany`.

Writing two million score rows through SQLAlchemy's per-row parameter machinery costs minutes;
applying each column type's bind processor in a tight loop and handing the tuples to the driver
gives the same stored values (the processors are the ones SQLAlchemy would use) in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.orm import Session

CHUNK = 20_000
_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert dict rows (all with the same keys) into `table` inside the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    marker = _MARKERS.get(dialect.paramstyle)
    if marker is None:  # an unusual driver: let SQLAlchemy do it
        session.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors = [c.type._cached_bind_processor(dialect) for c in columns]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(rows), CHUNK):
            params = [
                tuple(
                    p(row[n]) if p is not None and row[n] is not None else row[n]
                    for n, p in zip(names, processors, strict=True)
                )
                for row in rows[start : start + CHUNK]
            ]
            cursor.executemany(sql, params)
    finally:
        cursor.close()


def bulk_set(
    session: Session, table: Table, column: str, values: dict[str, str], *, key: str = "id"
) -> None:
    """`UPDATE table SET column = value WHERE key = id` for many (id, value) pairs at once."""
    if not values:
        return
    connection = session.connection()
    dialect = connection.dialect
    marker = _MARKERS.get(dialect.paramstyle)
    if marker is None:
        stmt = (
            table.update().where(table.c[key] == bindparam("_k")).values({column: bindparam("_v")})
        )
        session.execute(stmt, [{"_k": k, "_v": v} for k, v in values.items()])
        return
    quote = dialect.identifier_preparer.quote
    sql = f"UPDATE {quote(table.name)} SET {quote(column)} = {marker} WHERE {quote(key)} = {marker}"
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        items = [(v, k) for k, v in values.items()]
        for start in range(0, len(items), CHUNK):
            cursor.executemany(sql, items[start : start + CHUNK])
    finally:
        cursor.close()

"""Query results as named tuples: same values, read by name or position."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from leadlink.store.fetch import records


def test_records_keep_every_value_under_its_column_name() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        rows = records(conn.execute(text("SELECT 'L1' AS id, NULL AS account, 0.5 AS confidence "
                                         "UNION ALL SELECT 'L2', 'A2', 1.0")))  # fmt: skip
        again = records(conn.execute(text("SELECT 'x' AS id, 1 AS account, 2 AS confidence")))
    assert [(r.id, r.account, r.confidence) for r in rows] == [("L1", None, 0.5), ("L2", "A2", 1.0)]
    assert rows[1][1] == "A2" and rows[0]._asdict() == {"id": "L1", "account": None,
                                                        "confidence": 0.5}  # fmt: skip
    assert type(again[0]) is type(rows[0])  # one record type per set of columns


def test_a_column_name_that_is_no_identifier_still_reads_by_position() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        (row,) = records(conn.execute(text('SELECT 1 AS "count(*)", 2 AS _hidden')))
    assert tuple(row) == (1, 2)

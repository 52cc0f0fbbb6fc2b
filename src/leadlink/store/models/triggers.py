"""Triggers that flag a lead for routing whenever one of its links is written or superseded.

One definition for both ways a store gets its schema: the migrations run these statements, and
`Base.metadata.create_all` (tests, tools) runs them after creating the tables. Changing them needs
a new migration; a migration that made an older form keeps that form (`first_form_create`).

On PostgreSQL, new links flag their leads once per statement, from the statement's table of new
rows, instead of one UPDATE per link of the million a first run COPYs (on a 1M-lead store,
10,000 links: 43 ms of trigger time against 73 ms). Superseding keeps a per-row trigger:
PostgreSQL has no table of changed rows for a trigger on one column (`UPDATE OF superseded_at`).
SQLite has only per-row triggers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from leadlink.store.models.base import Base

_FLAG = "UPDATE leads SET routing_pending = {true} WHERE id = NEW.lead_id AND NOT routing_pending"
_FLAG_NEW = (
    "UPDATE leads SET routing_pending = true FROM new_links "
    "WHERE leads.id = new_links.lead_id AND NOT leads.routing_pending"
)
_SQLITE = {
    "trg_links_insert_routing_pending": "AFTER INSERT ON lead_account_links",
    "trg_links_supersede_routing_pending": "AFTER UPDATE OF superseded_at ON lead_account_links",
}
_PG_FUNCTION = "leadlink_flag_routing_pending"
_PG_NEW_FUNCTION = "leadlink_flag_new_links"
_PG_TRIGGER = "trg_links_routing_pending"  # the first form: inserts and supersedes, per row
_PG_INSERT = "trg_links_insert_routing_pending"
_PG_SUPERSEDE = "trg_links_supersede_routing_pending"


def _plpgsql(name: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger AS $$ "
        f"BEGIN {body}; RETURN NULL; END $$ LANGUAGE plpgsql"
    )


def _sqlite_statements() -> list[str]:
    return [
        f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {_FLAG.format(true='1')}; END"
        for name, when in _SQLITE.items()
    ]


def _sqlite_drops() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE]


def create_statements(dialect: str) -> list[str]:
    """The DDL that creates the triggers on this dialect ('sqlite' or 'postgresql')."""
    if dialect != "postgresql":
        return _sqlite_statements()
    return [
        _plpgsql(_PG_FUNCTION, _FLAG.format(true="true")),
        _plpgsql(_PG_NEW_FUNCTION, _FLAG_NEW),
        f"CREATE TRIGGER {_PG_INSERT} AFTER INSERT ON lead_account_links "
        "REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {_PG_NEW_FUNCTION}()",
        f"CREATE TRIGGER {_PG_SUPERSEDE} AFTER UPDATE OF superseded_at ON lead_account_links "
        f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
    ]


def drop_statements(dialect: str) -> list[str]:
    """The DDL that drops the triggers again."""
    if dialect != "postgresql":
        return _sqlite_drops()
    return [
        f"DROP TRIGGER IF EXISTS {_PG_INSERT} ON lead_account_links",
        f"DROP TRIGGER IF EXISTS {_PG_SUPERSEDE} ON lead_account_links",
        f"DROP FUNCTION IF EXISTS {_PG_NEW_FUNCTION}()",
        f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()",
    ]


def first_form_create(dialect: str) -> list[str]:
    """The triggers as migration store_0003 made them (one per-row trigger on PostgreSQL)."""
    if dialect != "postgresql":
        return _sqlite_statements()
    return [
        _plpgsql(_PG_FUNCTION, _FLAG.format(true="true")),
        f"CREATE TRIGGER {_PG_TRIGGER} "
        "AFTER INSERT OR UPDATE OF superseded_at ON lead_account_links "
        f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
    ]


def first_form_drop(dialect: str) -> list[str]:
    """Drop the triggers of migration store_0003."""
    if dialect != "postgresql":
        return _sqlite_drops()
    return [
        f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON lead_account_links",
        f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()",
    ]


@event.listens_for(Base.metadata, "after_create")
def _create_triggers(_target: Any, connection: Any, **kw: Any) -> None:
    """create_all made the tables: add the triggers as the migrations do."""
    made = {table.name for table in kw.get("tables") or Base.metadata.sorted_tables}
    if {"leads", "lead_account_links"} <= made:
        for statement in create_statements(connection.dialect.name):
            connection.exec_driver_sql(statement)

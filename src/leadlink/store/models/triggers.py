"""Triggers that flag a lead for routing whenever one of its links is written or superseded.

One definition for both ways a store gets its schema: the migration store_0003 runs these
statements, and `Base.metadata.create_all` (tests, tools) runs them after creating the tables.
Changing them needs a new migration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from leadlink.store.models.base import Base

_FLAG = "UPDATE leads SET routing_pending = {true} WHERE id = NEW.lead_id AND NOT routing_pending"
_SQLITE = {
    "trg_links_insert_routing_pending": "AFTER INSERT ON lead_account_links",
    "trg_links_supersede_routing_pending": "AFTER UPDATE OF superseded_at ON lead_account_links",
}
_PG_FUNCTION = "leadlink_flag_routing_pending"
_PG_TRIGGER = "trg_links_routing_pending"


def create_statements(dialect: str) -> list[str]:
    """The DDL that creates the triggers on this dialect ('sqlite' or 'postgresql')."""
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$ "
            f"BEGIN {_FLAG.format(true='true')}; RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {_PG_TRIGGER} "
            "AFTER INSERT OR UPDATE OF superseded_at ON lead_account_links "
            f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    return [
        f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {_FLAG.format(true='1')}; END"
        for name, when in _SQLITE.items()
    ]


def drop_statements(dialect: str) -> list[str]:
    """The DDL that drops the triggers again."""
    if dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON lead_account_links",
            f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE]


@event.listens_for(Base.metadata, "after_create")
def _create_triggers(_target: Any, connection: Any, **kw: Any) -> None:
    """create_all made the tables: add the triggers as the migration does."""
    made = {table.name for table in kw.get("tables") or Base.metadata.sorted_tables}
    if {"leads", "lead_account_links"} <= made:
        for statement in create_statements(connection.dialect.name):
            connection.exec_driver_sql(statement)

"""The store opens on SQLite and PostgreSQL, migrations match the models, constraints hold."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from leadlink.store import db
from leadlink.store.db import (
    SCHEMA_HEADS,
    SessionFactory,
    alembic_config,
    at_heads,
    connect,
    upgrade,
)
from leadlink.store.models import (
    CONTACT_DEFAULT_STATUS,
    AccountRow,
    Base,
    ContactRow,
    LeadRow,
    LinkRow,
)

STORE_TABLES = {
    "accounts",
    "leads",
    "contacts",
    "opportunities",
    "contracts",
    "activities",
    "campaigns",
    "campaign_members",
    "users",
    "lead_account_links",
    "review_items",
    "review_decisions",
    "conversions",
    "runs",
    "exports",
    "lead_enrichments",
    "lead_duplicates",
    "lead_exports",
}


def test_upgrade_creates_every_table_and_matches_the_models(db_url: str) -> None:
    engine = connect(db_url)
    upgrade(engine)
    upgrade(engine)  # a second upgrade is a no-op
    assert set(inspect(engine).get_table_names()) >= STORE_TABLES
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diffs if _table_of(d) in STORE_TABLES]
    assert ours == []
    engine.dispose()


def _table_of(diff: object) -> str:
    item = diff[0] if isinstance(diff, list) else diff
    for part in item if isinstance(item, tuple) else ():
        name = getattr(part, "name", None)
        table = getattr(part, "table", None)
        if table is not None and getattr(table, "name", None):
            return str(table.name)
        if isinstance(name, str) and name in STORE_TABLES:
            return name
    return ""


def test_only_one_current_link_per_lead(store: tuple[str, SessionFactory]) -> None:
    _, factory = store
    with factory() as s, s.begin():
        s.add_all([AccountRow(id="A1", name="Acme"), LeadRow(id="L1")])
    with factory() as s, s.begin():
        s.add(LinkRow(lead_id="L1", account_id="A1", decision="matched"))
    with pytest.raises(IntegrityError), factory() as s, s.begin():
        s.add(LinkRow(lead_id="L1", account_id=None, decision="unmatched"))
    with factory() as s, s.begin():  # superseding the first makes room for a new current link
        s.execute(text("UPDATE lead_account_links SET superseded_at = CURRENT_TIMESTAMP"))
        s.add(LinkRow(lead_id="L1", account_id=None, decision="unmatched"))
    with factory() as s:
        assert s.query(LinkRow).count() == 2


def test_links_need_an_existing_lead(store: tuple[str, SessionFactory]) -> None:
    _, factory = store
    with pytest.raises(IntegrityError), factory() as s, s.begin():
        s.add(LinkRow(lead_id="missing", decision="unmatched"))


def test_a_new_contact_starts_pre_qualified_and_accounts_have_no_status(
    store: tuple[str, SessionFactory],
) -> None:
    _, factory = store
    with factory() as s, s.begin():
        s.add_all([ContactRow(id="C1"), AccountRow(id="A1")])
    with factory() as s:
        assert s.get(ContactRow, "C1").status == CONTACT_DEFAULT_STATUS  # type: ignore[union-attr]
        assert s.get(AccountRow, "A1").status is None  # type: ignore[union-attr]


def test_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.resolve_url() == db.DEFAULT_URL
    monkeypatch.setenv(db.ENV_VAR, "sqlite:///x.db")
    assert db.resolve_url() == "sqlite:///x.db"
    assert db.resolve_url("postgresql://h/db") == "postgresql://h/db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    engine = connect(f"sqlite:///{tmp_path}/w.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_schema_heads_are_alembics_heads() -> None:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert frozenset(heads) == SCHEMA_HEADS  # a new migration must update SCHEMA_HEADS


def test_a_store_at_the_heads_skips_alembic(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = connect(db_url)
    assert not at_heads(engine)  # an empty database: no version table yet
    upgrade(engine)
    assert at_heads(engine)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic ran on a store already at the heads")

    monkeypatch.setattr("alembic.command.upgrade", refuse)
    upgrade(engine)  # must not reach Alembic
    monkeypatch.undo()
    with engine.begin() as conn:  # one branch behind: the check must send it to Alembic
        conn.execute(
            text(
                "UPDATE alembic_version SET version_num = 'routing_0001' "
                "WHERE version_num = 'routing_0002'"
            )
        )
    assert not at_heads(engine)
    engine.dispose()

"""The routing-flag triggers: the migrations build those of the models, and every written or
superseded link flags its lead, whether one row is written or many in one statement."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, select, text, update

from leadlink.store.db import SessionFactory, alembic_config, connect, upgrade
from leadlink.store.models import LeadRow, LinkRow, utcnow
from tests.store.dbkit import database_url


def _triggers(engine: Engine) -> set[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
    )
    with engine.connect() as conn:
        return set(conn.exec_driver_sql(query).scalars())


def _pending(factory: SessionFactory) -> set[str]:
    with factory() as s:
        return set(s.scalars(select(LeadRow.id).where(LeadRow.routing_pending)))


def _leads(factory: SessionFactory, ids: list[str]) -> None:
    with factory() as s, s.begin():
        s.add_all(LeadRow(id=i, email=f"{i}@x.com", content_hash=i) for i in ids)
        s.flush()
        s.execute(update(LeadRow).values(routing_pending=False))  # as after a routing


def test_the_migrations_make_the_triggers_of_the_models(backend: str, tmp_path: Path) -> None:
    with database_url(backend, tmp_path, migrated=True) as made:
        engine = connect(made)
        from_models = _triggers(engine)
        engine.dispose()
    (tmp_path / "m").mkdir()
    with database_url(backend, tmp_path / "m") as url:
        engine = connect(url)
        try:
            upgrade(engine)
            migrated = _triggers(engine)
            cfg = alembic_config()
            with engine.begin() as conn:  # down to the first form and up again
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "store_0003")
            first_form = _triggers(engine)
            upgrade(engine)
            again = _triggers(engine)
        finally:
            engine.dispose()
    assert len(from_models) == 2 and migrated == from_models == again
    if backend == "postgres":
        assert first_form == {"trg_links_routing_pending"}  # one per-row trigger
    else:
        assert first_form == from_models


def test_links_written_in_one_statement_flag_each_of_their_leads(
    store: tuple[str, SessionFactory],
) -> None:
    _, factory = store
    _leads(factory, ["L1", "L2", "L3", "L4"])
    assert _pending(factory) == set()
    with factory() as s, s.begin():  # one INSERT ... SELECT of three rows
        s.execute(
            text(
                "INSERT INTO lead_account_links (lead_id, decision, confidence, reason, rule, "
                "runner_up_confidence, settings_version, source, decided_by, created_at) "
                "SELECT id, 'unmatched', 0, '', '', 0, '', 'matcher', '', :now FROM leads "
                "WHERE id <> 'L4'"
            ),
            {"now": utcnow()},
        )
    assert _pending(factory) == {"L1", "L2", "L3"}
    with factory() as s, s.begin():
        s.execute(update(LeadRow).values(routing_pending=False))
        s.execute(update(LinkRow).where(LinkRow.lead_id == "L2").values(superseded_at=utcnow()))
    assert _pending(factory) == {"L2"}  # superseding flags too
    with factory() as s, s.begin():
        s.execute(update(LinkRow).where(LinkRow.lead_id == "L1").values(reason="edited"))
    assert _pending(factory) == {"L2"}  # another column: no flag

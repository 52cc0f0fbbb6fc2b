"""Incremental routing on the store (SQLite and PostgreSQL): the database picks the leads that
need routing, and only the accounts their links point to are loaded, with their whole families.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, inspect, select

from leadlink.routing import parse_rules
from leadlink.routing.service.batch import route_leads, route_one
from leadlink.routing.service.families import FamilyLoader
from leadlink.routing.service.loader import Directory, load_directory
from leadlink.store.db import SessionFactory, connect, upgrade
from leadlink.store.models import (
    AccountRow,
    Base,
    ConversionRow,
    LeadRow,
    LinkRow,
    OpportunityRow,
)
from leadlink.store.models.routing import RoutingDecisionRow
from tests.store.dbkit import BACKENDS, database_url

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
RULES = parse_rules(
    {
        "fallback_queue": "Q",
        "rules": [
            {
                "id": "deal",
                "conditions": ["account.has_open_opportunity is_true"],
                "assign": {"to": "opportunity_owner"},
            },
            {
                "id": "regional",
                "conditions": ["account.regional.owner is_not_empty"],
                "assign": {"to": "regional_owner"},
            },
            {
                "id": "owner",
                "conditions": ["account.owner is_not_empty"],
                "assign": {"to": "account_owner"},
            },
            {"id": "parent", "assign": {"to": "ultimate_parent_owner"}},
        ],
    }
)
STANDALONE = 40
# id, parent, country, owner: a group three levels deep with two French offices, a deal on a
# parent, a cycle, a parent that is not in the store and an account that is its own parent
HIERARCHY = [
    ("G", "", "US", "ae-group"),
    ("G-de", "G", "DE", ""),
    ("G-de-muc", "G-de", "DE", ""),
    ("G-fr2", "G", "FR", "ae-fr2"),
    ("G-fr", "G-de", "FR", "ae-fr"),
    ("D", "", "US", "ae-d"),
    ("D-x", "D", "US", ""),
    ("C1", "C2", "DE", "ae-c1"),
    ("C2", "C1", "FR", "ae-c2"),
    ("C3", "C1", "US", ""),
    ("M", "GONE", "US", ""),
    ("S-self", "S-self", "FR", "ae-self"),
]


@pytest.fixture
def factory(migrated: tuple[str, SessionFactory]) -> SessionFactory:
    """The module's store, emptied, with the accounts, one open deal and two routed leads."""
    _, factory = migrated
    with factory() as s, s.begin():
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "alembic_version":
                s.execute(table.delete())
        s.add_all(
            AccountRow(id=i, parent_id=p, country=c, owner=o, name=i) for i, p, c, o in HIERARCHY
        )
        s.add_all(
            AccountRow(id=f"S{n:02d}", country="US", owner="ae-s", name=f"Solo {n}")
            for n in range(STANDALONE)
        )
        s.add(OpportunityRow(id="O-d", account_id="D", owner="ae-opp", stage="Proposal"))
        s.add(OpportunityRow(id="O-shut", account_id="S00", owner="ae-x", is_closed=True))
    _add_lead(factory, "L-old", "S00", "US")
    _add_lead(factory, "L-none", None, "US")  # no link at all: routed on its lack of one
    route_leads(factory, dry_run=False, rules=RULES, now=NOW)
    return factory


def _add_lead(factory: SessionFactory, lead_id: str, account: str | None, country: str) -> None:
    with factory() as s, s.begin():
        s.add(LeadRow(id=lead_id, country=country, company=lead_id))
        s.flush()
        if account is not None:
            s.add(LinkRow(lead_id=lead_id, account_id=account, decision="matched", confidence=0.9))


def _decisions(factory: SessionFactory) -> dict[str, RoutingDecisionRow]:
    with factory() as s:
        rows = s.scalars(
            select(RoutingDecisionRow).where(RoutingDecisionRow.superseded_at.is_(None))
        )
        return {r.lead_id: r for r in rows}


def _engine(factory: SessionFactory) -> Engine:
    bind = factory.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def test_unchanged_leads_stay_and_new_ones_get_their_hierarchy(factory: SessionFactory) -> None:
    before = _decisions(factory)
    assert {k: d.owner for k, d in before.items()} == {"L-old": "ae-s", "L-none": "Q"}
    _add_lead(factory, "L-muc", "G-de-muc", "FR")  # a grandchild; the group's offices are in FR
    _add_lead(factory, "L-jp", "G-de", "JP")  # no office in JP: the ultimate parent's owner
    summary = route_leads(factory, dry_run=False, rules=RULES, now=LATER)
    assert summary.routed == 2 and summary.seen == 4
    after = _decisions(factory)
    for lead in ("L-old", "L-none"):  # not routed again: the same decision, still current
        assert after[lead].id == before[lead].id and after[lead].routed_at == before[lead].routed_at
    muc = after["L-muc"]
    assert (muc.owner, muc.rule_id) == ("ae-fr", "regional")  # G-fr before G-fr2, by id
    assert muc.inputs["parent"]["id"] == "G-de" and muc.inputs["ultimate_parent"]["id"] == "G"
    assert muc.inputs["regional"]["id"] == "G-fr"
    assert (after["L-jp"].owner, after["L-jp"].rule_id) == ("ae-group", "parent")


def test_a_lead_under_a_regional_child_routes_as_with_the_whole_directory(
    factory: SessionFactory,
) -> None:
    _add_lead(factory, "L-fr", "G-de", "FR")
    _add_lead(factory, "L-deal", "D-x", "US")  # the open deal is on the parent
    summary = route_leads(factory, dry_run=True, rules=RULES, now=LATER)
    assert {(c.lead_id, c.new_owner, c.rule_id) for c in summary.changes} == {
        ("L-fr", "ae-fr", "regional"),
        ("L-deal", "ae-opp", "deal"),
    }


@pytest.mark.parametrize(
    "chunk_links", [["G-de-muc", "C3", "M"], ["S-self", "C2", "G-fr2", "D-x", "nowhere"]]
)
def test_lazy_contexts_equal_whole_directory_contexts(
    factory: SessionFactory, chunk_links: list[str]
) -> None:
    links = [acc for acc, *_ in HIERARCHY] + ["S01"]
    for n, account in enumerate(links):
        _add_lead(factory, f"L{n:02d}", account, ("FR", "DE", "US", "JP")[n % 4])
    with factory() as s:
        whole = load_directory(s)
        lazy = FamilyLoader(Directory(users=whole.users))
        lazy.ensure(s, chunk_links)  # an earlier chunk: the cache must not spoil later ones
        for lead in s.scalars(select(LeadRow).where(LeadRow.id.like("L__"))):
            link = s.scalars(select(LinkRow).where(LinkRow.lead_id == lead.id)).one()
            lazy.ensure(s, [link.account_id or ""])
            assert lazy.directory.context(lead, link) == whole.context(lead, link), lead.id
    assert len(lazy.directory.accounts) == len(HIERARCHY) + 1  # S01, not the other solo ones


def test_one_new_lead_loads_only_its_family(factory: SessionFactory) -> None:
    _add_lead(factory, "L-new", "D-x", "US")
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(_engine(factory), "before_cursor_execute", record)
    try:
        summary = route_leads(factory, dry_run=False, rules=RULES, now=LATER)
    finally:
        event.remove(_engine(factory), "before_cursor_execute", record)
    assert summary.routed == 1 and summary.seen == 3
    assert summary.accounts_loaded == 2  # D-x and its parent D, not the 50 others
    reads = [q for q in statements if "FROM accounts" in q]
    assert reads and all("WHERE" in q for q in reads)
    assert len(statements) < 30


def test_which_leads_need_routing(factory: SessionFactory) -> None:
    _add_lead(factory, "L-conv", "S01", "US")
    with factory() as s, s.begin():
        s.add(ConversionRow(lead_id="L-conv", contact_id="C-1", account_id="S01"))
        link = s.scalars(select(LinkRow).where(LinkRow.lead_id == "L-old")).one()
        link.superseded_at = LATER  # the link is withdrawn: its routing no longer holds
    summary = route_leads(factory, dry_run=False, rules=RULES, now=LATER, chunk=1)
    assert summary.seen == 2 and [c.lead_id for c in summary.changes] == ["L-old"]
    decisions = _decisions(factory)
    assert "L-conv" not in decisions and decisions["L-old"].link_id is None
    assert decisions["L-old"].owner == "Q"
    assert route_leads(factory, dry_run=True, rules=RULES, now=LATER).routed == 0
    everything = route_leads(factory, dry_run=True, rules=RULES, now=LATER, everything=True)
    assert everything.routed == 2 and everything.changed == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_build_the_routing_tables_of_the_models(
    backend: str, tmp_path: Path
) -> None:
    with database_url(backend, tmp_path) as url:
        engine = connect(url)
        try:
            upgrade(engine)
            indexes = {i["name"] for i in inspect(engine).get_indexes("routing_decisions")}
            with engine.connect() as conn:
                diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        finally:
            engine.dispose()
    assert "ix_routing_decisions_current_link" in indexes  # what picking the leads relies on
    assert [d for d in diffs if "routing_" in repr(d)] == []


def _pending(factory: SessionFactory) -> set[str]:
    with factory() as s:
        return set(s.scalars(select(LeadRow.id).where(LeadRow.routing_pending)))


def test_links_flag_their_lead_and_routing_clears_the_flag(factory: SessionFactory) -> None:
    assert _pending(factory) == set()  # the fixture routed both leads
    _add_lead(factory, "L-a", "S02", "US")
    _add_lead(factory, "L-b", "S03", "US")
    _add_lead(factory, "L-conv", "S01", "US")
    with factory() as s, s.begin():
        s.add(ConversionRow(lead_id="L-conv", contact_id="C-1", account_id="S01"))
    assert _pending(factory) == {"L-a", "L-b", "L-conv"}
    route_leads(factory, dry_run=True, rules=RULES, now=LATER)
    assert _pending(factory) == {"L-a", "L-b", "L-conv"}  # a dry run writes nothing
    assert route_leads(factory, dry_run=False, rules=RULES, now=LATER, chunk=1).routed == 2
    assert _pending(factory) == {"L-conv"}  # converted before it was ever routed: kept for undo
    with factory() as s, s.begin():  # a person re-links L-a: the trigger flags it again
        old = s.scalars(select(LinkRow).where(LinkRow.lead_id == "L-a")).one()
        old.superseded_at = LATER
        s.flush()
        s.add(LinkRow(lead_id="L-a", account_id="D-x", decision="manual", confidence=1.0))
    assert _pending(factory) == {"L-a", "L-conv"}
    summary = route_leads(factory, dry_run=False, rules=RULES, now=LATER)
    assert [c.lead_id for c in summary.changes] == ["L-a"] and summary.routed == 1
    assert _decisions(factory)["L-a"].owner == "ae-opp"  # the deal on D-x's parent
    assert _pending(factory) == {"L-conv"}


def test_routing_without_the_count_routes_the_same_and_reads_no_count(
    factory: SessionFactory,
) -> None:
    _add_lead(factory, "L-muc", "G-de-muc", "FR")
    counts: list[str] = []

    def grab(_c: object, _cur: object, sql: str, *_args: Any) -> None:
        if sql.startswith("SELECT count(*)"):
            counts.append(sql)

    event.listen(_engine(factory), "before_cursor_execute", grab)
    try:
        summary = route_leads(factory, dry_run=False, rules=RULES, now=LATER, count=False)
    finally:
        event.remove(_engine(factory), "before_cursor_execute", grab)
    assert (summary.routed, summary.seen, counts) == (1, 0, [])  # `leadlink run` prints no count
    assert _decisions(factory)["L-muc"].owner == "ae-fr"


def test_a_batch_writes_the_decision_route_one_writes(factory: SessionFactory) -> None:
    """The batch writes at driver level (COPY on PostgreSQL): the same row as the ORM's insert."""
    columns = ("owner", "owner_type", "rule_id", "reason", "territory", "rules_evaluated",
               "notifications", "inputs", "rules_version", "link_id", "routed_at")  # fmt: skip
    _add_lead(factory, "L-muc", "G-de-muc", "FR")
    route_leads(factory, dry_run=False, rules=RULES, now=LATER)
    batch = _decisions(factory)["L-muc"]
    route_one(factory, "L-muc", dry_run=False, rules=RULES, now=LATER)
    one = _decisions(factory)["L-muc"]
    assert one.id != batch.id
    assert {c: getattr(batch, c) for c in columns} == {c: getattr(one, c) for c in columns}

"""Routing on the store (SQLite and PostgreSQL): batch routing, dry runs, re-routing on a new link,
concurrent pool draws, and the story of a lead."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from leadlink.routing import Pool, PoolMember, parse_rules, pick
from leadlink.routing.service.batch import route_leads
from leadlink.routing.service.pool_store import StorePoolRepository, load_pool_states
from leadlink.routing.service.story import LeadNotFound, lead_story
from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    AccountRow,
    Base,
    LeadEnrichmentRow,
    LeadRow,
    LinkRow,
    OpportunityRow,
    UserRow,
)
from leadlink.store.models.routing import RoutingDecisionRow, UserStatusRow

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
RULES = parse_rules(
    {
        "pools": [{"id": "desk", "members": [{"user": "u-a"}, {"user": "u-b"}]}],
        "rules": [
            {
                "id": "deal",
                "conditions": ["account.has_open_opportunity is_true"],
                "notify": [{"to": "opportunity_owner"}],
                "assign": {"to": "account_owner"},
            },
            {
                "id": "owner",
                "conditions": ["account.owner is_not_empty"],
                "assign": {"to": "account_owner"},
            },
            {"id": "parent", "assign": {"to": "ultimate_parent_owner"}},
        ],
        "unmatched_rules": [{"id": "desk", "assign": {"to": "pool", "pool": "desk"}}],
    }
)


@pytest.fixture
def store(migrated: tuple[str, SessionFactory]) -> tuple[str, SessionFactory]:
    """The module's store, emptied."""
    _, factory = migrated
    with factory() as s, s.begin():
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "alembic_version":
                s.execute(table.delete())
    return migrated


def _seed(factory: SessionFactory) -> None:
    with factory() as s, s.begin():
        s.add_all(
            [
                AccountRow(id="A-top", name="Top Group", owner="ae-top", country="US"),
                AccountRow(id="A-de", name="Top GmbH", parent_id="A-top", country="DE"),
                AccountRow(id="A-own", name="Owned Inc", owner="ae-own", country="US"),
                AccountRow(id="A-deal", name="Deal Corp", owner="ae-deal", country="US"),
                OpportunityRow(id="O1", account_id="A-deal", owner="ae-opp", stage="Proposal"),
                UserRow(id="ae-own", active=True, timezone="America/New_York"),
                UserRow(id="ae-top", active=True),
                UserRow(id="ae-deal", active=True),
                UserRow(id="ae-opp", active=True),
                UserRow(id="u-a", active=True),
                UserRow(id="u-b", active=True),
                UserStatusRow(user_id="ae-top", out_of_office=False),
            ]
        )
        for i, account in enumerate(["A-de", "A-own", "A-deal"]):
            s.add(LeadRow(id=f"L{i}", company=account, country="DE", email=f"p{i}@x.example"))
        for i in range(3, 7):
            s.add(LeadRow(id=f"L{i}", company="nobody", country="FR"))
        s.flush()
        for i, account in enumerate(["A-de", "A-own", "A-deal"]):
            s.add(
                LinkRow(
                    lead_id=f"L{i}",
                    account_id=account,
                    decision="matched",
                    confidence=0.9,
                    reason="same domain",
                )
            )
        s.add(LinkRow(lead_id="L3", decision="unmatched", reason="no account fits"))
        s.add(LeadEnrichmentRow(lead_id="L1", values={"account_owner": "ae-own"}))


def _owners(factory: SessionFactory) -> dict[str, str]:
    with factory() as s:
        rows = s.scalars(
            select(RoutingDecisionRow).where(RoutingDecisionRow.superseded_at.is_(None))
        )
        return {r.lead_id: r.owner for r in rows}


def test_route_dry_run_then_for_real(store: tuple[str, SessionFactory]) -> None:
    _, factory = store
    _seed(factory)
    dry = route_leads(factory, dry_run=True, rules=RULES, now=NOW)
    assert dry.routed == 7 and dry.changed == 7
    assert dry.unknown_users == []
    assert _owners(factory) == {} and load_pool_states(factory) == {}
    real = route_leads(factory, dry_run=False, rules=RULES, now=NOW, chunk=3)
    assert [(c.lead_id, c.new_owner) for c in real.changes] == [
        (c.lead_id, c.new_owner) for c in dry.changes
    ]
    owners = _owners(factory)
    assert owners["L0"] == "ae-top"  # the regional account has no owner: its ultimate parent's
    assert owners["L1"] == "ae-own"
    assert owners["L2"] == "ae-deal"
    assert Counter(owners[f"L{i}"] for i in range(3, 7)) == Counter({"u-a": 2, "u-b": 2})
    assert load_pool_states(factory)["desk"]["assigned"] == {"u-a": 2, "u-b": 2}
    again = route_leads(factory, dry_run=False, rules=RULES, now=NOW)
    assert again.routed == 0 and again.seen == 7


def test_a_new_link_reroutes_and_keeps_history(store: tuple[str, SessionFactory]) -> None:
    _, factory = store
    _seed(factory)
    route_leads(factory, dry_run=False, rules=RULES, now=NOW)
    with factory() as s, s.begin():
        old = s.scalars(select(LinkRow).where(LinkRow.lead_id == "L3")).one()
        old.superseded_at = NOW
        s.flush()
        s.add(LinkRow(lead_id="L3", account_id="A-own", decision="confirmed", confidence=1.0))
    preview = route_leads(factory, dry_run=True, rules=RULES, now=NOW)
    assert [(c.lead_id, c.new_owner) for c in preview.changes] == [("L3", "ae-own")]
    route_leads(factory, dry_run=False, rules=RULES, now=NOW)
    assert _owners(factory)["L3"] == "ae-own"
    with factory() as s:
        n = s.scalar(select(func.count()).where(RoutingDecisionRow.lead_id == "L3"))
    assert n == 2


def test_story_of_a_lead(store: tuple[str, SessionFactory]) -> None:
    _, factory = store
    _seed(factory)
    route_leads(factory, dry_run=False, rules=RULES, now=NOW)
    story = lead_story(factory, "L2")
    assert story.links[0].account_name == "Deal Corp" and story.links[0].current
    assert story.routes[0].owner == "ae-deal"
    assert story.routes[0].notifications[0]["user"] == "ae-opp"
    assert story.routes[0].rules_evaluated[0]["outcome"] == "assigned"
    assert lead_story(factory, "L1").enrichment == {"account_owner": "ae-own"}
    with pytest.raises(LeadNotFound):
        lead_story(factory, "nope")


def test_cli_route_and_why(store: tuple[str, SessionFactory]) -> None:
    from leadlink.cli import app

    url, factory = store
    _seed(factory)
    runner = CliRunner()
    preview = runner.invoke(app, ["why", "L1", "--db", url])
    assert preview.exit_code == 0, preview.output
    assert "not routed yet; `leadlink route` would do this" in preview.output
    dry = runner.invoke(app, ["route", "--dry-run", "--db", url])
    assert dry.exit_code == 0, dry.output
    assert "would route 7 of 7 leads" in dry.output and "nothing was written" in dry.output
    assert _owners(factory) == {}
    done = runner.invoke(app, ["route", "--db", url])
    assert done.exit_code == 0 and "routed 7 of 7" in done.output
    why = runner.invoke(app, ["why", "L1", "--db", url])
    assert why.exit_code == 0, why.output
    assert "same domain" in why.output and "now: user" in why.output
    assert "not routed yet" not in why.output
    assert runner.invoke(app, ["why", "nope", "--db", url]).exit_code == 1


def test_concurrent_draws_never_take_the_same_slot(store: tuple[str, SessionFactory]) -> None:
    _, factory = store
    repo = StorePoolRepository(factory)
    pool = Pool(
        id="p", members=[PoolMember(user="a", daily_cap=20), PoolMember(user="b", weight=2)]
    )
    got: list[str | None] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(12):
            user = repo.transact("p", lambda st: pick(pool, st, {}, NOW).user)
            with lock:
                got.append(user)

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 60 draws; sequentially a gets every third until its cap of 20 is reached
    assert Counter(got) == Counter({"a": 20, "b": 40})
    assert load_pool_states(factory)["p"]["assigned"] == {"a": 20, "b": 40}


@pytest.mark.parametrize("with_pools", [True, False], ids=["pools", "no-pools"])
def test_concurrent_batches_route_each_lead_once(
    store: tuple[str, SessionFactory], with_pools: bool
) -> None:
    _, factory = store
    rules = RULES if with_pools else parse_rules({"fallback_queue": "Q"})
    with factory() as s, s.begin():
        s.add_all(LeadRow(id=f"L{i:03d}", country="FR") for i in range(60))
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            route_leads(factory, dry_run=False, rules=rules, now=NOW, chunk=7)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    owners = _owners(factory)
    assert len(owners) == 60
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RoutingDecisionRow)) == 60
    expected = {"u-a": 30, "u-b": 30} if with_pools else {"Q": 60}
    assert Counter(owners.values()) == Counter(expected)


def test_user_status_drives_availability(store: tuple[str, SessionFactory]) -> None:
    from leadlink.routing.service.loader import load_directory
    from leadlink.routing.service.users import set_user_status

    _, factory = store
    _seed(factory)
    set_user_status(factory, "ae-own", out_of_office=True)
    set_user_status(factory, "u-a", working_hours=(9, 17), working_days=(0, 1, 2))
    with factory() as s:
        users = load_directory(s).users
    assert users["ae-own"].out_of_office and users["ae-own"].timezone == "America/New_York"
    assert users["u-a"].working_hours == (9, 17) and users["u-a"].working_days == (0, 1, 2)
    with pytest.raises(ValueError):
        set_user_status(factory, "u-a", working_hours=(18, 9))
    route_leads(factory, dry_run=False, rules=RULES, now=NOW)
    owners = _owners(factory)
    assert owners["L1"] == "Unassigned leads"  # its owner is away and it has no parent


def test_route_one_lead(store: tuple[str, SessionFactory]) -> None:
    from leadlink.routing.service.batch import route_one

    _, factory = store
    _seed(factory)
    preview = route_one(factory, "L3", dry_run=True, rules=RULES, now=NOW)
    assert preview.owner == "u-a" and _owners(factory) == {}
    assert load_pool_states(factory) == {}
    first = route_one(factory, "L3", dry_run=False, rules=RULES, now=NOW)
    second = route_one(factory, "L3", dry_run=False, rules=RULES, now=NOW)
    assert (first.owner, second.owner) == ("u-a", "u-b")  # the pool moved on
    assert _owners(factory) == {"L3": "u-b"}
    assert lead_story(factory, "L3").routes[1].current is False
    with pytest.raises(LookupError):
        route_one(factory, "nope", dry_run=True, rules=RULES)

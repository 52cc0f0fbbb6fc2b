"""The state-based contact logic: opportunities, high-value actions, scores; idempotent runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from leadlink.lifecycle.account_status import AccountStatusMachine
from leadlink.lifecycle.contact_status import ContactStatusMachine, parse_contact_status
from leadlink.lifecycle.status_engine import ContactInputs, account_change, contact_changes
from leadlink.lifecycle.status_facts import AccountFacts, ContactSnapshot, OpportunitySnapshot
from leadlink.lifecycle.status_types import AccountStatus as AS
from leadlink.lifecycle.status_types import ContactStatus as CS
from leadlink.scoring.activities import Activity, ActivityType

NOW = datetime(2026, 11, 22, tzinfo=UTC)
M = ContactStatusMachine()


def contact(status: CS, since_days: float | None = None) -> ContactSnapshot:
    since = NOW - timedelta(days=since_days) if since_days is not None else None
    return ContactSnapshot("c1", "a1", status, "Jane Doe", status_since=since)


def demo(days: float) -> Activity:
    return Activity("c1", "a1", ActivityType.DEMO_REQUEST, NOW - timedelta(days=days))


def opp(*, open_: bool, won: bool = False) -> OpportunitySnapshot:
    return OpportunitySnapshot("o1", "a1", is_open=open_, is_won=won, name="Acme 2027")


def run(c: ContactSnapshot, **kw: object) -> list[CS]:
    return [t.to_status for t in contact_changes(M, c, ContactInputs(**kw), now=NOW)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "kw", "expected"),
    [
        (CS.QUALIFIED, {"primary_opportunities": [opp(open_=True)]}, [CS.OPPORTUNITY_OPEN]),
        (CS.OPPORTUNITY_OPEN, {"primary_opportunities": [opp(open_=True)]}, []),
        (
            CS.OPPORTUNITY_OPEN,
            {"primary_opportunities": [opp(open_=False, won=True)]},
            [CS.NURTURE],
        ),
        (CS.OPPORTUNITY_OPEN, {"primary_opportunities": [opp(open_=False)]}, [CS.NURTURE]),
        (
            CS.OPPORTUNITY_OPEN,
            {"primary_opportunities": [opp(open_=False), opp(open_=True)]},
            [],
        ),
        (CS.PRE_QUALIFIED, {"activities": [demo(1)]}, [CS.QUALIFIED]),
        (CS.PRE_QUALIFIED, {"score_since_change": 120.0, "threshold": 100}, [CS.QUALIFIED]),
        (CS.PRE_QUALIFIED, {"score_since_change": 60.0, "threshold": 50}, [CS.QUALIFIED]),
        (CS.PRE_QUALIFIED, {"score_since_change": 60.0, "threshold": 100}, []),
        (
            CS.NO_LONGER_WITH_COMPANY,
            {"activities": [demo(1)], "primary_opportunities": [opp(open_=True)]},
            [],
        ),
        (CS.DISQUALIFIED, {"score_since_change": 500.0, "threshold": 1}, []),
    ],
)
def test_contact_changes(status: CS, kw: dict, expected: list[CS]) -> None:
    assert run(contact(status), **kw) == expected


def test_won_then_nurture_reasons_name_the_opportunity() -> None:
    c = contact(CS.OPPORTUNITY_OPEN)
    changes = contact_changes(
        M, c, ContactInputs(primary_opportunities=[opp(open_=False, won=True)]), now=NOW
    )
    assert changes[0].reason == "Nurture: opportunity Acme 2027 was won"


def test_only_activities_after_the_last_change_qualify() -> None:
    nurtured_yesterday = contact(CS.NURTURE, since_days=1)
    assert run(nurtured_yesterday, activities=[demo(3)]) == []
    assert run(nurtured_yesterday, activities=[demo(3), demo(0.5)]) == [CS.QUALIFIED]


def test_a_second_run_changes_nothing() -> None:
    c = contact(CS.PRE_QUALIFIED)
    inputs = ContactInputs(activities=[demo(2)], primary_opportunities=[opp(open_=True)])
    first = contact_changes(M, c, inputs, now=NOW)
    assert [t.to_status for t in first] == [CS.OPPORTUNITY_OPEN]
    after = replace(c, status=first[-1].to_status, status_since=NOW)
    assert contact_changes(M, after, inputs, now=NOW) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("3 Qualified", CS.QUALIFIED),
        ("qualified", CS.QUALIFIED),
        ("x", CS.NO_LONGER_WITH_COMPANY),
        ("X No longer with company", CS.NO_LONGER_WITH_COMPANY),
        ("4", CS.SALES_WORKING),
        ("Working", None),
        ("", None),
    ],
)
def test_parse_contact_status(text: str, status: CS | None) -> None:
    assert parse_contact_status(text) is status


def test_from_crm_keeps_a_known_crm_status_else_the_default() -> None:
    assert M.from_crm("6 Disqualified", at=NOW).to_status is CS.DISQUALIFIED
    t = M.from_crm("Something else", at=NOW)
    assert t.to_status is CS.PRE_QUALIFIED and t.event == "created"


def test_an_account_without_status_gets_its_first_derived_status() -> None:
    machine = AccountStatusMachine()
    t = account_change(machine, None, AccountFacts(), now=NOW)
    assert t is not None and t.from_status is None and t.to_status is AS.PRE_QUALIFIED
    assert account_change(machine, AS.PRE_QUALIFIED, AccountFacts(), now=NOW) is None


def test_a_stale_high_value_action_no_longer_qualifies() -> None:
    within = M.config.high_value_within_days
    assert run(contact(CS.PRE_QUALIFIED), activities=[demo(within + 1)]) == []
    assert run(contact(CS.PRE_QUALIFIED), activities=[demo(within + 1), demo(within - 1)]) == [
        CS.QUALIFIED
    ]

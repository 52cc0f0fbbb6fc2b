"""Contact statuses: every automatic transition, the sticky statuses, and the manual ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.lifecycle.contact_status import ContactStatusMachine
from leadlink.lifecycle.statemachine import TransitionNotAllowed
from leadlink.lifecycle.status_rules import load_status_rules
from leadlink.lifecycle.status_types import ContactStatus as CS
from leadlink.scoring.activities import Activity, ActivityType

AT = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
M = ContactStatusMachine()


def act(kind: ActivityType) -> Activity:
    return Activity(person_id="c1", account_id="a1", type=kind, at=AT, id="act1")


@pytest.mark.parametrize("source", ["import", "enrichment", "conversion"])
def test_every_new_contact_starts_pre_qualified(source: str) -> None:
    t = M.new_contact(source=source, at=AT)
    assert (t.from_status, t.to_status) == (None, CS.PRE_QUALIFIED)
    assert source in t.reason


@pytest.mark.parametrize(
    ("current", "kind", "expected"),
    [
        (CS.PRE_QUALIFIED, ActivityType.DEMO_REQUEST, CS.QUALIFIED),
        (CS.NURTURE, ActivityType.DEMO_REQUEST, CS.QUALIFIED),
        (CS.PRE_QUALIFIED, ActivityType.EVENT_ATTENDANCE, CS.QUALIFIED),
        (CS.NURTURE, ActivityType.CONTACT_US, CS.QUALIFIED),
        (CS.PRE_QUALIFIED, ActivityType.EMAIL_OPEN, None),
        (CS.PRE_QUALIFIED, ActivityType.PAGE_VISIT, None),
        (CS.QUALIFIED, ActivityType.DEMO_REQUEST, None),
        (CS.SALES_WORKING, ActivityType.DEMO_REQUEST, None),
        (CS.OPPORTUNITY_OPEN, ActivityType.DEMO_REQUEST, None),
        (CS.PARTNER, ActivityType.DEMO_REQUEST, None),
        (CS.DISQUALIFIED, ActivityType.DEMO_REQUEST, None),
        (CS.NO_LONGER_WITH_COMPANY, ActivityType.DEMO_REQUEST, None),
    ],
)
def test_high_value_action_qualifies(current: CS, kind: ActivityType, expected: CS | None) -> None:
    t = M.on_activity(current, act(kind), name="Jane Doe")
    assert (t.to_status if t else None) is expected


def test_qualification_reason_names_the_person_action_and_date() -> None:
    t = M.on_activity(CS.PRE_QUALIFIED, act(ActivityType.DEMO_REQUEST), name="Jane Doe")
    assert t is not None
    assert t.reason == "Qualified: Jane Doe requested a demo on 2026-11-20"
    assert t.evidence["activity_id"] == "act1" and t.at == AT


@pytest.mark.parametrize(
    ("score", "threshold", "qualifies"),
    [(100, 100, True), (99.9, 100, False), (50, 50, True), (60, 50, True), (49, 50, False)],
)
def test_score_threshold_qualifies(score: float, threshold: float, qualifies: bool) -> None:
    t = M.on_score(CS.NURTURE, score, threshold, name="Jane Doe", at=AT)
    assert (t is not None) is qualifies
    if t:
        assert t.to_status is CS.QUALIFIED and str(threshold) in t.reason


@pytest.mark.parametrize(
    ("current", "change", "primary", "expected"),
    [
        (CS.QUALIFIED, "created", True, CS.OPPORTUNITY_OPEN),
        (CS.SALES_WORKING, "created", True, CS.OPPORTUNITY_OPEN),
        (CS.PRE_QUALIFIED, "created", True, CS.OPPORTUNITY_OPEN),
        (CS.NURTURE, "created", True, CS.OPPORTUNITY_OPEN),
        (CS.QUALIFIED, "created", False, None),
        (CS.OPPORTUNITY_OPEN, "won", True, CS.NURTURE),
        (CS.OPPORTUNITY_OPEN, "lost", True, CS.NURTURE),
        (CS.OPPORTUNITY_OPEN, "lost", False, None),
        (CS.QUALIFIED, "won", True, None),
        (CS.NO_LONGER_WITH_COMPANY, "created", True, None),
        (CS.DISQUALIFIED, "created", True, None),
        (CS.PARTNER, "created", True, None),
    ],
)
def test_opportunity_transitions(
    current: CS, change: str, primary: bool, expected: CS | None
) -> None:
    t = M.on_opportunity(current, change, opportunity="Renewal 2027", is_primary=primary, at=AT)
    assert (t.to_status if t else None) is expected
    if t:
        assert "Renewal 2027" in t.reason


def test_unknown_opportunity_change_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown"):
        M.on_opportunity(CS.QUALIFIED, "reopened", opportunity="o", is_primary=True, at=AT)


@pytest.mark.parametrize(
    ("current", "event", "expected"),
    [
        (CS.QUALIFIED, "work", CS.SALES_WORKING),
        (CS.SALES_WORKING, "nurture", CS.NURTURE),
        (CS.QUALIFIED, "nurture", CS.NURTURE),
        (CS.SALES_WORKING, "disqualify", CS.DISQUALIFIED),
        (CS.NURTURE, "mark_partner", CS.PARTNER),
        (CS.OPPORTUNITY_OPEN, "left_company", CS.NO_LONGER_WITH_COMPANY),
        (CS.NO_LONGER_WITH_COMPANY, "reinstate", CS.PRE_QUALIFIED),
        (CS.NURTURE, "qualify", CS.QUALIFIED),
    ],
)
def test_statuses_set_by_a_person(current: CS, event: str, expected: CS) -> None:
    with pytest.raises(TransitionNotAllowed):
        M.fire(current, event)
    t = M.fire(current, event, actor="rep@example.invalid", at=AT)
    assert t.to_status is expected and t.actor


AUTOMATIC = st.sampled_from(
    [
        ("activity", {"activity_type": "demo_request"}),
        ("activity", {"activity_type": "event_attendance"}),
        ("scored", {"score": 1000, "threshold": 1}),
        ("opportunity_created", {"is_primary": True}),
        ("opportunity_won", {"is_primary": True}),
        ("opportunity_lost", {"is_primary": True}),
    ]
)


@given(
    start=st.sampled_from([CS.NO_LONGER_WITH_COMPANY, CS.DISQUALIFIED]),
    events=st.lists(AUTOMATIC, max_size=12),
)
def test_sticky_statuses_are_never_changed_by_logic(start: CS, events: list) -> None:
    status = start
    for event, evidence in events:
        t = M.try_fire(status, event, evidence, at=AT)
        if t is not None:
            status = t.to_status
    assert status is start


@given(events=st.lists(AUTOMATIC, max_size=12))
def test_logic_only_reaches_automatic_statuses(events: list) -> None:
    status = CS.PRE_QUALIFIED
    for event, evidence in events:
        t = M.try_fire(status, event, evidence, at=AT)
        if t is not None:
            assert t.from_status is status
            status = t.to_status
    assert status in {CS.PRE_QUALIFIED, CS.NURTURE, CS.QUALIFIED, CS.OPPORTUNITY_OPEN}


def test_which_statuses_logic_may_overwrite_is_configuration() -> None:
    rules = load_status_rules()
    config = rules.contact.model_copy(
        update={
            "sticky": [*rules.contact.sticky, CS.NURTURE],
            "logic_may_overwrite": [
                s for s in rules.contact.logic_may_overwrite if s != CS.NURTURE
            ],
        }
    )
    m = ContactStatusMachine(config)
    assert M.on_activity(CS.NURTURE, act(ActivityType.DEMO_REQUEST)) is not None
    assert m.on_activity(CS.NURTURE, act(ActivityType.DEMO_REQUEST)) is None

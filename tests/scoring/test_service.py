"""The store side: rescore, apply_statuses (automatic transitions, sticky, renewal), history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from leadlink.lifecycle.statemachine import TransitionNotAllowed
from leadlink.scoring.account import score_account
from leadlink.scoring.activities import Activity, ActivityType
from leadlink.scoring.fit import account_profile
from leadlink.scoring.model import load_scoring_model
from leadlink.scoring.service.explain import AccountNotFound, explain_account
from leadlink.scoring.service.manual import ObjectNotFound, set_status
from leadlink.scoring.service.rescore import rescore
from leadlink.scoring.service.statuses import apply_statuses
from leadlink.store.db import SessionFactory
from leadlink.store.models import AccountRow, ActivityRow, ContactRow, OpportunityRow
from leadlink.store.models.scoring import (
    AccountEngagementWeekRow,
    AccountScoreRow,
    PersonScoreRow,
    StatusChangeRow,
)
from tests.scoring.crmkit import NOW, Crm

Store = tuple[str, SessionFactory]


def statuses(factory: SessionFactory) -> tuple[dict[str, str | None], dict[str, str | None]]:
    with factory() as s:
        contacts = dict(s.execute(select(ContactRow.id, ContactRow.status)).all())
        accounts = dict(s.execute(select(AccountRow.id, AccountRow.status)).all())
    return contacts, accounts  # type: ignore[return-value]


def run(factory: SessionFactory, at=NOW):  # type: ignore[no-untyped-def]
    rescore(factory, now=at)
    return apply_statuses(factory, now=at)


def test_rescore_matches_the_explained_account_score(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1", industry="software", employees="500").account("A2")
    crm.contact("C1", "A1").contact("C2", "A1").lead("L1", "A1")
    crm.activity("C1", "demo_request", 2).activity("C2", "email_open", 10)
    crm.activity("L1", "page_visit", 1, ptype="lead").activity("C1", "bogus", 1)
    crm.save(factory)
    summary = rescore(factory, now=NOW)
    assert summary.accounts == 2 and summary.activities == 3
    assert summary.skipped["unknown type"] == 1
    with factory() as s:
        row = s.get(AccountScoreRow, "A1")
        assert row is not None and row.known_people == 3 and row.engaged_people == 3
        weeks = s.scalar(select(func.count()).select_from(AccountEngagementWeekRow))
        people = s.scalar(select(func.count()).select_from(PersonScoreRow))
    acts = [
        Activity(p, "A1", t, NOW - timedelta(days=d))
        for p, t, d in [
            ("C1", ActivityType.DEMO_REQUEST, 2),
            ("C2", ActivityType.EMAIL_OPEN, 10),
            ("L1", ActivityType.PAGE_VISIT, 1),
        ]
    ]
    profile = account_profile("A1", {"industry": "software", "employees": "500"}, country="US")
    pure = score_account(profile, acts, known_people=3, now=NOW, model=load_scoring_model())
    assert row.score == pytest.approx(pure.total, abs=0.011)
    assert row.trend == pure.trend.value
    assert weeks == 2 and people == 3  # weeks 0 and 1 had engagement


def test_contacts_get_their_first_status_from_the_crm_or_the_default(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1")
    crm.contact("C1", "A1", crm_status="4 Sales Working").contact("C2", "A1", crm_status="Lead")
    crm.save(factory)
    run(factory)
    contacts, accounts = statuses(factory)
    assert contacts == {"C1": "4 Sales Working", "C2": "1 Pre-Qualified"}
    assert accounts == {"A1": "4 Sales Working"}


def test_demo_request_qualifies_contact_and_account_with_reason(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1").contact("C1", "A1").contact("C2", "A1", crm_status="X")
    crm.activity("C1", "demo_request", 2).activity("C2", "demo_request", 1)
    crm.save(factory)
    run(factory)
    contacts, accounts = statuses(factory)
    assert contacts == {"C1": "3 Qualified", "C2": "X No longer with company"}
    assert accounts == {"A1": "3 Qualified"}
    with factory() as s:
        reasons = s.scalars(
            select(StatusChangeRow.reason).where(
                StatusChangeRow.object_id == "C1", StatusChangeRow.to_status == "3 Qualified"
            )
        ).all()
        account_reason = s.scalar(
            select(StatusChangeRow.reason).where(StatusChangeRow.object_id == "A1")
        )
    date = (NOW - timedelta(days=2)).date().isoformat()
    assert reasons == [f"Qualified: Jane C1 requested a demo on {date}"]
    assert account_reason is not None and "Jane C1 requested a demo" in account_reason


def test_opportunity_created_then_lost_and_runs_are_idempotent(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1").contact("C1", "A1", crm_status="3 Qualified")
    crm.opportunity("O1", "A1", contact="C1")
    crm.save(factory)
    run(factory)
    assert statuses(factory) == ({"C1": "5 Opportunity Open"}, {"A1": "5 Opportunity Open"})
    again = run(factory)
    assert (again.contacts_changed, again.accounts_changed) == (0, 0)
    with factory() as s, s.begin():
        s.execute(update(OpportunityRow).where(OpportunityRow.id == "O1").values(is_closed=True))
    moved = run(factory, NOW + timedelta(days=1))
    assert moved.contact_moves == {"5 Opportunity Open -> 2 Nurture": 1}
    assert statuses(factory) == ({"C1": "2 Nurture"}, {"A1": "2 Nurture"})


RENEWALS = [
    ("Discovery", 200, "6 Customer"),  # automatic renewal, first stage, contract not ending
    ("Discovery", 60, "8 Customer Opportunity"),  # contract ends within three months
    ("Negotiation", 200, "8 Customer Opportunity"),  # progressed beyond its first stage
]


def test_renewal_timing_on_the_store(store: Store) -> None:
    _, factory = store
    crm = Crm()
    for i, (stage, ends_in_days, _) in enumerate(RENEWALS):
        aid = f"A{i}"
        crm.account(aid, type_="Customer").contract(f"K{i}", aid, ends_in_days=ends_in_days)
        crm.opportunity(f"O{i}", aid, stage=stage, type_="Renewal")
    crm.save(factory)
    run(factory)
    assert statuses(factory)[1] == {f"A{i}": expected for i, (*_, expected) in enumerate(RENEWALS)}


def test_disqualified_account_is_never_changed_by_logic(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1").contact("C1", "A1")
    crm.save(factory)
    run(factory)
    change = set_status(factory, "account", "A1", "disqualify", actor="ops", note="competitor")
    assert change.to_status.value == "10 Disqualified"
    crm = Crm().activity("C1", "demo_request", 0).opportunity("O1", "A1", contact="C1")
    crm.save(factory)
    run(factory, NOW + timedelta(hours=1))
    contacts, accounts = statuses(factory)
    assert accounts == {"A1": "10 Disqualified"} and contacts == {"C1": "5 Opportunity Open"}
    text = explain_account(factory, "A1", now=NOW)
    assert "10 Disqualified" in text and "kept" in text


def test_person_set_statuses_go_through_the_machine(store: Store) -> None:
    _, factory = store
    Crm().account("A1").contact("C1", "A1", crm_status="3 Qualified").save(factory)
    run(factory)
    assert set_status(factory, "contact", "C1", "work", actor="al").to_status.value == (
        "4 Sales Working"
    )
    with pytest.raises(TransitionNotAllowed):
        set_status(factory, "contact", "C1", "requalify", actor="al")
    with pytest.raises(ObjectNotFound):
        set_status(factory, "contact", "nope", "work", actor="al")
    run(factory, NOW + timedelta(hours=1))
    assert statuses(factory)[1] == {"A1": "4 Sales Working"}
    with factory() as s:
        actors = s.scalars(
            select(StatusChangeRow.actor).where(
                StatusChangeRow.object_id == "C1", StatusChangeRow.actor.is_not(None)
            )
        ).all()
    assert actors == ["al"]


def test_explain_account_shows_status_contacts_opportunities(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1", type_="Customer").contract("K1", "A1")
    crm.contact("C1", "A1").activity("C1", "demo_request", 1)
    crm.opportunity("O1", "A1", stage="Discovery", type_="Renewal")
    crm.save(factory)
    run(factory)
    text = explain_account(factory, "A1", now=NOW)
    assert "Status: 7 Customer Engaged" in text
    assert "Jane C1" in text and "Deal O1" in text and "not counted" in text
    assert "Score:" in text and "History:" in text
    with pytest.raises(AccountNotFound):
        explain_account(factory, "missing", now=NOW)


def test_activity_reading_forgives_spelling_and_counts_what_it_skips(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1").contact("C1", "A1")
    crm.activity("C1", "Demo Request", 1).activity("ghost", "page_visit", 1)
    crm.activity("L9", "form_fill", 1, ptype="lead").activity("C1", "fax", 1)
    crm.save(factory)
    with factory() as s, s.begin():
        s.add(ActivityRow(id="no-time", person_id="C1", person_type="contact", type="form_fill"))
    summary = rescore(factory, now=NOW)
    assert summary.activities == 3
    assert summary.skipped == {"unknown type": 1, "no time": 1, "no account": 2}
    apply_statuses(factory, now=NOW)
    assert statuses(factory)[0] == {"C1": "3 Qualified"}


def test_explain_says_when_the_next_run_changes_the_status(store: Store) -> None:
    _, factory = store
    Crm().account("A1").contact("C1", "A1").save(factory)
    run(factory)
    Crm().activity("C1", "event_attendance", 0).save(factory)
    text = explain_account(factory, "A1", now=NOW)
    assert "Stored status: 1 Pre-Qualified" in text
    assert "the next `leadlink score` applies it" in text


def test_person_scores_read_firmographics_and_department_from_the_store(store: Store) -> None:
    _, factory = store
    crm = Crm().account("A1", industry="SaaS", employees="1,500")
    crm.contact("C1", "A1", title="Director", department="Marketing")
    crm.activity("C1", "webinar_attendance", 1).save(factory)
    rescore(factory, now=NOW)
    with factory() as s:
        row = s.get(PersonScoreRow, ("contact", "C1"))
    assert row is not None
    text = "\n".join(row.explanation)
    for label in ("Director title", "Marketing", "Enterprise (1,000+ employees)", "Core industry"):
        assert label in text
    assert row.total == pytest.approx(row.fit + row.behaviour)


def test_a_status_set_by_a_person_during_a_run_is_not_overwritten(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, factory = store
    crm = Crm().account("A1").contact("C1", "A1", crm_status="2 Nurture")
    crm.contact("C2", "A1", crm_status="2 Nurture")
    crm.save(factory)
    run(factory)
    later = -0.02  # half an hour after the first run
    Crm().activity("C1", "demo_request", later).activity("C2", "demo_request", later).save(factory)
    from leadlink.scoring.service import statuses as module

    original = module._account_pass

    def person_acts_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        set_status(factory, "contact", "C1", "disqualify", actor="rep")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "_account_pass", person_acts_meanwhile)
    summary = apply_statuses(factory, now=NOW + timedelta(hours=1))
    contacts, _ = statuses(factory)
    assert contacts == {"C1": "6 Disqualified", "C2": "3 Qualified"}
    assert summary.contact_moves == {"2 Nurture -> 3 Qualified": 1}

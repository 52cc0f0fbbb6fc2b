"""Conversion: by rule, no duplicate contact, events moved to the contact, recorded, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from leadlink.lifecycle.conversion import load_rules
from leadlink.pipeline.convert import convert, undo
from leadlink.pipeline.review import ReviewError
from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_file
from leadlink.store.models import ActivityRow, CampaignMemberRow, ContactRow, ConversionRow
from tests.pipeline.helpers import load_crm, run_fake
from tests.store import csvfiles

Store = tuple[str, SessionFactory]


def _setup(factory: SessionFactory, tmp_path: Path) -> None:
    load_crm(factory, tmp_path)
    import_file(
        factory,
        "contacts",
        csvfiles.write(
            tmp_path / "c.csv",
            ["id", "account_id", "first_name", "last_name", "email"],
            [["C1", "A1", "Ed", "Gil", "ed.gil@company1.com"]],
        ),
    )
    import_file(
        factory,
        "activities",
        csvfiles.write(
            tmp_path / "act.csv",
            ["id", "person_id", "person_type", "type"],
            [["X1", "L1", "lead", "web_visit"], ["X2", "L5", "lead", "email_open"]],
        ),
    )
    import_file(
        factory,
        "campaign-members",
        csvfiles.write(
            tmp_path / "m.csv",
            ["campaign_id", "campaign_name", "person_id", "person_type", "status"],
            [
                ["K1", "Webinar", "L1", "lead", "Responded"],
                ["K1", "Webinar", "C1", "contact", ""],
                ["K1", "Webinar", "L5", "lead", "Sent"],
            ],
        ),
    )
    run_fake(factory)


def _person(factory: SessionFactory, model: type, key: object) -> tuple[str, str]:
    with factory() as s:
        row = s.get(model, key)
        assert row is not None
        return row.person_type, row.person_id


def test_dry_run_plans_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    _, factory = store
    _setup(factory, tmp_path)
    summary = convert(factory, dry_run=True, by="t")
    plans = {p.lead_id: p for p in summary.plans}
    assert set(plans) == {"L1", "L5"}  # A1 is a customer; A2 has no open opportunity
    assert plans["L5"].contact_id == "C1" and not plans["L5"].creates_contact  # same name at A1
    assert plans["L1"].creates_contact and "customer" in plans["L1"].reason
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ConversionRow)) == 0


def test_convert_moves_events_never_duplicates_and_undoes(store: Store, tmp_path: Path) -> None:
    _, factory = store
    _setup(factory, tmp_path)
    summary = convert(factory, by="t")
    assert len(summary.conversion_ids) == 2
    assert convert(factory, by="t").plans == []  # converted leads are not converted again
    with factory() as s:
        new = s.get(ContactRow, "LL-L1")
        assert new is not None and new.account_id == "A1" and new.status == "1 Pre-Qualified"
        assert s.scalar(select(func.count()).select_from(ContactRow)) == 2  # C1 was reused
        members = s.execute(
            select(CampaignMemberRow.person_type, CampaignMemberRow.person_id)
        ).all()
    assert sorted(tuple(m) for m in members) == [
        ("contact", "C1"),
        ("contact", "LL-L1"),
        ("lead", "L5"),
    ]  # fmt: skip  (C1 already was in K1: L5's membership is kept on the lead)
    assert _person(factory, ActivityRow, "X1") == ("contact", "LL-L1")
    assert _person(factory, ActivityRow, "X2") == ("contact", "C1")
    with factory() as s:
        recorded = s.get(ConversionRow, summary.conversion_ids[0])
    assert recorded is not None and recorded.inputs is not None
    assert recorded.inputs["account_is_customer"] is True and recorded.rule == summary.plans[0].rule
    first = summary.conversion_ids[0]
    undo(factory, first, by="t")
    with pytest.raises(ReviewError):
        undo(factory, first, by="t")
    assert _person(factory, ActivityRow, "X1") == ("lead", "L1")
    with factory() as s:
        assert s.get(ContactRow, "LL-L1") is None
        assert s.get(ContactRow, "C1") is not None
    undo(factory, summary.conversion_ids[1], by="t")
    assert _person(factory, ActivityRow, "X2") == ("lead", "L5")
    again = convert(factory, dry_run=True, by="t")
    assert {p.lead_id for p in again.plans} == {"L1", "L5"}  # undone leads can convert again


def test_rules_come_from_yaml(store: Store, tmp_path: Path) -> None:
    _, factory = store
    _setup(factory, tmp_path)
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("rules:\n  - label: prospects\n    when: {account_type_in: [Prospect]}\n")
    plans = convert(factory, dry_run=True, rules=load_rules(rules_file)).plans
    assert [p.lead_id for p in plans] == ["L2"]
    assert plans[0].reason == "prospects (account type Prospect)"

"""The driver-level writers: the same rows land as through SQLAlchemy, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from leadlink.store.db import SessionFactory
from leadlink.store.models import AccountRow, LeadRow, LinkRow, table_of
from leadlink.store.upsert import insert_rows

_LEADS = table_of(LeadRow)
_LINKS = table_of(LinkRow)
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _link(lead_id: str, account: str | None) -> dict[str, object]:
    return {
        "lead_id": lead_id, "account_id": account, "decision": "matched", "confidence": 0.97,
        "reason": "Same e-mail domain acme.com", "rule": "threshold_match", "runner_up_id": None,
        "runner_up_confidence": 0.0, "settings_version": "v1", "source": "matcher",
        "decided_by": "", "run_id": 1, "created_at": NOW, "superseded_at": None,
        "inputs": {"company": f"Acme {lead_id}", "email_domain": "acme.com"},
    }  # fmt: skip


def _leads(factory: SessionFactory, *ids: str) -> None:
    rows = [{"id": i, "email": f"{i}@acme.com", "content_hash": i} for i in ids]
    with factory() as session, session.begin():
        session.execute(insert(_LEADS), rows)  # SQLAlchemy fills in the defaults
        session.execute(insert(table_of(AccountRow)), [{"id": "A2", "name": "Acme Ltd"}])


def test_insert_rows_writes_every_value_and_fires_the_routing_trigger(
    store: tuple[str, SessionFactory],
) -> None:
    _, factory = store
    _leads(factory, "L1", "L2")
    with factory() as session, session.begin():
        session.execute(_LEADS.update().values(routing_pending=False))
        insert_rows(session.connection(), _LINKS, [_link("L1", None), _link("L2", "A2")])
    with factory() as session:
        links = session.execute(select(_LINKS).order_by(_LINKS.c.lead_id)).all()
        pending = dict(session.execute(select(_LEADS.c.id, _LEADS.c.routing_pending)).all())
    assert [r.lead_id for r in links] == ["L1", "L2"]
    first = links[0]
    assert (first.decision, first.confidence, first.reason) == (
        "matched",
        0.97,
        _link("", "")["reason"],
    )
    # each row's own values, not the first row's converted once for all
    assert [r.inputs["company"] for r in links] == ["Acme L1", "Acme L2"]
    assert [r.account_id for r in links] == [None, "A2"]
    assert first.created_at.replace(tzinfo=UTC) == NOW
    assert first.superseded_at is None and first.id is not None
    assert pending == {"L1": True, "L2": True}  # the trigger ran for rows the driver wrote


def test_insert_rows_refuses_rows_that_leave_out_a_defaulted_column(
    store: tuple[str, SessionFactory],
) -> None:
    _, factory = store
    _leads(factory, "L1")
    row = _link("L1", None)
    del row["created_at"]  # SQLAlchemy would fill it in; the driver would not
    with factory() as session, session.begin(), pytest.raises(ValueError, match="created_at"):
        insert_rows(session.connection(), _LINKS, [row])

"""A tiny CRM written straight into the store, for the scoring service tests."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    AccountRow,
    ActivityRow,
    ContactRow,
    ContractRow,
    LeadRow,
    LinkRow,
    OpportunityRow,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
_IDS = itertools.count(1)


class Crm:
    """Collects rows, then writes them in one transaction."""

    def __init__(self) -> None:
        self.rows: list[Any] = []

    def account(self, aid: str, *, type_: str = "Prospect", **extra: str) -> Crm:
        self.rows.append(
            AccountRow(id=aid, name=f"Company {aid}", type=type_, country="US", extra=dict(extra))
        )
        return self

    def contact(
        self, cid: str, aid: str, *, crm_status: str = "", title: str = "", **extra: str
    ) -> Crm:
        self.rows.append(
            ContactRow(
                id=cid,
                account_id=aid,
                first_name="Jane",
                last_name=cid,
                crm_status=crm_status,
                title=title,
                status=None,
                extra=dict(extra),
            )
        )
        return self

    def lead(self, lid: str, aid: str) -> Crm:
        self.rows.append(LeadRow(id=lid, first_name="Lee", last_name=lid))
        self.rows.append(LinkRow(lead_id=lid, account_id=aid, decision="matched"))
        return self

    def activity(self, pid: str, kind: str, days_ago: float, *, ptype: str = "contact") -> Crm:
        self.rows.append(
            ActivityRow(
                id=f"E{next(_IDS)}",
                person_id=pid,
                person_type=ptype,
                type=kind,
                occurred_at=NOW - timedelta(days=days_ago),
            )
        )
        return self

    def opportunity(
        self,
        oid: str,
        aid: str,
        *,
        contact: str = "",
        stage: str = "Proposal",
        closed: bool = False,
        won: bool = False,
        type_: str = "New Business",
    ) -> Crm:
        self.rows.append(
            OpportunityRow(
                id=oid,
                account_id=aid,
                name=f"Deal {oid}",
                stage=stage,
                is_closed=closed,
                is_won=won,
                primary_contact_id=contact,
                type=type_,
            )
        )
        return self

    def contract(self, kid: str, aid: str, *, ends_in_days: int = 300) -> Crm:
        self.rows.append(
            ContractRow(
                id=kid,
                account_id=aid,
                start_date=date(2025, 1, 1),
                end_date=TODAY + timedelta(days=ends_in_days),
                active=ends_in_days >= 0,
            )
        )
        return self

    def save(self, factory: SessionFactory) -> None:
        with factory() as session, session.begin():
            # parents first: links reference leads and accounts
            order = (AccountRow, LeadRow, LinkRow)
            ranked = sorted(
                self.rows,
                key=lambda r: next(
                    (i for i, t in enumerate(order) if isinstance(r, t)), len(order)
                ),
            )
            for row in ranked:
                session.add(row)
                session.flush()
        self.rows = []

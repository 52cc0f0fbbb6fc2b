"""People's decisions on links: list open review items, accept, reject (never-match), assign.

Each decision is stored with who and when, writes a new current link (the old one is kept as
history), and is honoured by every later run.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    AccountRow,
    LeadRow,
    LinkRow,
    ReviewDecisionRow,
    ReviewItemRow,
    utcnow,
)


class ReviewError(ValueError):
    """A decision that cannot be applied (unknown or closed item, unknown lead or account)."""


@dataclass(frozen=True, slots=True)
class ReviewView:
    """An open review item as a person sees it."""

    item_id: int
    lead_id: str
    company: str
    account_id: str | None
    account_name: str
    confidence: float
    reason: str
    runner_up_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DecisionResult:
    """What a decision did: the decision row and the new current link."""

    decision_id: int
    kind: str
    lead_id: str
    account_id: str
    link_id: int


def who(by: str | None = None) -> str:
    """The person deciding: the given name, else $USER, else the login name."""
    if by:
        return by
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:
        return "unknown"


def list_reviews(factory: SessionFactory, *, limit: int = 50, offset: int = 0) -> list[ReviewView]:
    """Open review items, most confident first."""
    query = (
        select(ReviewItemRow, LeadRow.company, AccountRow.name)
        .join(LeadRow, LeadRow.id == ReviewItemRow.lead_id)
        .outerjoin(AccountRow, AccountRow.id == ReviewItemRow.account_id)
        .where(ReviewItemRow.status == "open")
        .order_by(ReviewItemRow.confidence.desc(), ReviewItemRow.id)
        .limit(limit)
        .offset(offset)
    )
    with factory() as session:
        return [
            ReviewView(
                item.id,
                item.lead_id,
                company,
                item.account_id,
                name or "",
                item.confidence,
                item.reason,
                item.runner_up_id,
                item.created_at,
            )
            for item, company, name in session.execute(query)
        ]


def _open_item(session: Session, item_id: int) -> ReviewItemRow:
    item = session.get(ReviewItemRow, item_id)
    if item is None:
        raise ReviewError(f"review item {item_id} does not exist")
    if item.status != "open":
        raise ReviewError(f"review item {item_id} is already {item.status}")
    if not item.account_id:
        raise ReviewError(f"review item {item_id} has no candidate account")
    return item


def _relink(
    session: Session, lead_id: str, account_id: str | None, decision: str, reason: str, by: str,
    confidence: float,
) -> LinkRow:  # fmt: skip
    """Supersede the lead's current link and write the person's one."""
    now = utcnow()
    session.execute(
        update(LinkRow)
        .where(LinkRow.lead_id == lead_id, LinkRow.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    link = LinkRow(
        lead_id=lead_id, account_id=account_id, decision=decision, confidence=confidence,
        reason=reason, rule=f"review:{decision}", source="review", decided_by=by, created_at=now,
        inputs={"decided_by": by},
    )  # fmt: skip
    session.add(link)
    session.flush()
    return link


def _decide(
    session: Session, kind: str, lead_id: str, account_id: str, by: str, item: int | None
) -> ReviewDecisionRow:
    row = ReviewDecisionRow(
        lead_id=lead_id, account_id=account_id, kind=kind, review_item_id=item, decided_by=by
    )
    session.add(row)
    session.flush()
    return row


def accept(factory: SessionFactory, item_id: int, *, by: str | None = None) -> DecisionResult:
    """Confirm a review item's candidate: the lead is linked to it and kept so."""
    person = who(by)
    with factory() as session, session.begin():
        item = _open_item(session, item_id)
        account = str(item.account_id)
        decision = _decide(session, "confirmed", item.lead_id, account, person, item.id)
        link = _relink(session, item.lead_id, account, "confirmed",
                       f"confirmed in review by {person}", person, item.confidence)  # fmt: skip
        item.status, item.resolved_at, item.resolved_by = "accepted", utcnow(), person
        return DecisionResult(decision.id, "confirmed", item.lead_id, account, link.id)


def reject(factory: SessionFactory, item_id: int, *, by: str | None = None) -> DecisionResult:
    """Reject a review item's candidate: a never-match pair; the next run matches again."""
    person = who(by)
    with factory() as session, session.begin():
        item = _open_item(session, item_id)
        account = str(item.account_id)
        decision = _decide(session, "never_match", item.lead_id, account, person, item.id)
        link = _relink(session, item.lead_id, None, "unmatched",
                       f"candidate rejected in review by {person}", person, 0.0)  # fmt: skip
        item.status, item.resolved_at, item.resolved_by = "rejected", utcnow(), person
        session.execute(update(LeadRow).where(LeadRow.id == item.lead_id).values(matched_key=None))
        return DecisionResult(decision.id, "never_match", item.lead_id, account, link.id)


def assign(
    factory: SessionFactory, lead_id: str, account_id: str, *, by: str | None = None
) -> DecisionResult:
    """Link a lead to an account a person chose (a manual match the pipeline keeps)."""
    person = who(by)
    with factory() as session, session.begin():
        if session.get(LeadRow, lead_id) is None:
            raise ReviewError(f"lead {lead_id} does not exist")
        if session.get(AccountRow, account_id) is None:
            raise ReviewError(f"account {account_id} does not exist")
        decision = _decide(session, "manual", lead_id, account_id, person, None)
        link = _relink(session, lead_id, account_id, "manual",
                       f"assigned by {person}", person, 1.0)  # fmt: skip
        session.execute(
            update(ReviewItemRow)
            .where(ReviewItemRow.lead_id == lead_id, ReviewItemRow.status == "open")
            .values(status="assigned", resolved_at=utcnow(), resolved_by=person)
        )
        return DecisionResult(decision.id, "manual", lead_id, account_id, link.id)

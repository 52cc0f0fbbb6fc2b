"""The whole story of one lead, for `leadlink why LEAD_ID`: its match (with the reason and the
runner-up), the link history, the enrichment it received, how it was routed, and its status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    AccountRow,
    ConversionRow,
    LeadDuplicateRow,
    LeadEnrichmentRow,
    LeadRow,
    LinkRow,
    ReviewItemRow,
)
from leadlink.store.models.routing import RoutingDecisionRow


class LeadNotFound(LookupError):
    """No lead with that id in the store."""


@dataclass
class LinkStep:
    """One link decision in the lead's history (newest first)."""

    decision: str
    account_id: str
    account_name: str
    confidence: float
    reason: str
    rule: str
    runner_up_id: str
    runner_up_name: str
    runner_up_confidence: float
    source: str
    decided_by: str
    at: datetime
    current: bool


@dataclass
class RouteStep:
    """One routing of the lead (newest first), with every rule evaluated."""

    owner: str
    owner_type: str
    rule_id: str
    reason: str
    territory: list[str]
    rules_evaluated: list[dict[str, Any]]
    notifications: list[dict[str, Any]]
    at: datetime
    current: bool


@dataclass
class LeadStory:
    """Everything leadlink knows and decided about one lead."""

    lead_id: str
    company: str
    country: str
    crm_status: str
    links: list[LinkStep] = field(default_factory=list)
    enrichment: dict[str, Any] = field(default_factory=dict)
    routes: list[RouteStep] = field(default_factory=list)
    account_status: str = ""
    open_review: str = ""
    duplicate_of: str = ""
    converted_to: str = ""


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    ids.discard("")
    if not ids:
        return {}
    rows = session.execute(select(AccountRow.id, AccountRow.name).where(AccountRow.id.in_(ids)))
    return {i: n for i, n in rows}


def _links(session: Session, lead_id: str) -> list[LinkStep]:
    rows = session.scalars(
        select(LinkRow).where(LinkRow.lead_id == lead_id).order_by(LinkRow.id.desc())
    ).all()
    names = _names(
        session, {r.account_id or "" for r in rows} | {r.runner_up_id or "" for r in rows}
    )
    return [
        LinkStep(
            decision=r.decision,
            account_id=r.account_id or "",
            account_name=names.get(r.account_id or "", ""),
            confidence=r.confidence,
            reason=r.reason,
            rule=r.rule,
            runner_up_id=r.runner_up_id or "",
            runner_up_name=names.get(r.runner_up_id or "", ""),
            runner_up_confidence=r.runner_up_confidence,
            source=r.source,
            decided_by=r.decided_by,
            at=r.created_at,
            current=r.superseded_at is None,
        )
        for r in rows
    ]


def _routes(session: Session, lead_id: str) -> list[RouteStep]:
    rows = session.scalars(
        select(RoutingDecisionRow)
        .where(RoutingDecisionRow.lead_id == lead_id)
        .order_by(RoutingDecisionRow.id.desc())
    ).all()
    return [
        RouteStep(
            owner=r.owner,
            owner_type=r.owner_type,
            rule_id=r.rule_id,
            reason=r.reason,
            territory=list(r.territory or []),
            rules_evaluated=list(r.rules_evaluated or []),
            notifications=list(r.notifications or []),
            at=r.routed_at,
            current=r.superseded_at is None,
        )
        for r in rows
    ]


def lead_story(session_factory: SessionFactory, lead_id: str) -> LeadStory:
    """Collect the story of `lead_id`; raises LeadNotFound when the store has no such lead."""
    with session_factory() as session:
        lead = session.get(LeadRow, lead_id)
        if lead is None:
            raise LeadNotFound(lead_id)
        story = LeadStory(lead.id, lead.company, lead.country, lead.crm_status)
        story.links = _links(session, lead_id)
        story.routes = _routes(session, lead_id)
        enrichment = session.get(LeadEnrichmentRow, lead_id)
        story.enrichment = dict(enrichment.values) if enrichment is not None else {}
        current = next((link for link in story.links if link.current), None)
        if current is not None and current.account_id:
            account = session.get(AccountRow, current.account_id)
            story.account_status = (account.status or "") if account is not None else ""
        review = session.scalars(
            select(ReviewItemRow).where(
                ReviewItemRow.lead_id == lead_id, ReviewItemRow.status == "open"
            )
        ).first()
        story.open_review = review.reason if review is not None else ""
        duplicate = session.get(LeadDuplicateRow, lead_id)
        story.duplicate_of = duplicate.contact_id if duplicate is not None else ""
        conversion = session.scalars(
            select(ConversionRow).where(
                ConversionRow.lead_id == lead_id, ConversionRow.undone_at.is_(None)
            )
        ).first()
        story.converted_to = conversion.contact_id if conversion is not None else ""
    return story

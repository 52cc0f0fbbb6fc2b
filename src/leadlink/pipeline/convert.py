"""`leadlink convert`: turn linked leads into contacts by rule, recorded and undoable.

A conversion never creates a duplicate contact (a lead that already is a contact is merged into
it), moves the lead's activities and campaign memberships to the contact, and records what it
moved so that `undo` puts everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Row, and_, delete, func, select, update
from sqlalchemy.orm import Session

from leadlink.lifecycle.conversion import ConversionFacts, ConversionRules, decide, load_rules
from leadlink.lifecycle.duplicates import ContactIndex
from leadlink.pipeline.dedupe import contact_index
from leadlink.pipeline.enriching import facts_for
from leadlink.pipeline.review import ReviewError, who
from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    ActivityRow,
    CampaignMemberRow,
    ContactRow,
    ConversionRow,
    LeadDuplicateRow,
    LeadRow,
    LinkRow,
    utcnow,
)

CHUNK_SIZE = 500


@dataclass(frozen=True, slots=True)
class ConversionPlan:
    """One lead to convert: into which contact (existing or new), by which rule, why."""

    lead_id: str
    account_id: str
    contact_id: str
    creates_contact: bool
    rule: str
    reason: str
    facts: dict[str, object] = field(default_factory=dict)  # what the rule saw


@dataclass(slots=True)
class ConvertSummary:
    """What `convert` did (or, with dry_run, would do)."""

    dry_run: bool
    considered: int = 0
    plans: list[ConversionPlan] = field(default_factory=list)
    conversion_ids: list[int] = field(default_factory=list)


def new_contact_id(lead_id: str) -> str:
    """The id of the contact a lead becomes (stable, so a rerun finds it)."""
    return f"LL-{lead_id}"


def _candidates(factory: SessionFactory, rules: ConversionRules) -> Iterator[list[Row[Any]]]:
    active = and_(ConversionRow.lead_id == LeadRow.id, ConversionRow.undone_at.is_(None))
    cols = [
        LeadRow.id, LeadRow.email, LeadRow.first_name, LeadRow.last_name, LeadRow.crm_status,
        LeadRow.lead_source, LinkRow.account_id, LinkRow.decision, LinkRow.confidence,
        LeadDuplicateRow.contact_id.label("dup_contact"),
    ]  # fmt: skip
    last = ""
    while True:
        query = (
            select(*cols)
            .join(LinkRow, and_(LinkRow.lead_id == LeadRow.id, LinkRow.superseded_at.is_(None)))
            .outerjoin(LeadDuplicateRow, LeadDuplicateRow.lead_id == LeadRow.id)
            .where(
                LeadRow.id > last,
                LinkRow.decision.in_(rules.link_decisions),
                LinkRow.account_id.is_not(None),
                ~select(ConversionRow.id).where(active).exists(),
            )
            .order_by(LeadRow.id)
            .limit(CHUNK_SIZE)
        )
        with factory() as session:
            rows: list[Row[Any]] = list(session.execute(query))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def plan(factory: SessionFactory, rules: ConversionRules | None = None) -> Iterator[ConversionPlan]:
    """The conversions the rules call for now (nothing is written)."""
    rules = rules or load_rules()
    index = contact_index(factory)
    for rows in _candidates(factory, rules):
        with factory() as session:
            facts = facts_for(session.connection(), {r.account_id for r in rows}, {})
        for r in rows:
            account = facts.get(r.account_id)
            if account is None:
                continue
            seen = _facts(r, account)
            decision = decide(seen, rules)
            if decision is None:
                continue
            contact = r.dup_contact or _existing_contact(index, r)
            if contact is None:  # later leads of the same person merge into this new contact
                index.add({**r._mapping, "id": new_contact_id(r.id)})
            yield ConversionPlan(
                r.id, r.account_id, contact or new_contact_id(r.id), contact is None,
                decision.rule, decision.reason, asdict(seen),
            )  # fmt: skip


def _facts(r: Row[Any], account: dict[str, str]) -> ConversionFacts:
    return ConversionFacts(
        link_decision=r.decision,
        confidence=float(r.confidence),
        account_is_customer=account["account.is_customer"] == "true",
        account_has_open_opportunity=account["opportunity.open"] == "true",
        account_type=account["account.type"],
        lead_status=r.crm_status,
        lead_source=r.lead_source,
    )


def _existing_contact(index: ContactIndex, r: Row[Any]) -> str | None:
    found = index.find(r._mapping, r.account_id)
    return found.contact_id if found else None


def convert(
    factory: SessionFactory,
    *,
    dry_run: bool = False,
    rules: ConversionRules | None = None,
    by: str | None = None,
) -> ConvertSummary:
    """Convert every lead a rule calls for (one transaction per lead); dry_run only plans."""
    summary = ConvertSummary(dry_run=dry_run)
    person = who(by)
    for item in list(plan(factory, rules)):
        summary.plans.append(item)
        if not dry_run:
            summary.conversion_ids.append(apply(factory, item, by=person))
    summary.considered = len(summary.plans)
    return summary


def apply(factory: SessionFactory, item: ConversionPlan, *, by: str) -> int:
    """Carry out one conversion; returns the conversion id."""
    with factory() as session, session.begin():
        lead = session.get(LeadRow, item.lead_id)
        if lead is None:
            raise ReviewError(f"lead {item.lead_id} does not exist")
        created = item.creates_contact and session.get(ContactRow, item.contact_id) is None
        if created:
            session.add(_contact_from(lead, item))
        moved_acts = _move_activities(session, lead.id, item.contact_id)
        moved, kept = _move_members(session, lead.id, item.contact_id)
        row = ConversionRow(
            lead_id=lead.id, contact_id=item.contact_id, account_id=item.account_id,
            created_contact=created, rule=item.rule, reason=item.reason, converted_by=by,
            undo={"activities": moved_acts, "members": moved, "members_kept": kept},
            inputs=item.facts,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def _contact_from(lead: LeadRow, item: ConversionPlan) -> ContactRow:
    return ContactRow(
        id=item.contact_id, account_id=item.account_id, first_name=lead.first_name,
        last_name=lead.last_name, email=lead.email, email_key=lead.email.strip().lower(),
        title=lead.title, phone=lead.phone, created_at=utcnow(),
        extra={"converted_from_lead": lead.id},
    )  # fmt: skip


def _move_activities(session: Session, lead_id: str, contact_id: str) -> list[str]:
    where = (ActivityRow.person_type == "lead", ActivityRow.person_id == lead_id)
    ids = list(session.scalars(select(ActivityRow.id).where(*where)))
    if ids:
        session.execute(
            update(ActivityRow)
            .where(ActivityRow.id.in_(ids))
            .values(person_type="contact", person_id=contact_id)
        )
    return ids


def _move_members(session: Session, lead_id: str, contact_id: str) -> tuple[list[int], list[int]]:
    """Move memberships to the contact, except campaigns the contact is already in (kept)."""
    has = set(
        session.scalars(
            select(CampaignMemberRow.campaign_id).where(
                CampaignMemberRow.person_type == "contact",
                CampaignMemberRow.person_id == contact_id,
            )
        )
    )
    rows = session.execute(
        select(CampaignMemberRow.id, CampaignMemberRow.campaign_id).where(
            CampaignMemberRow.person_type == "lead", CampaignMemberRow.person_id == lead_id
        )
    ).all()
    moved = [i for i, campaign in rows if campaign not in has]
    kept = [i for i, campaign in rows if campaign in has]
    if moved:
        session.execute(
            update(CampaignMemberRow)
            .where(CampaignMemberRow.id.in_(moved))
            .values(person_type="contact", person_id=contact_id)
        )
    return moved, kept


def undo(factory: SessionFactory, conversion_id: int, *, by: str | None = None) -> ConversionRow:
    """Undo a conversion: events back to the lead, a contact it created removed."""
    person = who(by)
    with factory() as session, session.begin():
        row = session.get(ConversionRow, conversion_id)
        if row is None:
            raise ReviewError(f"conversion {conversion_id} does not exist")
        if row.undone_at is not None:
            raise ReviewError(f"conversion {conversion_id} is already undone")
        others = session.scalar(
            select(func.count())
            .select_from(ConversionRow)
            .where(
                ConversionRow.contact_id == row.contact_id,
                ConversionRow.undone_at.is_(None),
                ConversionRow.id > row.id,
            )
        )
        if row.created_contact and others:
            raise ReviewError(
                f"conversion {conversion_id}: later conversions merged into its contact; "
                "undo those first"
            )
        back = {"person_type": "lead", "person_id": row.lead_id}
        if acts := row.undo.get("activities"):
            session.execute(update(ActivityRow).where(ActivityRow.id.in_(acts)).values(**back))
        if members := row.undo.get("members"):
            session.execute(
                update(CampaignMemberRow).where(CampaignMemberRow.id.in_(members)).values(**back)
            )
        if row.created_contact:
            session.execute(delete(ContactRow).where(ContactRow.id == row.contact_id))
        row.undone_at, row.undone_by = utcnow(), person
        return row

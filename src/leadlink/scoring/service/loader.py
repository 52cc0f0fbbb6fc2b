"""Read the CRM from the store into the plain records the scoring and status cores take.

Activities carry no account: a contact's activity belongs to the contact's account, a lead's to
the account of its current link (matched, confirmed or manual). Activities are streamed, so ten
million of them never sit in memory as ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from leadlink.lifecycle.status_facts import ContractSnapshot, OpportunitySnapshot
from leadlink.lifecycle.status_rules import RenewalRule
from leadlink.scoring.activities import Activity, ActivityType
from leadlink.scoring.fit import AccountProfile, PersonProfile, account_profile
from leadlink.store.models import (
    LINKED_DECISIONS,
    AccountRow,
    ActivityRow,
    ContactRow,
    ContractRow,
    ConversionRow,
    LeadRow,
    LinkRow,
    OpportunityRow,
)

PersonKey = tuple[str, str]  # (person_type, person_id)
CHUNK = 50_000


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(slots=True)
class AccountInfo:
    """What scoring and statuses need of an account."""

    id: str
    name: str
    type: str
    status: str | None
    profile: AccountProfile


@dataclass(slots=True)
class PersonInfo:
    """A lead or contact: its account, name (for reasons), profile and status (contacts)."""

    key: PersonKey
    account_id: str | None
    name: str
    profile: PersonProfile
    status: str | None = None
    crm_status: str = ""


@dataclass(slots=True)
class Crm:
    """The CRM as scoring reads it."""

    accounts: dict[str, AccountInfo] = field(default_factory=dict)
    people: dict[PersonKey, PersonInfo] = field(default_factory=dict)
    opportunities: list[OpportunitySnapshot] = field(default_factory=list)
    contracts: list[ContractSnapshot] = field(default_factory=list)

    def known_people(self) -> dict[str, int]:
        """Contacts and linked (unconverted) leads per account."""
        counts: dict[str, int] = {}
        for person in self.people.values():
            if person.account_id:
                counts[person.account_id] = counts.get(person.account_id, 0) + 1
        return counts


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def _extra(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (value or {}).items()}


def load_crm(session: Session, renewal: RenewalRule) -> Crm:
    """Accounts, contacts, linked leads, opportunities and contracts from the store."""
    crm = Crm()
    for a in session.scalars(select(AccountRow)).yield_per(CHUNK):
        extra = _extra(a.extra)
        profile = account_profile(a.id, extra, country=a.country, type_=a.type)
        crm.accounts[a.id] = AccountInfo(a.id, a.name, a.type, a.status, profile)
    for c in session.scalars(select(ContactRow)).yield_per(CHUNK):
        extra = _extra(c.extra)
        person = PersonProfile(c.title, extra.get("department", ""), extra.get("country", ""))
        crm.people[("contact", c.id)] = PersonInfo(
            ("contact", c.id),
            c.account_id or None,
            _name(c.first_name, c.last_name),
            person,
            c.status,
            c.crm_status,
        )
    _load_leads(session, crm)
    for o in session.scalars(select(OpportunityRow)).yield_per(CHUNK):
        renewal_type = renewal.is_renewal(o.type)
        crm.opportunities.append(
            OpportunitySnapshot(
                id=o.id,
                account_id=o.account_id,
                is_open=not o.is_closed,
                is_won=o.is_won,
                stage=o.stage,
                stage_index=renewal.stage_index(o.stage),
                is_renewal=renewal_type,
                auto_created=renewal_type,
                primary_contact_id=o.primary_contact_id,
                name=o.name,
            )
        )
    for k in session.scalars(select(ContractRow)).yield_per(CHUNK):
        crm.contracts.append(
            ContractSnapshot(k.id, k.account_id, k.start_date, k.end_date, k.active)
        )
    return crm


def _load_leads(session: Session, crm: Crm) -> None:
    converted = set(
        session.scalars(select(ConversionRow.lead_id).where(ConversionRow.undone_at.is_(None)))
    )
    query = select(
        LeadRow.id,
        LeadRow.first_name,
        LeadRow.last_name,
        LeadRow.title,
        LeadRow.country,
        LinkRow.account_id,
        LinkRow.decision,
    ).outerjoin(LinkRow, (LinkRow.lead_id == LeadRow.id) & LinkRow.superseded_at.is_(None))
    for lead_id, first, last, title, country, account_id, decision in session.execute(
        query
    ).yield_per(CHUNK):
        if lead_id in converted:
            continue
        linked = account_id if decision in LINKED_DECISIONS else None
        crm.people[("lead", lead_id)] = PersonInfo(
            ("lead", lead_id), linked, _name(first, last), PersonProfile(title, "", country)
        )


def parse_type(text: str) -> ActivityType | None:
    """An activity type from its stored spelling, None when unknown."""
    try:
        return ActivityType(text.strip().lower())
    except ValueError:
        return None


@dataclass(slots=True)
class ActivityStream:
    """Counts kept while streaming activities."""

    read: int = 0
    unknown_type: int = 0
    no_time: int = 0
    no_account: int = 0


def stream_activities(
    session: Session, crm: Crm, stats: ActivityStream, *, since: datetime | None = None
) -> Iterator[tuple[PersonKey, Activity]]:
    """Every usable activity with its person key; its account resolved ("" when unknown)."""
    query = select(
        ActivityRow.id,
        ActivityRow.person_type,
        ActivityRow.person_id,
        ActivityRow.type,
        ActivityRow.occurred_at,
    )
    if since is not None:
        query = query.where(ActivityRow.occurred_at >= since)
    for act_id, ptype, pid, kind, at in session.execute(query).yield_per(CHUNK):
        stats.read += 1
        parsed = parse_type(kind or "")
        if parsed is None:
            stats.unknown_type += 1
            continue
        if at is None:
            stats.no_time += 1
            continue
        key = (ptype, pid)
        person = crm.people.get(key)
        account = person.account_id if person and person.account_id else ""
        if not account:
            stats.no_account += 1
        yield key, Activity(pid, account, parsed, as_utc(at), id=act_id)


def today(now: datetime) -> date:
    """The UTC date of `now`."""
    return as_utc(now).date()

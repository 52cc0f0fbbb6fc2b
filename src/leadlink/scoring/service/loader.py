"""Read the CRM from the store into the plain records the scoring and status cores take.

Activities carry no account: a contact's activity belongs to the contact's account, a lead's to
the account of its current link (matched, confirmed or manual); `activity_table` reads the
activities themselves as numpy columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Select, cast, extract, func, select
from sqlalchemy.orm import Session

from leadlink.lifecycle.status_facts import ContractSnapshot, OpportunitySnapshot
from leadlink.lifecycle.status_rules import RenewalRule
from leadlink.scoring.activities import (
    ACTIVITY_TYPES,
    ActivityType,
    parse_activity_type,
)
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


FIRMOGRAPHICS: tuple[str, ...] = ("industry", "employees", "employee_count", "annual_revenue")


def raw_batches(
    session: Session, query: Select[*tuple[Any, ...]]
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of a plain-column select as bare tuples straight from the DBAPI cursor, in batches.

    Skips SQLAlchemy's per-row result processing (millions of rows load several times faster);
    only for columns whose raw driver values are what the caller wants (text, numbers). A named,
    server-side cursor on PostgreSQL keeps memory flat.
    """
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    raw: Any = connection.connection.dbapi_connection
    named = connection.dialect.name == "postgresql"
    cursor = raw.cursor(name=f"leadlink_{id(query)}") if named else raw.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(CHUNK):
            yield list(batch)
    finally:
        cursor.close()


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def load_crm(session: Session, renewal: RenewalRule) -> Crm:
    """Accounts, contacts, linked leads, opportunities and contracts from the store.

    Plain column selects (no ORM objects): a million contacts load in seconds.
    """
    crm = Crm()
    extra = AccountRow.extra
    accounts = select(
        AccountRow.id,
        AccountRow.name,
        AccountRow.type,
        AccountRow.country,
        AccountRow.status,
        *(extra[key].as_string() for key in FIRMOGRAPHICS),
    )
    for rows in raw_batches(session, accounts):
        for aid, name, type_, country, status, *values in rows:
            fields = {k: v for k, v in zip(FIRMOGRAPHICS, values, strict=True) if v}
            profile = account_profile(aid, fields, country=country or "", type_=type_ or "")
            crm.accounts[aid] = AccountInfo(aid, name or "", type_ or "", status, profile)
    contacts = select(
        ContactRow.id,
        ContactRow.account_id,
        ContactRow.first_name,
        ContactRow.last_name,
        ContactRow.title,
        ContactRow.extra["department"].as_string(),
        ContactRow.extra["country"].as_string(),
        ContactRow.status,
        ContactRow.crm_status,
    )
    profiles: dict[tuple[str, str, str], PersonProfile] = {}  # shared: few distinct ones
    for rows in raw_batches(session, contacts):
        for cid, aid, first, last, title, dept, country, status, crm_status in rows:
            key = (title or "", dept or "", country or "")
            person = profiles.get(key) or profiles.setdefault(key, PersonProfile(*key))
            crm.people[("contact", cid)] = PersonInfo(
                ("contact", cid), aid or None, _name(first, last), person, status, crm_status
            )
    _load_leads(session, crm)
    opportunities = select(
        OpportunityRow.id,
        OpportunityRow.account_id,
        OpportunityRow.is_closed,
        OpportunityRow.is_won,
        OpportunityRow.stage,
        OpportunityRow.type,
        OpportunityRow.primary_contact_id,
        OpportunityRow.name,
    )
    for oid, aid, closed, won, stage, type_, primary, name in session.execute(opportunities):
        renewal_type = renewal.is_renewal(type_)
        crm.opportunities.append(
            OpportunitySnapshot(
                id=oid,
                account_id=aid,
                is_open=not closed,
                is_won=won,
                stage=stage,
                stage_index=renewal.stage_index(stage),
                is_renewal=renewal_type,
                auto_created=renewal_type,
                primary_contact_id=primary,
                name=name,
            )
        )
    contracts = select(
        ContractRow.id,
        ContractRow.account_id,
        ContractRow.start_date,
        ContractRow.end_date,
        ContractRow.active,
    )
    for kid, aid, start, end, active in session.execute(contracts):
        crm.contracts.append(ContractSnapshot(kid, aid, start, end, active))
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
    for rows in raw_batches(session, query):
        for lead_id, first, last, title, country, account_id, decision in rows:
            if lead_id in converted:
                continue
            linked = account_id if decision in LINKED_DECISIONS else None
            crm.people[("lead", lead_id)] = PersonInfo(
                ("lead", lead_id),
                linked,
                _name(first, last),
                PersonProfile(title or "", "", country or ""),
            )


TYPE_CODES: dict[str, int] = {t.value: t.code for t in ACTIVITY_TYPES}


def parse_type(text: str) -> ActivityType | None:
    """An activity type from its stored spelling, None when unknown."""
    try:
        return parse_activity_type(text)
    except ValueError:
        return None


def type_code(text: str | None) -> int | None:
    """The code of a stored activity type (exact spelling first, then forgiving), or None."""
    code = TYPE_CODES.get(text or "")
    if code is not None:
        return code
    parsed = parse_type(text or "")
    return parsed.code if parsed is not None else None


def epoch_seconds(session: Session) -> ColumnElement[Any]:
    """Seconds since 1970 of `occurred_at`, computed by the database (no datetime parsing)."""
    column = ActivityRow.occurred_at
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(column) - 2440587.5) * 86400.0
    return cast(extract("epoch", column), Float)


def today(now: datetime) -> date:
    """The UTC date of `now`."""
    return as_utc(now).date()

"""The facts an account status is derived from, computed bottom-up from its records.

Status logic never looks at raw records: it reads an `AccountFacts` snapshot (counts and flags),
which is also stored as the evidence of a status change, so every decision can be replayed.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from leadlink.lifecycle.status_rules import AccountStatusConfig
from leadlink.lifecycle.status_types import ContactStatus
from leadlink.scoring.activities import Activity


@dataclass(frozen=True, slots=True)
class AccountSnapshot:
    """The account itself: its CRM type (partner?) and whether it is on a target list."""

    id: str
    name: str = ""
    type: str = ""
    is_target: bool = False


@dataclass(frozen=True, slots=True)
class ContactSnapshot:
    """A contact as status logic needs it; `status_reason` is the reason of its last change."""

    id: str
    account_id: str
    status: ContactStatus = ContactStatus.PRE_QUALIFIED
    name: str = ""
    status_reason: str = ""
    status_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class OpportunitySnapshot:
    """An opportunity: open or closed, renewal or not, and how far it has progressed."""

    id: str
    account_id: str
    is_open: bool = True
    is_won: bool = False
    stage: str = ""
    stage_index: int = 0
    is_renewal: bool = False
    auto_created: bool = False
    primary_contact_id: str = ""
    contract_id: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class ContractSnapshot:
    """A contract; `active` None means: active when today lies between start and end."""

    id: str
    account_id: str
    start: date | None = None
    end: date | None = None
    active: bool | None = None

    def is_active(self, today: date) -> bool:
        """Whether the contract is current on `today`."""
        if self.active is not None:
            return self.active
        started = self.start is None or self.start <= today
        return started and (self.end is None or today <= self.end)


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """Counts and flags over an account's contacts, opportunities, contracts and engagement.

    The decision tree (status_rules.yaml) compares these fields; `notes` holds readable evidence
    per fact (who, what, when) that reasons quote. Names in notes are for the record's owner.
    """

    is_partner: bool = False
    is_target: bool = False
    has_active_contract: bool = False
    had_contract: bool = False
    open_opportunities: int = 0
    renewals_not_counted: int = 0
    contacts_total: int = 0
    people_engaged: int = 0
    ever_engaged: bool = False
    contacts_qualified: int = 0
    contacts_sales_working: int = 0
    contacts_opportunity_open: int = 0
    contacts_nurture: int = 0
    contacts_form_engaged: int = 0
    account_score: float = 0.0
    qualify_threshold: float = 100.0
    notes: dict[str, list[str]] = field(default_factory=dict)

    def as_evidence(self) -> dict[str, Any]:
        """The facts as a JSON-ready dict (stored with the status change)."""
        return asdict(self)


FACT_NAMES: frozenset[str] = frozenset(f.name for f in fields(AccountFacts) if f.name != "notes")


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def renewal_counts(
    opp: OpportunitySnapshot,
    contracts: Sequence[ContractSnapshot],
    today: date,
    config: AccountStatusConfig,
) -> tuple[bool, str]:
    """Whether an open opportunity counts as open, with the renewal rule's reason.

    An automatically created renewal counts only when it has progressed beyond its first stage
    or its contract ends within the configured number of months (three by default).
    """
    rule = config.renewal
    if not opp.is_open:
        return False, "closed"
    if not opp.is_renewal or (rule.auto_created_only and not opp.auto_created):
        return True, "open"
    if opp.stage_index > rule.first_stage_index:
        return True, f"renewal progressed to stage {opp.stage or opp.stage_index}"
    linked = [c for c in contracts if c.id == opp.contract_id] or [
        c for c in contracts if c.is_active(today)
    ]
    ends = sorted(c.end for c in linked if c.end is not None)
    horizon = add_months(today, rule.contract_ends_within_months)
    if ends and ends[0] <= horizon:
        return True, f"renewal: contract ends on {ends[0].isoformat()}"
    return False, "automatic renewal not yet progressed and contract not ending soon"


def _label(contact: ContactSnapshot) -> str:
    return contact.name or contact.id


def _note(contact: ContactSnapshot) -> str:
    return contact.status_reason or f"{_label(contact)} is {contact.status.value}"


def compute_account_facts(
    account: AccountSnapshot,
    contacts: Iterable[ContactSnapshot],
    opportunities: Iterable[OpportunitySnapshot],
    contracts: Iterable[ContractSnapshot],
    activities: Iterable[Activity],
    *,
    now: datetime,
    config: AccountStatusConfig,
    account_score: float = 0.0,
    qualify_threshold: float = 100.0,
    engaged_before: bool = False,
    people_engaged: int | None = None,
) -> AccountFacts:
    """Compute the facts the account decision tree reads, from the account's own records.

    `activities` need only cover the engagement window; `engaged_before` tells that the
    account had activity earlier (so it is not "never engaged"). At volume, a caller may count
    `people_engaged` itself and pass only the form-type activities.
    """
    today = now.date()
    people = list(contacts)
    contract_list = list(contracts)
    acts = list(activities)
    notes: dict[str, list[str]] = {}
    window = now - timedelta(days=config.engaged_within_days)
    recent = [a for a in acts if a.at >= window]
    engaged_ids = {a.person_id for a in recent}
    form_types = set(config.customer_engaged_activity_types)
    form_ids = {a.person_id for a in recent if a.type in form_types}

    by_status: dict[ContactStatus, list[ContactSnapshot]] = {}
    for c in people:
        by_status.setdefault(c.status, []).append(c)
    for fact, status in _STATUS_FACTS.items():
        if by_status.get(status):
            notes[fact] = [_note(c) for c in by_status[status]]

    blocked = set(config.customer_engaged_excluded_statuses)
    form_engaged = [c for c in people if c.id in form_ids and c.status not in blocked]
    if form_engaged:
        notes["contacts_form_engaged"] = [_form_note(c, recent, form_types) for c in form_engaged]

    open_count, skipped = 0, 0
    opps = list(opportunities)
    for opp in opps:
        counts, why = renewal_counts(opp, contract_list, today, config)
        if counts:
            open_count += 1
            notes.setdefault("open_opportunities", []).append(f"{opp.name or opp.id}: {why}")
        elif opp.is_open:
            skipped += 1
            notes.setdefault("renewals_not_counted", []).append(f"{opp.name or opp.id}: {why}")

    active = [c for c in contract_list if c.is_active(today)]
    if active:
        notes["has_active_contract"] = [
            f"contract {c.id} active" + (f" until {c.end.isoformat()}" if c.end else "")
            for c in active
        ]
    engaged_statuses = set(config.engaged_contact_statuses)
    return AccountFacts(
        is_partner=account.type.strip().lower() in {t.lower() for t in config.partner_types},
        is_target=account.is_target,
        has_active_contract=bool(active),
        had_contract=bool(contract_list),
        open_opportunities=open_count,
        renewals_not_counted=skipped,
        contacts_total=len(people),
        people_engaged=len(engaged_ids) if people_engaged is None else people_engaged,
        ever_engaged=engaged_before
        or bool(acts)
        or bool(opps)
        or any(c.status in engaged_statuses for c in people),
        contacts_qualified=len(by_status.get(ContactStatus.QUALIFIED, [])),
        contacts_sales_working=len(by_status.get(ContactStatus.SALES_WORKING, [])),
        contacts_opportunity_open=len(by_status.get(ContactStatus.OPPORTUNITY_OPEN, [])),
        contacts_nurture=len(by_status.get(ContactStatus.NURTURE, [])),
        contacts_form_engaged=len(form_engaged),
        account_score=round(account_score, 2),
        qualify_threshold=qualify_threshold,
        notes=notes,
    )


_STATUS_FACTS: dict[str, ContactStatus] = {
    "contacts_qualified": ContactStatus.QUALIFIED,
    "contacts_sales_working": ContactStatus.SALES_WORKING,
    "contacts_opportunity_open": ContactStatus.OPPORTUNITY_OPEN,
    "contacts_nurture": ContactStatus.NURTURE,
}


def _form_note(contact: ContactSnapshot, recent: list[Activity], types: set[Any]) -> str:
    mine = [a for a in recent if a.person_id == contact.id and a.type in types]
    last = max(mine, key=lambda a: a.at)
    return f"{_label(contact)} {last.type.phrase} on {last.at.date().isoformat()}"

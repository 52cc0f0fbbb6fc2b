"""Build routing contexts from the store: the lead, its current link, the account hierarchy, the
open opportunity and the user directory (with out-of-office and working hours)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from leadlink.routing.context import (
    AccountFacts,
    LeadFacts,
    MatchFacts,
    Opportunity,
    RoutingContext,
    UserInfo,
    ancestors,
    regional_account,
)
from leadlink.routing.operators import to_number
from leadlink.store.models import AccountRow, LeadRow, LinkRow, OpportunityRow, UserRow
from leadlink.store.models.links import LINKED_DECISIONS
from leadlink.store.models.routing import UserStatusRow

EMPLOYEE_KEYS = ("employees", "number_of_employees", "NumberOfEmployees", "employee_count")


def _extra_number(extra: Mapping[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        number = to_number(extra.get(key))
        if number is not None:
            return int(number)
    return None


def account_facts(row: AccountRow) -> AccountFacts:
    """Routing's view of an account row (industry and employees come from its firmographics)."""
    extra = row.extra or {}
    return AccountFacts(
        id=row.id,
        name=row.name,
        type=row.type,
        status=row.status or "",
        owner=row.owner,
        sdr_owner=row.sdr_owner,
        city=row.city,
        state=row.state,
        postal_code=row.postal_code,
        country=row.country,
        industry=str(extra.get("industry", "") or ""),
        employees=_extra_number(extra, EMPLOYEE_KEYS),
        parent_id=row.parent_id,
        extra=dict(extra),
    )


def lead_facts(row: LeadRow) -> LeadFacts:
    """Routing's view of a lead row: no names, only the e-mail's domain."""
    extra = row.extra or {}
    score = to_number(extra.get("score"))
    return LeadFacts(
        id=row.id,
        company=row.company,
        title=row.title,
        email_domain=row.email.rpartition("@")[2].strip().lower() if "@" in row.email else "",
        city=row.city,
        state=row.state,
        postal_code=row.postal_code,
        country=row.country,
        industry=str(extra.get("industry", "") or ""),
        employees=_extra_number(extra, EMPLOYEE_KEYS),
        lead_source=row.lead_source,
        score=score,
        status=row.crm_status,
        extra={k: v for k, v in extra.items() if k not in ("email", "phone")},
    )


def match_facts(link: LinkRow | None) -> MatchFacts:
    """The current link as routing sees it: confirmed and manual links count as matched."""
    if link is None:
        return MatchFacts()
    decision = "matched" if link.decision in LINKED_DECISIONS else link.decision
    return MatchFacts(decision, link.account_id or "", link.confidence, link.reason)


@dataclass
class Directory:
    """Everything but the leads, loaded once per batch: accounts, open deals, users."""

    accounts: dict[str, AccountFacts] = field(default_factory=dict)
    open_deals: dict[str, Opportunity] = field(default_factory=dict)  # by account id
    users: dict[str, UserInfo] = field(default_factory=dict)
    _family: dict[str, list[AccountFacts]] = field(default_factory=dict)
    _chains: dict[str, list[AccountFacts]] = field(default_factory=dict)

    def chain(self, account: AccountFacts) -> list[AccountFacts]:
        """The account's ancestors, nearest first (cached)."""
        got = self._chains.get(account.id)
        if got is None:
            got = self._chains[account.id] = ancestors(account, self.accounts)
        return got

    def family(self, top: AccountFacts) -> list[AccountFacts]:
        """Every account under the ultimate parent `top`, built on first use."""
        if not self._family:
            groups: dict[str, list[AccountFacts]] = defaultdict(list)
            for acc in self.accounts.values():
                chain = self.chain(acc)
                groups[chain[-1].id if chain else acc.id].append(acc)
            self._family = dict(groups)
        return self._family.get(top.id, [])

    def context(self, lead: LeadRow, link: LinkRow | None) -> RoutingContext:
        """The routing context of one lead."""
        match = match_facts(link)
        account = self.accounts.get(match.account_id) if match.account_id else None
        parent = ultimate = regional = deal = None
        if account is not None:
            chain = self.chain(account)
            parent = chain[0] if chain else None
            ultimate = chain[-1] if chain else None
            top = ultimate or account
            regional = regional_account(self.family(top), lead.country, account)
            deal = next(
                (self.open_deals[a.id] for a in (account, *chain) if a.id in self.open_deals),
                None,
            )
        return RoutingContext(
            lead=lead_facts(lead),
            match=match,
            account=account,
            parent=parent,
            ultimate_parent=ultimate,
            regional=regional,
            opportunity=deal,
            users=self.users,
        )


def _hours(row: UserStatusRow | None) -> tuple[tuple[int, int] | None, tuple[int, ...]]:
    if row is None:
        return None, (0, 1, 2, 3, 4)
    days = tuple(int(d) for d in row.work_days.split(",") if d.strip().isdigit())
    if row.work_start is None or row.work_end is None:
        return None, days
    return (row.work_start, row.work_end), days


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite hands back naive datetimes
    return value


def load_directory(session: Session) -> Directory:
    """Load accounts, open opportunities and users with their availability."""
    directory = Directory()
    for row in session.scalars(select(AccountRow)):
        directory.accounts[row.id] = account_facts(row)
    deals = session.scalars(select(OpportunityRow).where(OpportunityRow.is_closed.is_(False))).all()
    oldest = datetime.min.replace(tzinfo=UTC)
    deals = sorted(deals, key=lambda o: _aware(o.created_at) or oldest)
    for opp in deals:  # the most recent open deal of each account wins
        directory.open_deals[opp.account_id] = Opportunity(opp.id, opp.stage, opp.owner, opp.amount)
    status = {r.user_id: r for r in session.scalars(select(UserStatusRow))}
    for user in session.scalars(select(UserRow)):
        st = status.get(user.id)
        hours, days = _hours(st)
        directory.users[user.id] = UserInfo(
            id=user.id,
            active=user.active,
            out_of_office=bool(st and st.out_of_office),
            timezone=user.timezone or "UTC",
            working_hours=hours,
            working_days=days,
            role=user.role,
            team=user.team,
            territory=user.territory,
        )
    return directory

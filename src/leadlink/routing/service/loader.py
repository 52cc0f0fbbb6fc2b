"""Build routing contexts from the store: the lead, its current link, the account hierarchy, the
open opportunity and the user directory (with out-of-office and working hours).

A routing batch does not load every account: `families.FamilyLoader` fills a `Directory` chunk by
chunk with the accounts the leads link to and their whole hierarchy families. `load_directory`
loads everything at once. Accounts and deals are read with lean column selects (no ORM entities).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, select
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
#: The account columns routing reads (what `account_facts` needs, nothing more).
ACCOUNT_COLUMNS = (
    AccountRow.id,
    AccountRow.name,
    AccountRow.type,
    AccountRow.status,
    AccountRow.owner,
    AccountRow.sdr_owner,
    AccountRow.city,
    AccountRow.state,
    AccountRow.postal_code,
    AccountRow.country,
    AccountRow.parent_id,
    AccountRow.extra,
)
#: The opportunity columns routing reads.
DEAL_COLUMNS = (
    OpportunityRow.id,
    OpportunityRow.account_id,
    OpportunityRow.stage,
    OpportunityRow.owner,
    OpportunityRow.amount,
    OpportunityRow.created_at,
)
_OLDEST = datetime.min.replace(tzinfo=UTC)


def _extra_number(extra: Mapping[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        number = to_number(extra.get(key))
        if number is not None:
            return int(number)
    return None


def account_facts(row: AccountRow | Row[Any]) -> AccountFacts:
    """Routing's view of an account (industry and employees come from its firmographics).

    Args:
        row: An AccountRow, or a row of `ACCOUNT_COLUMNS`.

    Returns:
        The account's facts.
    """
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


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite hands back naive datetimes
    return value


@dataclass
class Directory:
    """Accounts, open deals and users: loaded whole, or family by family (see families.py).

    Whoever fills it keeps two promises for every account a context is built for: each ancestor
    that exists is loaded, and every account under its ultimate parent is loaded (with its deals).
    """

    accounts: dict[str, AccountFacts] = field(default_factory=dict)
    open_deals: dict[str, Opportunity] = field(default_factory=dict)  # by account id
    users: dict[str, UserInfo] = field(default_factory=dict)
    _children: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _family: dict[str, list[AccountFacts]] = field(default_factory=dict)
    _chains: dict[str, list[AccountFacts]] = field(default_factory=dict)

    def add(self, account: AccountFacts) -> bool:
        """Add an account unless it is there already; True when it was added."""
        if account.id in self.accounts:
            return False
        self.accounts[account.id] = account
        if account.parent_id:
            self._children[account.parent_id].append(account.id)
        return True

    def add_deals(self, rows: Iterable[Row[Any]]) -> None:
        """Add open deals (rows of `DEAL_COLUMNS`); an account's most recent one wins.

        Every open deal of an account must come in the same call. Deals created at the same
        time are told apart by id, the greater winning.
        """
        for opp in sorted(rows, key=lambda o: (_aware(o.created_at) or _OLDEST, o.id)):
            self.open_deals[opp.account_id] = Opportunity(opp.id, opp.stage, opp.owner, opp.amount)

    def chain(self, account: AccountFacts) -> list[AccountFacts]:
        """The account's ancestors, nearest first (cached)."""
        got = self._chains.get(account.id)
        if got is None:
            got = self._chains[account.id] = ancestors(account, self.accounts)
        return got

    def top(self, account: AccountFacts) -> AccountFacts:
        """The account's ultimate parent, or the account itself when it has none."""
        chain = self.chain(account)
        return chain[-1] if chain else account

    def family(self, top: AccountFacts) -> list[AccountFacts]:
        """Every account whose ultimate parent is `top` (`top` too, if it has none), by id."""
        got = self._family.get(top.id)
        if got is None:
            members = (acc for acc in self._descendants(top) if self.top(acc).id == top.id)
            got = self._family[top.id] = sorted(members, key=lambda acc: acc.id)
        return got

    def _descendants(self, top: AccountFacts) -> Iterator[AccountFacts]:
        seen, stack = {top.id}, [top.id]
        yield top
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
                    yield self.accounts[child]

    def context(self, lead: LeadRow, link: LinkRow | None) -> RoutingContext:
        """The routing context of one lead."""
        match = match_facts(link)
        account = self.accounts.get(match.account_id) if match.account_id else None
        parent = ultimate = regional = deal = None
        if account is not None:
            chain = self.chain(account)
            parent = chain[0] if chain else None
            ultimate = chain[-1] if chain else None
            regional = regional_account(self.family(self.top(account)), lead.country, account)
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


def read_accounts(session: Session, where: ColumnElement[bool] | None = None) -> list[Row[Any]]:
    """Rows of `ACCOUNT_COLUMNS` (all accounts without `where`), in id order."""
    query = select(*ACCOUNT_COLUMNS).order_by(AccountRow.id)
    if where is not None:
        query = query.where(where)
    return list(session.execute(query))


def read_open_deals(session: Session, where: ColumnElement[bool] | None = None) -> list[Row[Any]]:
    """Rows of `DEAL_COLUMNS` of the open opportunities (all of them without `where`)."""
    query = select(*DEAL_COLUMNS).where(OpportunityRow.is_closed.is_(False))
    if where is not None:
        query = query.where(where)
    return list(session.execute(query))


def _hours(row: UserStatusRow | None) -> tuple[tuple[int, int] | None, tuple[int, ...]]:
    if row is None:
        return None, (0, 1, 2, 3, 4)
    days = tuple(int(d) for d in row.work_days.split(",") if d.strip().isdigit())
    if row.work_start is None or row.work_end is None:
        return None, days
    return (row.work_start, row.work_end), days


def load_users(session: Session) -> dict[str, UserInfo]:
    """The user directory with each user's availability (out of office, working hours)."""
    status = {r.user_id: r for r in session.scalars(select(UserStatusRow))}
    users: dict[str, UserInfo] = {}
    for user in session.scalars(select(UserRow)):
        st = status.get(user.id)
        hours, days = _hours(st)
        users[user.id] = UserInfo(
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
    return users


def load_directory(session: Session) -> Directory:
    """Load every account, every open opportunity and the users (for whole-store work and tests;
    a routing batch loads only what its leads need, see families.py)."""
    directory = Directory(users=load_users(session))
    for row in read_accounts(session):
        directory.add(account_facts(row))
    directory.add_deals(read_open_deals(session))
    return directory

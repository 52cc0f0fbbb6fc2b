"""`summarize`: the state of the store in a few numbers (for the demo, the CLI and the API)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, true

from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    LINKED_DECISIONS,
    AccountRow,
    ContactRow,
    ConversionRow,
    LeadDuplicateRow,
    LeadRow,
    LinkRow,
    ReviewItemRow,
)


@dataclass(slots=True)
class TopAccount:
    """An account and how many leads are linked to it."""

    account_id: str
    name: str
    leads: int


@dataclass(slots=True)
class PipelineSummary:
    """Counts of the current state: decisions, reviews, duplicates, conversions, top accounts."""

    leads: int = 0
    accounts: int = 0
    contacts: int = 0
    decisions: dict[str, int] = field(default_factory=dict)  # matched/review/unmatched/...
    linked: int = 0
    open_reviews: int = 0
    duplicates: int = 0
    conversions: int = 0
    top_accounts: list[TopAccount] = field(default_factory=list)

    @property
    def matched(self) -> int:
        """Leads linked by the matcher."""
        return self.decisions.get("matched", 0)

    @property
    def review(self) -> int:
        """Leads waiting for a person."""
        return self.decisions.get("review", 0)

    @property
    def unmatched(self) -> int:
        """Leads with no account."""
        return self.decisions.get("unmatched", 0)


def summarize(
    session_factory: SessionFactory, *, top: int = 10, run_id: int | None = None
) -> PipelineSummary:
    """Summarize the store: current link decisions, open reviews, conversions, top accounts.

    Top accounts count the leads currently linked to them; with `run_id`, only the leads that
    run linked (the new leads of that run).
    """
    out = PipelineSummary()
    current = LinkRow.superseded_at.is_(None)
    with session_factory() as s:
        out.leads = s.scalar(select(func.count()).select_from(LeadRow)) or 0
        out.accounts = s.scalar(select(func.count()).select_from(AccountRow)) or 0
        out.contacts = s.scalar(select(func.count()).select_from(ContactRow)) or 0
        rows = s.execute(
            select(LinkRow.decision, func.count()).where(current).group_by(LinkRow.decision)
        )
        out.decisions = {d: int(n) for d, n in rows}
        out.linked = sum(n for d, n in out.decisions.items() if d in LINKED_DECISIONS)
        out.open_reviews = (
            s.scalar(
                select(func.count())
                .select_from(ReviewItemRow)
                .where(ReviewItemRow.status == "open")
            )
            or 0
        )
        out.duplicates = s.scalar(select(func.count()).select_from(LeadDuplicateRow)) or 0
        out.conversions = (
            s.scalar(
                select(func.count())
                .select_from(ConversionRow)
                .where(ConversionRow.undone_at.is_(None))
            )
            or 0
        )
        n = func.count().label("n")
        query = (
            select(LinkRow.account_id, AccountRow.name, n)
            .join(AccountRow, AccountRow.id == LinkRow.account_id)
            .where(current, LinkRow.decision.in_(LINKED_DECISIONS))
            .where(LinkRow.run_id == run_id if run_id is not None else true())
            .group_by(LinkRow.account_id, AccountRow.name)
            .order_by(n.desc(), LinkRow.account_id)
            .limit(top)
        )
        out.top_accounts = [TopAccount(a or "", name, int(c)) for a, name, c in s.execute(query)]
    return out

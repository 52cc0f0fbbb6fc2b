"""Helpers of the pipeline tests: a small CRM in the store, snapshots of what a run writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from leadlink.pipeline import RunSummary, run
from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_file
from leadlink.store.models import (
    LeadDuplicateRow,
    LeadEnrichmentRow,
    LeadRow,
    LinkRow,
    ReviewItemRow,
)
from tests.pipeline.fakes import SETTINGS, FakeMatcher
from tests.store import csvfiles

LEADS = [
    # id, first, last, email, company, city, country
    ["L1", "Ann", "Lee", "ann@company1.com", "Company 1", "", ""],
    ["L2", "Bob", "Ray", "bob@company2.com", "", "Paris", "FR"],
    ["L3", "Cy", "Dunn", "cy@gmail.com", "Company 3", "", ""],
    ["L4", "Di", "Fox", "di@nowhere.org", "Nowhere", "", ""],
    ["L5", "Ed", "Gil", "ed@company1.com", "Company One", "", ""],
]
LEAD_HEADER = ["id", "first_name", "last_name", "email", "company", "city", "country"]
#: What the fake matcher links LEADS to on a first run: lead -> (account, decision).
FIRST_RUN_LINKS = {
    "L1": ("A1", "matched"),
    "L2": ("A2", "matched"),
    "L3": ("A3", "review"),
    "L4": (None, "unmatched"),
    "L5": ("A1", "matched"),
}


def load_crm(factory: SessionFactory, tmp_path: Path, leads: list[list[str]] | None = None) -> None:
    """Import 3 accounts (A1 customer) and the LEADS into the store."""
    import_file(factory, "accounts", csvfiles.accounts(tmp_path / "accounts.csv", n=3))
    path = csvfiles.write(tmp_path / "leads.csv", LEAD_HEADER, leads or LEADS)
    import_file(factory, "leads", path)


def run_fake(factory: SessionFactory, **kwargs: Any) -> RunSummary:
    """Run the pipeline with the fake matcher."""
    kwargs.setdefault("chunk_size", 2)
    return run(factory, settings=SETTINGS, matcher_factory=FakeMatcher.build, **kwargs)


def current_links(factory: SessionFactory) -> dict[str, tuple[str | None, str]]:
    """Lead id -> (account id, decision) of current links."""
    with factory() as s:
        rows = s.execute(
            select(LinkRow.lead_id, LinkRow.account_id, LinkRow.decision).where(
                LinkRow.superseded_at.is_(None)
            )
        )
        return {lead: (account, decision) for lead, account, decision in rows}


def _key(row: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in row)


def snapshot(factory: SessionFactory) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a run writes (but the run log), as sorted tuples: to compare two stores."""
    queries = {
        "links": select(
            LinkRow.lead_id,
            LinkRow.account_id,
            LinkRow.decision,
            LinkRow.superseded_at.is_(None),
            LinkRow.confidence,
            LinkRow.reason,
        ),
        "items": select(ReviewItemRow.lead_id, ReviewItemRow.account_id, ReviewItemRow.status),
        "enrich": select(
            LeadEnrichmentRow.lead_id,
            LeadEnrichmentRow.account_id,
            LeadEnrichmentRow.values_hash,
            LeadEnrichmentRow.lead_hash,
        ),
        "dups": select(
            LeadDuplicateRow.lead_id, LeadDuplicateRow.contact_id, LeadDuplicateRow.rule
        ),
        "leads": select(LeadRow.id, LeadRow.matched_key, LeadRow.content_hash),
    }
    with factory() as s:
        return {
            name: sorted((tuple(r) for r in s.execute(query)), key=_key)
            for name, query in queries.items()
        }


def stamps(factory: SessionFactory) -> dict[str, list[Any]]:
    """Write timestamps (to show a second run rewrote nothing)."""
    with factory() as s:
        return {
            "links": sorted(str(t) for t in s.scalars(select(LinkRow.created_at))),
            "enrich": sorted(str(t) for t in s.scalars(select(LeadEnrichmentRow.updated_at))),
            "dups": sorted(str(t) for t in s.scalars(select(LeadDuplicateRow.updated_at))),
        }

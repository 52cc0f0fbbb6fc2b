"""Duplicates stage: flag leads that already exist as contacts and tie them to that contact."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, or_, select

from leadlink.lifecycle.duplicates import ContactIndex
from leadlink.store.db import SessionFactory
from leadlink.store.fetch import Record, records
from leadlink.store.models import (
    LINKED_DECISIONS,
    ContactRow,
    ConversionRow,
    LeadDuplicateRow,
    LeadRow,
    LinkRow,
    table_of,
    utcnow,
)
from leadlink.store.upsert import bulk_upsert

_DUPS = table_of(LeadDuplicateRow)


@dataclass(slots=True)
class DuplicateCounts:
    """What the duplicates stage did."""

    considered: int = 0
    flagged: int = 0
    unflagged: int = 0


_CONTACT_COLS = [
    ContactRow.id,
    ContactRow.account_id,
    ContactRow.email,
    ContactRow.first_name,
    ContactRow.last_name,
]


def contact_index(factory: SessionFactory) -> ContactIndex:
    """Index every contact by e-mail and by name at its account."""
    with factory() as session:
        return ContactIndex(
            r._asdict() for r in records(session.connection().execute(select(*_CONTACT_COLS)))
        )


def _index_for(factory: SessionFactory, rows: list[Record]) -> ContactIndex:
    """Index only the contacts that could match these leads (same e-mail or same account)."""
    emails = sorted({(r.email or "").strip().lower() for r in rows} - {""})
    accounts = sorted({r.account_id for r in rows if r.decision in LINKED_DECISIONS} - {None})
    with factory() as session:
        found = list(
            session.connection().execute(
                select(*_CONTACT_COLS).where(
                    or_(ContactRow.email_key.in_(emails), ContactRow.account_id.in_(accounts))
                )
            )
        )
    return ContactIndex(r._mapping for r in found)


def _query(ids: Sequence[str] | None, last: str, size: int) -> Any:
    cols = [
        LeadRow.id,
        LeadRow.email,
        LeadRow.first_name,
        LeadRow.last_name,
        LinkRow.account_id,
        LinkRow.decision,
        LeadDuplicateRow.contact_id.label("dup_contact"),
        LeadDuplicateRow.rule.label("dup_rule"),
        ConversionRow.id.label("conversion_id"),
    ]
    query = (
        select(*cols)
        .select_from(LeadRow)
        .outerjoin(LinkRow, and_(LinkRow.lead_id == LeadRow.id, LinkRow.superseded_at.is_(None)))
        .outerjoin(LeadDuplicateRow, LeadDuplicateRow.lead_id == LeadRow.id)
        .outerjoin(
            ConversionRow,
            and_(ConversionRow.lead_id == LeadRow.id, ConversionRow.undone_at.is_(None)),
        )
    )
    if ids is not None:
        return query.where(LeadRow.id.in_(ids))
    return query.where(LeadRow.id > last).order_by(LeadRow.id).limit(size)


def _chunks(
    factory: SessionFactory, lead_ids: set[str] | None, size: int
) -> Iterator[list[Record]]:
    if lead_ids is not None:
        ordered = sorted(lead_ids)
        for start in range(0, len(ordered), size):
            with factory() as session:
                yield records(
                    session.connection().execute(_query(ordered[start : start + size], "", size))
                )
        return
    last = ""
    while True:
        with factory() as session:
            rows = records(session.connection().execute(_query(None, last, size)))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def duplicates_stage(
    factory: SessionFactory, lead_ids: set[str] | None, *, chunk_size: int
) -> DuplicateCounts:
    """Check `lead_ids` (None: every lead) against the contacts; write only changes."""
    counts = DuplicateCounts()
    everyone = contact_index(factory) if lead_ids is None else None
    for rows in _chunks(factory, lead_ids, chunk_size):
        index = everyone or _index_for(factory, rows)
        now = utcnow()
        writes: list[dict[str, Any]] = []
        removes: list[str] = []
        for r in rows:
            counts.considered += 1
            if r.conversion_id is not None:
                continue  # converted: the contact is its own, not a duplicate
            account = r.account_id if r.decision in LINKED_DECISIONS else None
            dup = index.find(r._asdict(), account)
            if dup is None:
                if r.dup_contact is not None:
                    removes.append(r.id)
                continue
            if (dup.contact_id, dup.rule) != (r.dup_contact, r.dup_rule):
                writes.append(
                    {"lead_id": r.id, "contact_id": dup.contact_id, "rule": dup.rule,
                     "reason": dup.reason, "updated_at": now}
                )  # fmt: skip
        with factory() as session, session.begin():
            conn = session.connection()
            bulk_upsert(conn, _DUPS, writes, ["lead_id"])  # the table has no content hash
            if removes:
                conn.execute(delete(_DUPS).where(_DUPS.c.lead_id.in_(removes)))
        counts.flagged += len(writes)
        counts.unflagged += len(removes)
    return counts

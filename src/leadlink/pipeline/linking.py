"""Match stage: match new or changed leads and write links (history kept) and review items.

Each chunk of leads is one transaction (links superseded and written, review items opened or
closed, leads stamped as matched), so a run killed at any point leaves the store consistent and
the next run carries on with the leads not yet stamped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, or_, select, update

from leadlink.pipeline.protocols import MatcherLike, MatchResultLike
from leadlink.pipeline.records import LEAD_COLUMNS, lead_record, lead_snapshot
from leadlink.records import Lead
from leadlink.store.db import SessionFactory
from leadlink.store.fetch import Record, records
from leadlink.store.models import (
    PINNED_DECISIONS,
    LeadRow,
    LinkRow,
    ReviewDecisionRow,
    ReviewItemRow,
    table_of,
    utcnow,
)
from leadlink.store.upsert import insert_rows, one_of

EMPTY: frozenset[str] = frozenset()
SEEN_LIMIT = 50_000
_LINKS = table_of(LinkRow)
_ITEMS = table_of(ReviewItemRow)
_LEADS = table_of(LeadRow)
#: A lead's stamp, read with it: a full run rewrites only the stamps that differ.
_STAMP = [LeadRow.matched_key, LeadRow.matched_context]
#: What a new result is compared with: not the stored inputs, whose JSON cost 20 s per 1M leads.
_COMPARED = [
    _LINKS.c[name]
    for name in ("id", "lead_id", "account_id", "decision", "rule", "reason", "runner_up_id",
                 "confidence")
]  # fmt: skip


@dataclass(slots=True)
class MatchCounts:
    """What the match stage did."""

    considered: int = 0
    matched: int = 0
    review: int = 0
    unmatched: int = 0
    pinned: int = 0
    links_written: int = 0
    links_unchanged: int = 0
    reviews_opened: int = 0
    reviews_closed: int = 0
    touched: set[str] = field(default_factory=set)  # leads whose link changed
    seen: set[str] | None = field(default_factory=set)  # leads matched (None: too many to list)


def never_match_pairs(conn: Connection) -> dict[str, frozenset[str]]:
    """Lead id -> the accounts people said it must never be linked to."""
    pairs: dict[str, set[str]] = {}
    query = select(ReviewDecisionRow.lead_id, ReviewDecisionRow.account_id).where(
        ReviewDecisionRow.kind == "never_match"
    )
    for lead_id, account_id in conn.execute(query):
        pairs.setdefault(lead_id, set()).add(account_id)
    return {k: frozenset(v) for k, v in pairs.items()}


def stale_under(context: str) -> Any:
    """Leads never matched, changed since, or matched under another context (settings or
    accounts)."""
    return or_(
        LeadRow.matched_key.is_(None),
        LeadRow.matched_key != LeadRow.content_hash,
        LeadRow.matched_context.is_(None),
        LeadRow.matched_context != context,
    )


def match_pending() -> Any:
    """Leads never matched, sent back to matching or changed since: the partial index
    `ix_leads_match_pending` holds exactly these (same expression, so the planners use it)."""
    return or_(
        LeadRow.matched_key.is_(None),
        LeadRow.matched_context.is_(None),
        LeadRow.matched_key != LeadRow.content_hash,
    )


def to_match(context: str, *, everything: bool, same_context: bool) -> Any | None:
    """The condition on the leads a run matches (None: every lead).

    `same_context`: the last run finished cleanly under `context`, so every lead is stamped with
    it unless new, changed or sent back since, and the partial index finds those.
    """
    if everything:
        return None
    return match_pending() if same_context else stale_under(context)


def leads_to_match(
    factory: SessionFactory,
    context: str,
    chunk_size: int,
    *,
    everything: bool = False,
    same_context: bool = False,
) -> Iterator[list[Record]]:
    """Chunks of stale leads (every lead with `everything`), by keyset paging on id: rows of
    LEAD_COLUMNS and the lead's stamp (matched_key, matched_context). See `to_match`."""
    where = to_match(context, everything=everything, same_context=same_context)
    last = ""
    while True:
        with factory() as session:
            query = select(*LEAD_COLUMNS, *_STAMP).where(LeadRow.id > last)
            if where is not None:
                query = query.where(where)
            rows = records(
                session.connection().execute(query.order_by(LeadRow.id).limit(chunk_size))
            )
        if not rows:
            return
        yield rows
        if len(rows) < chunk_size:
            return  # a short page is the last one: another query would only scan again
        last = rows[-1].id


def _same(link: Record, res: MatchResultLike) -> bool:
    """True if the current link already says what the matcher says now."""
    return (
        link.account_id == res.account_id
        and link.decision == res.decision
        and link.rule == res.rule
        and link.reason == res.reason
        and link.runner_up_id == res.runner_up_id
        and abs(link.confidence - res.confidence) < 1e-9
    )


def match_chunk(
    factory: SessionFactory,
    rows: list[Record],
    matcher: MatcherLike,
    never: dict[str, frozenset[str]],
    *,
    context: str,
    settings_version: str,
    run_id: int,
    counts: MatchCounts,
    leads: Sequence[Lead] | None = None,
) -> None:
    """Match one chunk of leads and write its links and review items in one transaction.

    `leads` are the rows as records when the caller made them already (same order as `rows`).
    """
    ids = [r.id for r in rows]
    with factory() as session, session.begin():
        conn = session.connection()
        current = {
            r.lead_id: r
            for r in records(
                conn.execute(
                    select(*_COMPARED).where(
                        one_of(conn, _LINKS.c.lead_id, ids), _LINKS.c.superseded_at.is_(None)
                    )
                )
            )
        }
        items = {
            r.lead_id: r
            for r in records(
                conn.execute(
                    select(_ITEMS.c.id, _ITEMS.c.lead_id, _ITEMS.c.account_id).where(
                        one_of(conn, _ITEMS.c.lead_id, ids), _ITEMS.c.status == "open"
                    )
                )
            )
        }
        now = utcnow()
        supersede: list[int] = []
        new_links: list[dict[str, Any]] = []
        wants_item: dict[str, MatchResultLike] = {}
        close_items: list[int] = []
        for i, row in enumerate(rows):
            counts.considered += 1
            if counts.seen is not None:
                counts.seen.add(row.id)
                if len(counts.seen) > SEEN_LIMIT:
                    counts.seen = None
            link = current.get(row.id)
            if link is not None and link.decision in PINNED_DECISIONS:
                counts.pinned += 1
                continue
            lead = leads[i] if leads is not None else lead_record(row)
            res = matcher.match(lead, exclude=never.get(row.id, EMPTY))
            _count(counts, res.decision)
            if link is not None and _same(link, res):
                counts.links_unchanged += 1
            else:
                if link is not None:
                    supersede.append(link.id)
                values = _link_values(row.id, res, settings_version, run_id, now)
                values["inputs"] = lead_snapshot(lead, row.content_hash)
                new_links.append(values)
                counts.touched.add(row.id)
            item = items.get(row.id)
            if res.decision == "review":
                if item is None or item.account_id != res.account_id:
                    wants_item[row.id] = res
                    if item is not None:
                        close_items.append(item.id)
            elif item is not None:
                close_items.append(item.id)
        _write(conn, supersede, new_links, wants_item, close_items, current, now, counts)
        # a lead already stamped with this key and context (most of a full run) is left alone:
        # rewriting a million identical stamps cost the parent 10 s of CPU on SQLite
        stale = [r for r in rows if (r.matched_key, r.matched_context) != (r.content_hash, context)]
        _stamp(conn, [(r.content_hash, r.id) for r in stale], context)


def _stamp(conn: Connection, keys: list[tuple[str, str]], context: str) -> None:
    """Mark leads as matched: (content hash, lead id) pairs, all under `context`.

    Driver-level on SQLite (one prepared UPDATE run per lead) and one statement over arrays on
    PostgreSQL: SQLAlchemy's per-row parameter handling cost more than the update itself.
    """
    if not keys:
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "UPDATE leads SET matched_key = ?, matched_context = ? WHERE id = ?",
            [(key, context, lead_id) for key, lead_id in keys],
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "UPDATE leads SET matched_key = s.key, matched_context = %(context)s "
            "FROM unnest(%(keys)s::text[], %(ids)s::text[]) AS s(key, id) WHERE leads.id = s.id",
            {"context": context, "keys": [k for k, _ in keys], "ids": [i for _, i in keys]},
        )
    else:
        conn.execute(
            update(_LEADS)
            .where(_LEADS.c.id == bindparam("b_id"))
            .values(matched_key=bindparam("b_key"), matched_context=context),
            [{"b_id": lead_id, "b_key": key} for key, lead_id in keys],
        )


def _count(counts: MatchCounts, decision: str) -> None:
    if decision == "matched":
        counts.matched += 1
    elif decision == "review":
        counts.review += 1
    else:
        counts.unmatched += 1


def _link_values(
    lead_id: str, res: MatchResultLike, version: str, run_id: int, now: Any
) -> dict[str, Any]:
    return {
        "lead_id": lead_id,
        "account_id": res.account_id,
        "decision": res.decision,
        "confidence": float(res.confidence),
        "reason": res.reason,
        "rule": res.rule,
        "runner_up_id": res.runner_up_id,
        "runner_up_confidence": float(res.runner_up_confidence),
        "settings_version": version,
        "source": "matcher",
        "decided_by": "",
        "run_id": run_id,
        "created_at": now,
        "superseded_at": None,
    }


def _write(
    conn: Connection,
    supersede: list[int],
    new_links: list[dict[str, Any]],
    wants_item: dict[str, MatchResultLike],
    close_items: list[int],
    current: dict[str, Record],
    now: Any,
    counts: MatchCounts,
) -> None:
    """Supersede old links, insert new ones, close stale review items and open new ones."""
    if supersede:
        conn.execute(
            update(_LINKS).where(_LINKS.c.id == bindparam("b_id")).values(superseded_at=now),
            [{"b_id": i} for i in supersede],
        )
    link_ids = {r.lead_id: r.id for r in current.values()}
    if new_links:
        insert_rows(conn, _LINKS, new_links)
        counts.links_written += len(new_links)
        fresh = [
            lead for lead in wants_item if link_ids.get(lead) in supersede or lead not in link_ids
        ]
        if fresh:  # the new links' ids, for the review items that point at them
            query = select(_LINKS.c.id, _LINKS.c.lead_id).where(
                one_of(conn, _LINKS.c.lead_id, fresh), _LINKS.c.superseded_at.is_(None)
            )
            link_ids.update({r.lead_id: r.id for r in conn.execute(query)})
    if close_items:
        conn.execute(
            update(_ITEMS)
            .where(_ITEMS.c.id == bindparam("b_id"))
            .values(status="superseded", resolved_at=now, resolved_by="pipeline"),
            [{"b_id": i} for i in close_items],
        )
        counts.reviews_closed += len(close_items)
    if wants_item:
        insert_rows(
            conn,
            _ITEMS,
            [_item_values(lead_id, res, link_ids.get(lead_id), now)
             for lead_id, res in wants_item.items()],
        )  # fmt: skip
        counts.reviews_opened += len(wants_item)


def _item_values(
    lead_id: str, res: MatchResultLike, link_id: int | None, now: Any
) -> dict[str, Any]:
    return {
        "lead_id": lead_id,
        "link_id": link_id,
        "account_id": res.account_id,
        "confidence": float(res.confidence),
        "runner_up_id": res.runner_up_id,
        "reason": res.reason,
        "status": "open",
        "created_at": now,
        "resolved_at": None,
        "resolved_by": "",
    }


ProgressFn = Callable[[int], None]

"""Enrich stage (A2L): put the linked account's facts on each lead, writing only what changed.

Leads are enriched when their link or their content changed since their last enrichment, or
all linked leads when the account side (accounts, opportunities, contracts, users, the fields
configuration) changed. A lead no longer linked gets its enrichment emptied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Select, and_, or_, select

from leadlink.lifecycle.enrich import EnrichConfig, account_facts, enrich, values_hash
from leadlink.pipeline.records import LEAD_COLUMNS
from leadlink.store.db import SessionFactory
from leadlink.store.fetch import Record, records
from leadlink.store.models import (
    LINKED_DECISIONS,
    AccountRow,
    ContractRow,
    LeadEnrichmentRow,
    LeadRow,
    LinkRow,
    OpportunityRow,
    UserRow,
    table_of,
    utcnow,
)
from leadlink.store.upsert import bulk_upsert, one_of

_ENRICH = table_of(LeadEnrichmentRow)
_OPP_COLS = [
    OpportunityRow.id, OpportunityRow.account_id, OpportunityRow.name, OpportunityRow.stage,
    OpportunityRow.owner, OpportunityRow.amount, OpportunityRow.close_date,
    OpportunityRow.is_closed, OpportunityRow.is_won,
]  # fmt: skip


@dataclass(slots=True)
class EnrichCounts:
    """What the enrich stage did."""

    considered: int = 0
    written: int = 0
    cleared: int = 0


_ROW_COLS = [
    *LEAD_COLUMNS,
    LinkRow.id.label("link_id"),
    LinkRow.account_id.label("link_account"),
    LinkRow.decision,
    LeadEnrichmentRow.link_id.label("e_link"),
    LeadEnrichmentRow.lead_hash.label("e_hash"),
    LeadEnrichmentRow.values_hash.label("e_values"),
    LeadEnrichmentRow.account_id.label("e_account"),
    LeadEnrichmentRow.lead_id.label("e_lead"),
]
_LINKED = and_(LinkRow.id.is_not(None), LinkRow.decision.in_(LINKED_DECISIONS))
#: A linked lead whose enrichment is missing or older than its link or its content.
_STALE = and_(
    _LINKED,
    or_(
        LeadEnrichmentRow.lead_id.is_(None),
        LeadEnrichmentRow.link_id.is_distinct_from(LinkRow.id),
        LeadEnrichmentRow.lead_hash != LeadRow.content_hash,
    ),
)
#: A lead that carries an account's values but is no longer linked.
_UNLINKED = and_(
    LeadEnrichmentRow.account_id.is_not(None),
    or_(LinkRow.id.is_(None), LinkRow.decision.not_in(LINKED_DECISIONS)),
)


def _with_link() -> Select[Any]:
    """Leads with their current link and their enrichment (either may be missing)."""
    return (
        select(*_ROW_COLS)
        .select_from(LeadRow)
        .outerjoin(LinkRow, and_(LinkRow.lead_id == LeadRow.id, LinkRow.superseded_at.is_(None)))
        .outerjoin(LeadEnrichmentRow, LeadEnrichmentRow.lead_id == LeadRow.id)
    )


def _lead_chunks(factory: SessionFactory, where: Any, size: int) -> Iterator[list[Record]]:
    """Leads meeting `where`, with their current link and enrichment, paged by lead id."""
    last = ""
    while True:
        query = _with_link().where(LeadRow.id > last, where).order_by(LeadRow.id).limit(size)
        with factory() as session:
            rows = records(session.connection().execute(query))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _listed_chunks(factory: SessionFactory, ids: list[str], size: int) -> Iterator[list[Record]]:
    """The listed leads whose enrichment is stale, with their link and enrichment."""
    for start in range(0, len(ids), size):
        with factory() as session:
            conn = session.connection()
            query = (
                _with_link()
                .where(one_of(conn, LeadRow.id, ids[start : start + size]), or_(_STALE, _UNLINKED))
                .order_by(LeadRow.id)
            )
            rows = records(conn.execute(query))
        if rows:
            yield rows


def user_names(conn: Connection) -> dict[str, str]:
    """User id -> name (to show owners by name)."""
    return {i: n for i, n in conn.execute(select(UserRow.id, UserRow.name))}


def facts_for(
    conn: Connection, account_ids: set[str], names: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Account facts (row, open opportunity, customer) for a set of accounts."""
    if not account_ids:
        return {}
    ids = sorted(account_ids)
    accounts = {
        r.id: r._mapping
        for r in conn.execute(select(AccountRow).where(one_of(conn, AccountRow.id, ids)))
    }
    opps: dict[str, list[Any]] = {}
    for r in conn.execute(select(*_OPP_COLS).where(one_of(conn, OpportunityRow.account_id, ids))):
        opps.setdefault(r.account_id, []).append(r._mapping)
    contracts: dict[str, list[Any]] = {}
    query = select(ContractRow.account_id, ContractRow.active).where(
        one_of(conn, ContractRow.account_id, ids)
    )
    for c in conn.execute(query):
        contracts.setdefault(c.account_id, []).append(c._mapping)
    return {
        aid: account_facts(acc, opps.get(aid, []), contracts.get(aid, []), names)
        for aid, acc in accounts.items()
    }


FACTS_CACHE_LIMIT = 300_000


class _FactsCache:
    """Each account's facts, read and computed once per stage however its leads are spread.

    Only the configured sources are kept (a tuple per account, common values shared); past
    `limit` accounts the cache starts over rather than grow without bound.
    """

    def __init__(self, config: EnrichConfig, names: dict[str, str], limit: int):
        self.sources = tuple(dict.fromkeys(f.source for f in config.fields))
        self.names, self.limit = names, limit
        self.kept: dict[str, tuple[str, ...]] = {}
        self.shared: dict[str, str] = {}

    def facts(self, conn: Connection, account_ids: set[str]) -> dict[str, dict[str, str]]:
        """The projected facts of these accounts (those that exist)."""
        if len(self.kept) + len(account_ids - self.kept.keys()) > self.limit:
            self.kept, self.shared = {}, {}
        shared = self.shared.setdefault
        for aid, facts in facts_for(conn, account_ids - self.kept.keys(), self.names).items():
            self.kept[aid] = tuple(shared(v, v) for v in map(facts.get, self.sources, repeat("")))
        kept, sources = self.kept, self.sources
        return {a: dict(zip(sources, kept[a], strict=True)) for a in account_ids if a in kept}


def enrich_stage(
    factory: SessionFactory,
    config: EnrichConfig,
    *,
    everything: bool,
    chunk_size: int,
    lead_ids: set[str] | None = None,
) -> tuple[EnrichCounts, set[str]]:
    """Enrich the leads that need it; returns the counts and the ids of leads written.

    `lead_ids` limits the search for stale enrichment to those leads (None: every lead).
    """
    counts = EnrichCounts()
    written: set[str] = set()
    with factory() as session:
        cache = _FactsCache(config, user_names(session.connection()), FACTS_CACHE_LIMIT)
    chunks: Iterator[list[Record]]
    if everything:
        # in lead order: pages read in sequence, not leads picked all over the table by account
        chunks = _lead_chunks(factory, or_(_LINKED, _UNLINKED), chunk_size)
    elif lead_ids is not None:
        chunks = _listed_chunks(factory, sorted(lead_ids), chunk_size)
    else:
        chunks = _lead_chunks(factory, or_(_STALE, _UNLINKED), chunk_size)
    for rows in chunks:
        with factory() as session, session.begin():
            conn = session.connection()
            linked = {r.link_account for r in rows if r.decision in LINKED_DECISIONS}
            facts = cache.facts(conn, {a for a in linked if a})
            now = utcnow()
            writes = []
            for r in rows:
                counts.considered += 1
                is_linked = r.decision in LINKED_DECISIONS and r.link_account in facts
                values = enrich(
                    {**(r.extra or {}), **r._asdict()},
                    facts[r.link_account] if is_linked else None,
                    config,
                )
                vh = values_hash(values)
                account = r.link_account if is_linked else None
                if (r.e_lead is not None and r.e_values == vh and r.e_link == r.link_id
                        and r.e_hash == r.content_hash and r.e_account == account):  # fmt: skip
                    continue
                counts.written += 1
                counts.cleared += account is None
                written.add(r.id)
                writes.append(
                    {"lead_id": r.id, "link_id": r.link_id, "account_id": account,
                     "lead_hash": r.content_hash, "values": values, "values_hash": vh,
                     "updated_at": now}
                )  # fmt: skip
            bulk_upsert(conn, _ENRICH, writes, ["lead_id"])  # the table has no content hash
    return counts, written

"""The batch behind `leadlink route` (and the pipeline's routing step).

A lead is routed when it has never been routed or its current link changed since; converted
leads are left alone. Leads go in id order, one chunk per transaction: the transaction first
takes the pool locks (see pool_store), then reads the chunk, so two routing processes never
route the same lead twice nor take the same round-robin slot. A dry run writes nothing and draws
from a copy of the pool states.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, and_, insert, select, update
from sqlalchemy.orm import Session

from leadlink.routing.decision import RoutingDecision
from leadlink.routing.engine import Router
from leadlink.routing.pools import InMemoryPoolRepository, PoolRepository
from leadlink.routing.rules import RuleSet, load_rules
from leadlink.routing.service.loader import Directory, load_directory
from leadlink.routing.service.pool_store import (
    SessionPoolRepository,
    StorePoolRepository,
    begin_write,
    load_pool_states,
    lock_batch,
)
from leadlink.store.db import SessionFactory
from leadlink.store.models import ConversionRow, LeadRow, LinkRow
from leadlink.store.models.routing import RoutingDecisionRow

CHUNK = 1_000
_DECISIONS = cast(Table, RoutingDecisionRow.__table__)
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class RouteChange:
    """One lead whose owner would change (or is routed for the first time)."""

    lead_id: str
    old_owner: str
    new_owner: str
    rule_id: str
    reason: str


@dataclass
class RouteSummary:
    """What a routing batch did (or, in a dry run, would do)."""

    dry_run: bool
    seen: int = 0
    routed: int = 0
    changed: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    unknown_users: list[str] = field(default_factory=list)  # named by the rules, not in users
    changes: list[RouteChange] = field(default_factory=list)


def rules_version(rules: RuleSet) -> str:
    """A short fingerprint of a rule set, stored with each decision."""
    text = json.dumps(rules.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class _Current(NamedTuple):
    """The lead's current routing, without its (large) trail."""

    id: int
    link_id: int | None
    owner: str


def _chunk(
    session: Session, after: str, size: int
) -> list[tuple[LeadRow, LinkRow | None, _Current | None]]:
    current_link = and_(LinkRow.lead_id == LeadRow.id, LinkRow.superseded_at.is_(None))
    current_route = and_(
        RoutingDecisionRow.lead_id == LeadRow.id, RoutingDecisionRow.superseded_at.is_(None)
    )
    converted = select(ConversionRow.lead_id).where(ConversionRow.undone_at.is_(None))
    current = (RoutingDecisionRow.id, RoutingDecisionRow.link_id, RoutingDecisionRow.owner)
    query = (
        select(LeadRow, LinkRow, *current)
        .outerjoin(LinkRow, current_link)
        .outerjoin(RoutingDecisionRow, current_route)
        .where(LeadRow.id > after, LeadRow.id.not_in(converted))
        .order_by(LeadRow.id)
        .limit(size)
    )
    return [
        (lead, link, _Current(rid, rlink, owner) if rid is not None else None)
        for lead, link, rid, rlink, owner in session.execute(query)
    ]


def _needs_routing(link: LinkRow | None, route: _Current | None, everything: bool) -> bool:
    if route is None or everything:
        return True
    return route.link_id != (link.id if link is not None else None)


def _row(decision: RoutingDecision, link: LinkRow | None, version: str) -> dict[str, Any]:
    record = decision.to_dict()
    return {
        "lead_id": decision.lead_id,
        "link_id": link.id if link is not None else None,
        "owner": decision.owner,
        "owner_type": decision.owner_type,
        "rule_id": decision.rule_id,
        "reason": decision.reason,
        "territory": record["territory"],
        "rules_evaluated": record["path"],
        "notifications": record["notifications"],
        "inputs": record["inputs"],
        "rules_version": version,
        "run_id": None,
        "routed_at": decision.at,
        "superseded_at": None,
    }


def _route_chunk(
    session: Session,
    rows: list[tuple[LeadRow, LinkRow | None, _Current | None]],
    router: Router,
    directory: Directory,
    summary: RouteSummary,
    *,
    everything: bool,
    now: datetime,
    version: str,
) -> None:
    retire: list[int] = []
    new_rows: list[dict[str, Any]] = []
    for lead, link, previous in rows:
        summary.seen += 1
        if not _needs_routing(link, previous, everything):
            continue
        decision = router.route(directory.context(lead, link), now=now)
        summary.routed += 1
        summary.by_rule[decision.rule_id] += 1
        old = previous.owner if previous is not None else ""
        if old != decision.owner:
            summary.changed += 1
            summary.changes.append(
                RouteChange(lead.id, old, decision.owner, decision.rule_id, decision.reason)
            )
        if not summary.dry_run:
            if previous is not None:
                retire.append(previous.id)
            new_rows.append(_row(decision, link, version))
    if retire:  # the unique "current" index needs the old rows retired first
        session.execute(
            update(RoutingDecisionRow)
            .where(RoutingDecisionRow.id.in_(retire))
            .values(superseded_at=now),
            execution_options={"synchronize_session": False},
        )
    if new_rows:
        # a Core executemany: the ORM's bulk path would insert row by row to fetch the ids
        session.connection().execute(insert(_DECISIONS), new_rows)


def route_leads(
    session_factory: SessionFactory,
    *,
    dry_run: bool,
    rules: RuleSet | None = None,
    everything: bool = False,
    now: datetime | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
) -> RouteSummary:
    """Route the leads that need it (all of them with `everything`); a dry run writes nothing."""
    rules = rules or load_rules()
    now = now or datetime.now(UTC)
    version = rules_version(rules)
    summary = RouteSummary(dry_run=dry_run)
    with session_factory() as session:
        directory = load_directory(session)
    if directory.users:
        summary.unknown_users = [u for u in rules.named_users() if u not in directory.users]
    dry_pools = InMemoryPoolRepository(load_pool_states(session_factory)) if dry_run else None
    pool_ids = [p.id for p in rules.pools]
    after = ""
    while True:
        with session_factory() as session, session.begin():
            pools: PoolRepository
            if dry_pools is not None:
                pools = dry_pools
            else:
                begin_write(session)
                lock_batch(session)
                pools = SessionPoolRepository(session, pool_ids)
            rows = _chunk(session, after, chunk)
            if not rows:
                break
            router = Router(rules, pools)
            _route_chunk(
                session,
                rows,
                router,
                directory,
                summary,
                everything=everything,
                now=now,
                version=version,
            )
            if isinstance(pools, SessionPoolRepository):
                pools.flush()
            after = rows[-1][0].id
        if progress is not None:
            progress(summary.seen)
    return summary


def route_one(
    session_factory: SessionFactory,
    lead_id: str,
    *,
    dry_run: bool,
    rules: RuleSet | None = None,
    now: datetime | None = None,
) -> RoutingDecision:
    """Route one lead now (for the API and the web UI), whatever its previous routing.

    Pool draws lock only the pool's row for their own short transaction; a dry run draws from a
    copy of the pool states and writes nothing. Raises LookupError for an unknown lead.
    """
    rules = rules or load_rules()
    now = now or datetime.now(UTC)
    with session_factory() as session:
        directory = load_directory(session)
        lead = session.get(LeadRow, lead_id)
        if lead is None:
            raise LookupError(f"no lead with id {lead_id!r}")
        link = session.scalars(
            select(LinkRow).where(LinkRow.lead_id == lead_id, LinkRow.superseded_at.is_(None))
        ).first()
        ctx = directory.context(lead, link)
    pools: PoolRepository = (
        InMemoryPoolRepository(load_pool_states(session_factory))
        if dry_run
        else StorePoolRepository(session_factory)
    )
    decision = Router(rules, pools).route(ctx, now=now)
    if not dry_run:
        with session_factory() as session, session.begin():
            previous = session.scalars(
                select(RoutingDecisionRow).where(
                    RoutingDecisionRow.lead_id == lead_id,
                    RoutingDecisionRow.superseded_at.is_(None),
                )
            ).first()
            if previous is not None:
                previous.superseded_at = now
                session.flush()
            session.add(RoutingDecisionRow(**_row(decision, link, rules_version(rules))))
    return decision

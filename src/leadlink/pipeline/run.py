"""`leadlink run`: match new or changed leads, honour people's decisions, enrich, flag duplicates.

Incremental by default: a lead is matched again only if its content changed, the matching
settings changed or the accounts changed (`full=True` redoes every lead). Each chunk is its own
transaction, so a killed run leaves a consistent store and the next run finishes the work.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import func, select, update

from leadlink.lifecycle.enrich import EnrichConfig, load_enrich_config
from leadlink.perf import default_workers
from leadlink.pipeline.dedupe import duplicates_stage
from leadlink.pipeline.enriching import enrich_stage
from leadlink.pipeline.linking import (
    MatchCounts,
    leads_to_match,
    match_chunk,
    never_match_pairs,
    to_match,
)
from leadlink.pipeline.lock import run_lock
from leadlink.pipeline.matchers import Engine, engine_for, forget_matchers, matcher_for
from leadlink.pipeline.parallel import PARALLEL_MIN, match_ahead
from leadlink.pipeline.protocols import MatcherFactory, MatcherLike
from leadlink.pipeline.records import lead_record
from leadlink.records import Lead
from leadlink.store.db import SessionFactory
from leadlink.store.fetch import Record
from leadlink.store.models import (
    AccountRow,
    ContactRow,
    ContractRow,
    LeadRow,
    OpportunityRow,
    ReviewDecisionRow,
    RunRow,
    UserRow,
    utcnow,
)
from leadlink.store.stats import refresh_stats

CHUNK_SIZE = 2000
#: Above this many touched leads, the duplicates stage checks every lead instead of a list.
_DEDUPE_LIST_LIMIT = 50_000
ACCOUNT_SIDE = ("accounts", "opportunities", "contracts", "users", "enrich")
Progress = Callable[[str, int, int | None], None]


@dataclass(slots=True)
class RunSummary:
    """What a run did, stage by stage."""

    run_id: int
    full: bool
    settings_version: str
    considered: int = 0
    matched: int = 0
    review: int = 0
    unmatched: int = 0
    pinned: int = 0
    links_written: int = 0
    links_unchanged: int = 0
    reviews_opened: int = 0
    reviews_closed: int = 0
    enriched: int = 0
    enrichment_cleared: int = 0
    duplicates_flagged: int = 0
    duplicates_unflagged: int = 0
    seconds: float = 0.0


_FINGERPRINTED: dict[str, Any] = {
    "accounts": AccountRow,
    "opportunities": OpportunityRow,
    "contracts": ContractRow,
    "users": UserRow,
    "contacts": ContactRow,
}


def fingerprints(factory: SessionFactory, config: EnrichConfig) -> dict[str, str]:
    """Cheap fingerprints of the inputs (row count and last change per table).

    One statement of separate counts and maxima: the maximum then comes from the `updated_at`
    index and SQLite counts from its b-tree (both read every row when asked together).
    """
    parts = []
    for model in _FINGERPRINTED.values():
        parts.append(select(func.count()).select_from(model).scalar_subquery())
        parts.append(select(func.max(model.updated_at)).scalar_subquery())
    with factory() as session:
        values = session.execute(select(*parts)).one()
    out: dict[str, str] = {"enrich": config.version}
    for i, name in enumerate(_FINGERPRINTED):
        out[name] = f"{values[2 * i]}:{values[2 * i + 1]}"
    return out


@dataclass(frozen=True, slots=True)
class _Previous:
    """The last finished run, and whether a run since then stopped half-way."""

    fingerprints: dict[str, Any] | None
    started_at: datetime | None
    interrupted: bool
    settings_version: str | None = None


def _start(
    factory: SessionFactory, full: bool, version: str, fps: dict[str, str]
) -> tuple[int, _Previous]:
    """Record the run; returns its id and what the previous runs left."""
    with factory() as session, session.begin():
        last = session.scalars(
            select(RunRow)
            .where(RunRow.kind == "run", RunRow.status == "done")
            .order_by(RunRow.id.desc())
            .limit(1)
        ).first()
        since = (RunRow.kind == "run", RunRow.id > (last.id if last else 0))
        interrupted = session.scalar(select(func.count()).select_from(RunRow).where(*since))
        session.execute(
            update(RunRow).where(RunRow.kind == "run", RunRow.status == "running")
            .values(status="abandoned")
        )  # fmt: skip
        row = RunRow(kind="run", full=full, settings_version=version, fingerprints=fps)
        session.add(row)
        session.flush()
        previous = _Previous(
            dict(last.fingerprints) if last else None,
            last.started_at if last else None,
            bool(interrupted),
            last.settings_version if last else None,
        )
        return row.id, previous


def _finish(factory: SessionFactory, run_id: int, summary: RunSummary) -> None:
    with factory() as session, session.begin():
        row = session.get(RunRow, run_id)
        if row is not None:
            row.status, row.finished_at, row.counts = "done", utcnow(), asdict(summary)


def match_context(settings_version: str, accounts: str) -> str:
    """The context a lead is matched under: the settings version and the accounts' fingerprint."""
    digest = hashlib.sha1(f"{settings_version}|{accounts}".encode(), usedforsecurity=False)
    return digest.hexdigest()[:16]


def _same_context(previous: _Previous, context: str) -> bool:
    """True when the last run finished cleanly under `context` and none started since: then
    every lead is stamped with `context` unless new, changed or sent back (see `to_match`)."""
    last = previous.fingerprints
    if previous.interrupted or last is None or previous.settings_version is None:
        return False
    return match_context(previous.settings_version, str(last.get("accounts"))) == context


def _count_to_match(factory: SessionFactory, context: str, full: bool, same: bool) -> int:
    query = select(func.count()).select_from(LeadRow)
    where = to_match(context, everything=full, same_context=same)
    if where is not None:
        query = query.where(where)
    with factory() as session:
        return int(session.scalar(query) or 0)


def run(
    session_factory: SessionFactory,
    *,
    full: bool = False,
    settings: Any = None,
    matcher_factory: MatcherFactory | None = None,
    enrich_config: EnrichConfig | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    workers: int | None = None,
) -> RunSummary:
    """Run the pipeline once (see the module doc); returns what it did.

    `workers` processes match ahead on big runs (default: one per core). Raises `RunInProgress`
    if another run holds the store.
    """
    engine = session_factory.kw["bind"]
    with run_lock(session_factory):
        refresh_stats(engine)  # what was imported since: planned with its statistics
        summary = _run_locked(
            session_factory,
            full,
            settings,
            matcher_factory,
            enrich_config,
            _Batch(chunk_size, progress, workers or default_workers()),
        )
        refresh_stats(engine)  # what this run wrote: the next run's lookups are planned on it
        return summary


@dataclass(frozen=True, slots=True)
class _Batch:
    """How the stages work through the leads: chunk size, progress callback, processes."""

    chunk_size: int
    progress: Progress | None
    workers: int


def _run_locked(
    session_factory: SessionFactory,
    full: bool,
    settings: Any,
    matcher_factory: MatcherFactory | None,
    enrich_config: EnrichConfig | None,
    batch: _Batch,
) -> RunSummary:
    started = time.perf_counter()
    engine = engine_for(settings, matcher_factory)
    version = engine.version
    config = enrich_config or load_enrich_config()
    fps = fingerprints(session_factory, config)
    run_id, previous = _start(session_factory, full, version, fps)
    summary = RunSummary(run_id=run_id, full=full, settings_version=version)
    try:
        _stages(session_factory, summary, engine, config, fps, previous, batch)
    except Exception:
        _mark(session_factory, run_id, "failed")
        raise
    summary.seconds = round(time.perf_counter() - started, 3)
    _finish(session_factory, run_id, summary)
    return summary


def _mark(factory: SessionFactory, run_id: int, status: str) -> None:
    with factory() as session, session.begin():
        session.execute(
            update(RunRow).where(RunRow.id == run_id).values(status=status, finished_at=utcnow())
        )


def _stages(
    session_factory: SessionFactory,
    summary: RunSummary,
    engine: Engine,
    config: EnrichConfig,
    fps: dict[str, str],
    previous: _Previous,
    batch: _Batch,
) -> None:
    """Match, enrich and de-duplicate, filling `summary`."""
    chunk_size = batch.chunk_size
    full, version, run_id = summary.full, summary.settings_version, summary.run_id
    # a full run stamps the same context: the next incremental run then has nothing to redo
    context_key = match_context(version, fps["accounts"])
    same = _same_context(previous, context_key)
    counts = _match(session_factory, engine, context_key, run_id, batch, full, same)
    last, abandoned = previous.fingerprints, previous.interrupted
    account_side_changed = last is None or any(last.get(k) != fps[k] for k in ACCOUNT_SIDE)
    # A full run re-matches every lead; enrichment follows what changed (links, leads, the
    # account side), which the stale check finds in SQL instead of recomputing 1M leads.
    everything = account_side_changed
    ecounts, enriched = enrich_stage(
        session_factory,
        config,
        everything=everything,
        chunk_size=chunk_size,
        lead_ids=None if everything else _enrich_candidates(session_factory, counts, previous),
    )
    touched = (counts.seen or set()) | counts.touched | enriched  # matched now or relinked
    dedupe_all = (
        full
        or abandoned
        or last is None
        or counts.seen is None
        or last.get("contacts") != fps["contacts"]
        or len(touched) > _DEDUPE_LIST_LIMIT
    )
    dcounts = duplicates_stage(
        session_factory, None if dedupe_all else touched, chunk_size=chunk_size
    )
    for name in ("considered", "matched", "review", "unmatched", "pinned", "links_written",
                 "links_unchanged", "reviews_opened", "reviews_closed"):  # fmt: skip
        setattr(summary, name, getattr(counts, name))
    summary.enriched, summary.enrichment_cleared = ecounts.written, ecounts.cleared
    summary.duplicates_flagged, summary.duplicates_unflagged = dcounts.flagged, dcounts.unflagged


def _match(
    factory: SessionFactory,
    engine: Engine,
    context: str,
    run_id: int,
    batch: _Batch,
    full: bool,
    same_context: bool,
) -> MatchCounts:
    """The match stage: get a matcher only if some lead needs matching (see matchers).

    Big stages are matched ahead by forked workers while this process writes (see parallel);
    small ones may use a saved index, which loads the candidate accounts chunk by chunk.
    """
    counts = MatchCounts()
    pages = leads_to_match(
        factory, context, batch.chunk_size, everything=full, same_context=same_context
    )
    first = next(pages, None)
    if first is None:
        return counts
    # a short first page is all there is: no need to count the stale leads in another scan
    short = len(first) < batch.chunk_size
    total = len(first) if short else _count_to_match(factory, context, full, same_context)
    chunks = chain([first], pages)
    with factory() as session:
        never = never_match_pairs(session.connection())
    # the settings version and the accounts' fingerprint are in the context
    matcher, lazy = matcher_for(factory, engine, context, total)
    stream: Iterator[tuple[list[Record], MatcherLike | None, list[Lead] | None]]
    if batch.workers > 1 and total >= PARALLEL_MIN and not lazy:
        stream = match_ahead(matcher, chunks, never, workers=batch.workers)
    else:
        stream = ((rows, None, None) for rows in chunks)
    for rows, ahead, leads in stream:
        if lazy:  # a saved index: load this chunk's candidate accounts in one go
            leads = [lead_record(r) for r in rows]
            try:
                matcher.prefetch(leads)  # type: ignore[attr-defined]
            except LookupError:  # an account of the saved index is gone: build in full
                forget_matchers()
                matcher, lazy = matcher_for(factory, engine, context, total, saved=False)
        match_chunk(
            factory, rows, ahead or matcher, never,
            context=context, settings_version=engine.version, run_id=run_id, counts=counts,
            leads=leads,
        )  # fmt: skip
        if batch.progress:
            batch.progress("match", counts.considered, total)
    return counts


def _enrich_candidates(
    factory: SessionFactory, counts: MatchCounts, previous: _Previous
) -> set[str] | None:
    """Leads whose enrichment may be stale after this match stage, or None to scan them all.

    After a clean previous run only these can be: the leads matched now (new link or new
    content) and the leads people decided on since the previous run started.
    """
    if previous.interrupted or previous.started_at is None or counts.seen is None:
        return None
    with factory() as session:
        decided = set(
            session.scalars(
                select(ReviewDecisionRow.lead_id).where(
                    ReviewDecisionRow.decided_at >= previous.started_at
                )
            )
        )
    found = counts.seen | decided
    return found if len(found) <= _DEDUPE_LIST_LIMIT else None

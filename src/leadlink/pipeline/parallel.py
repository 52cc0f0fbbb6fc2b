"""Matching ahead in worker processes while the parent writes: the match stage of a big run.

The matcher is built once in the parent; workers are forked after that and share it
copy-on-write. While the parent writes one chunk's links (one transaction, as before), the
workers already match the next chunk. Only the parent touches the database, so crash safety and
idempotency are those of the serial stage: results are just computed earlier.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Mapping
from multiprocessing.pool import AsyncResult
from typing import Any, NamedTuple

from leadlink.pipeline.protocols import MatcherLike, MatchResultLike
from leadlink.pipeline.records import lead_record
from leadlink.records import Lead
from leadlink.store.fetch import Record

#: Below this many leads to match, forking workers costs more than it saves.
PARALLEL_MIN = 20_000
_EMPTY: frozenset[str] = frozenset()
_WORKER_MATCHER: MatcherLike | None = None
Job = list[tuple[Lead, frozenset[str]]]


class Decided(NamedTuple):
    """A result as the workers send it back: the fields the pipeline stores, no evidence.

    A plain tuple pickles ten times faster than the engine's dataclass, and the parent, which
    writes every link, unpickles a million of them in a big run.
    """

    account_id: str | None
    decision: str
    confidence: float
    reason: str
    runner_up_id: str | None
    runner_up_confidence: float
    rule: str


Sent = tuple[str, tuple[str | None, str, float, str, str | None, float, str]]


class Prefetched:
    """A matcher that answers from results computed ahead, by lead id."""

    def __init__(self, results: Mapping[str, tuple[Any, ...]]) -> None:
        """Wrap the results of one chunk (the fields of `Decided`, by lead id)."""
        self._results = results

    def match(self, lead: Lead, *, exclude: frozenset[str] = _EMPTY) -> MatchResultLike:
        """The result computed ahead for this lead (with the same exclusions)."""
        return Decided._make(self._results[lead.id])


def _match_job(job: Job) -> list[Sent]:
    matcher = _WORKER_MATCHER
    assert matcher is not None
    out: list[Sent] = []
    for lead, exclude in job:
        r = matcher.match(lead, exclude=exclude)
        fields = (
            r.account_id, r.decision, r.confidence, r.reason,
            r.runner_up_id, r.runner_up_confidence, r.rule,
        )  # fmt: skip
        out.append((lead.id, fields))
    return out


Parts = list[AsyncResult[list[Sent]]]


def _submit(
    pool: Any, rows: list[Record], never: Mapping[str, frozenset[str]], workers: int
) -> tuple[list[Lead], Parts]:
    leads = [lead_record(r) for r in rows]
    job = [(lead, never.get(lead.id, _EMPTY)) for lead in leads]
    size = -(-len(job) // workers)
    parts = [pool.apply_async(_match_job, (job[i : i + size],)) for i in range(0, len(job), size)]
    return leads, parts


def _collect(parts: Parts) -> Prefetched:
    return Prefetched({lead_id: res for part in parts for lead_id, res in part.get()})


def _ready(
    pending: tuple[list[Record], tuple[list[Lead], Parts]],
) -> tuple[list[Record], Prefetched, list[Lead]]:
    rows, (leads, parts) = pending
    return rows, _collect(parts), leads


def match_ahead(
    matcher: MatcherLike,
    chunks: Iterator[list[Record]],
    never: Mapping[str, frozenset[str]],
    *,
    workers: int,
) -> Iterator[tuple[list[Record], Prefetched, list[Lead]]]:
    """Yield each chunk with a matcher holding its results and the chunk as lead records (made
    once, for the workers); the next chunk is matched meanwhile."""
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending: tuple[list[Record], tuple[list[Lead], Parts]] | None = None
            for rows in chunks:
                submitted = (rows, _submit(pool, rows, never, workers))
                if pending is not None:
                    yield _ready(pending)
                pending = submitted
            if pending is not None:
                yield _ready(pending)
    finally:
        _WORKER_MATCHER = None

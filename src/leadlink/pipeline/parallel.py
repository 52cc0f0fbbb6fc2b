"""Matching ahead in worker processes while the parent writes: the match stage of a big run.

The matcher is built once in the parent; workers are forked after that and share it
copy-on-write. While the parent writes one chunk's links (one transaction, as before), the
workers already match the next chunk. Only the parent touches the database, so crash safety and
idempotency are those of the serial stage: results are just computed earlier.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Mapping
from dataclasses import replace
from multiprocessing.pool import AsyncResult
from typing import Any

from sqlalchemy import Row

from leadlink.pipeline.protocols import MatcherLike, MatchResultLike
from leadlink.pipeline.records import lead_record
from leadlink.records import Lead

#: Below this many leads to match, forking workers costs more than it saves.
PARALLEL_MIN = 20_000
_EMPTY: frozenset[str] = frozenset()
_WORKER_MATCHER: MatcherLike | None = None
Job = list[tuple[Lead, frozenset[str]]]


class Prefetched:
    """A matcher that answers from results computed ahead, by lead id."""

    def __init__(self, results: Mapping[str, MatchResultLike]) -> None:
        """Wrap the results of one chunk."""
        self._results = results

    def match(self, lead: Lead, *, exclude: frozenset[str] = _EMPTY) -> MatchResultLike:
        """The result computed ahead for this lead (with the same exclusions)."""
        return self._results[lead.id]


def _match_job(job: Job) -> list[tuple[str, MatchResultLike]]:
    matcher = _WORKER_MATCHER
    assert matcher is not None
    out: list[tuple[str, MatchResultLike]] = []
    for lead, exclude in job:
        result = matcher.match(lead, exclude=exclude)
        if hasattr(result, "evidence"):
            result = replace(result, evidence=())  # type: ignore[type-var]  # not stored
        out.append((lead.id, result))
    return out


Parts = list[AsyncResult[list[tuple[str, MatchResultLike]]]]


def _submit(
    pool: Any, rows: list[Row[Any]], never: Mapping[str, frozenset[str]], workers: int
) -> tuple[list[Lead], Parts]:
    leads = [lead_record(r) for r in rows]
    job = [(lead, never.get(lead.id, _EMPTY)) for lead in leads]
    size = -(-len(job) // workers)
    parts = [pool.apply_async(_match_job, (job[i : i + size],)) for i in range(0, len(job), size)]
    return leads, parts


def _collect(parts: Parts) -> Prefetched:
    return Prefetched({lead_id: res for part in parts for lead_id, res in part.get()})


def _ready(
    pending: tuple[list[Row[Any]], tuple[list[Lead], Parts]],
) -> tuple[list[Row[Any]], Prefetched, list[Lead]]:
    rows, (leads, parts) = pending
    return rows, _collect(parts), leads


def match_ahead(
    matcher: MatcherLike,
    chunks: Iterator[list[Row[Any]]],
    never: Mapping[str, frozenset[str]],
    *,
    workers: int,
) -> Iterator[tuple[list[Row[Any]], Prefetched, list[Lead]]]:
    """Yield each chunk with a matcher holding its results and the chunk as lead records (made
    once, for the workers); the next chunk is matched meanwhile."""
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending: tuple[list[Row[Any]], tuple[list[Lead], Parts]] | None = None
            for rows in chunks:
                submitted = (rows, _submit(pool, rows, never, workers))
                if pending is not None:
                    yield _ready(pending)
                pending = submitted
            if pending is not None:
                yield _ready(pending)
    finally:
        _WORKER_MATCHER = None

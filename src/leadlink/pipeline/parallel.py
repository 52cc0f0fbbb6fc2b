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


def _submit(
    pool: Any, rows: list[Row[Any]], never: Mapping[str, frozenset[str]], workers: int
) -> list[AsyncResult[list[tuple[str, MatchResultLike]]]]:
    job = [(lead_record(r), never.get(r.id, _EMPTY)) for r in rows]
    size = -(-len(job) // workers)
    return [pool.apply_async(_match_job, (job[i : i + size],)) for i in range(0, len(job), size)]


def _collect(parts: list[AsyncResult[list[tuple[str, MatchResultLike]]]]) -> Prefetched:
    return Prefetched({lead_id: res for part in parts for lead_id, res in part.get()})


def match_ahead(
    matcher: MatcherLike,
    chunks: Iterator[list[Row[Any]]],
    never: Mapping[str, frozenset[str]],
    *,
    workers: int,
) -> Iterator[tuple[list[Row[Any]], MatcherLike]]:
    """Yield each chunk with a matcher holding its results; the next chunk is matched meanwhile."""
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending: tuple[list[Row[Any]], list[Any]] | None = None
            for rows in chunks:
                submitted = (rows, _submit(pool, rows, never, workers))
                if pending is not None:
                    yield pending[0], _collect(pending[1])
                pending = submitted
            if pending is not None:
                yield pending[0], _collect(pending[1])
    finally:
        _WORKER_MATCHER = None

"""Batch matching of CSV files: the service behind `leadlink match`, parallel over processes.

A large leads file goes to `fanout` (each worker its own index and share of the file). Small
files, one worker, or leads already in memory (`match_leads`) use one index built here: forked
workers share it copy-on-write and match slices of the leads. Results come in lead order.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leadlink.io.csvio import RowError, read_accounts, read_leads, write_csv, write_csv_blocks
from leadlink.matching.engine import Matcher
from leadlink.matching.fanout import Job, Row, match_fanout, result_row
from leadlink.matching.settings import MatchSettings, load_settings
from leadlink.perf import default_workers, freeze_heap, paused_gc
from leadlink.records import MATCH_FIELDS, Lead

CHUNK = 5_000
# A second index pays for itself when there are many leads per account (100k leads against
# 100k accounts: 5% slower fanned out; 1M against 200k: faster), and is needed for memory when
# the leads alone are large (sharing one index, two workers used 5.4 GB at 1M leads).
FANOUT_RATIO = 4  # leads file bytes per accounts file byte
FANOUT_BYTES = 100 << 20  # a leads file this large fans out whatever the accounts
Progress = Callable[[int, int], None]

_WORKER_MATCHER: Matcher | None = None
_WORKER_LEADS: Sequence[Lead] = ()


@dataclass(slots=True)
class MatchSummary:
    """What a batch run did: counts per decision, row errors, timings."""

    accounts: int = 0
    leads: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    index_seconds: float = 0.0
    match_seconds: float = 0.0
    total_seconds: float = 0.0
    settings_version: str = ""


def _match_slice(bounds: tuple[int, int]) -> tuple[int, list[Row]]:
    matcher = _WORKER_MATCHER
    assert matcher is not None
    start, stop = bounds
    # Matching makes almost no reference cycles, but the collector's walks cost ~3% of its CPU.
    with paused_gc():
        return start, [result_row(matcher.match(lead)) for lead in _WORKER_LEADS[start:stop]]


def match_leads(
    matcher: Matcher,
    leads: Sequence[Lead],
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Row]:
    """Match every lead, over `workers` forked processes when more than one; rows in lead order."""
    global _WORKER_MATCHER, _WORKER_LEADS
    bounds = [(i, min(i + CHUNK, len(leads))) for i in range(0, len(leads), CHUNK)]
    _WORKER_MATCHER, _WORKER_LEADS = matcher, leads
    parts: dict[int, list[Row]] = {}
    done = 0
    try:
        if workers <= 1 or len(bounds) <= 1:
            for b in bounds:
                start, rows = _match_slice(b)
                parts[start] = rows
                done += len(rows)
                if progress:
                    progress(done, len(leads))
        else:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                for start, rows in pool.imap_unordered(_match_slice, bounds):
                    parts[start] = rows
                    done += len(rows)
                    if progress:
                        progress(done, len(leads))
    finally:
        _WORKER_MATCHER, _WORKER_LEADS = None, ()
    return [row for start in sorted(parts) for row in parts[start]]


def match_files(
    *,
    accounts_path: Path,
    leads_path: Path,
    out_path: Path,
    settings: MatchSettings | None = None,
    settings_path: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> MatchSummary:
    """Read accounts and leads per the CSV contract, match them, write matches.csv."""
    t0 = time.perf_counter()
    settings = settings or load_settings(settings_path)
    summary = MatchSummary(settings_version=settings.version)
    workers = workers or default_workers()
    job = Job(accounts_path, leads_path, settings, workers)
    if workers > 1 and _fans_out(accounts_path, leads_path):
        _fan_out(summary, job, out_path, progress)
    else:
        _in_process(summary, job, out_path, progress)
    summary.total_seconds = time.perf_counter() - t0
    return summary


def _fans_out(accounts_path: Path, leads_path: Path) -> bool:
    """Whether each worker should build its own index (see FANOUT_RATIO)."""
    if not leads_path.is_file() or not accounts_path.is_file():
        return False  # the in-process path reports the missing file
    size = leads_path.stat().st_size
    return size >= FANOUT_BYTES or size >= FANOUT_RATIO * accounts_path.stat().st_size


def _fan_out(summary: MatchSummary, job: Job, out_path: Path, progress: Progress | None) -> None:
    """Each worker builds its own index and matches its share of the file (see `fanout`)."""
    t0 = time.perf_counter()

    def write(blocks: Iterator[bytes]) -> None:
        write_csv_blocks(out_path, MATCH_FIELDS, blocks)

    result = match_fanout(job, write, progress=progress)
    summary.accounts, summary.leads = result.accounts, result.leads
    summary.decisions.update(result.decisions)
    summary.errors.extend(result.errors)
    summary.index_seconds = result.index_seconds
    summary.match_seconds = time.perf_counter() - t0 - result.index_seconds


def _in_process(summary: MatchSummary, job: Job, out_path: Path, progress: Progress | None) -> None:
    """One index built here, shared by the forked workers (or used in this process)."""
    t1 = time.perf_counter()
    with paused_gc():
        accounts = read_accounts(job.accounts_path, summary.errors)
        leads = list(read_leads(job.leads_path, summary.errors))
    matcher = Matcher.build(accounts, job.settings)
    freeze_heap()  # the index and the leads live to the end: no collection need walk them
    t2 = time.perf_counter()
    rows = match_leads(matcher, leads, workers=job.parts, progress=progress)
    t3 = time.perf_counter()
    write_csv(out_path, MATCH_FIELDS, rows)
    summary.accounts, summary.leads = len(accounts), len(leads)
    summary.decisions.update(row[2] for row in rows)
    summary.index_seconds, summary.match_seconds = t2 - t1, t3 - t2

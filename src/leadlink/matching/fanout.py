"""Batch matching over several processes, each with its own index and its own share of the leads.

A forked worker that shares its parent's index copies the pages of every object it touches (the
reference counts change), and the parent builds the index and reads the leads on one core while
the other waits. So here each worker reads the accounts and builds its own index (the two builds
run side by side), then reads the leads file and matches the chunks of leads it claims,
streaming each back as ready CSV text. A chunk goes to the first worker to reach it (a shared
counter), so a worker on a slower core takes fewer. The parent writes the blocks in file order
as they arrive: no process holds all the leads, and the parent does almost no work. Every worker
checks every row, so the errors are the same; only the first reports them.
"""

from __future__ import annotations

import csv
import gc
import io
import multiprocessing
import pickle
import queue
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from leadlink.io.csvio import RowError, read_accounts, read_lead_chunks
from leadlink.matching.engine import Matcher, MatchResult
from leadlink.matching.settings import MatchSettings

CHUNK_LEADS = 5_000
_POLL_SECONDS = 1.0
Row = tuple[str, str, str, str, str]
Progress = Callable[[int, int], None]


def result_row(result: MatchResult) -> Row:
    """A matches.csv row per the CSV contract."""
    return (
        result.lead_id,
        result.account_id or "",
        result.decision,
        f"{result.confidence:.4f}",
        result.reason,
    )


@dataclass(frozen=True, slots=True)
class Job:
    """A batch: the two files, the settings and how many worker processes to use."""

    accounts_path: Path
    leads_path: Path
    settings: MatchSettings
    parts: int


class _Claim:
    """Claims chunk numbers in file order against the workers' shared counter."""

    def __init__(self, next_free: Any) -> None:
        self.next_free = next_free

    def __call__(self, number: int) -> bool:
        """True when chunk `number` is still free, which makes it this worker's."""
        with self.next_free.get_lock():
            if self.next_free.value > number:
                return False  # a worker ahead of this one took it when it came by
            self.next_free.value = number + 1
            return True


@dataclass(slots=True)
class FanoutResult:
    """What the workers reported besides the rows: counts, errors, the first index's time."""

    accounts: int = 0
    leads: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    index_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Block:
    """One chunk's matches.csv rows as UTF-8 bytes, with their count and decisions."""

    data: bytes
    rows: int
    decisions: Counter[str]


def csv_block(rows: list[Row]) -> Block:
    """Rows formatted as `write_csv` writes them, so the parent only copies bytes."""
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return Block(text.getvalue().encode("utf-8"), len(rows), Counter(row[2] for row in rows))


def _work(job: Job, part: int, out: Any, next_free: Any) -> None:
    """One worker: build the index, match its chunks, send ("rows", part, chunk, Block) each."""
    # Building and matching make almost no reference cycles, and the process ends with its
    # work: the collector stays off, or its first pass after the build would walk the index.
    gc.disable()
    try:
        started = time.perf_counter()
        errors: list[RowError] = []
        accounts = read_accounts(job.accounts_path, errors)
        matcher = Matcher.build(accounts, job.settings)
        out.put(("index", part, len(accounts), time.perf_counter() - started))
        chunks = read_lead_chunks(job.leads_path, errors, size=CHUNK_LEADS, claim=_Claim(next_free))
        for number, leads in chunks:
            rows = [result_row(matcher.match(lead)) for lead in leads]
            out.put(("rows", part, number, csv_block(rows)))
        out.put(("done", part, errors if part == 0 else [], None))
    except BaseException as exc:  # every failure must reach the parent
        out.put(("failed", part, _portable(exc), None))


def _portable(exc: BaseException) -> Exception:
    """The exception itself when it can cross a pipe, else a RuntimeError with its text."""

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # whatever the reason, send the text instead
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc if isinstance(exc, Exception) else RuntimeError(repr(exc))


class _Merger:
    """Receives the workers' messages and yields their blocks in file order."""

    def __init__(self, job: Job, processes: Sequence[BaseProcess], inbox: Any) -> None:
        self.job, self.processes, self.inbox = job, processes, inbox
        self.result = FanoutResult()
        self.pending: dict[int, Block] = {}
        self.done = [False] * job.parts

    def blocks(self, progress: Progress | None, total: int) -> Iterator[bytes]:
        """Every chunk's CSV text, in order; raises the first worker failure."""
        following = 0  # chunk numbers have no gaps: every chunk holds leads
        while True:
            block = self.pending.pop(following, None)
            if block is not None:
                self.result.leads += block.rows
                self.result.decisions.update(block.decisions)
                yield block.data
                following += 1
                if progress:
                    progress(self.result.leads, max(total, self.result.leads))
            elif all(self.done):
                if self.pending:  # a worker skipped a chunk: a bug
                    raise RuntimeError(f"matching lost chunk {following} of the leads")
                return
            else:
                self._receive()

    def _receive(self) -> None:
        try:
            kind, part, a, b = self.inbox.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            self._check_alive()
            return
        if kind == "rows":
            self.pending[a] = b
        elif kind == "index":
            if part == 0:
                self.result.accounts, self.result.index_seconds = a, b
        elif kind == "done":
            self.done[part] = True
            self.result.errors.extend(a)
        else:
            raise a

    def _check_alive(self) -> None:
        for part, process in enumerate(self.processes):
            if not self.done[part] and process.exitcode is not None:
                raise RuntimeError(
                    f"matching worker {part} stopped (exit code {process.exitcode}); "
                    "out of memory? try --workers 1"
                )


def match_fanout(
    job: Job,
    write: Callable[[Iterator[bytes]], object],
    *,
    progress: Progress | None = None,
) -> FanoutResult:
    """Run `job.parts` workers and hand `write` their CSV blocks in lead order; returns the rest."""
    ctx = multiprocessing.get_context("fork")
    inbox = ctx.Queue(maxsize=64)
    next_free = ctx.Value("q", 0)  # the first chunk no worker has claimed
    processes = [
        ctx.Process(target=_work, args=(job, k, inbox, next_free)) for k in range(job.parts)
    ]
    for process in processes:
        process.start()
    merger = _Merger(job, processes, inbox)
    try:
        write(merger.blocks(progress, _count_lines(job.leads_path) - 1))
    finally:
        for part, process in enumerate(processes):
            if process.is_alive() and not merger.done[part]:
                process.terminate()  # a failure elsewhere: this one's work is not wanted
            process.join()
        inbox.close()
    return merger.result


def _count_lines(path: Path) -> int:
    """Lines in a file, for the progress bar's total (quoted line breaks make it an estimate)."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return count

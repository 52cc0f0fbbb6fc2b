"""Parallel generation: leads and CRM records are made in independent jobs (a chunk of leads, a
range of accounts), each with its own seeded streams, and returned as ready CSV text.

Jobs run in forked worker processes that share the account book read-only; results come back in
job order, so the files are byte-identical however many workers run.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from leadlink.synth.activity import Campaigns, engagement
from leadlink.synth.crm import crm_part
from leadlink.synth.leads import LeadChunk, LeadContext, lead_chunk, scenario_chunk
from leadlink.synth.model import AccountBook
from leadlink.synth.rand import make_rng
from leadlink.synth.writer import account_row

CRM_CHUNK = 10_000  # accounts per CRM job
ACCOUNT_CHUNK = 25_000  # accounts per accounts.csv job
MIN_PARALLEL_JOBS = 4  # fewer lead/CRM jobs run in-process: forking would cost more than it saves
Job = tuple[str, int, int, int]  # (kind, index, first, count)


@dataclass(slots=True)
class Shared:
    """What every job reads: the accounts, lead weights, campaigns and surging accounts."""

    book: AccountBook
    leads: LeadContext
    ids: list[str]
    campaigns: Campaigns
    surge: np.ndarray
    ref: date
    seed: int
    crm: bool


@dataclass(slots=True)
class Part:
    """A job's output: UTF-8 CSV (no header) per file name and row counts per file; bytes,
    so the parent only copies them to the files."""

    data: dict[str, bytes] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    no_account: int = 0
    dup_contacts: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    def add(self, name: str, rows: Sequence[Sequence[str]]) -> None:
        """Render `rows` as CSV text for file `name`."""
        self.data[name] = csv_text(rows).encode("utf-8")
        self.rows[name] = len(rows)


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows of strings as CSV text, byte-identical to the csv module's minimal quoting.

    Most rows need no quoting, and joining them directly is several times faster than
    `csv.writer`; a row whose joined line shows a comma, quote or line break inside a field
    goes through `csv.writer` instead.
    """
    lines = []
    slow = io.StringIO()
    writer = csv.writer(slow, lineterminator="\n")
    for row in rows:
        line = ",".join(row)
        if (
            line.count(",") != len(row) - 1
            or '"' in line
            or "\n" in line
            or "\r" in line
            or len(row) == 1
        ):
            slow.seek(0)
            slow.truncate()
            writer.writerow(row)
            line = slow.getvalue()[:-1]
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def jobs_for(
    n_leads: int, n_accounts: int, crm: bool, lead_ranges: list[tuple[int, int, int]]
) -> list[Job]:
    """The job list: accounts.csv parts, scenario leads, lead chunks, then CRM account ranges."""
    jobs: list[Job] = [
        ("accounts", k, lo, min(ACCOUNT_CHUNK, n_accounts - lo))
        for k, lo in enumerate(range(0, n_accounts, ACCOUNT_CHUNK))
    ]
    jobs.append(("scenarios", 0, 1, n_leads))
    jobs += [("leads", k, start, count) for k, start, count in lead_ranges]
    if crm:
        for k, lo in enumerate(range(0, n_accounts, CRM_CHUNK)):
            jobs.append(("crm", k, lo, min(CRM_CHUNK, n_accounts - lo)))
    return jobs


def _lead_part(sh: Shared, chunk: LeadChunk, index: int) -> Part:
    part = Part(no_account=sum(1 for t in chunk.truth if t < 0), dup_contacts=chunk.dup_contacts)
    part.add("leads.csv", chunk.rows)
    ids = sh.ids
    truth = [(r[0], ids[t] if t >= 0 else "") for r, t in zip(chunk.rows, chunk.truth, strict=True)]
    part.add("truth.csv", truth)
    if sh.crm and chunk.rows:
        gen = np.random.default_rng([sh.seed, 1, index])
        acts, members = engagement(
            gen, sh.campaigns, sh.ref, [r[0] for r in chunk.rows], False,
            np.array(chunk.truth, dtype=np.int64), np.array(chunk.created, dtype=np.int64),
            sh.surge,
        )  # fmt: skip
        part.add("activities.csv", acts)
        part.add("campaign_members.csv", members)
    return part


def _crm_part(sh: Shared, index: int, lo: int, count: int) -> Part:
    tables = crm_part(make_rng("crm", sh.seed, index), sh.book, sh.ref, lo, lo + count)
    part = Part()
    part.add("contacts.csv", tables.contacts)
    part.add("opportunities.csv", tables.opportunities)
    part.add("contracts.csv", tables.contracts)
    if tables.contacts:
        gen = np.random.default_rng([sh.seed, 2, index])
        acts, members = engagement(
            gen, sh.campaigns, sh.ref, [c[0] for c in tables.contacts], True,
            np.array(tables.contact_account, dtype=np.int64),
            np.array(tables.contact_created, dtype=np.int64), sh.surge,
        )  # fmt: skip
        part.add("activities.csv", acts)
        part.add("campaign_members.csv", members)
    return part


_SHARED: Shared | None = None  # set in the parent before the workers fork


def run_job(job: Job) -> Part:
    """Run one job against the shared context."""
    sh = _SHARED
    if sh is None:
        raise RuntimeError("run_job called outside run_jobs")
    kind, index, first, count = job
    if kind == "accounts":
        part = Part()
        accounts = sh.book.accounts
        part.add(
            "accounts.csv", [account_row(a, accounts) for a in accounts[first : first + count]]
        )
        return part
    if kind == "scenarios":
        return _lead_part(sh, scenario_chunk(sh.leads, count), 0)
    if kind == "leads":
        return _lead_part(sh, lead_chunk(sh.leads, index, first, count), index + 1)
    return _crm_part(sh, index, first, count)


def run_jobs(shared: Shared, jobs: list[Job], workers: int) -> Iterator[Part]:
    """Results of `jobs` in order, computed by `workers` forked processes (or in-process)."""
    global _SHARED
    _SHARED = shared
    try:
        forkable = "fork" in multiprocessing.get_all_start_methods()
        heavy = sum(1 for job in jobs if job[0] in ("leads", "crm"))
        if workers <= 1 or heavy < MIN_PARALLEL_JOBS or not forkable:
            for job in jobs:
                yield run_job(job)
            return
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(run_job, jobs)
    finally:
        _SHARED = None

"""`generate_crm`: write a realistic synthetic CRM (accounts, leads, truth and CRM extras).

Every random stream is derived from the seed and a fixed name, so a seed always gives the same
files; lead chunks have their own streams, so they can be made in parallel processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from leadlink.perf import paused_gc
from leadlink.synth.accounts import fill_accounts
from leadlink.synth.activity import (
    ACTIVITY_FIELDS,
    MEMBER_FIELDS,
    make_campaigns,
    surge_accounts,
)
from leadlink.synth.crm import (
    CONTACT_FIELDS,
    CONTRACT_FIELDS,
    OPPORTUNITY_FIELDS,
    duplicate_contacts,
)
from leadlink.synth.famous import MIN_ACCOUNTS, add_famous
from leadlink.synth.leads import chunk_ranges, make_context
from leadlink.synth.model import REFERENCE_DATE, AccountBook
from leadlink.synth.pipeline import Shared, csv_text, jobs_for, run_jobs
from leadlink.synth.rand import make_rng
from leadlink.synth.users import USER_FIELDS, assign_owners, make_users
from leadlink.synth.writer import (
    ACCOUNT_COLUMNS,
    LEAD_COLUMNS,
    TRUTH_COLUMNS,
    write_csv,
)

Progress = Callable[[str], None]
EARLIEST_REFERENCE = date(2014, 1, 1)  # accounts are created from 2012 on


@dataclass(slots=True)
class GenerateSummary:
    """What `generate_crm` wrote: row counts per file, file sizes and the time it took."""

    out_dir: Path
    seed: int
    accounts: int
    leads: int
    no_account_leads: int
    rows: dict[str, int] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        """A one-line human summary."""
        share = self.no_account_leads / self.leads if self.leads else 0.0
        extra = ", ".join(
            f"{k} {v:,}" for k, v in self.rows.items() if k not in ("accounts", "leads", "truth")
        )
        mb = sum(self.bytes.values()) / 1e6
        return (
            f"Wrote {self.accounts:,} accounts and {self.leads:,} leads "
            f"({share:.0%} with no account){', ' + extra if extra else ''} to "
            f"{self.out_dir} ({mb:,.1f} MB) in {self.seconds:.1f} s (seed {self.seed})."
        )


def build_accounts(n: int, seed: int, ref: date) -> AccountBook:
    """The account book for `n` accounts: fixed cases first, then generated ones."""
    rng = make_rng("accounts", seed)
    book = AccountBook()
    add_famous(rng, book, ref)
    fill_accounts(rng, book, n, ref)
    return book


_HEADERS: dict[str, tuple[str, ...]] = {
    "accounts.csv": ACCOUNT_COLUMNS,
    "leads.csv": LEAD_COLUMNS,
    "truth.csv": TRUTH_COLUMNS,
    "contacts.csv": CONTACT_FIELDS,
    "opportunities.csv": OPPORTUNITY_FIELDS,
    "contracts.csv": CONTRACT_FIELDS,
    "activities.csv": ACTIVITY_FIELDS,
    "campaign_members.csv": MEMBER_FIELDS,
}
_CRM_FILES = (
    "contacts.csv",
    "opportunities.csv",
    "contracts.csv",
    "activities.csv",
    "campaign_members.csv",
)


def generate_crm(
    *,
    accounts: int,
    leads: int,
    out_dir: Path,
    seed: int = 0,
    crm: bool = True,
    reference_date: date = REFERENCE_DATE,
    workers: int = 2,
    progress: Progress | None = None,
) -> GenerateSummary:
    """Generate and write accounts.csv, leads.csv, truth.csv and (with `crm`) the CRM files.

    `workers` processes make the leads and CRM records (the output does not depend on it).
    Raises ValueError for fewer than MIN_ACCOUNTS accounts (the fixed cases need room) or a
    negative lead count.
    """
    if accounts < MIN_ACCOUNTS:
        raise ValueError(f"accounts must be at least {MIN_ACCOUNTS}, got {accounts}")
    if leads < 0:
        raise ValueError(f"leads must not be negative, got {leads}")
    if reference_date < EARLIEST_REFERENCE:
        raise ValueError(f"reference_date must be on or after {EARLIEST_REFERENCE.isoformat()}")
    with paused_gc():  # millions of long-lived, acyclic objects: collections would only cost
        return _generate(accounts, leads, out_dir, seed, crm, reference_date, workers, progress)


def _generate(
    accounts: int,
    leads: int,
    out_dir: Path,
    seed: int,
    crm: bool,
    reference_date: date,
    workers: int,
    progress: Progress | None,
) -> GenerateSummary:
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    ref = reference_date
    say("accounts")
    book = build_accounts(accounts, seed, ref)
    say("owners")
    users = make_users(make_rng("users", seed), book)
    assign_owners(make_rng("owners", seed), book, users)
    rows: dict[str, int] = {}
    if crm:
        rows["users.csv"] = write_csv(out_dir / "users.csv", USER_FIELDS, [u.row() for u in users])
    say("context")
    shared = Shared(
        book=book, leads=make_context(book, ref, seed), ids=[a.id for a in book.accounts],
        campaigns=make_campaigns(ref), surge=surge_accounts(seed, len(book.accounts)), ref=ref,
        seed=seed, crm=crm,
    )  # fmt: skip
    jobs = jobs_for(leads, len(book.accounts), crm, chunk_ranges(leads))
    names = [n for n in _HEADERS if crm or n not in _CRM_FILES]
    outs = {n: (out_dir / n).open("wb") for n in names}
    no_account = 0
    dups: list[tuple[int, str, str, str, str]] = []
    try:
        for n, fh in outs.items():
            fh.write(csv_text([_HEADERS[n]]).encode("utf-8"))
        for done, part in enumerate(run_jobs(shared, jobs, workers), 1):
            for n, text in part.data.items():
                outs[n].write(text)
                rows[n] = rows.get(n, 0) + part.rows[n]
            no_account += part.no_account
            dups.extend(part.dup_contacts)
            say(f"jobs {done}/{len(jobs)}")
        if crm:
            say("dup-contacts")
            extra = duplicate_contacts(make_rng("dup-contacts", seed), book, ref, dups)
            outs["contacts.csv"].write(csv_text(extra.contacts).encode("utf-8"))
            rows["contacts.csv"] += len(extra.contacts)
    finally:
        for fh in outs.values():
            fh.close()
    return GenerateSummary(
        out_dir=out_dir,
        seed=seed,
        accounts=len(book.accounts),
        leads=rows.get("leads.csv", 0),
        no_account_leads=no_account,
        rows={k.removesuffix(".csv"): v for k, v in rows.items()},
        bytes={n: (out_dir / n).stat().st_size for n in sorted(rows)},
        seconds=time.perf_counter() - started,
    )

"""Benchmark: rescore 200,000 accounts from 10,000,000 activities with the vectorised scorer.

Generates the arrays synthetically (skewed: a few accounts are very busy, many are quiet), then
times `score_accounts_arrays`. Goal (issue 5): <= 60 s. With --store URL it instead writes the
accounts, contacts and activities into a fresh store and times `rescore` and `apply_statuses`
end to end. Usage:
    .venv/bin/python bench/bench_scoring.py [--activities N] [--accounts N] [--seed N]
        [--store sqlite:////tmp/bench.db]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

import numpy as np

from leadlink.scoring.activities import ACTIVITY_TYPES, ActivityType
from leadlink.scoring.model import load_scoring_model
from leadlink.scoring.trend import TREND_CODES
from leadlink.scoring.vectorized import ActivityArrays, score_accounts_arrays

PEOPLE_PER_ACCOUNT = 12
TYPE_SHARE = {
    ActivityType.EMAIL_OPEN: 0.35,
    ActivityType.PAGE_VISIT: 0.25,
    ActivityType.EMAIL_CLICK: 0.12,
    ActivityType.INTENT_SIGNAL: 0.08,
    ActivityType.CONTENT_DOWNLOAD: 0.06,
    ActivityType.WEBINAR_REGISTRATION: 0.04,
    ActivityType.FORM_FILL: 0.04,
    ActivityType.WEBINAR_ATTENDANCE: 0.025,
    ActivityType.EVENT_ATTENDANCE: 0.015,
    ActivityType.CONTACT_US: 0.005,
    ActivityType.DEMO_REQUEST: 0.005,
}


def synthetic(n_acts: int, n_accounts: int, now: datetime, seed: int) -> ActivityArrays:
    """Skewed synthetic activity arrays over the last year."""
    rng = np.random.default_rng(seed)
    busy = rng.pareto(1.2, n_accounts) + 1.0
    account = rng.choice(n_accounts, size=n_acts, p=busy / busy.sum()).astype(np.int32)
    person = account.astype(np.int64) * PEOPLE_PER_ACCOUNT + rng.integers(
        0, PEOPLE_PER_ACCOUNT, n_acts
    )
    shares = np.array([TYPE_SHARE[t] for t in ACTIVITY_TYPES])
    type_code = rng.choice(len(ACTIVITY_TYPES), size=n_acts, p=shares / shares.sum())
    age = rng.exponential(60 * 86_400.0, n_acts).clip(0, 365 * 86_400.0)
    return ActivityArrays(account, person, type_code.astype(np.int8), now.timestamp() - age)


def main() -> None:
    """Generate, score, print timings and a summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=10_000_000)
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", help="Also run end to end on this (empty) database URL.")
    args = parser.parse_args()
    if args.store:
        bench_store(args.store, args.activities, args.accounts, args.seed)
        return
    now = datetime(2026, 11, 22, tzinfo=UTC)
    model = load_scoring_model()
    t0 = time.perf_counter()
    arrays = synthetic(args.activities, args.accounts, now, args.seed)
    t1 = time.perf_counter()
    known = np.full(args.accounts, PEOPLE_PER_ACCOUNT, dtype=np.int64)
    icp = np.random.default_rng(args.seed).choice([0.0, 2.0, 8.0, 10.0, 15.0], args.accounts)
    result = score_accounts_arrays(
        arrays, n_accounts=args.accounts, known_people=known, icp_points=icp, now=now, model=model
    )
    t2 = time.perf_counter()
    qualified = int((result.total >= model.qualification.account_threshold).sum())
    trends = np.bincount(result.trend, minlength=len(TREND_CODES))
    print(f"activities {args.activities:,}  accounts {args.accounts:,}")
    print(f"generate {t1 - t0:.2f} s   rescore {t2 - t1:.2f} s   (goal <= 60 s)")
    print(f"mean score {result.total.mean():.1f}  max {result.total.max():.1f}  "
          f"at/above threshold {qualified:,}")  # fmt: skip
    print(
        "trends " + ", ".join(f"{t.value} {n:,}" for t, n in zip(TREND_CODES, trends, strict=True))
    )


def populate_store(url: str, arrays: ActivityArrays, n_accounts: int, now: datetime) -> float:
    """Write accounts, contacts and the activities into a fresh store; return seconds taken."""
    from sqlalchemy import insert

    from leadlink.store.db import connect, upgrade
    from leadlink.store.models import AccountRow, ActivityRow, ContactRow
    from leadlink.store.models.base import table_of

    started = time.perf_counter()
    engine = connect(url)
    upgrade(engine)
    types = [t.value for t in ACTIVITY_TYPES]
    n_people = n_accounts * PEOPLE_PER_ACCOUNT
    with engine.begin() as conn:
        conn.execute(
            insert(table_of(AccountRow)),
            [{"id": f"A{i}", "name": f"Account {i}"} for i in range(n_accounts)],
        )
        conn.execute(
            insert(table_of(ContactRow)),
            [{"id": f"C{p}", "account_id": f"A{p // PEOPLE_PER_ACCOUNT}"} for p in range(n_people)],
        )
    stamps = [datetime.fromtimestamp(t, UTC) for t in arrays.ts.tolist()]
    people, codes = arrays.person.tolist(), arrays.type_code.tolist()
    for start in range(0, len(stamps), 200_000):
        rows = [
            {
                "id": f"E{i}",
                "person_id": f"C{people[i]}",
                "person_type": "contact",
                "type": types[codes[i]],
                "occurred_at": stamps[i],
            }
            for i in range(start, min(start + 200_000, len(stamps)))
        ]
        with engine.begin() as conn:
            conn.execute(insert(table_of(ActivityRow)), rows)
    engine.dispose()
    return time.perf_counter() - started


def bench_store(url: str, n_acts: int, n_accounts: int, seed: int) -> None:
    """End to end: populate a store, then time `rescore` and `apply_statuses` on it."""
    from leadlink.scoring.service.rescore import rescore
    from leadlink.scoring.service.statuses import apply_statuses
    from leadlink.store.db import open_store

    now = datetime(2026, 11, 22, tzinfo=UTC)
    arrays = synthetic(n_acts, n_accounts, now, seed)
    print(f"store {url}: populated in {populate_store(url, arrays, n_accounts, now):.1f} s")
    factory = open_store(url)
    t0 = time.perf_counter()
    summary = rescore(factory, now=now)
    t1 = time.perf_counter()
    result = apply_statuses(factory, now=now)
    t2 = time.perf_counter()
    print(
        f"rescore {t1 - t0:.1f} s ({summary.accounts:,} accounts, {summary.people_scored:,} "
        f"people, {summary.activities:,} activities); apply_statuses {t2 - t1:.1f} s "
        f"({result.contacts_changed:,} contacts, {result.accounts_changed:,} accounts changed)"
    )


if __name__ == "__main__":
    main()

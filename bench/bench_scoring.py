"""Benchmark: rescore 200,000 accounts from 10,000,000 activities with the vectorised scorer.

Generates the arrays synthetically (skewed: a few accounts are very busy, many are quiet), then
times `score_accounts_arrays`. Goal (issue 5): <= 60 s. Usage:
    .venv/bin/python bench/bench_scoring.py [--activities N] [--accounts N] [--seed N]
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
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()

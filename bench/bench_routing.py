"""Benchmark: route 100,000 synthetic leads with the shipped default rules (goal: <= 10 s).

Run: `.venv/bin/python bench/bench_routing.py [--leads N] [--seed S]`. Prints the time, the rate
and how the leads were spread over the rules, and returns a dict when called as `run()`.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from leadlink.routing import (
    AccountFacts,
    LeadFacts,
    MatchFacts,
    Opportunity,
    Router,
    RoutingContext,
    UserInfo,
    load_rules,
)

COUNTRIES = ["DE", "AT", "CH", "FR", "GB", "US", "US", "US", "CA", "AU", "JP", "BR", "IN", "NL"]
STATES = ["CA", "NY", "TX", "WA", "MA", ""]
TYPES = ["Prospect", "Prospect", "Prospect", "Customer", "Partner", "Competitor"]


def _users(rng: random.Random) -> dict[str, UserInfo]:
    ids = [f"ae-{i}" for i in range(40)] + [f"sdr-{i}" for i in range(30)]
    teams = [("EMEA", "Europe/Berlin"), ("NA", "America/New_York"), ("APAC", "Australia/Sydney")]
    users: dict[str, UserInfo] = {}
    for i, u in enumerate(ids):
        team, zone = teams[i % 3]
        users[u] = UserInfo(
            u,
            active=rng.random() > 0.05,
            out_of_office=rng.random() < 0.05,
            timezone=zone,
            working_hours=(8, 18) if u.startswith("sdr-") else None,
            role="SDR" if u.startswith("sdr-") else "AE",
            team=team,
        )
    return users


def _accounts(rng: random.Random, n: int) -> list[AccountFacts]:
    out: list[AccountFacts] = []
    for i in range(n):
        out.append(
            AccountFacts(
                id=f"A{i}",
                name=f"Company {i}",
                type=rng.choice(TYPES),
                owner=f"ae-{rng.randrange(40)}" if rng.random() < 0.8 else "",
                sdr_owner=f"sdr-{rng.randrange(30)}" if rng.random() < 0.4 else "",
                country=rng.choice(COUNTRIES),
                state=rng.choice(STATES),
                employees=rng.choice([10, 50, 200, 1500, 20000]),
                parent_id=f"A{rng.randrange(i)}" if i and rng.random() < 0.2 else "",
            )
        )
    return out


def contexts(n: int, seed: int = 7) -> list[RoutingContext]:
    """`n` synthetic routing contexts: about 60% matched, 10% with an open opportunity."""
    rng = random.Random(seed)
    users = _users(rng)
    accounts = _accounts(rng, max(10, n // 5))
    by_id = {a.id: a for a in accounts}
    out: list[RoutingContext] = []
    for i in range(n):
        lead = LeadFacts(
            id=f"L{i}",
            country=rng.choice(COUNTRIES),
            state=rng.choice(STATES),
            employees=rng.choice([None, 20, 500, 5000]),
            score=rng.choice([None, 5.0, 40.0, 80.0]),
            lead_source=rng.choice(["web", "event", "partner"]),
        )
        if rng.random() < 0.6:
            acc = rng.choice(accounts)
            parent = by_id.get(acc.parent_id)
            opp = Opportunity(f"O{i}", "Negotiation", f"ae-{rng.randrange(40)}")
            out.append(
                RoutingContext(
                    lead=lead,
                    match=MatchFacts("matched", acc.id, 0.95, "same domain"),
                    account=acc,
                    parent=parent,
                    ultimate_parent=parent,
                    opportunity=opp if rng.random() < 0.1 else None,
                    users=users,
                )
            )
        else:
            out.append(RoutingContext(lead=lead, users=users))
    return out


def run(n: int = 100_000, seed: int = 7) -> dict[str, Any]:
    """Route `n` leads; the figures are what this machine measured."""
    ctxs = contexts(n, seed)
    router = Router(load_rules())
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    start, cpu = time.perf_counter(), time.process_time()
    decisions = [router.route(c, now=now) for c in ctxs]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    by_rule = Counter(d.rule_id for d in decisions)
    return {
        "leads": n,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "per_second": int(n / seconds),
        **by_rule,
    }


def run_store(n: int = 100_000, seed: int = 7, url: str | None = None) -> dict[str, Any]:
    """Route `n` leads through the store (SQLite in a temp dir unless `url`): dry run, then real."""
    import tempfile

    from leadlink.routing.service.batch import route_leads
    from leadlink.store.db import connect, session_factory, upgrade
    from leadlink.store.models import AccountRow, LeadRow, LinkRow

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(url or f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        factory = session_factory(engine)
        n_accounts = max(10, n // 5)
        with factory() as s, s.begin():
            s.add_all(
                AccountRow(
                    id=f"A{i}",
                    owner=f"ae-{i % 40}" if i % 5 else "",
                    sdr_owner=f"sdr-{i % 30}" if i % 3 == 0 else "",
                    country=rng.choice(COUNTRIES),
                    type=rng.choice(TYPES),
                )
                for i in range(n_accounts)
            )
            s.add_all(
                LeadRow(id=f"L{i:07d}", country=rng.choice(COUNTRIES), extra={"score": 50})
                for i in range(n)
            )
            s.flush()
            s.add_all(
                LinkRow(
                    lead_id=f"L{i:07d}",
                    account_id=f"A{rng.randrange(n_accounts)}",
                    decision="matched",
                    confidence=0.9,
                )
                for i in range(0, n, 2)
            )
        start = time.perf_counter()
        route_leads(factory, dry_run=True)
        dry = time.perf_counter() - start
        start = time.perf_counter()
        done = route_leads(factory, dry_run=False)
        real = time.perf_counter() - start
        engine.dispose()
    return {
        "leads": n,
        "routed": done.routed,
        "dry_run_s": round(dry, 2),
        "write_s": round(real, 2),
    }


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", action="store_true", help="also route through the store")
    parser.add_argument("--db", default=None, help="store URL for --store (default temp SQLite)")
    args = parser.parse_args()
    if args.store:
        got = run_store(args.leads, args.seed, args.db)
        print(
            f"store: {got['routed']:,} leads routed and written in {got['write_s']} s "
            f"(dry run {got['dry_run_s']} s)"
        )
    result = run(args.leads, args.seed)
    print(
        f"routed {result['leads']:,} leads in {result['seconds']} s wall, "
        f"{result['cpu_seconds']} s CPU ({result['per_second']:,}/s)"
    )
    for key, value in result.items():
        if key not in ("leads", "seconds", "cpu_seconds", "per_second"):
            print(f"  {key:<24} {value:>7,}")
    print("goal <= 10 s:", "met" if result["seconds"] <= 10 else "NOT met")


if __name__ == "__main__":
    main()

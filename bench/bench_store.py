"""Benchmark of the store: import N leads (default 1M) into SQLite and/or PostgreSQL.

Usage: python bench/bench_store.py [--leads 1000000] [--db URL ...] [--csv FILE]
Writes a synthetic leads file (unless --csv is given), imports it into a fresh database, then
imports it again (the idempotent pass) and prints the figures.

With --crm DIR (a `leadlink generate --crm` directory) it instead imports every file, runs the
pipeline in full, runs it again (nothing to do), adds 1,000 new leads and runs incrementally.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from leadlink.store.db import connect, session_factory, upgrade
from leadlink.store.importer import import_file

HEADER = [
    "id", "first_name", "last_name", "title", "email", "company", "website", "phone", "street",
    "city", "state", "postal_code", "country", "lead_source", "status", "created_at",
]  # fmt: skip
WORDS = ["acme", "globex", "initech", "umbrella", "stark", "wayne", "tyrell", "cyberdyne", "hooli"]


def write_leads(path: Path, n: int, seed: int = 7) -> None:
    """A synthetic leads file of n rows (values look like a CRM export)."""
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(n):
            company = f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS).title()} {i % 50_000}"
            domain = company.lower().replace(" ", "") + ".com"
            writer.writerow(
                [f"L{i:07d}", f"First{i % 997}", f"Last{i % 991}", "Director", f"p{i}@{domain}",
                 company, domain, f"+1 555 {i % 10_000:04d}", f"{i % 300} Main St", "Springfield",
                 "IL", f"{60000 + i % 999}", "US", "Web", "Open", "2024-05-01T10:00:00Z"]
            )  # fmt: skip


def bench(url: str, path: Path) -> None:
    """Import `path` twice into a fresh store at `url` and print the timings."""
    engine = connect(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS bench_store CASCADE"))
            conn.execute(text("CREATE SCHEMA bench_store"))
        engine.dispose()
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}options=-csearch_path%3Dbench_store"
        engine = connect(url)
    upgrade(engine)
    factory = session_factory(engine)
    for label in ("first import", "re-import (unchanged)"):
        started, cpu = time.perf_counter(), time.process_time()
        s = import_file(factory, "leads", path)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{engine.dialect.name:10} {label:22} {s.read:>9,} rows  {took:6.1f} s "
            f"(cpu {cpu:5.1f} s)  "
            f"({s.read / took:,.0f} rows/s; inserted {s.inserted:,}, unchanged {s.unchanged:,})"
        )
    engine.dispose()


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--db", action="append", default=[])
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--crm", type=Path)
    parser.add_argument("--incremental", action="store_true", help="with --crm: existing store")
    args = parser.parse_args()
    if args.crm:
        from bench_pipeline import bench_crm, bench_incremental

        for url in args.db or ["sqlite:///bench-crm.db"]:
            (bench_incremental if args.incremental else bench_crm)(url, args.crm)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.csv or Path(tmp) / "leads.csv"
        if args.csv is None:
            started = time.perf_counter()
            write_leads(path, args.leads)
            print(f"wrote {args.leads:,} leads in {time.perf_counter() - started:.1f} s")
        for url in args.db or [f"sqlite:///{Path(tmp) / 'bench.db'}"]:
            bench(url, path)


if __name__ == "__main__":
    main()

"""Pipeline figures on a generated CRM (called by bench_store.py --crm DIR)."""

from __future__ import annotations

import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from leadlink.pipeline import run, summarize
from leadlink.store.db import connect, session_factory, upgrade
from leadlink.store.importer import import_file

FILES = ("users", "accounts", "contacts", "opportunities", "contracts", "leads", "activities",
         "campaign_members")  # fmt: skip


def _fresh(url: str) -> str:
    """A fresh database at `url` (a new schema on PostgreSQL); returns the URL to use."""
    engine = connect(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS bench_crm CASCADE"))
            conn.execute(text("CREATE SCHEMA bench_crm"))
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}options=-csearch_path%3Dbench_crm"
    engine.dispose()
    return url


def _timed(label: str, fn: object) -> object:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()  # type: ignore[operator]
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label:38} {took:7.1f} s wall  {cpu:7.1f} s cpu", flush=True)
    return result


def _new_leads(source: Path, target: Path, n: int = 1000, prefix: str = "NEW") -> None:
    """n new leads: copies of the first n with new ids."""
    with (
        source.open(encoding="utf-8") as src,
        target.open("w", newline="", encoding="utf-8") as out,
    ):
        reader, writer = csv.reader(src), csv.writer(out)
        writer.writerow(next(reader))
        for i, row in enumerate(reader):
            if i >= n:
                break
            writer.writerow([f"{prefix}{i:06d}", *row[1:]])


LEADLINK = Path(sys.executable).with_name("leadlink")


def _cli(label: str, *args: str) -> None:
    """Time a `leadlink` command in a fresh process, as a user (or cron) runs it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(LEADLINK), *args], capture_output=True, text=True, check=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"  {label:42} {took:7.1f} s wall  {cpu:7.1f} s cpu (all processes)", flush=True)
    print("    " + " ".join(done.stdout.split())[-200:])


def bench_cli(url: str, crm: Path) -> None:
    """The store's runs from the command line: first routing, run --full, 1,000 new leads."""
    _cli("leadlink route (every lead, first time)", "route", "--db", url)
    _cli("leadlink run --full (all matched before)", "run", "--full", "--db", url)
    with tempfile.TemporaryDirectory() as tmp:
        new = Path(tmp) / "new.csv"
        _new_leads(crm / "leads.csv", new, prefix="CLI")
        _cli("leadlink import 1,000 new leads", "import", "leads", str(new), "--db", url)
    _cli("leadlink run (1,000 new leads)", "run", "--db", url)


def bench_crm(url: str, crm: Path) -> None:
    """Import a generated CRM, run full, rerun, add 1,000 leads and run incrementally."""
    url = _fresh(url)
    engine = connect(url)
    upgrade(engine)
    factory = session_factory(engine)
    print(f"{engine.dialect.name}: {crm}")
    for kind in FILES:
        path = crm / f"{kind}.csv"
        summary = _timed(f"import {kind}", lambda p=path, k=kind: import_file(factory, k, p))
        print(f"    {summary.read:,} rows, {summary.rejected:,} rejected")  # type: ignore[attr-defined]
    first = _timed("run (first, every lead)", lambda: run(factory))
    print(f"    {first}")
    second = _timed("run again (nothing changed)", lambda: run(factory))
    print(f"    {second}")
    with tempfile.TemporaryDirectory() as tmp:
        new = Path(tmp) / "new.csv"
        _new_leads(crm / "leads.csv", new)
        _timed("import 1,000 new leads", lambda: import_file(factory, "leads", new))
    third = _timed("run (1,000 new leads)", lambda: run(factory))
    print(f"    {third}")
    s = summarize(factory)
    print(f"    matched {s.matched:,}, review {s.review:,}, unmatched {s.unmatched:,}")
    engine.dispose()
    bench_cli(url, crm)


def bench_incremental(url: str, crm: Path) -> None:
    """On a store already loaded and run: two rounds of 1,000 new leads + an incremental run
    (the first round builds the matcher, the second reuses it as a long-lived process would)."""
    engine = connect(url)
    factory = session_factory(engine)
    print(f"{engine.dialect.name}: incremental runs on the existing store")
    _timed("run (nothing changed)", lambda: run(factory))
    for round_ in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            new = Path(tmp) / "new.csv"
            _new_leads(crm / "leads.csv", new, prefix=f"R{round_}N")
            _timed(
                f"import 1,000 new leads (round {round_})",
                lambda new=new: import_file(factory, "leads", new),
            )
        summary = _timed(f"run, 1,000 new leads (round {round_})", lambda: run(factory))
        print(f"    {summary}")
    engine.dispose()

"""Old and new code measured at the same time, one core each: for a machine whose speed drifts.

usage: .venv/bin/python bench/side_by_side.py match --base REV [--accounts 100000 --leads 27000]
                                                  [--distinct]
       .venv/bin/python bench/side_by_side.py match --base REV --swap [--rounds 4]
       .venv/bin/python bench/side_by_side.py pipeline --base REV --store FRESH.db
       .venv/bin/python bench/side_by_side.py pipeline --base REV --pg-template DBNAME

`match`: per-lead CPU of `Matcher.match` in one process (best of four passes) on the generated
1M / 200k files (or those in `--data DIR`). `pipeline`: CPU and wall time of a first run in one
process on a copy of a fresh store (a `leadlink import`ed CRM): a SQLite file, or a PostgreSQL
database copied from the template database DBNAME on 127.0.0.1 (the server's work then counts
in the wall time only), with a stand-in matcher so that only the pipeline's own work counts.
REV is checked out in a temporary git worktree; each side runs pinned to its own core
(`taskset`), so both see the same machine. Prints one line per side. The two cores' speeds
have differed by up to 40%: `--swap` runs rounds (two unless `--rounds`) with the sides on
alternate cores, and prints this/base per round and their geometric mean.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "out" / "data" / "l1000000_a200000_s7"
PSQL = ["psql", "-U", "postgres", "-h", "127.0.0.1", "-d", "postgres"]

MATCH = """
import itertools, sys, time
from leadlink.io.csvio import read_accounts, read_leads
from leadlink.matching.engine import Matcher
from leadlink.perf import freeze_heap
data, n_acc, n_leads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
distinct = sys.argv[4] == "1"  # each pass on its own leads: no unfair cache hit
accounts = read_accounts(data + "/accounts.csv", [])[:n_acc]
n_read = 1000 + (4 if distinct else 1) * (n_leads - 1000)
leads = list(itertools.islice(read_leads(data + "/leads.csv", []), n_read))
matcher = Matcher.build(accounts)
freeze_heap()
for lead in leads[:1000]:
    matcher.match(lead)  # warm the caches
best = float("inf")
for k in range(4):
    start = 1000 + (k * (n_leads - 1000) if distinct else 0)
    batch = leads[start : start + n_leads - 1000]
    started = time.process_time()
    for lead in batch:
        matcher.match(lead)
    best = min(best, (time.process_time() - started) / len(batch))
print(f"{best * 1e6:.1f} us/lead (best of 4{', distinct leads' if distinct else ''})")
"""

PIPELINE = """
import sys, time, zlib
from collections import namedtuple
from leadlink.pipeline import run
from leadlink.store.db import connect, session_factory
Result = namedtuple("Result", "account_id decision confidence reason runner_up_id "
                    "runner_up_confidence rule")
DECISIONS = ("matched", "matched", "matched", "review", "unmatched", "unmatched")

class StandIn:
    def __init__(self, accounts):
        self.ids = [a.id for a in accounts]

    def match(self, lead, *, exclude=frozenset()):
        h = zlib.crc32(lead.id.encode())
        decision = DECISIONS[h % 6]
        account = self.ids[h % len(self.ids)] if decision != "unmatched" else None
        reason = f"Same e-mail domain x{h % 997}.com; name 'X' ~ 'X Inc'"
        return Result(account, decision, 0.9, reason, self.ids[(h >> 3) % len(self.ids)],
                      0.05, "threshold_match")

factory = session_factory(connect(sys.argv[1]))
started, wall = time.process_time(), time.perf_counter()
summary = run(factory, matcher_factory=StandIn, workers=1)
print(f"{time.process_time() - started:.1f} s CPU, {time.perf_counter() - wall:.1f} s wall, "
      f"{summary.links_written:,} links, {summary.enriched:,} enriched")
"""


def _side(src: Path, core: int, code: str, args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = ["taskset", "-c", str(core), sys.executable, "-c", code, *args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)


def _first_number(out: str) -> float:
    """The figure a side printed first (us/lead, or s CPU); 0 when it printed none."""
    found = re.search(r"\d+(?:\.\d+)?", out)
    return float(found.group()) if found else 0.0


def _copy_store(store: Path | None, template: str | None, tmp: Path, name: str) -> str | None:
    """A copy of the fresh store for one side; returns its URL."""
    if template:
        copy = f"sbs_{name}"
        create = f"CREATE DATABASE {copy} TEMPLATE {template}"
        for sql in (f"DROP DATABASE IF EXISTS {copy}", create):
            subprocess.run([*PSQL, "-q", "-c", sql], check=True)
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{copy}"
    if store:
        shutil.copy(store, tmp / f"{name}.db")
        return f"sqlite:///{tmp / f'{name}.db'}"
    return None


def main() -> None:
    """Check out the base, run both sides at once, print their figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=("match", "pipeline"))
    parser.add_argument("--base", required=True, help="the revision to compare with")
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--leads", type=int, default=27_000)
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="match: each pass on other leads (fair to caches of lead values)",
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="match: a folder with accounts.csv and leads.csv"
    )
    parser.add_argument(
        "--swap",
        action="store_true",
        help="swap the two sides' cores every round (the cores' speeds differ by up to 40%%)",
    )
    parser.add_argument(
        "--rounds", type=int, default=0, help="rounds to run (default: 2 with --swap, else 1)"
    )
    parser.add_argument("--store", type=Path, help="pipeline: a fresh SQLite store to copy")
    parser.add_argument("--pg-template", help="pipeline: a fresh PostgreSQL database to copy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base),
                        args.base], check=True)  # fmt: skip
        try:
            sides = {"base": base / "src", "this": ROOT / "src"}
            rounds = args.rounds or (2 if args.swap else 1)
            ratios = []
            for r in range(rounds):
                shift = r % 2 if args.swap else 0  # odd rounds: each side on the other core
                procs, cores = {}, {}
                for k, (name, src) in enumerate(sides.items()):
                    cores[name] = core = (k + shift) % 2
                    if args.what == "match":
                        sizes = [str(args.accounts), str(args.leads), str(int(args.distinct))]
                        extra = [str(args.data), *sizes]
                        procs[name] = _side(src, core, MATCH, extra)
                    else:
                        url = _copy_store(args.store, args.pg_template, Path(tmp), name)
                        if url is None:
                            parser.error("pipeline needs --store or --pg-template")
                        procs[name] = _side(src, core, PIPELINE, [url])
                figures = {}
                for name, proc in procs.items():
                    out, _ = proc.communicate()
                    figures[name] = _first_number(out)
                    label = args.base if name == "base" else "working tree"
                    head = f"round {r + 1}, core {cores[name]}: " if rounds > 1 else ""
                    print(f"{head}{name:5} ({label}): {out.strip()}", flush=True)
                if figures["base"]:
                    ratios.append(figures["this"] / figures["base"])
            if len(ratios) > 1:
                mean = math.prod(ratios) ** (1 / len(ratios))
                listed = ", ".join(f"{x:.3f}" for x in ratios)
                print(f"this / base: {listed}; geometric mean {mean:.3f}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                           check=False)  # fmt: skip


if __name__ == "__main__":
    main()

"""Benchmark: generate 1,000,000 leads with 200,000 accounts (goal: < 60 s on 2 cores).

Run: `.venv/bin/python bench/bench_generate.py [--accounts N] [--leads M] [--workers W]
[--no-crm] [--out DIR]`. Prints the time of each phase, the total, the rows and the file sizes,
and returns a dict when called as `run()`. The files go to bench/out/generate unless --out says.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path
from typing import Any

from leadlink.synth.service import generate_crm


def run(
    accounts: int = 200_000,
    leads: int = 1_000_000,
    workers: int = 2,
    crm: bool = True,
    out: Path | None = None,
) -> dict[str, Any]:
    """Generate once into `out` (emptied first) and return timings, row counts and sizes."""
    out = out or Path(__file__).parent / "out" / "generate"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    phases: dict[str, float] = {}
    last = [started, "start"]

    def progress(message: str) -> None:
        phase = message.split()[0]
        if phase != last[1]:
            now = time.perf_counter()
            phases[str(last[1])] = round(now - float(last[0]), 2)
            last[:] = [now, phase]

    summary = generate_crm(
        accounts=accounts, leads=leads, out_dir=out, seed=1, crm=crm, workers=workers,
        progress=progress,
    )  # fmt: skip
    total = time.perf_counter() - started
    phases[str(last[1])] = round(time.perf_counter() - float(last[0]), 2)
    phases.pop("start", None)
    return {
        "accounts": summary.accounts,
        "leads": summary.leads,
        "workers": workers,
        "crm": crm,
        "seconds": round(total, 2),
        "phases": phases,
        "rows": summary.rows,
        "megabytes": {k: round(v / 1e6, 1) for k, v in summary.bytes.items()},
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--accounts", type=int, default=200_000)
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-crm", action="store_true")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    result = run(args.accounts, args.leads, args.workers, not args.no_crm, args.out)
    print(
        f"generate {result['leads']:,} leads / {result['accounts']:,} accounts "
        f"(crm={result['crm']}, workers={result['workers']}): {result['seconds']} s "
        f"(goal < 60 s; 1-min load average at the end {result['load_average']:.1f})"
    )
    print("phases:", ", ".join(f"{k} {v} s" for k, v in result["phases"].items()))
    print("rows:", ", ".join(f"{k} {v:,}" for k, v in result["rows"].items()))
    print(
        "MB:",
        ", ".join(f"{k} {v}" for k, v in result["megabytes"].items()),
        f"(total {sum(result['megabytes'].values()):.0f})",
    )


if __name__ == "__main__":
    main()

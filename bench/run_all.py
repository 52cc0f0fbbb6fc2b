"""Run every benchmark in turn (`make bench`); each script prints its own figures.

usage: .venv/bin/python bench/run_all.py [--quick]

--quick uses small sizes (a smoke run of every script); without it the sizes are the issues'
goals: 1M leads / 200k accounts for matching and generation, 1M-lead imports, 100k routed leads,
10M activities over 200k accounts. Run it on a quiet machine: other load inflates wall times.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def steps(quick: bool) -> list[list[str]]:
    """The benchmark commands, smallest first."""
    if quick:
        return [
            ["bench_generate.py", "--accounts", "2000", "--leads", "10000", "--no-crm"],
            ["bench_match.py", "--sizes", "10000:20000", "--latency", "20000", "--quality"],
            ["bench_routing.py", "--leads", "10000"],
            ["bench_scoring.py", "--activities", "200000", "--accounts", "5000"],
            ["bench_store.py", "--leads", "20000"],
        ]
    return [
        ["bench_generate.py"],
        [
            "bench_match.py",
            "--sizes",
            "10000:20000,100000:100000,1000000:200000",
            "--latency",
            "200000",
            "--quality",
        ],
        ["peers.py", str(HERE / "out" / "data" / "l10000_a20000_s7")],
        ["bench_routing.py"],
        ["bench_scoring.py"],
        ["bench_store.py"],
    ]


def main() -> int:
    """Run the steps; stop at the first failure."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    for step in steps(args.quick):
        print(f"== {' '.join(step)}", flush=True)
        if subprocess.run([PY, str(HERE / step[0]), *step[1:]]).returncode:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

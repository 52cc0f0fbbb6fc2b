"""Matching benchmarks: quality, batch time and peak memory, index build time, single-lead latency.

usage: .venv/bin/python bench/bench_match.py [--sizes 10000:20000,100000:100000] [--latency]
       [--quality] [--out bench/out/match.json]

Sizes are LEADS:ACCOUNTS pairs; data comes from `leadlink generate` (cached under bench/out/data).
Batch runs go through the real CLI in a child process, so wall time and peak memory (max RSS of
the process tree, from /usr/bin/time when present, else getrusage) are what a user sees.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "bench" / "out"
SHARED = ROOT.parent / "shared" / "bench"


def dataset(leads: int, accounts: int, seed: int = 7) -> Path:
    """A generated CRM of the given size, made once and reused."""
    folder = OUT / "data" / f"l{leads}_a{accounts}_s{seed}"
    if not (folder / "truth.csv").exists():
        subprocess.run(
            [
                str(BIN / "leadlink"),
                "generate",
                "--accounts",
                str(accounts),
                "--leads",
                str(leads),
                "--out",
                str(folder),
                "--seed",
                str(seed),
                "--no-crm",
            ],
            check=True,
        )
    return folder


def _tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _tree_pss_kb(pid: int) -> int:
    """The proportional set size of a process tree: pages shared copy-on-write counted once."""
    total = 0
    for member in _tree(pid):
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in text.splitlines() if line[:4] == "Pss:"), 0)
    return total


def timed(cmd: list[str]) -> tuple[float, float, float, float, str]:
    """Run a command under /usr/bin/time: wall s, CPU s (user+sys, tree), peak RSS GB, peak
    memory of the whole tree GB, summary.

    Peak RSS is the largest process of the tree (the parent, or one forked worker). The tree's
    memory is its summed PSS, sampled every 0.2 s: workers that share an index copy-on-write
    count it once, workers with their own index count each.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        ["/usr/bin/time", "-f", "maxrss_kb=%M cpu_s=%U+%S", *cmd],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    tree_kb = 0
    while proc.poll() is None:
        tree_kb = max(tree_kb, _tree_pss_kb(proc.pid))
        time.sleep(0.2)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"{cmd[:3]} failed: {stderr[-800:]}")
    lines = stderr.strip().splitlines()
    stats = [line for line in lines if line.startswith("maxrss_kb=")]
    cpu = sum(float(x) for x in stats[-1].split("cpu_s=")[1].split("+")) if stats else 0.0
    # Only this command's own figure: RUSAGE_CHILDREN would carry an earlier, larger run's peak.
    peak_kb = max([int(line.split()[0].split("=", 1)[1]) for line in stats] or [0])
    summary = " ".join(line.strip() for line in lines if not line.startswith("maxrss_kb="))
    start = summary.rfind(" leads against ")
    start = summary.rfind("\n", 0, start) + 1 if start >= 0 else 0
    gb = 1024 * 1024
    return wall, cpu, peak_kb / gb, tree_kb / gb, " ".join(summary[start:].split())


def batch(leads: int, accounts: int) -> dict[str, object]:
    """`leadlink match` end to end on one size, then its quality against the truth."""
    folder = dataset(leads, accounts)
    out = folder / "matches.csv"
    cmd = [
        str(BIN / "leadlink"),
        "match",
        "--accounts",
        str(folder / "accounts.csv"),
        "--leads",
        str(folder / "leads.csv"),
        "--out",
        str(out),
    ]
    wall, cpu, peak, tree, summary = timed(cmd)
    quality = evaluate(folder / "truth.csv", out)
    return {
        "leads": leads,
        "accounts": accounts,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "peak_rss_gb": round(peak, 3),
        "peak_tree_pss_gb": round(tree, 3),
        "summary": summary,
        **quality,
    }


def evaluate(truth: Path, matches: Path) -> dict[str, float]:
    """Precision, recall, review rate with the project's evaluator."""
    import csv

    from leadlink.matching.evaluate import MatchRow, evaluate

    with truth.open(encoding="utf-8") as fh:
        labels = {r["lead_id"]: r["account_id"] for r in csv.DictReader(fh)}
    with matches.open(encoding="utf-8") as fh:
        rows = {
            r["lead_id"]: MatchRow(
                r["account_id"], r["decision"], float(r["confidence"]), r["reason"]
            )
            for r in csv.DictReader(fh)
        }
    report = evaluate(labels, rows)
    return {
        "precision": round(report.precision, 4),
        "recall": round(report.recall, 4),
        "f1": round(report.f1, 4),
        "review_rate": round(report.review_rate, 4),
    }


def latency(accounts: int, samples: int = 2000) -> dict[str, float]:
    """Index build time and per-lead latency in process (p50, p99), on generated data.

    Measured on the leadlink this Python imports, as the CLI runs it: the installed build
    (compiled by mypyc unless installed with `make dev`), not the sources under src/.
    """
    from itertools import islice

    from leadlink.io.csvio import read_accounts, read_leads
    from leadlink.matching import Matcher, engine

    folder = dataset(samples, accounts)
    errors: list = []
    accs = read_accounts(folder / "accounts.csv", errors)
    t0 = time.perf_counter()
    matcher = Matcher.build(accs)
    build = time.perf_counter() - t0
    leads = list(islice(read_leads(folder / "leads.csv", errors), samples))
    times = []
    for lead in leads:
        t = time.perf_counter()
        matcher.match(lead)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "accounts": accounts,
        "index_build_s": round(build, 2),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 3),
        "compiled": not engine.__file__.endswith(".py"),
    }


def dev_sets() -> str:
    """The shared scorer over the shared labelled sets."""
    cmd = [
        str(BIN / "python"),
        str(SHARED / "score.py"),
        "--cmd",
        f"{BIN / 'leadlink'} match --accounts {{accounts}} --leads {{leads}} --out {{out}}",
    ]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout


def main() -> int:
    """Run the chosen benchmarks and write their figures as JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000:20000")
    ap.add_argument("--latency", type=int, default=0, help="accounts for the latency run")
    ap.add_argument("--quality", action="store_true", help="also score the shared dev sets")
    ap.add_argument("--out", type=Path, default=OUT / "match.json")
    args = ap.parse_args()
    results: dict[str, object] = {"batch": []}
    if args.quality and SHARED.exists():
        results["dev_sets"] = dev_sets()
        print(results["dev_sets"])
    for size in filter(None, args.sizes.split(",")):
        leads, accounts = (int(x) for x in size.split(":"))
        row = batch(leads, accounts)
        print(json.dumps(row))
        results["batch"].append(row)  # type: ignore[union-attr]
    if args.latency:
        results["latency"] = latency(args.latency)
        print(json.dumps(results["latency"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

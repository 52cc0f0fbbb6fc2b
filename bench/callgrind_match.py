"""Instructions per lead of `Matcher.match`, counted by callgrind: a figure the machine's drift
and the other work running on it do not move.

usage: .venv/bin/python bench/callgrind_match.py [--accounts-file CSV] [--leads-file CSV]
       [--accounts 100000] [--warm 2000] [--leads 3000] [--keep OUT] [--plain]

The script starts itself again under `valgrind --tool=callgrind --instr-atstart=no`. That
child reads the first `--accounts` accounts, builds the `Matcher` and matches the `--warm`
leads after them uninstrumented (so the build costs no more than a plain valgrind run, and the
caches are warm as in a long run); then it switches instrumentation on from inside the process
(`callgrind_control -i on <its own pid>` through a subprocess, waiting for callgrind to take
the switch), matches the next `--leads` leads, and switches instrumentation off the same way.
The parent reads the instruction total of that dump and divides it by `--leads`; `--keep OUT`
keeps the dump for `callgrind_annotate OUT`.

The switches themselves cost a little: the child waits for `callgrind_control` (blocked in
`waitpid`, where vgdb reaches it through ptrace), and the return from the "on" call and the
start of the "off" call are counted. The child counts that overhead too (an on/off pair around
nothing, dumped before the leads) and it is subtracted; it is printed (about 0.3M instructions,
under 100 per lead).

The code measured is the `leadlink` this Python imports (an installed build, compiled with
mypyc or not, or an editable install); `--plain` puts this checkout's `src` first on the path
instead, for its plain Python sources. The line printed says which it was.

The leads are read from the start of `--leads-file`, the accounts from the start of
`--accounts-file` (by default the generated 1M / 200k files that `bench/bench_match.py --sizes
1000000:200000` makes under bench/out/data). The child runs with
PYTHONHASHSEED=0, so sets and dicts of strings are laid out alike each run: the same code,
arguments and data then give the same count to within a few hundred instructions per lead.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "out" / "data" / "l1000000_a200000_s7"
ACCOUNTS = DATA / "accounts.csv"
LEADS = DATA / "leads.csv"
_TOTAL = re.compile(r"^totals:\s+(\d+)", re.MULTILINE)
_TRIGGER = re.compile(r"^desc: Trigger: (.*)$", re.MULTILINE)


def _switch(state: str) -> None:
    """Turn callgrind's instrumentation on or off for this process, and wait until it has."""
    _control("-i", state)


def _control(*options: str) -> None:
    """Run `callgrind_control` on this process and wait for it.

    It talks to valgrind through vgdb, which interrupts this process while it waits.
    """
    proc = subprocess.Popen(
        ["callgrind_control", *options, str(os.getpid())],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    proc.wait()
    if proc.returncode != 0:
        raise SystemExit(f"callgrind_control {' '.join(options)} failed ({proc.returncode})")


def _child(args: argparse.Namespace) -> None:
    """Under valgrind: build, warm, then count the switches alone and the leads."""
    from leadlink.io.csvio import read_accounts, read_leads
    from leadlink.matching import engine
    from leadlink.matching.engine import Matcher
    from leadlink.perf import freeze_heap

    accounts = read_accounts(args.accounts_file, [])[: args.accounts]
    leads = list(itertools.islice(read_leads(args.leads_file, []), args.warm + args.leads))
    matcher = Matcher.build(accounts)
    freeze_heap()
    compiled = not engine.__file__.endswith(".py")
    print(f"{'compiled' if compiled else 'plain'} {engine.__file__}", flush=True)
    for lead in leads[: args.warm]:
        matcher.match(lead)
    batch = leads[args.warm :]
    match = matcher.match
    _switch("on")  # the overhead pair: counted into its own dump
    _switch("off")
    _dump("overhead")
    _switch("on")
    for lead in batch:
        match(lead)
    _switch("off")
    _dump("leads")


def _dump(name: str) -> None:
    """Write the counts so far to a dump named by its trigger `name`, and zero them."""
    _control("-d", name)


def _dumps(directory: Path) -> dict[str, tuple[int, Path]]:
    """Instruction total and file of the dumps in `directory`, by trigger ('overhead', 'leads')."""
    found = {}
    for path in directory.iterdir():
        text = path.read_text(encoding="utf-8", errors="replace")
        trigger, total = _TRIGGER.search(text), _TOTAL.search(text)
        if trigger is not None and total is not None:
            found[trigger.group(1).removeprefix("dump ")] = (int(total.group(1)), path)
    return found


def main() -> None:
    """Run the child under callgrind, print its instructions per lead."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts-file", type=Path, default=ACCOUNTS)
    parser.add_argument("--leads-file", type=Path, default=LEADS)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--warm", type=int, default=2_000)
    parser.add_argument("--leads", type=int, default=3_000)
    parser.add_argument("--keep", type=Path, help="copy the leads' dump here (callgrind_annotate)")
    parser.add_argument("--plain", action="store_true", help="the plain sources of this checkout")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same sets of strings each run
    if args.plain:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={Path(tmp) / 'callgrind.out'}",
            sys.executable,
            __file__,
            "--child",
            *sys.argv[1:],
        ]
        started = time.perf_counter()
        child = subprocess.run(
            cmd, env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        dumps = _dumps(Path(tmp))
        if args.keep is not None:
            shutil.copy(dumps["leads"][1], args.keep)
    overhead, counted = dumps["overhead"][0], dumps["leads"][0]
    per_lead = (counted - overhead) / args.leads
    print(
        f"{per_lead:,.0f} instructions per lead ({args.leads:,} leads after {args.warm:,}, "
        f"{args.accounts:,} accounts; switch overhead {overhead:,} subtracted; "
        f"{time.perf_counter() - started:.0f} s)\n  code: {child.stdout.strip()}"
    )


if __name__ == "__main__":
    main()

"""Every field of every match result, written out for an identity check between two revisions.

usage: PYTHONPATH=src .venv/bin/python bench/dump_results.py ACCOUNTS.csv LEADS.csv OUT.txt
       [--leads N]

A speed change must not change a decision: run this on the old and the new code and `cmp` the
two files (it prints their SHA-256 too). One line per lead: the repr of the whole MatchResult,
evidence included, so a changed confidence, reason or evidence label shows.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
from pathlib import Path

from leadlink.io.csvio import read_accounts, read_leads
from leadlink.matching.engine import Matcher


def main() -> None:
    """Match the first N leads in one process and write one repr per result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("accounts", type=Path)
    parser.add_argument("leads", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--leads", type=int, default=None, dest="limit")
    args = parser.parse_args()
    matcher = Matcher.build(read_accounts(args.accounts, []))
    digest = hashlib.sha256()
    with args.out.open("w", encoding="utf-8") as handle:
        for lead in itertools.islice(read_leads(args.leads, []), args.limit):
            line = repr(matcher.match(lead)) + "\n"
            handle.write(line)
            digest.update(line.encode("utf-8"))
    print(digest.hexdigest(), args.out)


if __name__ == "__main__":
    main()

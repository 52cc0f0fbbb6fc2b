"""How often each name level is right on generated data: the evidence behind the name levels.

usage: .venv/bin/python bench/name_levels.py [--accounts 20000] [--leads 50000] [--seed 11]

Generates a CRM (the seed the shipped weights are estimated on, unless told otherwise), takes
every candidate pair the index proposes, and counts per name level the pairs whose account is
in the lead's true organisation ("right"), another organisation ("other") and leads whose
organisation has no account ("no account"). docs/matching.md quotes these shares.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from train_defaults import generated_crm, size_arguments  # noqa: E402

from leadlink.io.csvio import iter_records, read_accounts, read_leads  # noqa: E402
from leadlink.matching.engine import Matcher  # noqa: E402
from leadlink.matching.prepare import prepare_lead  # noqa: E402

KINDS = ("right", "other", "no account")


def count_levels(folder: Path) -> Counter[tuple[str, str]]:
    """(name level, kind) -> number of candidate pairs, over the generated CRM in `folder`."""
    errors: list = []
    matcher = Matcher.build(read_accounts(folder / "accounts.csv", errors))
    truth = {
        r["lead_id"]: r["account_id"]
        for _, r in iter_records(folder / "truth.csv", "truth", errors)
    }
    index = matcher.index
    position = {acc.id: acc.idx for acc in index.accounts}
    names = next(c for c in matcher.comparisons if c.name == "name")
    counts: Counter[tuple[str, str]] = Counter()
    for lead in read_leads(folder / "leads.csv", errors):
        prepared = prepare_lead(lead)
        if prepared.name is None:
            continue
        true_id = truth.get(lead.id, "")
        true_cluster = index.cluster_of[position[true_id]] if true_id in position else None
        for i in index.candidates(prepared):
            level = names.level(prepared, index.accounts[i]).level
            if true_cluster is None:
                kind = "no account"
            else:
                kind = "right" if index.cluster_of[i] == true_cluster else "other"
            counts[level, kind] += 1
    return counts


def main() -> int:
    """Generate, count, print one line per level."""
    with generated_crm(size_arguments()) as folder:
        counts = count_levels(folder)
    levels = sorted({level for level, _ in counts}, key=lambda lv: -counts[lv, "right"])
    print(f"{'name level':16s} {'right':>8s} {'other':>8s} {'no acc.':>8s} {'right %':>8s}")
    for level in levels:
        row = [counts[level, kind] for kind in KINDS]
        share = row[0] / sum(row) if sum(row) else 0.0
        print(f"{level:16s} {row[0]:8d} {row[1]:8d} {row[2]:8d} {share:8.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Re-estimate the shipped matching defaults from generated data, reproducibly.

usage: .venv/bin/python bench/train_defaults.py [--accounts 20000] [--leads 50000] [--seed 11]

Generates a CRM with `leadlink generate` (a seed the benchmarks do not evaluate on), estimates m,
u, the prior and the calibration from its truth (`leadlink.matching.train.train_supervised`), and
writes src/leadlink/matching/defaults.yaml with the thresholds and blocking kept from the current
defaults. Labels are kept as they are.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from leadlink.io.csvio import iter_records, read_accounts, read_leads  # noqa: E402
from leadlink.matching.engine import Matcher  # noqa: E402
from leadlink.matching.settings import load_settings  # noqa: E402
from leadlink.matching.train import train_supervised  # noqa: E402
from leadlink.synth.service import generate_crm  # noqa: E402

HEADER = """# Default matching settings. m = P(level | right account), u = P(level | wrong one).
# A level adds log2(m/u) to a candidate's weight. These values were estimated by
# bench/train_defaults.py from {leads} generated leads against {accounts} accounts (seed {seed});
# `leadlink train` re-estimates them from your own labelled pairs (or with EM) in this format.
"""


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return float(f"{value:.5g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def size_arguments() -> argparse.Namespace:
    """--accounts, --leads, --seed: the generated CRM the defaults are estimated on."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=20_000)
    ap.add_argument("--leads", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=11)
    return ap.parse_args()


@contextmanager
def generated_crm(args: argparse.Namespace) -> Iterator[Path]:
    """A temporary folder holding a generated CRM of the given size (accounts, leads, truth)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate_crm(
            accounts=args.accounts, leads=args.leads, out_dir=folder, seed=args.seed, crm=False
        )
        yield folder


def main() -> int:
    """Generate, train, write the defaults."""
    import yaml

    args = size_arguments()
    current = load_settings()
    with generated_crm(args) as folder:
        errors: list = []
        matcher = Matcher.build(read_accounts(folder / "accounts.csv", errors), current)
        leads = list(read_leads(folder / "leads.csv", errors))
        truth = {
            r["lead_id"]: r["account_id"]
            for _, r in iter_records(folder / "truth.csv", "truth", errors)
        }
        trained, table = train_supervised(matcher, leads, truth)
    data = _rounded(trained.model_dump(mode="json"))
    assert isinstance(data, dict)
    data["description"] = (
        f"estimated from {args.leads} generated leads, {args.accounts} accounts, seed {args.seed}"
    )
    text = HEADER.format(**vars(args)) + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    out = ROOT / "src" / "leadlink" / "matching" / "defaults.yaml"
    out.write_text(text, encoding="utf-8")
    print(f"{len(table):,} candidate pairs from {table.leads:,} leads; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

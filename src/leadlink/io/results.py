"""Read truth.csv and matches.csv (the evaluation inputs) with the same per-row error reporting."""

from __future__ import annotations

import math
from pathlib import Path

from leadlink.io.csvio import RowError, iter_records
from leadlink.matching.evaluate import DECISIONS, MatchRow


def read_truth(path: str | Path, errors: list[RowError]) -> dict[str, str]:
    """lead id -> true account id ('' when the lead's organisation has no account)."""
    return {row["lead_id"]: row["account_id"] for _, row in iter_records(path, "truth", errors)}


def read_matches(path: str | Path, errors: list[RowError]) -> dict[str, MatchRow]:
    """lead id -> MatchRow; a row with an unknown decision or a bad confidence is rejected."""
    out: dict[str, MatchRow] = {}
    name = str(path)
    for line, row in iter_records(path, "matches", errors):
        decision = row["decision"].lower()
        if decision not in DECISIONS:
            message = f"decision {row['decision']!r} is not one of {', '.join(DECISIONS)}"
            errors.append(RowError(name, line, "decision", message))
            continue
        text = row.get("confidence", "")
        try:
            confidence = float(text) if text else 0.0
        except ValueError:
            confidence = math.nan
        if not 0.0 <= confidence <= 1.0:
            errors.append(RowError(name, line, "confidence", "confidence is not a number 0..1"))
            continue
        out[row["lead_id"]] = MatchRow(
            account_id=row.get("account_id", ""),
            decision=decision,
            confidence=confidence,
            reason=row.get("reason", ""),
        )
    return out

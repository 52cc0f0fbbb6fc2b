"""Score lead-to-account decisions against a labelled truth: precision first, then worst mistakes.

The counting follows the shared bench's score.py exactly, so the figures `leadlink evaluate`
prints are the ones the benchmark reports: precision counts `matched` decisions only, a `review`
or `unmatched` lead that has a true account is a miss, and a wrong link on a lead whose true
account exists is both a false positive and a miss.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import Any

DECISIONS: tuple[str, ...] = ("matched", "review", "unmatched")


@dataclass(frozen=True, slots=True)
class MatchRow:
    """One line of matches.csv: the decision for a lead."""

    account_id: str
    decision: str
    confidence: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Mistake:
    """A wrong `matched` link or a missed true account, with what the matcher said about it."""

    kind: str  # "wrong link" or "miss"
    lead_id: str
    predicted: str
    true: str
    decision: str
    confidence: float
    reason: str


CALIBRATION_EDGES: tuple[float, ...] = (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0)
"""Confidence bands of the calibration table: the review band, then the linked ones finer."""


@dataclass(frozen=True, slots=True)
class CalibrationBand:
    """Leads whose best account had a confidence in [low, high): how often it was the right one.

    A calibrated matcher's mean confidence in a band equals the share right in it.
    """

    low: float
    high: float
    leads: int
    right: int
    mean_confidence: float

    @property
    def share_right(self) -> float:
        """The share of leads in the band whose proposed account was their true account."""
        return self.right / self.leads if self.leads else 0.0


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Counts and rates of one evaluation; rates are 0.0 when their denominator is empty."""

    leads: int
    with_account: int
    no_account: int
    matched: int
    review: int
    unmatched: int
    true_positives: int
    false_positives: int
    false_negatives: int
    wrong_on_no_match: int
    not_in_truth: int
    precision: float
    recall: float
    f1: float
    review_rate: float
    unmatched_rate: float
    wrong_on_no_match_rate: float
    mistakes: list[Mistake] = field(default_factory=list)
    calibration: list[CalibrationBand] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict of the report."""
        return asdict(self)


_UNMATCHED = MatchRow(account_id="", decision="unmatched")


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate(
    truth: Mapping[str, str], matches: Mapping[str, MatchRow], *, worst: int = 10
) -> EvaluationReport:
    """Compare `matches` (lead id -> decision) with `truth` (lead id -> true account, '' = none).

    Only leads in `truth` are scored; a lead missing from `matches` counts as `unmatched`.
    `worst` mistakes are listed: wrong links by descending confidence, then misses.
    """
    tp = fp = fn = review = unmatched = no_account = wrong_no_match = 0
    wrong: list[Mistake] = []
    misses: list[Mistake] = []
    for lead_id, true_account in truth.items():
        row = matches.get(lead_id, _UNMATCHED)
        linked = row.account_id if row.decision == "matched" else ""
        review += row.decision == "review"
        unmatched += row.decision not in ("matched", "review")
        no_account += not true_account
        if linked and linked == true_account:
            tp += 1
            continue
        if linked:
            fp += 1
            fn += bool(true_account)
            wrong_no_match += not true_account
            wrong.append(_mistake("wrong link", lead_id, true_account, row))
        elif true_account:
            fn += 1
            misses.append(_mistake("miss", lead_id, true_account, row))
    wrong.sort(key=lambda m: -m.confidence)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(truth)
    return EvaluationReport(
        leads=n,
        with_account=n - no_account,
        no_account=no_account,
        matched=n - review - unmatched,
        review=review,
        unmatched=unmatched,
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        wrong_on_no_match=wrong_no_match,
        not_in_truth=sum(1 for lead_id in matches if lead_id not in truth),
        precision=precision,
        recall=recall,
        f1=f1,
        review_rate=_ratio(review, n),
        unmatched_rate=_ratio(unmatched, n),
        wrong_on_no_match_rate=_ratio(wrong_no_match, no_account),
        mistakes=(wrong + misses)[: max(worst, 0)],
        calibration=calibration(truth, matches),
    )


def calibration(truth: Mapping[str, str], matches: Mapping[str, MatchRow]) -> list[CalibrationBand]:
    """Per confidence band, how often the proposed account (linked or for review) was right."""
    edges = CALIBRATION_EDGES
    last = len(edges) - 2  # a confidence of exactly 1.0 counts in the top band
    counts = [[0, 0, 0.0] for _ in edges[:-1]]  # leads, right, sum of confidences
    for lead_id, true_account in truth.items():
        row = matches.get(lead_id)
        if row is None or not row.account_id or row.confidence < edges[0]:
            continue
        band = counts[min(bisect_right(edges, row.confidence) - 1, last)]
        band[0] += 1
        band[1] += row.account_id == true_account
        band[2] += row.confidence
    return [
        CalibrationBand(low, high, int(n), int(right), total / n if n else 0.0)
        for (low, high), (n, right, total) in zip(pairwise(edges), counts, strict=True)
    ]


def _mistake(kind: str, lead_id: str, true_account: str, row: MatchRow) -> Mistake:
    return Mistake(
        kind=kind,
        lead_id=lead_id,
        predicted=row.account_id,
        true=true_account,
        decision=row.decision,
        confidence=row.confidence,
        reason=row.reason,
    )

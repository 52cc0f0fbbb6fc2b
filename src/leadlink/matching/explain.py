"""Evidence and the one-sentence reason, built from the labels of comparison levels and rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leadlink.matching.comparisons import NULL, Outcome
from leadlink.matching.settings import MatchSettings

# Decision rules: a machine name and the readable text a reason uses.
RULES: dict[str, str] = {
    "threshold_match": "confidence above the match threshold",
    "threshold_review": "confidence in the review band",
    "threshold_unmatched": "confidence below the review band",
    "no_evidence": "no company name, company domain or phone to match on",
    "no_candidate": "no account shares a domain, name word or phone with the lead",
    "generic_name": "a generic or shared name with nothing else to confirm it",
    "name_fits_several": "the name fits several accounts",
    "close_rivals": "two accounts fit about equally well",
    "name_conflict": "the company name typed differs from the account's",
    "nearer_name": "another account's name is nearer to the one typed",
    "excluded": "every candidate was ruled out by a person",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One comparison's verdict on a pair: its level, the weight it added, and readable text."""

    comparison: str
    level: str
    weight: float
    text: str


LevelTable = dict[tuple[str, str], tuple[float, str]]


def level_table(settings: MatchSettings) -> LevelTable:
    """(comparison, level) -> (weight, label template), null levels left out: built once."""
    return {
        (name, level): (conf.weight, conf.label)
        for name, comparison in settings.comparisons.items()
        for level, conf in comparison.levels.items()
        if level != NULL
    }


def build_evidence(
    outcomes: Sequence[Outcome], settings: MatchSettings, table: LevelTable | None = None
) -> list[Evidence]:
    """Weighted, labelled evidence for a pair; null and unknown levels are left out.

    Pass the `level_table` of the settings when calling often: building it costs more than this.
    """
    table = level_table(settings) if table is None else table
    evidence = []
    for outcome in outcomes:
        found = table.get((outcome.comparison, outcome.level))
        if found is None:
            continue
        weight, label = found
        text = label.format(lead=outcome.lead, account=outcome.account)
        evidence.append(Evidence(outcome.comparison, outcome.level, weight, text))
    return evidence


def summarize(evidence: Sequence[Evidence], *, positive: bool = True, most: int = 3) -> str:
    """The strongest few pieces of evidence, strongest first, joined by '; '."""
    chosen = [e for e in evidence if (e.weight > 0) == positive]
    chosen.sort(key=lambda e: -abs(e.weight))
    return "; ".join(e.text for e in chosen[:most])


def reason_sentence(parts: Sequence[str]) -> str:
    """Join the non-empty parts of a reason into one sentence."""
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] if text else ""

"""Evidence and the one-sentence reason, built from the labels of comparison levels and rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from string import Formatter

from leadlink.matching.comparisons import NULL, Comparison, Outcome
from leadlink.matching.prepare import PreparedAccount, PreparedLead
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


@dataclass(frozen=True, slots=True, init=False)
class Evidence:
    """One comparison's verdict on a pair: its level, the weight it added, and readable text."""

    comparison: str
    level: str
    weight: float
    text: str

    def __init__(self, comparison: str, level: str, weight: float, text: str) -> None:
        """Written out for mypyc's native stores (see `engine.MatchResult`)."""
        object.__setattr__(self, "comparison", comparison)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "text", text)


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


_REPEATED = frozenset({"city", "state", "country"})  # a few values, quoted lead after lead
_KEEP = 4096  # evidence kept for reuse; forgotten all at once beyond this
# How a label's template is filled: `str.format` with both keywords, or `%` with (lead,) or
# (lead, account).
_FORMAT, _LEAD, _BOTH = 0, 1, 2


def percent_template(label: str) -> tuple[str, int]:
    """`label` as a %-template and how to fill it, for the labels that quote plain values.

    A label quoting `{lead}` alone, or `{lead}` then `{account}`, once each and with no
    conversion or format spec, becomes a %-template filled with `(lead,)` or `(lead, account)`,
    which gives the text `label.format(lead=..., account=...)` gives for strings, more cheaply.
    Any other label is returned as it is, to be filled by `str.format` (`_FORMAT`).
    """
    try:
        parts = list(Formatter().parse(label))
    except ValueError:
        return label, _FORMAT  # `format` raises the same error when the label is used
    fields = tuple(field for _, field, _, _ in parts if field is not None)
    plain = all(not spec and conversion is None for _, _, spec, conversion in parts)
    how = {("lead",): _LEAD, ("lead", "account"): _BOTH}.get(fields, _FORMAT)
    if not plain or how == _FORMAT:
        return label, _FORMAT
    template = "".join(
        literal.replace("%", "%%") + ("%s" if field is not None else "")
        for literal, field, _, _ in parts
    )
    return template, how


class EvidenceMaker:
    """`build_evidence` for the matcher's hot path: one pair's levels, no outcome built, the
    values looked up only where the label quotes them, labels filled as %-templates, the
    evidence of places reused (`Evidence` is immutable)."""

    def __init__(self, settings: MatchSettings) -> None:
        """Labels and weights of the settings, looked up and turned into templates once."""
        table = level_table(settings)
        self._fixed = {
            key: Evidence(key[0], key[1], weight, label)
            for key, (weight, label) in table.items()
            if "{" not in label and "}" not in label  # `format` would return the label itself
        }
        self._table = {
            key: (weight, *percent_template(label)) for key, (weight, label) in table.items()
        }
        self._seen: dict[tuple[str, str, str, str], Evidence] = {}

    def make(
        self,
        comparisons: Sequence[Comparison],
        levels: Sequence[str],
        lead: PreparedLead,
        acc: PreparedAccount,
    ) -> tuple[Evidence, ...]:
        """The evidence of the pair's `levels` (one per comparison); null and unknown left out."""
        fixed, table, seen = self._fixed, self._table, self._seen
        evidence = []
        for k, comparison in enumerate(comparisons):  # no zip: its `strict` keyword costs
            level = levels[k]
            name = comparison.name
            found = fixed.get((name, level))
            if found is not None:
                evidence.append(found)
                continue
            entry = table.get((name, level))
            if entry is None:
                continue
            a, b = comparison.values(lead, acc, level)
            key = (name, level, a, b)
            found = seen.get(key) if name in _REPEATED else None
            if found is None:
                weight, template, how = entry
                if how == _BOTH:
                    text = template % (a, b)
                elif how == _LEAD:
                    text = template % (a,)
                else:
                    text = template.format(lead=a, account=b)
                found = Evidence(name, level, weight, text)
                if name in _REPEATED:
                    if len(seen) >= _KEEP:
                        seen.clear()
                    seen[key] = found
            evidence.append(found)
        return tuple(evidence)


def _strength(e: Evidence) -> float:
    return -abs(e.weight)


def summarize(evidence: Sequence[Evidence], *, positive: bool = True, most: int = 3) -> str:
    """The strongest few pieces of evidence, strongest first, joined by '; '."""
    chosen = [e for e in evidence if (e.weight > 0) == positive]
    chosen.sort(key=_strength)
    return "; ".join(e.text for e in chosen[:most])


def for_and_against(evidence: Sequence[Evidence]) -> tuple[str, str]:
    """`summarize(evidence)` and `summarize(evidence, positive=False, most=1)` in one sort."""
    ranked = sorted(evidence, key=_strength)  # stable: what each filtered sort would give
    support: list[str] = []
    against: str | None = None
    for e in ranked:  # one plain loop: no comprehension or generator made per lead
        if e.weight > 0:
            support.append(e.text)
        elif against is None:
            against = e.text
    return "; ".join(support[:3]), against or ""


def reason_sentence(parts: Sequence[str]) -> str:
    """Join the non-empty parts of a reason into one sentence."""
    text = "; ".join(filter(None, parts))
    return text[:1].upper() + text[1:] if text else ""

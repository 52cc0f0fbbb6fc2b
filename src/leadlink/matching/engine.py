"""The matching engine: candidates from the index, labelled comparisons, calibrated odds, decision.

Each candidate's evidence adds log2 Bayes factors (Fellegi-Sunter) to the prior odds; calibration
maps them to odds that the candidate is right. Candidates of one cluster (a hierarchy or duplicate
entries) compete as one organisation, and organisations compete with "none of them":
P(org) = odds(org) / (1 + sum of all odds). That is the confidence of the account picked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from leadlink.matching.comparisons import Comparison, default_comparisons
from leadlink.matching.explain import (
    RULES,
    Evidence,
    EvidenceMaker,
    for_and_against,
    reason_sentence,
)
from leadlink.matching.hierarchy import Scored, pick_member
from leadlink.matching.index import AccountIndex
from leadlink.matching.prepare import PreparedAccount, PreparedLead, prepare_lead
from leadlink.matching.settings import MatchSettings, load_settings
from leadlink.normalize import COMMON_COMPANY_WORDS
from leadlink.records import Account, Lead

MATCHED, REVIEW, UNMATCHED = "matched", "review", "unmatched"
_RIVAL_RULES = ("name_fits_several", "close_rivals")
_CONFLICTING_NAMES = ("different", "weak")
_PART_NAMES = ("part_long", "shortened", "contained_two", "contained")
_NEAR_NAMES = ("exact_unique", "exact", "near_exact")
_DOMAIN_PROOF = frozenset({("domain", "exact"), ("domain", "subdomain"), ("domain", "listed")})
_LEAD_FIELD = {
    "domain": "domains",
    "name": "name",
    "phone": "phone",
    "street": "street",
    "city": "city",
    "postal_code": "postal_code",
    "state": "state",
    "country": "country",
}
_STRONG_LEVELS = {
    ("domain", "exact"),
    ("domain", "subdomain"),
    ("domain", "listed"),
    ("domain", "name_domain"),
    ("phone", "exact"),
    ("street", "exact"),
    ("street", "similar"),
    ("postal_code", "exact"),
}


_PROBABILITY = attrgetter("probability")
_Grade = Callable[[PreparedLead, PreparedAccount], str]
_Levels = tuple[str, ...]  # a candidate's level per active comparison
_Member = tuple[PreparedAccount, float, _Levels]  # a candidate, its log odds and levels


def _level_weights(weights: dict[tuple[str, str], float], name: str) -> dict[str, float]:
    return {level: w for (comparison, level), w in weights.items() if comparison == name}


@dataclass(frozen=True, slots=True, init=False)
class MatchResult:
    """A decision on one lead: the account, how sure, the runner-up, the rule and the reason."""

    lead_id: str
    account_id: str | None
    decision: str
    confidence: float
    reason: str
    runner_up_id: str | None = None
    runner_up_confidence: float = 0.0
    rule: str = ""
    evidence: tuple[Evidence, ...] = ()

    def __init__(
        self,
        lead_id: str,
        account_id: str | None,
        decision: str,
        confidence: float,
        reason: str,
        runner_up_id: str | None = None,
        runner_up_confidence: float = 0.0,
        rule: str = "",
        evidence: tuple[Evidence, ...] = (),
    ) -> None:
        """Every field. Written out because mypyc compiles these stores to native ones: the
        generated __init__ of a frozen dataclass stays interpreted (about 900 ns against 60)."""
        object.__setattr__(self, "lead_id", lead_id)
        object.__setattr__(self, "account_id", account_id)
        object.__setattr__(self, "decision", decision)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "runner_up_id", runner_up_id)
        object.__setattr__(self, "runner_up_confidence", runner_up_confidence)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "evidence", evidence)


@dataclass(frozen=True, slots=True)
class _Plan:
    """The comparisons run for a lead with a given set of fields filled: built once per set."""

    comparisons: tuple[Comparison, ...]
    steps: tuple[tuple[_Grade, dict[str, float]], ...]  # `grade` and level -> weight, each
    names: tuple[str, ...]  # the comparisons' names, in the order of every levels tuple
    name_at: int  # where the name comparison stands in them, -1 when it is not run


@dataclass(slots=True, init=False)
class _Org:
    account: PreparedAccount  # the member picked (the only one in most organisations)
    note: str  # why that member and not a sibling, when it says more than its score
    probability: float
    plan: _Plan
    picked: _Levels  # the picked member's levels
    members: list[_Levels]  # every member's levels: the org's proof
    evidence: tuple[Evidence, ...] = ()
    _levels: frozenset[tuple[str, str]] | None = None

    def __init__(
        self,
        account: PreparedAccount,
        note: str,
        probability: float,
        plan: _Plan,
        picked: _Levels,
        members: list[_Levels],
    ) -> None:
        """Written out for mypyc's native stores (see MatchResult); the rest comes later."""
        self.account = account
        self.note = note
        self.probability = probability
        self.plan = plan
        self.picked = picked
        self.members = members
        self.evidence = ()
        self._levels = None

    @property
    def levels(self) -> frozenset[tuple[str, str]]:
        """(comparison, level) of every member; built on first use, as only the best org's is."""
        if self._levels is None:
            names, members = self.plan.names, self.members  # each levels tuple: one per name
            if len(members) == 1:  # one zip, no comprehension: the common case
                self._levels = frozenset(zip(names, members[0], strict=True))
            else:
                pairs = [pair for out in members for pair in zip(names, out, strict=True)]
                self._levels = frozenset(pairs)
        return self._levels

    @property
    def name_level(self) -> str | None:
        """The name level of the picked account, None when no name was compared."""
        at = self.plan.name_at
        return self.picked[at] if at >= 0 else None


class Matcher:
    """Links leads to accounts; build it once over the accounts, then match leads one by one."""

    def __init__(self, index: AccountIndex, settings: MatchSettings) -> None:
        """Use `Matcher.build` unless you already have an index."""
        self.index = index
        self.settings = settings
        self.comparisons: tuple[Comparison, ...] = default_comparisons(
            index, settings.name_thresholds
        )
        cal = settings.calibration
        self._offset = (
            cal.a * math.log2(settings.prior / (1 - settings.prior))
            + cal.b
            + cal.size_shift(len(index.accounts))
        )
        self._weights = {
            (name, level): conf.weight(level) * cal.factor(name)
            for name, conf in settings.comparisons.items()
            for level in conf.levels
        }
        # The lead field each comparison needs, read in one call; the plans per set filled.
        self._fields = attrgetter(*(_LEAD_FIELD[c.name] for c in self.comparisons))
        self._plans: dict[tuple[bool, ...], _Plan] = {}
        self._evidence = EvidenceMaker(settings)
        # The settings read per lead, as plain attributes: reading a pydantic model's field
        # goes through the hook for its `__getattr__`, about three times the cost.
        self._match_at = settings.thresholds.match
        self._review_at = settings.thresholds.review
        self._tie_breakers = settings.tie_breakers
        self._generic_review = settings.generic_name_review

    def _plan(self, lead: PreparedLead) -> _Plan:
        """Only the comparisons the lead has a value for can add evidence."""
        filled = tuple(map(bool, self._fields(lead)))
        plan = self._plans.get(filled)
        if plan is None:
            used = tuple(c for c, f in zip(self.comparisons, filled, strict=True) if f)
            names = tuple(c.name for c in used)
            steps = tuple((c.grade, _level_weights(self._weights, c.name)) for c in used)
            at = names.index("name") if "name" in names else -1
            plan = self._plans[filled] = _Plan(used, steps, names, at)
        return plan

    @classmethod
    def build(cls, accounts: Sequence[Account], settings: MatchSettings | None = None) -> Matcher:
        """Index the accounts with the given settings (the shipped defaults when None)."""
        settings = settings or load_settings()
        return cls(AccountIndex.build(accounts, settings.blocking), settings)

    def prefetch(self, leads: Iterable[Lead]) -> None:
        """Load the candidates of these leads in one go, when the index loads accounts lazily."""
        load = getattr(self.index.accounts, "prefetch", None)
        if load is not None:
            load([i for lead in leads for i in self.index.candidates(prepare_lead(lead))])

    def match(self, lead: Lead, *, exclude: frozenset[str] = frozenset()) -> MatchResult:
        """Decide one lead; `exclude` holds account ids a person ruled out for this lead."""
        prepared = prepare_lead(lead)
        if prepared.name is None and not prepared.domains and not prepared.phone:
            reason = _no_evidence(prepared)
            return MatchResult(lead.id, None, UNMATCHED, 0.0, reason, rule="no_evidence")
        found = self.index.candidates(prepared)
        kept: Collection[int] = found
        if exclude:
            accounts = self.index.accounts
            kept = [i for i in found if accounts[i].id not in exclude]
        if not kept:
            rule = "excluded" if found else "no_candidate"
            return MatchResult(lead.id, None, UNMATCHED, 0.0, RULES[rule].capitalize(), rule=rule)
        plan = self._plan(prepared)
        orgs = self._organisations(prepared, self._score(prepared, kept, plan), plan)
        return self._decide(prepared, orgs)

    def _score(
        self, lead: PreparedLead, kept: Iterable[int], plan: _Plan
    ) -> dict[int, list[_Member]]:
        """Every candidate's levels and calibrated log odds, grouped by cluster."""
        accounts, cluster_of = self.index.accounts, self.index.cluster_of
        steps, offset = plan.steps, self._offset
        groups: dict[int, list[_Member]] = {}
        for i in kept:
            acc = accounts[i]
            found = []
            log_odds = offset  # calibrated: each weight is already scaled
            for grade, weights in steps:
                level = grade(lead, acc)
                found.append(level)
                log_odds += weights.get(level, 0.0)
            member = (acc, log_odds, tuple(found))  # a Scored only if the cluster has several
            cluster = cluster_of[acc.idx]
            group = groups.get(cluster)
            if group is None:
                groups[cluster] = [member]
            else:
                group.append(member)
        return groups

    def _organisations(
        self, lead: PreparedLead, groups: dict[int, list[_Member]], plan: _Plan
    ) -> list[_Org]:
        orgs: list[_Org] = []  # `probability` is set once every organisation's odds are known
        odds: list[float] = []
        for members in groups.values():
            if len(members) == 1:  # most organisations are one account: nothing to pick
                acc, log_odds, levels = members[0]
                orgs.append(_Org(acc, "", log_odds, plan, levels, [levels]))
                odds.append(log_odds)
                continue
            scored = [Scored(acc, log_odds) for acc, log_odds, _ in members]
            best = max(s.log_odds for s in scored)
            pick = pick_member(scored, lead, self._tie_breakers)
            at = next(k for k, s in enumerate(scored) if s is pick.scored)
            account, levels = members[at][0], members[at][2]
            orgs.append(_Org(account, pick.note, best, plan, levels, [m[2] for m in members]))
            odds.append(best)
        top = max(odds)
        # Probabilities relative to "no account" (odds 1), computed in a stable way.
        weights = [2.0 ** (x - top) for x in odds]
        none = 2.0 ** (-top) if top < 1000 else 0.0
        total = none + sum(weights)
        for k, org in enumerate(orgs):
            org.probability = weights[k] / total
        orgs.sort(key=_PROBABILITY, reverse=True)  # stable: ties keep their order
        return orgs

    def _decide(self, lead: PreparedLead, orgs: list[_Org]) -> MatchResult:
        best = orgs[0]
        runner = orgs[1] if len(orgs) > 1 else None
        conf = round(best.probability, 4)
        # Only the best organisation's evidence is used: the runner's is never built, and the
        # values its labels quote are looked up for the picked account alone.
        account = best.account
        best.evidence = self._evidence.make(best.plan.comparisons, best.picked, lead, account)
        if conf >= self._match_at:
            decision, rule = MATCHED, "threshold_match"
        elif conf >= self._review_at:
            decision, rule = REVIEW, "threshold_review"
        else:
            decision, rule = UNMATCHED, "threshold_unmatched"
        decision, rule = self._guard(decision, rule, lead, orgs)
        return MatchResult(
            lead_id=lead.id,
            account_id=account.id if decision != UNMATCHED else None,
            decision=decision,
            confidence=conf,
            reason=self._reason(decision, rule, best, runner),
            runner_up_id=runner.account.id if runner else None,
            runner_up_confidence=round(runner.probability, 4) if runner else 0.0,
            rule=rule,
            evidence=best.evidence,
        )

    def _guard(
        self, decision: str, rule: str, lead: PreparedLead, orgs: list[_Org]
    ) -> tuple[str, str]:
        """Precision rules on top of the thresholds: doubtful links become reviews."""
        best = orgs[0]
        runner = orgs[1] if len(orgs) > 1 else None
        review = self._review_at
        if decision == UNMATCHED and runner and best.probability + runner.probability >= review:
            return REVIEW, "close_rivals"
        corroborated = bool(best.levels & _STRONG_LEVELS)
        if not corroborated and self._generic_review:
            shared = self._name_fits_several(lead, orgs)
            if shared and decision in (MATCHED, UNMATCHED):
                return REVIEW, "name_fits_several"
            in_city = ("city", "exact") in best.levels
            if decision == MATCHED and self._generic(lead) and not in_city:
                return REVIEW, "generic_name"
        if decision == MATCHED and not corroborated and _nearer_rival(orgs):
            return REVIEW, "nearer_name"
        if decision == MATCHED and _name_conflict(best):
            return REVIEW, "name_conflict"
        return decision, rule

    def _generic(self, lead: PreparedLead) -> bool:
        name = lead.name
        if name is None or not name.tokens:
            return False  # no name typed: the rule is about names, other evidence decides
        return all(t in COMMON_COMPANY_WORDS for t in name.tokens)

    def _name_fits_several(self, lead: PreparedLead, orgs: list[_Org]) -> bool:
        """True when the lead's whole name is contained in the names of two or more orgs."""
        name = lead.name
        if name is None or not name.tokens:
            return False
        if orgs[0].name_level == "exact_unique":
            return False  # the whole name typed is exactly one organisation's name
        tokens = set(name.tokens)
        fitting = [
            org
            for org in orgs[:5]
            if org.probability > 0.001 and tokens <= set(org.account.name.tokens)
        ]
        return len(fitting) >= 2

    def _reason(self, decision: str, rule: str, best: _Org, runner: _Org | None) -> str:
        account = best.account
        support, against = for_and_against(best.evidence)
        if decision == MATCHED:
            return reason_sentence([support, best.note])
        rival = ""
        if runner is not None and (runner.probability >= 0.05 or rule in _RIVAL_RULES):
            rival = f"'{runner.account.name.original}' also fits"
        if decision == REVIEW:
            why = RULES[rule] if rule not in ("threshold_review",) else "not sure enough"
            doubt = f"but {against}" if against else ""
            head = f"{why}: best is '{account.name.original}'"
            return reason_sentence([head, support, doubt, rival])
        head = f"best candidate '{account.name.original}' is too weak"
        return reason_sentence([head, support, f"but {against}" if against else "", rival])


def _name_conflict(org: _Org) -> bool:
    """The lead typed a name that differs from the account's, and no domain says otherwise."""
    return org.name_level in _CONFLICTING_NAMES and org.levels.isdisjoint(_DOMAIN_PROOF)


def _nearer_rival(orgs: list[_Org]) -> bool:
    """The best account's name only holds the typed one (or sits in it), while another account's
    name is that very name or a typo of it: 'Japan Science and Technololy Corp.' is the
    Corporation, though it is also the start of the Agency's name."""
    if orgs[0].name_level not in _PART_NAMES:
        return False
    return any(o.name_level in _NEAR_NAMES and o.probability > 0.01 for o in orgs[1:5])


def _no_evidence(lead: PreparedLead) -> str:
    if lead.free_mail:
        return "Free-mail address and no company name, website or phone to match on"
    return RULES["no_evidence"].capitalize()

"""Choosing one account inside a cluster: a hierarchy (parent and regional accounts) or duplicates.

The contract: link the most specific account that the lead's e-mail domain or country points to,
otherwise the parent. What is still tied (duplicate entries of one company) is broken by the
configured tie-breakers: customer first, then an open opportunity, then the oldest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leadlink.matching.prepare import PreparedAccount, PreparedLead
from leadlink.matching.settings import TieBreaker

TIE_BREAKER_LABELS: dict[str, str] = {
    "customer_first": "the customer account",
    "open_opportunity": "the account with an open opportunity",
    "oldest": "the oldest account",
    "lowest_id": "the lowest account id",
}


@dataclass(slots=True)
class Scored:
    """A candidate account with its calibrated log2 odds.

    The matcher makes these only for the members of a cluster of several accounts, where a
    member must be picked; a one-account cluster's candidate stays a plain tuple.
    """

    account: PreparedAccount
    log_odds: float


@dataclass(slots=True)
class Pick:
    """The member chosen in a cluster of several accounts and why it, not a sibling."""

    scored: Scored
    note: str


def _tie_key(acc: PreparedAccount, breakers: Sequence[TieBreaker]) -> tuple[object, ...]:
    key: list[object] = []
    for breaker in breakers:
        if breaker == "customer_first":
            key.append(acc.type != "customer")
        elif breaker == "open_opportunity":
            key.append(not acc.open_opportunity)
        elif breaker == "oldest":
            key.append((acc.created == "", acc.created))
    key.append(acc.id)
    return tuple(key)


def break_ties(
    members: Sequence[Scored], breakers: Sequence[TieBreaker], margin: float = 1.0
) -> tuple[Scored, str]:
    """The best-scored member, or among those within `margin` bits, the tie-breakers' choice."""
    best = max(m.log_odds for m in members)
    tied = [m for m in members if m.log_odds >= best - margin]
    if len(tied) == 1:
        return tied[0], ""
    ordered = sorted(tied, key=lambda m: _tie_key(m.account, breakers))
    winner, runner = ordered[0], ordered[1]
    for breaker in breakers:
        a = _tie_key(winner.account, (breaker,))[0]
        b = _tie_key(runner.account, (breaker,))[0]
        if a != b:
            return winner, f"duplicate accounts tie; picked {TIE_BREAKER_LABELS[breaker]}"
    return winner, "duplicate accounts tie; picked the lowest account id"


def pick_member(
    members: Sequence[Scored], lead: PreparedLead, breakers: Sequence[TieBreaker]
) -> Pick:
    """The most specific member the lead's country or domain points to, otherwise the top one.

    The lead's country decides first (a person in Germany belongs to the German account even on
    the group's domain); among the accounts in that country, the one the domain points to.
    """
    if len(members) == 1:
        return Pick(members[0], "")
    lead_domains = set(lead.domains)
    pointed = [m for m in members if lead_domains & m.account.domains]
    country = lead.country
    in_country = [m for m in members if country and m.account.country == country]
    if in_country:
        both = [m for m in in_country if m in pointed]
        pick = _deepest(both, breakers) if both else _shallowest(in_country, breakers)
        if pick.scored.account.depth > 0:
            return Pick(pick.scored, f"country {country} picks the regional account")
        return pick
    if pointed:
        return _shallowest(pointed, breakers)
    best = max(m.log_odds for m in members)
    strong = [m for m in members if m.log_odds >= best - 2.0]
    if len(strong) == 1:
        return Pick(strong[0], "")
    return _shallowest(members, breakers)


def _deepest(members: Sequence[Scored], breakers: Sequence[TieBreaker]) -> Pick:
    depth = max(m.account.depth for m in members)
    chosen, note = break_ties([m for m in members if m.account.depth == depth], breakers)
    return Pick(chosen, note)


def _shallowest(members: Sequence[Scored], breakers: Sequence[TieBreaker]) -> Pick:
    depth = min(m.account.depth for m in members)
    chosen, note = break_ties([m for m in members if m.account.depth == depth], breakers)
    return Pick(chosen, note)

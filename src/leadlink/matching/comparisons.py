"""Comparisons: each turns a (lead, account) pair into one labelled level.

A comparison is a small object with a name and a `level` method; its levels, their weights and
their readable labels live in the settings (`defaults.yaml`). An outcome also carries the two
values compared, so the explanation can say "same e-mail domain acme.de".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from leadlink.matching.index import AccountIndex, domain_label
from leadlink.matching.name_evidence import (
    LONG_NAME_WORDS,
    is_part,
    long_names_agree,
    name_part,
    same_words,
    soft_overlap,
    typos_apart,
)
from leadlink.matching.prepare import PreparedAccount, PreparedLead
from leadlink.matching.settings import NameThresholds
from leadlink.normalize import CompanyName, normalize_country


@dataclass(slots=True)
class Outcome:
    """The level a comparison found, with the lead's and the account's value for the label.

    Not frozen: a frozen dataclass costs four times as much to build, and the matcher builds
    about thirty of these per lead. Nothing changes an outcome once made.
    """

    comparison: str
    level: str
    lead: str = ""
    account: str = ""


NULL = "null"


class Comparison(Protocol):
    """A labelled comparison: `name` keys its levels in the settings."""

    @property
    def name(self) -> str:
        """The key of this comparison's levels in the settings."""
        ...

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """The first level of this comparison that applies to the pair."""
        ...


@dataclass(frozen=True, slots=True)
class DomainComparison:
    """E-mail and website domains: same, a subdomain, listed on the account, same name."""

    name: str = "domain"

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """Best domain level over the lead's company domains (e-mail first)."""
        lead_domains = lead.domains
        if not lead_domains:
            return Outcome(self.name, NULL)
        if acc.website_domain is None and not acc.listed_domains:  # no domain on file
            return self._name_in_domain(lead_domains, acc)
        for domain in lead_domains:
            if domain == acc.website_domain:
                host = lead.email_host if domain == lead.email_domain else None
                if host and host != domain:
                    return Outcome(self.name, "subdomain", host, domain)
                return Outcome(self.name, "exact", domain, domain)
        for domain in lead_domains:
            if domain in acc.listed_domains:
                return Outcome(self.name, "listed", domain, domain)
        acc_domains = acc.domains
        for domain in lead_domains:
            label = domain_label(domain)
            for other in sorted(acc_domains):  # sorted: the same label text in every process
                if domain_label(other) == label:
                    return Outcome(self.name, "same_label", domain, other)
        return Outcome(self.name, "different", lead_domains[0], sorted(acc_domains)[0])

    def _name_in_domain(self, lead_domains: tuple[str, ...], acc: PreparedAccount) -> Outcome:
        """An account with no domain on file: does the lead's domain spell the account's name?"""
        compact = acc.name.compact
        if len(compact) >= 4:
            for domain in lead_domains:
                label = domain_label(domain).replace("-", "")
                if label == compact or (
                    label.startswith(compact) and len(label) - len(compact) <= 4
                ):
                    return Outcome(self.name, "name_domain", domain, acc.name.original.strip())
        return Outcome(self.name, NULL)


@dataclass(frozen=True, slots=True)
class NameComparison:
    """Company names: exact normal form, acronym, typo-level fuzzy, rare-word overlap."""

    index: AccountIndex
    thresholds: NameThresholds
    name: str = "name"

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """The name level; the labels quote both names as the CRM and the lead wrote them."""
        a, b = lead.name, acc.name
        if a is None or not a.normal or not b.normal:
            return Outcome(self.name, NULL)
        quote_a, quote_b = a.original.strip(), b.original.strip()
        if a.normal == b.normal or a.compact == b.compact:
            return Outcome(self.name, self._exact_level(lead, acc), quote_a, quote_b)
        if len(a.compact) >= 3 and a.compact in b.acronyms:
            level = "acronym_unique" if self.index.acronym_is_unique(a.compact) else "acronym"
            return Outcome(self.name, level, quote_a, quote_b)
        if len(b.compact) >= 3 and b.compact in a.acronyms:
            return Outcome(self.name, "acronym", quote_a, quote_b)
        return Outcome(self.name, self._fuzzy(lead, acc), quote_a, quote_b)

    def _exact_level(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """Same base name: a unique name, a shared one, or another branch of a chain."""
        if acc.branch:
            place = lead.branch | {lead.city} | set(lead.city.split())
            in_country = lead.country is not None and any(
                normalize_country(t) == lead.country for t in acc.branch
            )
            if acc.branch & place or in_country:
                return "exact_unique"
            return "other_branch" if lead.branch else "exact"
        shared = self.index.name_clusters.get(acc.name.normal, 1) > 1
        return "exact" if shared else "exact_unique"

    def _part(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """The part level (`name_part`), kept `contained` when the lead's name is another
        organisation's whole name: 'Japan Science and Technology' is that Corporation, not the
        Agency whose name starts with it."""
        a = lead.name
        assert a is not None
        if not is_part(a, acc.name):
            return ""
        level = name_part(a, acc.name, branch=bool(acc.branch or lead.branch))
        if level != "contained" and self._named_elsewhere(a, acc):
            return "contained"
        return level

    def _named_elsewhere(self, name: CompanyName, acc: PreparedAccount) -> bool:
        """An account outside `acc`'s cluster bears exactly this name."""
        index = self.index
        cluster = index.cluster_of[acc.idx]
        for key in (name.normal, name.compact):
            if any(index.cluster_of[i] != cluster for i in index.by_name.get(key, ())):
                return True
        return False

    def _fuzzy(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """The level of two names that differ: near_exact down to different."""
        a, b = lead.name, acc.name
        assert a is not None
        t = self.thresholds
        if lead.name_weight < 0:
            lead.name_weight = self.index.name_weight(a.tokens)
        overlap = soft_overlap(
            a, b, self.index, lead.name_weight, self.index.account_weight[acc.idx]
        )
        ratio = fuzz.ratio(a.normal, b.normal) / 100.0
        size_a, size_b = len(a.stems), len(b.stems)  # the length tests first: cheap, rarely met
        if (
            (ratio >= t.near_exact and overlap >= t.tokens_high)
            or (
                ratio >= 0.87 and typos_apart(a.normal, b.normal)
            )  # one typo in 8+ letters: ≥ 0.875
            or (size_a == size_b and same_words(a.stems, b.stems))
            or (
                min(size_a, size_b) >= LONG_NAME_WORDS
                and long_names_agree(a, b, overlap, t.tokens_high)
            )
        ):
            return "near_exact"
        if overlap >= t.fuzzy_high and ratio >= 0.85:
            return "fuzzy_high"
        part = "" if size_a == size_b else self._part(lead, acc)  # as many words: not a part
        if part and part != "contained":
            return part
        if overlap >= t.tokens_high:
            return "tokens_high"
        if part:
            return part
        if overlap >= t.fuzzy_mid or (ratio >= t.fuzzy_high and overlap >= t.weak):
            return "fuzzy_mid"
        return "weak" if overlap >= t.weak else "different"


@dataclass(frozen=True, slots=True)
class ExactComparison:
    """A field that either agrees or not (phone, state, country), null when either is empty."""

    name: str
    field: str

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """`exact` when equal, `different` when both are known and differ."""
        a, b = getattr(lead, self.field), getattr(acc, self.field)
        if not a or not b:
            return Outcome(self.name, NULL)
        return Outcome(self.name, "exact" if a == b else "different", a, b)


@dataclass(frozen=True, slots=True)
class CityComparison:
    """City names, one typo tolerated."""

    name: str = "city"

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """`exact` for the same city (or a near spelling), else `different`."""
        a, b = lead.city, acc.city
        if not a or not b:
            return Outcome(self.name, NULL)
        same = a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 90)
        return Outcome(self.name, "exact" if same else "different", a, b)


@dataclass(frozen=True, slots=True)
class PostalComparison:
    """Postal codes: the same, the same district (first three characters), or different."""

    name: str = "postal_code"

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """Postal code level on normalized codes."""
        a, b = lead.postal_code, acc.postal_code
        if not a or not b:
            return Outcome(self.name, NULL)
        if a == b:
            return Outcome(self.name, "exact", a, b)
        level = "prefix" if len(a) >= 4 and a[:3] == b[:3] else "different"
        return Outcome(self.name, level, a, b)


@dataclass(frozen=True, slots=True)
class StreetComparison:
    """Street addresses on normalized text (abbreviations unified)."""

    name: str = "street"

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """`exact` for the same address, `similar` for a near one, else `different`."""
        a, b = lead.street, acc.street
        if not a or not b:
            return Outcome(self.name, NULL)
        score = fuzz.ratio(a, b)
        if score >= 95:
            return Outcome(self.name, "exact", a, b)
        if score >= 80 or fuzz.token_set_ratio(a, b) >= 90:
            return Outcome(self.name, "similar", a, b)
        return Outcome(self.name, "different", a, b)


def default_comparisons(index: AccountIndex, thresholds: NameThresholds) -> tuple[Comparison, ...]:
    """The comparisons the engine runs, in the order their evidence is explained."""
    return (
        DomainComparison(),
        NameComparison(index, thresholds),
        ExactComparison("phone", "phone"),
        StreetComparison(),
        CityComparison(),
        PostalComparison(),
        ExactComparison("state", "state"),
        ExactComparison("country", "country"),
    )

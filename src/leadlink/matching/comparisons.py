"""Comparisons: each turns a (lead, account) pair into one labelled level.

A comparison is a small object with a name, a `grade` method (the level alone: the matcher grades
every candidate) and a `values` method (the two values compared, so the explanation can say
"same e-mail domain acme.de": looked up only for the account explained); `level` gives both as
an `Outcome`. Its levels, their weights and their readable labels live in the settings
(`defaults.yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz

from leadlink.matching.index import AccountIndex, domain_label
from leadlink.matching.name_evidence import (
    LONG_NAME_WORDS,
    is_part,
    long_names_agree,
    name_part,
    name_terms,
    same_words,
    typos_apart,
    weighted_overlap,
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

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """The first level of this comparison that applies to the pair, without the values."""
        ...

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """The lead's and the account's value that the label of the pair's `level` quotes."""
        ...

    def level(self, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """The first level that applies, with the values compared: `grade` then `values`."""
        ...


class _Graded:
    """`level` for a comparison that has `grade` and `values`."""

    __slots__ = ()

    def level(self: Comparison, lead: PreparedLead, acc: PreparedAccount) -> Outcome:
        """The first level that applies, with the values compared: `grade` then `values`."""
        level = self.grade(lead, acc)
        return Outcome(self.name, level, *self.values(lead, acc, level))


_NOTHING = ("", "")


def _quoted(level: str, a: str | None, b: str | None) -> tuple[str, str]:
    """The two values a comparison compared, none for the null level."""
    if level == NULL:
        return _NOTHING
    assert a is not None and b is not None
    return a, b


_NO_DOMAIN = (NULL, "", "")


@dataclass(frozen=True, slots=True)
class DomainComparison(_Graded):
    """E-mail and website domains: same, a subdomain, listed on the account, same name."""

    name: str = "domain"

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """Best domain level over the lead's company domains (e-mail first).

        The level of `_domain_level`, found without the values: no set built, nothing sorted.
        """
        lead_domains = lead.domains
        if not lead_domains:
            return NULL
        site, listed = acc.website_domain, acc.listed_domains
        if site is None and not listed:  # no domain on file
            return _name_in_domain(lead_domains, acc)[0]
        for domain in lead_domains:
            if domain == site:
                host = lead.email_host if domain == lead.email_domain else None
                return "subdomain" if host and host != domain else "exact"
        if listed:
            for domain in lead_domains:
                if domain in listed:
                    return "listed"
        site_label = domain_label(site) if site is not None else None
        for domain in lead_domains:
            label = domain_label(domain)
            if label == site_label or any(domain_label(other) == label for other in listed):
                return "same_label"
        return "different"

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """The two domains compared (found again: only one pair is explained)."""
        _, a, b = _domain_level(lead, acc)
        return a, b


def _domain_level(lead: PreparedLead, acc: PreparedAccount) -> tuple[str, str, str]:
    """Best domain level over the lead's company domains (e-mail first), with the two values."""
    lead_domains = lead.domains
    if not lead_domains:
        return _NO_DOMAIN
    if acc.website_domain is None and not acc.listed_domains:  # no domain on file
        return _name_in_domain(lead_domains, acc)
    for domain in lead_domains:
        if domain == acc.website_domain:
            host = lead.email_host if domain == lead.email_domain else None
            if host and host != domain:
                return "subdomain", host, domain
            return "exact", domain, domain
    for domain in lead_domains:
        if domain in acc.listed_domains:
            return "listed", domain, domain
    acc_domains = acc.domains
    for domain in lead_domains:
        label = domain_label(domain)
        for other in sorted(acc_domains):  # sorted: the same label text in every process
            if domain_label(other) == label:
                return "same_label", domain, other
    return "different", lead_domains[0], sorted(acc_domains)[0]


def _name_in_domain(lead_domains: tuple[str, ...], acc: PreparedAccount) -> tuple[str, str, str]:
    """An account with no domain on file: does the lead's domain spell the account's name?"""
    compact = acc.name.compact
    if len(compact) >= 4:
        for domain in lead_domains:
            label = domain_label(domain).replace("-", "")
            if label == compact or (label.startswith(compact) and len(label) - len(compact) <= 4):
                return "name_domain", domain, acc.name.original.strip()
    return _NO_DOMAIN


_FUZZY_KEPT = 1 << 16  # fuzzy levels remembered (about 10 MB); forgotten all at once beyond


@dataclass(frozen=True, slots=True)
class NameComparison(_Graded):
    """Company names: exact normal form, acronym, typo-level fuzzy, rare-word overlap.

    The fuzzy level, the costly one, is remembered per typed name and account: leads of one
    company often type its name the same way.
    """

    index: AccountIndex
    thresholds: NameThresholds
    name: str = "name"
    _fuzzy_seen: dict[tuple[str, int, bool], str] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The cut-offs as plain floats, read for every pair `_fuzzy` grades: a pydantic field read
    # costs about three times as much. (near_exact, fuzzy_high, tokens_high, fuzzy_mid, weak)
    _limits: tuple[float, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Copy the cut-offs out of the (frozen) settings model."""
        t = self.thresholds
        limits = (t.near_exact, t.fuzzy_high, t.tokens_high, t.fuzzy_mid, t.weak)
        object.__setattr__(self, "_limits", limits)

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """The name level."""
        a, b = lead.name, acc.name
        if a is None or not a.normal or not b.normal:
            return NULL
        if a.normal == b.normal or a.compact == b.compact:
            return self._exact_level(lead, acc)
        if len(a.compact) >= 3 and a.compact in b.acronyms:
            return "acronym_unique" if self.index.acronym_is_unique(a.compact) else "acronym"
        if len(b.compact) >= 3 and b.compact in a.acronyms:
            return "acronym"
        # The name's other parts follow from its normal form, and of its place words only
        # whether there are some counts (`_part`). Plain values: the collector skips the keys.
        key = (a.normal, acc.idx, not lead.branch)
        seen = self._fuzzy_seen
        level = seen.get(key)
        if level is None:
            level = self._fuzzy(lead, acc)
            if len(seen) >= _FUZZY_KEPT:
                seen.clear()
            seen[key] = level
        return level

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """The labels quote both names as the CRM and the lead wrote them."""
        if level == NULL or lead.name is None:
            return _NOTHING
        return lead.name.original.strip(), acc.name.original.strip()

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
        near_exact, fuzzy_high, tokens_high, fuzzy_mid, weak = self._limits
        if lead.name_weight < 0:  # once per lead: the words' IDF and their sum
            lead.name_terms = name_terms(a, self.index)
            lead.name_weight = sum(w for _, w in lead.name_terms)  # = `index.name_weight`
        overlap = weighted_overlap(
            lead.name_terms, b.tokens, lead.name_weight, self.index.account_weight[acc.idx]
        )
        ratio = fuzz.ratio(a.normal, b.normal) / 100.0
        size_a, size_b = len(a.stems), len(b.stems)  # the length tests first: cheap, rarely met
        if (
            (ratio >= near_exact and overlap >= tokens_high)
            or (
                ratio >= 0.87 and typos_apart(a.normal, b.normal)
            )  # one typo in 8+ letters: ≥ 0.875
            or (size_a == size_b and same_words(a.stems, b.stems))
            or (
                min(size_a, size_b) >= LONG_NAME_WORDS
                and long_names_agree(a, b, overlap, tokens_high)
            )
        ):
            return "near_exact"
        if overlap >= fuzzy_high and ratio >= 0.85:
            return "fuzzy_high"
        part = "" if size_a == size_b else self._part(lead, acc)  # as many words: not a part
        if part and part != "contained":
            return part
        if overlap >= tokens_high:
            return "tokens_high"
        if part:
            return part
        if overlap >= fuzzy_mid or (ratio >= fuzzy_high and overlap >= weak):
            return "fuzzy_mid"
        return "weak" if overlap >= weak else "different"


@dataclass(frozen=True, slots=True)
class ExactComparison(_Graded):
    """A field that either agrees or not (phone, state, country), null when either is empty."""

    name: str
    field: str

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """`exact` when equal, `different` when both are known and differ."""
        a, b = getattr(lead, self.field), getattr(acc, self.field)
        if not a or not b:
            return NULL
        return "exact" if a == b else "different"

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """Both values."""
        return _quoted(level, getattr(lead, self.field), getattr(acc, self.field))


@dataclass(frozen=True, slots=True)
class CityComparison(_Graded):
    """City names, one typo tolerated."""

    name: str = "city"

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """`exact` for the same city (or a near spelling), else `different`."""
        a, b = lead.city, acc.city
        if not a or not b:
            return NULL
        same = a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 90)
        return "exact" if same else "different"

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """Both cities."""
        return _quoted(level, lead.city, acc.city)


@dataclass(frozen=True, slots=True)
class PostalComparison(_Graded):
    """Postal codes: the same, the same district (first three characters), or different."""

    name: str = "postal_code"

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """Postal code level on normalized codes."""
        a, b = lead.postal_code, acc.postal_code
        if not a or not b:
            return NULL
        if a == b:
            return "exact"
        return "prefix" if len(a) >= 4 and a[:3] == b[:3] else "different"

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """Both codes."""
        return _quoted(level, lead.postal_code, acc.postal_code)


@dataclass(frozen=True, slots=True)
class StreetComparison(_Graded):
    """Street addresses on normalized text (abbreviations unified)."""

    name: str = "street"

    def grade(self, lead: PreparedLead, acc: PreparedAccount) -> str:
        """`exact` for the same address, `similar` for a near one, else `different`."""
        a, b = lead.street, acc.street
        if not a or not b:
            return NULL
        score = fuzz.ratio(a, b)
        if score >= 95:
            return "exact"
        if score >= 80 or fuzz.token_set_ratio(a, b) >= 90:
            return "similar"
        return "different"

    def values(self, lead: PreparedLead, acc: PreparedAccount, level: str) -> tuple[str, str]:
        """Both addresses."""
        return _quoted(level, lead.street, acc.street)


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

"""Comparisons: each turns a (lead, account) pair into one labelled level.

A comparison is a small object with a name and a `level` method; its levels, their weights and
their readable labels live in the settings (`defaults.yaml`). An outcome also carries the two
values compared, so the explanation can say "same e-mail domain acme.de".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from leadlink.matching.index import AccountIndex, domain_label
from leadlink.matching.prepare import PreparedAccount, PreparedLead
from leadlink.matching.settings import NameThresholds
from leadlink.normalize import COMMON_COMPANY_WORDS, CompanyName, normalize_country
from leadlink.normalize._text import plural_stem
from leadlink.normalize.geo import CITY_KEYS


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
LONG_NAME_WORDS = 5


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


def soft_overlap(
    a: CompanyName, b: CompanyName, index: AccountIndex, a_sum: float, b_sum: float
) -> float:
    """IDF-weighted token overlap (0..1), where tokens one typo apart count as nearly equal.

    `a_sum` and `b_sum` are the IDF sums of the two names (computed once per lead and account).
    """
    b_tokens = b.tokens
    if not a.tokens or not b_tokens:
        return 0.0
    idf, default = index.idf, index.default_idf  # `index.token_idf`, without a call per word
    matched = 0.0
    for token in dict.fromkeys(a.tokens):  # ordered: float sums equal in every process
        if token in b_tokens:
            matched += idf.get(token, default)
        elif len(token) >= 3:
            best = _soft_best(token, b_tokens)
            if best >= 0.8:
                matched += idf.get(token, default) * best
    union = a_sum + b_sum - matched
    return matched / union if union > 0 else 0.0


def _soft_best(token: str, others: tuple[str, ...]) -> float:
    """How nearly a word of three letters or more equals one of `others` (0.8 and up counts)."""
    best = 0.0
    stem = plural_stem(token)
    first, size = token[0], len(token)
    for other in others:
        if len(other) < 3:
            continue
        if other[0] == first and stem == plural_stem(other):
            return 1.0  # the same word, singular and plural: 'technology' / 'technologies'
        if other.startswith(token) or token.startswith(other):
            best = max(best, 0.9)  # an abbreviation: 'sys' / 'systems'
        elif size >= 4 and len(other) >= 4 and abs(len(other) - size) <= 2:
            # OSA: a swap of two letters ('buisness') is one typo, not two.
            best = max(best, OSA.normalized_similarity(token, other, score_cutoff=0.8))
    return best


def _one_typo(a: str, b: str) -> bool:
    """Names one typo apart from eight letters, two from twenty (a letter wrong, missing, added
    or swapped): 'Commissariat a l'Engerie Atomique' is still the Commissariat.

    A digit changed is not a typo: 'acme 2' and 'acme 3' are different places.
    """
    shorter = min(len(a), len(b))
    allowed = 2 if shorter >= 20 else 1
    if shorter < 8 or abs(len(a) - len(b)) > allowed:
        return False
    if OSA.distance(a, b, score_cutoff=allowed) > allowed:
        return False
    return "".join(c for c in a if c.isdigit()) == "".join(c for c in b if c.isdigit())


def _same_words(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words but for 'of', 'the' and plurals: in order, or in any order from three words.

    'California Institute Technology' / 'California Institute of Technology'; 'University of
    Texas System Board of Regents' / 'The Board of Regents of the University of Texas System';
    'Lucent Technology' / 'Lucent Technologies'; in order, a word may be cut short to three
    letters or more: 'Regents University Calif' / 'Regents University California'. Takes the
    names' `stems`.
    """
    if len(a) != len(b) or len(a) < 2:
        return False
    if a == b or (len(a) >= 3 and sorted(a) == sorted(b)):
        return True
    for x, y in zip(a, b, strict=True):  # in place, a word cut short to three letters or more
        if x == y:
            continue
        short, long = (x, y) if len(x) < len(y) else (y, x)
        if len(short) < 3 or not long.startswith(short) or not short.isalpha():
            return False
    return True


def contained(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other with words added after it: 'virgils' / 'virgils real bbq'.

    A word of six letters or more may be one typo off ('foerderung' / 'forderung').
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return False
    first, other = short[0], long[0]
    if first != other and (first[0] != other[0] or not _same_word(first, other)):
        return False
    for token in short[1:]:  # names are a few words: a tuple scan beats building a set
        if token in long:
            continue
        if len(token) < 6 or not any(_same_word(token, w) for w in long):
            return False
    return True


def _same_word(a: str, b: str) -> bool:
    """Equal, or one typo apart in a word of six letters or more."""
    if a == b:
        return True
    return (
        min(len(a), len(b)) >= 6
        and abs(len(a) - len(b)) <= 1
        and OSA.distance(a, b, score_cutoff=1) <= 1
    )


def is_part(a: CompanyName, b: CompanyName) -> bool:
    """One name holds the other's words, with fewer words: 'virgils' / 'virgils real bbq'.

    As many words is the same name with typos, for the fuzzy levels, not a part of it.
    """
    return len(a.stems) != len(b.stems) and contained(a.stems, b.stems)


def name_part(a: CompanyName, b: CompanyName, *, branch: bool) -> str:
    """The level of a lead's name `a` that holds the account's `b` or sits inside it (`is_part`).

    The more words the two share, the less it is a look-alike: on generated data (see
    bench/name_levels.py) `contained` pairs are right 30% of the time, `shortened` 60%,
    `contained_two` 80%, `part_long` 99%. A chain branch stays `contained` ('Pixel Fitness -
    Leeds', 'Oak Auto Repair Austin' share their words with every other branch), and so does a
    part made only of generic words ('First National Bank' in 'First National Bank of Omaha').
    """
    shorter = a if len(a.stems) < len(b.stems) else b
    shared = len(shorter.stems)
    if branch or _names_a_city(b.content) or COMMON_COMPANY_WORDS.issuperset(shorter.content):
        return "contained"  # a chain's branch, or only generic words shared
    if shared >= 3:
        return "part_long"
    if len(a.stems) < len(b.stems):
        return "shortened"  # the lead typed the start of the account's name
    return "contained_two" if shared == 2 else "contained"


def _names_a_city(words: tuple[str, ...]) -> bool:
    """The account's name holds a city ('Oak Auto Repair Austin'): one branch of a chain.

    A lead's name that adds a city to an account's plain name ('Fluxlink Labs Lille') names the
    office where the person sits; one that shares a chain's words with a branch account is
    more often another branch.
    """
    n = len(words)
    return any(
        " ".join(words[i:j]) in CITY_KEYS for i in range(n) for j in range(i + 1, min(n, i + 3) + 1)
    )


def long_names_agree(a: CompanyName, b: CompanyName, overlap: float, bar: float) -> bool:
    """Two long names (five words or more each): nearly all rare words shared, or one inside.

    A look-alike shares one distinctive word. A name of five words or more that keeps `bar` of
    the rarity-weighted words of another ('... of the United Kingdom and Northern Ireland'
    without 'Great Britain'), or is wholly inside it (with a unit's name or a code after it), is
    the same organisation written another way.
    """
    short, long = (a.stems, b.stems) if len(a.stems) <= len(b.stems) else (b.stems, a.stems)
    if len(short) < LONG_NAME_WORDS:
        return False
    return overlap >= bar or set(short) <= set(long)


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
            or (ratio >= 0.87 and _one_typo(a.normal, b.normal))  # one typo in 8+ letters: ≥ 0.875
            or (size_a == size_b and _same_words(a.stems, b.stems))
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

"""Internal records of the generator: a company as generated, before it is printed as CSV.

`Org` keeps what the printed row hides (the true domain of an account without a website, the
brand word, the acronym) because leads must be generated from the real company, not the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from leadlink.synth.geo import City

REFERENCE_DATE = date(2026, 11, 20)


@dataclass(slots=True)
class Org:
    """A generated organisation: an account, or a company that has no account."""

    name: str
    core: str  # name without legal form
    form: str  # legal form ("Inc.", "GmbH") or ""
    brand: str  # the distinctive word people type ("Brightwave", "Kessler")
    acronym: str  # "GLP" when the company is also known by one, else ""
    domain: str  # the registered domain people's mail is on
    city: City
    industry: str
    extra_domains: list[str] = field(default_factory=list)
    local: bool = False  # a franchise branch: its people give the branch's city


@dataclass(slots=True)
class AccountRec:
    """One account row plus the links the lead generator needs."""

    idx: int
    id: str
    org: Org
    website: str
    street: str
    postal_code: str
    phone_digits: str
    phone_style: int
    country_text: str
    type: str
    employees: int
    revenue: int
    created: date
    kind: str = "std"  # std, parent, child, chain, dup, famous
    parent: int = -1
    children: list[int] = field(default_factory=list)
    dup_of: int = -1
    own_domain: bool = True  # a child with its own country domain
    owner: str = ""
    sdr_owner: str = ""
    chain: int = -1  # index into AccountBook.chains for franchise branches


@dataclass(slots=True)
class Chain:
    """A franchise brand whose branches are separate organisations."""

    brand: str
    country: str
    industry: str
    cities: set[str] = field(default_factory=set)


@dataclass(slots=True)
class AccountBook:
    """Every generated account with the indexes that keep new names and domains distinct."""

    accounts: list[AccountRec] = field(default_factory=list)
    name_keys: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    chains: list[Chain] = field(default_factory=list)
    by_key: dict[str, int] = field(default_factory=dict)  # famous-case key -> account index

    def add(self, rec: AccountRec) -> None:
        """Append an account and reserve its name and domains."""
        self.accounts.append(rec)
        self.domains.add(rec.org.domain)
        self.domains.update(rec.org.extra_domains)


def account_id(n: int) -> str:
    """Stable account id for the n-th account (1-based)."""
    return f"A{n:07d}"


def lead_id(n: int) -> str:
    """Stable lead id for the n-th lead (1-based)."""
    return f"L{n:08d}"

"""Companies that have no account: plain ones, look-alikes that share a word with an account, and
other branches of a franchise chain that has branch accounts.

These are the leads whose right answer is "no match"; a link to the look-alike account is the
costly mistake, so a good share of them is made to resemble an account on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from leadlink.synth import vocab as V
from leadlink.synth.accounts import branch_org, pick_country, pick_industry
from leadlink.synth.geo import CITIES, COUNTRY_TLD
from leadlink.synth.model import AccountBook, Org
from leadlink.synth.names import company_name, legal_form, make_domain, name_key, with_form
from leadlink.synth.people import ascii_slug

LOOKALIKE_SHARE = 0.35
CHAIN_SHARE = 0.10
REUSE_SHARE = 0.45

_LOOK_TAILS = (
    "Family Dental",
    "Consulting",
    "Group",
    "& Co",
    "Holdings",
    "Realty",
    "Studios",
    "Partners",
    "Foods",
    "Auto Repair",
    "Fitness",
    "Law Firm",
    "Insurance Agency",
    "Capital",
    "Labs",
)


@dataclass(slots=True)
class Lookalike:
    """An account's distinctive word and where it is, to build a name sharing that word."""

    word: str
    core: str
    country: str
    city: str


def lookalike_sources(book: AccountBook) -> list[Lookalike]:
    """Accounts whose brand is one distinctive word that other companies could also use."""
    out = []
    for a in book.accounts:
        o = a.org
        if a.kind in ("std", "famous", "parent") and " " not in o.brand and o.brand != o.core:
            out.append(Lookalike(o.brand, o.core, o.city.country, o.city.name))
    return out


@dataclass(slots=True)
class OutsidePool:
    """Non-account companies made so far in one chunk, reused so several leads share one."""

    orgs: list[Org] = field(default_factory=list)


def _free(book: AccountBook, core: str, domain: str) -> bool:
    return name_key(core) not in book.name_keys and domain not in book.domains


def plain_org(rng: random.Random, book: AccountBook) -> Org:
    """A company that is not an account and has a name no account has."""
    while True:
        country = pick_country(rng)
        industry = pick_industry(rng)
        parts = company_name(rng, country, industry)
        if name_key(parts.core) not in book.name_keys:
            break
    form = legal_form(rng, country, 0.35)
    domain = make_domain(rng, parts, country, industry, book.domains)
    city = rng.choice(CITIES[country])
    return Org(
        with_form(parts.core, form),
        parts.core,
        form,
        parts.brand,
        parts.acronym,
        domain,
        city,
        industry,
    )


def lookalike_org(rng: random.Random, book: AccountBook, src: Lookalike) -> Org | None:
    """A company sharing `src.word` with an account ("Acme Family Dental" next to "Acme Inc")."""
    tail = (
        rng.choice(_LOOK_TAILS)
        if rng.random() < 0.5
        else rng.choice(V.INDUSTRIES[pick_industry(rng)])
    )
    core = f"{src.word} {tail}"
    if core == src.core:
        return None
    country = src.country if rng.random() < 0.6 else pick_country(rng)
    tld = COUNTRY_TLD[country] if rng.random() < 0.4 else "com"
    domain = f"{ascii_slug(core)}.{tld}"
    if not _free(book, core, domain):
        return None
    cities = CITIES[country]
    same_city = [c for c in cities if c.name == src.city]
    city = same_city[0] if same_city and rng.random() < 0.3 else rng.choice(cities)
    form = legal_form(rng, country, 0.3)
    return Org(with_form(core, form), core, form, src.word, "", domain, city, "Other")


def chain_branch_org(rng: random.Random, book: AccountBook) -> Org | None:
    """Another branch of a chain that has branch accounts, in a city with no branch account."""
    if not book.chains:
        return None
    chain = rng.choice(book.chains)
    free_cities = [c for c in CITIES[chain.country] if c.name not in chain.cities]
    if not free_cities:
        return None
    org = branch_org(rng, chain, rng.choice(free_cities))
    return org if _free(book, org.core, org.domain) else None


def outside_org(
    rng: random.Random, book: AccountBook, pool: OutsidePool, sources: list[Lookalike]
) -> Org:
    """A non-account company for the next lead: reused from the pool or new."""
    if pool.orgs and rng.random() < REUSE_SHARE:
        return rng.choice(pool.orgs)
    r = rng.random()
    org: Org | None = None
    if r < LOOKALIKE_SHARE and sources:
        org = lookalike_org(rng, book, rng.choice(sources))
    elif r < LOOKALIKE_SHARE + CHAIN_SHARE:
        org = chain_branch_org(rng, book)
    if org is None:
        org = plain_org(rng, book)
    pool.orgs.append(org)
    return org

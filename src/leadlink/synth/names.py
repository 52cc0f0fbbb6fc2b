"""Company names and domains: the combinatorial name patterns and a domain for each name.

Both accounts and companies without an account come from here, so a look-alike is as plausible
as a real account; `name_key` is the key that keeps two generated names from being the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from leadlink.synth import vocab as V
from leadlink.synth.geo import COUNTRY_TLD
from leadlink.synth.people import ascii_slug


@dataclass(slots=True)
class NameParts:
    """A company name split into what the noise functions and domains need."""

    core: str
    brand: str
    acronym: str = ""


def name_key(core: str) -> str:
    """The identity of a name for de-duplication: ASCII letters and digits only."""
    return ascii_slug(core)


def brand_stem(rng: random.Random) -> str:
    """An invented brand word: a compound ("Brightwave") or syllables ("Kovara")."""
    if rng.random() < 0.6:
        return rng.choice(V.STEM_HEADS) + rng.choice(V.STEM_TAILS)
    mid = rng.choice(V.SYL_MID) if rng.random() < 0.7 else ""
    return rng.choice(V.SYL_START) + mid + rng.choice(V.SYL_END)


def industry_word(rng: random.Random, industry: str) -> str:
    """A word that names what a company in `industry` does."""
    return rng.choice(V.INDUSTRIES[industry])


def company_name(rng: random.Random, country: str, industry: str) -> NameParts:
    """A company name (without legal form) in one of the common patterns."""
    r = rng.random()
    word = industry_word(rng, industry)
    if r < 0.36:
        stem = brand_stem(rng)
        return NameParts(f"{stem} {word}", stem)
    if r < 0.50:
        stem = brand_stem(rng)
        return NameParts(stem, stem)
    if r < 0.62:
        sur = rng.choice(V.SURNAMES_EN)
        tail = rng.choice(("& Sons", "& Partners", "& Co", "Associates", word, word, word))
        return NameParts(f"{sur} {tail}", sur)
    if r < 0.67:
        a, b = rng.sample(V.SURNAMES_EN, 2)
        return NameParts(f"{a} & {b}", a)
    if r < 0.80:
        place = rng.choice(V.PLACES)
        suffix = rng.choice(("Group", "Partners", "", "", ""))
        core = f"{place} {word} {suffix}".strip()
        return NameParts(core, place)
    if r < 0.91:
        adj = rng.choice(V.ADJECTIVES)
        org = rng.choice(V.ORG_WORDS)
        words = f"{adj} {word} {org}"
        acro = "".join(w[0] for w in words.split() if w[0].isupper())
        return NameParts(words, words, acro if rng.random() < 0.4 else "")
    local = V.SURNAMES_LOCAL.get(country)
    if local is None:
        sur = rng.choice(V.SURNAMES_EN)
        return NameParts(f"{sur} {word}", sur)
    sur = rng.choice(local)
    trade = rng.choice(V.LOCAL_TRADES[country])
    if country in ("ES",) or (country == "FR" and rng.random() < 0.4):
        return NameParts(f"{trade} {sur}" if country == "ES" else f"Groupe {sur}", sur)
    return NameParts(f"{sur} {trade}", sur)


def legal_form(rng: random.Random, country: str, share: float) -> str:
    """A legal form of the country, with probability `share`, else ""."""
    if rng.random() >= share:
        return ""
    return rng.choice(V.LEGAL_FORMS[country])


def with_form(core: str, form: str) -> str:
    """The full name: "Brightwave Analytics Inc." (with ", " before Ltd-like forms sometimes)."""
    if not form:
        return core
    return f"{core} {form}"


def _tld(rng: random.Random, country: str, industry: str) -> str:
    if country == "US":
        if industry == "Software" and rng.random() < 0.35:
            return rng.choice(V.TECH_TLDS)
        return "com" if rng.random() < 0.92 else rng.choice(("net", "co", "us"))
    if rng.random() < 0.62:
        return COUNTRY_TLD[country]
    return "com"


def make_domain(
    rng: random.Random, parts: NameParts, country: str, industry: str, taken: set[str]
) -> str:
    """A registered domain for the company that no other generated company holds."""
    core_slug = ascii_slug(parts.core)
    brand_slug = core_slug if parts.brand == parts.core else ascii_slug(parts.brand)
    tld = _tld(rng, country, industry)
    options = []
    if parts.acronym:
        options.append(parts.acronym.lower())
    if len(core_slug) <= 18 or rng.random() < 0.3:
        options.append(core_slug)
    if brand_slug != core_slug:
        options.append(brand_slug)
        options.append(f"{brand_slug}-{ascii_slug(parts.core.split()[-1])}")
    if rng.random() < 0.5:
        options.reverse()
    options.extend((f"{brand_slug}hq", f"get{brand_slug}", f"{core_slug}group", f"the{core_slug}"))
    for label in options:
        domain = f"{label}.{tld}"
        if label and domain not in taken:
            return domain
    n = 2
    while f"{core_slug}{n}.{tld}" in taken:
        n += 1
    return f"{core_slug}{n}.{tld}"


def website_text(rng: random.Random, domain: str) -> str:
    """How a CRM row holds the website: URL with or without scheme, www and path."""
    r = rng.random()
    if r < 0.32:
        return f"https://www.{domain}"
    if r < 0.57:
        return domain
    if r < 0.70:
        return f"www.{domain}"
    if r < 0.80:
        return f"http://{domain}/"
    if r < 0.92:
        return f"https://{domain}"
    if r < 0.96:
        return f"https://www.{domain}/en-us/"
    return f"http://www.{domain}/index.html"

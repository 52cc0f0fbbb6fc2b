"""Accounts: standalone companies, hierarchies with regional subsidiaries, franchise branches
and ~1% duplicate entries, with plausible firmographics, addresses and phones.

Ids are given in creation order; every account's name key and domain is kept in the book so that
companies without an account (generated later for leads) never collide with an account.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from leadlink.synth import vocab as V
from leadlink.synth.geo import (
    CITIES,
    COUNTRIES,
    COUNTRY_TLD,
    COUNTRY_WEIGHTS,
    SUBSIDIARY_LABEL,
    City,
    country_label,
    phone_digits,
    postal_code,
    street,
)
from leadlink.synth.model import AccountBook, AccountRec, Chain, Org, account_id
from leadlink.synth.names import (
    NameParts,
    company_name,
    legal_form,
    make_domain,
    name_key,
    website_text,
    with_form,
)
from leadlink.synth.people import ascii_slug
from leadlink.synth.rand import Weighted

TYPES = ("Customer", "Prospect", "Partner", "Competitor", "Other")
TYPE_WEIGHTS = (20, 70, 5, 2, 3)
PARENT_SHARE = 0.06
CHAIN_SHARE = 0.02
DUPLICATE_SHARE = 0.01
NO_WEBSITE_SHARE = 0.10
EXTRA_DOMAIN_SHARE = 0.08
_EPOCH = date(2012, 1, 1)
_COUNTRY = Weighted(COUNTRIES, COUNTRY_WEIGHTS)
_INDUSTRY = Weighted(V.INDUSTRY_NAMES, V.INDUSTRY_WEIGHTS)
_TYPE = Weighted(TYPES, TYPE_WEIGHTS)
_PARENT_TYPE = Weighted(TYPES[:3], (45, 50, 5))
_CHILD_TYPE = Weighted(TYPES[:2], (20, 80))


def pick_country(rng: random.Random) -> str:
    """A country, weighted like a US-heavy international customer base."""
    return str(_COUNTRY.pick(rng))


def pick_industry(rng: random.Random) -> str:
    """An industry label, weighted towards software and services."""
    return str(_INDUSTRY.pick(rng))


def firmographics(rng: random.Random, scale: float = 0.0) -> tuple[int, int]:
    """Employees (log-normal) and annual revenue roughly proportional to them."""
    employees = max(1, min(400_000, int(math.exp(rng.gauss(3.9 + scale, 1.5)))))
    revenue = round(employees * rng.uniform(60_000, 350_000), -3)
    return employees, int(revenue)


def created_date(rng: random.Random, ref: date, after: date | None = None) -> date:
    """A creation date between 2012 (or `after`) and two weeks before the reference date."""
    lo = (after or _EPOCH).toordinal()
    hi = max(lo, (ref - timedelta(days=14)).toordinal())
    return date.fromordinal(rng.randint(lo, hi))


def build_account(
    book: AccountBook,
    rng: random.Random,
    org: Org,
    *,
    ref: date,
    kind: str = "std",
    type_: str = "",
    website: str | None = None,
    after: date | None = None,
    scale: float = 0.0,
    reserve_name: bool = True,
) -> AccountRec:
    """Turn an organisation into an account row (address, phone, type, dates) and add it
    (`reserve_name=False` when `new_org` has reserved the name already)."""
    city = org.city
    cc = city.country
    employees, revenue = firmographics(rng, scale)
    if website is None:
        website = "" if rng.random() < NO_WEBSITE_SHARE else website_text(rng, org.domain)
    rec = AccountRec(
        idx=len(book.accounts),
        id=account_id(len(book.accounts) + 1),
        org=org,
        website=website,
        street=street(rng, cc) if rng.random() < 0.9 else "",
        postal_code=postal_code(rng, city) if rng.random() < 0.92 else "",
        phone_digits=phone_digits(rng, city) if rng.random() < 0.88 else "",
        phone_style=rng.randrange(3),
        country_text=country_label(rng, cc, 0.8),
        type=type_ or _TYPE.pick(rng),
        employees=employees,
        revenue=revenue,
        created=created_date(rng, ref, after),
        kind=kind,
    )
    book.add(rec)
    if reserve_name:
        book.name_keys.add(name_key(org.core))
    return rec


def new_org(rng: random.Random, book: AccountBook, country: str, industry: str) -> Org:
    """A company whose name key (reserved here) and domain are not yet taken by an account."""
    while True:
        parts = company_name(rng, country, industry)
        key = name_key(parts.core)
        if key and key not in book.name_keys:
            break
    book.name_keys.add(key)
    form = legal_form(rng, country, 0.45)
    domain = make_domain(rng, parts, country, industry, book.domains)
    extra: list[str] = []
    if rng.random() < EXTRA_DOMAIN_SHARE:
        extra = _extra_domains(rng, parts, domain, book.domains)
    return Org(
        name=with_form(parts.core, form),
        core=parts.core,
        form=form,
        brand=parts.brand,
        acronym=parts.acronym,
        domain=domain,
        city=rng.choice(CITIES[country]),
        industry=industry,
        extra_domains=extra,
    )


def _extra_domains(rng: random.Random, parts: NameParts, domain: str, taken: set[str]) -> list[str]:
    label, _, tld = domain.partition(".")
    brand = ascii_slug(parts.brand)
    options = [f"{label}.{t}" for t in ("net", "io", "co") if t != tld]
    options += [f"{brand}mail.com", f"{brand}-group.com", f"{label}hq.com"]
    if parts.acronym:
        options.insert(0, f"{parts.acronym.lower()}.com")
    picks = [d for d in rng.sample(options, min(len(options), rng.randint(1, 2))) if d not in taken]
    taken.update(picks)
    return picks


def _add_hierarchy(rng: random.Random, book: AccountBook, ref: date, room: int) -> None:
    country = pick_country(rng)
    parent = build_account(
        book,
        rng,
        new_org(rng, book, country, pick_industry(rng)),
        ref=ref,
        reserve_name=False,
        kind="parent",
        type_=_PARENT_TYPE.pick(rng),
        scale=2.0,
    )
    others = [c for c in COUNTRIES if c != country]
    for cc in rng.sample(others, min(room, rng.randint(1, 4))):
        add_child(rng, book, parent, cc, ref=ref, own_domain=rng.random() < 0.6)


def add_child(
    rng: random.Random,
    book: AccountBook,
    parent: AccountRec,
    cc: str,
    *,
    ref: date,
    own_domain: bool,
    name: str = "",
    domain: str = "",
    city: City | None = None,
) -> AccountRec:
    """A regional subsidiary of `parent` in country `cc` ("Brand UK Ltd", "Brand GmbH")."""
    porg = parent.org
    brand = porg.brand if len(porg.brand) < len(porg.core) else porg.core
    if own_domain and not domain:
        domain = f"{ascii_slug(brand)}.{COUNTRY_TLD[cc]}"
        if domain in book.domains:
            domain = f"{ascii_slug(brand)}-{cc.lower()}.{COUNTRY_TLD[cc]}"
        own_domain = domain not in book.domains
    if not own_domain:
        domain = porg.domain
    form = V.SUBSIDIARY_FORM[cc]
    label = SUBSIDIARY_LABEL[cc]
    if not name:
        r = rng.random()
        if r < 0.7:
            name = f"{brand} {label} {form}"
        elif r < 0.85:
            name = f"{brand} {form} ({label})"
        else:
            name = f"{porg.core} {label}"
    org = Org(
        name,
        name.removesuffix(f" {form}"),
        form if name.endswith(form) else "",
        brand,
        porg.acronym,
        domain,
        city or rng.choice(CITIES[cc]),
        porg.industry,
    )
    ctype = parent.type if rng.random() < 0.6 else _CHILD_TYPE.pick(rng)
    child = build_account(
        book,
        rng,
        org,
        ref=ref,
        kind="child",
        type_=ctype,
        after=parent.created,
        scale=0.8,
        website=_child_website(rng, parent, domain, own_domain),
    )
    child.parent = parent.idx
    child.own_domain = own_domain
    parent.children.append(child.idx)
    return child


def _child_website(rng: random.Random, parent: AccountRec, domain: str, own: bool) -> str:
    """A child's own domain, or (sometimes) the group site, shown only if the parent shows it:
    a domain the CRM holds only on a child would point to that child."""
    if own:
        return website_text(rng, domain)
    return website_text(rng, domain) if parent.website and rng.random() < 0.4 else ""


def _add_chain(rng: random.Random, book: AccountBook, ref: date, room: int) -> None:
    country = rng.choice(("US", "US", "GB", "CA", "AU", "DE"))
    trade = rng.choice(V.CHAIN_TRADES)
    head = rng.choice(V.PLACES) if rng.random() < 0.5 else rng.choice(V.STEM_HEADS)
    brand = f"{head} {trade}"
    chain = Chain(brand, country, "Healthcare" if "Dental" in trade else "Retail")
    book.chains.append(chain)
    cities = rng.sample(CITIES[country], min(room, rng.randint(1, 3), len(CITIES[country]) - 1))
    for city in cities:
        add_branch(rng, book, chain, len(book.chains) - 1, city, ref=ref)


def branch_org(rng: random.Random, chain: Chain, city: City) -> Org:
    """A franchise branch: its own organisation named after the brand and the city."""
    sep = " - " if rng.random() < 0.4 else " "
    core = f"{chain.brand}{sep}{city.name}"
    domain = f"{ascii_slug(chain.brand)}{ascii_slug(city.name)}.{COUNTRY_TLD[chain.country]}"
    return Org(core, core, "", chain.brand, "", domain, city, chain.industry, local=True)


def add_branch(
    rng: random.Random, book: AccountBook, chain: Chain, ci: int, city: City, *, ref: date
) -> None:
    """Add one branch of `chain` in `city` as an account."""
    org = branch_org(rng, chain, city)
    if org.domain in book.domains or name_key(org.core) in book.name_keys:
        return
    rec = build_account(book, rng, org, ref=ref, kind="chain", scale=-1.0)
    rec.chain = ci
    chain.cities.add(city.name)


def add_duplicate(rng: random.Random, book: AccountBook, orig: AccountRec, ref: date) -> None:
    """The same company entered again later: reformatted name and website, a Prospect."""
    o = orig.org
    name = _reformat_name(rng, o)
    website = website_text(rng, o.domain) if rng.random() < 0.8 else ""
    org = Org(name, o.core, o.form, o.brand, o.acronym, o.domain, o.city, o.industry, [])
    after = min(orig.created + timedelta(days=rng.randint(1, 400)), ref - timedelta(days=1))
    dup = build_account(
        book, rng, org, ref=ref, kind="dup", type_="Prospect", website=website, after=after
    )
    dup.dup_of = orig.idx


def _reformat_name(rng: random.Random, o: Org) -> str:
    r = rng.random()
    if r < 0.3 and o.form:
        return o.core
    if r < 0.5:
        return o.name.upper()
    if r < 0.7:
        return f"{o.core}, {rng.choice(V.LEGAL_FORMS[o.city.country])}"
    if r < 0.85:
        return o.name.replace(" & ", " and ").replace("-", " ") + ("" if o.form else " ")
    return o.name.lower().title()


def _add_standalone(rng: random.Random, book: AccountBook, ref: date) -> None:
    org = new_org(rng, book, pick_country(rng), pick_industry(rng))
    build_account(book, rng, org, ref=ref, reserve_name=False)


def fill_accounts(rng: random.Random, book: AccountBook, n: int, ref: date) -> None:
    """Add accounts to `book` until it holds `n`, ~1% of them duplicates of earlier ones."""
    n_dups = int(n * DUPLICATE_SHARE)
    base_target = n - n_dups
    while len(book.accounts) < base_target:
        room = base_target - len(book.accounts)
        r = rng.random()
        if r < PARENT_SHARE and room >= 2:
            _add_hierarchy(rng, book, ref, room - 1)
        elif r < PARENT_SHARE + CHAIN_SHARE and room >= 1:
            _add_chain(rng, book, ref, room)
        else:
            country = pick_country(rng)
            build_account(
                book,
                rng,
                new_org(rng, book, country, pick_industry(rng)),
                ref=ref,
                reserve_name=False,
            )
    std = [a for a in book.accounts if a.kind == "std"]
    for orig in rng.sample(std, min(len(std), n - len(book.accounts))):
        add_duplicate(rng, book, orig, ref)
    while len(book.accounts) < n:  # only when there were too few standalone accounts
        country = pick_country(rng)
        build_account(
            book, rng, new_org(rng, book, country, pick_industry(rng)), ref=ref, reserve_name=False
        )

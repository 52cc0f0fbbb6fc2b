"""Leads with their right account: people at accounts (with typing noise, personal mail, missing
fields, hierarchy sites) and people at companies that have no account.

Leads are made in chunks, each from its own seeded random stream, so the output for a seed is the
same however the chunks are scheduled (in one process or several).
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from leadlink.synth.famous import SCENARIOS, city_named
from leadlink.synth.geo import (
    CITIES,
    COUNTRIES,
    City,
    country_label,
    format_phone,
    phone_digits,
    postal_code,
    street,
)
from leadlink.synth.model import AccountBook, AccountRec, lead_id
from leadlink.synth.names import website_text
from leadlink.synth.noise import typed_company
from leadlink.synth.outside import OutsidePool, lookalike_sources, outside_org
from leadlink.synth.people import (
    ALL_FREE_MAIL,
    CULTURE_PICK,
    FIRST_NAMES,
    FREE_MAIL,
    LAST_NAMES,
    LEAD_SOURCE_WEIGHTS,
    LEAD_SOURCES,
    LEAD_STATUS_WEIGHTS,
    LEAD_STATUSES,
    email_local,
    personal_local,
    title,
)
from leadlink.synth.rand import Weighted, make_rng

NO_ACCOUNT_SHARE = 0.25
FREE_MAIL_SHARE = 0.15
DUP_CONTACT_SHARE = 0.03
CHUNK = 25_000
_SOURCE = Weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS)
_STATUS = Weighted(LEAD_STATUSES, LEAD_STATUS_WEIGHTS)
_SUBDOMAINS = ("mail", "corp", "eu", "us", "uk", "de", "na", "emea")
_GROUP_SUBDOMAINS = ("mail", "corp", "email")


@dataclass(slots=True)
class LeadContext:
    """Everything a chunk needs, read-only: the accounts and the lead target weights."""

    book: AccountBook
    ref: date
    seed: int
    cum_weights: list[float] = field(default_factory=list)
    sources: list = field(default_factory=list)
    day_str: list[str] = field(default_factory=list)
    ref_epoch: int = 0


@dataclass(slots=True)
class LeadChunk:
    """One chunk of leads: rows, the right account index (-1 = none), creation epochs and the
    (account index, first, last, e-mail, title) of leads that also exist as contacts."""

    rows: list[list[str]] = field(default_factory=list)
    truth: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    dup_contacts: list[tuple[int, str, str, str, str]] = field(default_factory=list)


def make_context(book: AccountBook, ref: date, seed: int) -> LeadContext:
    """Precompute target weights (bigger companies and customers get more leads)."""
    weights = []
    for a in book.accounts:
        w = 0.0 if a.dup_of >= 0 else 1.0 + math.log1p(a.employees) / 3
        weights.append(w * (1.4 if a.type == "Customer" else 1.0))
    ref_epoch = int(datetime(ref.year, ref.month, ref.day, tzinfo=UTC).timestamp())
    days = [(ref - timedelta(days=d + 1)).isoformat() for d in range(730)]
    return LeadContext(
        book, ref, seed, list(accumulate(weights)), lookalike_sources(book), days, ref_epoch
    )


def chunk_ranges(n_leads: int) -> list[tuple[int, int, int]]:
    """(chunk index, first lead number, count) for the random leads after the scenarios."""
    start = min(len(SCENARIOS), n_leads) + 1
    out, k = [], 0
    while start <= n_leads:
        count = min(CHUNK, n_leads - start + 1)
        out.append((k, start, count))
        start += count
        k += 1
    return out


def _person(rng: random.Random, country: str) -> tuple[str, str]:
    culture = CULTURE_PICK[country].pick(rng)
    return rng.choice(FIRST_NAMES[culture]), rng.choice(LAST_NAMES[culture])


def _truth(book: AccountBook, site: AccountRec, domain: str, free: bool, lead_cc: str) -> int:
    """The most specific account the e-mail domain or country points to, else the parent."""
    accounts = book.accounts
    root = accounts[site.parent] if site.parent >= 0 else site
    if not root.children:
        return site.idx
    kids = [accounts[i] for i in root.children]
    if not free:
        for c in kids:
            if c.own_domain and c.org.domain == domain:
                return c.idx
    for c in kids:
        if c.org.city.country == lead_cc:
            return c.idx
    return root.idx


def _created(rng: random.Random, ctx: LeadContext) -> tuple[str, int]:
    d = min(729, int(rng.expovariate(1 / 120)))
    secs = rng.randrange(86400)
    hh, rem = divmod(secs, 3600)
    mm, ss = divmod(rem, 60)
    epoch = ctx.ref_epoch - (d + 1) * 86400 + secs
    return f"{ctx.day_str[d]}T{hh:02d}:{mm:02d}:{ss:02d}Z", epoch


def _place(
    rng: random.Random, home: City, lead_cc: str, acc: AccountRec | None, local: bool = False
) -> tuple[City | None, str, str, str, str]:
    """(city record, street, city, state, postal) as typed; most forms skip the address.
    People at `local` organisations (a franchise branch) give the branch's city."""
    if not lead_cc:
        city = home if rng.random() < 0.4 else None
    elif lead_cc == home.country:
        city = home if local or rng.random() < 0.7 else rng.choice(CITIES[lead_cc])
    else:
        city = rng.choice(CITIES[lead_cc])
    if city is None or rng.random() < 0.35:
        return city, "", "", "", ""
    st = ""
    if rng.random() < 0.25:
        st = acc.street if acc is not None and city is home and rng.random() < 0.5 else ""
        st = st or street(rng, city.country)
    state = city.state if rng.random() < 0.6 else ""
    postal = postal_code(rng, city) if rng.random() < 0.4 else ""
    return city, st, city.name, state, postal


def _phone(rng: random.Random, city: City | None, acc: AccountRec | None) -> str:
    if rng.random() < 0.45:
        return ""
    if acc is not None and acc.phone_digits and rng.random() < 0.3:
        c = acc.org.city
        return format_phone(c.country, c.area, acc.phone_digits, rng.randrange(3))
    if city is None:
        return ""
    return format_phone(city.country, city.area, phone_digits(rng, city), rng.randrange(3))


def _row(
    rng: random.Random,
    ctx: LeadContext,
    n: int,
    person: tuple[str, str, str, str],
    company: str,
    website: str,
    place: tuple[City | None, str, str, str, str],
    phone: str,
    country_text: str,
) -> tuple[list[str], int]:
    first, last, ttl, email = person
    created, epoch = _created(rng, ctx)
    _, st, city, state, postal = place
    source = _SOURCE.pick(rng)
    status = _STATUS.pick(rng)
    row = [
        lead_id(n),
        first,
        last,
        ttl,
        email,
        company,
        website,
        phone,
        st,
        city,
        state,
        postal,
        country_text,
        source,
        status,
        created,
    ]
    return row, epoch


def _lead_cc(rng: random.Random, home_cc: str, remote: bool = True) -> str:
    """The lead's country: the company's, missing, or (a remote worker) another one."""
    r = rng.random()
    if r < 0.77:
        return home_cc
    if r < 0.95 or not remote:
        return ""
    return rng.choice(COUNTRIES)


def _account_lead(rng: random.Random, ctx: LeadContext, n: int, out: LeadChunk) -> None:
    book = ctx.book
    cum = ctx.cum_weights
    site = book.accounts[bisect(cum, rng.random() * cum[-1])]
    org = site.org
    home_cc = org.city.country
    free = rng.random() < FREE_MAIL_SHARE
    if free:
        domain = rng.choice(FREE_MAIL[home_cc])
    elif site.parent >= 0 and site.own_domain and rng.random() < 0.1:
        domain = book.accounts[site.parent].org.domain
    elif org.extra_domains and rng.random() < 0.35:
        domain = rng.choice(org.extra_domains)
    else:
        domain = org.domain
    in_group = site.parent >= 0 or bool(site.children)
    lead_cc = _lead_cc(rng, home_cc, remote=not in_group)  # no remote hint to a sister account
    truth = _truth(book, site, domain, free, lead_cc)
    site = book.accounts[truth]  # what the person shows: the account the evidence points to
    first, last = _person(rng, home_cc)
    if free:
        email = f"{personal_local(rng, first, last)}@{domain}"
    else:
        subs = _GROUP_SUBDOMAINS if in_group else _SUBDOMAINS  # no regional hint in a group
        host = f"{rng.choice(subs)}.{domain}" if rng.random() < 0.03 else domain
        email = f"{email_local(rng, first, last)}@{host}"
    empty = rng.random() < (0.01 if free else 0.04)
    company = "" if empty else typed_company(rng, site.org)
    website = ""
    if not free and rng.random() < 0.15:
        website = website_text(rng, domain) if rng.random() < 0.6 else domain
    place = _place(rng, site.org.city, lead_cc, site, site.chain >= 0)
    phone = _phone(rng, place[0], site)
    ttl = title(rng)
    country_text = country_label(rng, lead_cc, 0.5) if lead_cc else ""
    row, epoch = _row(
        rng, ctx, n, (first, last, ttl, email), company, website, place, phone, country_text
    )
    out.rows.append(row)
    out.truth.append(truth)
    out.created.append(epoch)
    if not free and rng.random() < DUP_CONTACT_SHARE:
        out.dup_contacts.append((truth, first, last, email, ttl))


def _outside_lead(
    rng: random.Random, ctx: LeadContext, n: int, pool: OutsidePool, out: LeadChunk
) -> None:
    org = outside_org(rng, ctx.book, pool, ctx.sources)
    home_cc = org.city.country
    free = rng.random() < 0.2
    first, last = _person(rng, home_cc)
    if free:
        email = f"{personal_local(rng, first, last)}@{rng.choice(FREE_MAIL[home_cc])}"
    else:
        email = f"{email_local(rng, first, last)}@{org.domain}"
    lead_cc = _lead_cc(rng, home_cc)
    company = ""
    if rng.random() >= 0.02:  # never the shared brand word alone: that would be the account's
        company = typed_company(rng, org, clean_share=0.55, brand_alone=False)
    website = org.domain if not free and rng.random() < 0.1 else ""
    place = _place(rng, org.city, lead_cc, None, org.local)
    phone = _phone(rng, place[0], None)
    country_text = country_label(rng, lead_cc, 0.5) if lead_cc else ""
    row, epoch = _row(
        rng, ctx, n, (first, last, title(rng), email), company, website, place, phone, country_text
    )
    out.rows.append(row)
    out.truth.append(-1)
    out.created.append(epoch)


def lead_chunk(ctx: LeadContext, index: int, start: int, count: int) -> LeadChunk:
    """Generate leads number `start` .. `start + count - 1` from chunk `index`'s own stream."""
    rng = make_rng("leads", ctx.seed, index)
    out = LeadChunk()
    pool = OutsidePool()
    for n in range(start, start + count):
        if rng.random() < NO_ACCOUNT_SHARE:
            _outside_lead(rng, ctx, n, pool, out)
        else:
            _account_lead(rng, ctx, n, out)
    return out


def scenario_chunk(ctx: LeadContext, count: int) -> LeadChunk:
    """The fixed scenario leads (famous-style cases) that open every leads file."""
    rng = make_rng("scenarios", ctx.seed)
    out = LeadChunk()
    for n, (company, domain, country_text, city_name, key) in enumerate(SCENARIOS[:count], 1):
        truth = ctx.book.by_key[key] if key else -1
        cc = _city_cc(city_name) if city_name else "US"
        first, last = _person(rng, cc)
        free = domain in ALL_FREE_MAIL
        local = personal_local(rng, first, last) if free else email_local(rng, first, last)
        city = city_named(cc, city_name) if city_name else None
        place = (city, "", city.name if city else "", city.state if city else "", "")
        phone = _phone(rng, city, None)
        row, epoch = _row(
            rng,
            ctx,
            n,
            (first, last, title(rng), f"{local}@{domain}"),
            company,
            "",
            place,
            phone,
            country_text,
        )
        out.rows.append(row)
        out.truth.append(truth)
        out.created.append(epoch)
    return out


def _city_cc(name: str) -> str:
    if name == "Kingston":
        return "CA"
    for cc, cities in CITIES.items():
        if any(c.name == name for c in cities):
            return cc
    raise KeyError(name)

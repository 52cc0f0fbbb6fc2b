"""Normalized views of accounts and leads, computed once so comparisons are cheap lookups."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from leadlink.normalize import (
    CompanyName,
    email_domain,
    fold,
    host_of,
    is_free_mail,
    is_free_mail_domain,
    normalize_city,
    normalize_company,
    normalize_country,
    normalize_postal,
    normalize_state,
    normalize_street,
    registered_domain,
    registered_domain_uncached,
    split_domains,
)
from leadlink.normalize._text import merge_tokens, raw_tokens
from leadlink.normalize.names import NON_PLACE_TAIL_WORDS
from leadlink.records import Account, Lead

_TRUE = frozenset({"true", "yes", "1", "y", "t"})


@dataclass(slots=True, init=False)
class PreparedAccount:
    """An account with every field in its normal form, plus its place in the hierarchy."""

    idx: int
    id: str
    name: CompanyName
    branch: frozenset[str]
    website_domain: str | None
    listed_domains: frozenset[str]
    phone: str | None
    street: str
    city: str
    postal_code: str | None
    state: str | None
    country: str | None
    type: str
    created: str
    open_opportunity: bool
    parent_idx: int = -1
    root_idx: int = -1
    depth: int = 0

    def __init__(
        self,
        idx: int,
        id: str,
        name: CompanyName,
        branch: frozenset[str],
        website_domain: str | None,
        listed_domains: frozenset[str],
        phone: str | None,
        street: str,
        city: str,
        postal_code: str | None,
        state: str | None,
        country: str | None,
        type: str,
        created: str,
        open_opportunity: bool,
        parent_idx: int = -1,
        root_idx: int = -1,
        depth: int = 0,
    ) -> None:
        """Every field; written out because mypyc compiles it to native stores (the generated
        one stays interpreted: about 250 ns a call against 60 ns)."""
        self.idx = idx
        self.id = id
        self.name = name
        self.branch = branch
        self.website_domain = website_domain
        self.listed_domains = listed_domains
        self.phone = phone
        self.street = street
        self.city = city
        self.postal_code = postal_code
        self.state = state
        self.country = country
        self.type = type
        self.created = created
        self.open_opportunity = open_opportunity
        self.parent_idx = parent_idx
        self.root_idx = root_idx
        self.depth = depth

    @property
    def domains(self) -> frozenset[str]:
        """Every registered domain the account is known by."""
        if self.website_domain is None:
            return self.listed_domains
        return self.listed_domains | {self.website_domain}


@dataclass(slots=True, init=False)
class PreparedLead:
    """A lead in normal form; `free_mail` means its e-mail domain says nothing of the company.

    `domains` holds the lead's company domains (e-mail first), free-mail ones excluded: made
    once by `prepare_lead` from the two domains, as every candidate's comparison reads it.
    """

    id: str
    name: CompanyName | None
    branch: frozenset[str]
    email_domain: str | None
    email_host: str | None
    free_mail: bool
    website_domain: str | None
    domains: tuple[str, ...]
    phone: str | None
    street: str
    city: str
    postal_code: str | None
    state: str | None
    country: str | None
    name_weight: float = -1.0  # IDF sum of the name's words, filled by the first comparison
    name_terms: tuple[tuple[str, float], ...] = ()  # its words with their IDF, filled with it

    def __init__(
        self,
        id: str,
        name: CompanyName | None,
        branch: frozenset[str],
        email_domain: str | None,
        email_host: str | None,
        free_mail: bool,
        website_domain: str | None,
        domains: tuple[str, ...],
        phone: str | None,
        street: str,
        city: str,
        postal_code: str | None,
        state: str | None,
        country: str | None,
        name_weight: float = -1.0,
        name_terms: tuple[tuple[str, float], ...] = (),
    ) -> None:
        """Every field; written out because mypyc compiles it to native stores (the generated
        one stays interpreted: about 250 ns a call against 60 ns)."""
        self.id = id
        self.name = name
        self.branch = branch
        self.email_domain = email_domain
        self.email_host = email_host
        self.free_mail = free_mail
        self.website_domain = website_domain
        self.domains = domains
        self.phone = phone
        self.street = street
        self.city = city
        self.postal_code = postal_code
        self.state = state
        self.country = country
        self.name_weight = name_weight
        self.name_terms = name_terms


_PHONE_KEY_DIGITS = 9
_NOT_DIGIT = re.compile(r"[^0-9]")
_NON_DIGIT_BYTES = bytes(c for c in range(256) if not 48 <= c <= 57)


def phone_key(raw: str) -> str | None:
    """The last nine digits of a phone number: equal for '+44 20 7946 0958' and '020 7946 0958'.

    Matching only asks whether two numbers are the same line; the trailing digits answer that
    whatever the country code or trunk prefix, without parsing every number (phonenumbers costs
    ~100 us a number, and an index of 200k accounts would spend most of its build time there).
    """
    if not raw:
        return None
    if raw.isascii():  # the usual case: bytes.translate drops the punctuation in one C call
        digits = raw.encode("ascii").translate(None, _NON_DIGIT_BYTES).decode("ascii")
    else:
        digits = _NOT_DIGIT.sub("", raw)
    if len(digits) < 7 or len(digits) > 17:
        return None
    return digits[-_PHONE_KEY_DIGITS:]


def name_branch(name: CompanyName | None) -> frozenset[str]:
    """Words the normal form dropped that name a place: 'Acme - Leeds' -> {'leeds'}."""
    if name is None:
        return frozenset()
    folded = fold(name.original)
    if name.normal == folded.strip():
        return frozenset()
    kept = set(name.tokens)
    words = merge_tokens(raw_tokens(folded))[0]  # `key_tokens(name.original)`, folded once
    return frozenset(t for t in words if t not in kept and t not in NON_PLACE_TAIL_WORDS)


def _company_domain(
    value: str, lookup: Callable[[str], str | None] = registered_domain
) -> str | None:
    domain = lookup(value) if value else None
    if domain is None or is_free_mail_domain(domain):
        return None
    return domain


def _website_lookup(website: str) -> Callable[[str], str | None]:
    """The cached look-up for a bare host ('acme.com': what leads' mail hosts look up too), the
    uncached one for a URL: no other account or lead looks that up again, and keeping 100k
    such entries cost more than the look-ups (about 2 us a website)."""
    return registered_domain if "/" not in website else registered_domain_uncached


@lru_cache(maxsize=1 << 17)
def _free_host(host: str) -> bool:
    """Free or personal mail, judged on the whole host so listed sub-domains count too."""
    return is_free_mail(host)


def prepare_account(account: Account, idx: int) -> PreparedAccount:
    """Normalize one account; free-mail domains on an account are ignored for matching."""
    country = normalize_country(account.country) if account.country else None
    listed: set[str] = set()
    for raw in account.domains:
        for domain in split_domains(raw):
            if not is_free_mail_domain(domain):
                listed.add(domain)
    website = _company_domain(account.website, _website_lookup(account.website))
    listed.discard(website or "")
    extra = account.extra
    name = normalize_company(account.name)
    return PreparedAccount(
        idx=idx,
        id=account.id,
        name=name,
        branch=name_branch(name),
        website_domain=website,
        listed_domains=frozenset(listed),
        phone=phone_key(account.phone),
        street=normalize_street(account.street) if account.street else "",
        city=normalize_city(account.city) if account.city else "",
        postal_code=normalize_postal(account.postal_code, country) if account.postal_code else None,
        state=normalize_state(account.state, country) if account.state else None,
        country=country,
        type=account.type.strip().lower(),
        created=extra.get("created_date", "") or extra.get("created_at", ""),
        open_opportunity=extra.get("open_opportunity", "").strip().lower() in _TRUE,
    )


def prepare_lead(lead: Lead) -> PreparedLead:
    """Normalize one lead; the e-mail's registered domain is kept only if it is not free mail."""
    country = normalize_country(lead.country) if lead.country else None
    # Keyed by the host, not the whole address, so the caches hit across people.
    mail_host = _mail_host(lead.email)
    mail_domain = registered_domain(mail_host) if mail_host else None
    # A host that is its own registered domain ('acme.com', most of them) is its own normal
    # form, and its free-mail verdict is the domain's: no second look-up for either.
    bare = mail_host == mail_domain
    free = mail_domain is not None and (
        is_free_mail_domain(mail_domain) or (not bare and _free_host(mail_host))
    )
    if mail_host and mail_domain and not free:
        host = mail_host if bare else host_of(mail_host)
    else:
        host = None
    company = lead.company.strip()
    typed_site = _company_as_website(company)
    if typed_site is not None:  # 'acme.com' or 'www.acme.com' typed as the company
        company = typed_site.split(".", 1)[0]
    name, branch = _lead_name(company) if company else (None, frozenset[str]())
    mail = None if free else mail_domain
    site = _company_domain(lead.website) or typed_site
    return PreparedLead(
        id=lead.id,
        name=name,
        branch=branch,
        email_domain=mail,
        email_host=host,
        free_mail=free,
        website_domain=site,
        domains=_domains(mail, site),
        phone=phone_key(lead.phone),
        street=normalize_street(lead.street) if lead.street else "",
        city=normalize_city(lead.city) if lead.city else "",
        postal_code=normalize_postal(lead.postal_code, country) if lead.postal_code else None,
        state=normalize_state(lead.state, country) if lead.state else None,
        country=country,
    )


def _domains(mail: str | None, site: str | None) -> tuple[str, ...]:
    """The company domains of a lead, e-mail first."""
    if not mail:
        return (site,) if site else ()
    return (mail, site) if site and site != mail else (mail,)


def _lead_name(company: str) -> tuple[CompanyName, frozenset[str]]:
    """A typed company's normal form and place words.

    Not cached itself: normalize_company caches the names, and nine typed names in ten were new
    to a cache of 64k here (1M leads), whose upkeep cost more than the place words it saved.
    """
    name = normalize_company(company)
    return name, name_branch(name)


def _company_as_website(company: str) -> str | None:
    """The registered domain when a company field holds a web address instead of a name."""
    if "." not in company or " " in company or len(company) > 100:
        return None
    return _company_domain(company)


def _mail_host(email: str) -> str:
    local, at, host = email.strip().rpartition("@")
    if not at or not local.strip() or "://" in email or ">" in host:
        return "" if not at or not local.strip() else _fallback_host(email)
    return host.strip().lower()


def _fallback_host(email: str) -> str:
    """Odd forms ('Bob <bob@acme.com>') go through the full parser."""
    return host_of(email) or "" if email_domain(email) else ""


def link_hierarchy(accounts: list[PreparedAccount], parent_ids: list[str]) -> None:
    """Fill parent, root and depth from the accounts' parent ids; cycles and unknowns are cut."""
    by_id = {acc.id: acc.idx for acc in accounts}
    for acc, parent_id in zip(accounts, parent_ids, strict=True):
        acc.parent_idx = by_id.get(parent_id, -1) if parent_id else -1
        if acc.parent_idx == acc.idx:
            acc.parent_idx = -1
    for acc in accounts:
        seen = {acc.idx}
        node, depth = acc, 0
        while node.parent_idx >= 0 and node.parent_idx not in seen:
            seen.add(node.parent_idx)
            node = accounts[node.parent_idx]
            depth += 1
        acc.root_idx, acc.depth = node.idx, depth

"""Hosts, registered domains and free-mail detection for e-mails, websites and domain lists.

The registered domain ("acme.com" for "mail.acme.com", "acme.co.uk" for "www.acme.co.uk") is the
strongest key between a lead and an account, except for personal and throw-away mail providers,
on which the matcher must never link. The public suffix list is tldextract's bundled snapshot:
nothing is fetched and no cache is written.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import tldextract

from leadlink.normalize._text import data_lines

_CACHE = 1 << 19  # ~500 bytes an entry: a full cache holds about 250 MB


def _extractor() -> tldextract.TLDExtract:
    """A suffix extractor on tldextract's bundled snapshot only: no download, no cache files.

    Private suffixes count ("acme.github.io", "shop.myshopify.com" stay apart), so two companies
    hosted on one platform never share a registered domain.
    """
    return tldextract.TLDExtract(
        suffix_list_urls=(),
        cache_dir=None,
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )


_EXTRACT = _extractor()
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_SPLIT = re.compile(r"[;,\s]+")
_WWW = re.compile(r"^(?:www\d{0,3}\.)+")
# The common shapes ("acme.com", "https://www.acme.com/") skip the general parser.
_PLAIN = re.compile(r"(?:https?://)?([a-z0-9_.-]+)/?")
_HOST = re.compile(r"(?:(?!-)[a-z0-9_-]{1,63}(?<!-)\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])")


def _domains(name: str) -> frozenset[str]:
    return frozenset(row[0].lower() for row in data_lines(name))


_ALLOW = _domains("free_mail_allow.txt")
_DISPOSABLE = _domains("disposable.txt") - _ALLOW
_FREE = (_domains("free_mail.txt") | _domains("free_mail_extra.txt")) - _ALLOW
FREE_MAIL_DOMAINS: frozenset[str] = _FREE | _DISPOSABLE
"""Every domain treated as personal mail: free providers and disposable services."""


def _to_ascii(host: str) -> str | None:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


@lru_cache(maxsize=1 << 17)  # registered_domain caches the common path on top
def host_of(value: str) -> str | None:
    """Lower-case host of an e-mail, URL or bare host, without 'www.'; None if empty/invalid/IP."""
    return _parse_host(value)


def _parse_host(value: str) -> str | None:
    """`host_of` without its cache."""
    text = value.strip().lower()
    if not text:
        return None
    plain = _PLAIN.fullmatch(text)
    if plain is not None:
        return _checked(_WWW.sub("", plain[1].strip(".")))
    if "<" in text:  # "Bob Smith <bob@acme.com>"
        text = text.rsplit("<", 1)[1].split(">", 1)[0]
    text = text.strip("\"' ")
    if text.startswith("mailto:"):
        text = text[7:]
    if "@" in text and "://" not in text:
        text = text.rsplit("@", 1)[1]
    text = _SCHEME.sub("", text)
    text = re.split(r"[/?#\\\s]", text, maxsplit=1)[0]
    text = text.rsplit("@", 1)[-1]  # user:password@host
    if text.startswith("["):
        return None  # IPv6 literal
    text = text.split(":", 1)[0].strip(".")
    return _checked(_WWW.sub("", text))


def _checked(text: str) -> str | None:
    """The host if every label is valid and the last is a real TLD; IPv4 addresses fail."""
    host = _to_ascii(text)
    if not host or len(host) > 253 or _HOST.fullmatch(host) is None:
        return None
    return host


@lru_cache(maxsize=_CACHE)
def registered_domain(value: str) -> str | None:
    """Registered domain (one label under the public suffix) of an e-mail, URL or host."""
    return _domain_of_host(host_of(value))


def registered_domain_uncached(value: str) -> str | None:
    """`registered_domain` without its caches, for values that seldom repeat.

    An index build looks each account's website up once: keeping 200k results in two caches
    that later look-ups almost never hit cost about as much as the look-ups themselves.
    """
    return _domain_of_host(_parse_host(value))


def _domain_of_host(host: str | None) -> str | None:
    """The registered domain of a host from `host_of`."""
    if host is None:
        return None
    if "xn--" in host:  # punycode labels: tldextract decodes them before its look-up
        return _EXTRACT(host).top_domain_under_public_suffix or None
    labels = host.split(".")
    start = _suffix_start(labels)
    return ".".join(labels[start - 1 :]) if start else None


# A public suffix trie: label -> (a suffix ends here, the labels that may come before it).
_Trie = dict[str, tuple[bool, "_Trie"]]


@cache
def _suffix_trie() -> _Trie:
    """tldextract's own suffixes (private ones included) as nested dicts, built on first use."""
    root: _Trie = {}
    for suffix in _EXTRACT.tlds:
        node, labels = root, suffix.split(".")[::-1]
        for i, label in enumerate(labels):
            end, below = node.get(label, (False, {}))
            node[label] = (end or i == len(labels) - 1, below)
            node = below
    return root


def _suffix_start(labels: list[str]) -> int:
    """Index of the first label of the public suffix of a host's labels, 0 when there is none.

    tldextract's walk (its `suffix_index`) on lower-case ASCII labels without punycode, where
    it decodes nothing: that walk is most of the cost of a call, and URL parsing the rest,
    which a host from `host_of` does not need. 0 also means 'the whole host is a suffix'.
    """
    node = _suffix_trie()
    count = len(labels)
    found = at = count
    for label in reversed(labels):
        step = node.get(label)
        if step is None:
            if "*" in node:  # a wildcard rule ('*.ck'), unless an exception ('!www.ck') applies
                return at if "!" + label in node else at - 1
            break
        at -= 1
        end, node = step
        if end:
            found = at
    return 0 if found == count else found


def email_domain(email: str) -> str | None:
    """Registered domain of an e-mail address's host; None when the value is not an e-mail."""
    local, at, _ = email.strip().rpartition("@")
    if not at or not local.strip() or "://" in email:
        return None
    return registered_domain(email)


def split_domains(value: str) -> list[str]:
    """Registered domains of a ';' / ',' / whitespace separated domains cell, deduplicated."""
    found: dict[str, None] = {}
    for part in _SPLIT.split(value):
        domain = registered_domain(part) if part else None
        if domain is not None:
            found[domain] = None
    return list(found)


def _candidates(domain: str) -> list[str]:
    """The host and each parent down to its registered domain ("a.b.rr.com" ... "rr.com")."""
    host = host_of(domain)
    if host is None:
        return []
    labels = host.split(".")
    reg = registered_domain(host)
    stop = len(labels) - (reg.count(".") + 1 if reg else 2)
    return [".".join(labels[i:]) for i in range(max(stop, 0) + 1)]


@lru_cache(maxsize=1 << 17)
def is_free_mail(domain: str) -> bool:
    """True for personal / free mail providers (and disposable ones), unless allow-listed.

    Accepts a domain, host, e-mail or URL; a sub-domain counts when a listed parent matches.
    """
    candidates = _candidates(domain)
    if any(c in _ALLOW for c in candidates):
        return False
    return any(c in FREE_MAIL_DOMAINS for c in candidates)


def is_free_mail_domain(domain: str) -> bool:
    """`is_free_mail` for a registered domain already in normal form: two set lookups.

    Index builds call it once per account domain, where the general form's parsing would cost
    more than everything else about the domain.
    """
    return domain in FREE_MAIL_DOMAINS and domain not in _ALLOW


@lru_cache(maxsize=1 << 17)
def is_disposable(domain: str) -> bool:
    """True for throw-away mail services (mailinator.com...), unless allow-listed."""
    candidates = _candidates(domain)
    if any(c in _ALLOW for c in candidates):
        return False
    return any(c in _DISPOSABLE for c in candidates)

"""Hosts, registered domains, domain lists and free-mail detection."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from leadlink.normalize import (
    FREE_MAIL_DOMAINS,
    email_domain,
    host_of,
    is_disposable,
    is_free_mail,
    registered_domain,
    registered_domain_uncached,
    split_domains,
)
from leadlink.normalize import domains as domains_module


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bob@Mail.Acme.com", "mail.acme.com"),
        ("https://www.acme.com/about?x=1", "acme.com"),
        ("http://user:pw@www2.acme.com:8080/x", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("acme.com/contact", "acme.com"),
        ("mailto:bob@acme.com", "acme.com"),
        ("Bob Smith <bob@acme.com>", "acme.com"),
        ('"bob@acme.com"', "acme.com"),
        ("ACME.COM.", "acme.com"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("", None),
        ("   ", None),
        ("localhost", None),
        ("not a domain", None),
        ("192.168.0.1", None),
        ("http://10.0.0.1/admin", None),
        ("http://[::1]/", None),
        ("bob@", None),
        ("-bad-.com", None),
    ],
)
def test_host_of(value: str, expected: str | None) -> None:
    assert host_of(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mail.acme.com", "acme.com"),
        ("acme.co.uk", "acme.co.uk"),
        ("www.acme.co.uk", "acme.co.uk"),
        ("https://www.acme.com/x", "acme.com"),
        ("shop.acme.com.au", "acme.com.au"),
        ("bob@eu.mail.acme.de", "acme.de"),
        ("acme.github.io", "acme.github.io"),
        ("https://shop.acme.myshopify.com", "acme.myshopify.com"),
        ("co.uk", None),
        ("", None),
    ],
)
def test_registered_domain(value: str, expected: str | None) -> None:
    assert registered_domain(value) == expected
    assert registered_domain_uncached(value) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("bob@mail.acme.com", "acme.com"),
        (" Bob.Smith+x@ACME.CO.UK ", "acme.co.uk"),
        ("acme.com", None),
        ("@acme.com", None),
        ("https://user@acme.com", None),
        ("", None),
    ],
)
def test_email_domain(email: str, expected: str | None) -> None:
    assert email_domain(email) == expected


def test_split_domains_dedupes_and_keeps_order() -> None:
    cell = "www.acme.com; acme.co.uk,mail.acme.com  beta.io;; not-a-domain"
    assert split_domains(cell) == ["acme.com", "acme.co.uk", "beta.io"]
    assert split_domains("") == []


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.co.jp",
        "web.de",
        "gmx.de",
        "gmx.net",
        "t-online.de",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "163.com",
        "126.com",
        "naver.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.fr",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "orange.fr",
        "libero.it",
        "comcast.net",
        "bob@gmail.com",
        "https://mail.yahoo.com",
        "bob@cfl.rr.com",
    ],
)
def test_big_providers_are_free_mail(domain: str) -> None:
    assert is_free_mail(domain)


@pytest.mark.parametrize("domain", ["acme.com", "ibm.com", "acme.co.uk", "", "not a domain"])
def test_company_domains_are_not_free_mail(domain: str) -> None:
    assert not is_free_mail(domain)


@pytest.mark.parametrize("domain", ["facebook.com", "comcast.com", "mit.edu", "alibaba.com"])
def test_allow_listed_domains_are_not_free_mail(domain: str) -> None:
    assert not is_free_mail(domain)
    assert not is_disposable(domain)


def test_disposable() -> None:
    assert is_disposable("mailinator.com")
    assert is_disposable("bob@mailinator.com")
    assert is_free_mail("mailinator.com")  # the matcher must not link on throw-away mail either
    assert not is_disposable("gmail.com")
    assert not is_disposable("acme.com")


def test_free_mail_list_is_large() -> None:
    assert len(FREE_MAIL_DOMAINS) > 5000
    assert all(d == d.strip().lower() and " " not in d for d in FREE_MAIL_DOMAINS)


def test_allow_list_entries_are_all_in_a_source_list() -> None:
    data = Path(domains_module.__file__).parent / "data"
    allow = {
        line.strip()
        for line in (data / "free_mail_allow.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    listed = set()
    for name in ("free_mail.txt", "free_mail_extra.txt", "disposable.txt"):
        listed |= set((data / name).read_text().split())
    parents = {d.split(".", 1)[1] for d in listed if d.count(".") > 1}
    assert allow <= listed | parents


def test_no_network_and_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extract = domains_module._extractor()
    assert extract("a.b.example.com.au").top_domain_under_public_suffix == "example.com.au"
    assert extract("x.blogspot.com").suffix == "blogspot.com"  # private suffixes count
    assert list(tmp_path.iterdir()) == []


def _tldextract_domain(value: str) -> str | None:
    """What `registered_domain` gave when every host went through tldextract."""
    host = host_of(value)
    if host is None:
        return None
    return domains_module._EXTRACT(host).top_domain_under_public_suffix or None


@pytest.mark.parametrize(
    "host",
    [
        "a.www.ck",  # the exception '!www.ck' to the wildcard '*.ck' ('www.' only goes first)
        "b.www.ck",
        "b.ck",  # the wildcard: 'b.ck' is a suffix, so no registered domain
        "a.b.ck",
        "city.kawasaki.jp",
        "x.y.kawasaki.jp",
        "shop.acme.myshopify.com",
        "acme.co.uk",
        "co.uk",
        "uk",
        "acme.unknowntld",
        "a.b.c.d.e.com.au",
        "xn--bcher-kva.de",
        "shop.xn--bcher-kva.xn--p1ai",
    ],
)
def test_suffix_walk_agrees_with_tldextract(host: str) -> None:
    assert registered_domain.__wrapped__(host) == _tldextract_domain(host)


def test_suffix_walk_agrees_with_tldextract_on_every_rule() -> None:
    """Each suffix of the bundled list, bare and under one and two labels."""
    for suffix in domains_module._EXTRACT.tlds:
        rule = suffix.replace("*", "w").lstrip("!")
        for host in (rule, f"acme.{rule}", f"www.acme.{rule}"):
            assert registered_domain.__wrapped__(host) == _tldextract_domain(host), host

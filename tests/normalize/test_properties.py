"""Properties: normalising twice changes nothing, and no input makes any function raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.normalize import (
    email_domain,
    fold,
    host_of,
    is_disposable,
    is_free_mail,
    is_free_mail_domain,
    normalize_city,
    normalize_company,
    normalize_country,
    normalize_phone,
    normalize_postal,
    normalize_state,
    normalize_street,
    registered_domain,
    registered_domain_uncached,
    split_domains,
)

# Arbitrary Unicode, plus text built from the pieces company names are made of, so that legal
# forms, separators and initials meet often.
PIECES = st.sampled_from(
    [
        "Acme",
        "acme",
        "The",
        "the",
        "Inc.",
        "Corp",
        "Co.",
        "Ltd",
        "GmbH",
        "&",
        "+",
        "S.p.A.",
        "spa",
        "A",
        "B",
        "I.B.M.",
        "x",
        ",",
        " - ",
        " | ",
        " / ",
        "(",
        ")",
        "Marketing",
        "Boston",
        "MA",
        "UK",
        "of",
        "and",
        "Queen's",
        "Müller",
        "ß",
        "Æ",
        "İ",
        "ﬁ",
        "Ⅻ",
        "'",
        ".",
        "  ",
        "St.",
        "Ste",
        "N",
        "W.",
        "Street",
        "Suite",
        "Blvd",
        "Straße",
        "94105-1234",
        "WT15 7TB",
        "株式会社",
        "有限公司",
        "股份有限公司",
        "日立",
        "ООО",
        "Ромашка",
        "North",
        "East",
        "v",
        "a",
        "between",
        "Avenue",
        "Seventh",
    ]
)
NAMEISH = st.lists(PIECES, max_size=10).map(" ".join)
TEXT = st.one_of(st.text(max_size=40), NAMEISH)
COUNTRY = st.one_of(st.none(), st.sampled_from(["US", "GB", "CA", "DE", "United States", "xx"]))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_company_normal_is_stable(raw: str) -> None:
    name = normalize_company(raw)
    again = normalize_company(name.normal)
    assert again.normal == name.normal
    assert name.tokens == (tuple(name.normal.split(" ")) if name.normal else ())
    assert name.compact == name.normal.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_company_normal_is_never_emptied(raw: str) -> None:
    if any(ch.isalnum() for ch in fold(raw)):
        assert normalize_company(raw).normal


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_fold_is_stable(raw: str) -> None:
    assert fold(fold(raw)) == fold(raw)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_city_and_street_are_stable(raw: str) -> None:
    assert normalize_city(normalize_city(raw)) == normalize_city(raw)
    assert normalize_street(normalize_street(raw)) == normalize_street(raw)


@settings(max_examples=200, deadline=None)
@given(TEXT, COUNTRY)
def test_postal_is_stable(raw: str, country: str | None) -> None:
    once = normalize_postal(raw, country)
    if once is not None:
        assert normalize_postal(once, country) == once


@settings(max_examples=200, deadline=None)
@given(TEXT, COUNTRY)
def test_nothing_raises(raw: str, country: str | None) -> None:
    normalize_company(raw)
    fold(raw)
    host_of(raw)
    registered_domain(raw)
    email_domain(raw)
    split_domains(raw)
    is_free_mail(raw)
    is_disposable(raw)
    normalize_phone(raw, country)
    normalize_country(raw)
    normalize_state(raw, country)
    normalize_postal(raw, country)
    normalize_city(raw)
    normalize_street(raw)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z0-9.@:/_\-]{1,30}", fullmatch=True))
def test_hosts_are_stable(raw: str) -> None:
    host = host_of(raw)
    if host is not None:
        assert host_of(host) == host
        domain = registered_domain(host)
        assert domain is None or registered_domain(domain) == domain
    assert registered_domain_uncached(raw) == registered_domain(raw)


LABELS = st.sampled_from(["acme", "www", "www2", "mail", "gmail", "co", "uk", "com", "rr", "cfl"])
LABELS |= st.sampled_from(["github", "io", "blogspot", "xn--bcher-kva", "de", "facebook", "-a", ""])
HOSTS = st.lists(LABELS, min_size=1, max_size=4).map(".".join) | st.text(max_size=20)


@settings(max_examples=500, deadline=None)
@given(host=HOSTS)
def test_a_host_that_is_its_own_registered_domain_is_its_own_normal_form(host: str) -> None:
    """prepare_lead relies on this to skip the host's own look-ups ('acme.com', most of them)."""
    if registered_domain(host) == host:
        assert host_of(host) == host
        assert is_free_mail(host) == is_free_mail_domain(host)

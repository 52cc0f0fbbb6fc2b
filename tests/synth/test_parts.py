"""Unit and property tests of the generator's parts: phones, names, noise, weighted picks, truth."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.synth.famous import FAMOUS
from leadlink.synth.geo import CITIES, City, format_phone, phone_digits, postal_code
from leadlink.synth.leads import _truth
from leadlink.synth.model import REFERENCE_DATE, Org
from leadlink.synth.names import company_name, make_domain, name_key
from leadlink.synth.noise import typed_company
from leadlink.synth.pipeline import csv_text
from leadlink.synth.rand import Rng, Weighted
from leadlink.synth.service import build_accounts

ALL_CITIES = [c for cities in CITIES.values() for c in cities]
_POSTAL = {
    "US": r"\d{5}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "DE": r"\d{5}",
    "FR": r"\d{5}",
    "NL": r"\d{4} [A-Z]{2}",
    "CA": r"[A-Z]\d[A-Z] \d[A-Z]\d",
    "AU": r"\d{4}",
    "JP": r"\d{3}-\d{4}",
    "ES": r"\d{5}",
    "IN": r"\d{6}",
}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ALL_CITIES), st.integers(0, 2), st.integers(0, 2**32))
def test_a_phone_keeps_its_digits_in_every_style(city: City, style: int, seed: int) -> None:
    digits = phone_digits(Rng(seed), city)
    printed = format_phone(city.country, city.area, digits, style)
    only = re.sub(r"\D", "", printed)
    assert only.endswith(city.area + digits)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ALL_CITIES), st.integers(0, 2**32))
def test_postal_codes_follow_the_country_format(city: City, seed: int) -> None:
    assert re.fullmatch(_POSTAL[city.country], postal_code(Rng(seed), city))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(sorted(CITIES)))
def test_domains_avoid_taken_ones(seed: int, country: str) -> None:
    rng = Rng(seed)
    taken: set[str] = set()
    for _ in range(30):
        parts = company_name(rng, country, "Software")
        domain = make_domain(rng, parts, country, "Software", taken)
        assert domain not in taken
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z]+)+", domain), domain
        taken.add(domain)


def _org() -> Org:
    city = CITIES["US"][0]
    return Org("Brightwave Analytics Inc.", "Brightwave Analytics", "Inc.", "Brightwave", "",
               "brightwave.io", city, "Software")  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32))
def test_typed_company_is_never_empty_and_stays_recognisable(seed: int) -> None:
    text = typed_company(Rng(seed), _org())
    assert text.strip()
    assert len(text) <= 60


def test_typed_company_clean_share_one_gives_a_known_form() -> None:
    org = _org()
    forms = {org.name, org.core, org.brand}
    rng = Rng(1)
    assert all(typed_company(rng, org, clean_share=1.0) in forms for _ in range(200))


def test_typed_company_applies_noise_often() -> None:
    org = _org()
    rng = Rng(2)
    texts = [typed_company(rng, org) for _ in range(1000)]
    noisy = sum(1 for t in texts if t not in {org.name, org.core, org.brand})
    assert 0.3 < noisy / len(texts) < 0.8


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=2, max_size=8), st.integers(0, 2**32))
def test_weighted_never_picks_a_zero_weight(weights: list[int], seed: int) -> None:
    if sum(weights) == 0:
        weights[0] = 1
    pick = Weighted(range(len(weights)), weights)
    rng = Rng(seed)
    for _ in range(50):
        assert weights[pick.pick(rng)] > 0


def test_rng_helpers_stay_in_range() -> None:
    rng = Rng(5)
    assert {rng.randint(1, 3) for _ in range(500)} == {1, 2, 3}
    assert {rng.randrange(4) for _ in range(500)} == {0, 1, 2, 3}
    assert {rng.choice("ab") for _ in range(100)} == {"a", "b"}


def test_hierarchy_truth_rule() -> None:
    book = build_accounts(40, 1, REFERENCE_DATE)
    key = {f.key: i for i, f in enumerate(FAMOUS)}
    acme, uk, de = (book.accounts[book.by_key[k]] for k in ("acme", "acme_uk", "acme_de"))
    assert key["acme"] < key["acme_uk"]
    assert _truth(book, acme, "acme.co.uk", False, "") == uk.idx
    assert _truth(book, acme, "acme.com", False, "DE") == de.idx
    assert _truth(book, de, "acme.com", False, "US") == acme.idx
    assert _truth(book, uk, "gmail.com", True, "GB") == uk.idx
    assert _truth(book, uk, "gmail.com", True, "") == acme.idx
    standalone = book.accounts[book.by_key["ibm"]]
    assert _truth(book, standalone, "gmail.com", True, "FR") == standalone.idx


def test_account_names_are_unique_by_key() -> None:
    book = build_accounts(3000, 2, REFERENCE_DATE)
    keys = [name_key(a.org.core) for a in book.accounts if a.kind in ("std", "parent")]
    assert len(keys) == len(set(keys))
    domains = [a.org.domain for a in book.accounts if a.kind in ("std", "parent", "chain")]
    assert len(domains) == len(set(domains))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from('ab ,"\n\ré;'), max_size=6), min_size=1, max_size=4
        ),
        max_size=6,
    )
)
def test_fast_csv_text_equals_the_csv_module(rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    assert csv_text(rows) == buf.getvalue()

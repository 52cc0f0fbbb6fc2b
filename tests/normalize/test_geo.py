"""Countries, states, postal codes, cities and streets."""

from __future__ import annotations

import pytest

from leadlink.normalize import (
    normalize_city,
    normalize_country,
    normalize_postal,
    normalize_state,
    normalize_street,
)

COUNTRIES = {
    "GB": ["UK", "U.K.", "Great Britain", "England", "United Kingdom", "gb", "GBR"],
    "US": ["USA", "U.S.A.", "US", "United States", "United States of America", "America"],
    "DE": ["Deutschland", "Allemagne", "Germany", "DE", "deu"],
    "ES": ["España", "Spain", "espana"],
    "NL": ["Holland", "Netherlands", "The Netherlands", "Nederland"],
    "CH": ["Schweiz", "Suisse", "Switzerland"],
    "AT": ["Österreich", "Austria"],
    "JP": ["Nippon", "Japan"],
    "KR": ["Korea", "South Korea", "Korea, Republic of", "Republic of Korea"],
    "RU": ["Russia", "Russian Federation"],
    "CI": ["Côte d'Ivoire", "Ivory Coast"],
    "VN": ["Viet Nam", "Vietnam"],
    "CA": ["Canada", "CA"],
}


@pytest.mark.parametrize(
    ("raw", "code"),
    [(raw, code) for code, names in COUNTRIES.items() for raw in names],
)
def test_normalize_country(raw: str, code: str) -> None:
    assert normalize_country(raw) == code


@pytest.mark.parametrize("raw", ["", "Atlantis", "xx", "12"])
def test_unknown_country(raw: str) -> None:
    assert normalize_country(raw) is None


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("California", None, "CA"),
        ("Calif.", None, "CA"),
        ("CA", "US", "CA"),
        ("ca", "United States", "CA"),
        ("N.Y.", None, "NY"),
        ("New York", "USA", "NY"),
        ("Mass.", None, "MA"),
        ("Washington, D.C.", None, "DC"),
        ("Ontario", None, "ON"),
        ("Québec", "Canada", "QC"),
        ("B.C.", "CA", "BC"),
        ("ON", "US", "on"),
        ("Bayern", "DE", "bayern"),
        ("Île-de-France", "FR", "ile de france"),
        ("", None, None),
    ],
)
def test_normalize_state(raw: str, country: str | None, expected: str | None) -> None:
    assert normalize_state(raw, country) == expected


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("WT15 7TB", None, "wt157tb"),
        ("wt15-7tb", "GB", "wt157tb"),
        ("94105-1234", "US", "94105"),
        ("941051234", "US", "94105"),
        ("94105-1234", None, "94105"),
        ("2134", "US", "02134"),
        ("K1A 0B1", "CA", "k1a0b1"),
        ("01310-100", "BR", "01310100"),
        ("", None, None),
        (" - ", None, None),
    ],
)
def test_normalize_postal(raw: str, country: str | None, expected: str | None) -> None:
    assert normalize_postal(raw, country) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("St. Louis", "saint louis"),
        ("Saint Louis", "saint louis"),
        ("Ft. Worth", "fort worth"),
        ("Mt. Vernon", "mount vernon"),
        ("West LA", "west la"),
        ("N. Las Vegas", "north las vegas"),
        ("São Paulo", "sao paulo"),
        ("Saint-Étienne", "saint etienne"),
        ("  NEW   YORK ", "new york"),
        ("New York City", "new york"),
        ("NYC", "new york"),
    ],
)
def test_normalize_city(raw: str, expected: str) -> None:
    assert normalize_city(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("123 West Main Street, Suite 400", "123 W. Main St. Ste 400"),
        ("500 N.W. 5th Avenue", "500 NW 5th Ave"),
        ("1 Sunset Boulevard", "1 Sunset Blv"),
        ("7 Park Road", "7 Park Rd."),
        ("9 Ocean Drive", "9 Ocean Dr"),
        ("Hauptstraße 5", "Hauptstr. 5"),
        ("20 First Avenue", "20 1st Ave"),
        ("2450 Broadway between 90th and 91st Sts.", "2450 Broadway"),
        ("1 North East Street", "1 NE St"),
    ],
)
def test_street_spellings_agree(a: str, b: str) -> None:
    assert normalize_street(a) == normalize_street(b)


def test_normalize_street_form() -> None:
    assert normalize_street("123 West Main Street, Suite #400") == "123 w main st ste 400"

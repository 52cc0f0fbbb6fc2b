"""Phone numbers to E.164."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.normalize import normalize_phone


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("(415) 555-0100", None, "+14155550100"),
        ("415.555.0100", "US", "+14155550100"),
        ("+1 415 555 0100", "DE", "+14155550100"),
        ("1-415-555-0100 ext. 12", None, "+14155550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("020 7946 0958", "United Kingdom", "+442079460958"),
        ("020 7946 0958", "UK", "+442079460958"),
        ("+44 (0)20 7946 0958", None, "+442079460958"),
        ("030 123456", "de", "+4930123456"),
        ("123", None, None),
        ("", None, None),
        ("not a phone", None, None),
        ("555", "US", None),
        ("12345678901234567890123", None, None),
    ],
)
def test_normalize_phone(raw: str, country: str | None, expected: str | None) -> None:
    assert normalize_phone(raw, country) == expected


def test_strict_rejects_unassigned_numbers() -> None:
    assert normalize_phone("(200) 555-0100") is not None  # possible length, unassigned area
    assert normalize_phone("(200) 555-0100", strict=True) is None


def test_spellings_of_one_number_agree() -> None:
    spellings = ["(212) 555-0199", "212-555-0199", "+1 212 555 0199", "2125550199"]
    assert len({normalize_phone(s) for s in spellings}) == 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"0123456789 ()-.+", "1", "415", "555", "0100", "+1 ", "011"]),
        max_size=14,
    ).map("".join),
    st.sampled_from(["US", "CA", None]),
)
def test_fast_path_agrees_with_phonenumbers(raw: str, country: str | None) -> None:
    region = country or "US"
    try:
        number = phonenumbers.parse(raw, region)
        slow = (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_possible_number(number)
            else None
        )
    except phonenumbers.NumberParseException:
        slow = None
    digits = sum(ch.isdigit() for ch in raw)
    if 5 <= digits <= 20:
        assert normalize_phone(raw, country) == slow

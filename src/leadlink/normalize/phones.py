"""Phone numbers to E.164, so "(415) 555-0100" and "+1 415 555 0100" compare equal."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from leadlink.normalize.geo import normalize_country

_NOT_DIGIT = re.compile(r"\D")
_DEFAULT_REGION = "US"
_NANP_REGIONS = frozenset({"US", "CA"})
_AREA_FIRST = frozenset("23456789")  # NANP area codes never start with 0 or 1
_PLAIN = re.compile(r"^\s*\+?[0-9 ().-]+$")  # digits and the usual punctuation, '+' first


def _nanp_fast(raw: str, digits: str) -> str | None:
    """E.164 of a plain North American number without calling phonenumbers, else None."""
    if not _PLAIN.match(raw):
        return None
    plus = raw.lstrip().startswith("+")
    if len(digits) == 10 and not plus and digits[0] in _AREA_FIRST:
        return "+1" + digits
    country_code_first = not plus or raw.lstrip()[1:2] == "1"
    if len(digits) == 11 and digits[0] == "1" and digits[1] in _AREA_FIRST and country_code_first:
        return "+" + digits
    return None


def _region(country: str | None) -> str:
    """Alpha-2 region for phonenumbers: 'uk', 'UK', 'United Kingdom' -> 'GB'; default 'US'."""
    return (normalize_country(country) if country else None) or _DEFAULT_REGION


@lru_cache(maxsize=1 << 19)
def normalize_phone(raw: str, country: str | None = None, *, strict: bool = False) -> str | None:
    """E.164 form of a phone number read with the lead's country as region (default 'US').

    Returns None when the value is not a possible number (or, with strict=True, not a valid one:
    valid means the number plan assigns it, which made-up test numbers such as 555 ones fail).
    """
    digits = _NOT_DIGIT.sub("", raw) if raw else ""
    if len(digits) < 5 or len(digits) > 20 or len(raw) > 64:
        return None
    region = _region(country)
    if not strict and region in _NANP_REGIONS and digits.isascii():
        fast = _nanp_fast(raw, digits)
        if fast is not None:
            return fast
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    ok = phonenumbers.is_valid_number(number) if strict else phonenumbers.is_possible_number(number)
    if not ok:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

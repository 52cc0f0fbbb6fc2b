"""Phone numbers to E.164, so "(415) 555-0100" and "+1 415 555 0100" compare equal."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from leadlink.normalize.geo import normalize_country

_NOT_DIGIT = re.compile(r"\D")
_DEFAULT_REGION = "US"


def _region(country: str | None) -> str:
    if not country:
        return _DEFAULT_REGION
    if len(country) == 2 and country.isalpha():
        return country.upper()
    return normalize_country(country) or _DEFAULT_REGION


@lru_cache(maxsize=1 << 19)
def normalize_phone(raw: str, country: str | None = None, *, strict: bool = False) -> str | None:
    """E.164 form of a phone number read with the lead's country as region (default 'US').

    Returns None when the value is not a possible number (or, with strict=True, not a valid one:
    valid means the number plan assigns it, which made-up test numbers such as 555 ones fail).
    """
    digits = len(_NOT_DIGIT.sub("", raw)) if raw else 0
    if digits < 5 or digits > 20 or len(raw) > 64:
        return None
    try:
        number = phonenumbers.parse(raw, _region(country))
    except phonenumbers.NumberParseException:
        return None
    ok = phonenumbers.is_valid_number(number) if strict else phonenumbers.is_possible_number(number)
    if not ok:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

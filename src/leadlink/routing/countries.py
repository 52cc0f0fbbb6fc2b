"""Country codes for routing: 'Germany', 'germany' and 'DE' are the same country."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=4096)
def country_key(value: str) -> str:
    """ISO alpha-2 code of a country code or name ('Germany' -> 'DE'); else the folded text."""
    text = value.strip()
    if not text:
        return ""
    if len(text) == 2:
        return text.upper()
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return text.casefold()

"""Country codes for routing: 'Germany', 'germany' and 'DE' are the same country."""

from __future__ import annotations

from leadlink.normalize import normalize_country


def country_key(value: str) -> str:
    """ISO alpha-2 code of a country code, name or alias ('Germany', 'UK'); else the folded text.

    One normalizer for the whole product (`leadlink.normalize.normalize_country`), so routing,
    matching and scoring agree on what a country is.
    """
    text = value.strip()
    if not text:
        return ""
    return normalize_country(text) or text.casefold()

"""Country, state, postal code, city and street normalisation.

CRM exports write places in many ways ("USA", "U.S.A.", "United States of America"; "Calif.",
"CA"); matching and routing compare the canonical forms. pycountry is slow to query, so every
lookup table is built once at import.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from leadlink.normalize._text import data_lines, fold, key_tokens, merge_tokens, text_key

_CACHE = 1 << 16
_NON_ALNUM = re.compile(r"[\W_]+")
_US_ZIP = re.compile(r"^(\d{5})(\d{4})?$")
_US_ZIP_DASHED = re.compile(r"^\s*(\d{5})\s*-\s*\d{4}\s*$")


def _country_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.alpha_2, country.alpha_3, country.name]
        names += [getattr(country, attr, "") for attr in ("official_name", "common_name")]
        for name in names:
            if name:
                table[text_key(name)] = code
        if ", " in country.name:  # "Korea, Republic of" -> "republic of korea", "korea"
            head, tail = country.name.split(", ", 1)
            table.setdefault(text_key(f"{tail} {head}"), code)
            table.setdefault(text_key(head), code)
    for alias, code in data_lines("country_aliases.txt"):
        table[text_key(alias)] = code
    table.pop("", None)
    return table


def _state_tables() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {"US": {}, "CA": {}}
    for country, table in tables.items():
        for sub in pycountry.subdivisions.get(country_code=country):
            code = sub.code.split("-", 1)[1]
            for name in (code, sub.code, sub.name):
                table[text_key(name)] = code
    for alias, code in data_lines("state_aliases.txt"):
        target = "CA" if code in tables["CA"].values() else "US"
        tables[target][text_key(alias)] = code
    return tables


COUNTRY_KEYS: dict[str, str] = _country_table()
"""Folded country name, alias or code -> ISO 3166-1 alpha-2."""
STATE_KEYS: dict[str, dict[str, str]] = _state_tables()
"""'US' / 'CA' -> folded state or province name, abbreviation or code -> postal code."""
CITY_KEYS: frozenset[str] = frozenset(text_key(row[0]) for row in data_lines("cities.txt"))
"""Folded names of large cities (used to recognise a location tail in company names)."""
_STREET_WORDS: dict[str, str] = {row[0]: row[1] for row in data_lines("street_words.txt")}
_CITY_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_CITY_LEADING = {"n": "north", "s": "south", "e": "east", "w": "west"}
_CITY_ALIASES = {"new york city": "new york", "nyc": "new york", "new york ny": "new york"}
# Words after which a street cell describes the cross streets, not the address.
_STREET_CUT = frozenset({"between", "btwn", "btw", "near", "corner", "off", "at"})


@lru_cache(maxsize=_CACHE)
def normalize_country(raw: str) -> str | None:
    """Return the ISO alpha-2 code of a country name, alias or code, or None if unknown."""
    return COUNTRY_KEYS.get(text_key(raw)) if raw else None


def _region(country: str | None) -> str | None:
    return normalize_country(country) if country else None


@lru_cache(maxsize=_CACHE)
def normalize_state(raw: str, country: str | None = None) -> str | None:
    """US states and Canadian provinces -> postal code; elsewhere the folded text; None if empty.

    Without a country the US table is tried first, then the Canadian one.
    """
    key = text_key(raw)
    if not key:
        return None
    region = _region(country)
    if region in (None, "US", "CA"):
        for table in ("US", "CA") if region is None else (region,):
            code = STATE_KEYS[table].get(key)
            if code is not None:
                return code
    return key


@lru_cache(maxsize=_CACHE)
def normalize_postal(raw: str, country: str | None = None) -> str | None:
    """Postal code folded without spaces or punctuation; US ZIP+4 cut to the 5-digit ZIP.

    For the US a 4-digit value gets its leading zero back (spreadsheets drop it).
    """
    compact = _NON_ALNUM.sub("", fold(raw))
    if not compact:
        return None
    region = _region(country)
    if region == "US":
        match = _US_ZIP.match(compact)
        if match:
            return match.group(1)
        if len(compact) == 4 and compact.isdigit():
            return compact.zfill(5)
    elif region is None:
        dashed = _US_ZIP_DASHED.match(raw)
        if dashed:
            return dashed.group(1)
    return compact


@lru_cache(maxsize=_CACHE)
def normalize_city(raw: str) -> str:
    """City folded, punctuation removed, 'st.'->'saint', 'ft'->'fort', 'mt'->'mount'.

    A leading single compass letter is spelled out ("N Las Vegas" -> "north las vegas");
    nicknames such as "west la" are kept as written.
    """
    tokens = [_CITY_WORDS.get(tok, tok) for tok in key_tokens(raw)]
    if len(tokens) > 1 and tokens[0] in _CITY_LEADING:
        tokens[0] = _CITY_LEADING[tokens[0]]
    city = " ".join(tokens)
    return _CITY_ALIASES.get(city, city)


def _street_token(token: str) -> str:
    word = _STREET_WORDS.get(token)
    if word is not None:
        return word
    if token.endswith("strasse") and len(token) > 7:  # Hauptstrasse -> hauptstr
        return token[:-4]
    return token


@lru_cache(maxsize=_CACHE)
def normalize_street(raw: str) -> str:
    """Street folded, punctuation removed, words unified (street->st, avenue->ave, west->w...).

    Cross-street notes are cut ("2450 broadway between 90th and 91st sts" -> "2450 broadway").
    """
    tokens = key_tokens(raw)
    if not _STREET_CUT.isdisjoint(tokens):
        for i in range(2, len(tokens)):
            if tokens[i] in _STREET_CUT:
                tokens = tokens[:i]
                break
    words = _street_words(tokens)
    for _ in range(3):  # "north east" -> "n e" -> "ne": join and map again until stable
        joined = merge_tokens(words)[0]
        if joined == words:
            break
        words = _street_words(joined)
    return " ".join(words)


def _street_words(tokens: list[str]) -> list[str]:
    """`_street_token` of each token; a dict look-up each unless a word may end in 'strasse'."""
    if "strasse" in "".join(tokens):
        return [_street_token(tok) for tok in tokens]
    return [_STREET_WORDS.get(tok, tok) for tok in tokens]

"""Company-name noise: the ways people type their employer's name on a form.

Each operation is one habit seen in real lead data (case, legal form, typos, abbreviations,
acronyms, departments, locations, a leading "The", spacing, accents, a domain for a name).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from leadlink.synth import vocab as V
from leadlink.synth.geo import SUBSIDIARY_LABEL
from leadlink.synth.model import Org

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ACCENT = {"e": "é", "a": "á", "o": "ö", "u": "ü", "i": "í", "n": "ñ", "c": "ç"}


def _case(rng: random.Random, text: str, org: Org) -> str:
    r = rng.random()
    if r < 0.5:
        return text.lower()
    if r < 0.8:
        return text.upper()
    return text.title()


def _legal(rng: random.Random, text: str, org: Org) -> str:
    forms = V.LEGAL_FORMS[org.city.country]
    if org.form and text.endswith(org.form):
        stem = text[: -len(org.form)].rstrip(" ,")
        return stem if rng.random() < 0.5 else f"{stem} {rng.choice(V.ALL_LEGAL_FORMS)}"
    sep = ", " if rng.random() < 0.3 else " "
    return f"{text}{sep}{rng.choice(forms)}"


def _typo(rng: random.Random, text: str, org: Org) -> str:
    chars = list(text)
    for _ in range(1 if rng.random() < 0.75 else 2):
        spots = [i for i in range(1, len(chars)) if chars[i].isalpha()]
        if not spots:
            return text
        i = rng.choice(spots)
        r = rng.random()
        if r < 0.3 and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif r < 0.55:
            del chars[i]
        elif r < 0.75:
            chars.insert(i, chars[i])
        else:
            chars[i] = rng.choice(_LETTERS)
    return "".join(chars)


def _abbreviate(rng: random.Random, text: str, org: Org) -> str:
    words = text.split(" ")
    out = [V.ABBREVIATIONS.get(w, w) for w in words]
    if out == words:
        return text.replace(" and ", " & ") if " and " in text else text.replace(" & ", " and ")
    return " ".join(out)


def _acronym(rng: random.Random, text: str, org: Org) -> str:
    if org.acronym:
        return org.acronym if rng.random() < 0.7 else f"{org.acronym} {org.form}".strip()
    return text


def _department(rng: random.Random, text: str, org: Org) -> str:
    dept = rng.choice(V.DEPARTMENTS)
    return f"{text} - {dept}" if rng.random() < 0.6 else f"{text} ({dept})"


def _location(rng: random.Random, text: str, org: Org) -> str:
    city = org.city
    r = rng.random()
    if city.country == "US" and r < 0.5:
        return f"{text}, {city.name} {city.state}"
    if r < 0.75:
        return f"{text} {city.name}"
    return f"{text} ({SUBSIDIARY_LABEL[city.country]})"


def _the(rng: random.Random, text: str, org: Org) -> str:
    return text[4:] if text.startswith("The ") else f"The {text}"


def _spacing(rng: random.Random, text: str, org: Org) -> str:
    r = rng.random()
    if r < 0.35:
        return text.replace(" ", "  ", 1) + " "
    if r < 0.6:
        return " " + text.replace(".", "").replace(",", "")
    if r < 0.8:
        return text.replace(" ", "-", 1)
    return text.replace(" ", "", 1)


def _accents(rng: random.Random, text: str, org: Org) -> str:
    if not text.isascii():
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spots = [i for i, ch in enumerate(text) if ch in _ACCENT]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + _ACCENT[text[i]] + text[i + 1 :]


def _domain(rng: random.Random, text: str, org: Org) -> str:
    return org.domain if rng.random() < 0.7 else f"www.{org.domain}"


_Op = Callable[[random.Random, str, Org], str]
_OPS: tuple[_Op, ...] = (
    _case,
    _legal,
    _typo,
    _abbreviate,
    _acronym,
    _department,
    _location,
    _the,
    _spacing,
    _accents,
    _domain,
)
_OP_WEIGHTS: tuple[int, ...] = (15, 14, 12, 8, 4, 4, 5, 3, 8, 6, 2)
_CUM: list[int] = []
for _w in _OP_WEIGHTS:
    _CUM.append((_CUM[-1] if _CUM else 0) + _w)


def typed_company(
    rng: random.Random, org: Org, clean_share: float = 0.4, brand_alone: bool = True
) -> str:
    """The company name as a person at `org` would type it: often clean, else 1-2 habits.
    `brand_alone=False` never gives the brand word alone (for companies sharing it)."""
    r = rng.random()
    if org.acronym and r < 0.25:
        text = org.acronym
    elif r < 0.5:
        text = org.name
    elif r < 0.9 or org.brand == org.core or not brand_alone:
        text = org.core
    else:
        text = org.brand
    if rng.random() < clean_share:
        return text
    for op in rng.choices(_OPS, cum_weights=_CUM, k=1 if rng.random() < 0.8 else 2):
        text = op(rng, text, org)
    return text.strip() if rng.random() < 0.9 else text

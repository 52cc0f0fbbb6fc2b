"""Company-name normalisation: one canonical form per company however a CRM or a form wrote it.

"Acme Corp, Boston MA", "ACME Inc." and "Acme - Marketing" all become "acme": folded, legal forms
stripped from the end, and a tail after a separator dropped when it only names a legal form, a
department or a place. The word lists are package data (see data/SOURCES.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import OSA

from leadlink.normalize._text import (
    data_lines,
    fold,
    key_tokens,
    merge_tokens,
    plural_stem,
    raw_tokens,
)
from leadlink.normalize.geo import CITY_KEYS, COUNTRY_KEYS, STATE_KEYS


@dataclass(frozen=True, slots=True, init=False)
class CompanyName:
    """A company name in canonical form, with the pieces the matcher compares."""

    original: str
    normal: str
    tokens: tuple[str, ...]
    legal_form: str
    acronyms: tuple[str, ...]
    compact: str
    content: tuple[str, ...] = ()  # the tokens without stop words: 'regents university california'
    stems: tuple[str, ...] = ()  # `content` with plurals made singular: 'lucent technology'

    def __init__(
        self,
        original: str,
        normal: str,
        tokens: tuple[str, ...],
        legal_form: str,
        acronyms: tuple[str, ...],
        compact: str,
        content: tuple[str, ...] = (),
        stems: tuple[str, ...] = (),
    ) -> None:
        """Every field. Written out because mypyc compiles these stores to native ones: the
        generated __init__ of a frozen dataclass stays interpreted (about 900 ns against 60)."""
        object.__setattr__(self, "original", original)
        object.__setattr__(self, "normal", normal)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "legal_form", legal_form)
        object.__setattr__(self, "acronyms", acronyms)
        object.__setattr__(self, "compact", compact)
        object.__setattr__(self, "content", content)
        object.__setattr__(self, "stems", stems)


@dataclass(frozen=True, slots=True)
class _LegalForm:
    canonical: str
    weak: bool  # also an ordinary word ("spa", "pa"): only removed when written as initials


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(key_tokens(text))


def _legal_forms() -> dict[tuple[str, ...], _LegalForm]:
    forms: dict[tuple[str, ...], _LegalForm] = {}
    for row in data_lines("legal_forms.txt"):
        key = _phrase(row[0])
        if key:
            forms[key] = _LegalForm(row[1], len(row) > 2 and row[2] == "weak")
    return forms


def _place_phrases() -> set[tuple[str, ...]]:
    phrases = {tuple(key.split()) for key in COUNTRY_KEYS}
    for table in STATE_KEYS.values():
        phrases.update(tuple(key.split()) for key in table)
    phrases.update(tuple(key.split()) for key in CITY_KEYS)
    phrases.discard(("and",))  # ISO alpha-3 of Andorra
    return phrases


LEGAL_FORMS: dict[tuple[str, ...], _LegalForm] = _legal_forms()
_DEPARTMENTS = {_phrase(row[0]) for row in data_lines("departments.txt")}
_TAIL_PHRASES: frozenset[tuple[str, ...]] = frozenset(
    (_place_phrases() | _DEPARTMENTS | set(LEGAL_FORMS)) - {()}
)
_TAIL_MAX = max(len(p) for p in _TAIL_PHRASES)
_TAIL_CONNECTORS = frozenset({"of", "and", "und", "et", "y", "for", "de", "in", "at"})
_LEGAL_MAX = max(len(p) for p in LEGAL_FORMS)
# Last word of a legal form -> the forms' lengths in words, longest first: the only ones to try.
_LEGAL_LENGTHS: dict[str, tuple[int, ...]] = {
    last: tuple(sorted({len(p) for p in LEGAL_FORMS if p[-1] == last}, reverse=True))
    for last in {p[-1] for p in LEGAL_FORMS}
}
# Long one-word legal forms, for catching them misspelt ("Commpany", "Corportation").
_LONG_FORMS: dict[str, str] = {
    p[0]: form.canonical for p, form in LEGAL_FORMS.items() if len(p) == 1 and len(p[0]) >= 7
}
_LONG_FIRST = frozenset(word[0] for word in _LONG_FORMS)
_LONG_FORMS_SHORTENED: dict[str, str] = {
    word[:i] + word[i + 1 :]: canonical
    for word, canonical in _LONG_FORMS.items()
    if len(word) == 7
    for i in range(2, 6)
}
COMMON_COMPANY_WORDS: frozenset[str] = frozenset(
    " ".join(_phrase(row[0])) for row in data_lines("common_company_words.txt")
)
"""Generic words ("group", "global", "solutions", "bank"...) for detecting generic names."""

_LEADING_FORMS = frozenset(
    {"the", "pt", "ooo", "oao", "zao", "pao", "pjsc", "ojsc", "cjsc", "tov", "ооо", "оао", "зао"}
    | {"пао", "тов", "株式会社", "有限会社", "合同会社"}
)
_STRIPPABLE = frozenset(
    {t for p in LEGAL_FORMS for t in p} | _LEADING_FORMS | {"the", "and", "of"}
)  # a name made only of these words may strip to nothing
# Legal forms written without a space in Chinese and Japanese names ("日立製作所株式会社").
_CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社")
_CJK_PREFIXES = ("株式会社", "有限会社", "合同会社")
_TRAILING_WORDS = frozenset({"the", "and", "of"})
_ELIDED = re.compile(r"^[ld](?=[aeiouh].)")  # a French article glued to its word: 'lenergie'
# fmt: off
_STOP_WORDS = frozenset((
    "of", "the", "and", "for", "de", "la", "le", "les", "du", "des", "der", "die", "das", "und",
    "et", "y", "a", "an", "in", "on", "at", "to", "van", "von", "del", "di", "da",
))
# fmt: on
# A legal form glued to the name in CamelCase: 'General ElectricCompany', 'Lucent TechnologiesInc.'
_GLUED_FORM = re.compile(r"(?<=[a-z])(?=(?:Inc|Corp|Corporation|Company|Limited|Ltd|GmbH|LLC)\b)")
_MAY_BE_GLUED = re.compile(r"[a-z](?:Inc|Corp|Company|Limited|Ltd|GmbH|LLC)")  # cheap pre-check
# ",", ";", brackets, or "-", "|", "/" with spaces around: what follows may be a tail to drop.
_SEPARATOR = re.compile(r"[,;()\[\]{}]|\s[-|/]+\s|\s-+$|^-+\s")
_MAY_SEPARATE = re.compile(r"[,;()\[\]{}|/-]")  # cheap pre-check before splitting


def _covered(tokens: list[str]) -> bool:
    """True when the tokens are only legal forms, departments and places (and connectors)."""
    i, n, found = 0, len(tokens), False
    while i < n:
        for k in range(min(_TAIL_MAX, n - i), 0, -1):
            if tuple(tokens[i : i + k]) in _TAIL_PHRASES:
                i += k
                found = True
                break
        else:
            if tokens[i] not in _TAIL_CONNECTORS:
                return False
            i += 1
    return found or n == 0


def _last_legal_form(tokens: list[str]) -> str:
    for end in range(len(tokens), 0, -1):
        for k in range(min(_LEGAL_MAX, end), 0, -1):
            form = LEGAL_FORMS.get(tuple(tokens[end - k : end]))
            if form is not None:
                return form.canonical
    return ""


def _is_acronym_tail(tail: list[str], parts: list[list[str]]) -> bool:
    """True for "(INRA)" after "Institut National de la Recherche Agronomique"."""
    if len(tail) != 1 or len(tail[0]) < 3 or not tail[0].isalpha():
        return False
    words = [tok for part in parts for tok in part if tok != "&"]
    if len(tail[0]) > len(words):
        return False  # more letters than words: no initials can end with it
    initials = "".join([w[0] for w in words if w not in _STOP_WORDS])
    if initials.endswith(tail[0]):
        return True
    # 'lenergie' was "l'Energie": its initial is the 'e' ("Commissariat a l'Energie ... (CEA)").
    elided = "".join([_ELIDED.sub("", w)[0] for w in words if w not in _STOP_WORDS])
    return elided.endswith(tail[0]) or "".join([w[0] for w in words]).endswith(tail[0])


def _segments(folded: str) -> tuple[list[str], str]:
    """Raw tokens of the name without the droppable tails, and the legal form found in them."""
    if _MAY_SEPARATE.search(folded) is None:
        return raw_tokens(folded), ""
    parts = [raw_tokens(part) for part in _SEPARATOR.split(folded)]
    parts = [part for part in parts if part]
    legal = ""
    while len(parts) > 1:
        tail = merge_tokens(parts[-1])[0]
        if not _covered(tail) and not _is_acronym_tail(tail, parts[:-1]):
            break
        legal = legal or _last_legal_form(tail)
        parts.pop()
    return [tok for part in parts for tok in part], legal


def _cut_cjk_form(tokens: list[str], start: int, end: int) -> bool:
    """Remove one Chinese / Japanese legal form glued to the first or last word, in place."""
    last, first = tokens[end - 1], tokens[start]
    for suffix in _CJK_SUFFIXES:
        if last.endswith(suffix) and len(last) > len(suffix):
            tokens[end - 1] = last[: -len(suffix)]
            return True
    for prefix in _CJK_PREFIXES:
        if first.startswith(prefix) and len(first) > len(prefix):
            tokens[start] = first[len(prefix) :]
            return True
    return False


def _strip(tokens: list[str], joined: list[bool], cjk: bool) -> tuple[int, int, str]:
    """Bounds of the tokens left after removing legal forms and 'the' at the ends.

    Mutates `tokens` when a CJK legal form is glued to a word (`cjk`: the name is not ASCII).
    The bounds may be empty: the caller then keeps every token.
    """
    start, end, legal = 0, len(tokens), ""
    changed = True
    while changed and end > start:
        changed = cjk and _cut_cjk_form(tokens, start, end)
        if tokens[start] in _LEADING_FORMS:
            start += 1
            changed = True
            continue
        if tokens[end - 1] in _TRAILING_WORDS:
            end -= 1
            changed = True
            continue
        lengths = _LEGAL_LENGTHS.get(tokens[end - 1])
        if lengths is None:
            typo = _misspelt_form(tokens[end - 1]) if end - start >= 2 else ""
            if typo:
                legal, end, changed = legal or typo, end - 1, True
            continue
        for k in lengths:
            if k > end - start:
                continue
            form = LEGAL_FORMS.get(tuple(tokens[end - k : end]))
            if form is not None and (not form.weak or all(joined[end - k : end])):
                legal = legal or form.canonical
                end -= k
                changed = True
                break
    return start, end, legal


@lru_cache(maxsize=1 << 14)
def _misspelt_form(token: str) -> str:
    """The canonical legal form a long word is one typo away from ('commpany'), else ''.

    Only words of seven letters or more count, so a short real word ('compaq') is never taken
    for one, and below eleven letters the last letter must agree ('limiter' is not 'limited');
    two typos are allowed from eleven letters ('corporatoin', 'aktiengeselschaft'). A six-letter
    word counts when it is the form with one letter left out, first two and last letters kept
    ('comany', 'compay', 'limted').
    """
    if len(token) == 6 and token.isalpha():
        return _LONG_FORMS_SHORTENED.get(token, "")
    if len(token) < 7 or token[0] not in _LONG_FIRST or not token.isalpha():
        return ""
    allowed = 2 if len(token) >= 11 else 1
    for word, canonical in _LONG_FORMS.items():
        if allowed == 1 and word[-1] != token[-1]:
            continue
        if (
            abs(len(word) - len(token)) <= allowed
            and OSA.distance(token, word, score_cutoff=allowed) <= allowed
        ):
            return canonical
    return ""


def _may_be_glued(raw: str) -> bool:
    """True when a legal form may be glued to the name ('ElectricCompany').

    Title case, lower case or upper case text never has a capital right after a lower-case
    letter: three C checks spare most names the regex.
    """
    if raw.istitle() or raw.islower() or raw.isupper():
        return False
    return _MAY_BE_GLUED.search(raw) is not None


def _acronyms(tokens: tuple[str, ...], plain: bool) -> tuple[str, ...]:
    """Initials of every word, and of the words but stop words (`plain`: there are none)."""
    if len(tokens) < 2:
        return ()
    every = "".join([t[0] for t in tokens])
    if plain:
        return (every,)
    without = "".join([t[0] for t in tokens if t not in _STOP_WORDS])  # shorter than `every`
    return (every, without) if len(without) >= 2 else (every,)


@lru_cache(maxsize=1 << 19)
def normalize_company(raw: str) -> CompanyName:
    """Normalise a company name (see the module docstring); never raises, never empties a name.

    A name that is only a legal form or 'the' keeps those words rather than becoming empty.
    """
    folded = fold(_GLUED_FORM.sub(" ", raw) if _may_be_glued(raw) else raw)
    tokens_raw, legal = _segments(folded)
    tokens, joined = merge_tokens(tokens_raw)
    cjk = not folded.isascii()
    # A name made only of legal forms and 'the' (weak forms included) keeps all its words.
    first, last = 0, 1
    if cjk or _STRIPPABLE.issuperset(tokens):
        first, last, _ = _strip(list(tokens), [True] * len(tokens), cjk)
    start, end, stripped_legal = _strip(tokens, joined, cjk) if last > first else (0, 0, "")
    kept = tuple(tokens[start:end]) if end > start else tuple(tokens)
    if end <= start:
        stripped_legal = ""
    if len(kept) >= 3 and _is_acronym_tail([kept[-1]], [list(kept[:-1])]):
        # "Institut National de la Recherche Agronomique INRA": the name without its acronym is
        # normalised afresh, as the acronym may have kept a word from being stripped ('A0 A &
        # AAA' would leave 'a0 a and', which normalises to 'a0 a'): normalising twice changes
        # nothing.
        shorter = normalize_company(" ".join(kept[:-1]))
        return replace(
            shorter, original=raw, legal_form=legal or stripped_legal or shorter.legal_form
        )
    normal = " ".join(kept)
    plain = _STOP_WORDS.isdisjoint(kept)
    content = kept if plain else tuple(t for t in kept if t not in _STOP_WORDS)
    legal = legal or stripped_legal
    acronyms, compact = _acronyms(kept, plain), normal.replace(" ", "")
    stems = tuple(map(plural_stem, content))
    # Positional: keywords cost a third of the constructor, run once per distinct name.
    return CompanyName(raw, normal, kept, legal, acronyms, compact, content, stems)


NON_PLACE_TAIL_WORDS: frozenset[str] = frozenset(
    {token for phrase in (*LEGAL_FORMS, *_DEPARTMENTS) for token in phrase}
    | _STOP_WORDS
    | _LEADING_FORMS
)
"""Words that may follow a name without naming a place: legal forms, departments, stop words.

The matcher uses it to tell a branch ("Acme - Leeds") from a department ("Acme - Marketing")."""

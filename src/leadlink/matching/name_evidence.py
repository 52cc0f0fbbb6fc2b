"""Evidence that two company names are one organisation, beyond their normal forms being equal.

Pure functions the name comparison (`comparisons.NameComparison`) turns into levels: the
rarity-weighted word overlap, typos, the same words in another order or cut short, one name
holding the other (by how many words they share) and long names that agree.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from leadlink.matching.index import AccountIndex
from leadlink.normalize import COMMON_COMPANY_WORDS, CompanyName
from leadlink.normalize._text import plural_stem
from leadlink.normalize.geo import CITY_KEYS

LONG_NAME_WORDS = 5
_osa_similarity = OSA.normalized_similarity


def soft_overlap(
    a: CompanyName, b: CompanyName, index: AccountIndex, a_sum: float, b_sum: float
) -> float:
    """IDF-weighted token overlap (0..1), where tokens one typo apart count as nearly equal.

    `a_sum` and `b_sum` are the IDF sums of the two names (computed once per lead and account).
    """
    return weighted_overlap(name_terms(a, index), b.tokens, a_sum, b_sum)


def name_terms(name: CompanyName, index: AccountIndex) -> tuple[tuple[str, float], ...]:
    """The name's distinct words with their IDF, in order: what `weighted_overlap` takes."""
    idf, default = index.idf, index.default_idf  # `index.token_idf`, without a call per word
    # ordered: float sums equal in every process
    return tuple([(token, idf.get(token, default)) for token in dict.fromkeys(name.tokens)])


def weighted_overlap(
    terms: tuple[tuple[str, float], ...], b_tokens: tuple[str, ...], a_sum: float, b_sum: float
) -> float:
    """`soft_overlap` of a name given as its `name_terms` (made once per lead)."""
    if not terms or not b_tokens:
        return 0.0
    matched = 0.0
    for token, weight in terms:
        if token in b_tokens:
            matched += weight
        elif len(token) >= 3:
            best = _soft_best(token, b_tokens)
            if best >= 0.8:
                matched += weight * best
    union = a_sum + b_sum - matched
    return matched / union if union > 0 else 0.0


def _soft_best(token: str, others: tuple[str, ...]) -> float:
    """How nearly a word of three letters or more equals one of `others` (0.8 and up counts)."""
    best = 0.0
    stem = plural_stem(token)
    first, size = token[0], len(token)
    for other in others:
        n = len(other)
        if n < 3:
            continue
        if other[0] == first and stem == plural_stem(other):
            return 1.0  # the same word, singular and plural: 'technology' / 'technologies'
        if other.startswith(token) or token.startswith(other):
            if best < 0.9:
                best = 0.9  # an abbreviation: 'sys' / 'systems'
        elif size >= 4 and n >= 4 and -2 <= n - size <= 2:
            # OSA: a swap of two letters ('buisness') is one typo, not two.
            similarity = _osa_similarity(token, other, score_cutoff=0.8)
            if similarity > best:
                best = similarity
    return best


def typos_apart(a: str, b: str) -> bool:
    """Names one typo apart from eight letters, two from twenty (a letter wrong, missing, added
    or swapped): 'Commissariat a l'Engerie Atomique' is still the Commissariat.

    A digit changed is not a typo: 'acme 2' and 'acme 3' are different places.
    """
    shorter = min(len(a), len(b))
    allowed = 2 if shorter >= 20 else 1
    if shorter < 8 or abs(len(a) - len(b)) > allowed:
        return False
    if OSA.distance(a, b, score_cutoff=allowed) > allowed:
        return False
    return "".join(c for c in a if c.isdigit()) == "".join(c for c in b if c.isdigit())


def same_words(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words but for 'of', 'the' and plurals: in order, or in any order from three words.

    'California Institute Technology' / 'California Institute of Technology'; 'University of
    Texas System Board of Regents' / 'The Board of Regents of the University of Texas System';
    'Lucent Technology' / 'Lucent Technologies'; in order, a word may be cut short to three
    letters or more: 'Regents University Calif' / 'Regents University California'. Takes the
    names' `stems`.
    """
    if len(a) != len(b) or len(a) < 2:
        return False
    if a == b or (len(a) >= 3 and sorted(a) == sorted(b)):
        return True
    for k, x in enumerate(a):  # in place, a word cut short to three letters or more
        y = b[k]  # (no zip: its `strict` keyword costs more than the lookup)
        if x == y:
            continue
        short, long = (x, y) if len(x) < len(y) else (y, x)
        if len(short) < 3 or not long.startswith(short) or not short.isalpha():
            return False
    return True


def contained(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other with words added: 'virgils' / 'virgils real bbq'.

    The same first word, then the shorter name's words in their order with at most one word
    between two of them ('Ernst Leitz Wetzlar' in 'Ernst Leitz GmbH Wetzlar', but not 'Japan
    Science and Technology' in 'Japan as represented by ... Science and Technology'); a word of
    six letters or more may be one typo off ('foerderung' / 'forderung').
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short or not _same_word(short[0], long[0]):
        return False
    at = 1  # where the next word of the shorter name may stand in the longer one
    for token in short[1:]:
        if at < len(long) and _same_word(token, long[at]):
            at += 1
        elif at + 1 < len(long) and _same_word(token, long[at + 1]):
            at += 2  # one word added before it
        else:
            return False
    return True


def _same_word(a: str, b: str) -> bool:
    """Equal, or one typo apart in a word of six letters or more."""
    if a == b:
        return True
    return (
        min(len(a), len(b)) >= 6
        and abs(len(a) - len(b)) <= 1
        and OSA.distance(a, b, score_cutoff=1) <= 1
    )


def is_part(a: CompanyName, b: CompanyName) -> bool:
    """One name holds the other's words, with fewer words: 'virgils' / 'virgils real bbq'.

    As many words is the same name with typos, for the fuzzy levels, not a part of it.
    """
    return len(a.stems) != len(b.stems) and contained(a.stems, b.stems)


def name_part(a: CompanyName, b: CompanyName, *, branch: bool) -> str:
    """The level of a lead's name `a` that holds the account's `b` or sits inside it (`is_part`).

    The more words the two share, the less it is a look-alike: on generated data (see
    bench/name_levels.py) `contained` pairs are right 29% of the time, `shortened` 59%,
    `contained_two` 80%, `part_long` 99%. A chain branch stays `contained` ('Pixel Fitness -
    Leeds', 'Oak Auto Repair Austin' share their words with every other branch), and so does a
    part made only of generic words ('First National Bank' in 'First National Bank of Omaha').
    """
    shorter = a if len(a.stems) < len(b.stems) else b
    shared = len(shorter.stems)
    if branch or _names_a_city(b.content) or COMMON_COMPANY_WORDS.issuperset(shorter.content):
        return "contained"  # a chain's branch, or only generic words shared
    if shared >= 3:
        return "part_long"
    if len(a.stems) < len(b.stems):
        return "shortened"  # the lead typed the start of the account's name
    return "contained_two" if shared == 2 else "contained"


@lru_cache(maxsize=1 << 14)  # an account's words: it comes up as a candidate again and again
def _names_a_city(words: tuple[str, ...]) -> bool:
    """The account's name holds a city ('Oak Auto Repair Austin'): one branch of a chain.

    A lead's name that adds a city to an account's plain name ('Fluxlink Labs Lille') names the
    office where the person sits; one that shares a chain's words with a branch account is
    more often another branch.
    """
    n = len(words)
    return any(
        " ".join(words[i:j]) in CITY_KEYS for i in range(n) for j in range(i + 1, min(n, i + 3) + 1)
    )


def long_names_agree(a: CompanyName, b: CompanyName, overlap: float, bar: float) -> bool:
    """Two long names (five words or more each): nearly all rare words shared, or one inside.

    A look-alike shares one distinctive word. A name of five words or more that keeps `bar` of
    the rarity-weighted words of another ('... of the United Kingdom and Northern Ireland'
    without 'Great Britain'), or is wholly inside it (with a unit's name or a code after it), is
    the same organisation written another way.
    """
    short, long = (a.stems, b.stems) if len(a.stems) <= len(b.stems) else (b.stems, a.stems)
    if len(short) < LONG_NAME_WORDS:
        return False
    return overlap >= bar or set(short) <= set(long)

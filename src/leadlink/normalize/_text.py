"""Shared text helpers: Unicode folding, tokenising and reading the packaged word lists.

Every normaliser (company names, places, streets) goes through the same folding and token rules
so that values written differently in different systems end up identical.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

# Letters that NFKD does not decompose, and typographic punctuation, mapped to plain ASCII.
_SPECIAL = str.maketrans(
    {
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ŀ": "l",
        "Ŀ": "l",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ĸ": "k",
        "ŧ": "t",
        "Ŧ": "t",
        "ŋ": "n",
        "Ŋ": "n",
        "ß": "ss",
        "ẞ": "ss",
        "’": "'",
        "′": "'",
        "‘": "'",
        "‛": "'",
        "ʼ": "'",
        "ʻ": "'",
        "`": "'",
        "´": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "“": '"',
        "”": '"',
        "„": '"',
        "\u00a0": " ",
    }
)

_TOKEN_RE = re.compile(r"&|[^\W_]+")


def _fold_once(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL)).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_SPECIAL)


class _FoldTable(dict[int, str]):
    """Code point -> folded text, filled on first use (str.translate calls __missing__)."""

    def __missing__(self, code: int) -> str:
        current = chr(code)
        for _ in range(4):
            nxt = _fold_once(current)
            if nxt == current:
                break
            current = nxt
        self[code] = current
        return current


_FOLD_TABLE = _FoldTable()


# Bytes of UTF-8 read as Windows-1252: 'FÃ¶rderung' (once), 'FÃƒÂ¶rderung' (twice).
# A lead byte (Â..ß, à..ï) then its continuation bytes as Windows-1252 shows them.
_CONT = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u203a\u20ac\u2122]"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{_CONT}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Windows-1252, once or twice: 'FÃ¶rderung' -> 'Förderung'.

    CRM exports that pass through a wrongly-set tool do this; text that does not decode back to
    valid UTF-8 is returned as it was.
    """
    for _ in range(3):
        if _MOJIBAKE.search(text) is None:
            break
        try:
            text = text.encode("cp1252").decode("utf-8")
        except UnicodeError:
            break
    return text


def fold(text: str) -> str:
    """Fold text for comparison: NFKD, accents stripped, casefolded, ß->ss, æ->ae, ø->o.

    Mojibake is repaired first; then characters are mapped one by one (spaces and punctuation
    are kept), so the result can be tokenised afterwards. Folding a folded text changes nothing.
    """
    if text.isascii():
        return text.lower().replace("`", "'")
    return repair_mojibake(text).translate(_FOLD_TABLE)


@lru_cache(maxsize=1 << 16)
def plural_stem(token: str) -> str:
    """The singular of an English plural, to compare words: 'technologies' -> 'technology'.

    Only words of five letters or more, and not '-ss', '-us', '-is', '-os' ('business', 'campus').
    """
    if len(token) < 5 or token[-1] != "s" or not token.isalpha():
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith(("ss", "us", "is", "os")):
        return token
    return token[:-1]


# Every ASCII byte but letters, digits, apostrophes, '&' and '+' -> a space.
_ASCII_GAPS = bytes(c for c in range(128) if not chr(c).isalnum() and chr(c) not in "'&+")
_ASCII_TO_SPACE = bytes.maketrans(_ASCII_GAPS, b" " * len(_ASCII_GAPS))


def raw_tokens(folded: str) -> list[str]:
    """Split folded text into word tokens and '&'; apostrophes vanish, '+' counts as '&'."""
    if folded.isascii() and "&" not in folded and "+" not in folded:
        # What the regex finds, in C: its words are the runs of ASCII letters and digits.
        text = folded.encode("ascii").translate(_ASCII_TO_SPACE, b"'")
        return text.decode("ascii").split()
    return _TOKEN_RE.findall(folded.replace("'", "").replace("+", "&"))


def _short_alpha(token: str) -> bool:
    return len(token) <= 2 and token.isalpha()


def merge_tokens(tokens: list[str]) -> tuple[list[str], list[bool]]:
    """Join initials and turn '&' into 'and'; return the tokens and which ones were joined.

    "i b m" -> "ibm", "at & t" -> "att" (short letters around '&'), "barnes & noble" ->
    "barnes and noble". The flags let callers tell "S.p.A." (initials) from the word "spa".
    """
    if "&" not in tokens and (not tokens or min(map(len, tokens)) > 1):
        return tokens, [False] * len(tokens)  # fast path: no '&' and no single letters
    joined: list[str] = []
    flags: list[bool] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if (
            tok == "&"
            and joined
            and i + 1 < n
            and _short_alpha(joined[-1])
            and _short_alpha(tokens[i + 1])
            and min(len(joined[-1]), len(tokens[i + 1])) == 1
        ):
            joined[-1] += tokens[i + 1]
            flags[-1] = True
            i += 2
            continue
        joined.append(tok)
        flags.append(False)
        i += 1
    out: list[str] = []
    out_flags: list[bool] = []
    i, n = 0, len(joined)
    while i < n:
        j = i
        while j < n and len(joined[j]) == 1 and joined[j].isalpha() and not flags[j]:
            j += 1
        if j - i >= 2:
            out.append("".join(joined[i:j]))
            out_flags.append(True)
            i = j
            continue
        tok = joined[i]
        out.append("and" if tok == "&" else tok)
        out_flags.append(flags[i])
        i += 1
    return out, out_flags


def key_tokens(text: str) -> list[str]:
    """Fold, tokenise and merge text in one go (for lookups of places and word lists)."""
    return merge_tokens(raw_tokens(fold(text)))[0]


def text_key(text: str) -> str:
    """The lookup key of a word or phrase: its merged tokens joined by one space."""
    return " ".join(key_tokens(text))


def data_lines(name: str) -> Iterator[list[str]]:
    """Yield the TAB-separated fields of each non-comment line of a packaged data file."""
    text = resources.files("leadlink.normalize").joinpath("data", name).read_text("utf-8")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield [field.strip() for field in line.split("\t")]

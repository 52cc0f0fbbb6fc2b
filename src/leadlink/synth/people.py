"""People for the generator: names from several cultures, job titles and personal mail domains.

A lead's culture follows its company's country with some mixing (a US company employs people
of every origin), and e-mail local parts are ASCII versions of the names, as mail servers want.
"""

from __future__ import annotations

import random
import re
import unicodedata

from leadlink.synth.rand import Weighted

_NAMES: dict[str, tuple[str, str]] = {
    "anglo": (
        "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Sarah "
        "Richard Jessica Thomas Karen Daniel Emily Matthew Ashley Andrew Megan Ryan Rachel "
        "Kevin Laura Brian Hannah Chris Olivia Ethan Grace Liam Chloe Noah Emma",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Jackson White Harris Martin Thompson Clark Lewis Walker Hall Allen Young King Wright "
        "Scott Green Adams Baker Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans "
        "Turner Parker Collins Edwards Stewart Murphy Cook Rogers O'Brien O'Neill McDonald",
    ),
    "german": (
        "Lukas Anna Jonas Lea Felix Sophie Maximilian Marie Paul Hannah Leon Julia Tobias Katrin "
        "Jürgen Sabine Stefan Claudia Matthias Birgit Jörg Ute",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
        "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann",
    ),
    "french": (
        "Jean Marie Pierre Camille Louis Léa Hugo Chloé Lucas Manon Antoine Élodie Thomas "
        "Céline François Inès Julien Amélie Sébastien Hélène",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Girard Bonnet",
    ),
    "dutch": (
        "Daan Emma Sem Julia Lucas Sophie Bram Anouk Thijs Fleur Jeroen Sanne Pieter Lotte",
        "de Jong Jansen de Vries van den Berg van Dijk Bakker Visser Smit Meijer de Boer "
        "Mulder de Groot Bos Vos Peters Hendriks",
    ),
    "spanish": (
        "José María Antonio Carmen Manuel Lucía Javier Laura Alejandro Marta Pablo Sofía Diego "
        "Elena Álvaro Paula Sergio Nuria Raúl Begoña",
        "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez "
        "Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Navarro Torres",
    ),
    "japanese": (
        "Haruto Yui Sota Aoi Yuto Hina Ren Mei Takumi Yuki Kenji Akiko Hiroshi Naoko Daiki Emi",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
        "Yamada Sasaki Matsumoto Inoue Kimura",
    ),
    "indian": (
        "Aarav Priya Vihaan Ananya Arjun Diya Rohan Isha Rahul Sneha Vikram Pooja Karthik "
        "Lakshmi Amit Neha Suresh Kavya Sanjay Meera",
        "Sharma Patel Singh Kumar Reddy Iyer Gupta Mehta Rao Nair Desai Joshi Kapoor Menon "
        "Chatterjee Banerjee Pillai Verma Agarwal Bhat",
    ),
    "chinese": (
        "Wei Li Jing Hao Xin Yan Ming Lei Fang Jun Mei Chen Yu Tao Lin Hui",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin",
    ),
}


def _split(text: str, culture: str) -> tuple[str, ...]:
    words = text.split()
    if culture != "dutch":
        return tuple(words)
    out: list[str] = []
    buf: list[str] = []
    for w in words:  # keep "van den Berg", "de Jong" together
        buf.append(w)
        if w[0].isupper():
            out.append(" ".join(buf))
            buf = []
    return tuple(out)


FIRST_NAMES: dict[str, tuple[str, ...]] = {c: _split(f, "") for c, (f, _) in _NAMES.items()}
LAST_NAMES: dict[str, tuple[str, ...]] = {c: _split(ln, c) for c, (_, ln) in _NAMES.items()}

# Which cultures people at a company in each country come from, with weights.
CULTURE_MIX: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "US": (("anglo", "spanish", "indian", "chinese", "german", "french"), (60, 12, 12, 10, 3, 3)),
    "GB": (("anglo", "indian", "french", "german", "chinese"), (70, 14, 6, 5, 5)),
    "DE": (("german", "anglo", "french", "spanish"), (80, 8, 6, 6)),
    "FR": (("french", "anglo", "spanish", "german"), (80, 8, 8, 4)),
    "NL": (("dutch", "anglo", "german"), (80, 12, 8)),
    "CA": (("anglo", "french", "chinese", "indian"), (55, 25, 10, 10)),
    "AU": (("anglo", "chinese", "indian"), (75, 15, 10)),
    "JP": (("japanese", "anglo"), (92, 8)),
    "ES": (("spanish", "anglo", "french"), (85, 8, 7)),
    "IN": (("indian", "anglo"), (94, 6)),
}

CULTURE_PICK: dict[str, Weighted] = {cc: Weighted(c, w) for cc, (c, w) in CULTURE_MIX.items()}

_SENIORITY = ("", "", "", "Senior ", "Lead ", "Principal ")
_ROLES = (
    "Software Engineer",
    "Data Analyst",
    "Marketing Manager",
    "Account Executive",
    "Sales Development Representative",
    "Product Manager",
    "Financial Analyst",
    "Operations Manager",
    "HR Business Partner",
    "Procurement Specialist",
    "IT Manager",
    "Project Manager",
    "Business Analyst",
    "Consultant",
    "Designer",
    "Office Manager",
)
_LEADERS = (
    "VP Marketing",
    "VP of Sales",
    "VP Engineering",
    "Director of IT",
    "Director of Marketing",
    "Head of Operations",
    "Head of Procurement",
    "Director, Revenue Operations",
    "Marketing Operations Manager",
    "Chief Marketing Officer",
    "Head of Growth",
)
_CSUITE = ("CEO", "CFO", "CTO", "CIO", "COO", "CMO", "Founder", "Owner", "Managing Director")


def title(rng: random.Random) -> str:
    """A job title with seniority and department; leaders and executives are rarer."""
    r = rng.random()
    if r < 0.06:
        return rng.choice(_CSUITE)
    if r < 0.28:
        return rng.choice(_LEADERS)
    if r < 0.33:
        return ""
    return rng.choice(_SENIORITY) + rng.choice(_ROLES)


FREE_MAIL: dict[str, tuple[str, ...]] = {
    "US": ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com"),
    "GB": ("gmail.com", "yahoo.co.uk", "hotmail.co.uk", "outlook.com", "btinternet.com"),
    "DE": ("gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.de"),
    "FR": ("gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net"),
    "NL": ("gmail.com", "hotmail.nl", "ziggo.nl", "outlook.com"),
    "CA": ("gmail.com", "yahoo.ca", "hotmail.com", "outlook.com"),
    "AU": ("gmail.com", "bigpond.com", "outlook.com", "yahoo.com.au"),
    "JP": ("gmail.com", "yahoo.co.jp", "docomo.ne.jp"),
    "ES": ("gmail.com", "hotmail.es", "yahoo.es", "outlook.es"),
    "IN": ("gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"),
}
ALL_FREE_MAIL: frozenset[str] = frozenset(d for ds in FREE_MAIL.values() for d in ds)

_ascii_cache: dict[str, str] = {}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DROP_ASCII = {i: None for i in range(128) if not chr(i).isalnum()}


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of `text` (accents dropped), for mail and domains."""
    hit = _ascii_cache.get(text)
    if hit is not None:
        return hit
    if text.isascii():
        return text.lower().translate(_DROP_ASCII)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    hit = _NOT_ALNUM.sub("", plain.lower())
    if len(_ascii_cache) < 100_000:
        _ascii_cache[text] = hit
    return hit


def email_local(rng: random.Random, first: str, last: str) -> str:
    """An e-mail local part in one of the common corporate patterns."""
    f, ln = ascii_slug(first), ascii_slug(last)
    r = rng.random()
    if r < 0.45:
        return f"{f}.{ln}"
    if r < 0.65:
        return f"{f[:1]}{ln}"
    if r < 0.75:
        return f
    if r < 0.85:
        return f"{f}{ln[:1]}"
    if r < 0.92:
        return f"{f}_{ln}"
    return f"{ln}.{f}"


def personal_local(rng: random.Random, first: str, last: str) -> str:
    """A personal mailbox name: often with digits, as free mail providers force."""
    f, ln = ascii_slug(first), ascii_slug(last)
    r = rng.random()
    if r < 0.35:
        return f"{f}.{ln}{rng.randint(1, 99)}"
    if r < 0.6:
        return f"{f}{ln}{rng.randint(1960, 2004)}"
    if r < 0.8:
        return f"{f[:1]}{ln}{rng.randint(1, 999)}"
    return f"{f}.{ln}"


LEAD_SOURCES: tuple[str, ...] = (
    "Web Form",
    "Webinar",
    "Trade Show",
    "Content Syndication",
    "Paid Search",
    "Organic Search",
    "Referral",
    "Partner",
    "List Import",
    "Chat",
)
LEAD_SOURCE_WEIGHTS: tuple[int, ...] = (30, 12, 8, 10, 10, 12, 5, 4, 6, 3)
LEAD_STATUSES: tuple[str, ...] = ("New", "Working", "Nurture", "Qualified", "Disqualified")
LEAD_STATUS_WEIGHTS: tuple[int, ...] = (40, 15, 30, 8, 7)

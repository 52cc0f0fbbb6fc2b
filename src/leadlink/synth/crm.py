"""CRM records around the accounts: contacts, opportunities and contracts, kept consistent
(customers hold an active contract and won deals; an open opportunity's primary contact is in
"5 Opportunity Open"; duplicate accounts get nothing, so the original wins every tie-break).

Ids are derived from the account ("C0000123-2" is account A0000123's second contact), so a
range of accounts can be generated on its own (in parallel) and the ids stay stable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from leadlink.synth.geo import format_phone, phone_digits
from leadlink.synth.model import AccountBook, AccountRec
from leadlink.synth.people import CULTURE_PICK, FIRST_NAMES, LAST_NAMES, email_local, title
from leadlink.synth.rand import Weighted

CONTACT_FIELDS = (
    "id", "account_id", "first_name", "last_name", "email", "title", "phone", "status",
    "created_at",
)  # fmt: skip
OPPORTUNITY_FIELDS = (
    "id", "account_id", "name", "stage", "amount", "is_closed", "is_won", "primary_contact_id",
    "close_date", "type", "owner", "created_at",
)  # fmt: skip
CONTRACT_FIELDS = ("id", "account_id", "start_date", "end_date", "active")
CONTACT_STATUSES = (
    "1 Pre-Qualified", "2 Nurture", "3 Qualified", "4 Sales Working", "5 Opportunity Open",
    "6 Disqualified", "7 Partner", "X No longer with company",
)  # fmt: skip
_STATUS = Weighted(CONTACT_STATUSES, (36, 30, 8, 7, 0, 5, 0, 8))
_OPEN_STAGES = ("Discovery", "Qualification", "Solution", "Proposal", "Negotiation")
_N_CONTACTS = {
    "Customer": (2, 10), "Partner": (1, 4), "Prospect": (0, 3), "Competitor": (0, 1),
    "Other": (0, 2),
}  # fmt: skip
_OPEN_SHARE = {"Customer": 0.3, "Prospect": 0.12, "Partner": 0.05}
CHURN_SHARE = 0.08
FIRST_DUP_CONTACT = 11  # contacts made from duplicate leads are numbered from here
_UNIX_ORD = date(1970, 1, 1).toordinal()
_iso_cache: dict[int, str] = {}


def iso_day(ordinal: int) -> str:
    """YYYY-MM-DD of a date ordinal (cached: the same few thousand days recur)."""
    s = _iso_cache.get(ordinal)
    if s is None:
        s = _iso_cache[ordinal] = date.fromordinal(ordinal).isoformat()
    return s


def timestamp(rng: random.Random, ordinal: int) -> tuple[str, int]:
    """A random moment of that day as ISO 8601 UTC text and as epoch seconds."""
    secs = int(rng.random() * 86400)
    hh, rem = divmod(secs, 3600)
    mm, ss = divmod(rem, 60)
    text = f"{iso_day(ordinal)}T{hh:02d}:{mm:02d}:{ss:02d}Z"
    return text, (ordinal - _UNIX_ORD) * 86400 + secs


@dataclass(slots=True)
class CrmPart:
    """CRM rows for a range of accounts, plus each contact's account index and creation."""

    contacts: list[list[str]] = field(default_factory=list)
    opportunities: list[list[str]] = field(default_factory=list)
    contracts: list[list[str]] = field(default_factory=list)
    contact_account: list[int] = field(default_factory=list)
    contact_created: list[int] = field(default_factory=list)


class _Builder:
    """Builds the CRM rows of one account at a time from one random stream."""

    def __init__(self, rng: random.Random, ref: date) -> None:
        self.rng, self.ref = rng, ref
        self.ref_ord = ref.toordinal()
        self.t = CrmPart()
        self.n_opp = self.n_contract = 0  # per account, reset by account()

    def _day(self, lo: int, hi: int) -> int:
        return lo + int(self.rng.random() * (max(lo, hi) - lo + 1))

    def contact(self, acc: AccountRec, num: int, person: tuple[str, str, str, str] | None) -> str:
        """Add contact number `num` of `acc`; `person` = (first, last, e-mail, title) if known."""
        rng, org = self.rng, acc.org
        if person is None:
            culture = CULTURE_PICK[org.city.country].pick(rng)
            first, last = rng.choice(FIRST_NAMES[culture]), rng.choice(LAST_NAMES[culture])
            domain = org.domain
            if org.extra_domains and rng.random() < 0.2:
                domain = rng.choice(org.extra_domains)
            person = (first, last, f"{email_local(rng, first, last)}@{domain}", title(rng))
        first, last, email, ttl = person
        cid = f"C{acc.id[1:]}-{num}"
        status = "7 Partner" if acc.type == "Partner" else _STATUS.pick(rng)
        phone = ""
        if rng.random() < 0.6:
            c = org.city
            phone = format_phone(c.country, c.area, phone_digits(rng, c), int(rng.random() * 3))
        created, epoch = timestamp(rng, self._day(acc.created.toordinal(), self.ref_ord - 1))
        self.t.contacts.append([cid, acc.id, first, last, email, ttl, phone, status, created])
        self.t.contact_account.append(acc.idx)
        self.t.contact_created.append(epoch)
        return cid

    def opportunity(self, acc: AccountRec, kind: str, stage: str, close: int, contact: str) -> None:
        """Add an opportunity closing (or closed) on day ordinal `close`."""
        rng = self.rng
        closed = stage.startswith("Closed")
        amount = min(5_000_000.0, round(max(2_000.0, acc.employees * rng.uniform(40, 400)), -2))
        created, _ = timestamp(rng, close - rng.randint(20, 200))
        self.n_opp += 1
        n = self.n_opp
        year = iso_day(close)[:4]
        self.t.opportunities.append([
            f"O{acc.id[1:]}-{n}", acc.id, f"{acc.org.core} - {kind} {year}", stage,
            f"{amount:.2f}", "true" if closed else "false",
            "true" if stage == "Closed Won" else "false", contact, iso_day(close), kind,
            acc.owner, created,
        ])  # fmt: skip

    def contract(self, acc: AccountRec, start: int, end: int) -> None:
        """Add a contract running from day `start` to day `end` (ordinals)."""
        self.n_contract += 1
        n = self.n_contract
        active = start <= self.ref_ord <= end
        self.t.contracts.append([
            f"K{acc.id[1:]}-{n}", acc.id, iso_day(start), iso_day(end),
            "true" if active else "false",
        ])  # fmt: skip

    def account(self, acc: AccountRec) -> None:
        """All CRM rows of one account."""
        rng, ref = self.rng, self.ref_ord
        if acc.dup_of >= 0:
            return  # the later duplicate entry holds nothing
        self.n_opp = self.n_contract = 0
        lo, hi = _N_CONTACTS.get(acc.type, (0, 2))
        contacts = [self.contact(acc, j, None) for j in range(1, rng.randint(lo, hi) + 1)]
        first_row = len(self.t.contacts) - len(contacts)
        pick = int(rng.random() * len(contacts)) if contacts else -1
        primary = contacts[pick] if contacts else ""
        churned = acc.type == "Prospect" and rng.random() < CHURN_SHARE
        if acc.type == "Customer" or churned:
            self._customer_history(acc, primary, churned)
        if rng.random() < _OPEN_SHARE.get(acc.type, 0.0):
            kind = "New Business"
            if acc.type == "Customer":
                kind = "Expansion" if rng.random() < 0.5 else "Renewal"
            close = ref + rng.randint(5, 180)
            self.opportunity(acc, kind, rng.choice(_OPEN_STAGES), close, primary)
            if primary:
                self.t.contacts[first_row + pick][7] = "5 Opportunity Open"
        elif acc.type == "Prospect" and rng.random() < 0.1:
            close = self._day(acc.created.toordinal(), ref - 1)
            self.opportunity(acc, "New Business", "Closed Lost", close, primary)

    def _customer_history(self, acc: AccountRec, primary: str, churned: bool) -> None:
        rng, ref = self.rng, self.ref_ord
        start = self._day(acc.created.toordinal(), ref - 30)
        self.opportunity(acc, "New Business", "Closed Won", start, primary)
        while True:
            if churned and start >= ref - 1:
                return
            end = start + 365 * rng.choice((1, 1, 2, 3)) - 1
            if churned and end >= ref:
                self.contract(acc, start, max(ref - rng.randint(1, 300), start))
                return
            self.contract(acc, start, end)
            if end >= ref:
                return
            start = end + 1
            if start < ref:
                kind = "Renewal" if rng.random() < 0.7 else "Expansion"
                self.opportunity(acc, kind, "Closed Won", start, primary)


def crm_part(rng: random.Random, book: AccountBook, ref: date, lo: int, hi: int) -> CrmPart:
    """Contacts, opportunities and contracts of accounts with index `lo` .. `hi - 1`."""
    builder = _Builder(rng, ref)
    for acc in book.accounts[lo:hi]:
        builder.account(acc)
    return builder.t


def duplicate_contacts(
    rng: random.Random,
    book: AccountBook,
    ref: date,
    people: list[tuple[int, str, str, str, str]],
) -> CrmPart:
    """Contacts that are the same person (name and e-mail) as a lead, at the lead's account."""
    builder = _Builder(rng, ref)
    used: dict[int, int] = {}
    for idx, first, last, email, ttl in people:
        num = used.get(idx, FIRST_DUP_CONTACT)
        used[idx] = num + 1
        builder.contact(book.accounts[idx], num, (first, last, email, ttl))
    return builder.t

"""Store rows <-> the plain records the matching engine takes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select

from leadlink.records import LEAD_FIELDS, Account, Lead
from leadlink.store.db import SessionFactory
from leadlink.store.models import AccountRow, LeadRow
from leadlink.store.upsert import one_of

LEAD_COLUMNS = [getattr(LeadRow, f) for f in LEAD_FIELDS] + [
    LeadRow.extra,
    LeadRow.content_hash,
]
_ACCOUNT_COLUMNS = [
    AccountRow.id, AccountRow.name, AccountRow.website, AccountRow.domains, AccountRow.phone,
    AccountRow.street, AccountRow.city, AccountRow.state, AccountRow.postal_code,
    AccountRow.country, AccountRow.parent_id, AccountRow.owner, AccountRow.sdr_owner,
    AccountRow.type, AccountRow.extra,
]  # fmt: skip
_ID_SLICE = 5_000


def lead_record(row: Sequence[Any]) -> Lead:
    """A Lead from a row selected with LEAD_COLUMNS (extra values as text)."""
    extra = row[_EXTRA_AT] or {}
    fields: dict[str, Any] = {f: v or "" for f, v in zip(LEAD_FIELDS, row, strict=False)}
    return Lead(**fields, extra={k: str(v) for k, v in extra.items()})


_EXTRA_AT = len(LEAD_FIELDS)


def iter_accounts(conn: Connection) -> Iterator[Account]:
    """Every account as a record, streamed in id order.

    The order is fixed so that ties between equally good candidates fall the same way on
    SQLite and PostgreSQL (a table's natural order differs between them).
    """
    query = select(*_ACCOUNT_COLUMNS).order_by(AccountRow.id)
    result = conn.execution_options(yield_per=10_000).execute(query)
    return map(_account, result)


def load_accounts(factory: SessionFactory, ids: Sequence[str]) -> list[Account]:
    """The accounts with these ids (those that exist), read in slices of a few thousand."""
    found: list[Account] = []
    with factory() as session:
        conn = session.connection()
        for start in range(0, len(ids), _ID_SLICE):
            part = list(ids[start : start + _ID_SLICE])
            query = select(*_ACCOUNT_COLUMNS).where(one_of(conn, AccountRow.id, part))
            found.extend(map(_account, conn.execute(query)))
    return found


def _account(r: Any) -> Account:
    return Account(
        id=r.id,
        name=r.name,
        website=r.website,
        domains=[d for d in r.domains.split(";") if d],
        phone=r.phone,
        street=r.street,
        city=r.city,
        state=r.state,
        postal_code=r.postal_code,
        country=r.country,
        parent_id=r.parent_id,
        owner=r.owner,
        sdr_owner=r.sdr_owner,
        type=r.type,
        extra={k: str(v) for k, v in (r.extra or {}).items()},
    )


SNAPSHOT_FIELDS = (
    "company",
    "website",
    "phone",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
)


def lead_snapshot(lead: Lead, content_hash: str) -> dict[str, str]:
    """What a match decision saw, stored with it: the company fields the lead typed, its e-mail
    domain (not the address) and the hash of the whole row."""
    snap = {f: value for f in SNAPSHOT_FIELDS if (value := getattr(lead, f))}
    domain = lead.email.rpartition("@")[2].strip().lower()
    if domain:
        snap["email_domain"] = domain
    snap["lead_hash"] = content_hash
    return snap

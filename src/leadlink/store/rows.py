"""Turn canonical CSV rows (from leadlink.io.csvio) into store rows, one function per kind.

A value that cannot be read (a date, a number, a yes/no) raises `BadValue` naming the column, so
the importer can reject that row with a clear reason and keep the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from leadlink.io.csvio import to_account
from leadlink.records import LEAD_FIELDS

Row = dict[str, Any]

_TRUE = frozenset({"true", "t", "yes", "y", "1", "x", "active", "activated", "won", "closed"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "inactive", "draft", "expired", "open", "lost"})
_DATE_FORMATS = ("%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%m/%d/%Y %H:%M", "%d.%m.%Y %H:%M")


class BadValue(ValueError):
    """A cell that cannot be read as its column's type; `column` names it (never the value)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def content_hash(row: Row) -> str:
    """A stable hash of a row's content (its values in the converter's fixed column order).

    Kept cheap, it runs once per imported row: text values are joined as they are, anything
    else is rendered (a dict, the `extra` column, as sorted JSON).
    """
    text = "\x1f".join([v if type(v) is str else _render(v) for v in row.values()])
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def _render(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":")) if value else ""
    return "" if value is None else str(value)


def parse_bool(raw: Row, column: str, default: bool = False) -> bool:
    """Read a yes/no cell (true/false, 1/0, yes/no ...); empty gives `default`."""
    value = str(raw.get(column, "")).strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValue(column, f"{column}: expected true/false")


def parse_float(raw: Row, column: str) -> float | None:
    """Read a number (thousands separators and a currency sign are tolerated); empty is None."""
    value = str(raw.get(column, "")).strip().replace(",", "").lstrip("$€£")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise BadValue(column, f"{column}: expected a number") from None


def parse_datetime(raw: Row, *columns: str) -> datetime | None:
    """Read the first non-empty of `columns` as a timestamp (ISO 8601 or a common date form)."""
    for column in columns:
        value = str(raw.get(column, "")).strip()
        if not value:
            continue
        try:
            parsed = datetime.fromisoformat(value.replace(" UTC", "+00:00"))
        except ValueError:
            parsed = _strptime(value, column)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def parse_date(raw: Row, *columns: str) -> date | None:
    """Read the first non-empty of `columns` as a calendar date."""
    moment = parse_datetime(raw, *columns)
    return moment.date() if moment else None


def _strptime(value: str, column: str) -> datetime:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise BadValue(column, f"{column}: expected a date such as 2024-01-31")


def _rest(raw: Row, known: set[str]) -> dict[str, str]:
    return {k: v for k, v in raw.items() if k not in known and v != ""}


def account_row(raw: Row) -> Row:
    """accounts.csv -> accounts (firmographics and unknown columns kept in `extra`)."""
    acc = to_account(raw)
    return {
        "id": acc.id,
        "name": acc.name,
        "website": acc.website,
        "domains": ";".join(acc.domains),
        "phone": acc.phone,
        "street": acc.street,
        "city": acc.city,
        "state": acc.state,
        "postal_code": acc.postal_code,
        "country": acc.country,
        "parent_id": acc.parent_id,
        "owner": acc.owner,
        "sdr_owner": acc.sdr_owner,
        "type": acc.type,
        "extra": {k: v for k, v in acc.extra.items() if v != ""},
    }


_LEAD_KNOWN = frozenset(LEAD_FIELDS) | {"lead_source", "status", "created_at", "created_date"}


def lead_row(raw: Row) -> Row:
    """leads.csv -> leads (source, CRM status and creation time in their own columns)."""
    get = raw.get
    row: Row = {name: get(name, "") for name in LEAD_FIELDS}
    row["lead_source"] = get("lead_source", "")
    row["crm_status"] = get("status", "")
    row["created_at"] = parse_datetime(raw, "created_at", "created_date")
    row["extra"] = {k: v for k, v in raw.items() if k not in _LEAD_KNOWN and v != ""}
    return row


_CONTACT = {"id", "account_id", "first_name", "last_name", "email", "title", "phone", "status"}


def contact_row(raw: Row) -> Row:
    """contacts.csv -> contacts (the CRM's status is kept as `crm_status`)."""
    email = raw.get("email", "")
    return {
        "id": raw["id"],
        "account_id": raw.get("account_id", ""),
        "first_name": raw.get("first_name", ""),
        "last_name": raw.get("last_name", ""),
        "email": email,
        "email_key": email.strip().lower(),
        "title": raw.get("title", ""),
        "phone": raw.get("phone", ""),
        "crm_status": raw.get("status", ""),
        "created_at": parse_datetime(raw, "created_at", "created_date"),
        "extra": _rest(raw, _CONTACT | {"created_at", "created_date"}),
    }


def opportunity_row(raw: Row) -> Row:
    """opportunities.csv -> opportunities (stage, amount, open/closed, won, close date, type)."""
    stage = raw.get("stage", "")
    closed_default = stage.lower().startswith("closed")
    return {
        "id": raw["id"],
        "account_id": raw.get("account_id", ""),
        "name": raw.get("name", ""),
        "stage": stage,
        "amount": parse_float(raw, "amount"),
        "is_closed": parse_bool(raw, "is_closed", closed_default),
        "is_won": parse_bool(raw, "is_won", stage.lower() == "closed won"),
        "primary_contact_id": raw.get("primary_contact_id", ""),
        "close_date": parse_date(raw, "close_date"),
        "type": raw.get("type", ""),
        "owner": raw.get("owner", ""),
        "created_at": parse_datetime(raw, "created_at", "created_date"),
    }


def contract_row(raw: Row) -> Row:
    """contracts.csv -> contracts (`active` column, else a Salesforce status such as Activated)."""
    if raw.get("active", "") != "":
        active = parse_bool(raw, "active")
    else:
        active = str(raw.get("status", "")).strip().lower() in ("activated", "active")
    return {
        "id": raw["id"],
        "account_id": raw.get("account_id", ""),
        "start_date": parse_date(raw, "start_date"),
        "end_date": parse_date(raw, "end_date"),
        "active": active,
    }


def _person(raw: Row) -> tuple[str, str]:
    """(person id, 'lead'|'contact') from person_id/person_type or lead_id/contact_id columns."""
    if raw.get("person_id"):
        kind = (raw.get("person_type") or "lead").strip().lower()
        if kind not in ("lead", "contact"):
            raise BadValue("person_type", "person_type: expected lead or contact")
        return raw["person_id"], kind
    if raw.get("contact_id"):
        return raw["contact_id"], "contact"
    if raw.get("lead_id"):
        return raw["lead_id"], "lead"
    raise BadValue("person_id", "person_id: empty (no lead or contact)")


def activity_row(raw: Row) -> Row:
    """activities.csv -> activities (an engagement event of a lead or a contact)."""
    person_id, person_type = _person(raw)
    return {
        "id": raw["id"],
        "person_id": person_id,
        "person_type": person_type,
        "type": raw.get("type", ""),
        "occurred_at": parse_datetime(raw, "occurred_at", "date", "created_date"),
        "campaign_id": raw.get("campaign_id", ""),
        "detail": raw.get("detail", "") or raw.get("subject", ""),
    }


def campaign_member_row(raw: Row) -> Row:
    """campaign_members.csv -> campaign_members (+ `campaign_name` for the campaigns table)."""
    person_id, person_type = _person(raw)
    if not raw.get("campaign_id"):
        raise BadValue("campaign_id", "campaign_id: empty")
    return {
        "campaign_id": raw["campaign_id"],
        "campaign_name": raw.get("campaign_name", ""),
        "person_id": person_id,
        "person_type": person_type,
        "status": raw.get("status", ""),
        "responded_at": parse_datetime(raw, "responded_at", "responded_date"),
    }


def user_row(raw: Row) -> Row:
    """users.csv -> users (AE, SDR or manager; team, territory, active)."""
    name = raw.get("name", "") or " ".join(
        p for p in (raw.get("first_name", ""), raw.get("last_name", "")) if p
    )
    return {
        "id": raw["id"],
        "name": name,
        "email": raw.get("email", ""),
        "role": raw.get("role", ""),
        "team": raw.get("team", ""),
        "territory": raw.get("territory", "") or raw.get("region", ""),
        "active": parse_bool(raw, "active", True),
        "timezone": raw.get("timezone", ""),
        "manager_id": raw.get("manager_id", ""),
    }


CONVERTERS: dict[str, Callable[[Row], Row]] = {
    "accounts": account_row,
    "leads": lead_row,
    "contacts": contact_row,
    "opportunities": opportunity_row,
    "contracts": contract_row,
    "activities": activity_row,
    "campaign_members": campaign_member_row,
    "users": user_row,
}

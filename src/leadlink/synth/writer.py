"""CSV output in the canonical contract: UTF-8, a header row, the csv module's RFC 4180 quoting."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from leadlink.records import ACCOUNT_FIELDS, LEAD_FIELDS
from leadlink.synth.geo import format_phone
from leadlink.synth.model import AccountRec

ACCOUNT_COLUMNS: tuple[str, ...] = (
    *ACCOUNT_FIELDS,
    "industry",
    "employees",
    "annual_revenue",
    "created_date",
)
LEAD_COLUMNS: tuple[str, ...] = (*LEAD_FIELDS, "lead_source", "status", "created_at")
TRUTH_COLUMNS: tuple[str, ...] = ("lead_id", "account_id")


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """Write a whole file (header, then rows) and return the number of data rows."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def account_row(a: AccountRec, accounts: Sequence[AccountRec]) -> list[str]:
    """The accounts.csv row of one account."""
    org, city = a.org, a.org.city
    phone = ""
    if a.phone_digits:
        phone = format_phone(city.country, city.area, a.phone_digits, a.phone_style)
    employees = "" if a.idx % 19 == 7 else str(a.employees)
    revenue = "" if a.idx % 11 == 5 else str(a.revenue)
    return [
        a.id,
        org.name,
        a.website,
        ";".join(org.extra_domains),
        phone,
        a.street,
        city.name,
        city.state,
        a.postal_code,
        a.country_text,
        accounts[a.parent].id if a.parent >= 0 else "",
        a.owner,
        a.sdr_owner,
        a.type,
        org.industry,
        employees,
        revenue,
        a.created.isoformat(),
    ]

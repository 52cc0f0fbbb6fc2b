"""Small CRM files for the store, pipeline and lifecycle tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path


def write(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write a CSV file and return its path."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


ACCOUNT_HEADER = [
    "id",
    "name",
    "website",
    "domains",
    "phone",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
    "parent_id",
    "owner",
    "sdr_owner",
    "type",
    "industry",
    "employees",
    "annual_revenue",
]
LEAD_HEADER = [
    "id",
    "first_name",
    "last_name",
    "title",
    "email",
    "company",
    "website",
    "phone",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
    "lead_source",
    "status",
    "created_at",
]


def accounts(path: Path, n: int = 3) -> Path:
    """n accounts A1..An: A1 is a customer with owner U1 and SDR U2."""
    rows = []
    for i in range(1, n + 1):
        kind = "Customer" if i == 1 else "Prospect"
        rows.append(
            [f"A{i}", f"Company {i}", f"company{i}.com", "", "", "1 Main St", f"City{i}", "",
             "", "US", "", f"U{i}", "U2" if i == 1 else "", kind, f"Industry{i}", str(10 * i),
             ""]
        )  # fmt: skip
    return write(path, ACCOUNT_HEADER, rows)


def leads(path: Path, n: int = 5, *, company: str = "Company 1") -> Path:
    """n leads L1..Ln at `company` with work e-mails, no city."""
    rows = [
        [f"L{i}", f"First{i}", f"Last{i}", "VP", f"p{i}@company1.com", company, "", "", "", "",
         "", "", "US", "Web", "Open", "2024-05-01T10:00:00Z"]
        for i in range(1, n + 1)
    ]  # fmt: skip
    return write(path, LEAD_HEADER, rows)

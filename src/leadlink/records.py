"""Plain records shared by every capability: the canonical account and lead of the CSV contract.

They are pure data (no database, no I/O) so that matching, generation, storage and the API can
all pass the same objects around.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACCOUNT_FIELDS: tuple[str, ...] = (
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
)
LEAD_FIELDS: tuple[str, ...] = (
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
)
MATCH_FIELDS: tuple[str, ...] = ("lead_id", "account_id", "decision", "confidence", "reason")


@dataclass(slots=True)
class Account:
    """An account (a company we sell to) as the CRM holds it; `extra` keeps firmographics."""

    id: str
    name: str = ""
    website: str = ""
    domains: list[str] = field(default_factory=list)
    phone: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    parent_id: str = ""
    owner: str = ""
    sdr_owner: str = ""
    type: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Lead:
    """A lead (a person who filled in a form) with the company details they typed."""

    id: str
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    email: str = ""
    company: str = ""
    website: str = ""
    phone: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    extra: dict[str, str] = field(default_factory=dict)

"""Canonical CSV columns per kind of file, and the CRM header variants read as them.

CRM exports name the same column differently ("BillingCity", "City", "billing_city"); mapping
them once per file to the canonical names of the CSV contract lets every batch entry point read
any of them. Header matching ignores case, spaces, underscores and hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from leadlink.records import ACCOUNT_FIELDS, LEAD_FIELDS, MATCH_FIELDS

KINDS: tuple[str, ...] = (
    "accounts",
    "leads",
    "contacts",
    "opportunities",
    "contracts",
    "activities",
    "campaign_members",
    "users",
    "truth",
    "matches",
)

CANONICAL: dict[str, tuple[str, ...]] = {
    "accounts": (*ACCOUNT_FIELDS, "industry", "employees", "annual_revenue", "created_date"),
    "leads": (*LEAD_FIELDS, "mobile_phone", "owner", "lead_source", "status", "created_at"),
    "contacts": (
        "id",
        "account_id",
        "first_name",
        "last_name",
        "title",
        "email",
        "company",
        "phone",
        "mobile_phone",
        "street",
        "city",
        "state",
        "postal_code",
        "country",
        "owner",
        "lead_source",
        "status",
        "created_at",
    ),
    "opportunities": (
        "id",
        "account_id",
        "name",
        "stage",
        "amount",
        "currency",
        "is_closed",
        "is_won",
        "close_date",
        "probability",
        "type",
        "lead_source",
        "primary_contact_id",
        "owner",
        "created_at",
    ),
    "contracts": (
        "id",
        "account_id",
        "contract_number",
        "status",
        "start_date",
        "end_date",
        "term_months",
        "amount",
        "active",
        "owner",
        "created_date",
    ),
    "activities": (
        "id",
        "person_id",
        "person_type",
        "lead_id",
        "contact_id",
        "account_id",
        "related_id",
        "type",
        "occurred_at",
        "campaign_id",
        "subject",
        "detail",
        "owner",
        "created_date",
    ),
    "campaign_members": (
        "id",
        "campaign_id",
        "campaign_name",
        "person_id",
        "person_type",
        "lead_id",
        "contact_id",
        "email",
        "status",
        "responded",
        "responded_at",
        "created_date",
    ),
    "users": (
        "id",
        "name",
        "first_name",
        "last_name",
        "email",
        "title",
        "role",
        "team",
        "territory",
        "country",
        "manager_id",
        "active",
        "timezone",
    ),
    "truth": ("lead_id", "account_id"),
    "matches": MATCH_FIELDS,
}

#: The column that must be filled and unique in each row (None: rows have no id of their own).
ID_COLUMN: dict[str, str | None] = dict.fromkeys(KINDS, "id")
ID_COLUMN |= {"truth": "lead_id", "matches": "lead_id", "campaign_members": None}

REQUIRED: dict[str, tuple[str, ...]] = {kind: ("id",) for kind in KINDS} | {
    "truth": ("lead_id", "account_id"),
    "matches": ("lead_id", "decision"),
    "campaign_members": ("campaign_id",),
}

#: Canonical columns whose several source columns are joined with ';' instead of kept apart.
MERGE_COLUMNS: frozenset[str] = frozenset({"domains"})

_ADDRESS = {
    "street": ["Street", "Street Address", "Address", "Address 1"],
    "city": ["City", "Town"],
    "state": ["State", "State/Region", "Region", "Province"],
    "postal_code": ["PostalCode", "Postal Code", "Zip", "ZIP Code", "Postcode"],
    "country": ["Country", "Country/Region", "Country Code"],
}
_PERSON = {
    "first_name": ["FirstName", "First Name", "Given Name"],
    "last_name": ["LastName", "Last Name", "Surname", "Family Name"],
    "email": ["Email", "Email Address", "E-mail"],
    "title": ["Title", "Job Title"],
    "phone": ["Phone", "Phone Number", "Telephone"],
    "mobile_phone": ["MobilePhone", "Mobile Phone Number", "Mobile"],
    "company": ["Company", "Company Name", "Organization", "Organisation"],
    "owner": ["OwnerId", "Owner", "Contact owner", "Lead owner"],
    "lead_source": ["LeadSource", "Lead Source", "Original Source"],
    "status": ["Status", "Lead Status"],
    "created_at": ["CreatedDate", "Create Date", "Created Date"],
    **_ADDRESS,
}
_ID = ["Id", "Record ID", "ID", "Object ID"]

_VARIANTS: dict[str, dict[str, list[str]]] = {
    "accounts": {
        "id": [*_ID, "Account ID", "Company ID"],
        "name": ["Name", "Account Name", "Company name", "Company"],
        "website": ["Website", "Website URL", "URL", "Web Site"],
        "domains": ["Company Domain Name", "Domain", "Domains", "Additional Domains"],
        "phone": ["Phone", "Phone Number", "Telephone"],
        "street": ["BillingStreet", "Billing Street", "Street Address", "Street", "Address"],
        "city": ["BillingCity", "Billing City", "City"],
        "state": ["BillingState", "Billing State", "State/Region", "State", "Region"],
        "postal_code": ["BillingPostalCode", "Billing Postal Code", "Postal Code", "Zip"],
        "country": ["BillingCountry", "Billing Country", "Country/Region", "Country"],
        "parent_id": ["ParentId", "Parent Account ID", "Parent Company", "Parent Company ID"],
        "owner": ["OwnerId", "Owner", "Account Owner", "Company owner"],
        "sdr_owner": ["SDR Owner", "SDR", "SDR_Owner__c", "SDROwnerId"],
        "type": ["Type", "Account Type"],
        "industry": ["Industry"],
        "employees": ["NumberOfEmployees", "Number of Employees", "Employees"],
        "annual_revenue": ["AnnualRevenue", "Annual Revenue", "Revenue"],
        "created_date": ["CreatedDate", "Create Date", "Created Date"],
    },
    "leads": {
        "id": [*_ID, "Lead ID", "Contact ID"],
        "website": ["Website", "Website URL", "URL"],
        **_PERSON,
    },
    "contacts": {
        "id": [*_ID, "Contact ID"],
        "account_id": ["AccountId", "Account ID", "Associated Company ID", "Company ID"],
        **_PERSON,
        "street": ["MailingStreet", "Mailing Street", *_ADDRESS["street"]],
        "city": ["MailingCity", "Mailing City", *_ADDRESS["city"]],
        "state": ["MailingState", "Mailing State", *_ADDRESS["state"]],
        "postal_code": ["MailingPostalCode", "Mailing Postal Code", *_ADDRESS["postal_code"]],
        "country": ["MailingCountry", "Mailing Country", *_ADDRESS["country"]],
    },
    "opportunities": {
        "id": [*_ID, "Opportunity ID", "Deal ID"],
        "account_id": ["AccountId", "Account ID", "Associated Company ID", "Company ID"],
        "name": ["Name", "Opportunity Name", "Deal Name"],
        "stage": ["StageName", "Stage", "Deal Stage"],
        "amount": ["Amount"],
        "currency": ["CurrencyIsoCode", "Currency"],
        "is_closed": ["IsClosed", "Is Closed", "Is Deal Closed?"],
        "is_won": ["IsWon", "Is Won", "Is Closed Won"],
        "close_date": ["CloseDate", "Close Date"],
        "probability": ["Probability", "Deal probability"],
        "type": ["Type", "Deal Type"],
        "lead_source": ["LeadSource", "Lead Source"],
        "primary_contact_id": ["ContactId", "Contact ID", "Primary Contact ID"],
        "owner": ["OwnerId", "Owner", "Deal owner", "Opportunity Owner"],
        "created_at": ["CreatedDate", "Create Date", "Created Date"],
    },
    "contracts": {
        "id": [*_ID, "Contract ID"],
        "account_id": ["AccountId", "Account ID", "Associated Company ID"],
        "contract_number": ["ContractNumber", "Contract Number"],
        "status": ["Status"],
        "start_date": ["StartDate", "Start Date"],
        "end_date": ["EndDate", "End Date"],
        "term_months": ["ContractTerm", "Contract Term", "Term"],
        "amount": ["Amount", "Contract Value", "ARR"],
        "active": ["IsActive", "Is Active", "Active"],
        "owner": ["OwnerId", "Owner", "Contract owner"],
        "created_date": ["CreatedDate", "Create Date", "Created Date"],
    },
    "activities": {
        "id": [*_ID, "Activity ID", "Engagement ID", "Task ID"],
        "person_id": ["WhoId", "Who ID", "Person ID"],
        "lead_id": ["LeadId", "Lead ID"],
        "contact_id": ["ContactId", "Contact ID", "Associated Contact ID"],
        "account_id": ["AccountId", "Account ID", "Associated Company ID"],
        "related_id": ["WhatId", "What ID", "Related To"],
        "person_type": ["Person Type", "WhoType", "Who Type"],
        "type": ["Type", "TaskSubtype", "Activity type", "Engagement type"],
        "occurred_at": ["ActivityDate", "Activity date", "Date", "Occurred At", "Timestamp"],
        "campaign_id": ["CampaignId", "Campaign ID"],
        "subject": ["Subject", "Activity Subject"],
        "detail": ["Description", "Details", "Body"],
        "owner": ["OwnerId", "Owner", "Activity assigned to"],
        "created_date": ["CreatedDate", "Create Date", "Created Date"],
    },
    "campaign_members": {
        "id": [*_ID, "Campaign Member ID"],
        "campaign_id": ["CampaignId", "Campaign ID"],
        "campaign_name": ["Campaign Name", "Campaign"],
        "person_id": ["Person ID", "WhoId"],
        "person_type": ["Person Type", "Type"],
        "lead_id": ["LeadId", "Lead ID"],
        "contact_id": ["ContactId", "Contact ID"],
        "email": ["Email", "Email Address"],
        "status": ["Status", "Member Status"],
        "responded": ["HasResponded", "Has Responded", "Responded"],
        "responded_at": ["FirstRespondedDate", "First Responded Date", "Responded Date"],
        "created_date": ["CreatedDate", "Create Date", "Created Date"],
    },
    "users": {
        "id": [*_ID, "User ID"],
        "name": ["Name", "Full Name"],
        "first_name": ["FirstName", "First Name"],
        "last_name": ["LastName", "Last Name"],
        "email": ["Email", "Email Address"],
        "title": ["Title", "Job Title"],
        "role": ["UserRoleId", "Role", "User Role"],
        "team": ["Team", "Department", "Primary Team"],
        "territory": ["Territory", "Region", "Sales Territory"],
        "country": ["Country", "Country/Region"],
        "manager_id": ["ManagerId", "Manager ID", "Manager"],
        "active": ["IsActive", "Active", "Is Active"],
        "timezone": ["TimeZoneSidKey", "Time Zone", "Timezone"],
    },
    "truth": {
        "lead_id": ["LeadId", "Lead ID", "Lead"],
        "account_id": ["AccountId", "Account ID", "Account", "True Account ID"],
    },
    "matches": {
        "lead_id": ["LeadId", "Lead ID", "Lead"],
        "account_id": ["AccountId", "Account ID", "Account", "Matched Account ID"],
        "decision": ["Decision"],
        "confidence": ["Confidence", "Score", "Probability"],
        "reason": ["Reason", "Explanation"],
    },
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(name: str) -> str:
    """The matching key of a header: lower case without spaces, underscores or hyphens."""
    return "".join(ch for ch in name.strip().lstrip("\ufeff").lower() if ch not in " _-\t")


def snake_case(name: str) -> str:
    """Unknown header -> column name: `"NumberOfEmployees"` -> `"number_of_employees"`."""
    text = _CAMEL.sub("_", name.strip().lstrip("\ufeff")).lower()
    return _NON_WORD.sub("_", text).strip("_")


def _build_aliases() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        keys: dict[str, str] = {}
        for column in CANONICAL[kind]:
            keys.setdefault(header_key(column), column)
        for column, variants in _VARIANTS.get(kind, {}).items():
            for variant in variants:
                keys.setdefault(header_key(variant), column)
        table[kind] = keys
    return table


#: kind -> {header key: canonical column}
ALIASES: dict[str, dict[str, str]] = _build_aliases()


def variants(kind: str, column: str) -> list[str]:
    """The header spellings read as `column` in files of `kind` (for error messages and docs)."""
    return [column, *(v for v in _VARIANTS.get(kind, {}).get(column, []) if v != column)]


def map_header(kind: str, header: Sequence[str]) -> list[str]:
    """Canonical (or snake_cased unknown) name for each header cell, in order.

    A second column that maps to a name already taken keeps its own snake_cased name (suffixed
    with _2, _3 ... if that is taken too), except MERGE_COLUMNS, which may repeat and are joined.
    """
    if kind not in ALIASES:
        raise ValueError(f"unknown kind of file {kind!r}; expected one of {', '.join(KINDS)}")
    aliases = ALIASES[kind]
    names: list[str] = []
    taken: set[str] = set()
    for position, raw in enumerate(header, start=1):
        name = aliases.get(header_key(raw)) or snake_case(raw) or f"column_{position}"
        if name in taken and name not in MERGE_COLUMNS:
            base = snake_case(raw) or f"column_{position}"
            name, suffix = base, 2
            while name in taken:
                name, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(name)
        names.append(name)
    return names

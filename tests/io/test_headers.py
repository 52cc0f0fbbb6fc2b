"""Header mapping: Salesforce and HubSpot exports read as the canonical columns."""

from __future__ import annotations

import pytest

from leadlink.io.headers import ALIASES, CANONICAL, KINDS, header_key, map_header, snake_case

SF_ACCOUNT = (
    "Id,Name,Website,Phone,BillingStreet,BillingCity,BillingState,BillingPostalCode,"
    "BillingCountry,ParentId,OwnerId,Type,Industry,NumberOfEmployees,AnnualRevenue,CreatedDate"
)
HS_COMPANY = [
    "Record ID",
    "Company name",
    "Company Domain Name",
    "Website URL",
    "Phone Number",
    "Street Address",
    "City",
    "State/Region",
    "Postal Code",
    "Country/Region",
    "Parent Company",
    "Company owner",
    "Industry",
    "Number of Employees",
    "Annual Revenue",
]


def test_salesforce_account_headers_map_to_canonical() -> None:
    names = map_header("accounts", SF_ACCOUNT.split(","))
    assert names == [
        "id",
        "name",
        "website",
        "phone",
        "street",
        "city",
        "state",
        "postal_code",
        "country",
        "parent_id",
        "owner",
        "type",
        "industry",
        "employees",
        "annual_revenue",
        "created_date",
    ]


def test_hubspot_company_headers_map_to_canonical() -> None:
    assert map_header("accounts", HS_COMPANY) == [
        "id",
        "name",
        "domains",
        "website",
        "phone",
        "street",
        "city",
        "state",
        "postal_code",
        "country",
        "parent_id",
        "owner",
        "industry",
        "employees",
        "annual_revenue",
    ]


def test_salesforce_and_hubspot_lead_headers() -> None:
    sf = "Id,FirstName,LastName,Email,Company,Website,Phone,Title,Street,City,State,PostalCode,"
    sf += "Country,LeadSource,Status,CreatedDate"
    assert map_header("leads", sf.split(",")) == [
        "id",
        "first_name",
        "last_name",
        "email",
        "company",
        "website",
        "phone",
        "title",
        "street",
        "city",
        "state",
        "postal_code",
        "country",
        "lead_source",
        "status",
        "created_at",
    ]
    hs = ["Record ID", "Email", "First Name", "Last Name", "Company Name", "Job Title"]
    hs.append("Phone Number")
    assert map_header("leads", hs) == [
        "id",
        "email",
        "first_name",
        "last_name",
        "company",
        "title",
        "phone",
    ]


def test_contact_and_opportunity_headers() -> None:
    assert map_header("contacts", ["Id", "AccountId", "MailingCity", "Email"]) == [
        "id",
        "account_id",
        "city",
        "email",
    ]
    opp = ["Id", "AccountId", "StageName", "Amount", "IsClosed", "IsWon", "CloseDate"]
    assert map_header("opportunities", opp) == [
        "id",
        "account_id",
        "stage",
        "amount",
        "is_closed",
        "is_won",
        "close_date",
    ]


@pytest.mark.parametrize("variant", ["postal_code", "Postal Code", "POSTAL-CODE", " postalcode "])
def test_matching_ignores_case_space_underscore(variant: str) -> None:
    assert map_header("leads", ["id", variant]) == ["id", "postal_code"]


def test_unknown_columns_are_snake_cased_and_kept() -> None:
    names = map_header("leads", ["Id", "Lifecycle Stage", "Custom_Score__c", "NumberOfVisits", ""])
    assert names == ["id", "lifecycle_stage", "custom_score_c", "number_of_visits", "column_5"]


def test_second_column_for_a_taken_name_keeps_its_own_name() -> None:
    assert map_header("accounts", ["Id", "Name", "Account Name", "name"]) == [
        "id",
        "name",
        "account_name",
        "name_2",
    ]


def test_domain_columns_may_repeat_to_be_merged() -> None:
    names = map_header("accounts", ["Id", "Company Domain Name", "Additional Domains"])
    assert names == ["id", "domains", "domains"]


def test_every_kind_maps_its_own_canonical_columns() -> None:
    for kind in KINDS:
        assert map_header(kind, list(CANONICAL[kind])) == list(CANONICAL[kind])
        assert all(header_key(k) == k for k in ALIASES[kind])


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        map_header("widgets", ["id"])


def test_snake_case() -> None:
    assert snake_case("State/Region") == "state_region"
    assert snake_case("\ufeffHasOptedOutOfEmail") == "has_opted_out_of_email"

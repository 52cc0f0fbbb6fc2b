"""Duplicate accounts tie-break by the configured rules; hierarchies pick the specific account."""

from __future__ import annotations

from leadlink.matching import MATCHED, Matcher
from leadlink.records import Account, Lead


def test_duplicates_pick_the_customer_then_the_oldest() -> None:
    accounts = [
        Account(
            "D2",
            "Zenith Labs",
            "zenithlabs.com",
            type="Prospect",
            extra={"created_date": "2019-01-01"},
        ),
        Account(
            "D1",
            "Zenith Labs Inc",
            "https://www.zenithlabs.com",
            type="Customer",
            extra={"created_date": "2021-01-01"},
        ),
        Account(
            "D3",
            "Zenith Labs",
            "zenithlabs.com",
            type="Prospect",
            extra={"created_date": "2018-01-01"},
        ),
    ]
    result = Matcher.build(accounts).match(Lead("L", email="a@zenithlabs.com"))
    assert (result.decision, result.account_id) == (MATCHED, "D1")
    assert "customer" in result.reason
    no_customer = Matcher.build([accounts[0], accounts[2]])
    assert no_customer.match(Lead("L", email="a@zenithlabs.com")).account_id == "D3"


def test_tie_breakers_are_configurable() -> None:
    from leadlink.matching.settings import load_settings

    settings = load_settings().model_copy(update={"tie_breakers": ("oldest",)})
    accounts = [
        Account(
            "N",
            "Zenith Labs",
            "zenithlabs.com",
            type="Customer",
            extra={"created_date": "2022-01-01"},
        ),
        Account(
            "O",
            "Zenith Labs",
            "zenithlabs.com",
            type="Prospect",
            extra={"created_date": "2010-01-01"},
        ),
    ]
    result = Matcher.build(accounts, settings).match(Lead("L", email="a@zenithlabs.com"))
    assert result.account_id == "O"


def test_child_on_own_country_domain_without_lead_country() -> None:
    accounts = [
        Account("P", "Globex Corporation", "globex.com", country="US"),
        Account("C", "Globex France SAS", "globex.fr", country="FR", parent_id="P"),
    ]
    matcher = Matcher.build(accounts)
    assert matcher.match(Lead("L", email="a@globex.fr")).account_id == "C"
    assert matcher.match(Lead("L", email="a@globex.com")).account_id == "P"
    assert matcher.match(Lead("L", email="a@globex.com", country="France")).account_id == "C"

"""Territories: nesting (the most specific wins), postal ranges, bands, the lead's own fields."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from leadlink.routing import (
    AccountFacts,
    LeadFacts,
    MatchFacts,
    RoutingContext,
    Territory,
    TerritoryTree,
)

TREE = TerritoryTree(
    [
        Territory.model_validate(
            {
                "id": "emea",
                "countries": ["DE", "AT", "CH", "FR"],
                "pool": "emea-pool",
                "children": [
                    {
                        "id": "dach",
                        "countries": ["DE", "AT", "CH"],
                        "children": [
                            {"id": "bavaria", "postal_codes": ["80000-87999", "90", "91"]},
                            {"id": "dach-big", "employees": [1000, None], "owner": "ae-big"},
                        ],
                    },
                    {"id": "fr-tech", "countries": ["FR"], "industries": ["Software"]},
                ],
            }
        ),
        Territory(
            id="us",
            countries=["US"],
            queue="US desk",
            children=[
                Territory(id="us-west", states=["CA", "WA"]),
            ],
        ),
    ]
)


def _ctx(lead: dict[str, Any], account: dict[str, Any] | None = None) -> RoutingContext:
    acc = AccountFacts(id="A1", **account) if account is not None else None
    match = MatchFacts("matched", "A1", 0.9) if acc else MatchFacts()
    return RoutingContext(lead=LeadFacts(id="L1", **lead), match=match, account=acc)


@pytest.mark.parametrize(
    ("lead", "account", "path"),
    [
        ({"country": "DE", "postal_code": "80331"}, None, ("emea", "dach", "bavaria")),
        ({"country": "Germany", "postal_code": "91054"}, None, ("emea", "dach", "bavaria")),
        ({"country": "DE", "postal_code": "10115"}, None, ("emea", "dach")),
        ({"country": "AT", "employees": 5000}, None, ("emea", "dach", "dach-big")),
        ({"country": "FR", "industry": "software"}, None, ("emea", "fr-tech")),
        ({"country": "FR", "industry": "Retail"}, None, ("emea",)),
        ({"country": "US", "state": "CA"}, None, ("us", "us-west")),
        ({"country": "JP"}, None, ()),
        # a matched lead is placed by its account, whatever the lead typed
        ({"country": "JP"}, {"country": "DE", "postal_code": "80999"}, ("emea", "dach", "bavaria")),
        # ... falling back to the lead's own field where the account has none
        ({"country": "US", "state": "WA"}, {"country": "US"}, ("us", "us-west")),
    ],
)
def test_most_specific_territory_wins(
    lead: dict[str, Any], account: dict[str, Any] | None, path: tuple[str, ...]
) -> None:
    assert TREE.resolve(_ctx(lead, account)) == path


def test_assignee_is_the_nearest_territory_with_someone_assigned() -> None:
    assert TREE.assignee(("emea", "dach", "bavaria")) is TREE.by_id["emea"]
    assert TREE.assignee(("emea", "dach", "dach-big")) is TREE.by_id["dach-big"]
    assert TREE.assignee(()) is None
    assert TREE.label(("emea", "dach")) == "emea > dach"


def test_review_decision_routes_by_the_leads_own_fields() -> None:
    ctx = RoutingContext(
        lead=LeadFacts(id="L1", country="US", state="CA"),
        match=MatchFacts("review", "A1", 0.5),
        account=AccountFacts(id="A1", country="DE"),
    )
    assert TREE.resolve(ctx) == ("us", "us-west")


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "x", "postal_codes": ["9000-100"]},
        {"id": "x", "owner": "a", "queue": "b"},
        {"id": "x", "colour": "red"},
    ],
)
def test_invalid_territories_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Territory.model_validate(bad)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        TerritoryTree([Territory(id="a", children=[Territory(id="a")])])


def test_regional_account_is_the_one_in_the_leads_country() -> None:
    from leadlink.routing import regional_account

    top = AccountFacts(id="T", country="United States")
    de = AccountFacts(id="D", country="DE", parent_id="T")
    fr = AccountFacts(id="F", country="France", parent_id="T")
    assert regional_account([top, de, fr], "Germany", top) is de
    assert regional_account([top, de, fr], "fr", de) is fr
    assert regional_account([top, de, fr], "US", de) is top
    assert regional_account([top, de, fr], "JP", de) is None
    assert regional_account([top, de, fr], "", de) is None

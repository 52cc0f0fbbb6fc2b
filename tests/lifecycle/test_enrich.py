"""A2L enrichment: configured fields, the lead's own values kept unless overwrite, facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.config import ConfigError
from leadlink.lifecycle.enrich import (
    EnrichConfig,
    account_facts,
    enrich,
    is_customer,
    load_enrich_config,
    open_opportunity,
    values_hash,
)

ACCOUNT = {
    "id": "A1",
    "name": "Acme",
    "owner": "U1",
    "sdr_owner": "U2",
    "type": "Prospect",
    "city": "Berlin",
    "country": "DE",
    "extra": {"industry": "Software", "employees": 120},
}


def test_the_shipped_fields_cover_what_a_rep_needs() -> None:
    names = set(load_enrich_config().names)
    assert {"account_id", "account_name", "account_owner", "sdr_owner", "account_type",
            "has_open_opportunity", "open_opportunity_stage", "open_opportunity_owner",
            "is_customer", "industry", "city", "country"} <= names  # fmt: skip


def test_facts_pick_the_open_opportunity_closing_next_and_the_customer_flag() -> None:
    opps = [
        {"id": "O1", "is_closed": True, "is_won": False, "stage": "Closed Lost"},
        {"id": "O2", "is_closed": False, "stage": "Proposal", "owner": "U9",
         "close_date": date(2031, 1, 1)},
        {"id": "O3", "is_closed": False, "stage": "Discovery", "owner": "U8",
         "close_date": date(2030, 6, 1)},
    ]  # fmt: skip
    facts = account_facts(ACCOUNT, opps, [], {"U1": "Ann Rep"})
    assert facts["opportunity.id"] == "O3" and facts["opportunity.stage"] == "Discovery"
    assert facts["opportunity.open"] == "true" and facts["opportunity.open_count"] == "2"
    assert facts["account.is_customer"] == "false" and facts["account.owner_name"] == "Ann Rep"
    assert facts["account.extra.employees"] == "120"
    assert is_customer(ACCOUNT, [{"is_won": True}], [])
    assert is_customer(ACCOUNT, [], [{"active": True}])
    assert is_customer({**ACCOUNT, "type": "customer"}, [], [])
    assert open_opportunity(opps[:1]) is None


def test_the_leads_own_values_are_kept_unless_overwrite() -> None:
    facts = account_facts(ACCOUNT)
    lead = {"city": "Munich", "country": "", "industry": ""}
    keep = enrich(lead, facts, load_enrich_config())
    assert (keep["city"], keep["country"], keep["industry"]) == ("Munich", "DE", "Software")
    assert keep["account_name"] == "Acme" and keep["account_owner"] == "U1"
    config = load_enrich_config().model_copy(update={"overwrite_lead_values": True})
    assert enrich(lead, facts, config)["city"] == "Berlin"


def test_an_unlinked_lead_gets_empty_fields_but_keeps_its_own() -> None:
    out = enrich({"city": "Rome"}, None, load_enrich_config())
    assert out["account_id"] == "" and out["city"] == "Rome"


def test_configuration_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / "f.yaml"
    bad.write_text("fields:\n  - {name: x, source: account.nonsense}\n")
    with pytest.raises(ConfigError, match=r"(?s)f\.yaml: invalid enrichment fields.*nonsense"):
        load_enrich_config(bad)
    good = tmp_path / "g.yaml"
    good.write_text("fields:\n  - {name: x, source: account.extra.segment}\n")
    config = load_enrich_config(good)
    assert enrich({}, {"account.extra.segment": "SMB"}, config) == {"x": "SMB"}
    assert config.version != load_enrich_config().version


@given(st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=6))
def test_values_hash_ignores_key_order(values: dict[str, str]) -> None:
    reordered = dict(reversed(list(values.items())))
    assert values_hash(values) == values_hash(reordered)


@given(st.text(max_size=8), st.text(max_size=8), st.booleans())
def test_a_non_empty_own_value_survives_without_overwrite(
    own: str, theirs: str, flag: bool
) -> None:
    config = EnrichConfig.model_validate(
        {"fields": [{"name": "city", "source": "account.city", "lead_field": "city"}],
         "overwrite_lead_values": flag}
    )  # fmt: skip
    out = enrich({"city": own}, {"account.city": theirs}, config)["city"]
    if own.strip() and not (flag and theirs):
        assert out == own.strip()
    else:
        assert out == theirs

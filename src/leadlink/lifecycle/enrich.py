"""Account-to-lead enrichment (A2L): what a linked lead's rep needs, from its account.

Pure domain logic: the pipeline gathers an account's row, opportunities and contracts into a flat
map of facts, and `enrich` picks the configured fields from it. The lead's own values are never
overwritten unless the configuration says so. The fields are data (enrich_fields.yaml).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from leadlink.config import load_yaml_model

DEFAULT_PATH = Path(__file__).with_name("enrich_fields.yaml")
ACCOUNT_COLUMNS = (
    "id", "name", "website", "phone", "street", "city", "state", "postal_code", "country",
    "parent_id", "owner", "sdr_owner", "type", "owner_name", "sdr_owner_name", "is_customer",
)  # fmt: skip
OPPORTUNITY_FACTS = ("open", "open_count", "id", "name", "stage", "owner", "amount", "close_date")
SOURCES = frozenset(
    [f"account.{c}" for c in ACCOUNT_COLUMNS] + [f"opportunity.{c}" for c in OPPORTUNITY_FACTS]
)


class EnrichField(BaseModel):
    """One enriched field: its name, where it comes from and the lead field it may fill."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    source: str
    label: str = ""
    lead_field: str | None = None
    overwrite: bool | None = None  # None: use the configuration's overwrite_lead_values

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str) -> str:
        if value in SOURCES or (value.startswith("account.extra.") and len(value) > 14):
            return value
        raise ValueError(f"unknown source {value!r}; expected one of {sorted(SOURCES)}")


class EnrichConfig(BaseModel):
    """The enrichment settings: the fields and whether the lead's own values may be replaced."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    overwrite_lead_values: bool = False
    fields: tuple[EnrichField, ...]

    @property
    def version(self) -> str:
        """A hash of the settings: a change re-enriches every linked lead."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:12]

    @property
    def names(self) -> tuple[str, ...]:
        """The output field names, in order."""
        return tuple(f.name for f in self.fields)


def load_enrich_config(path: str | Path | None = None) -> EnrichConfig:
    """Load enrichment settings from YAML (default: the shipped enrich_fields.yaml)."""
    if path is None:
        return _default_config()
    return load_yaml_model(path, EnrichConfig, what="enrichment fields")


@lru_cache(maxsize=1)
def _default_config() -> EnrichConfig:
    return load_yaml_model(DEFAULT_PATH, EnrichConfig, what="enrichment fields")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_customer(
    account: Mapping[Any, Any],
    opportunities: Sequence[Mapping[str, Any]],
    contracts: Sequence[Mapping[str, Any]],
) -> bool:
    """A customer: account type Customer, or a won opportunity, or an active contract."""
    if str(account.get("type", "")).strip().lower() == "customer":
        return True
    return any(o.get("is_won") for o in opportunities) or any(c.get("active") for c in contracts)


def open_opportunity(opportunities: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The open opportunity that closes next (no close date last; ties by id)."""
    open_ones = [o for o in opportunities if not o.get("is_closed")]
    if not open_ones:
        return None
    return min(open_ones, key=lambda o: (o.get("close_date") or date.max, str(o.get("id", ""))))


def account_facts(
    account: Mapping[Any, Any],
    opportunities: Sequence[Mapping[str, Any]] = (),
    contracts: Sequence[Mapping[str, Any]] = (),
    user_names: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Flat facts about an account (`account.*`, `account.extra.*`, `opportunity.*`) as text."""
    names = user_names or {}
    facts = {f"account.{c}": _text(account.get(c)) for c in ACCOUNT_COLUMNS[:13]}
    facts["account.owner_name"] = names.get(str(account.get("owner", "")), "")
    facts["account.sdr_owner_name"] = names.get(str(account.get("sdr_owner", "")), "")
    facts["account.is_customer"] = _text(is_customer(account, opportunities, contracts))
    for key, value in (account.get("extra") or {}).items():
        facts[f"account.extra.{key}"] = _text(value)
    opp = open_opportunity(opportunities)
    facts["opportunity.open"] = _text(opp is not None)
    facts["opportunity.open_count"] = str(sum(1 for o in opportunities if not o.get("is_closed")))
    for key in ("id", "name", "stage", "owner", "amount", "close_date"):
        facts[f"opportunity.{key}"] = _text(opp.get(key)) if opp else ""
    return facts


def enrich(
    lead: Mapping[str, Any], facts: Mapping[str, str] | None, config: EnrichConfig
) -> dict[str, str]:
    """The enriched fields of a lead: from `facts` (its account), or all empty when unlinked.

    A field with a `lead_field` keeps the lead's own non-empty value unless overwrite is on.
    """
    out: dict[str, str] = {}
    for fld in config.fields:
        value = facts.get(fld.source, "") if facts else ""
        if fld.lead_field:
            own = _text(lead.get(fld.lead_field, "")).strip()
            overwrite = config.overwrite_lead_values if fld.overwrite is None else fld.overwrite
            if own and not (overwrite and value):
                value = own
        out[fld.name] = value
    return out


def values_hash(values: Mapping[str, str]) -> str:
    """A stable hash of enriched values (to write and export only what changed)."""
    text = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()

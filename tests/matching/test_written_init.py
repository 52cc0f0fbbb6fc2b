"""The dataclasses whose `__init__` is written out (for mypyc's native stores) still take every
field, in field order, with the field's default, and stay what the dataclass makes them."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from leadlink.matching.engine import MatchResult
from leadlink.matching.explain import Evidence
from leadlink.matching.prepare import PreparedAccount, PreparedLead
from leadlink.normalize import CompanyName

_NAME = CompanyName("Acme Inc", "acme", ("acme",), "inc", (), "acme", ("acme",), ("acme",))
_EVIDENCE = Evidence("name", "exact", 2.5, "same name")

# A value of each field's type (a compiled build checks the types), no two alike.
SAMPLES: dict[type[Any], dict[str, object]] = {
    MatchResult: {
        "lead_id": "L1",
        "account_id": "A1",
        "decision": "matched",
        "confidence": 0.9,
        "reason": "same name",
        "runner_up_id": "A2",
        "runner_up_confidence": 0.1,
        "rule": "threshold_match",
        "evidence": (_EVIDENCE,),
    },
    Evidence: {"comparison": "city", "level": "exact", "weight": 1.5, "text": "same city"},
    CompanyName: {
        "original": "The Acme Co.",
        "normal": "acme co",
        "tokens": ("acme", "co"),
        "legal_form": "co",
        "acronyms": ("ac",),
        "compact": "acmeco",
        "content": ("acme",),
        "stems": ("acm",),
    },
    PreparedLead: {
        "id": "L1",
        "name": _NAME,
        "branch": frozenset({"boston"}),
        "email_domain": "acme.com",
        "email_host": "mail.acme.com",
        "free_mail": True,
        "website_domain": "acme.org",
        "domains": ("acme.com", "acme.org"),
        "phone": "5551234567",
        "street": "1 main st",
        "city": "boston",
        "postal_code": "02110",
        "state": "MA",
        "country": "US",
        "name_weight": 3.5,
        "name_terms": (("acme", 3.5),),
    },
    PreparedAccount: {
        "idx": 7,
        "id": "A7",
        "name": _NAME,
        "branch": frozenset({"leeds"}),
        "website_domain": "acme.co.uk",
        "listed_domains": frozenset({"acme.com"}),
        "phone": "4420123456",
        "street": "2 high st",
        "city": "leeds",
        "postal_code": "ls11aa",
        "state": "ENG",
        "country": "GB",
        "type": "customer",
        "created": "2020-01-01",
        "open_opportunity": True,
        "parent_idx": 3,
        "root_idx": 2,
        "depth": 1,
    },
}


@pytest.mark.parametrize("cls", list(SAMPLES))
def test_every_field_is_taken_by_keyword_and_by_position(cls: type[Any]) -> None:
    values = SAMPLES[cls]
    assert list(values) == [f.name for f in dataclasses.fields(cls)]  # the sample is complete
    for made in (cls(**values), cls(*values.values())):
        assert {name: getattr(made, name) for name in values} == values


@pytest.mark.parametrize("cls", list(SAMPLES))
def test_left_out_fields_get_the_field_defaults(cls: type[Any]) -> None:
    fields = dataclasses.fields(cls)
    made = cls(**{f.name: SAMPLES[cls][f.name] for f in fields if f.default is dataclasses.MISSING})
    for f in fields:
        if f.default is not dataclasses.MISSING:
            assert getattr(made, f.name) == f.default, f.name


@pytest.mark.parametrize("cls", (MatchResult, Evidence, CompanyName))
def test_the_frozen_ones_stay_frozen_equal_and_hashable(cls: type[Any]) -> None:
    made = cls(**SAMPLES[cls])
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(cls)[0].name, "changed")
    assert made == cls(**SAMPLES[cls]) and hash(made) == hash(cls(**SAMPLES[cls]))
    assert repr(made).startswith(f"{cls.__name__}(")


@pytest.mark.parametrize("cls", (MatchResult, Evidence, CompanyName))
def test_the_frozen_ones_pickle_in_the_plain_build(cls: type[Any]) -> None:
    if hasattr(cls, "__mypyc_attrs__"):
        pytest.skip("compiled by mypyc: a frozen native class does not unpickle (none is sent)")
    made = cls(**SAMPLES[cls])
    assert pickle.loads(pickle.dumps(made)) == made

"""The place words a typed name dropped (`name_branch`), folded once; the phone key."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.matching.prepare import name_branch, phone_key
from leadlink.normalize import key_tokens, normalize_company
from leadlink.normalize.names import NON_PLACE_TAIL_WORDS


@pytest.mark.parametrize(
    "raw",
    ["Acme - Leeds", "Acme Corp, Boston MA", "Acme - Marketing", "Acme", "Pixel Fitness (Lyon)",
     "Förderverein GmbH - München", "ACME INC."],
)  # fmt: skip
def test_name_branch_equals_the_key_token_form(raw: str) -> None:
    name = normalize_company(raw)
    kept = set(name.tokens)
    expected = {t for t in key_tokens(raw) if t not in kept and t not in NON_PLACE_TAIL_WORDS}
    assert name_branch(name) == frozenset(expected)


def test_name_branch_finds_the_place() -> None:
    assert name_branch(normalize_company("Acme - Leeds")) == {"leeds"}
    assert name_branch(normalize_company("Acme - Marketing")) == frozenset()
    assert name_branch(None) == frozenset()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"0123456789 +-()./xe", "٣"]), max_size=24))
def test_phone_key_is_the_last_nine_of_the_ascii_digits(raw: str) -> None:
    digits = re.sub(r"[^0-9]", "", raw)
    assert phone_key(raw) == (digits[-9:] if raw and 7 <= len(digits) <= 17 else None)

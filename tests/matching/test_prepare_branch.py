"""The place words a typed name dropped (`name_branch`), folded once."""

from __future__ import annotations

import pytest

from leadlink.matching.prepare import name_branch
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

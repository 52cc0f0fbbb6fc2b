"""Properties of the engine on arbitrary input: it never raises and its answers are well formed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.matching import MATCHED, REVIEW, UNMATCHED, Matcher
from leadlink.records import Account, Lead

ACCOUNTS = [
    Account("A1", "Acme Inc.", "acme.com", phone="+1 212 555 0100", city="New York", country="US"),
    Account("A2", "Acme UK Ltd", "acme.co.uk", country="GB", parent_id="A1"),
    Account("A3", "Brightwave Analytics", "brightwave.io", country="DE"),
    Account("A4", "Brightwave Analytics", "brightwave.io", country="DE", type="Customer"),
    Account("A5", "", "", country=""),
]

text = st.text(max_size=40)
emails = st.one_of(text, st.builds(lambda a, b: f"{a}@{b}", text, text))


MATCHER = Matcher.build(ACCOUNTS)


@settings(max_examples=300, deadline=None)
@given(
    company=text,
    email=emails,
    website=text,
    phone=text,
    city=text,
    postal=text,
    state=text,
    country=text,
    street=text,
)
def test_any_lead_gets_a_well_formed_answer(
    company: str,
    email: str,
    website: str,
    phone: str,
    city: str,
    postal: str,
    state: str,
    country: str,
    street: str,
) -> None:
    lead = Lead(
        "L",
        company=company,
        email=email,
        website=website,
        phone=phone,
        city=city,
        postal_code=postal,
        state=state,
        country=country,
        street=street,
    )
    result = MATCHER.match(lead)
    assert result.decision in (MATCHED, REVIEW, UNMATCHED)
    assert 0.0 <= result.confidence <= 1.0
    assert (result.account_id is None) == (result.decision == UNMATCHED)
    assert result.reason
    assert result.runner_up_confidence <= result.confidence + 1e-9


@settings(max_examples=100, deadline=None)
@given(company=text, email=emails)
def test_matching_is_deterministic(company: str, email: str) -> None:
    lead = Lead("L", company=company, email=email)
    assert MATCHER.match(lead) == MATCHER.match(lead)

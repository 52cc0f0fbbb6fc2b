"""Properties of the router over random leads: every lead gets exactly one owner, the trail
names each rule at most once and ends where the owner was chosen, and routing is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.routing import (
    AccountFacts,
    InMemoryPoolRepository,
    LeadFacts,
    MatchFacts,
    Opportunity,
    Router,
    RoutingContext,
    UserInfo,
    load_rules,
)

RULES = load_rules()
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
text = st.sampled_from(["", "DE", "US", "FR", "JP", "CA", "Germany"])
owner = st.sampled_from(["", "ae-1", "ae-2", "sdr-1"])
users = st.dictionaries(
    st.sampled_from(["ae-1", "ae-2", "sdr-1", "inbound-1", "inbound-2", "sdr-amer-1"]),
    st.builds(
        UserInfo,
        id=st.just("x"),
        active=st.booleans(),
        out_of_office=st.booleans(),
    ),
)
accounts = st.builds(
    AccountFacts,
    id=st.just("A1"),
    type=st.sampled_from(["", "Customer", "Prospect", "Competitor"]),
    owner=owner,
    sdr_owner=owner,
    country=text,
    employees=st.one_of(st.none(), st.integers(0, 50_000)),
)
contexts = st.builds(
    RoutingContext,
    lead=st.builds(
        LeadFacts,
        id=st.just("L1"),
        country=text,
        state=st.sampled_from(["", "CA", "NY"]),
        score=st.one_of(st.none(), st.floats(0, 100)),
    ),
    match=st.builds(MatchFacts, decision=st.sampled_from(["matched", "review", "unmatched"])),
    account=st.one_of(st.none(), accounts),
    opportunity=st.one_of(st.none(), st.builds(Opportunity, id=st.just("O"), owner=owner)),
    users=users,
)


@settings(max_examples=200, deadline=None)
@given(contexts)
def test_every_lead_gets_one_owner_with_a_trail(ctx: RoutingContext) -> None:
    d = Router(RULES).route(ctx, now=NOW)
    assert d.owner and d.owner_type in ("user", "queue")
    ids = [t.rule_id for t in d.path]
    assert len(ids) == len(set(ids))
    assert d.path[-1].rule_id == d.rule_id
    assert d.path[-1].outcome in ("assigned", "fallback")
    if d.owner_type == "user":
        info = ctx.users.get(d.owner)
        assert info is None or (info.active and not info.out_of_office)
    again = Router(RULES, InMemoryPoolRepository()).route(ctx, now=NOW)
    assert again.to_dict() == d.to_dict()

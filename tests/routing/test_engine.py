"""The router on the shipped default rules: owners first, open-opportunity alerts, fall-throughs,
unmatched leads, the fallback queue, and the audit trail of every rule evaluated."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

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
    parse_rules,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Monday, working hours in Europe
RULES = load_rules()
#: A user directory like the CRM's: the default pools take their SDRs from it by role and team.
DIRECTORY = {
    "sdr-de": UserInfo("sdr-de", role="SDR", team="EMEA", timezone="Europe/Berlin"),
    "sdr-us-1": UserInfo("sdr-us-1", role="SDR", team="NA", timezone="America/Los_Angeles"),
    "sdr-us-2": UserInfo("sdr-us-2", role="SDR", team="NA", timezone="America/New_York"),
    "sdr-jp": UserInfo("sdr-jp", role="SDR", team="APAC", timezone="Asia/Tokyo"),
    "ae-1": UserInfo("ae-1", role="AE", team="NA"),
}


def _matched(
    *,
    users: dict[str, UserInfo] | None = None,
    opportunity: Opportunity | None = None,
    parent: AccountFacts | None = None,
    **account: Any,
) -> RoutingContext:
    acc = AccountFacts(id="A1", **account)
    return RoutingContext(
        lead=LeadFacts(id="L1", country="DE"),
        match=MatchFacts("matched", "A1", 0.97, "same e-mail domain"),
        account=acc,
        parent=parent,
        ultimate_parent=parent,
        opportunity=opportunity,
        users=users or {},
    )


def _route(ctx: RoutingContext, router: Router | None = None) -> tuple[str, str, list[str]]:
    d = (router or Router(RULES)).route(ctx, now=NOW)
    return d.owner, d.rule_id, [t.outcome for t in d.path]


def test_account_owner_first() -> None:
    owner, rule, outcomes = _route(_matched(type="Prospect", owner="ae-1"))
    assert (owner, rule) == ("ae-1", "account-owner")
    assert outcomes[-1] == "assigned"
    assert outcomes[:-1] == ["not matched"] * (len(outcomes) - 1)


def test_sdr_paired_with_the_account_gets_the_lead() -> None:
    assert _route(_matched(owner="ae-1", sdr_owner="sdr-1"))[:2] == ("sdr-1", "sdr-owner")


def test_open_opportunity_alerts_the_ae_and_keeps_the_sdr_off() -> None:
    ctx = _matched(
        owner="ae-1", sdr_owner="sdr-1", opportunity=Opportunity("O1", "Proposal", "ae-2")
    )
    d = Router(RULES).route(ctx, now=NOW)
    assert (d.owner, d.rule_id) == ("ae-1", "open-opportunity")
    assert [n.user for n in d.notifications] == ["ae-2"]
    assert "sdr-1" not in {d.owner, *(n.user for n in d.notifications)}


def test_closed_opportunity_does_not_count() -> None:
    opp = Opportunity("O1", "Closed Won", "ae-2", is_open=False)
    assert _route(_matched(owner="ae-1", sdr_owner="sdr-1", opportunity=opp))[0] == "sdr-1"


@pytest.mark.parametrize(
    ("user", "words"),
    [
        (UserInfo("sdr-1", out_of_office=True), "out of office"),
        (UserInfo("sdr-1", active=False), "inactive"),
    ],
)
def test_unavailable_owner_falls_through_to_the_next_rule(user: UserInfo, words: str) -> None:
    ctx = _matched(owner="ae-1", sdr_owner="sdr-1", users={"sdr-1": user, "ae-1": UserInfo("ae-1")})
    d = Router(RULES).route(ctx, now=NOW)
    assert (d.owner, d.rule_id) == ("ae-1", "account-owner")
    sdr = next(t for t in d.path if t.rule_id == "sdr-owner")
    assert sdr.outcome == "fell through" and words in sdr.detail


def test_owner_missing_from_the_user_directory_falls_through() -> None:
    users = {"ae-1": UserInfo("ae-1")}
    d = Router(RULES).route(_matched(owner="ae-1", sdr_owner="gone", users=users), now=NOW)
    assert (d.owner, d.rule_id) == ("ae-1", "account-owner")
    sdr = next(t for t in d.path if t.rule_id == "sdr-owner")
    assert sdr.detail == "SDR owner gone is not in the user directory"


def test_owner_of_the_parent_when_the_account_has_none() -> None:
    parent = AccountFacts(id="P1", owner="ae-parent")
    assert _route(_matched(parent=parent))[:2] == ("ae-parent", "parent-owner")


def test_matched_account_without_owners_goes_to_its_territory() -> None:
    owner, rule, _ = _route(_matched(country="DE", employees=5000, users=DIRECTORY))
    assert (owner, rule) == ("sdr-de", "matched-territory")


def test_competitor_goes_to_a_queue() -> None:
    d = Router(RULES).route(_matched(type="competitor", owner="ae-1"), now=NOW)
    assert (d.owner, d.owner_type) == ("Disqualified", "queue")


def test_unmatched_lead_is_routed_by_its_own_fields() -> None:
    lead = LeadFacts(id="L2", country="US", state="CA", score=60)
    d = Router(RULES).route(RoutingContext(lead=lead, users=DIRECTORY), now=NOW)
    assert d.rule_id == "unmatched-territory"
    assert d.owner in {"sdr-us-1", "sdr-us-2"}
    assert d.territory == ("amer", "us-west")
    assert "US West" in d.reason


def test_low_score_unmatched_lead_is_nurtured() -> None:
    ctx = RoutingContext(lead=LeadFacts(id="L3", country="US", score=5))
    assert _route(ctx)[:2] == ("Nurture", "unmatched-low-score")


def test_review_decision_uses_the_unmatched_rules() -> None:
    ctx = RoutingContext(
        lead=LeadFacts(id="L4", country="JP", score=50),
        match=MatchFacts("review", "A1", 0.6),
        account=AccountFacts(id="A1", owner="ae-1"),
        users=DIRECTORY,
    )
    assert _route(ctx)[:2] == ("sdr-jp", "unmatched-territory")


def test_fallback_queue_when_no_rule_assigns() -> None:
    rules = parse_rules(
        {
            "fallback_queue": "Leftovers",
            "unmatched_rules": [
                {
                    "id": "only-de",
                    "conditions": ["lead.country equals DE"],
                    "assign": {"to": "user", "user": "u1"},
                }
            ],
        }
    )
    d = Router(rules).route(RoutingContext(lead=LeadFacts(id="L5", country="FR")), now=NOW)
    assert (d.owner, d.owner_type, d.rule_id) == ("Leftovers", "queue", "fallback")
    assert d.path[0].detail == "not met: lead country is DE (it is 'FR')"


def test_continue_collects_notifications_and_first_owner_wins() -> None:
    rules = parse_rules(
        {
            "rules": [
                {"id": "watch", "notify": [{"to": "user", "user": "boss"}], "then": "continue"},
                {"id": "first", "assign": {"to": "account_owner"}, "then": "continue"},
                {"id": "second", "assign": {"to": "user", "user": "other"}},
                {"id": "never", "assign": {"to": "user", "user": "never"}},
            ]
        }
    )
    d = Router(rules).route(_matched(owner="ae-1"), now=NOW)
    assert d.owner == "ae-1"
    assert [t.outcome for t in d.path] == ["matched", "assigned", "skipped"]
    assert [n.user for n in d.notifications] == ["boss"]


def test_any_conditions() -> None:
    rules = parse_rules(
        {
            "unmatched_rules": [
                {
                    "id": "dach-or-big",
                    "when": "any",
                    "conditions": ["lead.country in [DE, AT]", "lead.employees at_least 1000"],
                    "assign": {"to": "queue", "queue": "Q"},
                }
            ]
        }
    )
    router = Router(rules)
    assert _route(RoutingContext(lead=LeadFacts(id="a", employees=5000)), router)[0] == "Q"
    d = router.route(RoutingContext(lead=LeadFacts(id="b", country="FR")), now=NOW)
    assert d.owner == "Unassigned leads"
    assert d.path[0].detail.startswith("not met: none of lead country is one of DE, AT;")


def test_pool_state_is_shared_across_leads() -> None:
    repo = InMemoryPoolRepository()
    router = Router(RULES, repo)
    owners = [
        router.route(RoutingContext(lead=LeadFacts(id=str(i), score=50), users=DIRECTORY), now=NOW)
        for i in range(12)
    ]
    assert {d.rule_id for d in owners} == {"unmatched-inbound"}
    sdrs = ("sdr-de", "sdr-jp", "sdr-us-1", "sdr-us-2")
    assert Counter(d.owner for d in owners) == Counter({u: 3 for u in sdrs})
    assert repo.dump()["inbound"]["assigned"] == {u: 3 for u in sdrs}


def test_empty_directory_pool_falls_through_to_the_fallback_queue() -> None:
    d = Router(RULES).route(RoutingContext(lead=LeadFacts(id="x", score=50)), now=NOW)
    assert d.rule_id == "fallback"
    assert d.path[-2].detail == "round robin 'Inbound desk': nobody available"


def test_decision_is_a_complete_json_record() -> None:
    ctx = _matched(owner="ae-1", opportunity=Opportunity("O1", "Proposal", "ae-2"))
    d = Router(RULES).route(ctx, now=NOW)
    record = json.loads(json.dumps(d.to_dict()))
    assert record["owner"] == "ae-1" and record["at"] == NOW.isoformat()
    assert record["inputs"]["account"]["owner"] == "ae-1"
    assert record["inputs"]["opportunity"]["owner"] == "ae-2"
    assert record["path"][0] == {
        "rule_id": "competitor",
        "label": "Competitors are not worked",
        "outcome": "not matched",
        "detail": "not met: account type is Competitor (it is empty)",
    }
    assert d.explain()[-1].startswith("=> Open opportunity")

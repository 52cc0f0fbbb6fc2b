"""Account statuses: every status from each situation the rules name, renewals, sticky status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from leadlink.lifecycle.account_status import AccountStatusMachine
from leadlink.lifecycle.status_facts import (
    AccountFacts,
    AccountSnapshot,
    ContactSnapshot,
    ContractSnapshot,
    OpportunitySnapshot,
    add_months,
    compute_account_facts,
)
from leadlink.lifecycle.status_rules import (
    DEFAULT_RULES_PATH,
    StatusRulesError,
    load_status_rules,
)
from leadlink.lifecycle.status_types import AccountStatus as AS
from leadlink.lifecycle.status_types import ContactStatus as CS
from leadlink.scoring.activities import Activity, ActivityType

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
M = AccountStatusMachine()
CONFIG = M.config


@dataclass
class Situation:
    contacts: list[CS] = field(default_factory=list)
    acts: list[tuple[int, ActivityType, int]] = field(default_factory=list)  # contact, type, days
    opps: list[OpportunitySnapshot] = field(default_factory=list)
    contracts: list[ContractSnapshot] = field(default_factory=list)
    type: str = "Customer"


def opp(
    *,
    open_: bool = True,
    renewal: bool = False,
    auto: bool = False,
    stage: int = 0,
    contract: str = "",
) -> OpportunitySnapshot:
    return OpportunitySnapshot(
        id="o1",
        account_id="a1",
        is_open=open_,
        is_renewal=renewal,
        auto_created=auto,
        stage_index=stage,
        contract_id=contract,
        name="Deal",
    )


def contract(*, active: bool | None = None, ends_in_days: int | None = 400) -> ContractSnapshot:
    end = TODAY + timedelta(days=ends_in_days) if ends_in_days is not None else None
    return ContractSnapshot(
        id="k1", account_id="a1", start=date(2024, 1, 1), end=end, active=active
    )


def facts_for(s: Situation) -> AccountFacts:
    contacts = [
        ContactSnapshot(id=f"c{i}", account_id="a1", status=st_, name=f"Person {i}")
        for i, st_ in enumerate(s.contacts)
    ]
    acts = [
        Activity(person_id=f"c{i}", account_id="a1", type=t, at=NOW - timedelta(days=d))
        for i, t, d in s.acts
    ]
    return compute_account_facts(
        AccountSnapshot(id="a1", type=s.type),
        contacts,
        s.opps,
        s.contracts,
        acts,
        now=NOW,
        config=CONFIG,
    )


DEMO, FORM, OPEN_MAIL = ActivityType.DEMO_REQUEST, ActivityType.FORM_FILL, ActivityType.EMAIL_OPEN
ENDED = contract(ends_in_days=-30)

SITUATIONS: list[tuple[str, Situation, AS, str]] = [
    ("no contacts, nothing", Situation(), AS.PRE_QUALIFIED, "pre_qualified"),
    (
        "contacts never engaged",
        Situation([CS.PRE_QUALIFIED] * 3),
        AS.PRE_QUALIFIED,
        "pre_qualified",
    ),
    (
        "engaged below threshold",
        Situation([CS.PRE_QUALIFIED], [(0, OPEN_MAIL, 5)]),
        AS.NURTURE,
        "nurture",
    ),
    ("qualified out by sales", Situation([CS.NURTURE, CS.PRE_QUALIFIED]), AS.NURTURE, "nurture"),
    (
        "engaged long ago",
        Situation([CS.PRE_QUALIFIED], [(0, OPEN_MAIL, 400)]),
        AS.NURTURE,
        "nurture",
    ),
    (
        "lost deal, contact back in nurture",
        Situation([CS.NURTURE], opps=[opp(open_=False)]),
        AS.NURTURE,
        "nurture",
    ),
    ("a contact qualified", Situation([CS.QUALIFIED, CS.PRE_QUALIFIED]), AS.QUALIFIED, "qualified"),
    (
        "qualified, others in nurture",
        Situation([CS.QUALIFIED, CS.NURTURE]),
        AS.QUALIFIED,
        "qualified",
    ),
    (
        "one contact worked",
        Situation([CS.SALES_WORKING, CS.QUALIFIED]),
        AS.SALES_WORKING,
        "sales_working",
    ),
    (
        "worked, others in nurture ignored",
        Situation([CS.SALES_WORKING, CS.NURTURE, CS.NURTURE]),
        AS.SALES_WORKING,
        "sales_working",
    ),
    (
        "prospect with open deal",
        Situation([CS.OPPORTUNITY_OPEN], opps=[opp()]),
        AS.OPPORTUNITY_OPEN,
        "opportunity_open",
    ),
    (
        "open deal and a newly qualified contact",
        Situation([CS.OPPORTUNITY_OPEN, CS.QUALIFIED], opps=[opp()]),
        AS.OPPORTUNITY_OPEN,
        "opportunity_open",
    ),
    (
        "customer, quiet",
        Situation([CS.PRE_QUALIFIED], contracts=[contract()]),
        AS.CUSTOMER,
        "customer",
    ),
    (
        "customer, contract flagged active",
        Situation(contracts=[contract(active=True, ends_in_days=-5)]),
        AS.CUSTOMER,
        "customer",
    ),
    (
        "customer, contact just reads e-mail",
        Situation([CS.PRE_QUALIFIED], [(0, OPEN_MAIL, 1)], contracts=[contract()]),
        AS.CUSTOMER,
        "customer",
    ),
    (
        "customer, form by contact back in nurture",
        Situation([CS.NURTURE], [(0, FORM, 3)], contracts=[contract()]),
        AS.CUSTOMER,
        "customer",
    ),
    (
        "customer, demo request",
        Situation([CS.QUALIFIED], [(0, DEMO, 2)], contracts=[contract()]),
        AS.CUSTOMER_ENGAGED,
        "customer_engaged",
    ),
    (
        "customer, form fill",
        Situation([CS.PRE_QUALIFIED], [(0, FORM, 2)], contracts=[contract()]),
        AS.CUSTOMER_ENGAGED,
        "customer_engaged",
    ),
    (
        "customer, newly qualified contact",
        Situation([CS.QUALIFIED], contracts=[contract()]),
        AS.CUSTOMER_ENGAGED,
        "customer_engaged",
    ),
    (
        "customer, expansion deal",
        Situation([CS.QUALIFIED], opps=[opp()], contracts=[contract()]),
        AS.CUSTOMER_OPPORTUNITY,
        "customer_opportunity",
    ),
    (
        "customer, renewal ends in 2 months",
        Situation(
            opps=[opp(renewal=True, auto=True, contract="k1")],
            contracts=[contract(ends_in_days=60)],
        ),
        AS.CUSTOMER_OPPORTUNITY,
        "customer_opportunity",
    ),
    (
        "customer, renewal progressed",
        Situation(opps=[opp(renewal=True, auto=True, stage=1)], contracts=[contract()]),
        AS.CUSTOMER_OPPORTUNITY,
        "customer_opportunity",
    ),
    (
        "customer, manual renewal",
        Situation(opps=[opp(renewal=True, auto=False)], contracts=[contract()]),
        AS.CUSTOMER_OPPORTUNITY,
        "customer_opportunity",
    ),
    (
        "customer, auto renewal not yet due",
        Situation(opps=[opp(renewal=True, auto=True)], contracts=[contract(ends_in_days=200)]),
        AS.CUSTOMER,
        "customer",
    ),
    ("churned, quiet", Situation([CS.PRE_QUALIFIED], contracts=[ENDED]), AS.CHURNED, "churned"),
    (
        "churned, contract flagged inactive",
        Situation(contracts=[contract(active=False)]),
        AS.CHURNED,
        "churned",
    ),
    (
        "former customer engaging again",
        Situation([CS.PRE_QUALIFIED], [(0, OPEN_MAIL, 3)], contracts=[ENDED]),
        AS.NURTURE,
        "nurture",
    ),
    (
        "former customer with open deal",
        Situation([CS.OPPORTUNITY_OPEN], opps=[opp()], contracts=[ENDED]),
        AS.OPPORTUNITY_OPEN,
        "opportunity_open",
    ),
    (
        "former customer, qualified contact",
        Situation([CS.QUALIFIED], contracts=[ENDED]),
        AS.QUALIFIED,
        "qualified",
    ),
    ("partner", Situation([CS.QUALIFIED], [(0, DEMO, 1)], type="Partner"), AS.PARTNER, "partner"),
    (
        "reseller with contract",
        Situation(contracts=[contract()], type="reseller"),
        AS.PARTNER,
        "partner",
    ),
]


@pytest.mark.parametrize(
    ("situation", "expected", "rule"),
    [pytest.param(s, e, r, id=name) for name, s, e, r in SITUATIONS],
)
def test_account_status_from_each_situation(situation: Situation, expected: AS, rule: str) -> None:
    decision = M.decide(facts_for(situation))
    assert (decision.status, decision.rule) == (expected, rule)


def test_every_logic_status_is_reached_by_some_situation() -> None:
    reached = {e for _, _, e, _ in SITUATIONS}
    assert reached == set(AS) - {AS.DISQUALIFIED}
    assert {r for *_, r in SITUATIONS} == {r.label for r in CONFIG.tree}


@pytest.mark.parametrize(
    ("end", "counts"),
    [
        (add_months(TODAY, 3), True),
        (add_months(TODAY, 3) + timedelta(days=1), False),
        (TODAY + timedelta(days=1), True),
        (add_months(TODAY, 12), False),
    ],
)
def test_renewal_timing(end: date, counts: bool) -> None:
    k = ContractSnapshot(id="k1", account_id="a1", start=date(2025, 1, 1), end=end)
    s = Situation(opps=[opp(renewal=True, auto=True, contract="k1")], contracts=[k])
    facts = facts_for(s)
    assert (facts.open_opportunities, facts.renewals_not_counted) == (int(counts), int(not counts))


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_derive_moves_status_with_reason_and_evidence() -> None:
    s = Situation([CS.QUALIFIED], [(0, DEMO, 2)])
    contacts = [
        ContactSnapshot(
            "c0",
            "a1",
            CS.QUALIFIED,
            "Jane Doe",
            "Qualified: Jane Doe requested a demo on 2026-11-20",
        )
    ]
    facts = compute_account_facts(
        AccountSnapshot("a1"), contacts, [], [], [], now=NOW, config=CONFIG
    )
    t = M.derive(AS.NURTURE, facts, at=NOW)
    assert t is not None and t.to_status is AS.QUALIFIED and t.rule == "derived 3 Qualified"
    assert "Jane Doe requested a demo on 2026-11-20" in t.reason
    assert t.evidence["rule"] == "qualified" and t.evidence["facts"]["contacts_qualified"] == 1
    assert M.derive(AS.QUALIFIED, facts, at=NOW) is None  # unchanged: no transition
    assert facts_for(s).contacts_qualified == 1


def test_reason_quotes_at_most_three_people() -> None:
    facts = facts_for(Situation([CS.QUALIFIED] * 5))
    reason = M.decide(facts).reason
    assert reason.count("Person") == 3 and "and 2 more" in reason


FACTS = st.builds(
    AccountFacts,
    is_partner=st.booleans(),
    has_active_contract=st.booleans(),
    had_contract=st.booleans(),
    open_opportunities=st.integers(0, 3),
    contacts_qualified=st.integers(0, 3),
    contacts_sales_working=st.integers(0, 3),
    contacts_nurture=st.integers(0, 3),
    contacts_form_engaged=st.integers(0, 3),
    people_engaged=st.integers(0, 5),
    ever_engaged=st.booleans(),
)


@given(facts=FACTS)
def test_disqualified_account_is_never_changed_by_logic(facts: AccountFacts) -> None:
    assert M.derive(AS.DISQUALIFIED, facts, at=NOW) is None
    assert "kept" in M.explain(AS.DISQUALIFIED, facts)


@given(facts=FACTS, current=st.sampled_from([s for s in AS if s is not AS.DISQUALIFIED]))
def test_logic_never_derives_disqualified(facts: AccountFacts, current: AS) -> None:
    t = M.derive(current, facts, at=NOW)
    status = t.to_status if t else current
    assert status is not AS.DISQUALIFIED
    assert (t is None) == (M.decide(facts).status is current)


def test_person_disqualifies_and_requalifies() -> None:
    t = M.fire(AS.CUSTOMER, "disqualify", actor="ops", at=NOW)
    assert t.to_status is AS.DISQUALIFIED
    assert M.fire(AS.DISQUALIFIED, "requalify", actor="ops").to_status is AS.PRE_QUALIFIED


def _broken(tmp_path: Path, edit: str) -> Path:
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text())
    tree = data["account"]["tree"]
    if edit == "unknown fact":
        tree[0]["all"][0]["fact"] = "moon_phase"
    elif edit == "no default":
        tree.pop()
    elif edit == "sticky in tree":
        tree[0]["status"] = "10 Disqualified"
    elif edit == "unknown status":
        tree[0]["status"] = "11 Dormant"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize("edit", ["unknown fact", "no default", "sticky in tree", "unknown status"])
def test_invalid_rules_are_rejected_naming_the_file(tmp_path: Path, edit: str) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(StatusRulesError, match=str(path.name)):
        load_status_rules(path)


def test_shipped_rules_load_and_tree_order_is_configuration(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text())
    tree = data["account"]["tree"]
    tree.insert(0, tree.pop(next(i for i, r in enumerate(tree) if r["label"] == "qualified")))
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data))
    custom = AccountStatusMachine(load_status_rules(path).account)
    facts = facts_for(Situation([CS.QUALIFIED], opps=[opp()]))
    assert custom.decide(facts).status is AS.QUALIFIED
    assert M.decide(facts).status is AS.OPPORTUNITY_OPEN

"""The account status machine: statuses derived bottom-up through the configured decision tree.

`decide` walks the ordered tree (status_rules.yaml) over an `AccountFacts` record and names the
rule that fired; `AccountStatusMachine.derive` turns that decision into a transition, unless the
current status is protected (10 Disqualified is set by a person and never changed by logic).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadlink.lifecycle.statemachine import (
    Evidence,
    StatusMachine,
    Transition,
    TransitionNotAllowed,
    TransitionSpec,
)
from leadlink.lifecycle.status_facts import AccountFacts
from leadlink.lifecycle.status_rules import AccountStatusConfig, TreeRule, load_status_rules
from leadlink.lifecycle.status_types import AccountStatus as AS

AccountTransition = Transition[AS]
MAX_NOTES = 3


@dataclass(frozen=True, slots=True)
class TreeDecision:
    """What the decision tree says: the status, the rule that fired, the conditions that held."""

    status: AS
    rule: str
    reason: str
    conditions: tuple[str, ...]


def decide(facts: AccountFacts, config: AccountStatusConfig) -> TreeDecision:
    """Walk the ordered decision tree; the first rule whose conditions hold decides."""
    for rule in config.tree:
        if rule.matches(facts):
            held = tuple(c.describe(facts) for c in rule.conditions() if c.holds(facts))
            return TreeDecision(rule.status, rule.label, _reason(rule, facts), held)
    raise AssertionError("unreachable: the tree ends with an unconditional rule")


def _reason(rule: TreeRule, facts: AccountFacts) -> str:
    notes: list[str] = []
    for cond in rule.conditions():
        if cond.holds(facts):
            for note in facts.notes.get(cond.fact, []):
                if note not in notes:
                    notes.append(note)
    if not notes:
        return rule.reason
    more = f"; and {len(notes) - MAX_NOTES} more" if len(notes) > MAX_NOTES else ""
    return f"{rule.reason} ({'; '.join(notes[:MAX_NOTES])}{more})"


def _derived_is(status: AS) -> object:
    def guard(ev: Evidence) -> bool:
        return ev.get("derived_status") == status.value

    return guard


def _transitions(config: AccountStatusConfig) -> list[TransitionSpec[AS]]:
    specs: list[TransitionSpec[AS]] = [
        TransitionSpec("new account", "created", frozenset({None}), config.default,
                       "Pre-Qualified: new account"),
    ]  # fmt: skip
    for status in dict.fromkeys(r.status for r in config.tree):
        specs.append(
            TransitionSpec(
                label=f"derived {status.value}",
                event="derive",
                sources=None,
                target=status,
                reason="{reason}",
                guard=_derived_is(status),  # type: ignore[arg-type]
                guard_label=f"tree decides {status.value}",
            )
        )
    every: frozenset[AS | None] = frozenset(AS)
    specs += [
        TransitionSpec("disqualified", "disqualify", every - {AS.DISQUALIFIED}, AS.DISQUALIFIED,
                       "Disqualified: set by {actor}", manual=True),
        TransitionSpec("requalified", "requalify", frozenset({AS.DISQUALIFIED}), config.default,
                       "Pre-Qualified: requalified by {actor}", manual=True),
    ]  # fmt: skip
    return specs


class AccountStatusMachine(StatusMachine[AS]):
    """The account state machine, built from the `account` section of the status rules."""

    def __init__(self, config: AccountStatusConfig | None = None) -> None:
        self.config = config or load_status_rules().account
        super().__init__(
            AS,
            _transitions(self.config),
            default=self.config.default,
            sticky=self.config.sticky,
            logic_may_overwrite=self.config.logic_may_overwrite,
            object_type="account",
        )

    def decide(self, facts: AccountFacts) -> TreeDecision:
        """The decision tree's verdict for these facts (whatever the current status)."""
        return decide(facts, self.config)

    def derive(
        self, current: AS | None, facts: AccountFacts, *, at: datetime
    ) -> AccountTransition | None:
        """The status change the facts call for; None when unchanged or the status is protected.

        An account without a status yet (None) always gets its first derived status.
        """
        decision = self.decide(facts)
        if decision.status == current:
            return None
        evidence = {
            "derived_status": decision.status.value,
            "rule": decision.rule,
            "reason": decision.reason,
            "conditions": list(decision.conditions),
            "facts": facts.as_evidence(),
        }
        try:
            return self.fire(current, "derive", evidence, at=at)
        except TransitionNotAllowed:
            return None

    def explain(self, current: AS | None, facts: AccountFacts) -> str:
        """Why the account has (or would get) its status, in a few readable lines."""
        decision = self.decide(facts)
        lines: list[str] = []
        if current is not None and not self.logic_can_leave(current):
            lines.append(f"Status: {current.value} (kept: logic never changes this status)")
            lines.append(f"The rules alone would give: {decision.status.value}")
        else:
            lines.append(f"Status: {decision.status.value}")
        lines.append(f"Rule: {decision.rule}")
        lines.append(f"Why: {decision.reason}")
        lines.extend(f"  - {c}" for c in decision.conditions)
        return "\n".join(lines)


def _condition_text(rule: TreeRule) -> str:
    text = " and ".join(c.label for c in rule.all)
    if rule.any:
        either = " or ".join(c.label for c in rule.any)
        text = f"{text} and ({either})" if text else either
    return text.replace('"', "'")


def mermaid_tree(config: AccountStatusConfig) -> str:
    """The account decision tree as a mermaid flowchart (docs/statuses.md embeds it)."""
    lines = ["flowchart TD", '    start(["account facts"]) --> r0']
    for i, rule in enumerate(config.tree):
        target = f's{i}["{rule.status.value}"]'
        if not rule.conditions():
            lines.append(f"    r{i}[/otherwise/] --> {target}")
            continue
        lines.append(f'    r{i}{{"{_condition_text(rule)}"}} -->|yes| {target}')
        lines.append(f"    r{i} -->|no| r{i + 1}")
    return "\n".join(lines)

"""The contact status machine: the only way a contact's status changes.

Logic moves a contact to 1 Pre-Qualified when it is created (also by enrichment), to 3 Qualified
on a high-value action or a score at its threshold, to 5 Opportunity Open when an opportunity is
created with it as primary contact and back to 2 Nurture when that opportunity is won or lost.
Everything else is set by a person. Sticky statuses (X, 6 by default) are never left by logic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from leadlink.lifecycle.statemachine import (
    Evidence,
    StatusMachine,
    Transition,
    TransitionSpec,
)
from leadlink.lifecycle.status_rules import ContactStatusConfig, load_status_rules
from leadlink.lifecycle.status_types import ContactStatus as CS
from leadlink.scoring.activities import Activity

ContactTransition = Transition[CS]


def _is_primary(ev: Evidence) -> bool:
    return bool(ev.get("is_primary"))


def _score_reached(ev: Evidence) -> bool:
    return float(ev.get("score", 0.0)) >= float(ev.get("threshold", float("inf")))


def _transitions(config: ContactStatusConfig) -> list[TransitionSpec[CS]]:
    high_value = frozenset(t.value for t in config.high_value_actions)
    qualify_from: frozenset[CS | None] = frozenset(config.qualify_from)
    opp_from: frozenset[CS | None] = frozenset(config.opportunity_from)
    every: frozenset[CS | None] = frozenset(CS)

    def high_value_action(ev: Evidence) -> bool:
        return ev.get("activity_type") in high_value

    def spec(label: str, event: str, src: frozenset[CS | None] | None, to: CS, reason: str,
             **kw: Any) -> TransitionSpec[CS]:  # fmt: skip
        return TransitionSpec(label, event, src, to, reason, **kw)

    return [
        spec("new contact", "created", frozenset({None}), config.default,
             "Pre-Qualified: new contact added by {source}"),
        spec("high-value action", "activity", qualify_from, CS.QUALIFIED,
             "Qualified: {name} {action} on {date}", guard=high_value_action,
             guard_label="type in high_value_actions"),
        spec("score threshold", "scored", qualify_from, CS.QUALIFIED,
             "Qualified: {name} reached score {score} (threshold {threshold})",
             guard=_score_reached, guard_label="score >= threshold"),
        spec("opportunity created", "opportunity_created", opp_from, CS.OPPORTUNITY_OPEN,
             "Opportunity Open: {name} is primary contact on opportunity {opportunity}",
             guard=_is_primary, guard_label="contact is primary"),
        spec("opportunity won", "opportunity_won", frozenset({CS.OPPORTUNITY_OPEN}), CS.NURTURE,
             "Nurture: opportunity {opportunity} was won", guard=_is_primary,
             guard_label="contact is primary"),
        spec("opportunity lost", "opportunity_lost", frozenset({CS.OPPORTUNITY_OPEN}), CS.NURTURE,
             "Nurture: opportunity {opportunity} was lost", guard=_is_primary,
             guard_label="contact is primary"),
        spec("qualified by a person", "qualify", frozenset({CS.PRE_QUALIFIED, CS.NURTURE}),
             CS.QUALIFIED, "Qualified: set by {actor}", manual=True),
        spec("sales working", "work", frozenset({CS.PRE_QUALIFIED, CS.NURTURE, CS.QUALIFIED}),
             CS.SALES_WORKING, "Sales Working: set by {actor}", manual=True),
        spec("qualified out", "nurture",
             frozenset({CS.PRE_QUALIFIED, CS.QUALIFIED, CS.SALES_WORKING, CS.OPPORTUNITY_OPEN}),
             CS.NURTURE, "Nurture: qualified out by {actor}", manual=True),
        spec("disqualified", "disqualify", every - {CS.NO_LONGER_WITH_COMPANY, CS.DISQUALIFIED},
             CS.DISQUALIFIED, "Disqualified: set by {actor}", manual=True),
        spec("partner", "mark_partner", every - {CS.NO_LONGER_WITH_COMPANY, CS.PARTNER},
             CS.PARTNER, "Partner: set by {actor}", manual=True),
        spec("left the company", "left_company", every - {CS.NO_LONGER_WITH_COMPANY},
             CS.NO_LONGER_WITH_COMPANY, "No longer with company: set by {actor}", manual=True),
        spec("reinstated", "reinstate",
             frozenset({CS.NO_LONGER_WITH_COMPANY, CS.DISQUALIFIED, CS.PARTNER}),
             CS.PRE_QUALIFIED, "Pre-Qualified: reinstated by {actor}", manual=True),
    ] + [_imported(status) for status in CS]  # fmt: skip


def _imported(status: CS) -> TransitionSpec[CS]:
    def guard(ev: Evidence) -> bool:
        return ev.get("crm_status") == status.value

    return TransitionSpec(f"imported {status.value}", "imported", frozenset({None}), status,
                          "{crm_status}: status as imported from the CRM", guard=guard,
                          guard_label=f"CRM status is {status.value}")  # fmt: skip


def parse_contact_status(text: str) -> CS | None:
    """A contact status from CRM text ("3 Qualified", "Qualified", "3", "x"); None if unknown."""
    key = " ".join(text.strip().lower().split())
    if not key:
        return None
    for status in CS:
        number, _, label = status.value.lower().partition(" ")
        if key in {status.value.lower(), number, label}:
            return status
    return None


class ContactStatusMachine(StatusMachine[CS]):
    """The contact state machine, built from the `contact` section of the status rules."""

    def __init__(self, config: ContactStatusConfig | None = None) -> None:
        self.config = config or load_status_rules().contact
        super().__init__(
            CS,
            _transitions(self.config),
            default=self.config.default,
            sticky=self.config.sticky,
            logic_may_overwrite=self.config.logic_may_overwrite,
            object_type="contact",
        )

    def try_fire(
        self, current: CS | None, event: str, evidence: Evidence, *, at: datetime | None = None
    ) -> ContactTransition | None:
        """Fire an automatic event; None when no transition applies (a normal outcome)."""
        if self.find(current, event, evidence) is None:
            return None
        return self.fire(current, event, evidence, at=at)

    def new_contact(
        self, *, source: str = "import", at: datetime | None = None
    ) -> ContactTransition:
        """The default status of a new contact (`source` e.g. 'enrichment', 'conversion')."""
        return self.initial({"source": source}, at=at)

    def from_crm(self, crm_status: str, *, at: datetime | None = None) -> ContactTransition:
        """A new contact's first status: its CRM status when recognised, else the default."""
        status = parse_contact_status(crm_status)
        if status is None:
            return self.new_contact(source="import", at=at)
        return self.fire(None, "imported", {"crm_status": status.value}, at=at)

    def on_activity(
        self, current: CS, activity: Activity, *, name: str = ""
    ) -> ContactTransition | None:
        """Qualify on a high-value action (demo request, event attendance...), else None."""
        evidence = {
            "name": name or activity.person_id,
            "activity_type": activity.type.value,
            "action": activity.type.phrase,
            "date": activity.at.date().isoformat(),
            "activity_id": activity.id,
        }
        return self.try_fire(current, "activity", evidence, at=activity.at)

    def on_score(
        self, current: CS, score: float, threshold: float, *, name: str = "", at: datetime
    ) -> ContactTransition | None:
        """Qualify when the score reaches the threshold (lower at target accounts), else None."""
        evidence = {"name": name, "score": round(score, 1), "threshold": threshold}
        return self.try_fire(current, "scored", evidence, at=at)

    def on_opportunity(
        self,
        current: CS,
        change: str,
        *,
        opportunity: str,
        is_primary: bool,
        name: str = "",
        at: datetime,
    ) -> ContactTransition | None:
        """Apply an opportunity change ('created', 'won' or 'lost') to one of its contacts."""
        if change not in {"created", "won", "lost"}:
            raise ValueError(f"unknown opportunity change {change!r}")
        evidence = {"name": name, "opportunity": opportunity, "is_primary": is_primary}
        return self.try_fire(current, f"opportunity_{change}", evidence, at=at)

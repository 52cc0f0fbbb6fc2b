"""What routing returns: the owner, the rule that chose them, and the path through every rule.

A decision keeps its (immutable) input context, so its inputs snapshot is exactly what the rules
saw; `to_dict` renders everything JSON-ready for the audit table and `leadlink why`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from leadlink.routing.context import RoutingContext, snapshot

OwnerType = Literal["user", "queue"]
Outcome = Literal["not matched", "assigned", "fell through", "matched", "skipped", "fallback"]


@dataclass(frozen=True, slots=True)
class RuleTrace:
    """One rule as evaluated for one lead: did it match, what it did, and why in words."""

    rule_id: str
    label: str
    outcome: Outcome
    detail: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {
            "rule_id": self.rule_id,
            "label": self.label,
            "outcome": self.outcome,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Notification:
    """An alert to a user that does not give them the lead (e.g. the AE of an open deal)."""

    user: str
    rule_id: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"user": self.user, "rule_id": self.rule_id, "message": self.message}


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    """The routing of one lead, with its full explanation."""

    lead_id: str
    owner: str
    owner_type: OwnerType
    rule_id: str
    reason: str
    path: tuple[RuleTrace, ...]
    notifications: tuple[Notification, ...]
    territory: tuple[str, ...]
    at: datetime
    context: RoutingContext

    @property
    def inputs(self) -> dict[str, Any]:
        """The snapshot of the inputs the rules saw."""
        users = (self.owner,) if self.owner_type == "user" else ()
        return snapshot(self.context, users + tuple(n.user for n in self.notifications))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: owner, rule, reason, every rule evaluated, inputs and time."""
        return {
            "lead_id": self.lead_id,
            "owner": self.owner,
            "owner_type": self.owner_type,
            "rule_id": self.rule_id,
            "reason": self.reason,
            "path": [t.to_dict() for t in self.path],
            "notifications": [n.to_dict() for n in self.notifications],
            "territory": list(self.territory),
            "at": self.at.isoformat(),
            "inputs": self.inputs,
        }

    def explain(self) -> list[str]:
        """The story in lines a person can read, one per rule evaluated."""
        lines = [f"{i}. {t.label}: {t.outcome} - {t.detail}" for i, t in enumerate(self.path, 1)]
        lines += [f"notify {n.user}: {n.message}" for n in self.notifications]
        lines.append(f"=> {self.reason}")
        return lines

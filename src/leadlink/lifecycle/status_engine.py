"""Status logic for one contact and one account at a time, from the state of their records.

The engine is state-based (not event-based) so that running it twice changes nothing: an open
opportunity with the contact as primary means 5 Opportunity Open; a contact in 5 whose primary
opportunities are all closed goes back to 2 Nurture; only activities after the contact's last
status change can qualify it (so a contact a person put back in Nurture is not re-qualified by
the same old demo request), and a high-value action older than `high_value_within_days` no
longer qualifies anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from leadlink.lifecycle.account_status import AccountStatusMachine, AccountTransition
from leadlink.lifecycle.contact_status import ContactStatusMachine, ContactTransition
from leadlink.lifecycle.status_facts import AccountFacts, ContactSnapshot, OpportunitySnapshot
from leadlink.lifecycle.status_types import AccountStatus
from leadlink.lifecycle.status_types import ContactStatus as CS
from leadlink.scoring.activities import Activity


@dataclass(frozen=True, slots=True)
class ContactInputs:
    """What the contact logic reads besides the contact itself."""

    activities: Sequence[Activity] = ()
    score_since_change: float | None = None
    threshold: float = 100.0
    primary_opportunities: Sequence[OpportunitySnapshot] = ()


def _new_activities(
    contact: ContactSnapshot, activities: Sequence[Activity], oldest: datetime
) -> list[Activity]:
    since = contact.status_since
    fresh = (a for a in activities if a.at >= oldest and (since is None or a.at > since))
    return sorted(fresh, key=lambda a: a.at)


def contact_changes(
    machine: ContactStatusMachine,
    contact: ContactSnapshot,
    inputs: ContactInputs,
    *,
    now: datetime,
) -> list[ContactTransition]:
    """The status changes the contact's records call for, in order (empty when none)."""
    changes: list[ContactTransition] = []
    status: CS = contact.status
    name = contact.name or contact.id

    def take(change: ContactTransition | None) -> None:
        nonlocal status
        if change is not None and change.changed:
            changes.append(change)
            status = change.to_status

    opps = inputs.primary_opportunities
    open_opps = [o for o in opps if o.is_open]
    if open_opps and status is not CS.OPPORTUNITY_OPEN:
        opp = open_opps[0]
        take(machine.on_opportunity(status, "created", opportunity=opp.name or opp.id,
                                    is_primary=True, name=name, at=now))  # fmt: skip
    closed = [o for o in opps if not o.is_open]
    if status is CS.OPPORTUNITY_OPEN and not open_opps and closed:
        opp = closed[-1]
        take(machine.on_opportunity(status, "won" if opp.is_won else "lost",
                                    opportunity=opp.name or opp.id, is_primary=True, name=name,
                                    at=now))  # fmt: skip
    high_value = set(machine.config.high_value_actions)
    oldest = now - timedelta(days=machine.config.high_value_within_days)
    for activity in _new_activities(contact, inputs.activities, oldest):
        if activity.type not in high_value:
            continue
        change = machine.on_activity(status, activity, name=name)
        if change is not None:
            take(change)
            break
    if inputs.score_since_change is not None:
        take(machine.on_score(status, inputs.score_since_change, inputs.threshold, name=name,
                              at=now))  # fmt: skip
    return changes


def account_change(
    machine: AccountStatusMachine,
    current: AccountStatus | None,
    facts: AccountFacts,
    *,
    now: datetime,
) -> AccountTransition | None:
    """The account's status change, if the facts call for one and logic may make it."""
    return machine.derive(current, facts, at=now)

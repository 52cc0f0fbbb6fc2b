"""Statuses set by a person (Sales Working, Disqualified, No longer with company...).

The change still goes through the object's state machine, which checks that the transition is
declared and records the person as the actor; the history row is written with it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from leadlink.lifecycle.account_status import AccountStatusMachine
from leadlink.lifecycle.contact_status import ContactStatusMachine, parse_contact_status
from leadlink.lifecycle.statemachine import StatusMachine, Transition
from leadlink.lifecycle.status_rules import StatusRules, load_status_rules
from leadlink.lifecycle.status_types import AccountStatus
from leadlink.store.db import SessionFactory
from leadlink.store.models import AccountRow, ContactRow
from leadlink.store.models.scoring import StatusChangeRow

OBJECT_TYPES = ("contact", "account")


class ObjectNotFound(KeyError):
    """No contact or account with that id."""


def _current(kind: str, raw: str | None) -> Any:
    if kind == "contact":
        return parse_contact_status(raw or "")
    return AccountStatus(raw) if raw in {s.value for s in AccountStatus} else None


def set_status(
    factory: SessionFactory,
    object_type: str,
    object_id: str,
    event: str,
    *,
    actor: str,
    note: str = "",
    rules: StatusRules | None = None,
    now: datetime | None = None,
) -> Transition[Any]:
    """Apply a person's event (e.g. 'work', 'disqualify') to a contact or an account.

    Raises:
        ObjectNotFound: no such contact or account.
        TransitionNotAllowed: the machine declares no such transition from the current status.
        ValueError: unknown object type.
    """
    if object_type not in OBJECT_TYPES:
        raise ValueError(f"object type must be one of {', '.join(OBJECT_TYPES)}")
    rules = rules or load_status_rules()
    machine: StatusMachine[Any] = (
        ContactStatusMachine(rules.contact)
        if object_type == "contact"
        else AccountStatusMachine(rules.account)
    )
    at = now or datetime.now(UTC)
    with factory() as session, session.begin():
        row: ContactRow | AccountRow | None = (
            session.get(ContactRow, object_id)
            if object_type == "contact"
            else session.get(AccountRow, object_id)
        )
        if row is None:
            raise ObjectNotFound(object_id)
        current = _current(object_type, row.status)
        change = machine.fire(current, event, {"note": note} if note else {}, at=at, actor=actor)
        row.status = change.to_status.value
        session.add(
            StatusChangeRow(
                object_type=object_type,
                object_id=object_id,
                from_status=current.value if current is not None else None,
                to_status=change.to_status.value,
                event=event,
                rule=change.rule,
                reason=change.reason + (f" ({note})" if note else ""),
                evidence=change.evidence,
                actor=actor,
                at=at,
            )
        )
    return change

"""The generic status machine: declared transitions, guards, protection, actors, the table."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

import pytest

from leadlink.lifecycle.statemachine import (
    StatusMachine,
    TransitionNotAllowed,
    TransitionSpec,
    render_reason,
)


class Light(Enum):
    OFF = "off"
    ON = "on"
    BROKEN = "broken"


AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def machine(sticky: tuple[Light, ...] = (Light.BROKEN,)) -> StatusMachine[Light]:
    specs = [
        TransitionSpec("install", "created", frozenset({None}), Light.OFF, "new light"),
        TransitionSpec(
            "switch on",
            "switch",
            frozenset({Light.OFF}),
            Light.ON,
            "on by {who}",
            guard=lambda ev: ev.get("power", False),
            guard_label="power",
        ),
        TransitionSpec("switch off", "switch", frozenset({Light.ON}), Light.OFF, "off by {who}"),
        TransitionSpec("break", "break", None, Light.BROKEN, "broken"),
        TransitionSpec(
            "repair", "repair", frozenset({Light.BROKEN}), Light.OFF, "by {actor}", manual=True
        ),
    ]
    return StatusMachine(
        Light,
        specs,
        default=Light.OFF,
        sticky=sticky,
        logic_may_overwrite=[Light.OFF, Light.ON],
        object_type="light",
    )


def test_fire_records_from_to_event_reason_evidence_and_time() -> None:
    t = machine().fire(Light.OFF, "switch", {"power": True, "who": "ann"}, at=AT)
    assert (t.from_status, t.to_status, t.event, t.rule) == (
        Light.OFF,
        Light.ON,
        "switch",
        "switch on",
    )
    assert t.reason == "on by ann"
    assert t.evidence["power"] is True
    assert t.at == AT and t.changed and t.actor is None


def test_first_allowed_transition_for_the_event_wins() -> None:
    assert machine().fire(Light.ON, "switch", {}).to_status is Light.OFF


def test_guard_false_is_not_allowed() -> None:
    m = machine()
    assert not m.can_fire(Light.OFF, "switch", {"power": False})
    with pytest.raises(TransitionNotAllowed, match="switch"):
        m.fire(Light.OFF, "switch", {"power": False})


def test_unknown_event_is_not_allowed() -> None:
    with pytest.raises(TransitionNotAllowed):
        machine().fire(Light.OFF, "explode")


def test_logic_never_leaves_a_sticky_status_but_a_person_may() -> None:
    m = machine()
    assert not m.can_fire(Light.BROKEN, "break")
    assert not m.can_fire(Light.BROKEN, "switch", {"power": True})
    with pytest.raises(TransitionNotAllowed, match="actor"):
        m.fire(Light.BROKEN, "repair")
    t = m.fire(Light.BROKEN, "repair", actor="bob")
    assert t.to_status is Light.OFF and t.actor == "bob" and t.reason == "by bob"


def test_logic_never_leaves_a_status_it_may_not_overwrite() -> None:
    m = machine(sticky=())
    assert not m.logic_can_leave(Light.BROKEN)
    assert not m.can_fire(Light.BROKEN, "break")


def test_initial_gives_the_default_and_only_to_new_objects() -> None:
    m = machine()
    t = m.initial(at=AT)
    assert t.from_status is None and t.to_status is Light.OFF
    assert not m.can_fire(Light.ON, "created")


def test_sticky_and_overwritable_must_be_disjoint() -> None:
    with pytest.raises(ValueError, match="both sticky"):
        machine(sticky=(Light.ON,))


def test_reason_template_tolerates_missing_fields() -> None:
    assert render_reason("{name} did {what}", {"name": "x"}) == "x did ?"


def test_transition_table_lists_every_transition_and_the_protected_statuses() -> None:
    m = machine()
    table = m.transition_table()
    for spec in m.transitions:
        assert spec.label in table
    assert "(new)" in table and "person" in table and "power" in table
    assert "sticky (never changed by logic): broken" in table
    assert m.events() == ["created", "switch", "break", "repair"]

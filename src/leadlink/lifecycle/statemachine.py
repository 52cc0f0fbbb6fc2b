"""A small, generic status state machine: statuses from an Enum, transitions declared as data.

Every status change in leadlink goes through one machine per object type (contact, account), so
each change is checked against the declared transitions and the sticky statuses, and comes out as
a `Transition` record carrying its reason and evidence. Nothing else assigns a status.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

S = TypeVar("S", bound=Enum)

Evidence = Mapping[str, Any]
Guard = Callable[[Evidence], bool]


class TransitionNotAllowed(ValueError):
    """Raised when an event cannot move an object out of its current status."""


@dataclass(frozen=True, slots=True)
class TransitionSpec(Generic[S]):
    """One declared transition: on `event`, from any of `sources`, to `target`, if `guard` holds.

    `sources` None means any status; a None member means a new object (no status yet).
    `manual` transitions are made by a person (an actor is required); automatic ones are made by
    logic and never leave a status the machine's configuration protects. `reason` is a
    `str.format` template filled from the evidence (e.g. "Qualified: {name} requested a demo").
    """

    label: str
    event: str
    sources: frozenset[S | None] | None
    target: S
    reason: str
    guard: Guard | None = None
    guard_label: str = ""
    manual: bool = False


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    """A status change that happened (or was decided): the record stored as status history."""

    from_status: S | None
    to_status: S
    event: str
    rule: str
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    actor: str | None = None

    @property
    def changed(self) -> bool:
        """True when the status actually moved."""
        return self.from_status != self.to_status


class _SafeFormatter(string.Formatter):
    """Formats reason templates; unknown fields render as '?' instead of failing."""

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str):
            return kwargs.get(key, "?")
        return super().get_value(key, args, kwargs)


_FORMATTER = _SafeFormatter()


def render_reason(template: str, evidence: Evidence) -> str:
    """Fill a reason template from evidence; a missing field shows as '?' (never raises)."""
    return _FORMATTER.vformat(template, (), dict(evidence))


class StatusMachine(Generic[S]):
    """A state machine over one status Enum with declared transitions and protected statuses."""

    def __init__(
        self,
        statuses: type[S],
        transitions: Iterable[TransitionSpec[S]],
        *,
        default: S,
        sticky: Iterable[S],
        logic_may_overwrite: Iterable[S],
        object_type: str,
    ) -> None:
        self.statuses = statuses
        self.transitions: tuple[TransitionSpec[S], ...] = tuple(transitions)
        self.default = default
        self.sticky: frozenset[S] = frozenset(sticky)
        self.logic_may_overwrite: frozenset[S] = frozenset(logic_may_overwrite)
        self.object_type = object_type
        overlap = self.sticky & self.logic_may_overwrite
        if overlap:
            names = ", ".join(sorted(s.value for s in overlap))
            raise ValueError(f"{object_type}: statuses both sticky and overwritable: {names}")

    def events(self) -> list[str]:
        """The distinct events this machine knows, in declaration order."""
        return list(dict.fromkeys(t.event for t in self.transitions))

    def logic_can_leave(self, status: S) -> bool:
        """Whether automatic logic may move an object out of `status`."""
        return status in self.logic_may_overwrite and status not in self.sticky

    def _allowed(self, spec: TransitionSpec[S], current: S | None, evidence: Evidence) -> bool:
        if spec.sources is not None and current not in spec.sources:
            return False
        if not spec.manual and current is not None and not self.logic_can_leave(current):
            return False
        return spec.guard is None or bool(spec.guard(evidence))

    def find(self, current: S | None, event: str, evidence: Evidence) -> TransitionSpec[S] | None:
        """The first declared transition for `event` allowed from `current`, or None."""
        for spec in self.transitions:
            if spec.event == event and self._allowed(spec, current, evidence):
                return spec
        return None

    def can_fire(self, current: S | None, event: str, evidence: Evidence | None = None) -> bool:
        """Whether `fire` would succeed."""
        return self.find(current, event, evidence or {}) is not None

    def fire(
        self,
        current: S | None,
        event: str,
        evidence: Evidence | None = None,
        *,
        at: datetime | None = None,
        actor: str | None = None,
    ) -> Transition[S]:
        """Apply `event` to an object in status `current` and return the resulting transition.

        Raises:
            TransitionNotAllowed: no declared transition allows it (wrong source, guard false,
                a protected status, or a manual transition without an actor).
        """
        ev = dict(evidence or {})
        spec = self.find(current, event, ev)
        if spec is None:
            shown = current.value if current is not None else "(new)"
            raise TransitionNotAllowed(
                f"{self.object_type}: event {event!r} is not allowed from status {shown!r}"
            )
        if spec.manual and not actor:
            raise TransitionNotAllowed(
                f"{self.object_type}: {spec.label!r} is set by a person; an actor is required"
            )
        return Transition(
            from_status=current,
            to_status=spec.target,
            event=event,
            rule=spec.label,
            reason=render_reason(spec.reason, {**ev, "actor": actor or "logic"}),
            evidence=ev,
            at=at or datetime.now(UTC),
            actor=actor,
        )

    def initial(
        self, evidence: Evidence | None = None, *, at: datetime | None = None
    ) -> Transition[S]:
        """The transition that gives a new object its default status (event 'created')."""
        return self.fire(None, "created", evidence, at=at)

    def transition_table(self) -> str:
        """A printable table of every declared transition (for docs and `--help` output)."""
        rows = [("event", "from", "to", "by", "guard", "rule")]
        for t in self.transitions:
            sources = "any" if t.sources is None else _names(t.sources)
            by = "person" if t.manual else "logic"
            rows.append((t.event, sources, t.target.value, by, t.guard_label or "-", t.label))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [
            " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
        ]
        lines.insert(1, "-+-".join("-" * w for w in widths))
        lines.append("")
        lines.append(f"sticky (never changed by logic): {_names(self.sticky) or 'none'}")
        lines.append(f"logic may overwrite: {_names(self.logic_may_overwrite) or 'none'}")
        return "\n".join(lines)


def _names(statuses: Iterable[Enum | None]) -> str:
    """Status names in declaration order ("(new)" first)."""
    items = list(statuses)
    known = [s for s in items if s is not None]
    order = {m: i for i, m in enumerate(type(known[0]))} if known else {}
    shown = ["(new)"] * (len(items) - len(known))
    return ", ".join(shown + [str(s.value) for s in sorted(known, key=order.__getitem__)])

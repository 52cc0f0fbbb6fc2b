"""Round-robin pools: weighted, capped per day, skipping whoever is unavailable.

The choice is nginx's smooth weighted round robin: each eligible member gains its weight, the
richest is chosen and pays back the total. Over any run the shares follow the weights, and the
state (`PoolState`) is small and serialisable, so fairness survives a restart. State lives behind
`PoolRepository`, whose `transact` runs read-modify-write atomically (a lock here, a row lock in
the store), so two leads routed at once never take the same slot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leadlink.routing.availability import availability, clock
from leadlink.routing.context import UserInfo

T = TypeVar("T")


class PoolMember(BaseModel):
    """A member of a pool: the share of leads they get and their daily cap."""

    model_config = ConfigDict(extra="forbid")

    user: str
    weight: int = Field(default=1, ge=1)
    daily_cap: int | None = Field(default=None, ge=0)


class MembersFrom(BaseModel):
    """Pool members taken from the user directory: everyone with this role / team / territory."""

    model_config = ConfigDict(extra="forbid")

    role: list[str] = Field(default_factory=list)
    team: list[str] = Field(default_factory=list)
    territory: list[str] = Field(default_factory=list)
    weight: int = Field(default=1, ge=1)
    daily_cap: int | None = Field(default=None, ge=0)

    @field_validator("role", "team", "territory", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def select(self, users: Mapping[str, UserInfo]) -> list[PoolMember]:
        """The directory's users that fit, in id order (so draws are reproducible)."""
        wanted = [
            (attr, {v.casefold() for v in values})
            for attr, values in (
                ("role", self.role),
                ("team", self.team),
                ("territory", self.territory),
            )
            if values
        ]
        return [
            PoolMember(user=u.id, weight=self.weight, daily_cap=self.daily_cap)
            for _, u in sorted(users.items())
            if all(getattr(u, attr).casefold() in values for attr, values in wanted)
        ]


class Pool(BaseModel):
    """A round-robin pool of users: listed `members`, or `members_from` the user directory."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = ""
    members: list[PoolMember] = Field(default_factory=list)
    members_from: MembersFrom | None = None
    respect_working_hours: bool = True

    @model_validator(mode="after")
    def _unique_members(self) -> Pool:
        if not self.members and self.members_from is None:
            raise ValueError(f"pool {self.id!r}: list members or give members_from")
        users = [m.user for m in self.members]
        if len(set(users)) != len(users):
            raise ValueError(f"pool {self.id!r}: a member is listed twice")
        return self

    def members_for(self, users: Mapping[str, UserInfo]) -> list[PoolMember]:
        """The listed members plus those the directory supplies (cached per directory)."""
        if self.members_from is None:
            return self.members
        cached = _DYNAMIC.get(self.id)
        if cached is not None and cached[0] is users and cached[1] is self:
            return cached[2]
        listed = {m.user for m in self.members}
        found = [m for m in self.members_from.select(users) if m.user not in listed]
        members = [*self.members, *found]
        _DYNAMIC[self.id] = (users, self, members)
        return members


_DYNAMIC: dict[str, tuple[Mapping[str, UserInfo], Pool, list[PoolMember]]] = {}


@dataclass
class PoolState:
    """What a pool remembers between leads: smooth-WRR credits, totals, today's tallies."""

    pool_id: str
    current: dict[str, int] = field(default_factory=dict)
    assigned: dict[str, int] = field(default_factory=dict)
    today: dict[str, tuple[str, int]] = field(default_factory=dict)  # user -> (local date, count)
    last: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for the store or a file."""
        return {
            "pool_id": self.pool_id,
            "current": dict(self.current),
            "assigned": dict(self.assigned),
            "today": {u: [d, n] for u, (d, n) in self.today.items()},
            "last": self.last,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PoolState:
        """Inverse of `to_dict`."""
        return cls(
            pool_id=str(data["pool_id"]),
            current={str(k): int(v) for k, v in data.get("current", {}).items()},
            assigned={str(k): int(v) for k, v in data.get("assigned", {}).items()},
            today={str(u): (str(d), int(n)) for u, (d, n) in data.get("today", {}).items()},
            last=data.get("last"),
        )

    def count_today(self, user: str, day: str) -> int:
        """Leads this user got on their local `day`."""
        got = self.today.get(user)
        return got[1] if got is not None and got[0] == day else 0


@dataclass(frozen=True, slots=True)
class PoolPick:
    """The outcome of one draw: the user chosen (or None) and who was skipped and why."""

    pool_id: str
    user: str | None
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """Readable summary of the skips, e.g. 'skipped ana (out of office)'."""
        if not self.skipped:
            return ""
        parts = ", ".join(f"{u} ({why})" for u, why in self.skipped)
        return f"skipped {parts}"


_Availability = tuple[list[tuple[PoolMember, str]], list[tuple[str, str]]]
_AVAILABLE: dict[str, tuple[Mapping[str, UserInfo], Pool, datetime, _Availability]] = {}


def _availability(pool: Pool, users: Mapping[str, UserInfo], now: datetime) -> _Availability:
    """Members free at `now` with their local day, and the others with why; cached because a
    batch routes many leads with the same directory and the same `now`."""
    cached = _AVAILABLE.get(pool.id)
    if cached is not None and cached[0] is users and cached[1] is pool and cached[2] == now:
        return cached[3]
    available: list[tuple[PoolMember, str]] = []
    skipped: list[tuple[str, str]] = []
    for member in pool.members_for(users):
        why = availability(users, member.user, now, working_hours=pool.respect_working_hours)
        if why is not None:
            skipped.append((member.user, why))
            continue
        user = users.get(member.user)
        available.append((member, clock(user.timezone if user is not None else "UTC", now)[0]))
    _AVAILABLE[pool.id] = (users, pool, now, (available, skipped))
    return available, skipped


def pick(pool: Pool, state: PoolState, users: Mapping[str, UserInfo], now: datetime) -> PoolPick:
    """Draw the next member of `pool`, updating `state` in place; None if nobody can take it."""
    available, skipped_now = _availability(pool, users, now)
    skipped = list(skipped_now)
    eligible: list[tuple[PoolMember, str]] = []
    for member, day in available:
        cap = member.daily_cap
        if cap is not None and state.count_today(member.user, day) >= cap:
            skipped.append((member.user, f"daily cap {cap} reached"))
        else:
            eligible.append((member, day))
    if not eligible:
        return PoolPick(pool.id, None, tuple(skipped))
    total = 0
    best: tuple[PoolMember, str] | None = None
    best_credit = 0
    for member, day in eligible:
        credit = state.current.get(member.user, 0) + member.weight
        state.current[member.user] = credit
        total += member.weight
        if best is None or credit > best_credit:
            best, best_credit = (member, day), credit
    assert best is not None
    chosen, day = best
    state.current[chosen.user] -= total
    state.assigned[chosen.user] = state.assigned.get(chosen.user, 0) + 1
    state.today[chosen.user] = (day, state.count_today(chosen.user, day) + 1)
    state.last = chosen.user
    return PoolPick(pool.id, chosen.user, tuple(skipped))


class PoolRepository(Protocol):
    """Keeps pool states; `transact` loads, applies `fn`, saves, atomically per pool."""

    def transact(self, pool_id: str, fn: Callable[[PoolState], T]) -> T:
        """Run `fn` on the pool's state under a lock and persist what it changed."""
        ...


class InMemoryPoolRepository:
    """Pool states in memory, one lock for all; `dump`/`load` carry them over a restart."""

    def __init__(self, states: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, PoolState] = {
            pid: PoolState.from_dict(data) for pid, data in (states or {}).items()
        }

    def transact(self, pool_id: str, fn: Callable[[PoolState], T]) -> T:
        """Run `fn` on the pool's state under the lock."""
        with self._lock:
            state = self._states.get(pool_id)
            if state is None:
                state = self._states[pool_id] = PoolState(pool_id)
            return fn(state)

    def dump(self) -> dict[str, dict[str, Any]]:
        """Every pool's state in JSON-ready form."""
        with self._lock:
            return {pid: s.to_dict() for pid, s in self._states.items()}

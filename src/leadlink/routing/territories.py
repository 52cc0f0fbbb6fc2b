"""Territories: nested areas by country, state, postal-code range, industry and employee band.

A territory matches when every criterion it sets holds; a child is only considered inside its
parent, and the deepest match wins (the most specific). A matched lead is placed by its account's
fields (falling back to the lead's own where the account has none); an unmatched lead by its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leadlink.routing.context import RoutingContext
from leadlink.routing.countries import country_key
from leadlink.routing.operators import to_number


def _postal(value: str) -> str:
    return value.replace(" ", "").upper()


class Territory(BaseModel):
    """One territory; empty criteria mean 'any'. Assign to its owner, pool or queue."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = ""
    countries: list[str] = Field(default_factory=list)
    states: list[str] = Field(default_factory=list)
    postal_codes: list[str] = Field(default_factory=list)  # "80000-89999" ranges or "80" prefixes
    industries: list[str] = Field(default_factory=list)
    employees: tuple[int | None, int | None] | None = None  # [min, max], either may be null
    owner: str = ""
    pool: str = ""
    queue: str = ""
    children: list[Territory] = Field(default_factory=list)

    @field_validator("postal_codes")
    @classmethod
    def _check_ranges(cls, value: list[str]) -> list[str]:
        for entry in value:
            low, _, high = entry.partition("-")
            if high and (len(_postal(low)) != len(_postal(high)) or _postal(low) > _postal(high)):
                raise ValueError(
                    f"postal range {entry!r}: ends must have equal length, low <= high"
                )
        return value

    @model_validator(mode="after")
    def _one_target(self) -> Territory:
        if sum(bool(x) for x in (self.owner, self.pool, self.queue)) > 1:
            raise ValueError(f"territory {self.id!r}: set at most one of owner, pool, queue")
        return self

    @property
    def label(self) -> str:
        """The territory's name, or its id."""
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class _Place:
    country: str
    state: str
    postal_code: str
    industry: str
    employees: float | None


def place_of(ctx: RoutingContext) -> _Place:
    """Where a lead sits: its matched account's fields, else (or where empty) the lead's own."""
    lead, acc = ctx.lead, ctx.account if ctx.matched else None
    if acc is None:
        country, state, postal, industry = lead.country, lead.state, lead.postal_code, lead.industry
        employees: Any = lead.employees
    else:
        country = acc.country or lead.country
        state = acc.state or lead.state
        postal = acc.postal_code or lead.postal_code
        industry = acc.industry or lead.industry
        employees = acc.employees if acc.employees is not None else lead.employees
    return _Place(
        country=country_key(country) if country else "",
        state=state.strip().casefold() if state else "",
        postal_code=_postal(postal) if postal else "",
        industry=industry.strip().casefold() if industry else "",
        employees=to_number(employees),
    )


class _Compiled:
    __slots__ = ("countries", "employees", "industries", "postal", "states", "territory")

    def __init__(self, t: Territory) -> None:
        self.territory = t
        self.countries = frozenset(country_key(c) for c in t.countries)
        self.states = frozenset(s.strip().casefold() for s in t.states)
        self.industries = frozenset(i.strip().casefold() for i in t.industries)
        self.postal = [
            (_postal(lo), _postal(hi or lo))
            for lo, _, hi in (p.partition("-") for p in t.postal_codes)
        ]
        self.employees = t.employees

    def fits(self, p: _Place) -> bool:
        if self.countries and p.country not in self.countries:
            return False
        if self.states and p.state not in self.states:
            return False
        if self.industries and p.industry not in self.industries:
            return False
        if self.postal and not any(lo <= p.postal_code[: len(lo)] <= hi for lo, hi in self.postal):
            return False
        if self.employees is not None:
            low, high = self.employees
            n = p.employees
            if n is None or (low is not None and n < low) or (high is not None and n > high):
                return False
        return True


class TerritoryTree:
    """The territories of a rule set, compiled for fast placement of many leads."""

    def __init__(self, territories: list[Territory]) -> None:
        self.roots = territories
        self.by_id: dict[str, Territory] = {}
        self._compiled: dict[str, _Compiled] = {}
        for t in self._walk(territories):
            if t.id in self.by_id:
                raise ValueError(f"territory id {t.id!r} is used twice")
            self.by_id[t.id] = t
            self._compiled[t.id] = _Compiled(t)

    def _walk(self, items: list[Territory]) -> Iterator[Territory]:
        for t in items:
            yield t
            yield from self._walk(t.children)

    def resolve(self, ctx: RoutingContext) -> tuple[str, ...]:
        """Ids from the broadest to the most specific territory that fits; () when none does."""
        place = place_of(ctx)
        path: list[str] = []
        level = self.roots
        while level:
            for t in level:
                if self._compiled[t.id].fits(place):
                    path.append(t.id)
                    level = t.children
                    break
            else:
                break
        return tuple(path)

    def assignee(self, path: tuple[str, ...]) -> Territory | None:
        """The most specific territory on the path that names an owner, pool or queue."""
        for tid in reversed(path):
            t = self.by_id[tid]
            if t.owner or t.pool or t.queue:
                return t
        return None

    def label(self, path: tuple[str, ...]) -> str:
        """Readable path, e.g. 'EMEA > DACH > Bavaria'."""
        return " > ".join(self.by_id[t].label for t in path) if path else "no territory"

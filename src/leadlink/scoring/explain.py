"""Explained scores: a total and the labelled parts it is made of (which rule added what)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One contribution to a score: the component, the rule or event label, the points."""

    component: str
    label: str
    points: float
    detail: str = ""

    def line(self) -> str:
        """A readable line, e.g. "+55.4 behaviour: requested a demo (2026-11-20, 60 x 0.92)"."""
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.points:+.1f} {self.component}: {self.label}{detail}"


@dataclass(frozen=True, slots=True)
class Score:
    """A score with its explanation; `total` may be capped below the sum of parts."""

    total: float
    parts: tuple[ScorePart, ...] = ()
    note: str = ""

    @classmethod
    def of(cls, parts: Iterable[ScorePart], *, cap: float | None = None) -> Score:
        """Sum parts into a score, capping the total when `cap` is given (and saying so)."""
        items = tuple(parts)
        total = sum(p.points for p in items)
        if cap is not None and total > cap:
            return cls(round(cap, 2), items, f"capped at {cap:g} (sum {total:.1f})")
        return cls(round(total, 2), items)

    def component(self, name: str) -> float:
        """The points one component contributed."""
        return sum(p.points for p in self.parts if p.component == name)

    def explain(self, *, limit: int | None = None) -> list[str]:
        """Explanation lines, biggest contributions first."""
        ranked = sorted(self.parts, key=lambda p: -abs(p.points))
        lines = [p.line() for p in ranked[:limit]]
        if limit is not None and len(ranked) > limit:
            rest = sum(p.points for p in ranked[limit:])
            lines.append(f"{rest:+.1f} from {len(ranked) - limit} more")
        if self.note:
            lines.append(self.note)
        return lines

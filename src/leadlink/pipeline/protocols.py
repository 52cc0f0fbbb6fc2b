"""The shape of the matching engine the pipeline drives (leadlink.matching or a test double)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from leadlink.records import Account, Lead


class MatchResultLike(Protocol):
    """What one match returns (leadlink.matching.MatchResult)."""

    @property
    def account_id(self) -> str | None: ...
    @property
    def decision(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def reason(self) -> str: ...
    @property
    def runner_up_id(self) -> str | None: ...
    @property
    def runner_up_confidence(self) -> float: ...
    @property
    def rule(self) -> str: ...


class MatcherLike(Protocol):
    """A matcher built over the accounts (leadlink.matching.Matcher)."""

    def match(self, lead: Lead, *, exclude: frozenset[str] = ...) -> MatchResultLike: ...


MatcherFactory = Callable[[Sequence[Account]], MatcherLike]

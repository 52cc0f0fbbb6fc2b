"""A tiny stand-in for leadlink.matching.Matcher: rules simple enough to predict in tests."""

from __future__ import annotations

import time
from collections.abc import Sequence
from types import SimpleNamespace

from leadlink.pipeline.parallel import Decided  # the fields the pipeline stores
from leadlink.records import Account, Lead

SETTINGS = SimpleNamespace(version="fake-v1")


class FakeMatcher:
    """E-mail domain = account website -> matched; company = account name -> review."""

    def __init__(self, accounts: Sequence[Account], delay: float = 0.0) -> None:
        """Index the accounts by website and by name; `delay` slows each match (crash tests)."""
        self.by_domain = {a.website.lower(): a.id for a in accounts if a.website}
        self.by_name = {a.name.lower(): a.id for a in accounts if a.name}
        self.delay = delay

    @classmethod
    def build(cls, accounts: Sequence[Account]) -> FakeMatcher:
        """Same shape as Matcher.build."""
        return cls(accounts)

    def match(self, lead: Lead, *, exclude: frozenset[str] = frozenset()) -> Decided:
        """Match one lead, never to an account in `exclude`."""
        if self.delay:
            time.sleep(self.delay)
        domain = lead.email.rpartition("@")[2].lower()
        account = self.by_domain.get(domain)
        if account and account not in exclude:
            return Decided(account, "matched", 0.95, "same domain", None, 0.0, "domain")
        account = self.by_name.get(lead.company.lower())
        if account and account not in exclude:
            return Decided(account, "review", 0.6, "same name", None, 0.0, "name")
        return Decided(None, "unmatched", 0.0, "no candidate", None, 0.0, "none")
